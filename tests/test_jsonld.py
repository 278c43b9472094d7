"""JSON-LD output: compacted with the context geokg ships, same triples as the Turtle."""

from __future__ import annotations

import json

from rdflib import OWL, RDF, Dataset, Graph
from rdflib.compare import isomorphic

from geokg import pipeline, resources
from geokg.rdf.vocab import GK, PREFIXES, ontology_graph


def shipped_context() -> dict:
    return json.loads(resources.file("ontology", "context.jsonld").read_text("utf-8"))["@context"]


def test_context_declares_the_prefixes_the_graphs_are_written_with():
    context = shipped_context()
    assert {p: context[p] for p in PREFIXES} == {p: str(ns) for p, ns in PREFIXES.items()}


def test_context_has_a_term_for_every_ontology_property_but_gk_time():
    """gk:time keeps its prefixed name: the term 'time' is the OWL-Time prefix."""
    context, onto = shipped_context(), ontology_graph()
    for kind, expected in ((OWL.ObjectProperty, True), (OWL.DatatypeProperty, False)):
        for prop in onto.subjects(RDF.type, kind):
            name = str(prop).removeprefix(str(GK))
            if not str(prop).startswith(str(GK)) or name == "time":
                continue
            want = {"@id": f"gk:{name}", "@type": "@id"} if expected else f"gk:{name}"
            assert context[name] == want, name


def test_jsonld_build_is_compact_and_expands_to_the_turtle_triples(seed_article, tmp_path):
    cache = tmp_path / "cache"
    pipeline.build([seed_article], tmp_path / "kg.ttl", cache_dir=cache)
    pipeline.build([seed_article], tmp_path / "kg.jsonld", cache_dir=cache)

    document = json.loads((tmp_path / "kg.jsonld").read_text("utf-8"))
    assert document["@context"] == {**shipped_context(), "id": "https://w3id.org/geokg/id/"}
    events = [node for node in document["@graph"] if node.get("@type") == "gk:Visit"]
    assert [(e["cameoCode"], e["status"], e["actor"]) for e in events] == [
        ("cameo:042", "gk:Asserted", "https://w3id.org/geokg/id/person/takeshi-iwaya")]

    expanded = Dataset().parse(tmp_path / "kg.jsonld", format="json-ld")
    triples = Graph()
    for s, p, o, _ in expanded.quads((None, None, None, None)):
        triples.add((s, p, o))
    turtle = Graph().parse(tmp_path / "kg.ttl")
    assert len(triples) == len(turtle) > 300
    assert isomorphic(triples, turtle)
