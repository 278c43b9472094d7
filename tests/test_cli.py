"""The command line: help with examples, exit codes, one-line errors, no half-written output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

import geokg.pipeline
import geokg.run.progress
from geokg import __version__
from geokg.cli.commands import main
from geokg.errors import ValidationFailed
from geokg.model import Article, ArticleResult, Linked

REPO = Path(__file__).resolve().parents[1]
NO_EVENTS = (
    "Valley weather stays mild\n"
    "It rained in the valley on Monday. The farmers were pleased with the rain, and the river "
    "rose a little. More rain is expected later in the week, the weather office said.\n"
)


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def test_main_help_documents_exit_codes_and_examples():
    result = run("--help")
    assert result.exit_code == 0
    for line in ["0    success", "1    the data failed validation", "2    usage or input error",
                 "3    server or network error", "130  interrupted", "geokg build articles/"]:
        assert line in result.output


def test_version():
    assert run("--version").output == f"geokg, version {__version__}\n"


@pytest.mark.parametrize(
    ("command", "example"),
    [("build", "geokg build articles/ -o kg.trig"),
     ("events", "geokg events article.txt"),
     ("validate", "geokg validate build/geokg.ttl")],
)
def test_every_command_help_has_an_example(command, example):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output and example in result.output


@pytest.mark.parametrize("command", ["build", "events", "validate"])
def test_missing_file_exits_2_naming_it(command, tmp_path):
    missing = tmp_path / "missing.txt"
    result = run(command, missing)
    assert result.exit_code == 2
    assert result.output.startswith(f"geokg: error: {missing}: ")
    assert "Traceback" not in result.output


def test_usage_error_exits_2():
    result = run("events", "--format", "xml", "a.txt")
    assert result.exit_code == 2 and "Invalid value for '--format'" in result.output


def test_unexpected_error_hints_at_debug(monkeypatch, tmp_path):
    def boom(*args, **kwargs):
        raise RuntimeError("kaput")

    monkeypatch.setattr(geokg.pipeline, "process_many", boom)
    (tmp_path / "a.txt").write_text(NO_EVENTS)
    result = run("events", tmp_path / "a.txt")
    assert result.exit_code == 70
    assert result.output == (
        "geokg: error: unexpected RuntimeError: kaput — this is a bug in geokg; rerun with "
        "'geokg --debug ...' to see the traceback and report it\n"
    )
    debug = run("--debug", "events", tmp_path / "a.txt")
    assert debug.exit_code == 70 and "Traceback (most recent call last)" in debug.output


def test_ctrl_c_exits_130(monkeypatch, tmp_path):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(geokg.pipeline, "process_many", interrupted)
    (tmp_path / "a.txt").write_text(NO_EVENTS)
    result = run("events", tmp_path / "a.txt")
    assert result.exit_code == 130 and "geokg: error: interrupted" in result.output


def fake_results(paths, progress=None, doc_ids=None):
    """process_many stand-in: one empty result per file, no model needed."""
    for i, path in enumerate(paths):
        text = Path(path).read_text()
        doc_id = doc_ids[i] if doc_ids else Path(path).stem
        article = Article(path=Path(path), doc_id=doc_id, text=text,
                          headline=text.splitlines()[0], body_start=0, body_end=len(text))
        yield ArticleResult(article=article, linked=Linked(), events=[])


def tiny_graph(result, base, store=None):
    graph = Graph()
    graph.add((URIRef(base + "article/" + result.article.doc_id), RDFS.label, Literal("x")))
    return graph


def test_build_refuses_to_write_when_validation_fails(monkeypatch, tmp_path):
    import geokg.rdf.mapper

    def invalid(graph, what, consequence=""):
        raise ValidationFailed(f"{what}: does not conform{consequence}\nnode <x> shape <y>")

    monkeypatch.setattr(geokg.pipeline, "process_many", fake_results)
    monkeypatch.setattr(geokg.rdf.mapper, "article_graph", tiny_graph)
    monkeypatch.setattr(geokg.pipeline, "validate_or_fail", invalid)
    (tmp_path / "a.txt").write_text(NO_EVENTS)
    out = tmp_path / "kg.ttl"
    out.write_text("# previous build\n")
    result = run("build", tmp_path / "a.txt", "-o", out)
    assert result.exit_code == 1
    assert f"{tmp_path / 'a.txt'}: does not conform, so {out} was not written" in result.output
    assert "node <x> shape <y>" in result.output
    assert out.read_text() == "# previous build\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".geokg-cache", "a.txt", "kg.ttl"]
    # the article's extraction is kept (a rebuild need not parse it), no output of it
    entries = sorted(p.name.split("-", 1)[1] for p in (tmp_path / ".geokg-cache").rglob("*.json"))
    assert entries == ["extracted.json", "names.json"]


def test_build_trig_has_one_named_graph_per_article(monkeypatch, tmp_path):
    from rdflib import Dataset

    import geokg.rdf.mapper

    monkeypatch.setattr(geokg.pipeline, "process_many", fake_results)
    monkeypatch.setattr(geokg.rdf.mapper, "article_graph", tiny_graph)
    monkeypatch.setattr(geokg.pipeline, "validate_or_fail", lambda *a, **k: None)
    for name in ["one.txt", "two.md"]:
        (tmp_path / name).write_text(NO_EVENTS)
    out = tmp_path / "out" / "kg.trig"
    result = run("build", tmp_path, "-o", out, "--base", "https://example.org/kg/")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"geokg: built {out}: 2 articles, 0 events, 2 triples in ")
    graphs = {str(g.identifier) for g in Dataset().parse(out, format="trig").graphs() if len(g)}
    assert graphs == {"https://example.org/kg/graph/one", "https://example.org/kg/graph/two"}


def test_validate_broken_turtle_exits_2_naming_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    result = run("validate", bad)
    assert result.exit_code == 2
    assert result.output.startswith(f"geokg: error: {bad}: not valid turtle (")


def test_validate_reports_nonconforming_file(monkeypatch, tmp_path):
    def invalid(graph, what, consequence=""):
        raise ValidationFailed(f"{what}: does not conform to the SHACL shapes\nreport")

    monkeypatch.setattr(geokg.pipeline, "validate_or_fail", invalid)
    good = tmp_path / "kg.nt"
    good.write_text('<https://example.org/a> <https://example.org/p> "x" .\n')
    result = run("validate", good)
    assert result.exit_code == 1
    assert f"geokg: error: {good}: does not conform to the SHACL shapes\nreport" in result.output


def test_every_command_is_registered():
    assert sorted(main.commands) == [
        "build", "docs", "events", "load", "query", "reason", "report", "validate"]


# --- end to end: needs the nlp, link, extract, mapper and validate stages --------------


def test_events_on_article_without_events_prints_empty_array(tmp_path):
    article = tmp_path / "weather.txt"
    article.write_text(NO_EVENTS)
    result = run("events", article)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_events_on_non_english_article_warns_and_prints_empty_array(tmp_path):
    article = tmp_path / "de.txt"
    article.write_text(
        "Gesandter besucht die Hauptstadt\n"
        "Der Gesandte ist am Freitag in der Hauptstadt eingetroffen, um mit den Behörden über "
        "die Grenze zu sprechen. Die Gespräche sollen bis Montag dauern, sagte ein Sprecher "
        "des Ministeriums, und danach wird eine gemeinsame Erklärung veröffentlicht werden.\n"
    )
    result = run("events", article)
    assert result.exit_code == 0
    assert result.stdout == "[]\n"
    assert f"geokg: warning: {article}: does not look like English" in result.stderr


def test_events_csv_to_file(tmp_path):
    article, out = tmp_path / "weather.txt", tmp_path / "events.csv"
    article.write_text(NO_EVENTS)
    result = run("events", article, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("article,event,type,actors,targets,place,date,")


def test_build_seeds_end_to_end(tmp_path):
    out = tmp_path / "geokg.ttl"
    result = run("build", REPO / "seeds", "-o", out)
    assert result.exit_code == 0, result.output
    assert f"geokg: built {out}: 1 article, " in result.stderr
    assert len(Graph().parse(out)) > 50
    again = run("validate", out)
    assert again.exit_code == 0, again.output


def test_validate_checks_each_named_graph_alone(monkeypatch, tmp_path):
    checked = []

    def record(graph, what, consequence=""):
        checked.append((what, len(graph)))
        if "two" in what:
            raise ValidationFailed(f"{what}: does not conform to the SHACL shapes\nreport")

    monkeypatch.setattr(geokg.pipeline, "validate_or_fail", record)
    kg = tmp_path / "kg.nq"
    kg.write_text(
        '<https://example.org/a> <https://example.org/p> "1" <https://example.org/graph/one> .\n'
        '<https://example.org/b> <https://example.org/p> "2" <https://example.org/graph/two> .\n'
        '<https://example.org/c> <https://example.org/p> "3" <https://example.org/graph/two> .\n'
    )
    result = run("validate", kg)
    assert checked == [(f"{kg} graph <https://example.org/graph/one>", 1),
                       (f"{kg} graph <https://example.org/graph/two>", 2)]
    assert result.exit_code == 1
    assert f"geokg: {kg} graph <https://example.org/graph/one>: conforms (1 triples)" in (
        result.stderr)
    assert f"error: {kg} graph <https://example.org/graph/two>: does not conform" in result.stderr


def test_build_turtle_of_several_articles_also_validates_the_merge(monkeypatch, tmp_path):
    import geokg.rdf.mapper

    checked = []
    monkeypatch.setattr(geokg.pipeline, "process_many", fake_results)
    monkeypatch.setattr(geokg.rdf.mapper, "article_graph", tiny_graph)
    monkeypatch.setattr(geokg.pipeline, "validate_or_fail",
                        lambda graph, what, consequence="": checked.append((what, len(graph))))
    for name in ["one.txt", "two.txt"]:
        (tmp_path / name).write_text(NO_EVENTS)
    out = tmp_path / "kg.ttl"
    assert run("build", tmp_path, "-o", out).exit_code == 0
    assert checked == [(str(tmp_path / "one.txt"), 1), (str(tmp_path / "two.txt"), 1),
                       (f"{out} (all articles merged)", 2)]


def test_build_fails_when_only_the_merged_articles_break_a_shape(monkeypatch, tmp_path):
    """Each article conforms alone; merged, their country has two ISO codes (maxCount 1):
    the Turtle build fails at the merged graph's check and writes nothing."""
    import geokg.rdf.mapper
    from geokg.rdf.vocab import GK

    def country(result, base, store=None):
        graph = Graph()
        node = URIRef(base + "country/XX")
        code = "AA" if result.article.doc_id == "one" else "BB"
        graph.add((node, RDF.type, GK.Country))
        graph.add((node, RDFS.label, Literal("Xland")))
        graph.add((node, GK.iso3166, Literal(code)))
        return graph

    monkeypatch.setattr(geokg.pipeline, "process_many", fake_results)
    monkeypatch.setattr(geokg.rdf.mapper, "article_graph", country)
    for name in ["one.txt", "two.txt"]:
        (tmp_path / name).write_text(NO_EVENTS)
    out = tmp_path / "kg.ttl"
    result = run("build", tmp_path / "one.txt", tmp_path / "two.txt", "-o", out, "--no-cache")
    assert result.exit_code == 1
    assert f"error: {out} (all articles merged): does not conform to the SHACL shapes, so it " \
           "was not written" in result.stderr
    assert "gksh:Country-iso3166" in result.stderr
    assert not out.exists()
    one = run("build", tmp_path / "one.txt", "-o", out, "--no-cache")  # alone: conforms
    assert one.exit_code == 0 and out.exists()


class _Terminal:
    """A stderr that says it is a terminal and keeps what is written."""

    def __init__(self, tty: bool = True) -> None:
        self.text, self.tty = "", tty

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [True, False])
def test_progress_bar_only_on_a_terminal(monkeypatch, tty):
    terminal = _Terminal(tty)
    monkeypatch.setattr("sys.stderr", terminal)
    progress = geokg.run.progress.ProgressLine()
    for i, name in enumerate(["a.txt", "b.txt", "c.html"], 1):
        progress(i, 3, Path(name))
    if not tty:
        assert terminal.text == ""
        return
    last = terminal.text.rstrip("\n").split("\r")[-1]
    assert last.startswith("geokg reading: 100%") and "3/3 [" in last
    assert "article/s, c.html]" in last
    assert terminal.text.endswith("\n") and progress.bar is None  # closed at the last article
