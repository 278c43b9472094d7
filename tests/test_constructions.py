"""Constructions of real news and the traps that look like events but are not.
Invented names and wording throughout: each case is the construction, not an article."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from geokg.entities.link import link
from geokg.entities.ruler import parse
from geokg.events.extract import extract


@pytest.fixture
def events_of(make_article, nlp):
    def run(body: str) -> list[tuple]:
        article = replace(make_article(body), published=date(2025, 3, 12))
        doc = parse(article)
        linked = link(article, doc)
        return sorted((e.type, tuple(sorted(linked.entities[k].label for k in e.actors)),
                       tuple(sorted(linked.entities[k].label for k in e.targets)), e.status)
                      for e in extract(article, doc, linked))
    return run


@pytest.mark.parametrize("body", [
    # an open question
    "Foreign Minister Ana Pereira asked whether Kenya had sent troops to Somalia.",
    "Kenya has not said whether it will send troops to Somalia.",
    # a wish or a request for one side's own act
    "Kenya wants to send troops to Somalia.",
    "Ethiopia asked Kenya to send troops to Somalia.",
    "Kenya did not want to meet Ethiopia.",
    # undone, put off, called off
    "The European Union agreed to lift sanctions on Belarus.",
    "Canada eased sanctions on Venezuela on Tuesday.",
    "The summit between Peru and Chile was postponed until next month.",
    "Peru postponed its summit with Chile.",
    "Talks between Ghana and Togo scheduled for Monday were called off.",
    "The cancelled summit between Peru and Chile had been expected to last two days.",
])
def test_trap_gives_no_event(events_of, body):
    assert events_of(body) == []


@pytest.mark.parametrize("body,expected", [
    # a meeting one side wishes for is that side's proposal
    ("Peru wishes to meet Chile later this month.",
     ("Meeting", ("Chile", "Peru"), (), "discussed")),
    # an open question under a discussing word is what is discussed
    ("Kenya is weighing whether to send troops to Somalia.",
     ("Deployment", ("Kenya",), ("Somalia",), "discussed")),
])
def test_wished_joint_event_is_discussed(events_of, body, expected):
    assert events_of(body) == [expected]


@pytest.mark.parametrize("body", [
    "Foreign Minister Ana Pereira said Iran had sent missiles to Yemen.",
    "Iran sent missiles to Yemen, Foreign Minister Ana Pereira said.",
])
def test_remark_carrying_only_an_event_is_no_statement(events_of, body):
    assert events_of(body) == [("Aid", ("Iran",), ("Yemen",), "reported")]


def test_remark_that_goes_on_stays_a_statement(events_of):
    found = events_of("Foreign Minister Ana Pereira said Iran had sent missiles to Yemen "
                      "and warned of further steps.")
    assert ("Aid", ("Iran",), ("Yemen",), "reported") in found
    assert any(e[0] == "Statement" for e in found)


@pytest.mark.parametrize("body,expected", [
    ("Under the accord, Kenya is obliged to send troops to Somalia.", []),
    ("The resolution gives Kenya 30 days to send troops to Somalia.", []),
])
def test_duties_and_terms_of_a_deal_are_no_events(events_of, body, expected):
    assert events_of(body) == expected


@pytest.mark.parametrize("body,expected", [
    ("Portugal will contribute 300 soldiers to the mission in Mali.",
     ("Deployment", ("Portugal",), ("Mali",), "planned")),
    ("Portugal will commit 300 soldiers to the NATO mission in Latvia.",
     ("Deployment", ("Portugal",), ("Latvia",), "planned")),
    ("The German parliament authorised additional forces for the mission in Lithuania.",
     ("Deployment", ("Germany",), ("Lithuania",), "asserted")),
])
def test_forces_contributed_or_authorised_are_deployed(events_of, body, expected):
    assert events_of(body) == [expected]


@pytest.mark.parametrize("body,expected", [
    ("President Ana Pereira phoned Kenya and Ethiopia on Monday.",
     [("Meeting", ("Ana Pereira", "Ethiopia"), (), "asserted"),
      ("Meeting", ("Ana Pereira", "Kenya"), (), "asserted")]),
    ("President Ana Pereira telephoned Kenyan President Samuel Otieno on Monday.",
     [("Meeting", ("Ana Pereira", "Samuel Otieno"), (), "asserted")]),
    ("Kenyan President Samuel Otieno phoned his Ethiopian counterpart on Monday.",
     [("Meeting", ("Ethiopia", "Samuel Otieno"), (), "asserted")]),
])
def test_a_call_is_a_meeting_of_two(events_of, body, expected):
    assert events_of(body) == expected


@pytest.mark.parametrize("body,expected", [
    ("Ghana hosted Togo and Benin for talks on Monday.",
     [("Meeting", ("Benin", "Ghana", "Togo"), (), "asserted"),
      ("Visit", ("Benin", "Togo"), ("Ghana",), "asserted")]),
    ("President Ama Owusu welcomed Togolese President Kofi Mensah for two days of talks.",
     [("Meeting", ("Ama Owusu", "Kofi Mensah"), (), "asserted"),
      ("Visit", ("Kofi Mensah",), ("Ama Owusu",), "asserted")]),
    ("Ghana hosted Togolese President Kofi Mensah on Monday.",
     [("Visit", ("Kofi Mensah",), ("Ghana",), "asserted")]),
])
def test_hosting_for_talks_is_a_visit_and_a_meeting(events_of, body, expected):
    assert events_of(body) == expected


def test_gapping_with_several_senders_is_one_deployment_each(events_of):
    assert events_of("France will send troops to Romania, Italy to Bulgaria and Spain to "
                     "Slovakia.") == [
        ("Deployment", ("France",), ("Romania",), "planned"),
        ("Deployment", ("Italy",), ("Bulgaria",), "planned"),
        ("Deployment", ("Spain",), ("Slovakia",), "planned")]


def test_a_list_of_destinations_is_no_gapping(events_of):
    assert events_of("France sent troops to Romania and Bulgaria.") == [
        ("Deployment", ("France",), ("Bulgaria", "Romania"), "asserted")]


@pytest.mark.parametrize("body, expected", [
    # a town's name that is also a person's ("Kira", a town in Uganda) does not act
    # for the state it lies in: the meeting has one known party only, so no event
    ("Kira met Foreign Minister Wang Yi in Beijing on Monday.", []),
    ("Kira said on Monday that the talks with Wang Yi had failed.", []),
    # a capital does act for its state (a metonym, as the linker links it)
    ("Lima met Foreign Minister Wang Yi in Beijing on Monday.",
     [("Meeting", ("Peru", "Wang Yi"), (), "asserted")]),
])
def test_a_town_does_not_act_for_its_state(events_of, body, expected):
    assert events_of(body) == expected


@pytest.mark.parametrize("body, expected", [
    # a serial comma: the parser hangs the middle item on the first as an apposition
    ("Ghana, Togo, and Benin met in Lome on Monday.",
     [("Meeting", ("Benin", "Ghana", "Togo"), (), "asserted")]),
    ("The UK, France, and Italy met in Rome on Friday.",
     [("Meeting", ("France", "Italy", "United Kingdom"), (), "asserted")]),
    ("Brazil, Argentina, and Uruguay met in Montevideo on Friday.",
     [("Meeting", ("Argentina", "Brazil", "Uruguay"), (), "asserted")]),
    ("Kenya, Uganda, and Tanzania signed a trade pact on Monday.",
     [("Agreement", ("Kenya", "Tanzania", "Uganda"), (), "asserted")]),
    # a title in apposition is no item of the list; the parser reads the second
    # name as a second subject of "met", which joins the first across "and"
    ("Chilean Foreign Minister Ana Pereira, a former judge, and Peruvian Foreign "
     "Minister Luis Ortega met in Lima on Monday.",
     [("Meeting", ("Ana Pereira", "Luis Ortega"), (), "asserted")]),
])
def test_a_serial_comma_list_is_one_coordination(events_of, body, expected):
    assert events_of(body) == expected
