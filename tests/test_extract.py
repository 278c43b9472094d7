"""Extraction rules on small sentences written for the test.

Each case states one behaviour of issue 3 (voice, nominalisation, status,
attribution, time, quantities, merging, negative cases) with names and
places that appear in no corpus article, so the rules are shown to be
general rather than fitted to one text.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml

from geokg.entities.link import link
from geokg.entities.ruler import parse
from geokg.events.extract import extract
from geokg.model import Event

WEDNESDAY = date(2025, 3, 12)


@pytest.fixture
def extracted(make_article, nlp):
    """Run nlp → link → extract on a body: (article, linked, events)."""

    def run(body: str, published: date | None = WEDNESDAY):
        article = replace(make_article(body), published=published)
        doc = parse(article)
        linked = link(article, doc)
        return article, linked, extract(article, doc, linked)

    return run


@pytest.fixture
def events_of(extracted):
    """The events of a body as comparable tuples."""

    def run(body: str, published: date | None = WEDNESDAY) -> list[tuple]:
        _, linked, events = extracted(body, published)
        return [_row(event, linked) for event in events]

    return run


def _row(event: Event, linked) -> tuple:
    def label(key: str | None) -> str | None:
        return linked.entities[key].label if key else None

    quantity = (event.quantity.value, event.quantity.qualifier) if event.quantity else None
    return (
        event.type,
        tuple(label(k) for k in event.actors),
        tuple(label(k) for k in event.targets),
        label(event.place),
        event.time.iso if event.time else None,
        quantity,
        event.status,
        tuple(label(k) for k in event.attributed_to),
    )


def _only(rows: list[tuple], event_type: str) -> tuple:
    matching = [r for r in rows if r[0] == event_type]
    assert len(matching) == 1, rows
    return matching[0]


def test_visit_active_voice_with_relative_day(events_of):
    rows = events_of("French Foreign Minister Claire Dubois arrived in Nairobi on Monday.")
    assert _only(rows, "Visit") == (
        "Visit", ("Claire Dubois",), ("Kenya",), "Nairobi", "2025-03-10", None, "asserted", ())


def test_visit_announced_for_the_future_is_planned(events_of):
    rows = events_of("Prime Minister Ravi Menon of India will visit Brasilia on Friday.")
    visit = _only(rows, "Visit")
    assert visit[1:] == (("Ravi Menon",), ("Brazil",), "Brasília", "2025-03-14", None,
                         "planned", ())


def test_deployment_passive_with_agent_and_approximate_size(events_of):
    rows = events_of("Some 3,000 Turkish soldiers were sent to Libya by Ankara last week.")
    assert _only(rows, "Deployment") == (
        "Deployment", ("Turkey",), ("Libya",), "Libya", "2025-03", (3000, "approx"),
        "asserted", ())


def test_deployment_reported_by_anonymous_officials_is_credited_to_their_state(events_of):
    rows = events_of("As many as 800 Chadian troops have been deployed to Niger, "
                     "officials in Paris said on Tuesday.")
    deployment = _only(rows, "Deployment")
    assert deployment[1:4] == (("Chad",), ("Niger",), "Niger")
    assert deployment[5:] == ((800, "upTo"), "reported", ("France",))
    assert not [r for r in rows if r[0] == "Statement"]


def test_two_mentions_of_one_deployment_merge_and_keep_the_number(extracted):
    article, _, events = extracted(
        "Observers noted the deployment of thousands of Chadian troops to Niger. "
        "As many as 2,000 Chadian troops have been sent to Niger, officials said.")
    deployments = [e for e in events if e.type == "Deployment"]
    assert len(deployments) == 1
    assert len(deployments[0].mentions) == 2
    assert (deployments[0].quantity.value, deployments[0].quantity.qualifier) == (2000, "upTo")
    starts = [m.sentence.start for m in deployments[0].mentions]
    assert [article.text[s:s + 8] for s in starts] == ["Observer", "As many "]


def test_sanction_by_metonym_on_a_state(events_of):
    rows = events_of("Ottawa imposed new sanctions on Tehran on Friday.")
    assert _only(rows, "Sanction") == (
        "Sanction", ("Canada",), ("Iran",), None, "2025-03-07", None, "asserted", ())


def test_sanctions_that_talks_covered_are_discussed(events_of):
    rows = events_of("The talks covered further sanctions against Minsk.")
    sanction = _only(rows, "Sanction")
    assert (sanction[2], sanction[6]) == (("Belarus",), "discussed")


def test_belief_makes_an_event_alleged_and_credits_the_believer(events_of):
    rows = events_of("Officials in Seoul believe that Pyongyang supplied artillery shells "
                     "to Moscow.")
    aid = _only(rows, "Aid")
    assert aid[1:3] == (("North Korea",), ("Russia",))
    assert (aid[6], aid[7]) == ("alleged", ("South Korea",))


def test_hypothetical_clause_yields_no_event(events_of):
    rows = events_of("If Hungarian troops were sent to Serbia, Croatia would protest.")
    assert not [r for r in rows if r[0] == "Deployment"]


def test_clash_between_two_sides_with_a_place(events_of):
    rows = events_of("Armenian forces clashed with Azerbaijani troops near Goris on Tuesday.")
    clash = _only(rows, "Clash")
    assert set(clash[1]) == {"Armenia", "Azerbaijan"}
    assert clash[4] == "2025-03-11"


def test_offensive_launched_by_a_state_into_a_region_targets_its_state(events_of):
    rows = events_of("Ethiopian forces launched an offensive into Eritrea on Sunday.")
    offensive = _only(rows, "Offensive")
    assert offensive[1:5] == (("Ethiopia",), ("Eritrea",), "Eritrea", "2025-03-09")


def test_an_attacked_city_is_the_place_and_its_state_the_target(events_of):
    rows = events_of("Sudanese troops attacked Asmara on Monday.")
    assert _only(rows, "Offensive")[1:5] == (("Sudan",), ("Eritrea",), "Asmara", "2025-03-10")


def test_the_nation_before_a_compound_strike_is_its_actor_and_the_city_its_place(events_of):
    rows = events_of("A Turkish drone strike on a depot in the Syrian city of Homs on Monday "
                     "killed four people.")
    assert _only(rows, "Offensive")[1:5] == (("Turkey",), ("Syria",), "Homs", "2025-03-10")


def test_an_advance_towards_a_town_hung_on_the_verb_is_placed_there(events_of):
    rows = events_of("Ethiopian troops kept up their advance in eastern Sudan towards the "
                     "border town of Kassala.")
    assert _only(rows, "Offensive")[1:4] == (("Ethiopia",), ("Sudan",), "Kassala")


def test_a_pledge_made_on_a_weekday_is_dated_back_though_the_aid_is_planned(events_of):
    rows = events_of("Norway pledged $50 million in humanitarian aid to Sudan on Monday.")
    aid = _only(rows, "Aid")
    assert aid[1:3] == (("Norway",), ("Sudan",))
    assert (aid[4], aid[6]) == ("2025-03-10", "planned")


def test_aid_priced_with_worth_counts_the_money_not_the_items(events_of):
    # parsed with "worth" hung on the verb, not on the howitzers
    rows = events_of("Spain pledged 15 self-propelled howitzers worth 90 million euros.")
    aid = _only(rows, "Aid")
    assert (aid[1], aid[5]) == (("Spain",), (90_000_000, "exact"))


def test_the_four_named_in_the_sentence_before_are_the_parties(events_of):
    rows = events_of("Canadian Foreign Minister Anne Leclerc and Defence Minister Paul Girard "
                     "met Chilean Foreign Minister Rosa Vidal and Defence Minister Tomas Ruiz "
                     "in Santiago on Monday. The four agreed to expand joint naval exercises.")
    cooperation = _only(rows, "Cooperation")
    assert set(cooperation[1]) >= {"Canada", "Chile"}
    assert cooperation[6] == "planned"


def test_both_governments_are_the_states_of_the_people_named_before(events_of):
    rows = events_of("Peruvian President Rosa Quispe met Chilean President Tomas Ruiz in Lima "
                     "on Monday. Both governments described the talks as productive.")
    statement = _only(rows, "Statement")
    assert set(statement[1]) == {"Peru", "Chile"}


def test_two_cities_on_one_day_are_two_visits(events_of):
    rows = events_of("Kenyan President Ali Hassan flew to Berlin on Tuesday. Later on Tuesday, "
                     "Hassan travelled to Hamburg, and he is due in Italy on Saturday.")
    visits = sorted((r[3], r[4], r[6]) for r in rows if r[0] == "Visit")
    assert visits == [("Berlin", "2025-03-11", "asserted"), ("Hamburg", "2025-03-11", "asserted"),
                      ("Italy", "2025-03-15", "planned")]


def test_would_under_a_reporting_verb_is_a_plan_dated_by_the_report(events_of):
    rows = events_of("The Pentagon said on Tuesday it would deploy an additional 2,000 troops "
                     "to Poland.")
    deployment = _only(rows, "Deployment")
    # a ministry announcing its state's plan is credited with it (as "according to the
    # defence ministry" is)
    assert deployment[2:] == (("Poland",), "Poland", "2025-03-11", (2000, "exact"), "planned",
                              ("United States Department of Defense",))
    # the remark carries only the plan: no Statement of its own (tests/test_constructions.py)
    assert [r for r in rows if r[0] == "Statement"] == []


def test_a_decision_weighed_in_a_report_takes_the_report_date(events_of):
    rows = events_of("The Chinese commerce ministry said on Friday it was studying whether to "
                     "impose sanctions on several Canadian firms.")
    sanction = _only(rows, "Sanction")
    assert (sanction[4], sanction[6]) == ("2025-03-07", "discussed")


def test_forces_crossing_into_a_region_are_an_offensive_but_refugees_are_not(events_of):
    rows = events_of("Eritrean troops crossed into Ethiopia on Sunday.")
    assert _only(rows, "Offensive")[1:5] == (("Eritrea",), ("Ethiopia",), "Ethiopia", "2025-03-09")
    assert events_of("Thousands of Afghan refugees crossed into Iran on Sunday.") == []


def test_a_pact_described_by_a_relative_clause_takes_its_date(events_of):
    rows = events_of("The Kremlin said on Monday its ties with Minsk were growing, pointing to "
                     "the defence pact that Putin and Alexander Lukashenko signed in Minsk "
                     "in May.")
    assert _only(rows, "Agreement")[4] == "2024-05"


def test_a_known_disputed_region_is_a_place_not_an_organisation(events_of):
    rows = events_of("Azerbaijani forces launched a military operation in Nagorno-Karabakh "
                     "on Tuesday, the defence ministry in Baku said.")
    assert _only(rows, "Offensive")[1:5] == (
        ("Azerbaijan",), (), "Nagorno-Karabakh", "2025-03-11")


def test_hosting_weapons_is_no_visit_and_receiving_helicopters_is_aid(events_of):
    rows = events_of("Serbia will host Chinese air defence systems, President Milan Petrovic "
                     "said.")
    assert not [r for r in rows if r[0] == "Visit"]
    rows = events_of("Romania will receive 32 Black Hawk helicopters from the United States.")
    assert [r[:3] for r in rows] == [("Aid", ("United States",), ("Romania",))]


def test_the_host_is_not_his_own_counterpart(events_of):
    rows = events_of("Kenyan President Ali Hassan hosted his Ghanaian counterpart Kofi Mensah "
                     "in Nairobi on Friday.")
    visit = _only(rows, "Visit")
    assert visit[1][0] == "Kofi Mensah" and "Ali Hassan" not in visit[1]
    assert visit[2][0] == "Ali Hassan" and visit[3:5] == ("Nairobi", "2025-03-07")


def test_towns_near_a_border_belong_to_their_own_state(events_of):
    rows = events_of("Hezbollah fighters attacked Israeli villages near the Golan Heights "
                     "on Sunday.")
    assert _only(rows, "Offensive")[1:3] == (("Hezbollah",), ("Israel",))


def test_a_source_the_parser_hung_on_the_clause_before_still_reports(events_of):
    # parsed with "South Korea's spy agency" as an apposition to "Russia"
    rows = events_of("Pyongyang has sent at least 3,000 soldiers to Russia, South Korea's spy "
                     "agency said on Wednesday.")
    assert _only(rows, "Deployment")[1:] == (
        ("North Korea",), ("Russia",), "Russia", "2025-03-12", (3000, "atLeast"), "reported",
        ("South Korea",))


def test_a_gerund_after_by_or_after_shares_its_verbs_subject(events_of):
    rows = events_of("Chile retaliated on Friday by imposing sanctions on three Peruvian firms.")
    sanction = _only(rows, "Sanction")
    assert sanction[1:3] == (("Chile",), ("Peru",)) and sanction[4] == "2025-03-07"
    assert not [r for r in rows if r[0] == "Statement"]


def test_a_place_in_a_clause_before_is_not_the_destination(events_of):
    rows = events_of("After meeting Peruvian President Rosa Quispe in Lima, Chilean President "
                     "Tomas Ruiz flew to Quito on Thursday.")
    assert _only(rows, "Visit")[1:4] == (("Tomas Ruiz",), ("Ecuador",), "Quito")
    assert _only(rows, "Meeting")[3] == "Lima"


def test_a_statement_after_a_signing_takes_the_signing_day_not_the_arrival(events_of):
    rows = events_of("Chilean Foreign Minister Ana Soto arrived in Lima on Monday. Soto and "
                     "Peruvian Foreign Minister Luis Vega signed a border treaty on Tuesday. "
                     "Soto told reporters the treaty was historic.")
    assert _only(rows, "Statement")[3:5] == ("Lima", "2025-03-11")


def test_fighting_between_two_sides_around_a_town_is_a_clash(events_of):
    rows = events_of("Fighting between Ethiopian and Eritrean troops intensified on Wednesday "
                     "around Humera.")
    clash = _only(rows, "Clash")
    assert set(clash[1]) == {"Ethiopia", "Eritrea"} and clash[4] == "2025-03-12"


def test_a_repelled_assault_happened_and_the_repeller_was_its_target(events_of):
    rows = events_of("Nigerian troops repelled a Boko Haram assault on Maiduguri on Monday.")
    assert _only(rows, "Offensive")[1:5] == (("Boko Haram",), ("Nigeria",), "Maiduguri",
                                             "2025-03-10")


def test_an_attack_launched_according_to_an_agency_is_reported_by_it(events_of):
    rows = events_of("Boko Haram fighters launched an attack on a military base on Tuesday, "
                     "according to the African Union.")
    offensive = _only(rows, "Offensive")
    assert offensive[1] == ("Boko Haram",)
    assert offensive[6:] == ("reported", ("African Union",))


def test_a_plan_for_a_weekday_is_dated_ahead(events_of):
    rows = events_of("Norway will send $50 million in humanitarian aid to Sudan on Monday.")
    aid = _only(rows, "Aid")
    assert (aid[4], aid[6]) == ("2025-03-17", "planned")


def test_an_undated_statement_told_in_the_past_happened_on_the_story_day(events_of):
    rows = events_of("Chile and Peru signed a border treaty in Lima on Monday. "
                     "Chilean Foreign Minister Ana Soto said the deal was historic. "
                     "Bolivia has repeatedly warned against the treaty.")
    assert _only(rows, "Agreement")[4] == "2025-03-10"
    statements = {r[1]: r[4] for r in rows if r[0] == "Statement"}
    assert statements == {("Ana Soto",): "2025-03-10", ("Bolivia",): None}


def test_agreement_signed_by_two_states_in_a_capital(events_of):
    rows = events_of("Japan and Australia signed a defence pact in Canberra on Monday.")
    agreement = _only(rows, "Agreement")
    assert set(agreement[1]) == {"Japan", "Australia"}
    assert agreement[3:5] == ("Canberra", "2025-03-10")


def test_military_cooperation_between_two_states(events_of):
    rows = events_of("The growing military cooperation between Iran and Venezuela worries "
                     "officials.")
    cooperation = _only(rows, "Cooperation")
    assert set(cooperation[1]) == {"Iran", "Venezuela"}


def test_aid_with_money_keeps_currency_amount_and_qualifier(events_of):
    rows = events_of("Norway pledged about $300 million in military aid to Moldova.")
    aid = _only(rows, "Aid")
    assert aid[1] == ("Norway",)
    assert aid[5] == (300000000, "approx")


def test_statement_by_a_named_speaker_keeps_the_quote(extracted):
    _, linked, events = extracted(
        'Kenyan President William Otieno said: "We want a lasting peace."')
    statements = [e for e in events if e.type == "Statement"]
    assert [linked.entities[k].label for k in statements[0].actors] == ["William Otieno"]
    assert statements[0].quote == "We want a lasting peace."


def test_anonymous_officials_speaking_are_not_a_statement(events_of):
    rows = events_of("Ukrainian officials said the talks would continue.")
    assert rows == []


def test_article_with_only_statements_has_no_visit_or_deployment(events_of):
    rows = events_of("President Maria Lopes said peace was possible. "
                     "She added that the economy was growing.")
    assert {r[0] for r in rows} == {"Statement"}


def test_without_a_published_date_the_year_is_inferred_from_the_text(extracted):
    _, _, events = extracted("Canadian Defence Minister Paul Roy arrived in Riga on May 4. "
                             "It was 2023.", published=None)
    visit = next(e for e in events if e.type == "Visit")
    assert (visit.time.iso, visit.time.year_inferred) == ("2023-05-04", True)


def test_host_as_subject_makes_the_guest_the_visitor(events_of):
    rows = events_of("President Samia Hassan hosted Norwegian Foreign Minister Lars Berg "
                     "in Dodoma on Tuesday.")
    assert _only(rows, "Visit") == (
        "Visit", ("Lars Berg",), ("Samia Hassan", "Tanzania"), "Dodoma", "2025-03-11", None,
        "asserted", ())


def test_nominalised_visit_with_misattached_destination(events_of):
    rows = events_of("The visit by Chilean President Elena Soto to Santiago de Cuba "
                     "was the first in a decade.")
    visit = _only(rows, "Visit")
    assert visit[1:3] == (("Elena Soto",), ("Cuba",))


def test_denial_of_a_deployment(events_of):
    rows = events_of("Belarus denied sending troops to Ukraine.")
    assert _only(rows, "Deployment") == (
        "Deployment", ("Belarus",), ("Ukraine",), "Ukraine", None, None, "denied", ("Belarus",))


def test_according_to_credits_the_source(events_of):
    rows = events_of("According to the Polish defence ministry, about 2,500 Russian troops "
                     "were moved to Kaliningrad earlier this month.")
    deployment = _only(rows, "Deployment")
    assert deployment[1] == ("Russia",)
    assert deployment[4:] == ("2025-03", (2500, "approx"), "reported",
                             ("Poland", "Polish Defence Ministry"))


def test_passive_sanction_by_a_seat_of_power(events_of):
    rows = events_of("New sanctions on Iranian oil were imposed by Brussels on Thursday.")
    assert _only(rows, "Sanction")[1:5] == (("European Union",), ("Iran",), None, "2025-03-06")


def test_several_events_in_one_sentence(events_of):
    rows = events_of("Canada sent 200 soldiers to Latvia and pledged 50 million dollars "
                     "in aid to Moldova.")
    assert _only(rows, "Deployment")[1:6] == (("Canada",), ("Latvia",), "Latvia", None,
                                               (200, "exact"))
    assert _only(rows, "Aid")[1:7] == (("Canada",), ("Moldova",), None, None,
                                        (50000000, "exact"), "planned")


def test_counterpart_meeting_in_a_city(events_of):
    rows = events_of("Georgian Defence Minister Irakli Gelashvili met his Armenian "
                     "counterpart, Suren Papikyan, in Tbilisi on Friday.")
    assert _only(rows, "Meeting")[1:5] == (("Irakli Gelashvili", "Suren Papikyan"), (),
                                           "Tbilisi", "2025-03-07")


def test_a_titled_speaker_of_a_body_makes_a_statement(events_of):
    rows = events_of("Speaking in Warsaw, the NATO chief warned that Russia was preparing "
                     "for a long war.")
    assert _only(rows, "Statement")[1] == ("NATO",)


def test_host_receiving_a_counterpart_named_by_nationality(events_of):
    rows = events_of("The Lithuanian president received his Polish counterpart in Vilnius "
                     "on Friday.")
    assert _only(rows, "Visit") == (
        "Visit", ("Poland",), ("Lithuania",), "Vilnius", "2025-03-07", None, "asserted", ())


def test_exchange_of_fire_is_a_clash(events_of):
    rows = events_of("Pakistani and Afghan border forces exchanged fire at the Torkham "
                     "crossing, officials said.")
    assert set(_only(rows, "Clash")[1]) == {"Pakistan", "Afghanistan"}
    assert not [r for r in rows if r[0] == "Statement"]


def test_announced_aid_is_not_a_separate_statement(events_of):
    rows = events_of("Washington announced a $400 million military aid package for Kyiv.")
    assert rows == [("Aid", ("United States",), ("Ukraine",), None, None,
                     (400000000, "exact"), "asserted", ())]


def test_never_denies_and_a_purpose_clause_shares_the_plan(events_of):
    rows = events_of("Foreign Minister Wang Yi told reporters that China would never supply "
                     "weapons to Moscow. Prime Minister Anna Berg will travel to Oslo next "
                     "month to meet King Harald.")
    assert _only(rows, "Aid")[6] == "denied"
    assert _only(rows, "Visit")[6] == "planned"
    assert _only(rows, "Meeting")[6] == "planned"


def test_strike_on_a_located_target_reported_by_an_anonymous_source(events_of):
    rows = events_of("Ukrainian drones struck an oil refinery in Russia's Ryazan region, "
                     "a source in Kyiv said.")
    offensive = _only(rows, "Offensive")
    assert offensive[1:3] == (("Ukraine",), ("Russia",))
    assert offensive[6:] == ("reported", ("Ukraine",))


def test_deployment_to_the_actors_own_border_has_no_foreign_target(events_of):
    rows = events_of("Poland plans to deploy 10,000 soldiers to its border with Belarus.")
    deployment = _only(rows, "Deployment")
    assert deployment[1:3] == (("Poland",), ())
    assert deployment[5:7] == ((10000, "exact"), "planned")


def test_equipment_sent_to_a_state_is_aid_and_stationed_equipment_is_deployed(events_of):
    rows = events_of("Germany will send two air defence systems to Ukraine. "
                     "Russia deployed missiles in Belarus last year.")
    assert _only(rows, "Aid")[1:3] == (("Germany",), ("Ukraine",))
    assert _only(rows, "Deployment")[1:5] == (("Russia",), ("Belarus",), "Belarus", "2024")


CASES = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "extract" / "sentences.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_wire_phrasings(events_of, case):
    event_type, actors, targets, status = case["event"]
    rows = [r for r in events_of(case["text"]) if r[0] == event_type]
    assert [(set(r[1]), set(r[2]), r[6]) for r in rows] == [
        (set(actors), set(targets), status)], rows


def test_the_two_signatories_and_a_foreign_ministry_away_from_the_dateline(events_of):
    rows = events_of("MANILA — Indian Defence Minister Rajnath Singh met his Philippine "
                     "counterpart, Gilberto Ramos, at the defence department, where the two "
                     "signed a memorandum of understanding. China's foreign ministry said on "
                     "Wednesday that cooperation should not target third parties.")
    assert {"Rajnath Singh", "Gilberto Ramos"} <= set(_only(rows, "Agreement")[1])
    statement = _only(rows, "Statement")
    assert (statement[1], statement[3]) == (("Chinese Foreign Ministry",), None)


# ---- modality, distinctness and the frame layer's new constructions (issue 12)


@pytest.mark.parametrize("body", [
    "Would the air campaign be followed by a ground incursion into northern Iraq?",
    "Kenya would send peacekeepers to Haiti only once a mandate was agreed.",
    "Ghana will send troops to Mali if the council asks.",
    "North Korea test-fired a ballistic missile on Sunday.",
    "Poland has never imposed sanctions on Belarus.",
])
def test_questions_conditions_tests_and_negations_are_no_events(events_of, body):
    assert events_of(body) == []


def test_a_separate_meeting_is_not_merged_with_the_one_before(events_of):
    rows = events_of("Norwegian minister Ola Berg met Danish minister Lars Holm in Oslo on "
                     "Monday. Berg and Holm also held a separate meeting in Oslo on Monday.")
    meetings = [(set(r[1]), r[3], r[4]) for r in rows if r[0] == "Meeting"]
    assert meetings == [({"Ola Berg", "Lars Holm"}, "Oslo", "2025-03-10")] * 2


def test_a_speaker_s_remarks_on_two_days_are_two_statements(events_of):
    rows = events_of("Chile's foreign minister Ana Ruiz said on Monday that Peru was a "
                     "partner. Ruiz said on Tuesday that talks would continue.")
    assert [(r[1], r[4]) for r in rows if r[0] == "Statement"] == [
        (("Ana Ruiz",), "2025-03-10"), (("Ana Ruiz",), "2025-03-11")]


@pytest.mark.parametrize(("body", "actor", "target"), [
    ("Poland hosts about 10,000 American troops.", "United States", "Poland"),
    ("Turkish troops man dozens of outposts inside northern Iraq.", "Turkey", "Iraq"),
    ("Russian military instructors landed in Niamey in April.", "Russia", "Niger"),
    ("Kenya has relied on British troops since 2019.", "United Kingdom", "Kenya"),
])
def test_forces_hosted_manning_or_landing_are_deployed(events_of, body, actor, target):
    row = _only(events_of(body), "Deployment")
    assert (row[1], row[2]) == ((actor,), (target,))
    assert not [r for r in events_of(body) if r[0] == "Visit"]


def test_an_operation_pulled_off_is_an_offensive_of_its_agent(events_of):
    row = _only(events_of("Ukraine's Security Service pulled off a daring operation on "
                          "Sunday."), "Offensive")
    assert "Ukraine" in row[1] and row[4] == "2025-03-09"


def test_adding_to_a_list_is_no_statement(events_of):
    rows = events_of("The European Union added ten tankers to its blacklist on Monday.")
    assert [r for r in rows if r[0] == "Statement"] == []



def test_the_militants_are_the_armed_group_named_before(events_of):
    rows = events_of("Boko Haram has grown stronger around Lake Chad. Last month the "
                     "militants killed 40 soldiers in an attack on an army base.")
    row = _only(rows, "Offensive")
    assert (row[1], row[5]) == (("Boko Haram",), (40, "exact"))


def test_an_object_pronoun_is_not_the_subject_of_its_own_verb(events_of):
    rows = events_of("Iranian foreign minister Ali Rezaei then flew to Moscow, where President "
                     "Vladimir Putin received him on Monday.")
    assert set(_only(rows, "Meeting")[1]) == {"Ali Rezaei", "Vladimir Putin"}
    assert _only(rows, "Visit")[1] == ("Ali Rezaei",)


def test_an_invitation_of_forces_that_is_denied_is_a_denied_deployment(events_of):
    row = _only(events_of("Chad's foreign minister Ali Mahamat denied that his government "
                          "meant to invite Russian forces."), "Deployment")
    assert (row[1], row[2], row[6]) == (("Russia",), ("Chad",), "denied")


@pytest.mark.parametrize("body", [
    "Neither the Sudanese army nor the RSF was invited to the talks in London.",
    "No Kenyan troops were sent to Haiti last year.",
    "Britain hosted an international conference on Sudan in London on Tuesday.",
])
def test_nobody_as_subject_and_a_hosted_conference_make_no_event(events_of, body):
    assert [r for r in events_of(body) if r[0] in ("Deployment", "Visit")] == []


def test_a_conference_co_chaired_with_others_is_their_meeting(events_of):
    rows = events_of("The conference, co-chaired with France and Germany, raised money for "
                     "Sudan on Tuesday.")
    assert set(_only(rows, "Meeting")[1]) == {"France", "Germany"}


def test_hosted_weapons_are_deployed(events_of):
    row = _only(events_of("Belarus will host Russian nuclear weapons."), "Deployment")
    assert (row[1], row[2], row[6]) == (("Russia",), ("Belarus",), "planned")


def test_a_call_meets_the_person_addressed_not_the_topic(events_of):
    topic = _only(events_of("The leaders of France and Germany discussed Ukraine in a phone "
                            "call on Friday."), "Meeting")
    assert (set(topic[1]), topic[6]) == ({"France", "Germany"}, "asserted")
    asked = _only(events_of("President Ali Hassan of Chad asked Niger's leader, General Omar "
                            "Tchiani, in a phone call to help."), "Meeting")
    assert set(asked[1]) >= {"Ali Hassan", "Omar Tchiani"}


def test_a_loan_keeps_its_amount(events_of):
    row = _only(events_of("The World Bank approved a $1.5 billion loan for Ukraine."), "Aid")
    assert (row[1], row[2], row[5]) == (("World Bank",), ("Ukraine",), (1500000000, "exact"))


@pytest.mark.parametrize("body", [
    "Russian drones hit a power plant in Kharkiv on Sunday, citing Ukraine's defence ministry.",
    "Russian missiles struck Odesa overnight, as reported by Ukraine's defence ministry.",
    "Russian missiles struck Odesa overnight, per Ukraine's defence ministry.",
])
def test_every_sourcing_phrase_of_the_lexicon_credits_its_source(events_of, body):
    row = _only(events_of(body), "Offensive")
    assert row[6] == "reported" and "Ukrainian Defence Ministry" in row[7]


def test_an_attack_s_toll_is_its_quantity(events_of):
    row = _only(events_of("Russian forces fired dozens of missiles at Kyiv on Monday, killing "
                          "more than 40 people."), "Offensive")
    assert (row[1], row[2], row[3], row[5]) == (("Russia",), ("Ukraine",), "Kyiv", (40, "atLeast"))


def test_the_number_of_agreements_signed_is_their_quantity(events_of):
    row = _only(events_of("Kenya and Ethiopia signed 12 agreements in Nairobi on Tuesday."),
                "Agreement")
    assert (set(row[1]), row[5]) == ({"Kenya", "Ethiopia"}, (12, "exact"))


def test_a_possessive_pronoun_owns_the_attacked_sites(events_of):
    rows = events_of("Iran said on Sunday that it would respond. Tehran retaliated for the US "
                     "bombing of its nuclear sites on Sunday.")
    row = _only(rows, "Offensive")
    assert (row[1], row[2]) == (("United States",), ("Iran",))
    own = _only(events_of("Russia moved troops to its border with Belarus."), "Deployment")
    assert own[2] == ()  # its own border: no target


def test_the_three_juntas_are_states(events_of):
    rows = events_of("Niger, Mali and Burkina Faso left the bloc. Ghana's president will hold "
                     "talks with the three juntas on Monday.")
    assert {"Niger", "Mali", "Burkina Faso"} <= set(_only(rows, "Meeting")[1])


def test_a_clause_describing_talks_tells_the_same_meeting(events_of):
    rows = events_of("Chilean Foreign Minister Ana Ruiz flew to Lima with Defence Minister "
                     "Pablo Vera for the second round of security talks, at which the Chilean "
                     "ministers met Peruvian ministers Jorge Salas and Elena Soto.")
    meetings = [r for r in rows if r[0] == "Meeting"]
    assert len(meetings) == 1
    assert {"Ana Ruiz", "Jorge Salas", "Elena Soto"} <= set(meetings[0][1])


def test_talks_during_a_clause_of_time_under_a_speech_verb_took_place(events_of):
    rows = events_of("President Ali Hassan, who was in Cairo for a summit, condemned what he "
                     "called a heinous act as he sat down for talks with President Omar Said "
                     "on Wednesday.")
    assert _only(rows, "Meeting")[6] == "asserted"


# ---- names the gazetteer does not know, read from the words around them


def test_a_name_before_rebels_is_an_armed_group_that_can_fight(events_of, extracted):
    rows = events_of("Peruvian troops clashed with KLF rebels near the border on Tuesday.")
    assert set(_only(rows, "Clash")[1]) == {"Peru", "KLF"}
    rows = events_of("Colombian troops clashed with Tarvo Front guerrillas on Tuesday.")
    assert set(_only(rows, "Clash")[1]) == {"Colombia", "Tarvo Front"}
    _, linked, _ = extracted("Colombian troops clashed with Tarvo Front guerrillas on "
                             "Tuesday. The guerrillas later withdrew.")
    assert linked.armed_groups == {"org/tarvo-front"}


@pytest.mark.parametrize("body", [
    "Officials of the Velmar Group met on Tuesday.",  # a company's name before "group"
    "Kurdish fighters clashed with Syrian rebels on Tuesday.",  # demonyms name no group
])
def test_no_armed_group_from_a_company_name_or_a_demonym(extracted, body):
    _, linked, _ = extracted(body)
    assert linked.armed_groups == set()


def test_an_organisation_name_after_a_place_noun_is_a_place(events_of):
    rows = events_of("Venezuela deployed 5,000 soldiers to the border region of Quaro "
                     "on Tuesday.")
    assert _only(rows, "Deployment")[3] == "Quaro"
    rows = events_of("Indian shelling killed four civilians in the Tesh valley on Monday.")
    assert "Tesh" not in _only(rows, "Offensive")[2]


def test_a_city_the_ner_took_for_a_nationality_is_still_the_city(events_of):
    rows = events_of("On Thursday, Argentine President Tomas Ferro travelled on to Asuncion.")
    assert _only(rows, "Visit")[2:4] == (("Paraguay",), "Asunción")


def test_a_participle_clause_accuses_nobody(events_of):
    rows = events_of("The United States on Tuesday imposed sanctions on three army officers "
                     "and two companies, Orlin Trade and Besk Metals, accused of supplying "
                     "jet fuel to the junta.")
    assert [r[0] for r in rows] == ["Sanction"], rows


@pytest.mark.parametrize("dateline", ["PORTLAND —", "SALEM, Jan 9 (Wire) -"])
def test_the_dateline_city_is_no_participant_of_the_first_sentence(events_of, dateline):
    rows = events_of(f"{dateline} Chinese coast guard vessels fired water cannon at a "
                     "Philippine supply boat on Tuesday, the Philippine coast guard said.")
    offensive = _only(rows, "Offensive")
    assert (set(offensive[1]), offensive[2], offensive[6]) == (
        {"China Coast Guard", "China"}, ("Philippines",), "reported")


def test_an_army_named_after_no_state_is_its_own_organisation(events_of):
    rows = events_of("In Ruvania, the Tamsa Liberation Army said it had seized a military "
                     "base in Oro state.")
    assert _only(rows, "Offensive")[1:4] == (("Tamsa Liberation Army",), (), "Oro")
    rows = events_of("Kenya's army said it had seized a rebel base on Monday.")
    assert _only(rows, "Offensive")[7] == ("Kenyan Army",)  # the remark only carries it


def test_forces_a_state_has_in_another_are_deployed_there(events_of):
    rows = events_of("Ethiopia, which has some 3,000 soldiers in Somalia, objected to the plan.")
    deployment = _only(rows, "Deployment")
    assert deployment[1:4] + deployment[5:7] == (
        ("Ethiopia",), ("Somalia",), "Somalia", (3000, "approx"), "asserted")
    assert [r for r in events_of("Ruvania has 500 soldiers.") if r[0] == "Deployment"] == []


def test_jets_act_for_whoever_owns_them(events_of):
    rows = events_of("Nigeria's air force said its jets had killed dozens of Boko Haram "
                     "insurgents in airstrikes in Borno state over the weekend.")
    offensive = _only(rows, "Offensive")
    assert offensive[1:4] == (("Nigerian Air Force", "Nigeria"), ("Boko Haram",), "Borno")


def test_a_toll_is_a_bare_participle_not_an_earlier_act(events_of):
    rows = events_of("Ruvania launched missile strikes on sites in Pakistan on Wednesday, two "
                     "weeks after gunmen killed 26 tourists.")
    assert _only(rows, "Offensive")[5] is None
    rows = events_of("Ruvania launched missile strikes on sites in Pakistan on Wednesday, "
                     "killing 26 people.")
    assert _only(rows, "Offensive")[5] == (26, "exact")


def test_aid_received_by_the_tonne_from_a_donor(events_of):
    rows = events_of("Bolivia said it had received 40 tonnes of food aid from Venezuela.")
    aid = _only(rows, "Aid")
    assert aid[1:3] + aid[5:6] == (("Venezuela",), ("Bolivia",), (40, "exact"))


def test_a_gang_named_before_its_noun_is_an_armed_group_the_ner_called_a_place(events_of):
    rows = events_of("Ecuadorean security forces killed eight members of the Los Tigres "
                     "gang in a raid in Guayaquil on Tuesday.")
    assert _only(rows, "Offensive")[1:4] == (("Ecuador",), ("Los Tigres",), "Guayaquil")


def test_a_fighter_jet_names_no_armed_group(extracted):
    _, linked, _ = extracted("The firm builds the Kaan fighter jet.")
    assert linked.armed_groups == set()


def test_the_first_word_after_a_dateline_is_read_as_a_word_not_a_name(events_of):
    rows = events_of("OSLO — Talks between the Sudanese army and the Rapid Support Forces "
                     "resumed in Jeddah on Thursday.")
    assert set(_only(rows, "Meeting")[1]) == {"Sudanese Army", "Rapid Support Forces"}


@pytest.mark.parametrize("body", [
    "Ruvanian President Tomas Ferro, on a visit to Riyadh, met Crown Prince Mohammed bin "
    "Salman on Monday.",
    "During a trip to Riyadh on Monday, Ruvanian President Tomas Ferro met Crown Prince "
    "Mohammed bin Salman.",
])
def test_a_visit_told_as_the_circumstance_of_another_act(events_of, body):
    rows = events_of(body)
    assert _only(rows, "Visit")[1:5] == (("Tomas Ferro",), ("Saudi Arabia",), "Riyadh",
                                         "2025-03-10")
    assert _only(rows, "Meeting")[3:5] == ("Riyadh", "2025-03-10")


def test_a_trailing_report_dates_its_content_and_their_is_both_states(events_of):
    rows = events_of("Ghana and Togo agreed to reopen their shared border, their foreign "
                     "ministers announced in Accra on Monday.")
    assert _only(rows, "Agreement")[1:5] == (("Ghana", "Togo"), (), "Accra", "2025-03-10")
    assert set(_only(rows, "Statement")[1]) == {"Ghana", "Togo"}


def test_opening_fire_on_someone_is_an_offensive(events_of):
    rows = events_of("Azerbaijani forces opened fire on Armenian positions on Wednesday, "
                     "wounding two soldiers.")
    assert _only(rows, "Offensive")[1:3] == (("Azerbaijan",), ("Armenia",))
    assert [r for r in events_of("Ruvania opened the border on Monday.")
            if r[0] == "Offensive"] == []


def test_a_compass_region_is_the_place_and_its_country_the_target(events_of, extracted):
    rows = events_of("Turkish warplanes struck militant positions in north-east Syria on "
                     "Tuesday.")
    assert _only(rows, "Offensive")[2:4] == (("Syria",), "north-east Syria")
    rows = events_of("Kenya sent 400 soldiers to the Vanto Air Base in western Ghana on Tuesday.")
    assert _only(rows, "Deployment")[2] == ("Ghana",)
    assert _only(rows, "Deployment")[3] != "western Ghana"  # the site in it is more precise
    _, linked, _ = extracted("North Korea and South Sudan signed a pact.")
    assert not [k for k in linked.entities if k.startswith("region/")]


def test_a_remark_inside_the_same_states_statement_is_its_content(events_of):
    rows = events_of("China's foreign ministry spokesperson Lin Wei said Beijing firmly "
                     "opposed the plans, calling them a threat to regional peace.")
    assert [r[1][0] for r in rows if r[0] == "Statement"] == ["Lin Wei"]
    rows = events_of("Japan's foreign minister Aiko Sato said China had warned Tokyo, "
                     "calling the drills a threat.")
    assert len([r for r in rows if r[0] == "Statement"]) == 2  # another state's remark


def test_a_province_the_cities_do_not_list_is_a_region_of_its_country(events_of):
    rows = events_of("Ruvanian Prime Minister Tomas Ferro will travel to North Carolina "
                     "on Friday.")
    assert _only(rows, "Visit")[2:4] == (("United States",), "North Carolina")
    rows = events_of("Boko Haram fighters attacked an army base in Borno state on Monday.")
    assert _only(rows, "Offensive")[2:4] == (("Nigeria",), "Borno")


def test_the_us_treasury_is_the_department_that_sanctions(events_of):
    rows = events_of("The US Treasury added 12 Chinese companies to its entity list on Tuesday.")
    assert set(_only(rows, "Sanction")[1]) == {
        "United States Department of the Treasury", "United States"}


def test_crown_prince_is_a_title_not_part_of_the_name(events_of):
    rows = events_of("Ruvanian President Tomas Ferro met Crown Prince Khalid bin Omar in "
                     "Riyadh on Monday.")
    assert set(_only(rows, "Meeting")[1]) == {"Tomas Ferro", "Khalid bin Omar"}


def test_a_counted_group_without_a_determiner_is_new_not_the_ones_named_before(events_of):
    rows = events_of("Pakistan's army and the Taliban exchanged fire on Monday. The United "
                     "States on Tuesday imposed sanctions on three Myanmar military officers "
                     "and two companies.")
    assert not {"Pakistani Army", "Taliban"} & set(_only(rows, "Sanction")[2])
    rows = events_of("Kenya and Ghana signed a trade pact on Monday. The two countries "
                     "also agreed to hold joint naval exercises.")
    assert set(_only(rows, "Cooperation")[1]) == {"Kenya", "Ghana"}


def test_its_names_the_subject_of_its_own_clause_first(events_of):
    rows = events_of("Refiners in India and China were scrambling for crude on Tuesday after "
                     "the United States imposed its broadest sanctions yet on Russia.")
    assert _only(rows, "Sanction")[1:3] == (("United States",), ("Russia",))


def test_a_dateline_of_two_cities_is_blanked_and_names_the_first(extracted):
    article, linked, _ = extracted("LIMA/QUITO — Peru and Ecuador signed a border pact on "
                                   "Tuesday.")
    dateline = [m for m in linked.mentions if m.how == "dateline"]
    assert [(m.text, linked.entities[m.entity].label) for m in dateline] == [("LIMA", "Lima")]


def test_a_lake_named_after_a_country_is_a_place_and_there_refers_to_it(events_of):
    rows = events_of("Niger has been battling Boko Haram around Lake Chad since the militants "
                     "killed about 40 soldiers in an attack on an army base there in October.")
    assert _only(rows, "Clash")[3] == "Lake Chad"
    offensive = _only(rows, "Offensive")
    assert offensive[1] == ("Boko Haram",) and offensive[3] == "Lake Chad"
    rows = events_of("There were clashes between Peru and Chile near Tacna on Monday.")
    assert _only(rows, "Clash")[3] == "Tacna"  # an existential "there" is no place


def test_the_count_of_what_is_agreed_and_a_toll_in_a_relative_clause(events_of):
    rows = events_of("Norway agreed to sell Poland four more patrol boats on Monday.")
    assert _only(rows, "Agreement")[5] == (4, "exact")
    rows = events_of("Israel launched a strike that killed seven soldiers in Syria on Monday.")
    assert _only(rows, "Offensive")[5] == (7, "exact")


def test_forces_counted_as_taking_part_in_the_attack_told_before(events_of):
    rows = events_of("Kenyan troops launched a ground assault into Somalia on Tuesday. The "
                     "army chief said up to 1,000 Kenyan soldiers had taken part in the attack.")
    assert _only(rows, "Offensive")[5] == (1000, "upTo")
    rows = events_of("Kenyan troops launched a ground assault into Somalia on Tuesday. The "
                     "chief said 300 journalists took part in the briefing.")
    assert _only(rows, "Offensive")[5] is None  # not forces, not the attack


def test_that_attack_shares_the_place_target_toll_and_date_of_the_attack_told_before(
        events_of):
    rows = events_of("Nairobi said the barrage was retaliation for a March 3 air strike that "
                     "levelled its embassy in Mogadishu and killed five guards. Kenya blamed "
                     "Ethiopia, which has neither confirmed nor denied carrying out that attack.")
    offensive = _only(rows, "Offensive")
    assert offensive[1:7] == (("Ethiopia",), ("Kenya",), "Mogadishu", "2025-03-03",
                              (5, "exact"), "alleged")
