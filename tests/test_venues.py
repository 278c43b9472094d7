"""Venues as places: listed seats and bases, venues named in the text, and the
graph that says which city a venue lies in."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from geokg.entities.link import link
from geokg.entities.ruler import parse
from geokg.events.extract import extract
from geokg.model import Article, ArticleResult, Entity, Linked
from geokg.rdf.iris import event_iri
from geokg.rdf.mapper import GK, article_graph
from geokg.rdf.validate import validate

B = "https://w3id.org/geokg/id/"


@pytest.fixture
def run(nlp, make_article):
    def run(body: str):
        article = make_article(body)
        return link(article, nlp(article.body))

    return run


def keys_of(linked, text):
    return [m.entity for m in linked.mentions if m.text == text]


@pytest.mark.parametrize(("body", "key", "how"), [
    ("At the Kremlin on Tuesday the two leaders held talks.", "place/kremlin", "name"),
    ("In an address from the White House, the president spoke.", "place/white-house", "name"),
    ("The Kremlin said the talks had gone well.", "country/RU", "metonym"),
    ("Officials at the Kremlin were said to be furious.", "country/RU", "metonym"),
    ("The White House announced new sanctions on Monday.", "country/US", "metonym"),
])
def test_a_seat_of_power_is_the_building_only_where_the_words_say_so(run, body, key, how):
    linked = run(body)
    word = "Kremlin" if "Kremlin" in body else "White House"
    assert keys_of(linked, word) == [key]
    assert [m.how for m in linked.mentions if m.text == word] == [how]


def test_a_listed_venue_lies_in_its_city_and_country(run):
    linked = run("At the Kremlin on Tuesday the two leaders held talks.")
    kremlin = linked.entities["place/kremlin"]
    assert (kremlin.label, kremlin.type, kremlin.country, kremlin.located_in) == (
        "Kremlin", "Place", "RU", "city/524901")
    assert linked.entities["city/524901"].label == "Moscow"


def test_an_air_base_is_a_place_even_where_no_city_is_listed(run):
    linked = run("Missiles were fired at Al Udeid Air Base in Qatar on Monday.")
    base = linked.entities["place/al-udeid-air-base"]
    assert (base.label, base.type, base.country, base.located_in) == (
        "Al Udeid Air Base", "Place", "QA", None)


@pytest.mark.parametrize(("body", "name", "city"), [
    ("The envoys sat down at the Veldran Palace in Kyiv on Monday.", "Veldran Palace",
     "city/703448"),
    ("The last troops left the Adji Tormo base in Warsaw on Thursday.", "Adji Tormo base",
     "city/756135"),
])
def test_a_venue_written_in_the_text_lies_in_its_sentence_city(run, body, name, city):
    linked = run(body)
    key = keys_of(linked, name)
    assert len(key) == 1 and key[0].startswith("place/")
    venue = linked.entities[key[0]]
    assert (venue.label, venue.type, venue.located_in) == (name, "Place", city)
    assert venue.country == linked.entities[city].country


def test_a_state_air_base_is_no_venue_name(run):
    linked = run("The jets landed at the Russian air base on Friday.")
    assert not [e for e in linked.entities.values() if e.type == "Place"]


def test_the_graph_says_which_city_a_venue_lies_in():
    entities = {
        "country/FD": Entity("country/FD", "Freedonia", "Country", country="FD"),
        "city/703001": Entity("city/703001", "Sampletown", "City", country="FD",
                              geonames=703001),
        "place/sample-palace": Entity("place/sample-palace", "Sample Palace", "Place",
                                      country="FD", located_in="city/703001"),
        "person/jane-doe": Entity("person/jane-doe", "Jane Doe", "Person"),
    }
    article = Article(path=Path("a.txt"), doc_id="a", text="Jane Doe spoke.", headline="H",
                      body_start=0, body_end=15)
    graph = article_graph(ArticleResult(article, Linked(entities=entities), []))
    palace, town = URIRef(B + "place/sample-palace"), URIRef(B + "place/703001")
    assert (palace, GK.locatedIn, town) in graph
    assert (palace, RDF.type, GK.Place) in graph
    assert (palace, GK.inCountry, URIRef(B + "country/FD")) in graph
    assert validate(graph).conforms


def test_a_listed_venue_in_a_dateline_is_where_the_story_was_filed(nlp, make_article):
    article = make_article("VELDRAN AIR BASE, Germany — Ministers met on Friday.")
    linked = link(article, nlp(article.body))
    assert not [m for m in linked.mentions if m.how == "dateline"]  # not listed: no venue
    article = make_article("RAMSTEIN AIR BASE, Germany — Ministers met on Friday.")
    linked = link(article, nlp(article.body))
    assert [(m.entity, m.text) for m in linked.mentions if m.how == "dateline"] == [
        ("place/ramstein-air-base", "RAMSTEIN AIR BASE")]


def test_a_meeting_and_a_separate_meeting_at_a_dateline_venue_are_two_events(
        nlp, make_article):
    article = make_article(
        "CAMP DAVID, Maryland — President Lena Ortiz hosted Prime Minister Taro Mori and "
        "President Kim Dae-ho on Friday. The gathering with Mori and Kim was the first "
        "summit of its kind. Mori and Kim also sat down for a separate bilateral meeting "
        "at the retreat.")
    doc = parse(article)
    linked = link(article, doc)
    meetings = [e for e in extract(article, doc, linked) if e.type == "Meeting"]
    assert [linked.entities[e.place].label for e in meetings] == ["Camp David", "Camp David"]
    assert len({event_iri(e) for e in meetings}) == 2
