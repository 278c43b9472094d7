"""geokg.rdf.turtle writes exactly the bytes rdflib's Turtle and TriG serialisers write."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from rdflib import XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from geokg.rdf import turtle
from geokg.rdf.vocab import GK, bind_prefixes

FIXTURES = Path(__file__).parent / "fixtures"
EX = Namespace("https://example.org/unbound/")
ID = Namespace("https://w3id.org/geokg/id/")


def ours(data: Graph, fmt: str) -> bytes:
    stream = BytesIO()
    turtle.serialize(data, stream, fmt)
    return stream.getvalue()


def rdflibs(data: Graph, fmt: str) -> bytes:
    return data.serialize(format=fmt, encoding="utf-8")


def awkward_graph() -> Graph:
    """IRIs with and without prefixes, local names rdflib refuses to shorten, literals."""
    graph = Graph()
    bind_prefixes(graph)
    event = ID["event/dev01/visit-1"]
    graph.add((event, RDF.type, GK.Visit))
    graph.add((event, RDFS.label, Literal("Visit to Kyiv", lang="en")))
    graph.add((event, GK.confidence, Literal("0.8", datatype=XSD.decimal)))
    graph.add((event, GK["count"], Literal(3)))
    graph.add((event, GK.participant, ID["country/UA"]))
    graph.add((event, GK.participant, ID["person(x)"]))  # brackets in a local name
    graph.add((event, GK.note, Literal('say "hi"\nthen go')))
    graph.add((ID["country/UA"], RDFS.seeAlso, URIRef("https://sws.geonames.org/690791/")))
    graph.add((ID["end."], RDFS.label, Literal("a local name ending in a dot")))
    graph.add((ID["plain"], GK.next, ID["plain"]))  # `id:plain`: a prefixed name after all
    return graph


@pytest.mark.parametrize("path", sorted((FIXTURES / "kg").glob("*.ttl")), ids=lambda p: p.name)
def test_fixture_graphs_same_turtle(path):
    graph = Graph()
    bind_prefixes(graph)
    graph.parse(path)
    assert ours(graph, "turtle") == rdflibs(graph, "turtle")


def test_awkward_iris_same_turtle():
    graph = awkward_graph()
    assert ours(graph, "turtle") == rdflibs(graph, "turtle")
    assert b"id:plain" in ours(graph, "turtle")


def test_prefix_generated_mid_write_is_used_for_earlier_iris():
    """The predicate's namespace gets `ns1:` while the triple is read: the subject and the
    object in it, looked up before and after, are written with it, as rdflib does."""
    graph = Graph(bind_namespaces="none")
    graph.add((EX.s, EX.p, EX.o))
    expected = rdflibs(graph, "turtle")
    graph = Graph(bind_namespaces="none")  # rdflib's run bound ns1 on the first graph
    graph.add((EX.s, EX.p, EX.o))
    written = ours(graph, "turtle")
    assert written == expected
    assert b"ns1:s ns1:p ns1:o" in written


def test_dataset_same_trig():
    dataset = Dataset()
    bind_prefixes(dataset)
    for name in ("dev01", "dev02"):
        for triple in awkward_graph():
            dataset.graph(ID[f"graph/{name}"]).add(triple)
    assert ours(dataset, "trig") == rdflibs(dataset, "trig")


def test_other_formats_go_to_rdflib():
    graph = awkward_graph()
    assert ours(graph, "nt") == rdflibs(graph, "nt")


def test_turtle_text_is_rdflibs_text():
    graph = awkward_graph()
    assert turtle.turtle_text(graph) == graph.serialize(format="turtle")
