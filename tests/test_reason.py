"""The reasoner: HermiT finds the seed consistent, names a contradiction, materialises types."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, XSD, Graph, Literal, URIRef

from geokg.cli.commands import main
from geokg.rdf.mapper import GK, SEM
from geokg.rdf.reason import explain, reasoning_copy

pytest.importorskip("owlready2")
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reason"
CONTRADICTORY = FIXTURES / "contradictory.ttl"
JANE = URIRef("https://example.org/kg/person/jane-doe")
DIPLOMATIC = """
PREFIX gk: <https://w3id.org/geokg/ontology#>
SELECT ?event WHERE { ?event a gk:DiplomaticEvent }
"""


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory, seed_article) -> tuple[Path, Graph]:
    """The seed article through geokg.pipeline and the mapper, written as Turtle."""
    from geokg import pipeline
    from geokg.rdf import mapper

    graph = mapper.article_graph(pipeline.process(seed_article))
    path = tmp_path_factory.mktemp("reason") / "seed.ttl"
    graph.serialize(path, format="turtle")
    return path, graph


@pytest.fixture(scope="module")
def materialized(seed_graph, tmp_path_factory):
    """`geokg reason seed.ttl --materialize -o inferred.ttl`: the run and its output."""
    out = tmp_path_factory.mktemp("inferred") / "inferred.ttl"
    result = run("reason", seed_graph[0], "--materialize", "-o", out)
    return result, out


def test_the_seed_graph_is_consistent_with_the_ontology(materialized, seed_graph):
    result, out = materialized
    assert result.exit_code == 0, result.output
    assert f"{seed_graph[0]}: consistent with the ontology (HermiT" in result.stderr
    assert out.is_file()


def test_materialized_types_let_a_query_find_visits_and_meetings(materialized, seed_graph):
    _, out = materialized
    graph = seed_graph[1]
    inferred = Graph().parse(out, format="turtle")
    found = {row.event for row in inferred.query(DIPLOMATIC)}
    visits = set(graph.subjects(RDF.type, GK.Visit))
    meetings = set(graph.subjects(RDF.type, GK.Meeting))
    statements = set(graph.subjects(RDF.type, GK.Statement))
    assert len(visits) == 1 and len(meetings) == 1
    assert found == visits | meetings | statements
    assert not set(graph.query(DIPLOMATIC))  # the asserted graph alone finds none
    visit = next(iter(visits))
    assert {(visit, RDF.type, cls) for cls in (GK.Event, SEM.Event)} <= set(inferred)
    # The data is written as it was: dates keep their XSD types, every triple is kept.
    assert all(t in inferred for t in graph)
    assert any(o.datatype == XSD.date for o in inferred.objects(visit, GK.date))


def test_a_person_typed_as_a_country_is_inconsistent_and_named():
    result = run("reason", CONTRADICTORY)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"geokg: error: {CONTRADICTORY}: inconsistent with the ontology")
    assert lines[1:] == [
        f"  {JANE.n3()} is a gk:Person (asserted) and a gk:Country (asserted), but "
        "owl:AllDisjointClasses(gk:Person gk:Country gk:Organization gk:Place gk:Event)"
    ]


def test_output_without_materialize_is_a_usage_error(tmp_path):
    result = run("reason", CONTRADICTORY, "-o", tmp_path / "x.ttl")
    assert result.exit_code == 2
    assert not (tmp_path / "x.ttl").exists()


def test_missing_data_file_is_an_input_error(tmp_path):
    result = run("reason", tmp_path / "nope.ttl")
    assert result.exit_code == 2
    assert "no such file" in result.stderr


# ---------------------------------------------------------------- without HermiT


def test_reasoning_copy_retypes_only_dates_outside_owl2():
    data = Graph()
    event = URIRef("https://example.org/kg/event/e")
    data.add((event, GK.date, Literal("2024-05", datatype=XSD.gYearMonth)))
    data.add((event, GK.trigger, Literal("arrived")))
    copy, retyped = reasoning_copy(data)
    assert retyped == 1
    assert (event, GK.date, Literal("2024-05", datatype=XSD.string)) in copy
    assert (event, GK.trigger, Literal("arrived")) in copy
    assert (GK.Visit, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in copy


def test_explain_follows_domains_and_subclasses():
    """An event used as an actor is a sem:Actor by range; gk:Event is disjoint from Person."""
    data = Graph()
    event = URIRef("https://example.org/kg/event/e")
    person = URIRef("https://example.org/kg/person/p")
    data.add((event, RDF.type, GK.Visit))
    data.add((person, RDF.type, GK.Person))
    data.add((person, GK.trigger, Literal("x")))  # gk:trigger has domain gk:Event
    assert explain(data) == [
        f"{person.n3()} is a gk:Person (asserted) and a gk:Event (domain of gk:trigger), "
        "but owl:AllDisjointClasses(gk:Person gk:Country gk:Organization gk:Place gk:Event)"
    ]


def test_explain_names_a_literal_outside_its_range():
    data = Graph()
    quantity = URIRef("https://example.org/kg/event/e/quantity")
    data.add((quantity, RDF.type, GK.Quantity))
    data.add((quantity, GK.value, Literal("many")))
    assert explain(data) == [
        f'{quantity.n3()} gk:value "many": xsd:string is not in the range xsd:integer of gk:value'
    ]
