"""Fields of diplomatic and military non-fight events (visits, meetings, deployments,
aid, sanctions, agreements, statements) in real-news constructions: where, when,
whom. Invented names and wording only; each test is one construction, fixed once in
the layer that owns it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from geokg.entities.link import link
from geokg.entities.ruler import parse
from geokg.events.extract import extract

WEDNESDAY = date(2025, 3, 12)


@pytest.fixture
def events(make_article, nlp):
    """(type, actors, targets, place, date, quantity, status, sources) of each event."""

    def run(body: str, published: date = WEDNESDAY) -> list[tuple]:
        article = replace(make_article(body), published=published)
        doc = parse(article)
        linked = link(article, doc)

        def label(key: str | None) -> str | None:
            return linked.entities[key].label if key else None

        found = extract(article, doc, linked)
        found.sort(key=lambda e: e.mentions[0].sentence.start)
        return [(e.type, tuple(label(k) for k in e.actors), tuple(label(k) for k in e.targets),
                 label(e.place), e.time.iso if e.time else None,
                 e.quantity.value if e.quantity else None, e.status,
                 tuple(label(k) for k in e.attributed_to)) for e in found]

    return run


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
