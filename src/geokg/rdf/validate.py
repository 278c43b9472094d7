"""Validate a graph against the SHACL shapes in shapes/ with pyshacl (0.40 only: see below).

The report is made for a person who has to fix the data: every violation
names the focus node, the shape that failed, the property, the shape's own
message and, for an event, the sentence the event was read from. Validation
runs without inference (the shapes list subclasses explicitly).

It is kept fast without touching what is checked: the shapes are parsed, and
pyshacl's Shape objects built from them, once per process (pyshacl.validate()
rebuilds them on every call); the shapes graph's store remembers answers to
the look-ups pyshacl repeats for every focus node; pyshacl's list of
constraint parameters is searched by hash; and each shape's constraint
components are built once, not on every check. benchmarks/bench_validate.py
measures this against an earlier revision and checks both report the same.
This reaches into pyshacl's internals (graph_abstraction, first in 0.40;
shape.CONSTRAINT_PARAMS), which change between minor releases, so
pyproject.toml allows pyshacl 0.40.x only.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyshacl.shape
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
from pyshacl.errors import ReportableRuntimeError
from pyshacl.graph_abstraction import DataGraph
from pyshacl.helper.path_helper import shacl_path_to_sparql_path
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator, assign_baked_in
from rdflib import RDF, BNode, ConjunctiveGraph, Dataset, Graph, Node, URIRef
from rdflib.namespace import SH
from rdflib.plugins.stores.memory import SimpleMemory

from geokg import resources
from geokg.errors import InstallationError
from geokg.rdf.formats import load_rdf
from geokg.rdf.vocab import GK, NIF

_EMPTY = Graph()  # stands in for the shapes while a Validator is made; then swapped
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


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """Every *.ttl under shapes/, parsed (and made ready for pyshacl) once per process."""
    return _compiled_shapes().graph


class _ParameterList(list):
    """pyshacl's list of constraint parameters, with membership tested by hash.

    Shape.validate() asks `p in parameters` for every predicate of a shape on
    every focus node; on a list each test is ~35 Python-level URIRef.__eq__
    calls, a third of all validation time. The same question answered by a
    dict lookup gives the same answer (URIRef equality is its string and type,
    as is its hash); order and contents are those of the list.
    """

    def __init__(self, items: list) -> None:
        super().__init__(items)
        self._keys = frozenset(items)

    def __contains__(self, item: object) -> bool:
        return item in self._keys


class _OncePerShape:
    """Stands in for a constraint component class: makes one instance per shape, then reuses it.

    Shape.validate() builds every constraint component of a shape anew on each
    call, re-reading the shape's parameters (an sh:in list, a pattern, the
    shapes of an sh:or) from the shapes graph. A component keeps only what it
    read from its shape in __init__; what a run needs is passed to evaluate().
    One stand-in per class, so pyshacl's "this component is done" set still
    sees one identity per class.
    """

    def __init__(self, component: type) -> None:
        self.component = component
        self._made: dict[int, tuple[object, object]] = {}  # id(shape) -> (shape, instance)

    def __call__(self, shape: object) -> object:
        made = self._made.get(id(shape))
        if made is None or made[0] is not shape:
            made = self._made[id(shape)] = (shape, self.component(shape))
        return made[1]


def _fast_constraints() -> None:
    """Hand pyshacl.shape the parameter list and map it would cache itself, made faster.

    Shape.validate() reads (and on first use sets) the module attribute
    CONSTRAINT_PARAMS = (ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP);
    here the list answers membership by hash and the map hands out each
    shape's components once. A pyshacl that no longer reads it is just not
    sped up.
    """
    params, _ = getattr(pyshacl.shape, "CONSTRAINT_PARAMS", (None, None))
    if not isinstance(params, _ParameterList):
        once = {cls: _OncePerShape(cls) for cls in set(CONSTRAINT_PARAMETERS_MAP.values())}
        pyshacl.shape.CONSTRAINT_PARAMS = (
            _ParameterList(ALL_CONSTRAINT_PARAMETERS),
            {p: once[cls] for p, cls in CONSTRAINT_PARAMETERS_MAP.items()})


class _TargetedShapesGraph(ShapesGraph):
    """A ShapesGraph whose list of shapes to start from holds only shapes with targets.

    The validator checks every shape it lists against the data, and a shape
    with no target (a property shape reached only through sh:property or
    sh:node, most of ours) has no focus node to check there, so listing it
    only costs a search for focus nodes that finds none; such shapes are
    still found by reference, from the full cache, when a listed shape uses
    them. (SHACL-AF custom targets are not counted: validation runs with
    advanced=False.)
    """

    @property
    def shapes(self):  # noqa: D102 - same contract as ShapesGraph.shapes
        targeted = getattr(self, "_targeted", None)
        if targeted is None:
            targeted = self._targeted = [
                shape for shape in super().shapes
                if any(next(iter(found), None) is not None for found in shape.target())]
        return targeted


@lru_cache(maxsize=1)
def _compiled_shapes() -> ShapesGraph:
    """Every *.ttl under shapes/ as pyshacl's ShapesGraph, its Shapes built, once per process.

    pyshacl.validate() builds a ShapesGraph (and harvests its shapes) on every
    call; the Shape objects hold nothing of a run (only the shape's own triples,
    severity, messages), so one set serves every data graph.
    """
    assign_baked_in()  # what pyshacl.validate() does first; registers SHACL's own graphs
    graph = Graph(store=_RememberingStore())
    for shapes in resources.files("shapes"):  # none found: an InstallationError, never a pass
        graph.parse(data=shapes.read_text("utf-8"), format="turtle")
    if not any(graph.subjects(RDF.type, SH.NodeShape)):
        raise InstallationError(f"{resources.folder('shapes')}: defines no sh:NodeShape "
                                "— the installation is incomplete; reinstall geokg")
    compiled = _TargetedShapesGraph(graph)  # adds two OWL/RDFS triples, as pyshacl does
    compiled.shapes  # noqa: B018 - the property harvests and caches the shapes
    return compiled


def _shacl_results(graph: Graph) -> Graph:
    """The SHACL report graph of one data graph, as pyshacl.validate() would make it.

    Same options as pyshacl.validate(graph, inference="none", advanced=False,
    allow_warnings=True, abort_on_first=False); only the shapes are not rebuilt.
    """
    _fast_constraints()
    validator = Validator(DataGraph.from_rdflib(graph), shacl_graph=_EMPTY, options={
        "inference": "none", "advanced": False, "allow_warnings": True,
        "abort_on_first": False, "inplace": False})
    validator.shacl_graph = _compiled_shapes()
    _, results, _ = validator.run()
    return results


def _fast_results(graph: Graph) -> Graph:
    """The SHACL report graph of one data graph from pyshacl-turbo (a Rust engine with
    pyshacl's API and reports), the same options; falls back to pyshacl when it is absent.

    Its shapes are compiled from shapes_graph() and kept on pyshacl's compiled
    shapes, so they are made again exactly when those are. tests/test_fast_shacl.py
    checks that both engines give the same report on every shape's failing case
    and on every article of the evaluation corpus.
    """
    compiled = _compiled_shapes()
    fast = getattr(compiled, "_geokg_fast", None)
    if fast is None:
        try:
            import pyshacl_turbo
        except ImportError:
            return _shacl_results(graph)
        fast = compiled._geokg_fast = pyshacl_turbo.compile_shapes(compiled.graph, advanced=False)
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
    prefixes = {prefix: str(ns) for prefix, ns in shapes_graph().namespaces() if prefix}
    try:
        return shacl_path_to_sparql_path(_compiled_shapes(), path, prefixes=prefixes)
    except ReportableRuntimeError:  # not a path of our shapes: show the node
        return str(path)


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
