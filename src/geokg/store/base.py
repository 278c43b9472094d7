"""The store interface, and the RDF files every back end loads.

`Store` is what the commands talk to (`load`, `query`, `triple_count`), never a
particular triplestore. Loading reads every file into named graphs first
(`parse_many`), the same for both back ends, so a bad file is reported before
any store or server is touched; `LoadReport` says what went where.

A file without graph names (Turtle, N-Triples, RDF/XML) goes into one named
graph chosen by `graph_for_triples`: the graph of its article when it holds
exactly one `schema:NewsArticle` (`B article/X` -> `B graph/X`, as
docs/mapping.md mints them), else `B graph/{file stem}`; `--graph` overrides.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib

from geokg.errors import InputError
from geokg.rdf.formats import RdfFormat, format_of
from geokg.rdf.iris import DEFAULT_BASE, slug
from geokg.store.queries import SparqlQuery, parse_query
from geokg.store.results import ResultTable

SCHEMA_NEWS_ARTICLE = "https://schema.org/NewsArticle"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class LoadReport:
    """Which graphs a load put into the store, and which it could not."""

    loaded: list[tuple[str, int]] = field(default_factory=list)  # (graph IRI, triples)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (graph IRI, reason)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """Lines for the user: one per graph, then a total."""
        lines = [f"loaded <{g}>: {n} triples" for g, n in self.loaded]
        lines += [f"FAILED <{g}>: {why}" for g, why in self.failed]
        total = sum(n for _, n in self.loaded)
        lines.append(
            f"{len(self.loaded)} graph(s) loaded, {total} triples; {len(self.failed)} failed"
        )
        return "\n".join(lines)


def parse_rdf(path: Path | str, graph: str | None = None) -> dict[str, list[ox.Triple]]:
    """Read an RDF file into {graph IRI: triples}, by its suffix.

    Quad formats keep their graph names (triples in a TriG default graph are
    treated like a triple file's); triple formats go to `graph` or the graph
    chosen by graph_for_triples. Parse errors name the file and position.
    """
    path = Path(path)
    rdf = format_of(path)
    if not path.is_file():
        raise InputError(f"{path}: no such data file")
    quads = _read_quads(path, rdf)
    graphs: dict[str, list[ox.Triple]] = {}
    default: list[ox.Triple] = []
    for quad in quads:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            default.append(quad.triple)
        else:
            graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    if default:
        name = graph or graph_for_triples(default, path)
        graphs.setdefault(name, []).extend(default)
    if not graphs:
        raise InputError(f"{path}: holds no triples")
    return graphs


def _read_quads(path: Path, rdf: RdfFormat) -> list[ox.Quad]:
    """All quads of a file: pyoxigraph where it can, rdflib for the rest."""
    if rdf.ox is not None:
        try:
            return list(ox.parse(path=str(path), format=rdf.ox))
        except SyntaxError as exc:
            raise InputError(f"{path}: not valid {rdf.ox.name}: {exc}") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc}") from None
    dataset = rdflib.Dataset()
    try:
        dataset.parse(str(path), format=rdf.name)
    except Exception as exc:  # rdflib parsers raise many unrelated types
        raise InputError(f"{path}: not valid {rdf.name}: {exc}") from None
    data = io.BytesIO(dataset.serialize(format="nquads", encoding="utf-8"))
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def graph_for_triples(triples: Sequence[ox.Triple], path: Path) -> str:
    """The named graph for a file without graph names (see the module docstring).

    One schema:NewsArticle `B article/X` -> `B graph/X`, the graph
    `geokg build -o x.trig` would have given it, so loading the .ttl and the
    .trig of one article replace each other. Otherwise `B graph/{file stem}`,
    with B taken from the articles' IRIs (or the default base).
    """
    articles = sorted({
        t.subject.value for t in triples
        if t.predicate.value == RDF_TYPE and t.object.value == SCHEMA_NEWS_ARTICLE
        and isinstance(t.subject, ox.NamedNode)
    })
    base = DEFAULT_BASE
    if articles and "/article/" in articles[0]:
        base = articles[0].rsplit("/article/", 1)[0] + "/"
    if len(articles) == 1 and "/article/" in articles[0]:
        return base + "graph/" + articles[0].rsplit("/article/", 1)[1]
    return base + "graph/" + slug(path.stem)


def parse_many(paths: Iterable[Path | str], graph: str | None = None
               ) -> dict[str, list[ox.Triple]]:
    """parse_rdf over many files, all read (and so checked) before any loading.

    A graph named in two files gets the triples of both.
    """
    out: dict[str, list[ox.Triple]] = {}
    for path in paths:
        for name, triples in parse_rdf(path, graph).items():
            out.setdefault(name, []).extend(triples)
    return out


class Store:
    """What every back end offers the commands."""

    def load(self, paths: Iterable[Path | str], graph: str | None = None) -> LoadReport:
        """Load RDF files, one named graph each (see parse_rdf); replace, never add."""
        raise NotImplementedError

    def query(self, query: SparqlQuery) -> ResultTable:
        """Run a checked query with the union of the named graphs as default graph."""
        raise NotImplementedError

    def triple_count(self) -> int:
        """Distinct triples in the union default graph."""
        table = self.query(parse_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
        return int(table.values()[0][0])
