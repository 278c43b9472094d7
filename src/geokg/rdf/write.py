"""WRITE stage: serialise a graph or dataset to a file, atomically.

The output is first written to a temporary file in the target's directory and
then renamed over the target (`os.replace`, atomic on POSIX and Windows), so
a failure part-way (a serialiser error, a full disk, Ctrl-C) leaves the old
file as it was and no half-written file or temporary file behind.

Formats come from the file suffix or are given explicitly. Turtle and
N-Triples hold one graph: a dataset written to them is merged into a single
graph (named graphs are dropped, their triples kept). TriG and N-Quads keep
the named graphs; a plain graph written to them goes to the default graph.
JSON-LD is compacted with the context geokg ships (ontology/context.jsonld),
embedded in the file so it expands offline to the same triples.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from rdflib import Dataset, Graph
from rdflib.graph import ConjunctiveGraph

from geokg import resources
from geokg.errors import InputError
from geokg.rdf.formats import FORMATS
from geokg.rdf.turtle import serialize

QUAD_FORMATS = frozenset({"trig", "nquads"})  # need a Dataset
TRIPLE_FORMATS = frozenset({"turtle", "nt"})  # need a single Graph
STDOUT = "-"


def rdf_format(path: Path | str, fmt: str | None = None) -> str:
    """The rdflib serialiser name for `fmt`, or for the suffix of `path`."""
    key = (fmt or Path(str(path)).suffix.lstrip(".")).lower()
    written = {k: f.name for k, f in FORMATS.items() if f.output}
    if key in written:
        return written[key]
    known = ", ".join(sorted({k for k in written if len(k) <= 6}))
    if fmt:
        raise InputError(f"unknown output format {fmt!r} — use one of {known}")
    raise InputError(
        f"{path}: cannot tell the RDF format from the suffix "
        f"— use a suffix or --format, one of {known}"
    )


def write_graph(data: Graph, path: Path | str, fmt: str | None = None) -> int:
    """Serialise `data` (Graph or Dataset) to `path` ('-' for stdout); return triple count.

    A Dataset written as Turtle or N-Triples is merged into one graph.
    """
    name = rdf_format(path, fmt) if str(path) != STDOUT or fmt else "turtle"
    shaped = _shape(data, name)
    count = _count(shaped)
    options = {"context": jsonld_context(shaped), "auto_compact": True} if name == "json-ld" else {}
    if str(path) == STDOUT:
        serialize(shaped, sys.stdout.buffer, name, **options)
        sys.stdout.buffer.flush()
        return count
    with atomic_output(Path(path)) as out:
        serialize(shaped, out, name, **options)
    return count


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
    """Write `text` (UTF-8) to `path` atomically, or to stdout when path is '-'."""
    if str(path) == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with atomic_output(Path(path)) as out:
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


def check_writable(path: Path) -> None:
    """Refuse now, not after the work is done, an output that cannot be written.

    The folder is created (as writing would) and a temporary file made and
    removed in it: that is what atomic_output needs, whatever the permissions
    of an existing file (it is replaced, not written into).
    """
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
        raise InputError(f"{path}: cannot write ({exc.strerror}) — check free space") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def set_default_mode(path: Path) -> None:
    """Give the file the usual 0666 & ~umask mode (mkstemp creates it 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)
