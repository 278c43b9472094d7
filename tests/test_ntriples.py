"""geokg.rdf.ntriples.TermReader adds to a graph exactly what rdflib's N-Triples parser adds."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from geokg.rdf.ntriples import TermReader
from geokg.run.writers import canonical_ntriples

FIXTURES = Path(__file__).parent / "fixtures"
EX = "https://example.org/"


def same_as_rdflib(text: str, reader: TermReader | None = None) -> Graph:
    """The graph TermReader makes of `text`, after checking rdflib makes the same."""
    expected = Graph()
    expected.parse(data=text, format="nt")
    ours = Graph()
    (reader or TermReader()).add(ours, text)
    assert sorted(ours) == sorted(expected)
    assert [type(o) for _, _, o in sorted(ours)] == [type(o) for _, _, o in sorted(expected)]
    return ours


def awkward_ntriples() -> str:
    graph = Graph()
    a = URIRef(EX + "a")
    for value in (Literal('quote " and \\ and\nnew line'), Literal("Kyiv", lang="uk"),
                  Literal("0.80", datatype=XSD.decimal), Literal("7", datatype=XSD.integer),
                  Literal("x", datatype=XSD.string), Literal("2024-02-30", datatype=XSD.date),
                  Literal("Zürich — naïve"), Literal("> <not an IRI> ."),
                  URIRef(EX + "b%20c"), URIRef(EX + "é")):
        graph.add((a, RDFS.comment, value))
    return canonical_ntriples(graph)


@pytest.mark.parametrize("path", sorted((FIXTURES / "kg").glob("*.ttl")), ids=lambda p: p.name)
def test_fixture_graphs_read_as_rdflib_reads_them(path):
    graph = Graph()
    graph.parse(path)
    same_as_rdflib(canonical_ntriples(graph))


def test_literals_and_iris_read_as_rdflib_reads_them():
    graph = same_as_rdflib(awkward_ntriples())
    assert len(graph) == 10


def test_terms_are_parsed_once_across_texts():
    reader = TermReader()
    same_as_rdflib(awkward_ntriples(), reader)
    remembered = dict(reader._terms)
    same_as_rdflib(awkward_ntriples(), reader)
    assert reader._terms == remembered
    assert len(remembered) == 12  # subject, predicate, ten objects


def test_blank_nodes_go_to_rdflib_whole():
    text = f'_:b1 <{EX}p> "x" .\n<{EX}a> <{EX}q> _:b1 .\n'
    graph = Graph()
    TermReader().add(graph, text)
    assert len(graph) == 2
    (node,) = set(graph.subjects()) - {URIRef(EX + "a")}
    assert isinstance(node, BNode)
    assert (URIRef(EX + "a"), URIRef(EX + "q"), node) in graph
