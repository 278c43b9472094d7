"""Canonical N-Triples read back into rdflib graphs, each distinct term parsed once.

A build keeps each article as sorted N-Triples (geokg.run.writers.
canonical_ntriples) and, for Turtle, N-Triples and JSON-LD, adds them all to
one merged graph. Re-parsing that text with rdflib's N-Triples parser runs
its regular expressions over every term of every line, though most terms
(predicates, classes, countries, the article's own IRIs) recur on many lines
and in many articles. `TermReader` cuts each line at its two IRI ends and
parses a term's text only the first time it meets it, with rdflib's own
parser (so the terms are the ones rdflib would make); anything that is not
a plain `<s> <p> object .` line, such as a blank node, goes to rdflib whole.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.plugins.parsers.ntriples import W3CNTriplesParser
from rdflib.term import Node


class TermReader:
    """Adds N-Triples text to graphs; remembers the term each text stands for."""

    def __init__(self) -> None:
        self._terms: dict[str, Node] = {}
        self._parser = W3CNTriplesParser()

    def term(self, text: str) -> Node | None:
        """The IRI or literal `text` is (as rdflib parses it), or None for anything else."""
        found = self._terms.get(text)
        if found is None:
            if text.startswith("_"):  # a blank node: its label is the document's
                return None
            self._parser.line = text
            try:
                found = self._parser.object()
            except Exception:  # noqa: BLE001 (rdflib says "not a term" with several errors)
                return None
            if self._parser.line:  # more than one term
                return None
            self._terms[text] = found
        return found

    def add(self, graph: Graph, text: str) -> None:
        """Add the triples of N-Triples `text` to `graph` (as `graph.parse(data=text,
        format="nt")` does)."""
        quads = []
        for line in text.splitlines():
            if not line:
                continue
            triple = self._triple(line)
            if triple is None:  # not a line of the plain kind: rdflib reads the whole text
                graph.parse(data=text, format="nt")
                return
            quads.append((*triple, graph))
        graph.addN(quads)

    def _triple(self, line: str) -> tuple[Node, Node, Node] | None:
        """`<s> <p> object .` -> its terms (an IRI holds no space and no '>')."""
        if not line.startswith("<") or not line.endswith(" ."):
            return None
        subject_end = line.find("> <")
        predicate_end = line.find("> ", subject_end + 3)
        if subject_end < 0 or predicate_end < 0:
            return None
        s = self.term(line[:subject_end + 1])
        p = self.term(line[subject_end + 2:predicate_end + 1])
        o = self.term(line[predicate_end + 2:-2])
        if s is None or p is None or o is None:
            return None
        return s, p, o
