"""The build's SHACL gate (pyshacl-turbo) gives pyshacl's report, word for word: on every
shape's failing case, on the good fixture, and on every article of dev, dev2 and dev3
(each alone and all merged). pyshacl stays the reference (`geokg validate`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from test_shapes import CASES, FIXTURES, broken

from geokg.rdf import validate as shacl

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SRC = Path(__file__).resolve().parent.parent / "src"


def same_report(graph: Graph) -> shacl.ValidationReport:
    reference = shacl.validate(graph)
    fast = shacl.validate(graph, fast=True)
    assert (fast.conforms, fast.text) == (reference.conforms, reference.text)
    assert fast.violations == reference.violations
    return reference


@pytest.fixture(scope="module")
def good() -> Graph:
    return Graph().parse(FIXTURES / "good.ttl", format="turtle")


def test_fast_engine_is_installed_and_used():
    import pyshacl_turbo  # a dependency: its absence is an installation to fix

    assert shacl.validate(Graph(), fast=True).conforms
    assert isinstance(shacl.shapes_graph()._geokg_fast, pyshacl_turbo.CompiledShapes)


def test_both_engines_check_the_same_shapes_graph():
    from pyshacl.shapes_graph import ShapesGraph

    assert list(shacl.SYSTEM_TRIPLES) == list(ShapesGraph.system_triples)
    assert all(triple in shacl.shapes_graph() for triple in shacl.SYSTEM_TRIPLES)
    assert shacl._compiled_shapes().graph is shacl.shapes_graph()


def test_the_fast_gate_does_not_import_pyshacl():
    """pyshacl (and rdflib's SPARQL engine it brings) is for `geokg validate` only."""
    code = ("import sys; from rdflib import Graph; from geokg.rdf import validate; "
            "assert validate.validate(Graph(), fast=True).conforms; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pyshacl'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**os.environ, "PYTHONPATH": str(SRC)})
    assert done.stdout.strip() == "[]"


def test_good_fixture_same_report(good):
    assert same_report(good).conforms


@pytest.mark.parametrize("shape", sorted(CASES))
def test_each_failing_case_same_report(good, shape):
    _, remove, add = CASES[shape]
    assert not same_report(broken(good, remove, add)).conforms


def test_without_the_fast_engine_pyshacl_checks(good, monkeypatch):
    _, remove, add = CASES[sorted(CASES)[0]]
    graph = broken(good, remove, add)
    monkeypatch.setattr(shacl.shapes_graph(), "_geokg_fast", None, raising=False)
    monkeypatch.setitem(sys.modules, "pyshacl_turbo", None)  # import fails
    assert shacl.validate(graph, fast=True).text == shacl.validate(graph).text


@pytest.fixture(scope="module")
def corpus_graphs() -> list[Graph]:
    """The graph of every article of dev, dev2 and dev3, as the build maps them."""
    from geokg import pipeline
    from geokg.rdf import mapper
    from geokg.read.article import collect_articles

    folders = [CORPUS / "dev", CORPUS / "dev2", CORPUS / "dev3"]
    if not all(f.is_dir() for f in folders):
        if os.environ.get("CI"):
            pytest.fail(f"{CORPUS} is missing under CI")
        pytest.skip(f"{CORPUS} not found: the shared corpus is not beside this checkout")
    return [mapper.article_graph(result)
            for result in pipeline.process_many(collect_articles(folders))]


def test_every_corpus_article_same_report(corpus_graphs):
    assert len(corpus_graphs) == 40
    for graph in corpus_graphs:
        same_report(graph)


def test_corpus_merged_same_report(corpus_graphs):
    merged = Graph()
    for graph in corpus_graphs:
        merged += graph
    same_report(merged)
