"""Where diplomatic events happened and whom a visit was to (geokg.events.situate).

Invented names and places only: each case is one construction that puts an act
somewhere (a participant's whereabouts, the gathering it was told at, a place
fronted in its paragraph) or that must not (a continent, another clause's place).
"""

from __future__ import annotations

from datetime import date

import pytest

from geokg.entities.link import link
from geokg.entities.ruler import parse
from geokg.events.context import Context
from geokg.events.situate import host_states
from geokg.model import Event

WEDNESDAY = date(2025, 3, 12)


@pytest.fixture
def events(field_rows):
    """(type, actors, targets, place, date) of each event of a body, in text order."""
    return lambda body: [row[:5] for row in field_rows(body)]


def of_type(rows: list[tuple], event_type: str) -> list[tuple]:
    return [r for r in rows if r[0] == event_type]


# ---- visits ---------------------------------------------------------------


def test_a_continent_is_no_place_and_no_second_visit(events):
    rows = events("Chilean President Elena Soto landed in Lisbon on Sunday, her first trip "
                  "to Europe in six years.")
    assert of_type(rows, "Visit") == [
        ("Visit", ("Elena Soto",), ("Portugal",), "Lisbon", "2025-03-09")]


def test_arrival_and_the_hosts_welcome_next_day_are_one_visit(events):
    rows = events("Chilean President Elena Soto arrived in Vilnius late on Monday, and "
                  "Lithuanian President Jonas Petraitis hosted her on Tuesday.")
    assert of_type(rows, "Visit") == [
        ("Visit", ("Elena Soto",), ("Lithuania", "Jonas Petraitis"), "Vilnius", "2025-03-10")]


def test_visits_to_one_city_a_week_apart_stay_two(events):
    rows = events("Chilean President Elena Soto arrived in Vilnius on March 3. She arrived "
                  "in Vilnius again on Monday.")
    assert [r[3:] for r in of_type(rows, "Visit")] == [
        ("Vilnius", "2025-03-03"), ("Vilnius", "2025-03-10")]


def test_a_host_person_brings_his_state_as_host(events):
    rows = events("Tanzanian President Neema Kisanga hosted Norwegian Foreign Minister "
                  "Lars Berg on Tuesday.")
    assert of_type(rows, "Visit")[0][1:3] == (("Lars Berg",), ("Neema Kisanga", "Tanzania"))


# ---- a place in the act's own sentence ------------------------------------


def test_a_participants_whereabouts_beat_the_dateline(events):
    rows = events("LIMA — Peruvian President Ana Ruiz, who was in the Chinese city of "
                  "Chengdu for a summit, condemned the attack on Tuesday.")
    assert of_type(rows, "Statement") == [
        ("Statement", ("Ana Ruiz",), (), "Chengdu", "2025-03-11")]


def test_a_speaker_speaking_somewhere_said_it_there(events):
    rows = events("Foreign Minister Ana Ruiz, speaking in Geneva on Monday, said the talks "
                  "had failed.")
    assert of_type(rows, "Statement")[0][3] == "Geneva"


def test_an_act_told_at_a_gathering_took_place_where_it_met(events):
    rows = events("Chilean and Peruvian negotiators agreed on Monday to exchange prisoners "
                  "at a meeting in Montevideo.")
    assert of_type(rows, "Agreement")[0][3] == "Montevideo"


def test_a_gathering_named_as_a_round_of_talks_is_placed_where_the_talks_were(events):
    rows = events("Chilean and Peruvian negotiators agreed on Monday to exchange prisoners "
                  "at the second round of talks in Montevideo.")
    assert of_type(rows, "Agreement")[0][3] == "Montevideo"


def test_talks_in_apposition_to_a_placed_round_are_placed_there(events):
    rows = events("The agreement crowns the first round of talks in Montevideo, the first "
                  "negotiations between Chile and Peru since 2020.")
    assert of_type(rows, "Meeting") == [("Meeting", ("Chile", "Peru"), (), "Montevideo", None)]


def test_a_place_fronted_in_a_paragraph_sets_its_scene(events):
    rows = events("LOME — Ghanaian President Kofi Mensah met Ivorian President Alassane "
                  "Kone on Saturday.\n\nIn Accra on Sunday, the leaders named a new "
                  "chairman. Yaw Boateng, the bloc's commissioner, warned that the region "
                  "risked disintegration.\n\nBoateng said on Monday that the talks would "
                  "go on.")
    statements = of_type(rows, "Statement")
    assert [(r[3], r[4]) for r in statements] == [
        ("Accra", "2025-03-09"), ("Lomé", "2025-03-10")]


def test_a_place_in_another_subjects_clause_is_not_the_act(events):
    rows = events("On Tuesday, as delegates gathered in Nairobi, rebel commander Musa "
                  "Karim declared that his movement would form a government.")
    assert of_type(rows, "Statement") == [
        ("Statement", ("Musa Karim",), (), None, "2025-03-11")]


def test_an_act_during_that_visit_took_place_at_the_visit(events):
    rows = events("Chilean President Elena Soto flew to Vilnius on March 3 for talks with "
                  "Lithuanian President Jonas Petraitis. Lithuania's parliament voted on "
                  "Monday. During that visit Chile agreed to sell Lithuania four more patrol "
                  "boats, a deal that ended months of delay.")
    assert [r[3:] for r in of_type(rows, "Agreement")] == [("Vilnius", "2025-03-03")]


@pytest.mark.parametrize(("dateline", "host"), [("YEREVAN", ("Armenia",)), ("LONDON", ())])
def test_a_village_the_words_name_lies_in_the_datelines_state_the_sentence_names(
        events, dateline, host):
    rows = events(f"{dateline} — US aid chief Mary Colton, who travelled to the border "
                  "village of Tavrinzor on Tuesday, announced $3 million in aid to help "
                  "Armenia.")
    assert of_type(rows, "Visit") == [
        ("Visit", ("Mary Colton",), host, "Tavrinzor", "2025-03-11")]


@pytest.mark.parametrize("where", ["the Tanzanian capital", "Tanzania's capital",
                                   "the capital of Tanzania"])
def test_a_capital_described_by_its_state_is_its_capital_city(events, where):
    rows = events(f"Norwegian Foreign Minister Lars Berg arrived in {where} on Tuesday.")
    assert of_type(rows, "Visit") == [
        ("Visit", ("Lars Berg",), ("Tanzania",), "Dodoma", "2025-03-11")]


def test_the_hosts_own_state_is_no_visitor(make_article, nlp):
    """A misparse can put the host's state among the visitors ("Niger's Tiani hosted
    Mali's Goïta ..., the pact the three juntas formed"): the host's state hosts."""
    article = make_article("Tanzania's President Neema Kisanga hosted Kenya's President "
                           "Otieno Wafula in Dodoma.")
    doc = parse(article)
    ctx = Context.build(article, doc, link(article, doc))
    visit = Event(type="Visit", actors=["person/otieno-wafula", "country/TZ", "country/KE"],
                  targets=["person/neema-kisanga"], place="city/160196")
    host_states(visit, ctx)
    assert (visit.actors, visit.targets) == (
        ["person/otieno-wafula", "country/KE"], ["person/neema-kisanga", "country/TZ"])


def test_a_person_the_paragraph_just_placed_speaks_there(events):
    rows = events("The deal was announced in Montevideo on Wednesday by Uruguay's foreign "
                  "minister, Ana Ruiz, after weeks of talks. Ruiz said the first phase would "
                  "last 30 days.\n\nRuiz said on Thursday that the second phase would "
                  "follow.")
    assert [r[3] for r in of_type(rows, "Statement")] == ["Montevideo", None]


def test_others_placed_before_do_not_place_the_speaker(events):
    rows = events("Delegates gathered in Montevideo on Wednesday. Uruguayan Foreign Minister "
                  "Ana Ruiz said the first phase would last 30 days.")
    assert [r[3] for r in of_type(rows, "Statement")] == [None]


def test_a_fronted_possessor_is_no_place(events):
    rows = events("In Lima's view, the talks had failed. Peruvian Foreign Minister Ana Ruiz "
                  "said on Monday that the talks would go on.")
    assert [r[3] for r in of_type(rows, "Statement")] == [None]


def test_the_leaders_of_two_states_are_the_leaders_the_article_names(events):
    rows = events("Chilean President Lena Ortiz hosted the leaders of Peru and Bolivia in "
                  "Santiago on Friday. Peruvian President Ana Ruiz and Bolivian President "
                  "Tomas Quispe signed a trade pact there.")
    visit = of_type(rows, "Visit")[0]
    assert set(visit[1]) == {"Peru", "Bolivia", "Ana Ruiz", "Tomas Quispe"}
    assert visit[2:4] == (("Lena Ortiz", "Chile"), "Santiago")


def test_leaders_of_a_state_the_article_names_two_of_stay_the_state(events):
    rows = events("Chilean President Lena Ortiz hosted the leaders of Peru in Santiago on "
                  "Friday. Peruvian President Ana Ruiz and Peruvian Prime Minister Jorge "
                  "Salas signed a trade pact there.")
    assert of_type(rows, "Visit")[0][1] == ("Peru",)


def test_an_act_at_the_summit_told_before_took_place_there(events):
    rows = events("Chilean President Lena Ortiz met Bolivian President Tomas Quispe in the "
                  "Peruvian city of Cusco on March 3 at a regional summit. Their ministers "
                  "spoke on Monday. At the summit, Chile and Bolivia signed a water-sharing "
                  "treaty.")
    assert [r[3:] for r in of_type(rows, "Agreement")] == [("Cusco", "2025-03-03")]


def test_an_act_that_is_the_purpose_of_being_somewhere_happens_there(events):
    rows = events("BERLIN — Chilean President Lena Ortiz held talks in Berlin on Friday, and "
                  "she is due in Peru on Saturday to meet Prime Minister Ana Ruiz on the "
                  "sidelines of an economic forum.")
    meetings = [r for r in of_type(rows, "Meeting") if "Ana Ruiz" in r[1]]
    assert [r[3] for r in meetings] == ["Peru"]


def test_a_purpose_after_a_motion_verb_happens_at_its_most_precise_destination(events):
    rows = events("Chilean President Lena Ortiz flew to the air base at Arequipa in southern "
                  "Peru on Friday to urge allies, in person, to send more air defences.")
    assert [r[3] for r in of_type(rows, "Statement")] == ["Arequipa"]


def test_the_capital_is_the_capital_of_the_state_named_before(events):
    rows = events("Chilean President Elena Soto arrived in Peru on Monday. She met "
                  "President Marco Ruiz in the capital.")
    assert of_type(rows, "Meeting") == [
        ("Meeting", ("Elena Soto", "Marco Ruiz"), (), "Lima", "2025-03-10")]


def test_a_state_whose_name_starts_with_a_demonym_is_the_place_of_the_visit(events):
    """"Saudi Arabia": the first word reads as an owner, but the state is the destination."""
    rows = events("Chilean President Elena Soto made a visit to Saudi Arabia on Monday.")
    assert of_type(rows, "Visit") == [
        ("Visit", ("Elena Soto",), ("Saudi Arabia",), "Saudi Arabia", "2025-03-10")]


@pytest.mark.parametrize("body", [
    "LIMA, March 11 (Reuters) - Chilean President Ana Ortega spoke by telephone with "
    "Peruvian President Luis Moreno on Tuesday.",
    "LIMA, March 11 (Reuters) - Chilean President Ana Ortega and Peruvian President Luis "
    "Moreno held a telephone conversation on Tuesday.",
])
def test_a_call_takes_no_place_from_the_dateline(events, body):
    """A meeting at a distance happens nowhere the story is filed from."""
    [(kind, _, _, place, day)] = events(body)
    assert (kind, place, day) == ("Meeting", None, "2025-03-11")
