"""The build's output files: streamed N-Quads and TriG, N-Quads shards, or one merged graph.

A writer receives the article outputs in input order and completes the output
at `finish()`; on failure nothing half-written replaces the previous output.
The pipeline validates a merged graph (`merged()`) before it is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import IO

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.stores.memory import SimpleMemory

from geokg.rdf.iris import graph_iri
from geokg.rdf.ntriples import TermReader
from geokg.rdf.turtle import turtle_text
from geokg.rdf.write import STDOUT, open_output, rdf_format, write_graph, write_text
from geokg.run.cache import ArticleOutput

SHARD_SIZE = 1000  # articles per N-Quads shard when the output is a directory


def canonical_ntriples(graph: Graph) -> str:
    """The graph as N-Triples, one line per triple, sorted: the same triples, the same bytes.

    (The mapper mints no blank nodes, so sorting is a full canonical form.)
    """
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return "".join(f"{line}\n" for line in sorted({ln for ln in text.split("\n") if ln}))


def is_shard_dir(out: Path | str) -> bool:
    """An output ending in '/' or naming a directory means N-Quads shards in it."""
    return str(out).endswith(("/", os.sep)) or Path(out).is_dir()


class _Writer:
    """Receives article outputs in order; `finish()` completes the output, returns its size."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close(*exc_info)

    def add(self, output: ArticleOutput) -> None:
        raise NotImplementedError

    def merged(self) -> Graph | None:
        """The merged graph to validate before `finish()` writes it; None when articles
        stay in graphs of their own (each was validated alone)."""
        return None

    def finish(self) -> int:
        raise NotImplementedError

    def close(self, *exc_info) -> None:
        """Release what is open; on failure (exc_info set) leave the previous output as it was."""


class _StreamWriter(_Writer):
    """N-Quads or TriG written article by article (to a temp file renamed at the end, or
    through to stdout, a device or a pipe: geokg.rdf.write.open_output)."""

    def __init__(self, out: Path | str, base: str, trig: bool):
        self.base, self.trig, self.quads = base, trig, 0
        self.prefixes: set[str] = set()
        self.reader = TermReader()
        self._context = open_output(out)
        self.stream = self._context.__enter__()

    def add(self, output: ArticleOutput) -> None:
        name = f"<{graph_iri(output.doc_id, self.base)}>"
        text = self._trig(output, name) if self.trig else quads(output.ntriples, name)
        self.stream.write(text.encode("utf-8"))
        self.quads += output.triples

    def _trig(self, output: ArticleOutput, name: str) -> str:
        """A TriG block for the article; each prefix declared once, before first use."""
        from geokg.rdf import mapper

        graph = Graph()
        mapper.bind_prefixes(graph, self.base)
        self.reader.add(graph, output.ntriples)
        lines = turtle_text(graph).split("\n")
        new = [ln for ln in lines if ln.startswith("@prefix") and ln not in self.prefixes]
        self.prefixes.update(new)
        body = "\n".join(ln for ln in lines if not ln.startswith("@prefix")).strip("\n")
        head = "".join(f"{ln}\n" for ln in new) + ("\n" if new else "")
        return f"{head}{name} {{\n{body}\n}}\n\n" if body else head

    def finish(self) -> int:
        return self.quads

    def close(self, *exc_info) -> None:
        self._context.__exit__(*exc_info)  # renames the temp file, or removes it on failure


def quads(ntriples: str, graph: str) -> str:
    """N-Triples lines -> N-Quads lines in `graph` ("<s> <p> <o> ." -> "<s> <p> <o> <g> .")."""
    return "".join(f"{line[:-1]}{graph} .\n" for line in ntriples.splitlines())


class _ShardWriter(_Writer):
    """N-Quads shards `shard-000.nq`, ... of `size` articles each, in a directory.

    Shards are written to a hidden temp directory inside it and moved into
    place only when the whole build succeeded; older shards beyond the new
    count are removed, so the directory always holds one complete build.
    """

    def __init__(self, out: Path | str, base: str, size: int):
        self.dir, self.base, self.size = Path(out), base, max(1, size)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(dir=self.dir, prefix=".shards-"))
        self.count = self.quads = 0
        self.stream: IO[bytes] | None = None

    def add(self, output: ArticleOutput) -> None:
        if self.stream is None or self.count % self.size == 0:
            self._next()
        name = f"<{graph_iri(output.doc_id, self.base)}>"
        self.stream.write(quads(output.ntriples, name).encode("utf-8"))
        self.count += 1
        self.quads += output.triples

    def _next(self) -> None:
        if self.stream is not None:
            self.stream.close()
        self.stream = open(self.tmp / f"shard-{self.count // self.size:03d}.nq", "wb")  # noqa: SIM115

    def finish(self) -> int:
        if self.stream is not None:
            self.stream.close()
        new = sorted(self.tmp.glob("shard-*.nq"))
        for old in self.dir.glob("shard-*.nq"):
            if not (self.tmp / old.name).exists():
                old.unlink()
        for shard in new:
            os.replace(shard, self.dir / shard.name)
        return self.quads

    def close(self, *exc_info) -> None:
        if self.stream is not None and not self.stream.closed:
            self.stream.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


class _MergedWriter(_Writer):
    """Turtle, N-Triples (all articles in one graph) or JSON-LD (named graphs): these
    serialisers need the whole graph, so it is kept in memory and written at the end."""

    def __init__(self, out: Path | str, fmt: str | None, name: str, base: str):
        from geokg.rdf import mapper

        self.out, self.fmt, self.name, self.base = out, fmt, name, base
        # One plain graph for Turtle and N-Triples on a SimpleMemory store (no named
        # graphs): adding the build's triples takes about half the time of rdflib's
        # default store, and the serialisers sort what they write, so the bytes are the same.
        self.data = Dataset() if name == "json-ld" else Graph(store=SimpleMemory())
        mapper.bind_prefixes(self.data, base)
        self.articles = 0
        self.reader = TermReader()

    def add(self, output: ArticleOutput) -> None:
        self.articles += 1
        target = self.data
        if isinstance(self.data, Dataset):
            target = self.data.graph(URIRef(graph_iri(output.doc_id, self.base)))
        self.reader.add(target, output.ntriples)

    def merged(self) -> Graph | None:
        # Merging can break a shape each article meets alone (one event, two statuses).
        return self.data if self.name != "json-ld" and self.articles > 1 else None

    def finish(self) -> int:
        if self.name == "nt":
            text = canonical_ntriples(self.data)
            write_text(text, self.out)
            return text.count("\n")
        return write_graph(self.data, self.out, self.fmt)


def writer_for(out: Path | str, fmt: str | None, base: str, shard_size: int) -> _Writer:
    if is_shard_dir(out):
        if fmt not in (None, "nq", "nquads"):
            from geokg.errors import InputError

            raise InputError(f"{out}: an output directory gets N-Quads shards — drop --format "
                             "or give an output file")
        return _ShardWriter(out, base, shard_size)
    name = rdf_format(out, fmt) if str(out) != STDOUT or fmt else "turtle"
    if name in ("nquads", "trig"):
        return _StreamWriter(out, base, trig=name == "trig")
    return _MergedWriter(out, fmt, name, base)
