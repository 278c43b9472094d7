"""Fields of events in real-news constructions: future weekdays, wire-style dates,
tolls, whose target, who says so, where. Invented names and wording only; each
test is one construction, fixed once in the layer that owns it."""

from __future__ import annotations

import pytest


@pytest.fixture
def events(field_rows):
    """(type, actors, targets, place, date, quantity, status, sources) of each event."""
    return field_rows


def of_type(rows: list[tuple], event_type: str) -> list[tuple]:
    return [r for r in rows if r[0] == event_type]


def dates(rows: list[tuple], event_type: str) -> list[str | None]:
    return [r[4] for r in of_type(rows, event_type)]


# ---- weekdays: plans look forward, reported past looks back -----------------


def test_a_plan_told_with_will_and_a_bare_weekday_looks_forward(events):
    rows = events("Chilean President Elena Soto will meet Friday with Peruvian President "
                  "Marco Ruiz in Lima, an aide announced.")
    assert of_type(rows, "Meeting")[0][4:7] == ("2025-03-14", None, "planned")


def test_be_to_announces_a_plan_dated_forward(events):
    rows = events("Foreign Minister Ana Costa is to meet with President Marco Ruiz on "
                  "Monday.")
    assert of_type(rows, "Meeting")[0][4:7] == ("2025-03-17", None, "planned")


def test_a_wire_weekday_without_on_dates_a_past_remark_backwards(events):
    rows = events("Peruvian President Marco Ruiz said Monday that the border was calm.")
    assert dates(rows, "Statement") == ["2025-03-10"]


def test_a_future_weekday_is_not_the_day_the_story_has_reached(events):
    rows = events("Chilean President Elena Soto will meet Friday with Peruvian President "
                  "Marco Ruiz, an aide announced. Ruiz said the talks would be frank.")
    assert "2025-03-07" not in dates(rows, "Statement")


def test_the_news_present_with_a_weekday_is_a_timetable(events):
    rows = events("Chilean Foreign Minister Ana Costa arrives in Peru Thursday for talks "
                  "on the border.")
    assert dates(rows, "Visit") == ["2025-03-13"]


def test_a_month_in_a_plan_is_the_coming_one(events):
    rows = events("Chile will send 200 soldiers to Peru in July, the defence ministry said.")
    assert dates(rows, "Deployment") == ["2025-07"]


# ---- tolls by clause; munitions are no toll ---------------------------------


def test_a_toll_in_a_relative_which_under_a_report(events):
    rows = events("Colombian helicopters launched airstrikes in Arauca on Monday night, which "
                  "they say killed 10 rebels.")
    assert [r[5] for r in of_type(rows, "Offensive")] == [10]


def test_a_toll_of_the_assault_an_act_was_carried_out_in(events):
    rows = events("Colombian troops stormed the rebel-held town of Arauca in an assault "
                  "that killed two dozen people.")
    assert [r[5] for r in of_type(rows, "Offensive")] == [24]


def test_a_toll_told_later_wins_over_the_munitions_dropped(events):
    rows = events("Colombian warplanes dropped two bombs on a rebel camp in Arauca on Monday. "
                  "A local official said the Colombian air strike on the camp killed "
                  "8 civilians.")
    assert [r[5] for r in of_type(rows, "Offensive")] == [8]


def test_two_dozen_is_about_24():
    from geokg.language.quantity import parse_quantity

    found = parse_quantity("two dozen people")
    assert (found.value, found.qualifier) == (24, "approx")


# ---- places: "here" in a wire story is the dateline's city ------------------


def test_here_in_a_wire_story_is_the_dateline_city(events):
    rows = events("LIMA, March 12 (AFP) - Peru's prime minister met business leaders on "
                  "Wednesday.\n\nChilean Foreign Minister Ana Costa announced here that "
                  "Chile would reopen its border.")
    assert [r[3] for r in of_type(rows, "Statement")] == ["Lima"]


def test_troops_deployed_here_are_in_the_dateline_city(events):
    rows = events("LIMA, March 12 (AFP) - Peru's prime minister met business leaders on "
                  "Wednesday.\n\nThe deployment of 200 Chilean soldiers here is no threat, "
                  "Peruvian President Marco Ruiz said.")
    assert [r[3] for r in of_type(rows, "Deployment")] == ["Lima"]


# ---- who says so: the source chain of reporting constructions --------------


def test_a_statement_released_by_a_body_credits_the_body(events):
    rows = events("Chile sent 200 soldiers to Peru on Monday, a statement released by the "
                  "Chilean interior ministry said.")
    assert [r[6:] for r in of_type(rows, "Deployment")] == [
        ("reported", ("Chilean Interior Ministry",))]


def test_an_agency_quoting_someone_credits_the_one_quoted(events):
    rows = events("The Orbe news agency quoted Foreign Minister Ana Costa as saying Chile "
                  "had sent 200 soldiers to Peru.")
    assert [r[6:] for r in of_type(rows, "Deployment")] == [("reported", ("Ana Costa",))]


# ---- names stop at dates ----------------------------------------------------


def test_a_weekday_after_a_name_is_no_part_of_it(events):
    rows = events("The border is calm, said Chilean spokesman Pablo Ortega Thursday.")
    assert [r[1] + (r[4],) for r in of_type(rows, "Statement")] == [
        ("Pablo Ortega", "2025-03-06")]


# ---- targets: a measure on a state's bodies hits the state ------------------


def test_a_sanction_on_a_states_agencies_targets_the_state_too(events):
    rows = events("Last week Canada sanctioned Iranian intelligence agencies.")
    assert of_type(rows, "Sanction")[0][:3] == (
        "Sanction", ("Canada",), ("Iranian Intelligence Services", "Iran"))


def test_a_named_person_sanctioned_adds_no_state(events):
    rows = events("Canada sanctioned Iranian minister Reza Karimi on Monday.")
    assert of_type(rows, "Sanction")[0][2] == ("Reza Karimi",)


# ---- dates: a purpose clause on a verb that starts the act ------------------


def test_a_purpose_clause_on_began_dates_the_act_it_starts(events):
    rows = events("Malian security forces, assisted by Chadian troops, began the assault to "
                  "reclaim the Grand Hotel in the early hours of Monday, entering its lobby.")
    assert dates(rows, "Offensive") == ["2025-03-10"]


def test_a_purpose_clause_on_another_verb_does_not_date_the_act(events):
    """Friday is the talks' day; the signing, told before any day, is of publication."""
    rows = events("Chile signed an agreement with Peru to hold talks on Friday.")
    assert dates(rows, "Agreement") == ["2025-03-12"]


# ---- dates: a plan stated in the present stands on the publication day -------


def test_a_plan_stated_in_the_present_without_a_day_is_dated_on_publication(events):
    rows = events("After a report on the sinking of a Chilean ship in January, Chile and Peru "
                  "plan to hold joint naval exercises in the near future.")
    assert of_type(rows, "Cooperation")[0][4:7] == ("2025-03-12", None, "planned")


def test_a_plan_with_its_own_date_keeps_it(events):
    rows = events("Chile and Peru plan to hold joint naval exercises next month.")
    assert dates(rows, "Cooperation") == ["2025-04"]


# ---- targets: aid for an operation goes to those who carry it out ----------


def test_support_for_the_operation_goes_to_the_states_that_carry_it_out(events):
    rows = events("Chad launched a military operation against Boko Haram on Monday. Niger "
                  "and Mali are providing logistical support for the operation.")
    assert of_type(rows, "Aid")[0][:3] == ("Aid", ("Niger", "Mali"), ("Chad",))
