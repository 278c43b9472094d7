"""RDF files in: the one table of RDF formats by suffix, and loading a file into graphs.

`FORMATS` is shared by everything that reads or writes RDF files: `geokg
build` (write.rdf_format: which serialiser), `geokg validate` and `geokg
reason` (load_rdf), `geokg query` and `geokg load` (store.parse_rdf), so
a suffix one command accepts the others accept too. pyoxigraph parses what
it can (stricter than rdflib, and it names line and column); rdflib the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from geokg.errors import InputError
from geokg.read.article import RDF_SUFFIXES


@dataclass(frozen=True)
class RdfFormat:
    """How one RDF syntax is read and written."""

    name: str  # rdflib's parser and serialiser name, as messages call it
    ox: ox.RdfFormat | None  # pyoxigraph's parser; None: rdflib parses it
    quads: bool  # keeps named graphs
    output: bool = False  # `geokg build` writes it (-o suffix or --format)


_TURTLE = RdfFormat("turtle", ox.RdfFormat.TURTLE, False, output=True)
_NT = RdfFormat("nt", ox.RdfFormat.N_TRIPLES, False, output=True)
_TRIG = RdfFormat("trig", ox.RdfFormat.TRIG, True, output=True)
_NQ = RdfFormat("nquads", ox.RdfFormat.N_QUADS, True, output=True)
_JSONLD = RdfFormat("json-ld", ox.RdfFormat.JSON_LD, True, output=True)
_XML = RdfFormat("xml", ox.RdfFormat.RDF_XML, False)

# File suffix (without the dot), or the name given to --format -> its format.
FORMATS: dict[str, RdfFormat] = {
    "ttl": _TURTLE, "turtle": _TURTLE, "nt": _NT, "ntriples": _NT, "trig": _TRIG,
    "nq": _NQ, "nquads": _NQ, "jsonld": _JSONLD, "json-ld": _JSONLD, "json": _JSONLD,
    "rdf": _XML, "owl": _XML, "xml": _XML,
    "n3": RdfFormat("n3", None, False), "trix": RdfFormat("trix", None, True),
    "hext": RdfFormat("hext", None, True),
}
# RDF_SUFFIXES, the suffixes of the RDF files geokg reads (each a key of FORMATS), is
# defined by the reader of articles (geokg.read.article), which refuses a graph named as
# an article; it is imported above for the messages and checks here.


def format_of(path: Path) -> RdfFormat:
    """The format of an RDF file by its suffix, or an InputError naming the accepted ones."""
    suffix = path.suffix.lower()
    if suffix not in RDF_SUFFIXES:
        raise InputError(f"{path}: unknown RDF format '{suffix or '(no suffix)'}' — use one "
                         f"of {' '.join(RDF_SUFFIXES)}")
    return FORMATS[suffix.removeprefix(".")]


def load_rdf(path: Path) -> list[tuple[str, Graph]]:
    """Parse an RDF file into its non-empty graphs, each with a label for messages:
    the file name, plus the graph IRI for named graphs (one empty graph if none)."""
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "no such file"
        raise InputError(f"{path}: {what} — give an RDF file ({' '.join(RDF_SUFFIXES[:5])})")
    rdf = format_of(path)
    _strict_syntax_check(path, rdf)
    dataset = Dataset()
    try:
        dataset.parse(path, format=rdf.name)
    except Exception as exc:  # rdflib raises many types for bad syntax
        raise InputError(f"{path}: not valid {rdf.name} ({_first_line(exc)}) — fix the file"
                         ) from exc
    graphs = []
    for context in dataset.graphs():
        if not len(context):
            continue
        graph = Graph()
        graph += context
        default = context.identifier == DATASET_DEFAULT_GRAPH_ID
        graphs.append((str(path) if default else f"{path} graph <{context.identifier}>", graph))
    return sorted(graphs, key=lambda pair: pair[0]) or [(str(path), Graph())]


def _strict_syntax_check(path: Path, rdf: RdfFormat) -> None:
    """Parse with pyoxigraph first: it is stricter than rdflib (an IRI with a space,
    a bad %-escape) and names the line and column of the error. JSON-LD is left to
    rdflib's parser (contexts, 1.0 documents)."""
    if rdf.ox is None or rdf.ox == ox.RdfFormat.JSON_LD:
        return
    try:
        for _ in ox.parse(path=str(path), format=rdf.ox, base_iri=path.resolve().as_uri()):
            pass
    except SyntaxError as exc:
        what = re.sub(r"^Parser error[^:]*:\s*", "", str(exc.msg))
        raise InputError(f"{path}: not valid {rdf.name} (line {exc.lineno}, column "
                         f"{exc.offset}: {what}) — fix the file") from None


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__
