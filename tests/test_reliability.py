"""Reliability under real use (issue 15): name clashes, signals, symlinks, unwritable output,
incomplete events."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Dataset, Graph

import geokg
from geokg.cli.commands import main
from geokg.events import extract as extract_module
from geokg.model import ArticleResult, Event, EventMention, Linked, Sentence
from geokg.pipeline import article_ids
from geokg.rdf.mapper import GK

BASE = "https://example.org/kg/"
ARTICLE = (
    "Japan and the Philippines sign a defence pact\n\n"
    "Japan and the Philippines signed a defence pact in Manila on Monday, the two "
    "governments said.\n"
)


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def write(path: Path, text: str = ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- one IRI per article


def test_article_ids_keep_stems_unless_their_slugs_clash(tmp_path):
    a = tmp_path / "a"
    paths = [a / "2024-01" / "story.txt", a / "2024-02" / "story.txt", a / "Story.txt",
             a / "other.md"]
    ids = article_ids(paths)
    assert ids[3] == "other"
    assert [i.rsplit("-", 1)[0] for i in ids[:3]] == ["story", "story", "Story"]
    assert len({i.lower() for i in ids}) == 4
    # a stable hash of the path under the common folder, wherever that folder is
    assert ids == article_ids([tmp_path / "elsewhere" / p.relative_to(tmp_path) for p in paths])
    assert article_ids([a / "Story.txt", a / "x" / "y.txt"]) == ["Story", "y"]


def test_same_file_names_in_two_folders_give_two_named_graphs(tmp_path):
    for name in ("2024-01/story.txt", "2024-02/story.txt", "Story.txt"):
        write(tmp_path / "a" / name)
    out = tmp_path / "kg.trig"
    result = run("build", tmp_path / "a", "-o", out, "--base", BASE, "--no-cache")
    assert result.exit_code == 0, result.output
    dataset = Dataset().parse(out, format="trig")
    graphs = sorted(str(g.identifier) for g in dataset.graphs() if len(g))
    ids = article_ids(sorted((tmp_path / "a").rglob("*.txt")))
    assert graphs == sorted(f"{BASE}graph/{i.lower()}" for i in ids)
    assert len(graphs) == 3
    assert out.read_text().count("graph/story-") == 3
    check = run("validate", out)
    assert check.exit_code == 0, check.output


# ---------------------------------------------------------------- signals

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def corpus_copies(folder: Path, rounds: int = 3) -> Path:
    """The dev articles `rounds` times over: a build that lasts long enough to interrupt."""
    folder.mkdir()
    sources = sorted((CORPUS / "dev").glob("*.txt")) + sorted((CORPUS / "dev2").glob("*.txt"))
    assert sources, f"no corpus articles under {CORPUS}"
    for i in range(rounds):
        for source in sources:
            (folder / f"{i}_{source.name}").write_bytes(source.read_bytes())
    return folder


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.1)


def start_build(tmp_path: Path, jobs: int) -> tuple[subprocess.Popen, Path]:
    articles = corpus_copies(tmp_path / "articles")
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(geokg.__file__).parents[1])}
    process = subprocess.Popen(
        [sys.executable, "-m", "geokg.cli", "build", str(articles), "-o", str(out / "kg.trig"),
         "--jobs", str(jobs)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    return process, out


def workers_of(process: subprocess.Popen, jobs: int) -> list[psutil.Process]:
    """The build's worker processes, once all `jobs` of them have started."""
    parent = psutil.Process(process.pid)
    found: list[psutil.Process] = []

    def is_worker(child: psutil.Process) -> bool:
        try:
            return "resource_tracker" not in " ".join(child.cmdline())
        except psutil.Error:  # a helper that has already ended
            return False

    def started() -> bool:
        found[:] = parent.children(recursive=True)
        return sum(map(is_worker, found)) >= jobs

    wait_for(started)
    return found


def assert_ended_cleanly(process: subprocess.Popen, out: Path, code: int, word: str,
                         workers: list[psutil.Process]) -> None:
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert stderr.splitlines()[-1] == f"geokg: error: {word} — nothing was written"
    assert sorted(p.name for p in out.iterdir() if p.name != ".geokg-cache") == []
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []


@pytest.mark.parametrize(("signum", "code", "word"), [
    (signal.SIGTERM, 143, "terminated"),
    (signal.SIGINT, 130, "interrupted"),  # to the parent alone, not its process group
])
def test_signal_to_parent_ends_a_two_worker_build_and_its_workers(tmp_path, signum, code, word):
    process, out = start_build(tmp_path, jobs=2)
    workers = workers_of(process, jobs=2)
    process.send_signal(signum)
    assert_ended_cleanly(process, out, code, word, workers)


def test_sigterm_keeps_the_cache_of_finished_articles(tmp_path):
    process, out = start_build(tmp_path, jobs=1)
    cache = out / ".geokg-cache"
    wait_for(lambda: len(list(cache.glob("*/*.json"))) >= 2, timeout=120)
    process.terminate()
    assert_ended_cleanly(process, out, 143, "terminated", [])
    assert len(list(cache.glob("*/*.json"))) >= 2


# ---------------------------------------------------------------- incomplete events

SANCTION_TEXT = "Talks covered further sanctions on Moscow."


def with_incomplete_sanction(real_extraction):
    """extraction() plus a Sanction naming no one sanctioned, as the extractor may give."""

    def extraction(article, doc, linked):
        found = real_extraction(article, doc, linked)
        start = article.text.index(SANCTION_TEXT)
        sentence = Sentence(start, start + len(SANCTION_TEXT), SANCTION_TEXT)
        mention = EventMention(sentence, "sanctions", start + 22, start + 31)
        incomplete = Event(type="Sanction", actors=["country/RU"], mentions=[mention])
        return replace(found, events=[*found.events, incomplete])

    return extraction


def test_an_event_the_shapes_would_reject_is_left_out_with_its_sentence(tmp_path, monkeypatch):
    article = write(tmp_path / "talks.txt", ARTICLE + f"\n{SANCTION_TEXT}\n")
    monkeypatch.setattr(extract_module, "extraction",
                        with_incomplete_sanction(extract_module.extraction))
    out = tmp_path / "kg.ttl"
    result = run("build", article, "-o", out, "--no-cache")
    assert result.exit_code == 0, result.output
    assert (f"geokg: warning: {article}: left out a Sanction event the extractor could not "
            "complete (A gk:Sanction needs at least one gk:target (who is sanctioned)): "
            f'"{SANCTION_TEXT}"') in result.output
    graph = Graph().parse(out)
    sanctions = list(graph.subjects(RDF.type, GK.Sanction))
    assert all(graph.value(s, GK.target) for s in sanctions)  # the extractor's own, complete
    assert list(graph.subjects(RDF.type, GK.Agreement))  # the rest of the article survives


def test_an_actor_of_a_class_the_shapes_refuse_drops_the_event(make_article):
    from geokg.rdf.completeness import problem

    article = make_article("Japan and Kyiv met.")
    sentence = Sentence(0, 5, "Japan")
    mention = EventMention(sentence, "met", 0, 3)
    result = ArticleResult(article=article, linked=Linked(), events=[])
    visit = Event(type="Visit", actors=["city/703448"], targets=["country/JP"], mentions=[mention])
    assert problem(visit, result) == ("gk:actor must be a gk:Person, gk:Country, "
                                      "gk:Organization or gk:MilitaryUnit (is the entity linked "
                                      "and typed?).")
    visit.actors = []
    assert problem(visit, result) == ("A gk:Visit needs at least one gk:actor (the visitor) "
                                      "that is a gk:Person, gk:Country or gk:Organization.")
    visit.actors = ["country/UA"]
    assert problem(visit, result) is None
    visit.mentions = []
    assert problem(visit, result).startswith("An event needs at least one gk:trigger")


def corpus_paragraphs() -> list[str]:
    from geokg.read.article import read_article

    sources = sorted((CORPUS / "dev").glob("*.txt")) + sorted((CORPUS / "dev2").glob("*.txt"))
    return [p.strip() for path in sources for p in read_article(path).body.split("\n\n")
            if p.strip()]


PARAGRAPHS = corpus_paragraphs()


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(picks=st.lists(st.integers(0, len(PARAGRAPHS) - 1), min_size=2, max_size=6),
       headline=st.integers(0, len(PARAGRAPHS) - 1))
def test_shuffled_and_repeated_corpus_paragraphs_always_give_a_valid_graph(picks, headline):
    """Any mix of corpus paragraphs, the headline repeated in the body, builds and validates."""
    from geokg.pipeline import MapJob, render_chunk

    title = PARAGRAPHS[headline].split(". ")[0]
    body = "\n\n".join(PARAGRAPHS[i] for i in [*picks, headline])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mix.txt"
        path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        [output] = render_chunk([MapJob(str(path), "mix")], BASE)
    assert not output.failed
    assert output.triples > 0


# ---------------------------------------------------------------- symlinks, unwritable output


def test_symlinked_folders_are_followed_once_and_broken_links_reported(tmp_path, caplog,
                                                                         monkeypatch):
    import logging

    from geokg.read.article import collect_articles

    logger = logging.getLogger("geokg")
    monkeypatch.setattr(logger, "handlers", [*logger.handlers, caplog.handler])

    write(tmp_path / "real" / "a.txt")
    top = tmp_path / "top"
    write(top / "b.txt")
    (top / "linked").symlink_to(tmp_path / "real")
    (top / "again").symlink_to(tmp_path / "real")  # the same folder twice: its articles once
    (top / "loop").symlink_to(top)
    (top / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    found = collect_articles([top])
    assert [p.relative_to(top).as_posix() for p in found] == ["again/a.txt", "b.txt"]
    # (a record may reach caplog's handler twice: here and through the root logger)
    assert {r.getMessage() for r in caplog.records} == {
        f"{top / 'gone.txt'}: broken symbolic link (to {tmp_path / 'nowhere.txt'}) — skipped"}


def test_an_unwritable_output_is_refused_before_any_article_is_processed(tmp_path, monkeypatch):
    import geokg.pipeline

    def must_not_run(*args, **kwargs):
        raise AssertionError("articles processed before the output was checked")

    monkeypatch.setattr(geokg.pipeline, "process_many", must_not_run)
    article = write(tmp_path / "a.txt")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the output folder should be\n")
    result = run("build", article, "-o", blocker / "kg.ttl", "--no-cache")
    assert result.exit_code == 2, result.output
    assert result.output == (f"geokg: error: {blocker / 'kg.ttl'}: cannot write ({blocker} is "
                             "a file, not a folder) — check the path\n")
    result = run("build", article, "-o", f"{blocker / 'shards'}/", "--no-cache")
    assert result.exit_code == 2, result.output
    assert result.output == (f"geokg: error: {blocker / 'shards' / 'shard-000.nq'}: cannot write "
                             "(Not a directory) — check the directory\n")


# ---------------------------------------------------------------- README


def test_readme_sample_summary_is_what_building_the_seeds_prints(tmp_path, monkeypatch):
    """`geokg build` (seeds/ -> build/geokg.ttl) prints the README's summary line, but for
    the time it took."""
    import re

    repo = Path(__file__).resolve().parents[1]
    readme = (repo / "README.md").read_text(encoding="utf-8")
    [sample] = [ln for ln in readme.splitlines() if ln.startswith("geokg: built build/geokg.ttl")]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").symlink_to(repo / "seeds")
    result = run("build", "--no-cache")
    assert result.exit_code == 0, result.output
    timing = re.compile(r"in [0-9.]+ s;|[0-9.]+ articles/s")
    assert timing.sub("T", result.output.strip()) == timing.sub("T", sample)
