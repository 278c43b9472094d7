"""The start-up cache of the parsed ontology and shapes: made once, read back the same."""

from __future__ import annotations

import pickle

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from geokg import resources
from geokg.rdf import startup, validate, vocab

TEXT = '@prefix ex: <https://example.org/> .\nex:a ex:p "1", [ ex:q ex:b ] .\n'


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """A start-up cache folder of this test's own; the process-wide graphs are made again
    after the test (from the user's cache, as before)."""
    monkeypatch.setenv(resources.CACHE_ENV, str(tmp_path))
    vocab.ontology_graph.cache_clear()
    validate.shapes_graph.cache_clear()
    yield tmp_path
    vocab.ontology_graph.cache_clear()
    validate.shapes_graph.cache_clear()


def parse(text: str = TEXT) -> Graph:
    return Graph().parse(data=text, format="turtle")


def test_made_once_then_read_back_the_same(cache_home):
    made = startup.cached_graph("example", [TEXT], [startup.__file__], parse)
    (stored,) = cache_home.glob("example-*.pickle")
    key = startup.graph_key("example", [TEXT], [startup.__file__])
    assert stored.name == f"example-{key}.pickle"
    read = startup.cached_graph("example", [TEXT], [startup.__file__],
                                lambda: pytest.fail("parsed again"))
    assert read is not made
    assert set(read) == set(made)  # the same blank nodes too
    assert dict(read.namespaces()) == dict(made.namespaces())


def test_ontology_and_shapes_read_back_the_same(cache_home):
    ontology, shapes = vocab.ontology_graph(), validate.shapes_graph()
    assert {p.name.split("-")[0] for p in cache_home.glob("*.pickle")} == {"ontology", "shapes"}
    vocab.ontology_graph.cache_clear()
    validate.shapes_graph.cache_clear()
    ontology_again, shapes_again = vocab.ontology_graph(), validate.shapes_graph()
    assert ontology_again is not ontology and shapes_again is not shapes
    assert set(ontology_again) == set(ontology)
    assert set(shapes_again) == set(shapes)
    assert sorted(ontology_again.namespaces()) == sorted(ontology.namespaces())
    assert sorted(shapes_again.namespaces()) == sorted(shapes.namespaces())
    assert isinstance(shapes_again.store, validate._RememberingStore)
    uncached = Graph()
    for name in vocab.ONTOLOGY_FILES:
        uncached.parse(data=resources.file("ontology", name).read_text("utf-8"), format="turtle")
    assert isomorphic(uncached, ontology_again)


def test_damaged_file_is_parsed_again(cache_home):
    path = cache_home / f"example-{startup.graph_key('example', [TEXT], [])}.pickle"
    path.write_bytes(b"not a pickle")
    made = startup.cached_graph("example", [TEXT], [], parse)
    assert len(made) == 3
    assert set(pickle.loads(path.read_bytes())) == set(made)  # replaced


def test_key_follows_text_code_and_name(tmp_path):
    code = tmp_path / "code.py"
    code.write_text("A = 1\n")
    key = startup.graph_key("example", [TEXT], [str(code)])
    assert startup.graph_key("example", [TEXT + "\n"], [str(code)]) != key
    assert startup.graph_key("example", ["", TEXT], [str(code)]) != key
    assert startup.graph_key("other", [TEXT], [str(code)]) != key
    code.write_text("A = 2\n")
    assert startup.graph_key("example", [TEXT], [str(code)]) != key


def test_off_parses_every_time_and_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(resources.CACHE_ENV, "off")
    monkeypatch.chdir(tmp_path)
    made = [startup.cached_graph("example", [TEXT], [], parse) for _ in range(2)]
    assert made[0] is not made[1]
    assert not list(tmp_path.rglob("*.pickle"))


def test_unwritable_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv(resources.CACHE_ENV, str(blocker / "cache"))  # a folder inside a file
    graph = startup.cached_graph("example", [TEXT], [], parse)
    assert (URIRef("https://example.org/a"), URIRef("https://example.org/p"),
            Literal("1")) in graph
