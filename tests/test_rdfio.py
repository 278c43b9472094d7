"""One table of RDF formats: every command reads the same suffixes the same way."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDFS

from geokg.errors import InputError
from geokg.rdf.formats import FORMATS, RDF_SUFFIXES, format_of, load_rdf
from geokg.rdf.write import rdf_format
from geokg.store.base import parse_rdf

A = URIRef("https://example.org/a")
B = URIRef("https://example.org/b")  # no literal: rdflib's hext adds xsd:string
G = URIRef("https://example.org/graph/g")


@pytest.mark.parametrize("suffix", RDF_SUFFIXES)
def test_validate_and_query_read_every_suffix_alike(tmp_path, suffix):
    rdf = format_of(tmp_path / f"kg{suffix}")
    path = tmp_path / f"kg{suffix}"
    if rdf.quads:
        data = Dataset()
        data.graph(G).add((A, RDFS.seeAlso, B))
    else:
        data = Graph()
        data.add((A, RDFS.seeAlso, B))
    data.serialize(path, format=rdf.name)
    (label, graph), = load_rdf(path)  # what `geokg validate` and `geokg reason` read
    assert set(graph) == {(A, RDFS.seeAlso, B)}
    assert label == (f"{path} graph <{G}>" if rdf.quads else str(path))
    (name, triples), = parse_rdf(path, "https://example.org/graph/x").items()  # `geokg query`
    assert name == (str(G) if rdf.quads else "https://example.org/graph/x")
    assert [(t.subject.value, t.object.value) for t in triples] == [(str(A), str(B))]


def test_build_writes_the_output_formats_of_the_table():
    written = {key: f.name for key, f in FORMATS.items() if f.output}
    assert written == {key: rdf_format(f"kg.{key}") for key in written}
    with pytest.raises(InputError, match="kg.rdf: cannot tell the RDF format"):
        rdf_format("kg.rdf")  # read, not written


def test_unknown_suffix_names_the_accepted_ones(tmp_path):
    notes = tmp_path / "kg.csv"
    notes.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"kg\.csv: unknown RDF format '\.csv' — use one of "
                                         r"\.ttl \.trig \.nq \.nt \.jsonld"):
        load_rdf(notes)
