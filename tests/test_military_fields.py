"""Place, targets and quantity of fighting, deployments, sanctions and aid (issue 13).

Each case states one general construction with sentences written for the test
(names and places that appear in no corpus article): where forces go, whom an
attack or a listing hits, which number belongs to the event.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from geokg.entities.link import link
from geokg.entities.ruler import parse
from geokg.events.extract import extract
from geokg.language.quantity import parse_quantity
from geokg.model import Event

WEDNESDAY = date(2025, 3, 12)


@pytest.fixture
def rows(make_article, nlp):
    """The non-Statement events of a body as comparable tuples: type, actors, targets,
    place, date, (quantity, qualifier), status."""

    def run(body: str) -> list[tuple]:
        article = replace(make_article(body), published=WEDNESDAY)
        doc = parse(article)
        linked = link(article, doc)
        return [_row(e, linked) for e in extract(article, doc, linked) if e.type != "Statement"]

    return run


def _row(event: Event, linked) -> tuple:
    def label(key: str | None) -> str | None:
        return linked.entities[key].label if key else None

    quantity = (event.quantity.value, event.quantity.qualifier) if event.quantity else None
    return (event.type, tuple(label(k) for k in event.actors),
            tuple(label(k) for k in event.targets), label(event.place),
            event.time.iso if event.time else None, quantity, event.status)


# ----------------------------------------------------------------- deployments


def test_a_capital_forces_are_sent_to_is_the_place_and_its_state_the_target(rows):
    assert rows("Portugal dispatched 300 soldiers to Bamako on Monday.") == [
        ("Deployment", ("Portugal",), ("Mali",), "Bamako", "2025-03-10", (300, "exact"),
         "asserted")]
    assert rows("About 80 Spanish instructors were sent to Bamako in May.") == [
        ("Deployment", ("Spain",), ("Mali",), "Bamako", "2024-05", (80, "approx"), "asserted")]


def test_fighters_flown_to_a_capital_in_a_range_keep_both_bounds(rows):
    [deployment] = rows("Between 150 and 200 Wagner fighters were flown to Bangui, Central "
                        "African Republic officials said.")
    assert deployment[:4] == ("Deployment", ("Wagner Group",), ("Central African Republic",),
                              "Bangui")
    assert deployment[5] == (200, "range")


def test_weapons_sent_to_a_capital_are_aid_to_its_state(rows):
    assert rows("Spain sent air defence systems to Bamako in May.") == [
        ("Aid", ("Spain",), ("Mali",), None, "2024-05", None, "asserted")]


def test_troops_a_state_has_stationed_somewhere_are_its_deployment(rows):
    assert rows("Norway keeps 200 soldiers deployed in Mali.") == [
        ("Deployment", ("Norway",), ("Mali",), "Mali", None, (200, "exact"), "asserted")]


def test_the_state_a_destination_is_said_to_belong_to_receives_the_forces(rows):
    assert rows("Rwanda has deployed 1,000 troops to Mozambique's Cabo Delgado province.") == [
        ("Deployment", ("Rwanda",), ("Mozambique",), "Mozambique", None, (1000, "exact"),
         "asserted")]


def test_forces_a_state_relies_on_are_on_its_soil(rows):
    assert rows("Niger has relied on Turkish fighters since 2022.") == [
        ("Deployment", ("Turkey",), ("Niger",), "Niger", "2022", None, "asserted")]


# ----------------------------------------------------------------- fighting


def test_a_strike_inside_a_state_targets_it(rows):
    assert rows("Turkey carried out a strike inside Syria early on Friday.") == [
        ("Offensive", ("Turkey",), ("Syria",), "Syria", "2025-03-07", None, "asserted")]


def test_an_attack_on_a_states_army_targets_the_state(rows):
    assert rows("Boko Haram militants killed about 30 soldiers in an attack on a Nigerien "
                "army base in March.") == [
        ("Offensive", ("Boko Haram",), ("Nigerien Army", "Niger"), None, "2025-03",
         (30, "approx"), "asserted")]


def test_positions_held_by_an_armed_group_make_it_the_target(rows):
    [attack] = rows("Ethiopian forces shelled positions held by al-Shabaab near Baidoa on "
                    "Sunday.")
    assert attack[:3] == ("Offensive", ("Ethiopia",), ("al-Shabaab",))
    [attack] = rows("Turkish jets struck 20 targets used by the PKK in northern Iraq.")
    assert attack[:3] == ("Offensive", ("Turkey",), ("Kurdistan Workers' Party",))
    assert attack[5] == (20, "exact")


def test_a_base_described_as_another_states_is_that_states(rows):
    assert rows("Iran fired drones at Al Tanf, the largest American outpost in Syria, "
                "on Sunday.") == [
        ("Offensive", ("Iran",), ("United States",), "Al Tanf", "2025-03-09", None,
         "asserted")]


def test_an_attack_near_a_town_is_placed_there_and_hits_the_bases_state(rows):
    [attack] = rows("Al-Shabaab fighters attacked a Kenyan army base near Lamu on Sunday.")
    assert attack[0] == "Offensive" and attack[2:4] == (("Kenya", "Kenyan Army"), "Lamu")


def test_a_toll_the_parser_hung_inside_the_attack_phrase_is_its_quantity(rows):
    assert rows("Egyptian air strikes and shelling during the pause killed at least 23 "
                "people, according to the local health ministry.") == [
        ("Offensive", ("Egypt",), (), None, None, (23, "atLeast"), "reported")]


def test_the_toll_of_an_earlier_attack_is_not_the_strikes_quantity(rows):
    assert rows("Pakistani jets struck militant hideouts in eastern Afghanistan on Tuesday, "
                "hours after a bomb attack on a market outside Quetta left nine people "
                "dead.") == [
        ("Offensive", ("Pakistan",), ("Afghanistan",), "eastern Afghanistan", "2025-03-11",
         None, "asserted")]


def test_fighting_that_raged_around_a_city_is_placed_there(rows):
    assert rows("Fighting between the Sudanese army and the RSF raged on around Kassala, "
                "the last major city in the east still in government hands, on Wednesday, "
                "residents said.") == [
        ("Clash", ("Sudanese Army", "Rapid Support Forces", "Sudan"), (), "Kassala",
         "2025-03-12", None, "reported")]


def test_the_dead_of_fighting_are_the_clashs_quantity(rows):
    assert rows("Fighting in Kassala between the Sudanese army and the RSF killed nine "
                "civilians.") == [
        ("Clash", ("Sudanese Army", "Rapid Support Forces", "Sudan"), (), "Kassala", None,
         (9, "exact"), "asserted")]
    [clash] = rows("Indian and Pakistani troops clashed along the border, killing three "
                   "soldiers.")
    assert clash[0] == "Clash" and clash[5] == (3, "exact")


def test_a_where_clause_on_a_coordinated_verb_places_the_clash(rows):
    [clash] = rows("The talks came a week after a confrontation near Mombasa, where Kenyan "
                   "navy boats were rammed and boarded by Somali coast guard personnel.")
    assert clash[0] == "Clash" and clash[3] == "Mombasa"


def test_what_an_attack_hits_counted_is_its_quantity_unless_it_has_a_toll(rows):
    assert rows("Ukrainian drones hit 41 aircraft at four air bases in Russia on Sunday.") == [
        ("Offensive", ("Ukraine",), ("Russia",), "Russia", "2025-03-09", (41, "exact"),
         "asserted")]
    [strike] = rows("Russian missiles struck two towns in Sumy region overnight, killing at "
                    "least 19 people.")
    assert strike[5] == (19, "atLeast")


def test_bombs_dropped_on_a_plant_are_an_attack_on_its_state(rows):
    assert rows("American bombers dropped more than a dozen bunker-busting bombs on the "
                "enrichment plant at Natanz on Sunday.") == [
        ("Offensive", ("United States",), ("Iran",), "Naţanz", "2025-03-09", (12, "atLeast"),
         "asserted")]


def test_more_than_a_dozen_is_at_least_twelve():
    found = parse_quantity("more than a dozen bunker-busting bombs")
    assert (found.value, found.qualifier) == (12, "atLeast")


# ----------------------------------------------------------------- sanctions


def test_a_listing_of_unnamed_people_joins_the_measure_before_it_with_its_count(rows):
    assert rows("On Thursday Oslo followed up with sanctions on Iran's missile programme. "
                "The Norwegian foreign ministry blacklisted 14 people and two companies "
                "that it said had helped build engines.") == [
        ("Sanction", ("Norway",), ("Iran",), None, "2025-03-06", (14, "exact"), "asserted")]


def test_a_sanction_on_counted_people_of_a_state_counts_them(rows):
    assert rows("The United States sanctioned three Mexican cartel leaders on Thursday.") == [
        ("Sanction", ("United States",), ("Mexico",), None, "2025-03-06", (3, "exact"),
         "asserted")]


def test_named_firms_are_the_targets_and_the_listed_vessels_the_count(rows):
    assert rows("The US Treasury on Friday designated Velnor Oil and Kastrel Gas, which "
                "together pump 2 million barrels a day, along with 140 vessels.") == [
        ("Sanction", ("United States Department of the Treasury", "United States"),
         ("Velnor Oil", "Kastrel Gas"), None, "2025-03-07", (140, "exact"), "asserted")]


def test_the_group_a_later_listing_names_is_the_one_listed_before_not_its_imposer(rows):
    assert rows("The US Treasury on Friday designated Velnor Oil and Kastrel Gas. Britain "
                "took matching action against the two producers on the same day.") == [
        ("Sanction", ("United States Department of the Treasury", "United States"),
         ("Velnor Oil", "Kastrel Gas"), None, "2025-03-07", None, "asserted"),
        ("Sanction", ("United Kingdom",), ("Velnor Oil", "Kastrel Gas"), None, "2025-03-07",
         None, "asserted")]


def test_people_introduced_by_a_count_are_nobody_named_before(rows):
    assert rows("Leaders of the Group of Seven met on Sunday. Canada blacklisted 12 people "
                "and two companies on Monday.") == [
        ("Meeting", ("Group of Seven",), (), None, "2025-03-09", None, "asserted")]


# ----------------------------------------------------------------- aid


def test_aid_without_a_recipient_goes_where_the_aid_before_it_went(rows):
    assert rows("Norway pledged 40 million euros in humanitarian aid for Yemen on Tuesday. "
                "Canada promised $25 million.") == [
        ("Aid", ("Norway",), ("Yemen",), None, "2025-03-11", (40000000, "exact"), "planned"),
        ("Aid", ("Canada",), ("Yemen",), None, "2025-03-11", (25000000, "exact"), "planned")]


def test_the_supplier_of_aid_to_a_state_gives_to_that_state(rows):
    [aid] = rows("Denmark, the largest supplier of military aid to Moldova, pledged eight "
                 "more howitzers worth 30 million euros on Monday.")
    assert aid[:3] == ("Aid", ("Denmark",), ("Moldova",))
    assert aid[5] == (30000000, "exact")


def test_assistance_to_help_a_state_do_something_is_aid_to_it(rows):
    assert rows("Japan announced $4 million in emergency assistance to help Malawi rebuild "
                "flooded schools.") == [
        ("Aid", ("Japan",), ("Malawi",), None, None, (4000000, "exact"), "asserted")]


def test_a_bills_share_for_a_state_is_aid_to_it_of_that_share(rows):
    assert rows("Canada approved a $4 billion foreign aid bill, which includes about "
                "$1.5 billion for Ukraine and $500 million for Haiti.") == [
        ("Aid", ("Canada",), ("Ukraine",), None, None, (1500000000, "approx"), "asserted")]


def test_aid_said_to_go_to_no_state_takes_no_recipient_from_before(rows):
    found = rows("Norway pledged 40 million euros in humanitarian aid for Yemen on Tuesday. "
                 "Iran insists it has never supplied weapons to either side.")
    assert ("Aid", ("Iran",), (), None, None, None, "denied") in found


def test_a_denied_supply_takes_no_recipient_from_the_aid_before(rows):
    found = rows("Norway pledged 40 million euros in humanitarian aid for Yemen on Tuesday. "
                 "Iran insists it has never supplied lethal weapons.")
    assert ("Aid", ("Iran",), (), None, None, None, "denied") in found


def test_militants_neutralised_is_the_toll_told_after_an_attack(rows):
    """"neutralised", "eliminated": the words a military uses for the enemy it killed."""
    [strike] = rows("Chilean jets struck targets in northern Peru on Monday. The ministry "
                    "said 19 militants had been neutralised.")
    assert strike[0] == "Offensive" and strike[5] == (19, "exact")


@pytest.mark.parametrize("body, count", [
    ("A group of about 100 Chilean military instructors arrived in Lima on Sunday.",
     (100, "approx")),
    ("A contingent of 300 Kenyan police officers arrived in Haiti on Tuesday.", (300, "exact")),
])
def test_a_collective_noun_counts_its_members(rows, body, count):
    [deployment] = rows(body)
    assert deployment[0] == "Deployment" and deployment[5] == count
