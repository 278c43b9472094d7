"""Reliability under real use (issue 15): name clashes, signals, symlinks, unwritable output,
incomplete events."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from rdflib import Dataset

import geokg
from geokg.cli import main
from geokg.reader import article_ids

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
