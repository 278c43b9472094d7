"""Events the extractor could not complete, found before mapping and left out.

The SHACL shapes say what every event needs: a Sanction a target, a Visit an
actor who is a person, state or organisation, every event a sentence. An
event the extractor could not complete (a sanction sentence naming no one
sanctioned) would make the whole article fail validation and so lose all its
other facts. Such an event is dropped here, with a warning naming its
sentence, *before* the mapper sees it; the shapes then still check everything
the mapper writes, so a mapper bug fails the build as before.

What is checked is read from the shapes, not restated: for each event class,
the property shapes with a simple `sh:path` whose values come from an Event
field (`mapper.EVENT_FIELDS`: gk:actor <- actors, ...) and that have
`sh:minCount` (enough values), `sh:node` with a class list (each value an
entity of one of those classes, subclasses included) or, for the CAMEO code
the extractor may set, `sh:in` (the code one of those listed). Properties the mapper
always writes itself (label, CAMEO code, article) are the shapes' own
business.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from rdflib import RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

from geokg.model import ArticleResult, Event

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Requirement:
    """One property shape of an event class, as far as an Event can be checked against it."""

    path: URIRef
    field: str  # the Event field the mapper writes `path` from
    min_count: int = 0
    classes: frozenset[URIRef] | None = None  # allowed entity classes, None: any
    allowed: frozenset[URIRef] | None = None  # sh:in: the values allowed, None: any
    message: str = ""


@functools.cache
def requirements(event_type: str) -> tuple[Requirement, ...]:
    """The checkable requirements of the shapes that target `event_type` ("Sanction")
    or one of its superclasses (gk:Event)."""
    from geokg.rdf import mapper, validate

    shapes = validate.shapes_graph()
    fields = {URIRef(p): f for p, f in mapper.EVENT_FIELDS.items()}
    event_classes = set(mapper.ontology_graph().transitive_objects(mapper.GK[event_type],
                                                                   RDFS.subClassOf))
    found: dict[tuple, Requirement] = {}
    for shape, target in shapes.subject_objects(SH.targetClass):
        if target not in event_classes:
            continue
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            if not isinstance(path, URIRef) or path not in fields:
                continue
            min_count = int(shapes.value(prop, SH.minCount) or 0)
            classes = _node_classes(shapes, shapes.value(prop, SH.node))
            members = shapes.value(prop, SH["in"])
            allowed = (frozenset(URIRef(m) for m in Collection(shapes, members))
                       if members is not None else None)
            if min_count or classes is not None or allowed is not None:
                message = str(shapes.value(prop, SH.message) or "")
                found[(path, min_count, classes, allowed)] = Requirement(
                    path, fields[path], min_count, classes, allowed, message)
    return tuple(found.values())


def _node_classes(shapes: Graph, node: object) -> frozenset[URIRef] | None:
    """The classes a `sh:node` shape accepts through a qualified `sh:in` over rdf:type."""
    if node is None:
        return None
    for prop in shapes.objects(node, SH.property):
        qualified = shapes.value(prop, SH.qualifiedValueShape)
        members = shapes.value(qualified, SH["in"]) if qualified is not None else None
        if members is not None:
            return frozenset(URIRef(m) for m in Collection(shapes, members))
    return None


def _entity_classes(key: str, result: ArticleResult) -> set[URIRef]:
    """The class of the entity `key` names, and all its superclasses in the ontology."""
    from geokg.rdf import mapper

    entity = result.linked.entities.get(key)
    kind = key.partition("/")[0]
    entity_type = entity.type if entity else mapper.KIND_TYPE.get(kind, "Place")
    return set(_superclasses(mapper.ENTITY_CLASS[entity_type]))


@functools.cache
def _superclasses(cls: URIRef) -> frozenset[URIRef]:
    """`cls` and all its superclasses in the ontology, walked once per class and process
    (each event's participants asked for them again)."""
    from geokg.rdf import mapper

    return frozenset(mapper.ontology_graph().transitive_objects(cls, RDFS.subClassOf))


def problem(event: Event, result: ArticleResult) -> str | None:
    """What the shapes would reject in `event` (their message), or None."""
    from geokg.rdf import mapper

    for req in requirements(event.type):
        value = getattr(event, req.field)
        values = value if isinstance(value, list) else [value] if value else []
        if req.field == "cameo":  # the mapper writes the event's code or its type's default
            values = [mapper.cameo_concept(event)]
        if len(values) < req.min_count:
            return req.message or f"needs {req.min_count} {req.path.n3()}"
        if req.classes is not None:
            for key in values:
                if not _entity_classes(key, result) & req.classes:
                    return req.message or f"{key} is not allowed as {req.path.n3()}"
        # (statuses are checked by the mapper itself: an unknown one is a bug there)
        if req.allowed is not None and req.field == "cameo" and not set(values) <= req.allowed:
            return req.message or f"{req.path.n3()} not among {sorted(req.allowed)}"
    return None


def drop_incomplete(result: ArticleResult, warn) -> ArticleResult:
    """`result` without the events the shapes would reject; `warn` names each one."""
    kept = []
    for event in result.events:
        why = problem(event, result)
        if why is None:
            kept.append(event)
            continue
        sentence = event.mentions[0].sentence.text if event.mentions else "(no sentence)"
        warn(f"{result.article.path}: left out a {event.type} event the extractor could not "
             f"complete ({why.rstrip('.')}): \"{' '.join(sentence.split())}\"")
    if len(kept) == len(result.events):
        return result
    return dataclasses.replace(result, events=kept)
