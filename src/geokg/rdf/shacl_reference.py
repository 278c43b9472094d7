"""pyshacl, the reference SHACL engine (`geokg validate`), kept fast (pyshacl 0.40 only).

Only geokg.rdf.validate uses this module, and only when it checks with pyshacl
(or names the path of a violation that is a structure of blank nodes): the
build's gate runs on pyshacl-turbo, so a build never imports pyshacl, whose
import (rdflib's SPARQL engine with it) costs about half a second.

It is kept fast without touching what is checked: pyshacl's Shape objects are
built from the shapes once per process (pyshacl.validate() rebuilds them on
every call); pyshacl's list of constraint parameters is searched by hash; and
each shape's constraint components are built once, not on every check.
benchmarks/bench_validate.py measures this against an earlier revision and
checks both report the same. This reaches into pyshacl's internals
(graph_abstraction, first in 0.40; shape.CONSTRAINT_PARAMS), which change
between minor releases, so pyproject.toml allows pyshacl 0.40.x only.
"""

from __future__ import annotations

import pyshacl.shape
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
from pyshacl.errors import ReportableRuntimeError
from pyshacl.graph_abstraction import DataGraph
from pyshacl.helper.path_helper import shacl_path_to_sparql_path
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator, assign_baked_in
from rdflib import Graph, Node

_EMPTY = Graph()  # stands in for the shapes while a Validator is made; then swapped


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


def compile_shapes(graph: Graph) -> ShapesGraph:
    """The shapes `graph` as pyshacl's ShapesGraph, its Shapes built (once per process).

    pyshacl.validate() builds a ShapesGraph (and harvests its shapes) on every
    call; the Shape objects hold nothing of a run (only the shape's own triples,
    severity, messages), so one set serves every data graph.
    """
    assign_baked_in()  # what pyshacl.validate() does first; registers SHACL's own graphs
    compiled = _TargetedShapesGraph(graph)  # adds its system triples (already there)
    compiled.shapes  # noqa: B018 - the property harvests and caches the shapes
    return compiled


def results(graph: Graph, compiled: ShapesGraph) -> Graph:
    """The SHACL report graph of one data graph, as pyshacl.validate() would make it.

    Same options as pyshacl.validate(graph, inference="none", advanced=False,
    allow_warnings=True, abort_on_first=False); only the shapes are not rebuilt.
    """
    _fast_constraints()
    validator = Validator(DataGraph.from_rdflib(graph), shacl_graph=_EMPTY, options={
        "inference": "none", "advanced": False, "allow_warnings": True,
        "abort_on_first": False, "inplace": False})
    validator.shacl_graph = compiled
    _, found, _ = validator.run()
    return found


def path_text(compiled: ShapesGraph, path: Node, prefixes: dict[str, str]) -> str | None:
    """A path of the shapes (a structure of blank nodes) as SPARQL writes it, or None when
    it is not a path of these shapes."""
    try:
        return shacl_path_to_sparql_path(compiled, path, prefixes=prefixes)
    except ReportableRuntimeError:
        return None
