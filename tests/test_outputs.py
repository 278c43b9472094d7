"""Outputs as an operator meets them (issue 25: items 1, 3, 8, 10, 11).

Device files (made with mknod in a temporary folder), symbolic links, named
pipes and Unix sockets as `-o`; a full disk (/dev/full) and a reader that goes
away; an unwritable cache; a format that contradicts the suffix; an RDF file
given where articles are expected. The device tests need root (mknod).
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from geokg.cli.commands import main
from geokg.errors import InputError, OutputError
from geokg.pipeline import default_cache_dir
from geokg.rdf.write import check_writable, rdf_format, write_graph, write_text

GEOKG = Path(sys.executable).with_name("geokg")
ARTICLE = (
    "Japan and the Philippines sign a defence pact\n\n"
    "Japan and the Philippines signed a defence pact in Manila on Monday, the two "
    "governments said.\n"
)
root_only = pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def null_device(path: Path) -> Path:
    """A real character device like /dev/null (major 1, minor 3), in a temporary folder."""
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return path


def is_null_device(path: Path) -> bool:
    mode = os.lstat(path).st_mode
    return stat.S_ISCHR(mode) and os.lstat(path).st_rdev == os.makedev(1, 3)


def one_graph() -> Graph:
    graph = Graph()
    graph.add((URIRef("https://example.org/a"), RDFS.label, Literal("Alpha")))
    return graph


class PipeReader(threading.Thread):
    """The reader of a named pipe: reads it to the end (or `limit` bytes, then closes)."""

    def __init__(self, fifo: Path, limit: int | None = None):
        super().__init__(daemon=True)
        self.fifo, self.limit, self.data = fifo, limit, b""
        self.start()

    def run(self) -> None:
        with open(self.fifo, "rb") as pipe:
            self.data = pipe.read() if self.limit is None else pipe.read(self.limit)


# ---------------------------------------------------------------- item 1: special files


@root_only
def test_a_device_is_written_through_not_replaced(tmp_path):
    device = null_device(tmp_path / "mynull")
    write_text("[]\n", device)
    assert write_graph(one_graph(), device, "ttl") == 1
    assert is_null_device(device)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mynull"]  # no temp file, no cache
    assert default_cache_dir(device) is None
    check_writable(device)  # no temporary file beside a device


@root_only
@pytest.mark.parametrize("command", ["build", "events", "report"])
def test_every_command_keeps_a_device_given_as_output(command, tmp_path, nlp):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    device = null_device(tmp_path / "mynull")
    extra = ["--format", "ttl"] if command == "build" else []
    result = run(command, article, "-o", device, *extra)
    assert result.exit_code == 0, result.output
    assert is_null_device(device)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "mynull"]  # no .geokg-cache


def test_a_symlink_is_kept_and_its_target_written_atomically(tmp_path):
    target = tmp_path / "real" / "kg.ttl"
    target.parent.mkdir()
    target.write_text("# old\n")
    link = tmp_path / "kg.ttl"
    link.symlink_to(target)
    write_graph(one_graph(), link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "Alpha" in target.read_text()
    assert sorted(p.name for p in target.parent.iterdir()) == ["kg.ttl"]  # no temp left
    assert default_cache_dir(link) == target.parent / ".geokg-cache"


def test_a_dangling_symlink_gets_its_target_created(tmp_path):
    link = tmp_path / "events.json"
    link.symlink_to(tmp_path / "out" / "events.json")
    write_text("[]\n", link)
    assert link.is_symlink() and (tmp_path / "out" / "events.json").read_text() == "[]\n"


def test_a_symlink_to_a_device_writes_the_device(tmp_path):
    link = tmp_path / "kg.ttl"
    link.symlink_to("/dev/null")
    write_graph(one_graph(), link)
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert default_cache_dir(link) is None


def test_a_named_pipe_is_written_through_to_its_reader(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = PipeReader(fifo)
    write_text("[]\n", fifo)
    reader.join(timeout=10)
    assert reader.data == b"[]\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]
    assert default_cache_dir(fifo) is None


def test_build_into_a_named_pipe(tmp_path, nlp):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    fifo = tmp_path / "kg.nq"
    os.mkfifo(fifo)
    reader = PipeReader(fifo)
    result = run("build", article, "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert b"<https://w3id.org/geokg/id/graph/a> ." in reader.data
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "kg.nq"]


def test_a_pipe_whose_reader_leaves_is_a_broken_pipe_not_a_write_error(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = PipeReader(fifo, limit=10)
    with pytest.raises(BrokenPipeError):
        write_text("x" * 1_000_000, fifo)
    reader.join(timeout=10)
    assert reader.data == b"x" * 10


def test_a_unix_socket_is_written_through(tmp_path):
    path = tmp_path / "out.sock"
    received = bytearray()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        server.listen(1)

        def serve() -> None:
            connection, _ = server.accept()
            with connection:
                while chunk := connection.recv(65536):
                    received.extend(chunk)

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        write_text("[]\n", path)
        thread.join(timeout=10)
    assert bytes(received) == b"[]\n"
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_nothing_is_created_or_cached_under_dev_or_proc(tmp_path):
    with pytest.raises(OutputError, match=r"^/dev/geokg-no-such\.ttl: no such device or file"):
        check_writable(Path("/dev/geokg-no-such.ttl"))
    with pytest.raises(OutputError, match=r"^/dev/geokg-no-such\.ttl: no such device"):
        write_text("x", "/dev/geokg-no-such.ttl")
    assert not os.path.exists("/dev/geokg-no-such.ttl")
    for out in ("/dev/null", "/dev/stdout", "/proc/self/fd/2", "-"):
        assert default_cache_dir(out) is None, out


def test_dev_stdout_as_output_writes_stdout_without_renaming(tmp_path):
    """`-o /dev/stdout` with stdout a regular file: the file gets the text, /dev/stdout stays
    the link it was (a rename would have replaced it, as root)."""
    out = tmp_path / "out.txt"
    code = "from geokg.rdf.write import write_text; write_text('[]\\n', '/dev/stdout')"
    with out.open("wb") as stdout:
        subprocess.run([sys.executable, "-c", code], stdout=stdout, check=True)
    assert out.read_text() == "[]\n"
    assert os.path.islink("/dev/stdout")


# ---------------------------------------------------------------- item 3: a full disk, EPIPE


def test_a_full_device_is_a_write_error_naming_it():
    with pytest.raises(OutputError, match=r"^cannot write to /dev/full: No space left on "
                                          r"device — free some space"):
        write_text("[]\n" * 10_000, "/dev/full")


def test_stdout_on_a_full_disk_is_a_write_error(monkeypatch):
    full = open("/dev/full", "w")  # noqa: SIM115 (closed below, where a flush must fail)
    monkeypatch.setattr(sys, "stdout", full)
    with pytest.raises(OutputError, match=r"^cannot write to stdout: No space left on device"):
        write_graph(one_graph(), "-", "nt")
    with contextlib.suppress(OSError):  # what could not be written is still buffered
        full.close()


def _run_into_dev_full(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    with open("/dev/full", "wb") as full:
        return subprocess.run([str(GEOKG), *args], stdout=full, stderr=subprocess.PIPE,
                              cwd=cwd, timeout=300, check=False)


def test_commands_writing_to_a_full_disk_exit_2_with_one_line(tmp_path):
    """`geokg events a.txt > /dev/full`, `build -o -` and `query`: "cannot write", exit 2."""
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    data = tmp_path / "kg.ttl"
    data.write_text('<https://example.org/a> <https://example.org/b> "c" .\n')
    runs = [["events", str(article)], ["build", str(article), "-o", "-", "--format", "nq"],
            ["query", "visits", "--data", str(data), "--format", "csv"]]
    with ThreadPoolExecutor(len(runs)) as pool:
        done = list(pool.map(lambda args: _run_into_dev_full(args, tmp_path), runs))
    for args, result in zip(runs, done, strict=True):
        stderr = result.stderr.decode()
        assert result.returncode == 2, (args, stderr)
        assert stderr.endswith("geokg: error: cannot write to stdout: No space left on device "
                               "— free some space or write the output elsewhere\n"), stderr
        assert "Traceback" not in stderr and "bug" not in stderr and "ignored" not in stderr


# ---------------------------------------------------------------- item 8: the cache


def test_an_unwritable_cache_is_said_once_and_counted(tmp_path, nlp):
    articles = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for article in articles:
        article.write_text(ARTICLE, encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be\n")
    for cache in (blocker / "cache", Path("/proc/nocache")):
        result = run("build", *articles, "-o", tmp_path / "kg.nq", "--cache", cache)
        assert result.exit_code == 0, result.output
        warnings = [ln for ln in result.output.splitlines() if "cannot write the cache" in ln]
        assert len(warnings) == 1, result.output
        assert warnings[0].startswith(f"geokg: warning: {cache}: cannot write the cache (")
        assert "warnings: 1" in result.output.splitlines()[-1]
    assert not Path("/proc/nocache").exists()


# ---------------------------------------------------------------- item 10: formats


def test_a_format_contradicting_the_suffix_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"^x\.ttl: the suffix \.ttl says turtle, not the "
                                         r"nquads asked for — name the file x\.nq, or drop "
                                         r"--format$"):
        rdf_format("x.ttl", "nq")
    assert rdf_format("x.out", "nq") == "nquads"  # a suffix that names no RDF format
    assert rdf_format("x.json", "jsonld") == "json-ld"
    assert rdf_format("-", "nt") == "nt"
    result = run("build", tmp_path / "a.txt", "-o", tmp_path / "x.ttl", "--format", "nq")
    assert result.exit_code == 2


def test_the_formats_suggested_are_the_ones_format_takes(tmp_path):
    with pytest.raises(InputError) as caught:
        rdf_format("x.rdf")
    suggested = caught.value.args[0].rsplit("one of ", 1)[1].split(", ")
    assert suggested == ["ttl", "trig", "nq", "jsonld", "nt"]
    assert "[ttl|trig|nq|jsonld|nt]" in run("build", "--help").output
    refused = run("build", "no-such-article.txt", "-o", tmp_path / "x.out", "--format", "turtle")
    assert refused.exit_code == 2 and "'turtle' is not one of" in refused.output
    accepted = run("build", "no-such-article.txt", "-o", tmp_path / "x.out", "--format", "nt")
    assert "no such file or directory" in accepted.output  # --format nt itself was taken


# ---------------------------------------------------------------- item 11: RDF as articles


@pytest.mark.parametrize("command", ["events", "build", "report"])
def test_an_rdf_file_given_as_an_article_is_refused(command, tmp_path):
    graph = tmp_path / "kg.trig"
    graph.write_text("", encoding="utf-8")
    result = run(command, graph)
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"geokg: error: {graph}: is an RDF file, not an article — give the article files "
        "(.txt, .md, .html, .rss) the graph was built from; to ask a graph questions, use "
        "'geokg query'\n")
