"""The Python API (geokg.analyse, build, validate, query) against the commands."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

import geokg
from geokg import resources
from geokg.errors import InstallationError
from geokg.pipeline import process
from geokg.rdf import validate as validate_module
from geokg.rdf.export import events_json
from geokg.rdf.vocab import GK
from geokg.store import format_result

REPO = Path(__file__).resolve().parents[1]
SEED = sorted((REPO / "seeds").glob("*.txt"))[0]


@pytest.fixture(scope="module")
def analysis() -> geokg.Analysis:
    return geokg.analyse(SEED.read_text(encoding="utf-8"), name=SEED.stem)


def test_import_geokg_loads_neither_spacy_nor_rdflib():
    code = ("import sys, geokg; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'rdflib'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out == "[]\n"


def test_public_names_resolve():
    assert sorted(geokg.__all__) == sorted(set(geokg.__all__))
    for name in geokg.__all__:
        assert getattr(geokg, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        geokg.nope  # noqa: B018


def test_analyse_gives_the_events_of_a_file(analysis):
    expected = events_json(process(SEED))
    assert analysis.to_records() == expected
    assert [e.event for e in analysis.events] == [row["event"] for row in expected]
    visit = next(e for e in analysis.events if e.type == "Visit")
    assert visit.actors[0] == geokg.Participant("Takeshi Iwaya", "Person", "JP")
    text = SEED.read_text(encoding="utf-8")
    assert text[visit.start:visit.end] == visit.sentence


def test_sentences_are_offsets_into_the_text(analysis):
    text = SEED.read_text(encoding="utf-8")
    assert len(analysis.sentences) > 5
    for sentence in analysis.sentences:
        assert text[sentence.start:sentence.end] == sentence.text
    keys = {e.key for e in analysis.entities}
    assert {"country/JP", "country/UA", "city/703448"} <= keys


def test_graph_conforms_and_is_the_article_graph(analysis):
    graph = analysis.graph
    assert geokg.validate(graph).conforms
    assert (None, GK.mentionedIn, None) in graph
    broken = Graph()
    broken += graph
    broken.remove((None, GK.mentionedIn, None))
    report = geokg.validate(broken)
    assert not report.conforms
    assert any(v.path == "gk:mentionedIn" for v in report.violations)


def test_query_on_a_graph_a_name_and_sparql(analysis):
    by_name = geokg.query("visits", data=analysis.graph)
    by_file = geokg.query(REPO / "queries" / "visits.rq", data=analysis.graph)
    assert by_name.records() == by_file.records()
    assert by_name.records()[0]["visitor"] == "Takeshi Iwaya"
    count = geokg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", data=analysis.graph)
    assert count.records() == [{"n": len(analysis.graph)}]
    with pytest.raises(geokg.InputError, match="name of a saved query: claims_sources, "):
        geokg.query("no-such-query", data=analysis.graph)
    with pytest.raises(geokg.InputError, match="not both"):
        geokg.query("visits", data=["x.ttl"], endpoint="http://127.0.0.1:9/geokg")


def test_to_dataframe_without_pandas_says_what_to_do(analysis, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"needs pandas.*pip install pandas"):
        analysis.to_dataframe()


def test_to_dataframe(analysis):
    import pandas  # in the test extra (pyproject.toml), so this never skips in CI

    frame = analysis.to_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["type"]) == [e.type for e in analysis.events]


def test_result_table_to_dataframe_and_printing(analysis):
    """Issue 25, 6: a query answer becomes a DataFrame of Python values and prints as the
    command prints it, not as Term tuples."""
    import pandas

    table = geokg.query("visits", data=analysis.graph)
    frame = table.to_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == table.vars
    assert frame.to_dict("records") == table.records()
    assert frame.loc[0, "visitor"] == "Takeshi Iwaya"
    counted = geokg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", data=analysis.graph)
    assert counted.to_dataframe().loc[0, "n"] == len(analysis.graph)
    ask = geokg.query("ASK { ?s ?p ?o }", data=analysis.graph).to_dataframe()
    assert ask.to_dict("list") == {"boolean": [True]}
    assert str(table) == format_result(table)
    assert repr(table) == "<ResultTable select>\n" + format_result(table).rstrip("\n")
    assert "Term(" not in repr(table) and str(table.rows[0][0]) == "Takeshi Iwaya"


def test_result_table_to_dataframe_without_pandas(analysis, monkeypatch):
    table = geokg.query("visits", data=analysis.graph)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"ResultTable.to_dataframe\(\) needs pandas"):
        table.to_dataframe()


def test_validate_takes_a_file_path(tmp_path, analysis):
    """Issue 25, 6: geokg.validate("x.ttl") reads the file, as geokg.query does."""
    ttl = tmp_path / "kg.ttl"
    analysis.graph.serialize(ttl, format="turtle")
    for given in (str(ttl), ttl):
        report = geokg.validate(given)
        assert report.conforms and report.text == f"Conforms ({len(analysis.graph)} triples)."
    with pytest.raises(geokg.InputError, match=r"nope.ttl: no such file — give an RDF file"):
        geokg.validate(str(tmp_path / "nope.ttl"))


def test_analyse_takes_bytes():
    """Issue 25, 6: bytes are read as a file's bytes (they raised AttributeError)."""
    text = "Minister visits Kyiv\nThe minister arrived in Kyiv on Saturday.\n"
    from_bytes = geokg.analyse(text.encode("utf-8"), published="2024-11-20")
    assert from_bytes.to_records() == geokg.analyse(text, published="2024-11-20").to_records()
    with pytest.raises(geokg.InputError, match=r"text.txt: is not valid UTF-8 \(bad byte"):
        geokg.analyse(b"Headline\nThe caf\xe9 was shelled.\n")


def test_one_line_with_title_is_the_body_and_without_it_warns(caplog):
    """Issue 25, 6: a one-line text with title= was taken for the headline: 0 events."""
    line = "Russian troops attacked Kharkiv on Monday."
    with caplog.at_level(logging.WARNING, logger="geokg"):
        titled = geokg.analyse(line, title="Attack on Kharkiv", published="2024-11-20")
    assert caplog.messages == []
    assert len(titled.events) == 1
    assert titled.result.article.headline == "Attack on Kharkiv"
    assert titled.events[0].sentence == line == line[titled.events[0].start:titled.events[0].end]
    with caplog.at_level(logging.WARNING, logger="geokg"):
        untitled = geokg.analyse(line)
    assert untitled.events == []
    assert caplog.messages == [
        "text: only a headline line, no article body — no events read (give the body on the "
        "lines after the headline, or a one-line text with title=)"]


def test_warnings_go_to_the_geokg_logger():
    seen: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = seen.append
    logger = logging.getLogger("geokg")
    logger.addHandler(handler)
    try:
        result = geokg.analyse(
            "Gesandter besucht die Hauptstadt\n"
            "Der Gesandte ist am Freitag in der Hauptstadt eingetroffen, um mit den Behörden "
            "über die Grenze zu sprechen. Die Gespräche sollen bis Montag dauern, sagte ein "
            "Sprecher des Ministeriums, und danach wird eine Erklärung veröffentlicht.\n")
    finally:
        logger.removeHandler(handler)
    assert result.events == [] and result.sentences == []
    assert [r.getMessage() for r in seen] == [
        "text.txt: does not look like English — no events extracted from it"]


def test_published_and_title_stand_in_for_front_matter():
    text = "Minister visits Kyiv\nThe minister arrived in Kyiv on Saturday.\n"
    result = geokg.analyse(text, published="2024-11-20", title="A visit")
    assert result.result.article.published.isoformat() == "2024-11-20"
    assert result.result.article.title == "A visit"
    with pytest.raises(geokg.InputError, match="is not a date"):
        geokg.analyse(text, published="last week")


def test_missing_or_empty_shapes_are_an_error(tmp_path, monkeypatch):
    """Issue 15, 1: no shapes must never validate as 'conforms'."""
    monkeypatch.setattr(resources, "folder", lambda name: tmp_path)
    validate_module._compiled_shapes.cache_clear()
    validate_module.shapes_graph.cache_clear()
    try:
        with pytest.raises(InstallationError, match=r"holds no \*\.ttl file — the installation"):
            geokg.validate(Graph())
        (tmp_path / "empty.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n")
        with pytest.raises(InstallationError, match="defines no sh:NodeShape"):
            geokg.validate(Graph())
    finally:
        validate_module._compiled_shapes.cache_clear()
        validate_module.shapes_graph.cache_clear()
    assert InstallationError.exit_code == 70


def test_shipped_files_are_found_or_named(tmp_path, monkeypatch):
    assert [f.name for f in resources.files("ontology")] == ["cameo.ttl", "geokg.ttl"]
    assert "visits.rq" in [f.name for f in resources.files("queries")]
    monkeypatch.setattr(resources, "folder", lambda name: tmp_path)
    with pytest.raises(InstallationError, match=r"geokg\.ttl: missing — the installation is "
                                                r"incomplete; reinstall geokg"):
        resources.file("ontology", "geokg.ttl")
