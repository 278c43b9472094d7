"""Validate a graph against the SHACL shapes in shapes/ with pyshacl-turbo or pyshacl.

The report is made for a person who has to fix the data: every violation
names the focus node, the shape that failed, the property, the shape's own
message and, for an event, the sentence the event was read from. Validation
runs without inference (the shapes list subclasses explicitly).

The build's gate checks with pyshacl-turbo (a Rust engine with pyshacl's API
and reports); `geokg validate` with pyshacl, the reference, through
geokg.rdf.shacl_reference, imported only then (a build never imports pyshacl).
Both check against one shapes graph, parsed once per process, whose store
remembers answers to the look-ups pyshacl repeats for every focus node.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, BNode, ConjunctiveGraph, Dataset, Graph, Node, URIRef
from rdflib.namespace import OWL, SH
from rdflib.plugins.stores.memory import SimpleMemory

from geokg import resources
from geokg.errors import InstallationError
from geokg.rdf.formats import load_rdf
from geokg.rdf.vocab import GK, NIF

if TYPE_CHECKING:
    from pyshacl.shapes_graph import ShapesGraph

SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with what a person needs to find and fix it."""

    focus_node: str
    shape: str
    path: str | None
    message: str
    severity: str = "Violation"
    sentence_text: str | None = None
    value: str | None = None

    def line(self) -> str:
        """"Violation: <node> (shape gksh:X, path gk:p): message [sentence: "..."]"."""
        where = f"shape {self.shape}" + (f", path {self.path}" if self.path else "")
        text = f"{self.severity}: <{self.focus_node}> ({where}): {self.message}"
        if self.value is not None:
            text += f" [value: {self.value}]"
        if self.sentence_text:
            text += f'\n    in sentence: "{self.sentence_text}"'
        return text


@dataclass
class ValidationReport:
    """Whether a graph conforms, its violations, and a readable text of them."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""

    def __str__(self) -> str:
        return self.text


class _RememberingStore(SimpleMemory):
    """An in-memory store (no named graphs) that remembers the answer to each pattern.

    pyshacl re-reads a shape's triples each time it checks a focus node against
    it, tens of thousands of identical look-ups per article; the shapes do not
    change once loaded, and any change still forgets every remembered answer.
    """

    def __init__(self) -> None:
        super().__init__()
        self._answers: dict[tuple, list] = {}

    def add(self, triple: tuple, context: object, quoted: bool = False) -> None:
        self._answers.clear()
        super().add(triple, context, quoted)

    def remove(self, triple_pattern: tuple, context: object = None) -> None:
        self._answers.clear()
        super().remove(triple_pattern, context)

    def triples(self, triple_pattern: tuple, context: object = None) -> Iterator[tuple]:
        answer = self._answers.get(triple_pattern)
        if answer is None:
            answer = [t for t, _ in super().triples(triple_pattern, context)]
            self._answers[triple_pattern] = answer
        return ((t, iter(())) for t in answer)


# The triples pyshacl's ShapesGraph adds to the graph of the shapes it is given (its
# system_triples), added here on parsing, so both engines see the same shapes graph.
SYSTEM_TRIPLES = ((OWL.Class, RDFS.subClassOf, RDFS.Class),
                  (OWL.DatatypeProperty, RDFS.subClassOf, RDF.Property))


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """Every *.ttl under shapes/, parsed (with pyshacl's SYSTEM_TRIPLES) once per
    installation and shapes (the start-up cache, geokg.rdf.startup), then read back
    once per process."""
    from geokg.rdf.startup import cached_graph

    # none found: an InstallationError, never a pass
    texts = [shapes.read_text("utf-8") for shapes in resources.files("shapes")]

    def parse() -> Graph:
        graph = Graph(store=_RememberingStore())
        for text in texts:
            graph.parse(data=text, format="turtle")
        for triple in SYSTEM_TRIPLES:
            graph.add(triple)
        return graph

    graph = cached_graph("shapes", texts, [__file__], parse)
    if not any(graph.subjects(RDF.type, SH.NodeShape)):
        raise InstallationError(f"{resources.folder('shapes')}: defines no sh:NodeShape "
                                "— the installation is incomplete; reinstall geokg")
    return graph


@lru_cache(maxsize=1)
def _compiled_shapes() -> ShapesGraph:
    """The shapes as pyshacl's ShapesGraph, its Shapes built, once per process."""
    from geokg.rdf import shacl_reference

    return shacl_reference.compile_shapes(shapes_graph())


def _shacl_results(graph: Graph) -> Graph:
    """The SHACL report graph of one data graph, as pyshacl.validate() would make it."""
    from geokg.rdf import shacl_reference

    return shacl_reference.results(graph, _compiled_shapes())


def _fast_results(graph: Graph) -> Graph:
    """The SHACL report graph of one data graph from pyshacl-turbo, the options of
    `_shacl_results`; falls back to pyshacl when it is absent.

    Its shapes are compiled from shapes_graph() and kept on that graph, so they
    are made again exactly when it is. tests/test_fast_shacl.py checks that both
    engines give the same report on every shape's failing case and on every
    article of the evaluation corpus.
    """
    shapes = shapes_graph()
    fast = getattr(shapes, "_geokg_fast", None)
    if fast is None:
        try:
            import pyshacl_turbo
        except ImportError:
            return _shacl_results(graph)
        fast = shapes._geokg_fast = pyshacl_turbo.compile_shapes(shapes, advanced=False)
    _, results, _ = fast.validate(graph, inference="none", allow_warnings=True,
                                  abort_on_first=False)
    return results


def validate(data_graph: Graph | str | Path, fast: bool = False) -> ValidationReport:
    """Validate a Graph, or each named graph of a Dataset on its own.

    A path (str or Path) is an RDF file, read as `geokg validate FILE` reads it
    (geokg.rdf.formats.load_rdf: format from the suffix, each named graph on
    its own), so the API takes files as geokg.query does.

    A named graph is one article (docs/mapping.md) and holds everything its
    events need, so it is checked alone: two articles that report one event
    differently (one "planned", one "asserted") are each valid, though their
    union has two statuses. Warnings and infos are reported, but only
    violations make the data not conform. `fast` checks with pyshacl-turbo
    (the build's gate); pyshacl is the reference (`geokg validate`).
    """
    if isinstance(data_graph, str | Path):
        graphs = [graph for _, graph in load_rdf(Path(data_graph))]
    else:
        graphs = _graphs(data_graph)
    found: dict[Violation, None] = {}
    for graph in graphs:
        results = _fast_results(graph) if fast else _shacl_results(graph)
        # A value failing two components of one shape (or one node failing in two
        # graphs) is reported once.
        found.update(dict.fromkeys(_violation(results, r, graph) for r in _top_results(results)))
    violations = sorted(
        found, key=lambda v: (v.severity != "Violation", v.focus_node, v.shape, v.path or ""))
    conforms = not any(v.severity == "Violation" for v in violations)
    size = sum(len(g) for g in graphs)
    return ValidationReport(conforms, violations, _text(conforms, violations, size))


def _graphs(data_graph: Graph) -> list[Graph]:
    """The graphs to check: a plain Graph itself, or each non-empty graph of a Dataset."""
    if isinstance(data_graph, ConjunctiveGraph):
        every = data_graph.graphs() if isinstance(data_graph, Dataset) else data_graph.contexts()
        graphs = [g for g in every if len(g)]
        return graphs or [Graph()]
    return [data_graph]


def _top_results(results: Graph) -> list[Node]:
    """The report's own results; nested sh:detail results (from sh:node) are left out."""
    return [result for report in results.subjects(RDF.type, SH.ValidationReport)
            for result in results.objects(report, SH.result)]


def _violation(results: Graph, result: Node, data: Graph) -> Violation:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    return Violation(
        focus_node=str(focus),
        shape=_name(results.value(result, SH.sourceShape), shapes_graph()),
        path=_path_text(path) if path is not None else None,
        message="; ".join(messages) or "constraint not met",
        severity=SEVERITY.get(results.value(result, SH.resultSeverity), "Violation"),
        sentence_text=_sentence(data, focus),
        value=str(value) if value is not None else None,
    )


def _name(node: Node | None, graph: Graph) -> str:
    """A prefixed name for an IRI if a prefix is bound, else the IRI itself."""
    if node is None:
        return "?"
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node).strip("<>")
        except Exception:  # no usable prefix: keep the full IRI
            return str(node)
    return str(node)


def _path_text(path: Node) -> str:
    """A result's path as SPARQL writes it: 'gk:actor', or '(time:inXSDDate | ...)' for a
    path that is a structure of blank nodes in the shapes (pyshacl reports its node)."""
    if not isinstance(path, BNode):
        return _name(path, shapes_graph())
    from geokg.rdf import shacl_reference

    prefixes = {prefix: str(ns) for prefix, ns in shapes_graph().namespaces() if prefix}
    text = shacl_reference.path_text(_compiled_shapes(), path, prefixes)
    return str(path) if text is None else text  # not a path of our shapes: show the node


def _sentence(data: Graph, focus: Node | None) -> str | None:
    """The sentence an event (or its time/quantity node) was read from, if any."""
    if focus is None:
        return None
    for candidate in (focus, *data.subjects(GK.time, focus), *data.subjects(GK.quantity, focus)):
        for sentence in sorted(data.objects(candidate, GK.mentionedIn)):
            text = data.value(sentence, NIF.anchorOf)
            if text is not None:
                return str(text)
    return None


def _text(conforms: bool, violations: list[Violation], size: int) -> str:
    if not violations:
        return f"Conforms ({size} triples)."
    head = "Conforms with warnings" if conforms else "Does not conform"
    body = "\n".join(v.line() for v in violations)
    return f"{head}: {len(violations)} result(s).\n{body}"


class _CallableModule(types.ModuleType):
    """This module, callable: `geokg.validate(graph)` is `geokg.rdf.validate.validate(graph)`.

    The Python API offers geokg.validate(graph), and the package root answers
    `geokg.validate` with this module (geokg.__getattr__), so the module itself
    answers the call.
    """

    def __call__(self, data_graph: Graph | str | Path) -> ValidationReport:
        return validate(data_graph)


sys.modules[__name__].__class__ = _CallableModule
