"""Fields of diplomatic and military non-fight events (visits, meetings, deployments,
aid, sanctions, agreements, statements) in real-news constructions: where, when,
whom. Invented names and wording only; each test is one construction, fixed once in
the layer that owns it."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def events(field_rows):
    """(type, actors, targets, place, date, quantity, status, sources) of each event."""
    return field_rows


def of_type(rows: list[tuple], event_type: str) -> list[tuple]:
    return [r for r in rows if r[0] == event_type]


# ---- delegations: their leaders and their state; met where they visited -------

DELEGATION = ("On April 2, a high-level Chilean delegation led by Deputy Foreign Minister "
              "Ana Costa visited Lima, Peru. The delegation met for an hour with Prime "
              "Minister Marco Ruiz.")


def test_a_delegation_led_by_someone_is_its_leader_and_its_state(events):
    rows = events(DELEGATION, published=date(2025, 4, 3))
    assert of_type(rows, "Visit") == [
        ("Visit", ("Ana Costa", "Chile"), ("Peru",), "Lima", "2025-04-02", None, "asserted", ())]


def test_the_delegation_met_where_its_visit_in_the_paragraph_took_it(events):
    rows = events(DELEGATION, published=date(2025, 4, 3))
    assert [r[3:5] for r in of_type(rows, "Meeting")] == [("Lima", "2025-04-02")]


def test_a_meeting_named_in_a_fronted_phrase_is_not_placed_by_whom_it_was_with(events):
    rows = events(DELEGATION + "\n\nIn the meeting with Peru's Prime Minister Ruiz, the "
                  "delegation raised the border dispute.", published=date(2025, 4, 3))
    assert {r[3] for r in of_type(rows, "Meeting")} == {"Lima"}


# ---- deployments: a raised subject, a presupposed act, dates of other things ----


def test_forces_expected_to_be_based_somewhere_are_a_planned_deployment(events):
    rows = events("Up to 3,000 Chilean soldiers are expected to be based in Bolivia.")
    assert of_type(rows, "Deployment") == [
        ("Deployment", ("Chile",), ("Bolivia",), "Bolivia", None, 3000, "planned", ())]


def test_a_negated_feeling_about_a_deployment_does_not_deny_it(events):
    rows = events("Peru should not be concerned at the deployment of Chilean troops in Lima, "
                  "a government official said on Monday.")
    assert [r[6] for r in of_type(rows, "Deployment")] == ["asserted"]


def test_a_date_of_the_point_an_interval_counts_from_is_not_the_events(events):
    rows = events("Peru should not be concerned at the deployment of Chilean troops in Lima "
                  "60 days before the country's election in May, an official said on Monday.")
    assert [r[4] for r in of_type(rows, "Deployment")] == ["2025-03-10"]


def test_a_date_in_a_phrase_set_beside_the_clause_describes_that_phrase(events):
    rows = events("Up to 3,000 Chilean soldiers are expected to be based in Bolivia, a figure "
                  "close to the Peruvian numbers before 2019.")
    assert [r[4] for r in of_type(rows, "Deployment")] == [None]


def test_indicated_is_a_remark_of_its_named_speaker(events):
    rows = events("In a newspaper interview published on Friday, Chilean President Elena Soto "
                  "indicated she wishes to keep sanctions against Peru.")
    assert [r[1:5] for r in of_type(rows, "Statement")] == [
        (("Elena Soto",), (), None, "2025-03-07")]


def test_a_greeting_when_someone_arrived_somewhere_took_place_there(events):
    rows = events("The leader of the Chilean party, General Ana Costa, was greeted by the "
                  "commander of the Peruvian forces, General Marco Ruiz, when she arrived at "
                  "the barracks on the waterfront in Callao.")
    assert [r[3] for r in of_type(rows, "Meeting")] == ["Callao"]


def test_the_country_is_where_the_story_is_set_not_the_nationality_named_last(events):
    rows = events("Gunmen attacked a hotel in Bamako, Mali, on Friday. Mali security forces, "
                  "helped by French and Belgian soldiers, retook the hotel on Saturday.\n\n"
                  "France has up to 300 troops in the country.")
    assert [r[2:4] for r in of_type(rows, "Deployment")] == [(("Mali",), "Mali")]


def test_the_country_is_the_state_its_paragraph_named_last(events):
    rows = events("Peru's president said on Monday that foreign bases were unwelcome. Bolivia "
                  "announced on Tuesday that all foreign bases would close.\n\nOn the same day "
                  "as Peru's statement, Bolivia's president said foreign bases in Bolivia would "
                  "close. France has about 350 troops stationed in the country.")
    assert [r[2] for r in of_type(rows, "Deployment")] == [("Bolivia",)]


# ---- dates of stays and announced plans ----------------------------------------


def test_a_stay_told_as_now_is_dated_on_the_day_of_the_story(events):
    rows = events("Chilean Foreign Minister Ana Costa is currently in Peru for talks on the "
                  "border.")
    assert [r[4] for r in of_type(rows, "Visit")] == ["2025-03-12"]


def test_what_a_state_will_do_is_announced_on_the_day_the_story_has_reached(events):
    rows = events("On March 10, Chilean Foreign Minister Ana Costa met Peruvian President "
                  "Marco Ruiz in Lima. Chile will open a consulate in Cusco and deliver "
                  "additional vaccines to Peru.")
    assert [r[4:7] for r in of_type(rows, "Aid")] == [("2025-03-10", None, "planned")]


def test_aid_announced_after_talks_goes_to_the_other_state_at_them(events):
    rows = events("On March 10, Chilean Foreign Minister Ana Costa met Peruvian President "
                  "Marco Ruiz in Lima. Chile will open a consulate in Cusco and deliver "
                  "additional vaccines.")
    assert [r[1:3] for r in of_type(rows, "Aid")] == [(("Chile",), ("Peru",))]


def test_a_free_participle_is_dated_by_its_main_clause(events):
    rows = events("In a separate decision on Monday, Chilean ministers used a framework set up "
                  "in October to counter Peruvian sabotage, disinformation and election "
                  "meddling, freezing the assets of 12 Peruvian individuals.")
    assert [r[4] for r in of_type(rows, "Sanction")] == ["2025-03-10"]


def test_an_agreement_named_by_a_title_is_still_an_agreement(events):
    rows = events("Chile signed a Defence Cooperation Agreement with Peru in December.",
                  published=date(2024, 3, 8))
    assert of_type(rows, "Agreement") == [
        ("Agreement", ("Chile", "Peru"), (), None, "2023-12", None, "asserted", ())]


def test_an_act_on_the_same_day_that_another_happened_takes_its_day(events):
    rows = events("Chilean Foreign Minister Ana Costa, who arrived in Lima on Monday, met "
                  "President Marco Ruiz on Tuesday.\n\nCosta arrived in Peru on the same day "
                  "that Chile signed into law a $2 billion aid bill, which includes about "
                  "$500 million for Bolivia.")
    assert [r[4] for r in of_type(rows, "Aid")] == ["2025-03-10"]


def test_a_remark_on_the_same_day_as_an_announcement_takes_its_day(events):
    rows = events("Bolivia's foreign ministry announced the break on March 3. The last jets "
                  "flew out on March 10.\n\nOn the same day as Bolivia's announcement, "
                  "Peruvian President Marco Ruiz said foreign bases were unwelcome.")
    assert [r[4] for r in of_type(rows, "Statement") if r[1] == ("Marco Ruiz",)] == [
        "2025-03-03"]


def test_a_place_inside_a_fronted_time_phrase_sets_the_paragraphs_scene(events):
    rows = events("Hours earlier in Geneva, UN chief Ana Costa confirmed that Chilean units had "
                  "been deployed to Peru. Costa, who had just been briefed by officials, called "
                  "the move a dangerous escalation.")
    assert [r[3] for r in of_type(rows, "Statement")] == ["Geneva"]


def test_a_relative_clause_that_dates_its_remark_is_a_remark_of_that_day(events):
    rows = events("Chilean President Ana Costa, who declared in a televised address on March 3 "
                  "that Chile had restored its sovereignty, says the region's residents are "
                  "free to stay.")
    assert "2025-03-03" in [r[4] for r in of_type(rows, "Statement")]


def test_forces_sent_for_an_occasion_told_before_are_sent_at_its_time(events):
    rows = events("More than 5,000 troops from six countries are taking part in a joint "
                  "exercise with Chile and Peru that began on Monday. Argentina has dispatched "
                  "several hundred soldiers for the drills, according to the Argentine "
                  "defence ministry.")
    assert [r[4] for r in of_type(rows, "Deployment")] == ["2025-03-10"]
