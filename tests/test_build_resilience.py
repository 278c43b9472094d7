"""A build as an operator meets it (issue 25): bad files in a folder, an interrupted build,
`geokg.build(jobs=2)` in a plain script."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import geokg
from geokg.cli.commands import main
from geokg.run import synth

ARTICLE = (
    "Japan and the Philippines sign a defence pact\n\n"
    "Japan and the Philippines signed a defence pact in Manila on Monday, the two "
    "governments said.\n"
)
SRC = Path(geokg.__file__).parents[1]


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC)}


# ---------------------------------------------------------------- bad files in a folder


@pytest.fixture
def mix(tmp_path) -> Path:
    """A folder of one good article and three that cannot be used, each in its own way."""
    folder = tmp_path / "mix"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Café talks\n\nThe minister said.\n".encode("latin-1"))
    (folder / "undated.md").write_text("---\npublished: soon\n---\nTalks\n\nThey met.\n",
                                       encoding="utf-8")
    return folder


def messages(folder: Path) -> list[tuple[str, str]]:
    """(what is wrong, what to do) for each bad file of `mix`, in the order they are read."""
    return [
        (f"{folder / 'empty.txt'}: file is empty",
         "give a headline line and the article body"),
        (f"{folder / 'latin1.txt'}: is not valid UTF-8 (bad byte at offset 3)",
         "re-save the file as UTF-8"),
        (f"{folder / 'undated.md'}: front matter 'published: soon' is not a date",
         "write it as YYYY-MM-DD, e.g. 'published: 2024-11-16'"),
    ]


def test_every_unusable_file_is_named_in_one_error_before_any_work(mix, tmp_path, monkeypatch):
    import geokg.run.executors

    def no_work():
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(geokg.run.executors, "warm_up", no_work)
    out = tmp_path / "out" / "kg.nq"
    result = run("build", mix, "-o", out)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "geokg: error: 3 of the 4 articles cannot be used — fix or remove them, "
        "or leave them out with --keep-going:\n"
        + "".join(f"  {what} — {fix}\n" for what, fix in messages(mix)))
    assert not (tmp_path / "out").exists()  # neither output nor cache


def test_keep_going_leaves_out_unusable_files_with_one_warning_each(mix, tmp_path):
    out = tmp_path / "kg.nq"
    result = run("build", mix, "-o", out, "--keep-going", "--no-cache")
    assert result.exit_code == 4, result.output  # partial
    lines = result.stderr.splitlines()
    assert lines[:3] == [f"geokg: warning: {what}, so it was left out — {fix}"
                         for what, fix in messages(mix)]
    assert lines[3].startswith(f"geokg: built {out}: 4 articles, ")
    assert lines[3].endswith(("; cached: 0, warnings: 3, left out: 3", " articles/s"))
    assert "warnings: 3, left out: 3" in lines[3] and len(lines) == 4
    graphs = {line.rsplit(" ", 2)[1] for line in out.read_text().splitlines()}
    assert graphs == {"<https://w3id.org/geokg/id/graph/good>"}


def test_keep_going_with_nothing_left_to_build_is_an_error(mix, tmp_path):
    (mix / "good.txt").unlink()
    result = run("build", mix, "-o", tmp_path / "kg.nq", "--keep-going")
    assert result.exit_code == 2
    assert result.stderr.startswith("geokg: error: 3 of the 3 articles cannot be used — ")
    assert not (tmp_path / "kg.nq").exists()


# ---------------------------------------------------------------- an interrupted build


def extracted_so_far(terminal: int, total: int, deadline: float) -> int:
    """Read the build's progress bar (its stderr is a terminal) until it shows articles
    of the first phase, extraction, done: how many. The first phase ends with the bar
    at total/total, so a count below that, seen before it, is of that phase."""
    shown = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([terminal], [], [], 0.5)
        if ready:
            shown += os.read(terminal, 65536)
        counts = [int(n) for n in re.findall(rb"\| *(\d+)/%d \[" % total, shown)]
        if total in counts:
            counts = counts[:counts.index(total)]
            assert any(counts), f"no progress seen during the first phase: {shown[-500:]!r}"
        if any(counts):
            return max(counts)
    raise AssertionError(f"timed out; the build printed {shown[-500:]!r}")


def test_sigint_keeps_every_article_already_extracted_and_a_rerun_reuses_it(tmp_path):
    """The extraction of each article is cached when it is made, so Ctrl-C during the
    first phase (the one that parses) keeps it and the rerun parses only the others."""
    # With --jobs 2, three chunks of 16: the third is collected a chunk's work after the
    # first, so the bar (redrawn at most every 0.1 s) is seen midway through the phase.
    total = 48
    articles = tmp_path / "articles"
    synth.generate(total, articles)
    out = tmp_path / "out" / "kg.nq"
    terminal, stderr = pty.openpty()
    fcntl.ioctl(stderr, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # tqdm's width
    build = subprocess.Popen(
        [sys.executable, "-m", "geokg.cli", "build", str(articles), "-o", str(out),
         "--jobs", "2"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=stderr, env=env())
    os.close(stderr)
    try:
        done = extracted_so_far(terminal, total, time.monotonic() + 300)
        build.send_signal(signal.SIGINT)
        assert build.wait(timeout=60) == 130
    finally:
        build.kill()
        os.close(terminal)
    cache = out.parent / ".geokg-cache"
    kept = len(list(cache.glob("*/*-extracted.json")))
    assert 1 <= done <= kept <= total, (done, kept)  # the workers may be ahead of the bar
    assert not out.exists()
    rerun = subprocess.run(
        [sys.executable, "-m", "geokg.cli", "build", str(articles), "-o", str(out)],
        capture_output=True, text=True, env=env(), timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"built {out}: {total} articles, " in rerun.stderr
    assert f"; cached: {kept}, warnings: 0, " in rerun.stderr  # not parsed again


def test_a_cached_extraction_gives_back_the_same_graph(tmp_path):
    """The extraction is cached as JSON (no pickles in a shared cache): read back, it
    maps to the same N-Triples, and it names the folder the article is read from now."""
    from geokg.pipeline import process
    from geokg.rdf.mapper import article_graph
    from geokg.run.cache import Cache
    from geokg.run.extraction import to_json
    from geokg.run.writers import canonical_ntriples

    seed = next((SRC.parent / "seeds").glob("*.txt"))
    result = process(seed)
    assert result.events and result.linked.entities
    cache = Cache(tmp_path / "cache")
    cache.store_extracted("k", result, [f"{seed}: a warning", "another"])
    moved = tmp_path / "elsewhere" / seed.name
    back, warnings = cache.load_extracted("k", moved)
    assert back.article.path == moved
    assert warnings == [f"{moved}: a warning", "another"]
    assert back.events == result.events and back.linked == result.linked
    before = to_json(result)  # every field, those left out of == too (TimeValue.start, ...)
    assert to_json(back) == {**before, "article": {**before["article"], "path": str(moved)}}
    assert canonical_ntriples(article_graph(back)) == canonical_ntriples(article_graph(result))
    assert cache.load_extracted("other", moved) is None


def test_cache_entries_of_a_file_name_that_is_not_utf8(tmp_path):
    """Such a name is kept as surrogates, which the entry (ASCII JSON) escapes: before,
    writing it failed with UnicodeEncodeError, reported as a bug (exit 70)."""
    from geokg.run.cache import ArticleOutput, Cache

    name = str(tmp_path / "caf\udce9.txt")
    cache = Cache(tmp_path / "cache")
    cache.store("k", ArticleOutput(name, "caf\ufffd", "<a> <b> <c> .\n"))
    assert cache.load("k") == ArticleOutput(name, "caf\ufffd", "<a> <b> <c> .\n", cached=True)


# ---------------------------------------------------------------- the API in a plain script


def test_build_with_two_jobs_in_a_script_without_a_main_guard(tmp_path):
    """Spawned workers do not import the caller's script again, so it runs once."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "script.py").write_text(
        "import geokg\n"
        "with open('runs.log', 'a') as log:\n"
        "    log.write('ran\\n')\n"
        "summary = geokg.build(['a.txt'], 'kg.nq', jobs=2, cache=False)\n"
        "print('built', summary.articles, summary.failed)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "script.py"], cwd=tmp_path, capture_output=True,
                          text=True, env=env(), timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "built 1 0\n"
    assert (tmp_path / "runs.log").read_text() == "ran\n"
    assert "/graph/a>" in (tmp_path / "kg.nq").read_text()
