"""WRITE stage: serialise a graph or dataset to a file, atomically.

Every output geokg writes is opened by `open_output`, which decides how:

- a regular file or a new path: written to a temporary file in the target's
  directory, then renamed over the target (`os.replace`, atomic on POSIX and
  Windows), so a failure part-way (a serialiser error, a full disk, Ctrl-C)
  leaves the old file as it was and no half-written or temporary file behind;
- a symbolic link: resolved, and its target written atomically (the link stays);
- a character or block device, a named pipe or a Unix socket, and any path
  under /dev or /proc: written through directly, never renamed over (a
  rename would replace `/dev/null` by a regular file, or leave a pipe's
  reader waiting forever);
- '-': stdout.

A write that fails (a full disk, a device that refuses) is an OutputError,
"cannot write ...: No space left on device" (exit 2); a reader that went away
(EPIPE) is left as BrokenPipeError, which the CLI ends quietly.

Formats come from the file suffix or are given explicitly. Turtle and
N-Triples hold one graph: a dataset written to them is merged into a single
graph (named graphs are dropped, their triples kept). TriG and N-Quads keep
the named graphs; a plain graph written to them goes to the default graph.
JSON-LD is compacted with the context geokg ships (ontology/context.jsonld),
embedded in the file so it expands offline to the same triples.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from rdflib import Dataset, Graph
from rdflib.graph import ConjunctiveGraph

from geokg import resources
from geokg.errors import InputError, OutputError
from geokg.rdf.formats import FORMATS
from geokg.rdf.turtle import serialize

QUAD_FORMATS = frozenset({"trig", "nquads"})  # need a Dataset
TRIPLE_FORMATS = frozenset({"turtle", "nt"})  # need a single Graph
STDOUT = "-"
# Folders of the operating system's special files: an output there is written through,
# never replaced by a rename, and no cache is made there.
SYSTEM_ROOTS = ("/dev/", "/proc/", "/sys/")
# The names `--format` takes, by the serialiser they choose (also the suffix suggested).
OUTPUT_FORMATS = {"turtle": "ttl", "trig": "trig", "nquads": "nq", "json-ld": "jsonld",
                  "nt": "nt"}


def rdf_format(path: Path | str, fmt: str | None = None) -> str:
    """The rdflib serialiser name for `fmt`, or for the suffix of `path`.

    A format given together with a file whose suffix names another RDF format
    (`-o kg.ttl --format nq`) is refused: the file would lie about what it holds.
    """
    key = (fmt or Path(str(path)).suffix.lstrip(".")).lower()
    written = {k: f.name for k, f in FORMATS.items() if f.output}
    known = ", ".join(OUTPUT_FORMATS.values())
    if key not in written:
        if fmt:
            raise InputError(f"unknown output format {fmt!r} — use one of {known}")
        raise InputError(
            f"{path}: cannot tell the RDF format from the suffix "
            f"— use a suffix or --format, one of {known}"
        )
    name = written[key]
    suffix = Path(str(path)).suffix.lstrip(".").lower()
    if fmt and str(path) != STDOUT and suffix in FORMATS and FORMATS[suffix].name != name:
        wanted = OUTPUT_FORMATS[name]
        raise InputError(
            f"{path}: the suffix .{suffix} says {FORMATS[suffix].name}, not the {name} asked "
            f"for — name the file {Path(str(path)).stem}.{wanted}, or drop --format"
        )
    return name


def write_graph(data: Graph, path: Path | str, fmt: str | None = None) -> int:
    """Serialise `data` (Graph or Dataset) to `path` ('-' for stdout); return triple count.

    A Dataset written as Turtle or N-Triples is merged into one graph.
    """
    name = rdf_format(path, fmt) if str(path) != STDOUT or fmt else "turtle"
    shaped = _shape(data, name)
    count = _count(shaped)
    if name == "json-ld":
        write_text(_stable_jsonld(shaped), path)
        return count
    with open_output(path) as out:
        serialize(shaped, out, name)
    return count


def _stable_jsonld(data: Graph) -> str:
    """The compacted JSON-LD document with its nodes and values in a fixed order.

    rdflib writes nodes in the order its stores hash them, which changes from one
    process to the next; every array of the document is sorted (geokg's data has no
    RDF lists, the only arrays JSON-LD keeps in order), so one graph is one text."""
    from io import BytesIO

    stream = BytesIO()
    serialize(data, stream, "json-ld", context=jsonld_context(data), auto_compact=True)
    document = _sorted_arrays(json.loads(stream.getvalue().decode("utf-8")))
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _sorted_arrays(node: object) -> object:
    if isinstance(node, dict):
        return {key: _sorted_arrays(value) for key, value in node.items()}
    if isinstance(node, list):
        return sorted((_sorted_arrays(item) for item in node),
                      key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return node


def jsonld_context(data: Graph) -> dict[str, object]:
    """The shipped JSON-LD context, plus `id:` for the data base the graph is bound to.

    The base is chosen per build (--base), so it cannot be in the shipped file.
    """
    text = resources.file("ontology", "context.jsonld").read_text("utf-8")
    context: dict[str, object] = json.loads(text)["@context"]
    base = dict(data.namespaces()).get("id")
    if base is not None:
        context["id"] = str(base)
    return context


def write_text(text: str, path: Path | str) -> None:
    """Write `text` (UTF-8) to `path` as `open_output` does: atomically, or through."""
    with open_output(path) as out:
        out.write(text.encode("utf-8"))


def _shape(data: Graph, name: str) -> Graph:
    """Turn `data` into what serialiser `name` can write (see module docstring)."""
    is_quads = isinstance(data, ConjunctiveGraph)  # Dataset is a ConjunctiveGraph
    if name in QUAD_FORMATS and not is_quads:
        dataset = Dataset()
        _copy_prefixes(data, dataset)
        dataset.default_graph += data  # type: ignore[attr-defined]
        return dataset
    if name in TRIPLE_FORMATS and is_quads:
        merged = Graph()
        _copy_prefixes(data, merged)
        for s, p, o, _ in data.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return data


def _count(data: Graph) -> int:
    """Triples of a graph, or quads (triple in a graph) of a dataset."""
    if isinstance(data, ConjunctiveGraph):
        return sum(1 for _ in data.quads((None, None, None, None)))
    return len(data)


def _copy_prefixes(source: Graph, target: Graph) -> None:
    for prefix, namespace in source.namespaces():
        target.bind(prefix, namespace, override=False)


def is_system_path(path: Path | str) -> bool:
    """A path under /dev, /proc or /sys (after resolving links): nothing is renamed or
    cached there."""
    absolute = os.path.abspath(path)
    return any(f"{p}/".startswith(SYSTEM_ROOTS) for p in (absolute, os.path.realpath(path)))


def is_written_through(path: Path | str) -> bool:
    """Stdout, an existing device, pipe or socket (also behind a link), or a system path:
    outputs that are written directly, never replaced by a rename, and get no cache."""
    if str(path) == STDOUT:
        return True
    try:
        mode = os.stat(path).st_mode  # follows links: a link to /dev/null is a device
    except OSError:
        mode = None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return True
    return is_system_path(path)


def resolved(path: Path) -> Path:
    """The file a symbolic link finally points to (written in its place), else `path`."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_writable(path: Path) -> None:
    """Refuse now, not after the work is done, an output that cannot be written.

    For a file the folder is created (as writing would) and a temporary file
    made and removed in it: that is what atomic_output needs, whatever the
    permissions of an existing file (it is replaced, not written into). A
    device, pipe or socket is only checked for permission (opening a pipe
    would wait for its reader).
    """
    if is_written_through(path):
        _check_special(path)
        return
    path = resolved(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory — give an output file name")
    if path.parent.exists() and not path.parent.is_dir():
        raise InputError(f"{path}: cannot write ({path.parent} is a file, not a folder) "
                         "— check the path")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path.parent, prefix=f".{path.name}."):
            pass
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror}) — check the directory") from exc


def _check_special(path: Path | str) -> None:
    """A written-through output exists and may be written (a new file is never made
    under /dev or /proc: a typo there would leave a stray file in a system folder)."""
    if str(path) == STDOUT:
        return
    if not os.path.exists(path):
        raise OutputError(f"{path}: no such device or file under a system folder — check "
                          "the path (geokg creates no files under /dev, /proc or /sys)")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory — give an output file name")
    if not os.access(path, os.W_OK):
        raise OutputError(f"cannot write to {path}: Permission denied — check its permissions")


@contextlib.contextmanager
def open_output(path: Path | str) -> Iterator[IO[bytes]]:
    """The one way an output is opened: a binary stream to `path` (see the module
    docstring for how each kind of path is written). Use it as a `with` block; the
    output is complete when the block ends without an exception."""
    if str(path) == STDOUT:
        sys.stdout.flush()  # text printed before keeps its place
        with _written_through(None) as out:
            yield out
    elif is_written_through(path):
        _check_special(path)
        with _written_through(Path(path)) as out:
            yield out
    else:
        with atomic_output(resolved(Path(path))) as out:
            yield out


@contextlib.contextmanager
def _written_through(path: Path | None) -> Iterator[IO[bytes]]:
    """Stdout (path None), a device, a pipe or a socket, written directly: no temporary
    file, no rename. A failed write is an OutputError; a reader gone (EPIPE) passes."""
    where = f"to {path}" if path is not None else "to stdout"
    try:
        if path is None:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        elif stat.S_ISSOCK(os.stat(path).st_mode):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.connect(str(path))
                with sock.makefile("wb") as out:
                    yield out
        else:
            with open(path, "wb") as out:  # noqa: SIM117 (O_TRUNC does nothing to a device)
                yield out
    except BrokenPipeError:
        raise  # the reader went away (`| head`): the CLI ends quietly, as Unix tools do
    except OSError as exc:
        if exc.filename is not None and exc.filename != str(path):
            raise  # about another file (the work inside the block failed): not a write error
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
        hint = "free some space or write the output elsewhere" if full else "check the output"
        raise OutputError(f"cannot write {where}: {exc.strerror or exc} — {hint}") from exc


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that replaces `path` only if the `with` block succeeds.

    OS errors (no permission, disk full, a directory in the way) become an
    InputError naming the file.
    """
    if path.is_dir():
        raise InputError(f"{path}: is a directory — give an output file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror}) — check the directory") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        set_default_mode(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.filename is not None and exc.filename not in (str(tmp), str(path)):
            raise  # about another file (the work inside the block failed): not a write error
        raise OutputError(f"{path}: cannot write ({exc.strerror}) — check free space") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def set_default_mode(path: Path) -> None:
    """Give the file the usual 0666 & ~umask mode (mkstemp creates it 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)
