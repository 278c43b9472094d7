"""Dates counted from another moment keep their words and what they count from.

"The following day" counts from the day of another event of the article, "on
Monday" from the publication date: the time node of each event holds the
expression (gk:expression) and that anchor (gk:relativeTo), an event or the
article. Invented names and places throughout.
"""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

import geokg
from geokg.rdf.mapper import GK, TIME

BASE = "https://w3id.org/geokg/id/"
ARTICLE = URIRef(f"{BASE}article/text")


def times(text: str, published: str | None = "2024-03-08") -> dict[str, set[tuple]]:
    """Event type -> the (predicate, object) pairs of its time node, with events and the
    article as "event:TYPE" and "article"."""
    analysis = geokg.analyse(text, published=published)
    graph = analysis.graph
    names = {URIRef(e.event): f"event:{e.type}" for e in analysis.events}
    names[ARTICLE] = "article"
    found: dict[str, set[tuple]] = {}
    for event in analysis.events:
        node = graph.value(URIRef(event.event), GK.time)
        found[event.type] = {(p, names.get(o, o)) for p, o in graph.predicate_objects(node)
                             if p in (GK.expression, GK.relativeTo, TIME.inXSDDate)}
    return found


def day(iso: str) -> Literal:
    return Literal(iso, datatype=XSD.date)


def test_the_following_day_points_at_the_event_it_counts_from():
    found = times("Minister visits Valdoria\n"
                  "Foreign Minister Tomas Verhoeven of Belgium visited Valdoria on Monday. "
                  "The following day he met President Arno Kessel in Lindgrad.\n")
    assert found == {
        "Visit": {(GK.expression, Literal("on Monday")), (TIME.inXSDDate, day("2024-03-04")),
                  (GK.relativeTo, "article")},
        "Meeting": {(GK.expression, Literal("The following day")),
                    (TIME.inXSDDate, day("2024-03-05")), (GK.relativeTo, "event:Visit")},
    }


def test_a_day_earlier_counts_back_from_a_date_stated_in_full():
    found = times("Talks in Lindgrad\n"
                  "President Arno Kessel met Foreign Minister Tomas Verhoeven of Belgium in "
                  "Lindgrad on March 5, 2024. A day earlier, Verhoeven visited Valdoria.\n")
    assert found == {
        # stated in full: counted from nothing
        "Meeting": {(GK.expression, Literal("on March 5, 2024")),
                    (TIME.inXSDDate, day("2024-03-05"))},
        "Visit": {(GK.expression, Literal("A day earlier")), (TIME.inXSDDate, day("2024-03-04")),
                  (GK.relativeTo, "event:Meeting")},
    }


def test_the_same_day_points_at_the_event_of_that_day():
    found = times("Troops sent\n"
                  "Belgium imposed sanctions on Belarus on Tuesday. "
                  "On the same day, Belgium sent 300 troops to Lindgrad.\n")
    assert found["Deployment"] == {(GK.expression, Literal("the same day")),
                                   (TIME.inXSDDate, day("2024-03-05")),
                                   (GK.relativeTo, "event:Sanction")}
    assert (GK.relativeTo, "article") in found["Sanction"]


def test_a_day_no_event_carries_counts_through_it_from_the_publication():
    """"Parliament reconvened on Monday" is no event: the troops were sent on the day
    after a Monday counted from the publication date."""
    found = times("Troops sent\n"
                  "The Valdorian parliament reconvened on Monday. "
                  "The following day, Belgium sent 300 troops to Lindgrad.\n")
    assert found == {"Deployment": {(GK.expression, Literal("The following day")),
                                    (TIME.inXSDDate, day("2024-03-05")),
                                    (GK.relativeTo, "article")}}


def test_without_a_publication_date_nothing_is_counted_from_the_article():
    """The year is then inferred from the text (gk:yearInferred): no publication to point at."""
    found = times("Minister visits Valdoria\n"
                  "Foreign Minister Tomas Verhoeven of Belgium visited Valdoria on March 4, 2024. "
                  "The following day he met President Arno Kessel in Lindgrad.\n", published=None)
    assert found["Visit"] == {(GK.expression, Literal("on March 4, 2024")),
                              (TIME.inXSDDate, day("2024-03-04"))}
    assert (GK.relativeTo, "event:Visit") in found["Meeting"]


@pytest.mark.parametrize("phrase", ["last week", "yesterday", "on Monday"])
def test_a_date_counted_from_the_publication_points_at_the_article(phrase):
    found = times(f"Aid\nBelgium sent 300 troops to Valdoria {phrase}.\n")
    assert (GK.relativeTo, "article") in found["Deployment"]
    assert (GK.expression, Literal(phrase)) in found["Deployment"]
