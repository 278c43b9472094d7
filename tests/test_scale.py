"""Building many articles: merging across articles, workers, cache, shards, dask, generator."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Dataset, URIRef

from geokg.cli.commands import main
from geokg.rdf.mapper import GK
from geokg.run import synth

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "corpus" / "dev"
BASE = "https://example.org/kg/"

# Two reports of one visit (same visitor, host, place and date) and a third article.
VISIT_A = """---
published: 2024-03-06
---
Minister visits Warsaw
Hungarian Foreign Minister Bela Kovari arrived in Warsaw on Monday for talks with Polish officials.
"""
VISIT_B = """---
published: 2024-03-07
---
Talks in Warsaw
Bela Kovari, Hungary's foreign minister, visited Warsaw on March 4.
Poland and Hungary signed a trade agreement.
"""
SANCTION = """---
published: 2024-03-08
---
New sanctions
Hungary imposed new sanctions on Belarus on Thursday.
"""


def run(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def three(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in (("a.txt", VISIT_A), ("b.txt", VISIT_B), ("c.txt", SANCTION)):
        (folder / name).write_text(text)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """The three articles built once with --jobs 1 (.nq and .trig) and --jobs 2."""
    root = tmp_path_factory.mktemp("scale")
    folder = root / "articles"
    folder.mkdir()
    for name, text in (("a.txt", VISIT_A), ("b.txt", VISIT_B), ("c.txt", SANCTION)):
        (folder / name).write_text(text)
    outs = {}
    for key, args in {"j1": ["-o", root / "j1.nq"], "trig": ["-o", root / "j1.trig"],
                      "j2": ["-o", root / "j2.nq", "--jobs", "2", "--no-cache"]}.items():
        result = run("build", folder, "--base", BASE, *args)
        assert result.exit_code == 0, result.output
        outs[key] = (Path(args[1]), result.stderr)
    outs["folder"] = folder
    return outs


def test_one_named_graph_per_article_and_shared_entities_are_one_node(built):
    dataset = Dataset().parse(built["j1"][0], format="nquads")
    graphs = sorted(str(g.identifier) for g in dataset.graphs() if len(g))
    assert graphs == [f"{BASE}graph/a", f"{BASE}graph/b", f"{BASE}graph/c"]
    hungary = URIRef(f"{BASE}country/HU")
    holding = sorted(str(g.identifier) for g in dataset.graphs() if (hungary, None, None) in g)
    assert holding == graphs  # the same IRI in all three articles


def test_same_happening_in_two_articles_is_one_event_with_every_mention(built):
    dataset = Dataset().parse(built["j1"][0], format="nquads")
    visits = {s for s, _, _, _ in dataset.quads((None, RDF.type, GK.Visit, None))}
    assert len(visits) == 1  # one IRI: type, actors, targets, place and date agree
    (visit,) = visits
    reported = sorted(str(o) for _, _, o, _ in dataset.quads((visit, GK.reportedBy, None, None)))
    assert reported == [f"{BASE}article/a", f"{BASE}article/b"]
    mentions = {str(o) for _, _, o, _ in dataset.quads((visit, GK.mentionedIn, None, None))}
    assert {m.split("/char=")[0] for m in mentions} == {f"{BASE}article/a", f"{BASE}article/b"}


def test_jobs_2_writes_the_same_bytes_as_jobs_1(built):
    assert built["j2"][0].read_bytes() == built["j1"][0].read_bytes()


def test_trig_holds_the_same_quads_as_nquads(built):
    trig = Dataset().parse(built["trig"][0], format="trig")
    nq = Dataset().parse(built["j1"][0], format="nquads")
    assert set(trig.quads()) == set(nq.quads())


def test_nquads_lines_are_sorted_within_each_graph(built):
    lines = built["j1"][0].read_text().splitlines()
    by_graph: dict[str, list[str]] = {}
    for line in lines:
        by_graph.setdefault(line.rsplit(" ", 2)[1], []).append(line)
    assert all(group == sorted(group) for group in by_graph.values())


def test_summary_counts_cached_articles_and_rebuild_is_byte_identical(built, tmp_path):
    out, stderr = built["j1"]
    assert "; cached: 0, warnings: 0" in stderr
    again = tmp_path / "again.nq"
    result = run("build", built["folder"], "--base", BASE, "-o", again,
                 "--cache", out.parent / ".geokg-cache")
    assert result.exit_code == 0, result.output
    assert "3 articles" in result.stderr and "; cached: 3, " in result.stderr
    assert again.read_bytes() == out.read_bytes()


def test_changed_article_alone_is_processed_again(three, tmp_path):
    out, cache = tmp_path / "kg.nq", tmp_path / "cache"
    assert run("build", three, "-o", out, "--cache", cache).exit_code == 0
    first = out.read_text()
    (three / "c.txt").write_text(SANCTION.replace("Belarus", "Serbia"))
    result = run("build", three, "-o", out, "--cache", cache)
    assert result.exit_code == 0, result.output
    assert "; cached: 2, " in result.stderr
    second = out.read_text()
    assert "country/RS" in second and "country/RS" not in first
    unchanged = [ln for ln in first.splitlines() if "/graph/c>" not in ln]
    assert unchanged == [ln for ln in second.splitlines() if "/graph/c>" not in ln]


BARE_NAME = """---
published: 2024-03-08
---
Talks
Mr. Kovari said on Tuesday that the talks in Warsaw had gone well.
"""


def test_an_added_article_naming_a_person_in_full_renames_him_in_a_cached_one(tmp_path):
    """People are unified over the whole build: the cached article that left "Kovari"
    alone is mapped again (its people and its extraction come from the cache: it is
    not parsed again, so it counts as cached)."""
    folder, out, cache = tmp_path / "articles", tmp_path / "kg.nq", tmp_path / "cache"
    folder.mkdir()
    (folder / "d.txt").write_text(BARE_NAME)
    assert run("build", folder, "-o", out, "--cache", cache).exit_code == 0
    assert "/person/kovari> " in out.read_text()
    (folder / "a.txt").write_text(VISIT_A)
    result = run("build", folder, "-o", out, "--cache", cache)
    assert result.exit_code == 0, result.output
    assert "2 articles" in result.stderr
    assert "; cached: 1, warnings: 0, people merged: 1, " in result.stderr
    of_d = [ln for ln in out.read_text().splitlines() if ln.endswith("/graph/d> .")]
    assert [ln for ln in of_d if "/person/kovari> " in ln] == []
    assert any(ln.startswith("<https://w3id.org/geokg/id/person/bela-kovari> ") for ln in of_d)
    first = out.read_bytes()
    again = run("build", folder, "-o", out, "--cache", cache)
    assert "; cached: 2, " in again.stderr and out.read_bytes() == first


def test_no_cache_writes_no_cache_directory(three, tmp_path):
    out = tmp_path / "out" / "kg.nq"
    assert run("build", three / "c.txt", "-o", out, "--no-cache").exit_code == 0
    assert sorted(p.name for p in out.parent.iterdir()) == ["kg.nq"]


def test_cache_key_changes_with_content_name_and_base():
    from geokg.run.cache import article_key

    key = article_key("0" * 64, "a.txt", BASE)
    assert key == article_key("0" * 64, "a.txt", BASE)
    assert len({key, article_key("1" * 64, "a.txt", BASE), article_key("0" * 64, "b.txt", BASE),
                article_key("0" * 64, "a.txt", "https://other.org/")}) == 4


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664)])
def test_cache_entries_follow_the_umask(tmp_path, umask, mode):
    """A cache shared by a team or a CI job must be readable by them (not mkstemp's 0600)."""
    from geokg.run.cache import ArticleOutput, Cache

    cache = Cache(tmp_path / "cache")
    old = os.umask(umask)
    try:
        cache.store("ab" + "0" * 62, ArticleOutput("a.txt", "a", "<s> <p> <o> .\n"))
    finally:
        os.umask(old)
    (entry,) = (tmp_path / "cache").rglob("*.json")
    assert entry.stat().st_mode & 0o777 == mode
    assert cache.load("ab" + "0" * 62).ntriples == "<s> <p> <o> .\n"


def test_output_directory_gets_nquads_shards(built, tmp_path):
    shards = tmp_path / "shards"
    result = run("build", built["folder"], "--base", BASE, "-o", f"{shards}/", "--shard-size", 2,
                 "--cache", built["j1"][0].parent / ".geokg-cache")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in shards.iterdir()) == ["shard-000.nq", "shard-001.nq"]
    text = "".join(p.read_text() for p in sorted(shards.glob("shard-*.nq")))
    assert text == built["j1"][0].read_text()


# --- the generator ------------------------------------------------------------------


def test_generator_is_deterministic_and_its_gold_parses(tmp_path):
    one = synth.generate(4, tmp_path / "one", seed=7)
    two = synth.generate(4, tmp_path / "two", seed=7)
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]
    other = synth.generate(1, tmp_path / "three", seed=8)
    assert other[0].read_bytes() != one[0].read_bytes()
    for path in one:
        gold = json.loads(path.with_suffix(".gold.json").read_text())
        assert gold["article"] == path.name
        labels = {entity["label"] for entity in gold["entities"]}
        assert gold["events"], path
        for event in gold["events"]:
            assert event["type"] in synth.templates()["events"]
            assert set(event["actors"]) | set(event["targets"]) <= labels
            assert event["place"] is None or event["place"] in labels
            assert event["qualifier"] in (None, "exact", "approx", "upTo", "atLeast")


def test_generated_article_reads_and_its_dates_follow_published(tmp_path):
    from geokg.read.article import read_article

    (path,) = synth.generate(1, tmp_path, seed=3)
    article = read_article(path)
    gold = json.loads(path.with_suffix(".gold.json").read_text())
    dated = [e["date"] for e in gold["events"] if e["date"]]
    assert article.published is not None
    assert all(d < article.published.isoformat() for d in dated)
    rng = random.Random(0)
    assert synth.article(rng, 0)[0].startswith("synth_000000_")


# --- dask --------------------------------------------------------------------------


def test_dask_local_cluster_matches_single_process_build(tmp_path):
    """Seed + 2 dev articles on a LocalCluster of two worker processes."""
    pytest.importorskip("dask.distributed")
    if not DEV.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{DEV} is missing under CI")
        pytest.skip(f"{DEV} (the shared dev corpus beside the repo) is absent")
    folder = tmp_path / "in"
    folder.mkdir()
    for path in [REPO / "seeds" / "000_8fdbe4dfb0182242.txt", *sorted(DEV.glob("*.txt"))[:2]]:
        shutil.copy(path, folder / path.name)
    single, shards = tmp_path / "single.nq", tmp_path / "shards"
    assert run("build", folder, "-o", single, "--no-cache").exit_code == 0
    result = run("build", folder, "-o", f"{shards}/", "--executor", "dask", "--jobs", 2,
                 "--no-cache", "--shard-size", 2)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in shards.iterdir()) == ["shard-000.nq", "shard-001.nq"]
    distributed = "".join(p.read_text() for p in sorted(shards.glob("shard-*.nq")))
    assert sorted(distributed.splitlines()) == sorted(single.read_text().splitlines())
    assert distributed == single.read_text()


def test_keep_going_leaves_out_an_article_that_fails_validation(monkeypatch, three, tmp_path):
    import geokg.pipeline
    from geokg.errors import ValidationFailed

    real = geokg.pipeline.validate_or_fail

    def fail_b(graph, what, consequence=""):
        if what.endswith("b.txt"):
            raise ValidationFailed(f"{what}: does not conform{consequence}\nreport")
        real(graph, what, consequence)

    monkeypatch.setattr(geokg.pipeline, "validate_or_fail", fail_b)
    out = tmp_path / "kg.nq"
    assert run("build", three, "-o", out, "--no-cache").exit_code == 1
    assert not out.exists()
    cache = tmp_path / "cache"
    result = run("build", three, "-o", out, "--cache", cache, "--keep-going")
    assert result.exit_code == 4, result.output  # partial: written, but not all of it
    assert f"warning: {three / 'b.txt'}: does not conform, so it was left out" in result.stderr
    assert "3 articles" in result.stderr and "warnings: 1, left out: 1" in result.stderr
    graphs = {line.rsplit(" ", 2)[1] for line in out.read_text().splitlines()}
    assert graphs == {"<https://w3id.org/geokg/id/graph/a>", "<https://w3id.org/geokg/id/graph/c>"}
    again = run("build", three, "-o", out, "--cache", cache, "--keep-going")
    assert "; cached: 3, warnings: 1, left out: 1" in again.stderr  # the failure is cached too
    strict = run("build", three, "-o", out, "--cache", cache)
    assert strict.exit_code == 1  # ... but a strict build checks the article again
    assert f"{three / 'b.txt'}: does not conform, so {out} was not written" in strict.stderr


def test_progress_counts_the_extraction_then_the_writing(three, tmp_path):
    """Two passes over the articles: extracted (only those not cached), then written."""
    from geokg.pipeline import build

    calls: list[tuple[int, int, str, str]] = []

    def progress(i: int, n: int, path, phase: str) -> None:
        calls.append((i, n, path.name, phase))

    build([three], tmp_path / "kg.nq", progress=progress, cache_dir=tmp_path / "cache")
    assert [(i, n, phase) for i, n, _, phase in calls] == [
        (1, 3, "extracting"), (2, 3, "extracting"), (3, 3, "extracting"),
        (1, 3, "writing"), (2, 3, "writing"), (3, 3, "writing")]
    assert [name for _, _, name, _ in calls[3:]] == ["a.txt", "b.txt", "c.txt"]
    (three / "c.txt").write_text(SANCTION.replace("Belarus", "Serbia"))
    calls.clear()
    build([three], tmp_path / "kg.nq", progress=progress, cache_dir=tmp_path / "cache")
    assert calls == [(1, 1, "c.txt", "extracting"), (1, 3, "a.txt", "writing"),
                     (2, 3, "b.txt", "writing"), (3, 3, "c.txt", "writing")]
