"""SPARQL query files: read, checked and classified before any store sees them.

A query is parsed once here (pyoxigraph decides validity, rdflib points at the
offending token), so a syntax error names file, line and column whatever the
back end, and a Turtle file or a typo never reaches a server.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from geokg import resources
from geokg.errors import InputError


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
            raise InputError(f"{path}: no such query file — give a file, SPARQL text or the "
                             f"name of a saved query: {names}") from None
        text = saved
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read query file: {exc}") from None
    return parse_query(text, str(path))


def query_from(argument: str | Path, stdin: TextIO | None = None) -> SparqlQuery:
    """The query an argument names, as `geokg query` and geokg.query take it.

    "-" reads the query from `stdin`; an existing file is read (a path always
    wins); a name without a folder runs the saved query of that name; any
    other text with a space or a brace is SPARQL itself ("SELECT ..."). What
    is none of these is an unknown file or name (read_query's message). A
    Path is always a file or a name, never SPARQL text.
    """
    text = str(argument)
    if isinstance(argument, str):
        if text == "-":
            return parse_query((stdin or sys.stdin).read(), "<stdin>")
        path = Path(text)
        if _looks_like_sparql(text) and not _is_file(path):
            return parse_query(text, "<query>")
    return read_query(Path(text))


def _looks_like_sparql(text: str) -> bool:
    return any(c.isspace() or c == "{" for c in text)


def _is_file(path: Path) -> bool:
    """Whether `path` names an existing file (a long SPARQL text is no file name)."""
    try:
        return path.exists()
    except (OSError, ValueError):  # a name too long, or with a NUL byte
        return False


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
        raise InputError(syntax_message(name, text, str(exc))) from None
    if isinstance(result, ox.QueryBoolean):
        kind = "ask"
    elif isinstance(result, ox.QueryTriples):
        kind = "graph"
    else:
        kind = "select"
    return SparqlQuery(name, text, kind)


def syntax_message(name: str, text: str, error: str) -> str:
    """"FILE:LINE:COL: not a valid SPARQL query: WHAT" from a parser message.

    pyoxigraph decides validity, but reports where its parser gave up, often
    the end of the text; rdflib's parser points at the offending token, so its
    line and column are used when it fails too.
    """
    match = _POSITION.search(error)
    line, col = (match.group(1), match.group(2)) if match else ("1", "1")
    what = _first_clause(match.group(3) if match else error)
    found = _rdflib_position(text)
    # rdflib parses a query with an undeclared prefix (it fails later); pyoxigraph says
    # "Prefix not found", or for the empty prefix only what it expected instead.
    undefined = _undefined_prefix(text) if "Prefix not found" in error or not found else None
    if undefined:
        line, col, prefix = undefined
        return (f"{name}:{line}:{col}: not a valid SPARQL query: undefined prefix "
                f"'{prefix}:' — declare it with PREFIX {prefix}: <...>")
    if found:
        line, col, token = found
        what = f"unexpected '{token}'" if token else "unexpected end of the query"
    hint = ""
    if found and not _QUERY_FORM.search(_COMMENT_LINE.sub("", text)):
        hint = " (no SELECT, ASK, CONSTRUCT or DESCRIBE: is this a SPARQL file at all?)"
    if _UPDATE_START.match(_COMMENT_LINE.sub("", text)):
        hint = " (this is a SPARQL update; geokg query runs SELECT, ASK, CONSTRUCT or DESCRIBE)"
    return f"{name}:{line}:{col}: not a valid SPARQL query: {what}{hint}"


def _first_clause(what: str) -> str:
    """A parser message on one line: pyoxigraph lists every character it expected
    ("expected one of [...], [...]" over many lines), which no reader needs."""
    what = " ".join(what.split())
    return what if len(what) <= 100 else what[:100].rsplit(" ", 1)[0] + " ..."


# Where a prefixed name's prefix can be: IRIs, strings and comments blanked (offsets kept).
_NOT_CODE = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.I)
_PREFIXED = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|$)")


def _undefined_prefix(text: str) -> tuple[str, str, str] | None:
    """(line, column, prefix) of the first prefixed name whose prefix no PREFIX declares."""
    code = _NOT_CODE.sub(lambda m: " " * len(m.group()), text)
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(code)}
    declarations = [m.span() for m in _PREFIX_DECL.finditer(code)]
    for match in _PREFIXED.finditer(code):
        prefix = match.group(1) or ""
        if prefix in declared or any(a <= match.start() < b for a, b in declarations):
            continue
        line = code.count("\n", 0, match.start()) + 1
        col = match.start() - (code.rfind("\n", 0, match.start()) + 1) + 1
        return str(line), str(col), prefix
    return None


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


# A query that may address named graphs; comments and strings may match too,
# which only costs speed (the named-graph store gives the same answers).
_NAMES_GRAPHS = re.compile(r"\b(GRAPH|FROM)\b", re.I)


def names_graphs(query: SparqlQuery) -> bool:
    """Whether `query` may address named graphs (GRAPH or FROM outside comment lines)."""
    return bool(_NAMES_GRAPHS.search(_COMMENT_LINE.sub("", query.text)))
