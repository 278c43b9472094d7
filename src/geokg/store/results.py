"""Answers, the same for every back end: terms, result tables, and how they print.

Both back ends answer with a `ResultTable` of plain `Term`s (pyoxigraph reads
an endpoint's SPARQL JSON results as it reads its own solutions), so the same
query run embedded and remote can be compared value for value, and printed
the same way by pyoxigraph's result writers (`format_result`). Kept apart from
the stores because it is what they share, and what the API and the commands
hand on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from geokg.errors import InputError

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_INTEGER_TYPES = {
    XSD + name for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte",
    )
}
_FLOAT_TYPES = {XSD + "double", XSD + "float"}


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

    def __str__(self) -> str:
        return self.text()


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

    def to_dataframe(self) -> Any:
        """The answer as a pandas DataFrame (needs pandas): one column per variable,
        Python values (see Term.python), None where unbound; an ASK answer is one
        row with a column "boolean"."""
        try:
            import pandas
        except ModuleNotFoundError as exc:
            raise ImportError("ResultTable.to_dataframe() needs pandas, which geokg does not "
                              "install — pip install pandas, or use records()") from exc
        if self.kind == "ask":
            return pandas.DataFrame({"boolean": [bool(self.boolean)]})
        return pandas.DataFrame.from_records(self.values(), columns=self.vars)

    def __str__(self) -> str:
        """The answer as `geokg query` prints it (aligned columns, or true/false)."""
        return format_result(self)

    def __repr__(self) -> str:
        """A notebook shows the table, not the Term tuples it is made of."""
        return f"<ResultTable {self.kind}>\n{format_result(self)}".rstrip("\n")

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


def ox_term(term: object) -> Term | None:
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


def ox_table(result: object) -> ResultTable:
    """A pyoxigraph query result as a ResultTable."""
    if isinstance(result, ox.QueryBoolean):
        return ResultTable("ask", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return graph_table(
            (ox_term(t.subject), ox_term(t.predicate), ox_term(t.object)) for t in result
        )
    names = [v.value for v in result.variables]
    rows = [tuple(ox_term(solution[name]) for name in names) for solution in result]
    return ResultTable("select", names, rows)


def json_table(data: dict | bytes | str) -> ResultTable:
    """SPARQL 1.1 JSON results (a dict, or the text of an answer) as a ResultTable."""
    text = json.dumps(data) if isinstance(data, dict) else data
    return ox_table(ox.parse_query_results(text, ox.QueryResultsFormat.JSON))


def turtle_table(raw: bytes) -> ResultTable:
    """A Turtle (or N-Triples) CONSTRUCT answer as a sorted triple table."""
    triples = ox.parse(raw, format=ox.RdfFormat.TURTLE)
    return graph_table(
        (ox_term(t.subject), ox_term(t.predicate), ox_term(t.object)) for t in triples
    )


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
