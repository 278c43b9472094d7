"""The store layer: one interface, an embedded and a remote back end.

Like rdflib's split between `Graph` and its store plugins, the commands talk
to `Store` only (`load`, `query`, `triple_count`) and never to a particular
triplestore:

- `EmbeddedStore` keeps the data in an in-memory pyoxigraph store: no server
  needed, the default for `geokg query --data`.
- `RemoteStore` talks to a SPARQL 1.1 endpoint such as Apache Jena Fuseki:
  queries with the SPARQL 1.1 Protocol through SPARQLWrapper, loading with
  the Graph Store Protocol through requests (one HTTP PUT per named graph, so
  loading again replaces a graph instead of doubling it); each request has a
  deadline and bounded retries.

Both answer with a `ResultTable` of plain `Term`s (pyoxigraph reads an
endpoint's SPARQL JSON results as it reads its own solutions), so the same
query run embedded and remote can be compared value for value, and printed
the same way by pyoxigraph's result writers (`format_result`).

Dataset semantics are the same on both sides: every article is a named graph
and the query's default graph is the union (as a set) of all of them. Fuseki
gets this from `tdb2:unionDefaultGraph` (scripts/fuseki-geokg.ttl); the
embedded store mirrors each named-graph triple into its default graph, since
pyoxigraph's `use_default_graph_as_union` would repeat a triple once per graph
that holds it (two articles naming the same country would double every row).

A file without graph names (Turtle, N-Triples, RDF/XML) goes into one named
graph chosen by `graph_for_triples`: the graph of its article when it holds
exactly one `schema:NewsArticle` (`B article/X` -> `B graph/X`, as
docs/mapping.md mints them), else `B graph/{file stem}`; `--graph` overrides.
"""

from __future__ import annotations

import ast
import http.client
import io
import json
import math
import os
import re
import threading
import urllib.error
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

import pyoxigraph as ox
import rdflib
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from geokg import __version__, resources
from geokg.errors import InputError, ServerError
from geokg.rdf.formats import RdfFormat, format_of
from geokg.rdf.iris import DEFAULT_BASE, slug

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SCHEMA_NEWS_ARTICLE = "https://schema.org/NewsArticle"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DEFAULT_TIMEOUT = 30.0
USER_ENV = "GEOKG_USER"
PASSWORD_ENV = "GEOKG_PASSWORD"
T = TypeVar("T")

_INTEGER_TYPES = {
    XSD + name for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte",
    )
}
_FLOAT_TYPES = {XSD + "double", XSD + "float"}



# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Term:
    """One RDF term of an answer, in the shape of SPARQL 1.1 JSON results."""

    kind: str  # "uri", "literal" or "bnode"
    value: str
    datatype: str | None = None  # None for plain strings (xsd:string) and language strings
    lang: str | None = None

    def python(self) -> object:
        """A comparable Python value: int/float/Decimal/bool for numbers and
        booleans, the lexical form for every other literal (dates stay
        "2024-11-16", so mixed precisions compare as written), the IRI string
        for IRIs and "_:" for blank nodes (their labels differ between stores).
        """
        if self.kind == "bnode":
            return "_:"
        if self.kind == "uri" or self.datatype is None:
            return self.value
        try:
            if self.datatype in _INTEGER_TYPES:
                return int(self.value)
            if self.datatype == XSD + "decimal":
                return Decimal(self.value)
            if self.datatype in _FLOAT_TYPES:
                return float(self.value)
        except (ValueError, InvalidOperation):
            return self.value
        if self.datatype == XSD + "boolean":
            return self.value.strip() in ("true", "1")
        return self.value

    def to_json(self) -> dict[str, str]:
        """The term as a SPARQL 1.1 JSON results binding."""
        out = {"type": self.kind, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype:
            out["datatype"] = self.datatype
        return out

    def text(self) -> str:
        """How a person reads the term in a table or CSV cell."""
        return self.value if self.kind != "bnode" else "_:" + self.value


def literal_term(value: str, datatype: str | None, lang: str | None) -> Term:
    """A literal Term with xsd:string and rdf:langString folded away."""
    if lang or datatype in (XSD + "string", RDF_LANGSTRING):
        datatype = None
    return Term("literal", value, datatype, lang or None)


@dataclass
class ResultTable:
    """A query's answer, the same for every back end.

    SELECT: `vars` and `rows` (one tuple per solution, None where unbound).
    ASK: `boolean`. CONSTRUCT/DESCRIBE: `vars` is subject, predicate, object
    and `rows` the triples, sorted, so two graphs compare as tables.
    """

    kind: str  # "select", "ask" or "graph"
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None

    def values(self) -> list[tuple[object, ...]]:
        """Rows of Python values (see Term.python), for comparing answers."""
        return [tuple(None if t is None else t.python() for t in row) for row in self.rows]

    def records(self) -> list[dict[str, object]]:
        """Rows as dicts of Python values, unbound variables left out."""
        return [
            {v: t.python() for v, t in zip(self.vars, row, strict=True) if t is not None}
            for row in self.rows
        ]

    def column(self, name: str) -> list[object]:
        """The Python values of one column, in row order."""
        i = self.vars.index(name)
        return [None if row[i] is None else row[i].python() for row in self.rows]

    def sparql_json(self) -> dict:
        """The answer as SPARQL 1.1 JSON results (graph answers as subject/predicate/object
        rows)."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        return {
            "head": {"vars": self.vars},
            "results": {"bindings": [
                {v: t.to_json() for v, t in zip(self.vars, row, strict=True) if t is not None}
                for row in self.rows
            ]},
        }

    def comparable(self) -> object:
        """What two back ends must agree on: the boolean or the value rows.

        Rows keep their order for SELECT (the saved queries all ORDER BY);
        graph results are already sorted.
        """
        return self.boolean if self.kind == "ask" else (self.vars, self.values())


def graph_table(triples: Iterable[tuple[Term, Term, Term]]) -> ResultTable:
    """A CONSTRUCT/DESCRIBE answer as a sorted subject/predicate/object table."""
    rows = sorted(set(triples), key=lambda r: tuple((t.kind, t.value) for t in r))
    return ResultTable("graph", ["subject", "predicate", "object"], list(rows))


# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class SparqlQuery:
    """A parsed, checked query file: its text and its form."""

    path: str
    text: str
    kind: str  # "select", "ask" or "graph"


_POSITION = re.compile(r"error at (\d+):(\d+):?\s*(.*)", re.S)
_UPDATE_START = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)
_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)
_COMMENT_LINE = re.compile(r"^\s*#.*$", re.M)


def read_query(path: Path | str) -> SparqlQuery:
    """Read and check a query file, before any store or server sees it.

    The text is parsed by pyoxigraph against an empty store (which also tells
    SELECT from ASK from CONSTRUCT); a syntax error becomes an InputError
    naming file, line and column, so a Turtle file or a typo never reaches a
    server.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        saved = saved_query(path)
        if saved is None:
            names = ", ".join(sorted(saved_queries()))
            raise InputError(f"{path}: no such query file — give a file, or the name of a "
                             f"saved query: {names}") from None
        text = saved
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read query file: {exc}") from None
    return parse_query(text, str(path))


def saved_queries() -> dict[str, Traversable]:
    """The saved queries shipped with geokg (queries/*.rq) by name: {"visits": ...}."""
    return {q.name.removesuffix(".rq"): q for q in resources.files("queries")}


def saved_query(path: Path) -> str | None:
    """The text of the saved query `path` names ("visits" or "visits.rq", no folder), if any."""
    if len(path.parts) != 1:
        return None
    found = saved_queries().get(path.name.removesuffix(".rq"))
    return found.read_text(encoding="utf-8") if found is not None else None


def parse_query(text: str, name: str = "<query>") -> SparqlQuery:
    """Check `text` as a SPARQL 1.1 query (see read_query)."""
    if not text.strip():
        raise InputError(f"{name}: empty query file")
    try:
        result = ox.Store().query(text)
    except SyntaxError as exc:
        raise InputError(_syntax_message(name, text, str(exc))) from None
    if isinstance(result, ox.QueryBoolean):
        kind = "ask"
    elif isinstance(result, ox.QueryTriples):
        kind = "graph"
    else:
        kind = "select"
    return SparqlQuery(name, text, kind)


def _syntax_message(name: str, text: str, error: str) -> str:
    """"FILE:LINE:COL: not a valid SPARQL query: WHAT" from a parser message.

    pyoxigraph decides validity, but reports where its parser gave up, often
    the end of the text; rdflib's parser points at the offending token, so its
    line and column are used when it fails too.
    """
    match = _POSITION.search(error)
    line, col = (match.group(1), match.group(2)) if match else ("1", "1")
    what = (match.group(3) if match else error).strip()
    found = _rdflib_position(text)
    if found:
        line, col, token = found
        what = f"unexpected '{token}'" if token else "unexpected end of the query"
    hint = ""
    if found and not _QUERY_FORM.search(_COMMENT_LINE.sub("", text)):
        hint = " (no SELECT, ASK, CONSTRUCT or DESCRIBE: is this a SPARQL file at all?)"
    if _UPDATE_START.match(_COMMENT_LINE.sub("", text)):
        hint = " (this is a SPARQL update; geokg query runs SELECT, ASK, CONSTRUCT or DESCRIBE)"
    return f"{name}:{line}:{col}: not a valid SPARQL query: {what}{hint}"


def _rdflib_position(text: str) -> tuple[str, str, str] | None:
    """(line, column, offending token) from rdflib's parser, or None if it parses."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(text)
    except ParseBaseException as exc:
        token = text[exc.loc:].split(None, 1)[0][:30] if text[exc.loc:].strip() else ""
        return str(exc.lineno), str(exc.col), token
    except Exception:  # rdflib's algebra step raises assorted errors: no position then
        return None
    return None


# --------------------------------------------------------------------------- loading


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


# --------------------------------------------------------------------------- stores


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


class EmbeddedStore(Store):
    """An in-memory pyoxigraph store; no server.

    Two pyoxigraph stores: `_quads` holds the named graphs (plus their union
    as its default graph) for queries that name graphs (GRAPH, FROM);
    `_union` holds only the union, for every other query. pyoxigraph looks a
    default-graph triple up among all its copies in named graphs, so a node
    shared by many articles (a country's label) would make each lookup cost
    one step per article; a store without named graphs avoids that.
    """

    def __init__(self) -> None:
        self._quads = ox.Store()
        self._union = ox.Store()

    def load(self, paths: Iterable[Path | str], graph: str | None = None) -> LoadReport:
        graphs = parse_many(paths, graph)
        report = LoadReport()
        for name, triples in graphs.items():
            self.put_graph(name, triples)
            report.loaded.append((name, len(set(triples))))
        self._rebuild_union()
        return report

    def put_graph(self, name: str, triples: Iterable[ox.Triple]) -> None:
        """Replace named graph `name` (call _rebuild_union after a batch of these)."""
        node = ox.NamedNode(name)
        if self._quads.contains_named_graph(node):
            self._quads.remove_graph(node)
        self._quads.extend(ox.Quad(t.subject, t.predicate, t.object, node) for t in triples)

    def load_graph(self, data: rdflib.Graph) -> None:
        """Load an rdflib Dataset (each named graph) or Graph (into the graph it names).

        A graph without a name (a blank node, or the default graph) goes into
        <urn:x-geokg:graph:default>, so it is part of the union as files are.
        """
        default = "urn:x-geokg:graph:default"
        graphs = data.contexts() if isinstance(data, rdflib.ConjunctiveGraph) else [data]
        for graph in graphs:
            name = graph.identifier
            named = isinstance(name, rdflib.URIRef) and name != DATASET_DEFAULT_GRAPH_ID
            text = graph.serialize(format="nt", encoding="utf-8")
            self.put_graph(str(name) if named else default,
                           ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
        self._rebuild_union()

    def _rebuild_union(self) -> None:
        """Default graph := the set union of all named graphs (see module docstring)."""
        self._quads.clear_graph(ox.DefaultGraph())
        self._quads.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        self._union = ox.Store()
        self._union.extend(self._quads.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def query(self, query: SparqlQuery) -> ResultTable:
        named = _NAMES_GRAPHS.search(_COMMENT_LINE.sub("", query.text))
        store = self._quads if named else self._union
        try:
            result = store.query(query.text)
        except SyntaxError as exc:
            raise InputError(_syntax_message(query.path, query.text, str(exc))) from None
        except OSError as exc:  # evaluation errors (e.g. SERVICE) surface as OSError
            raise InputError(f"{query.path}: query failed: {exc}") from None
        return _ox_table(result)


# A query that may address named graphs; comments and strings may match too,
# which only costs speed (the named-graph store gives the same answers).
_NAMES_GRAPHS = re.compile(r"\b(GRAPH|FROM)\b", re.I)


def _ox_term(term: object) -> Term | None:
    """A pyoxigraph term as a Term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        return literal_term(term.value, term.datatype.value, term.language)
    return Term("literal", str(term))  # RDF-star triples: shown as text


def _ox_table(result: object) -> ResultTable:
    """A pyoxigraph query result as a ResultTable."""
    if isinstance(result, ox.QueryBoolean):
        return ResultTable("ask", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return graph_table(
            (_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)) for t in result
        )
    names = [v.value for v in result.variables]
    rows = [tuple(_ox_term(solution[name]) for name in names) for solution in result]
    return ResultTable("select", names, rows)


# --------------------------------------------------------------------------- remote


@dataclass(frozen=True)
class Endpoints:
    """The URLs of one remote dataset, derived from whichever the user gave."""

    query: str
    gsp: str
    dataset: str
    auth: tuple[str, str] | None = None  # user:password written into the URL, taken out


_SERVICE_NAMES = ("sparql", "query", "update", "data", "get")


def endpoints(url: str) -> Endpoints:
    """Query and Graph Store Protocol URLs from a dataset or service URL.

    http://h:3030/geokg, .../geokg/sparql, .../geokg/query and .../geokg/data
    all name dataset http://h:3030/geokg: queries go to the URL as given
    (the dataset URL answers queries in Fuseki), unless it is a write-only
    service (/data, /update, /get), which becomes /sparql; loading goes to
    <dataset>/data.
    """
    parts = urlsplit(url.strip())
    auth = None
    if parts.username is not None:
        # never echo a password: credentials leave the URL before it is printed
        auth = (unquote(parts.username), unquote(parts.password or ""))
        parts = parts._replace(netloc=parts.netloc.rpartition("@")[2])
        url = urlunsplit(parts)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{url}: not an http(s) endpoint URL (e.g. http://localhost:3030/geokg)")
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    dataset_path = head if last in _SERVICE_NAMES and head else path
    dataset = urlunsplit((parts.scheme, parts.netloc, dataset_path, "", ""))
    query = url.strip()
    if last in ("update", "data", "get"):
        query = dataset + "/sparql"
    return Endpoints(query=query, gsp=dataset + "/data", dataset=dataset, auth=auth)


def credentials(url: str, user: str | None = None) -> tuple[str, str] | None:
    """(user, password) from --user/GEOKG_USER + GEOKG_PASSWORD, else ~/.netrc.

    The password is never taken from the command line (it would show in the
    process list and shell history) and never printed.
    """
    user = user or os.environ.get(USER_ENV)
    password = os.environ.get(PASSWORD_ENV)
    if user and password is not None:
        return user, password
    import requests.utils

    netrc_auth = requests.utils.get_netrc_auth(url)
    if netrc_auth and (not user or netrc_auth[0] == user):
        return netrc_auth
    if user:
        raise InputError(
            f"user '{user}' given but no password: set {PASSWORD_ENV} or add the host to ~/.netrc"
        )
    return None


def _http_message(status: int, url: str, body: str | bytes = "") -> str:
    """What an HTTP error status from the endpoint means for the user."""
    detail = one_line(body)
    if status == 401:
        return (f"{url}: 401 unauthorized — set {USER_ENV}/{PASSWORD_ENV} or add the host "
                "to ~/.netrc")
    if status == 403:
        return f"{url}: 403 forbidden — the user may not do this on this dataset"
    if status in (404, 405):
        return f"{url}: {status} dataset not found: check the URL (e.g. http://localhost:3030/geokg)"
    if status >= 500:
        return f"{url}: {status} server error — {detail or 'see the server log'}"
    return f"{url}: HTTP {status} — {detail}"


def one_line(text: str | bytes, limit: int = 200) -> str:
    """The first non-blank line of a server's answer, decoded, cut to `limit` characters.

    Error bodies are often a whole Java stack trace or an HTML page; the first
    line ("java.lang.NullPointerException: ...") is what a person can use.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[:limit - 1] + "…"


# Connection errors and 502/503/504 (a proxy or a server starting or overloaded)
# are retried with exponential backoff; a request the server may have begun to
# act on (read errors) is not. Retries happen inside one request's deadline.
RETRIES = 3
BACKOFF = 0.5  # seconds: waits of 0.5, 1, 2 s between attempts
BACKOFF_MAX = 8.0
RETRY_STATUSES = (502, 503, 504)
_ERRNO_REASON = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def http_session():
    """A requests Session for the Graph Store Protocol PUTs, whose adapter retries
    (urllib3 Retry) as described above."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    retry = Retry(
        total=RETRIES, connect=RETRIES, status=RETRIES, read=0, other=0,
        status_forcelist=RETRY_STATUSES, backoff_factor=BACKOFF, backoff_max=BACKOFF_MAX,
        allowed_methods=frozenset({"PUT"}),  # a PUT of a whole graph is safe to repeat
        raise_on_status=False,  # the last 503 is answered, and reported as such
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class DeadlineExceeded(Exception):
    """A request did not complete within its deadline."""


class EndpointRefused(Exception):
    """The endpoint answered a query with an HTTP error status."""

    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


def _refusal(exc: Exception) -> EndpointRefused:
    """The status and body of an HTTP error SPARQLWrapper raised.

    SPARQLWrapper raises urllib's HTTPError for most statuses, but its own
    exceptions for 400, 401, 404, 414 and 500: those are raised while handling
    the HTTPError (their __context__, which has the status) and keep the body
    it read only in their message, as the repr of the bytes.
    """
    error = exc if isinstance(exc, urllib.error.HTTPError) else exc.__context__
    status = error.code if isinstance(error, urllib.error.HTTPError) else 500
    if exc is error:
        return EndpointRefused(status, exc.read())
    _, marker, body = str(exc).partition("\n\nResponse:\n")
    try:
        raw = ast.literal_eval(body) if marker else b""
    except (ValueError, SyntaxError):
        raw = body.encode()
    return EndpointRefused(status, raw if isinstance(raw, bytes) else str(raw).encode())


def _worth_retrying(exc: BaseException) -> bool:
    """A gateway status (502/503/504), or no connection made: nothing reached the server."""
    if isinstance(exc, EndpointRefused):
        return exc.status in RETRY_STATUSES
    return isinstance(exc, urllib.error.URLError)


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint: queries through SPARQLWrapper, loading through requests.

    SPARQLWrapper speaks the SPARQL 1.1 Protocol for queries (a form-encoded
    POST, the Accept header each query form needs, basic authentication, a
    socket timeout) and tells its HTTP errors apart. It has no Graph Store
    Protocol and no retries (RDFLib/sparqlwrapper#138), so loading goes
    through a requests Session (HTTP PUT, retried by urllib3's Retry) and
    queries are retried by tenacity on the same conditions.

    `timeout` is a deadline for each request, retries included: a socket
    timeout bounds each wait for the socket only, so a server sending one byte
    a second would never trip it. Each request therefore runs in a helper
    thread that the caller waits for at most `timeout` seconds.
    """

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT, user: str | None = None):
        self.urls = endpoints(url)
        self.timeout = timeout
        self.auth = self.urls.auth or credentials(self.urls.dataset, user)
        self.session = http_session()

    def _in_time(self, work: Callable[[], T], url: str) -> T:
        """work() run in a helper thread, its answer within the deadline, or DeadlineExceeded."""
        box: dict[str, Any] = {}

        def attempt() -> None:
            try:
                box["answer"] = work()
            except BaseException as exc:  # handed to the caller's thread
                box["error"] = exc

        worker = threading.Thread(target=attempt, name="geokg-http", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():  # left behind, daemon
            raise DeadlineExceeded(url)
        if "error" in box:
            raise box["error"]
        return box["answer"]

    def _send(self, method: str, url: str, **kwargs):
        """One requests call (Graph Store Protocol), answered in full within the deadline."""
        session = self.session
        try:
            return self._in_time(lambda: session.request(method, url, auth=self.auth,
                                                         timeout=self.timeout, **kwargs), url)
        except DeadlineExceeded:
            self.session = http_session()  # the old one is still busy in the helper thread
            raise

    def _failure(self, url: str, exc: BaseException) -> str:
        """Why a request failed, for a person: timed out, cannot connect, cut short."""
        import requests

        reason = getattr(exc, "reason", None)
        if isinstance(exc, DeadlineExceeded | requests.Timeout | TimeoutError) \
                or isinstance(reason, TimeoutError):
            return (f"{url}: timed out after {self.timeout:g} s — is the server overloaded? "
                    "(--timeout)")
        if isinstance(exc, requests.ConnectionError | urllib.error.URLError):
            if isinstance(reason, OSError) and reason.strerror:
                why = reason.strerror
            else:
                match = _ERRNO_REASON.search(str(exc))
                why = match.group(1).strip() if match else type(exc).__name__
            return (f"{url}: cannot connect ({why}) after {RETRIES + 1} attempts "
                    "— is the server running at this address?")
        return f"{url}: the transfer failed ({type(exc).__name__}) — try again"

    # ----- queries

    def _answer(self, query: SparqlQuery) -> bytes:
        """The endpoint's answer to `query` (JSON results, or Turtle for a graph), retried."""
        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        def attempt() -> bytes:
            sparql = SPARQLWrapper(self.urls.query, agent=f"geokg/{__version__}")
            sparql.setMethod(POST)
            sparql.setOnlyConneg(True)  # the Accept header only, no format=/output= parameters
            sparql.setReturnFormat(TURTLE if query.kind == "graph" else JSON)
            sparql.setQuery(query.text)
            # whole seconds only (SPARQLWrapper applies int()); the exact deadline is _in_time's
            sparql.setTimeout(math.ceil(self.timeout))
            if self.auth:
                sparql.setCredentials(*self.auth)
            try:
                return sparql.query().response.read()
            except urllib.error.HTTPError as exc:
                raise _refusal(exc) from None
            except SPARQLWrapperException as exc:
                raise _refusal(exc) from None

        from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

        retrying = Retrying(
            stop=stop_after_attempt(RETRIES + 1), retry=retry_if_exception(_worth_retrying),
            wait=wait_exponential(multiplier=BACKOFF, max=BACKOFF_MAX), reraise=True)
        return self._in_time(lambda: retrying(attempt), self.urls.query)

    def query(self, query: SparqlQuery) -> ResultTable:
        url = self.urls.query
        try:
            raw = self._answer(query)
        except EndpointRefused as exc:
            if exc.status == 400:
                raise InputError(f"{url}: the server rejected the query: "
                                 f"{one_line(exc.body)}") from None
            raise ServerError(_http_message(exc.status, url, exc.body)) from None
        except (DeadlineExceeded, OSError, http.client.HTTPException) as exc:
            raise ServerError(self._failure(url, exc)) from None
        try:
            return _turtle_table(raw) if query.kind == "graph" else json_table(raw)
        except (ValueError, SyntaxError) as exc:
            raise ServerError(f"{url}: the answer was cut short or is not SPARQL "
                              f"results ({_short(exc)}) — try again") from None

    def why_empty(self, query: SparqlQuery) -> str | None:
        """Why a query that does not name graphs found nothing, when the dataset is the
        cause: it is empty, or its default graph is not the union of its named graphs
        (a Fuseki dataset created without tdb2:unionDefaultGraph). None otherwise."""
        if _NAMES_GRAPHS.search(_COMMENT_LINE.sub("", query.text)):
            return None
        if self.query(parse_query("ASK { ?s ?p ?o }")).boolean:
            return None
        dataset = self.urls.dataset
        if not self.query(parse_query("ASK { GRAPH ?g { ?s ?p ?o } }")).boolean:
            return (f"{dataset}: the dataset is empty — load it with "
                    f"'geokg load FILE --endpoint {dataset}'")
        return (f"{dataset}: the default graph is empty but the named graphs hold data, and "
                "the query reads the default graph — make the dataset's default graph the "
                "union of its named graphs (Fuseki: tdb2:unionDefaultGraph true, as in "
                "scripts/fuseki-geokg.ttl)")

    # ----- loading

    def check_dataset(self) -> None:
        """ASK the endpoint once, so a wrong URL fails before anything is sent."""
        self.query(parse_query("ASK { }"))

    def load(self, paths: Iterable[Path | str], graph: str | None = None) -> LoadReport:
        """PUT each named graph to <dataset>/data?graph=IRI (replacing it).

        All files are parsed first (an unreadable file loads nothing); a graph
        the server refuses is listed in `failed`, and the caller must not call
        that a success.
        """
        graphs = parse_many(paths, graph)
        self.check_dataset()
        report = LoadReport()
        for name, triples in graphs.items():
            error = self._put(name, triples)
            if error:
                report.failed.append((name, error))
            else:
                report.loaded.append((name, len(set(triples))))
        return report

    def _put(self, name: str, triples: list[ox.Triple]) -> str | None:
        """PUT one graph; None on success, else why not."""
        import requests

        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        try:
            response = self._send(
                "PUT", self.urls.gsp, params={"graph": name}, data=body,
                headers={"Content-Type": "application/n-triples; charset=utf-8"},
            )
        except (DeadlineExceeded, requests.RequestException) as exc:
            return self._failure(self.urls.gsp, exc).split(": ", 1)[1]
        if response.status_code >= 400:
            return _http_message(response.status_code, self.urls.gsp, response.content)
        return None


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def json_table(data: dict | bytes | str) -> ResultTable:
    """SPARQL 1.1 JSON results (a dict, or the text of an answer) as a ResultTable."""
    text = json.dumps(data) if isinstance(data, dict) else data
    return _ox_table(ox.parse_query_results(text, ox.QueryResultsFormat.JSON))


def _turtle_table(raw: bytes) -> ResultTable:
    """A Turtle (or N-Triples) CONSTRUCT answer as a sorted triple table."""
    triples = ox.parse(raw, format=ox.RdfFormat.TURTLE)
    return graph_table(
        (_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)) for t in triples
    )


def open_store(endpoint: str | None, data: Sequence[Path | str] = (),
               timeout: float = DEFAULT_TIMEOUT, user: str | None = None,
               graph: str | None = None) -> Store:
    """The store `geokg query` and geokg.query() talk to: remote if an endpoint is
    given, else an embedded store loaded with `data`."""
    if endpoint:
        if data:
            raise InputError("give data files or an endpoint, not both")
        return RemoteStore(endpoint, timeout=timeout, user=user)
    store = EmbeddedStore()
    store.load(data, graph)
    return store


# --------------------------------------------------------------------------- output

FORMATS = ("table", "csv", "tsv", "json")
# The W3C SPARQL 1.1 result formats, written by pyoxigraph: CSV (values only, CRLF line
# ends), TSV (terms in Turtle syntax: <iri>, "text"@en, 12, with a ?var header) and JSON.
_WRITERS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}


def format_result(table: ResultTable, fmt: str = "table") -> str:
    """Render an answer: aligned text for people, or CSV, TSV or JSON results.

    The three standard formats are pyoxigraph's query-results writers, for
    every back end alike: the table reaches them as SPARQL JSON results (the
    one way pyoxigraph builds solutions that no query of its own produced),
    so the embedded store and a Fuseki endpoint print byte-identical output
    (tests/test_fuseki.py). Only `table`, for people, is written here.
    """
    if fmt == "table":
        if table.kind == "ask":
            return ("true" if table.boolean else "false") + "\n"
        return _as_text(table)
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise InputError(f"unknown format '{fmt}' — use one of {', '.join(FORMATS)}")
    answer = ox.parse_query_results(json.dumps(table.sparql_json()), ox.QueryResultsFormat.JSON)
    text = answer.serialize(format=writer).decode("utf-8")
    return text if text.endswith("\n") else text + "\n"  # JSON and booleans come without one


def _cell(term: Term) -> str:
    return " ".join(term.text().split())


def _as_text(table: ResultTable) -> str:
    """Columns padded to their widest cell, a rule under the header."""
    cells = [["" if t is None else _cell(t) for t in row] for row in table.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(table.vars)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(table.vars, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
              for r in cells]
    n = len(table.rows)
    lines.append(f"({n} row{'' if n == 1 else 's'})")
    return "\n".join(lines) + "\n"
