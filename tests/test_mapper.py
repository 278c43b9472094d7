"""The mapper: exact triples for a hand-built article, determinism, merging, shapes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import rdflib.namespace
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from geokg.model import (
    Article,
    ArticleResult,
    Entity,
    Event,
    EventMention,
    Linked,
    Post,
    Quantity,
    Sentence,
    TimeValue,
)
from geokg.rdf.iris import (
    DEFAULT_BASE,
    article_iri,
    entity_iri,
    event_iri,
    graph_iri,
    post_iri,
    role_iri,
    sentence_iri,
    slug,
)
from geokg.rdf.mapper import (
    CAMEO,
    GK,
    NIF,
    ORG,
    PLOVER,
    SCHEMA,
    SEM,
    TIME,
    article_graph,
    to_dataset,
)
from geokg.rdf.validate import validate
from geokg.rdf.vocab import PROV

B = DEFAULT_BASE
XSD = Namespace(str(rdflib.namespace.XSD))  # a plain Namespace keeps pytest's collector quiet
HEADLINE = "Jane Doe visits Exampleville"
SENT1 = "Jane Doe, the Foreign Minister of Freedonia, arrived in Exampleville on Saturday."
SENT2 = "Freedonia has sent as many as 1,200 troops to Sylvania, officials said."
TEXT = f"{HEADLINE}\n{SENT1} {SENT2}\nBy John Roe\n"
S1 = TEXT.index(SENT1)
S2 = TEXT.index(SENT2)


def make_result(doc_id: str = "007_demo", extra_event: bool = True) -> ArticleResult:
    """A small invented article: a visit and a reported deployment."""
    article = Article(
        path=Path(f"articles/{doc_id}.txt"), doc_id=doc_id, text=TEXT, headline=HEADLINE,
        body_start=len(HEADLINE) + 1, body_end=TEXT.index("By John"), byline="By John Roe",
        published=date(2024, 5, 6), publisher="Example Wire", author="John Roe",
        sha256="0" * 64,
    )
    entities = {
        "person/jane-doe": Entity("person/jane-doe", "Jane Doe", "Person", country="FD",
                                  posts=[Post("Foreign Minister", country="FD")]),
        "country/FD": Entity("country/FD", "Freedonia", "Country", country="FD", geonames=111),
        "country/SY": Entity("country/SY", "Sylvania", "Country", country="SY"),
        "city/703001": Entity("city/703001", "Exampleville", "City", country="SY",
                              geonames=703001),
        "org/un": Entity("org/un", "United Nations", "Organization"),
    }
    visit = Event(
        type="Visit", actors=["person/jane-doe"], targets=["country/SY"], place="city/703001",
        time=TimeValue("2024-05-04", "day", "on Saturday"),
        mentions=[EventMention(Sentence(S1, S1 + len(SENT1), SENT1), "arrived",
                               S1 + SENT1.index("arrived"), S1 + SENT1.index("arrived") + 7)],
    )
    events = [visit]
    if extra_event:
        events.append(Event(
            type="Deployment", actors=["country/FD"], targets=["country/SY"], place="country/SY",
            time=TimeValue("2024-05", "month", "in May", year_inferred=True),
            quantity=Quantity(1200, "upTo", "as many as 1,200", unit="troops"),
            status="reported", attributed_to=["org/un"],
            mentions=[EventMention(Sentence(S2, S2 + len(SENT2), SENT2), "sent",
                                   S2 + 14, S2 + 18)],
        ))
    return ArticleResult(article, Linked(entities=entities), events)


@pytest.fixture(scope="module")
def result() -> ArticleResult:
    return make_result()


@pytest.fixture(scope="module")
def graph(result):
    return article_graph(result)


def test_iris_follow_the_table():
    assert entity_iri("country/JP") == B + "country/JP"
    assert entity_iri("city/703448") == B + "place/703448"
    assert entity_iri("region/kursk-oblast") == B + "place/kursk-oblast"
    assert entity_iri("place/x") == B + "place/x"
    assert entity_iri("person/Jane Doe") == B + "person/jane-doe"
    assert entity_iri("unit/3rd Brigade") == B + "org/3rd-brigade"
    assert entity_iri("org/nato", "http://ex.org/kg") == "http://ex.org/kg/org/nato"
    assert article_iri("000_8fdbe4dfb0182242") == B + "article/000-8fdbe4dfb0182242"
    assert graph_iri("000_x") == B + "graph/000-x"
    assert sentence_iri(B + "article/a", 3, 9) == B + "article/a/char=3,9"
    assert post_iri("Foreign Minister", "JP") == B + "post/foreign-minister/jp"
    assert post_iri("Secretary General", "org/nato") == B + "post/secretary-general/nato"
    assert role_iri("Foreign Minister") == B + "role/foreign-minister"


def test_slug_is_ascii_and_never_empty():
    assert slug("Zelenskyy’s  Café -- Déjà") == "zelenskyys-cafe-deja"
    assert slug("O'Brien") == slug("O’Brien") == "obrien"
    assert slug("東京") == slug("東京") != ""
    assert slug("東京").startswith("x") and len(slug("東京")) == 11


@pytest.mark.parametrize(("name", "expected"), [
    ("Selin Aydın", "selin-aydin"), ("Łukasz Nørgaard", "lukasz-norgaard"),
    ("Đorđe Weiß", "dorde-weiss"), ("Þóra Ævarsdóttir", "thora-aevarsdottir"),
])
def test_letters_without_an_accent_are_spelt_out_alike_in_keys_and_iris(name, expected):
    """The linker's key and the IRI of a byline must agree, or one person gets two IRIs."""
    from geokg.entities import gazetteer as gz

    assert slug(name) == gz.slug(name) == expected


UNSAFE = set(' <>"{}|^`\\')


@given(st.text(), st.text(), st.integers(0, 10**6))
def test_iris_never_contain_unsafe_characters(a, b, n):
    iris = [entity_iri(f"{k}/{a}") for k in ("person", "org", "city", "country", a)]
    iris += [article_iri(a), graph_iri(b), post_iri(a, b), role_iri(b),
             sentence_iri(article_iri(a), n, n + 1),
             event_iri(Event(type="Visit", actors=[a], targets=[b], place=a))]
    for iri in iris:
        assert not (set(iri) & UNSAFE), iri
        assert all(ord(c) > 32 for c in iri), iri


def test_event_iri_ignores_role_order_and_sourcing_but_not_certainty():
    one = Event(type="Meeting", actors=["country/AA", "country/BB"], status="reported")
    two = Event(type="Meeting", actors=["country/BB", "country/AA"])
    assert event_iri(one) == event_iri(two)
    # a planned meeting and the meeting held are two events
    planned = Event(type="Meeting", actors=["country/AA", "country/BB"], status="planned")
    assert event_iri(planned) != event_iri(two)
    assert event_iri(one) != event_iri(Event(type="Clash", actors=["country/AA", "country/BB"]))
    assert len(event_iri(one).rsplit("/", 1)[1]) == 16


def test_article_triples(graph):
    art = URIRef(B + "article/007-demo")
    author = URIRef(B + "person/john-roe")
    assert set(graph.predicate_objects(art)) == {
        (RDF.type, SCHEMA.NewsArticle),
        (SCHEMA.headline, Literal(HEADLINE)),
        (SCHEMA.author, author),
        (SCHEMA.datePublished, Literal("2024-05-06", datatype=XSD.date)),
        (SCHEMA.publisher, Literal("Example Wire")),
        (GK.sourceFile, Literal("007_demo.txt")),
        (GK.sha256, Literal("0" * 64)),
    }
    assert set(graph.predicate_objects(author)) == {
        (RDF.type, GK.Person), (RDFS.label, Literal("John Roe"))}


def test_visit_event_triples(result, graph):
    ev = URIRef(event_iri(result.events[0]))
    art = URIRef(B + "article/007-demo")
    sentence = URIRef(f"{B}article/007-demo/char={S1},{S1 + len(SENT1)}")
    time = URIRef(f"{ev}/time")
    assert set(graph.predicate_objects(ev)) == {
        (RDF.type, GK.Visit),
        (RDFS.label, Literal("Visit: Jane Doe to Sylvania")),
        (GK.actor, URIRef(B + "person/jane-doe")),
        (GK.target, URIRef(B + "country/SY")),
        (GK.place, URIRef(B + "place/703001")),
        (GK.date, Literal("2024-05-04", datatype=XSD.date)),
        (GK.time, time),
        (GK.status, GK.Asserted),
        (GK.cameoCode, CAMEO["042"]),
        (GK.ploverType, PLOVER.CONSULT),
        (GK.trigger, Literal("arrived")),
        (GK.mentionedIn, sentence),
        (GK.reportedBy, art),
        # the standard super-properties, written beside (docs/mapping.md)
        (SEM.hasActor, URIRef(B + "person/jane-doe")),
        (SEM.hasActor, URIRef(B + "country/SY")),
        (SEM.hasPlace, URIRef(B + "place/703001")),
        (SEM.hasTimeStamp, Literal("2024-05-04", datatype=XSD.date)),
        (PROV.wasDerivedFrom, art),
    }
    assert set(graph.predicate_objects(sentence)) == {
        (RDF.type, GK.Sentence),
        (NIF.anchorOf, Literal(SENT1)),
        (NIF.beginIndex, Literal(S1, datatype=XSD.nonNegativeInteger)),
        (NIF.endIndex, Literal(S1 + len(SENT1), datatype=XSD.nonNegativeInteger)),
        (GK.inArticle, art),
    }
    assert TEXT[S1:S1 + len(SENT1)] == SENT1
    assert set(graph.predicate_objects(time)) == {
        (RDF.type, TIME.Instant),
        (TIME.inXSDDate, Literal("2024-05-04", datatype=XSD.date)),
        (TIME.unitType, TIME.unitDay),
        (GK.expression, Literal("on Saturday")),
    }


def test_deployment_quantity_attribution_and_month_precision(result, graph):
    ev = URIRef(event_iri(result.events[1]))
    quantity = URIRef(f"{ev}/quantity")
    assert graph.value(ev, GK.status) == GK.Reported
    assert graph.value(ev, GK.accordingTo) == URIRef(B + "org/un")
    assert graph.value(ev, PROV.wasAttributedTo) == URIRef(B + "org/un")
    assert graph.value(ev, GK.cameoCode) == CAMEO["154"]
    assert graph.value(ev, GK.ploverType) == PLOVER.MOBILIZE
    assert graph.value(ev, GK.date) == Literal("2024-05", datatype=XSD.gYearMonth)
    time = graph.value(ev, GK.time)
    assert graph.value(time, TIME.inXSDgYearMonth) == Literal("2024-05", datatype=XSD.gYearMonth)
    assert graph.value(time, TIME.unitType) == TIME.unitMonth
    assert graph.value(time, GK.yearInferred) == Literal(True)
    assert set(graph.predicate_objects(quantity)) == {
        (RDF.type, GK.Quantity),
        (GK.value, Literal(1200, datatype=XSD.integer)),
        (GK.qualifier, GK.UpTo),
        (GK.unit, Literal("troops")),
        (GK.expression, Literal("as many as 1,200")),
    }


def test_entities_posts_and_roles(graph):
    jane = URIRef(B + "person/jane-doe")
    post = URIRef(B + "post/foreign-minister/fd")
    role = URIRef(B + "role/foreign-minister")
    fd = URIRef(B + "country/FD")
    assert set(graph.predicate_objects(jane)) == {
        (RDF.type, GK.Person), (RDFS.label, Literal("Jane Doe")),
        (GK.nationality, fd), (ORG.holds, post),
    }
    assert set(graph.predicate_objects(post)) == {
        (RDF.type, ORG.Post), (RDFS.label, Literal("Foreign Minister of Freedonia")),
        (ORG.role, role), (ORG.postIn, fd),
    }
    assert set(graph.predicate_objects(role)) == {
        (RDF.type, ORG.Role), (RDFS.label, Literal("Foreign Minister"))}
    assert set(graph.predicate_objects(fd)) == {
        (RDF.type, GK.Country), (RDFS.label, Literal("Freedonia")),
        (GK.iso3166, Literal("FD")), (GK.geonamesId, Literal(111)),
        (RDFS.seeAlso, URIRef("https://sws.geonames.org/111/")),
    }
    city = URIRef(B + "place/703001")
    assert graph.value(city, RDF.type) == GK.City
    assert graph.value(city, GK.inCountry) == URIRef(B + "country/SY")
    assert graph.value(URIRef(B + "org/un"), RDF.type) == GK.Organization


def test_explicit_cameo_code_wins_over_the_default():
    statement = Event(type="Statement", actors=["country/FD"], cameo="112",
                      mentions=make_result().events[0].mentions)
    result = make_result(extra_event=False)
    result.events.append(statement)
    graph = article_graph(result)
    node = URIRef(event_iri(statement))
    assert graph.value(node, GK.cameoCode) == CAMEO["112"]
    assert graph.value(node, GK.ploverType) == PLOVER.ACCUSE


def test_mapping_is_deterministic(result):
    one, two = article_graph(result), article_graph(make_result())
    assert isomorphic(one, two)
    assert len(one) == len(two)
    assert event_iri(result.events[0]) == event_iri(make_result().events[0])


def test_two_articles_merge_on_shared_entities_and_events():
    dataset = to_dataset([make_result("001_a"), make_result("002_b")])
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert graphs == {B + "graph/001-a", B + "graph/002-b"}
    merged = dataset.graph(URIRef(B + "graph/001-a")) + dataset.graph(URIRef(B + "graph/002-b"))
    visits = set(merged.subjects(RDF.type, GK.Visit))
    assert len(visits) == 1
    (visit,) = visits
    assert set(merged.objects(visit, GK.reportedBy)) == {
        URIRef(B + "article/001-a"), URIRef(B + "article/002-b")}
    assert len(set(merged.subjects(RDF.type, GK.Person))) == 2  # Jane Doe and the byline
    assert len(set(merged.objects(visit, GK.mentionedIn))) == 2


def test_mapper_output_conforms_to_the_shapes(graph):
    report = validate(graph)
    assert report.conforms, report.text
    assert report.violations == []


def test_dataset_conforms_to_the_shapes():
    report = validate(to_dataset([make_result("001_a"), make_result("002_b")]))
    assert report.conforms, report.text


def test_unknown_status_is_refused():
    result = make_result(extra_event=False)
    result.events[0].status = "rumoured"
    with pytest.raises(ValueError, match="unknown status 'rumoured'"):
        article_graph(result)


def test_each_named_graph_is_validated_alone():
    """One event asserted in one article and credited to a source in another."""
    planned = make_result("002_b", extra_event=False)
    planned.events[0].status = "reported"
    dataset = to_dataset([make_result("001_a", extra_event=False), planned])
    assert validate(dataset).conforms
    union = article_graph(make_result("001_a", extra_event=False)) + article_graph(planned)
    report = validate(union)
    assert [(v.shape, v.path) for v in report.violations] == [("gksh:Event-status", "gk:status")]


def test_event_label_without_known_imposer():
    result = make_result(extra_event=False)
    sanction = Event(type="Sanction", targets=["country/SY"], status="discussed",
                     mentions=result.events[0].mentions)
    result.events.append(sanction)
    graph = article_graph(result)
    assert graph.value(URIRef(event_iri(sanction)), RDFS.label) == Literal("Sanction: on Sylvania")
    assert validate(graph).conforms
