"""WRITE stage: formats, dataset merging, atomic replacement, stdout."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from geokg.errors import InputError
from geokg.rdf.write import rdf_format, write_graph, write_text

EX = "https://example.org/"
A, B = URIRef(EX + "a"), URIRef(EX + "b")


def two_graph_dataset() -> Dataset:
    dataset = Dataset()
    dataset.graph(URIRef(EX + "graph/one")).add((A, RDFS.label, Literal("Alpha")))
    two = dataset.graph(URIRef(EX + "graph/two"))
    two.add((B, RDFS.label, Literal("Beta")))
    two.add((A, RDFS.label, Literal("Alpha")))  # same triple in both graphs
    return dataset


def one_graph() -> Graph:
    graph = Graph()
    graph.add((A, RDFS.label, Literal("Alpha")))
    return graph


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [("kg.ttl", None, "turtle"), ("kg.trig", None, "trig"), ("kg.nq", None, "nquads"),
     ("kg.jsonld", None, "json-ld"), ("kg.nt", None, "nt"), ("kg.out", "trig", "trig"),
     ("KG.TTL", None, "turtle")],
)
def test_format_from_suffix_or_option(name, fmt, expected):
    assert rdf_format(name, fmt) == expected


def test_unknown_suffix_names_file():
    with pytest.raises(InputError, match=r"^kg\.rdfx: cannot tell the RDF format"):
        rdf_format("kg.rdfx")


def test_dataset_to_turtle_merges_graphs(tmp_path):
    out = tmp_path / "kg.ttl"
    assert write_graph(two_graph_dataset(), out) == 2
    back = Graph().parse(out)
    assert set(back) == {(A, RDFS.label, Literal("Alpha")), (B, RDFS.label, Literal("Beta"))}


def test_dataset_to_nquads_keeps_named_graphs(tmp_path):
    out = tmp_path / "kg.nq"
    assert write_graph(two_graph_dataset(), out) == 3
    back = Dataset().parse(out, format="nquads")
    graphs = {str(c.identifier): len(c) for c in back.contexts() if len(c)}
    assert graphs == {EX + "graph/one": 1, EX + "graph/two": 2}


def test_graph_to_trig_goes_to_default_graph(tmp_path):
    out = tmp_path / "kg.trig"
    assert write_graph(one_graph(), out) == 1
    back = Dataset().parse(out, format="trig")
    assert set(back.default_graph) == {(A, RDFS.label, Literal("Alpha"))}


def test_jsonld_round_trip(tmp_path):
    out = tmp_path / "kg.jsonld"
    write_graph(one_graph(), out)
    assert set(Graph().parse(out, format="json-ld")) == {(A, RDFS.label, Literal("Alpha"))}


def test_jsonld_bytes_do_not_depend_on_the_order_triples_were_added(tmp_path):
    """rdflib writes nodes in its store's order; geokg sorts them, so one graph is one
    text whatever order (or hash seed) built it."""
    triples = [(URIRef(EX + f"n{i}"), RDFS.label, Literal(f"label {i}")) for i in range(20)]
    triples += [(A, RDFS.seeAlso, URIRef(EX + f"n{i}")) for i in range(5)]
    forward, backward = Graph(), Graph()
    for triple in triples:
        forward.add(triple)
    for triple in reversed(triples):
        backward.add(triple)
    write_graph(forward, tmp_path / "a.jsonld")
    write_graph(backward, tmp_path / "b.jsonld")
    assert (tmp_path / "a.jsonld").read_bytes() == (tmp_path / "b.jsonld").read_bytes()


def test_creates_parent_directory(tmp_path):
    out = tmp_path / "build" / "deep" / "kg.ttl"
    write_graph(one_graph(), out)
    assert out.is_file()


def test_failure_mid_serialization_keeps_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    out = tmp_path / "kg.ttl"
    out.write_text("# the old graph\n")

    def broken_serialize(self, destination=None, **kwargs):
        destination.write(b"@prefix half: <written> .\n")
        raise RuntimeError("serializer crashed")

    monkeypatch.setattr(Graph, "serialize", broken_serialize)
    with pytest.raises(RuntimeError, match="serializer crashed"):
        write_graph(one_graph(), out)
    assert out.read_text() == "# the old graph\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.ttl"]


def test_interrupt_mid_serialization_leaves_no_file(tmp_path, monkeypatch):
    out = tmp_path / "kg.ttl"

    def interrupted(self, destination=None, **kwargs):
        destination.write(b"partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(Graph, "serialize", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_graph(one_graph(), out)
    assert list(tmp_path.iterdir()) == []


def test_success_replaces_old_file_with_normal_permissions(tmp_path):
    out = tmp_path / "kg.nt"
    out.write_text("old\n")
    write_graph(one_graph(), out)
    assert out.read_text().strip() == f'<{EX}a> <{RDFS.label}> "Alpha" .'
    assert out.stat().st_mode & 0o077 != 0  # not the 0600 of a raw temp file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.nt"]


def test_dash_writes_turtle_to_stdout(capsysbinary):
    assert write_graph(one_graph(), "-") == 1
    out = capsysbinary.readouterr().out.decode()
    assert f"<{EX}a>" in out or "ns1:a" in out
    assert '"Alpha"' in out


def test_dash_with_format(capsysbinary):
    write_graph(one_graph(), "-", "nt")
    assert capsysbinary.readouterr().out.decode().strip() == f'<{EX}a> <{RDFS.label}> "Alpha" .'


def test_output_path_is_a_directory(tmp_path):
    (tmp_path / "kg.ttl").mkdir()
    with pytest.raises(InputError, match="kg.ttl: is a directory"):
        write_graph(one_graph(), tmp_path / "kg.ttl")


def test_write_text_atomic_and_stdout(tmp_path, capsys):
    out = tmp_path / "events.json"
    write_text("[]\n", out)
    assert out.read_text() == "[]\n"
    write_text("[]\n", "-")
    assert capsys.readouterr().out == "[]\n"


def test_another_files_os_error_inside_the_block_is_not_called_a_write_error(tmp_path):
    """Work done while the output is open (a build reading the ontology) can fail with an
    OSError about its own file: that error passes through, not 'cannot write OUT'."""
    from geokg.rdf.write import atomic_output

    out = tmp_path / "kg.nq"
    missing = str(tmp_path / "ontology" / "geokg.ttl")
    with pytest.raises(FileNotFoundError) as caught, atomic_output(out) as stream:
        stream.write(b"x")
        raise FileNotFoundError(2, "No such file or directory", missing)
    assert caught.value.filename == missing
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(InputError, match=r"kg.nq: cannot write \(No space left on device\)"), \
            atomic_output(out):
        raise OSError(28, "No space left on device")
