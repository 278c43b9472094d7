"""REASON: check the ontology plus data with HermiT (owlready2); explain and materialise.

SHACL (validate.py) checks the shape of each node; the OWL reasoner checks
what the axioms imply: an IRI typed both gk:Person and gk:Country (disjoint
classes), a value of the wrong datatype, a class no individual can belong to.
It also derives what the graph means but does not say, so that a query for
gk:DiplomaticEvent finds every Visit and Meeting once the inferred types are
written back (`materialize`).

HermiT only sees a copy prepared for it: the ontology files merged (no
owl:imports, so no network) and the data with every literal whose datatype
is outside the OWL 2 datatype map (xsd:date, xsd:gYearMonth, xsd:gYear, which
HermiT refuses) retyped to xsd:string. The ontology gives those properties no
range, so the copy means the same for everything else. The data written by
`materialize` is the original, with its dates as they were.

HermiT says only *that* the data is inconsistent. `explain` then names the
individuals and the axioms involved by looking for the usual causes in the
asserted triples: an individual in two disjoint classes (through asserted
types, subclass axioms and property domains and ranges) and a literal that
does not fit its property's datatype range.
"""

from __future__ import annotations

import contextlib
import io
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from geokg.errors import GeokgError
from geokg.rdf.vocab import ontology_graph

REASONING_IRI = "https://w3id.org/geokg/reasoning"
# The OWL 2 datatype map (OWL 2 Structural Specification, section 4): HermiT
# accepts literals of these types only.
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
OWL2_DATATYPES = frozenset(
    [URIRef(RDF_NS + n) for n in ("PlainLiteral", "XMLLiteral", "langString")]
    + [RDFS.Literal, OWL.real, OWL.rational]
    + [XSD[n] for n in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString",
        "token", "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary",
        "base64Binary", "anyURI", "dateTime", "dateTimeStamp")]
)
INTEGER_TYPES = frozenset(XSD[n] for n in (
    "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte"))
# Options for the JVM that runs HermiT: a quick start matters more than peak
# speed for a run of a few seconds (C1 only roughly halves the time).
JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


@dataclass
class Reasoning:
    """What HermiT found for the ontology plus data.

    `inferred` holds every rdf:type triple HermiT entails for the data's
    individuals (named classes, not owl:Thing) when asked to materialise;
    `conflicts` explains an inconsistency, one line per individual and axiom.
    """

    consistent: bool
    seconds: float
    individuals: int = 0
    retyped: int = 0
    unsatisfiable: list[URIRef] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    inferred: Graph = field(default_factory=Graph)


def reason(data: Graph, materialize: bool = False) -> Reasoning:
    """Run HermiT on the ontology plus `data`; with `materialize`, collect inferred types."""
    import owlready2

    copy, retyped = reasoning_copy(data)
    world = owlready2.World()
    ontology = world.get_ontology(REASONING_IRI).load(
        fileobj=io.BytesIO(copy.serialize(format="nt", encoding="utf-8")), format="ntriples")
    start = time.perf_counter()
    try:
        with ontology, _java_options(JAVA_OPTIONS):
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return Reasoning(False, time.perf_counter() - start, retyped=retyped,
                         conflicts=explain(data))
    except owlready2.OwlReadyJavaError as exc:
        raise GeokgError(f"HermiT failed: {' '.join(str(exc).split())[:400]} — "
                         "check that Java 8 or newer is installed (java -version)") from exc
    seconds = time.perf_counter() - start
    unsatisfiable = sorted(URIRef(c.iri) for c in world.inconsistent_classes()
                           if hasattr(c, "iri"))
    nodes = data_individuals(data)
    result = Reasoning(not unsatisfiable, seconds, len(nodes), retyped, unsatisfiable)
    if materialize:
        result.inferred = inferred_types(world, nodes, data)
    return result


def reasoning_copy(data: Graph) -> tuple[Graph, int]:
    """The ontology (imports merged) plus `data`, with non-OWL-2 literals as xsd:string.

    Returns the copy and how many literals were retyped.
    """
    copy = Graph()
    copy += ontology_graph()
    copy.remove((None, OWL.imports, None))
    retyped = 0
    for s, p, o in data:
        if isinstance(o, Literal) and o.datatype is not None and o.datatype not in OWL2_DATATYPES:
            o = Literal(str(o), datatype=XSD.string)
            retyped += 1
        copy.add((s, p, o))
    return copy, retyped


@contextlib.contextmanager
def _java_options(options: str) -> Iterator[None]:
    """Pass JVM options to the java owlready2 starts (JDK_JAVA_OPTIONS, Java 9+)."""
    old = os.environ.get("JDK_JAVA_OPTIONS")
    os.environ["JDK_JAVA_OPTIONS"] = f"{old} {options}" if old else options
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("JDK_JAVA_OPTIONS", None)
        else:
            os.environ["JDK_JAVA_OPTIONS"] = old


def data_individuals(data: Graph) -> list[URIRef]:
    """IRIs the data describes (subjects) that the ontology does not define."""
    onto_subjects = set(ontology_graph().subjects())
    return sorted({s for s in data.subjects() if isinstance(s, URIRef)} - onto_subjects)


def inferred_types(world, nodes: list[URIRef], data: Graph) -> Graph:
    """rdf:type triples for every named class HermiT puts each node in, not yet asserted."""
    import owlready2

    inferred = Graph()
    for node in nodes:
        entity = world[str(node)]
        if not isinstance(entity, owlready2.Thing):
            continue
        for cls in entity.INDIRECT_is_a:
            if isinstance(cls, owlready2.ThingClass) and cls is not owlready2.Thing:
                triple = (node, RDF.type, URIRef(cls.iri))
                if triple not in data:
                    inferred.add(triple)
    return inferred


def materialized(data: Graph, result: Reasoning) -> Graph:
    """`data` plus the inferred types, with the data's prefixes (and OWL's) bound."""
    out = Graph()
    for prefix, namespace in data.namespaces():
        out.bind(prefix, namespace, override=True)
    for prefix, namespace in ontology_graph().namespaces():
        if prefix in ("sem", "prov", "org", "schema", "nif", "skos", "gk", "time"):
            out.bind(prefix, namespace, override=False)
    out += data
    out += result.inferred
    return out


# ---------------------------------------------------------------- explanations


def explain(data: Graph) -> list[str]:
    """Name the individuals and axioms behind an inconsistency, one line each.

    Looks for individuals in two disjoint classes and for literals outside
    their property's datatype range; an empty list means neither was found.
    """
    onto = ontology_graph()
    return _disjointness_conflicts(data, onto) + _datatype_conflicts(data, onto)


def _disjointness_conflicts(data: Graph, onto: Graph) -> list[str]:
    lines = []
    pairs = _disjoint_pairs(onto)
    for node in sorted({s for s in data.subjects() if isinstance(s, URIRef)}
                       | {o for o in data.objects() if isinstance(o, URIRef)}):
        why = _class_reasons(node, data, onto)
        for (a, b), axiom in pairs.items():
            if a in why and b in why:
                lines.append(f"{node.n3()} is a {_q(onto, a)} ({why[a]}) and a {_q(onto, b)} "
                             f"({why[b]}), but {axiom}")
    return lines


def _disjoint_pairs(onto: Graph) -> dict[tuple[Node, Node], str]:
    """Each pair of disjoint named classes, with the axiom that says so."""
    pairs: dict[tuple[Node, Node], str] = {}
    for axiom in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(onto.items(onto.value(axiom, OWL.members)))
        text = "owl:AllDisjointClasses(" + " ".join(_q(onto, m) for m in members) + ")"
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs[(a, b)] = text
    for a, b in onto.subject_objects(OWL.disjointWith):
        pairs[(a, b)] = f"{_q(onto, a)} owl:disjointWith {_q(onto, b)}"
    return {pair: text for pair, text in pairs.items()
            if not isinstance(pair[0], BNode) and not isinstance(pair[1], BNode)}


def _class_reasons(node: URIRef, data: Graph, onto: Graph) -> dict[Node, str]:
    """Named classes `node` belongs to by the data's triples, each with the first reason found."""
    why: dict[Node, str] = {}
    for cls in data.objects(node, RDF.type):
        why.setdefault(cls, "asserted")
    for prop in set(data.predicates(node)):
        for sup in _super_properties(prop, onto):
            for cls in onto.objects(sup, RDFS.domain):
                why.setdefault(cls, f"domain of {_q(onto, sup)}")
    for subject, prop in data.subject_predicates(node):
        for sup in _super_properties(prop, onto):
            if (sup, RDF.type, OWL.ObjectProperty) in onto:
                for cls in onto.objects(sup, RDFS.range):
                    why.setdefault(cls, f"range of {_q(onto, sup)}, value of {subject.n3()}")
    queue = list(why)
    while queue:
        cls = queue.pop(0)
        for sup in onto.objects(cls, RDFS.subClassOf):
            if isinstance(sup, URIRef) and sup not in why:
                why[sup] = f"{_q(onto, cls)} ⊑ {_q(onto, sup)}, {why[cls]}"
                queue.append(sup)
    return {cls: reason for cls, reason in why.items() if isinstance(cls, URIRef)}


def _super_properties(prop: Node, onto: Graph) -> list[Node]:
    """`prop` and its super-properties (rdfs:subPropertyOf, transitively)."""
    seen = [prop]
    for p in seen:
        seen.extend(s for s in onto.objects(p, RDFS.subPropertyOf) if s not in seen)
    return seen


def _datatype_conflicts(data: Graph, onto: Graph) -> list[str]:
    lines = []
    for prop in sorted(set(onto.subjects(RDF.type, OWL.DatatypeProperty))):
        ranges = [r for r in onto.objects(prop, RDFS.range) if isinstance(r, URIRef)]
        for s, o in sorted(data.subject_objects(prop)):
            for rng in ranges:
                if isinstance(o, Literal) and not _fits(o, rng):
                    shown = _q(onto, o.datatype or (RDF.langString if o.language else XSD.string))
                    lines.append(f"{s.n3()} {_q(onto, prop)} {o.n3()}: {shown} is not in "
                                 f"the range {_q(onto, rng)} of {_q(onto, prop)}")
    return lines


def _fits(literal: Literal, rng: URIRef) -> bool:
    """Whether `literal` is a valid value of datatype `rng` (the common cases)."""
    if rng == RDFS.Literal:
        return True
    if getattr(literal, "ill_typed", False):
        return False
    datatype = literal.datatype or (None if literal.language else XSD.string)
    if rng == XSD.integer:
        return datatype in INTEGER_TYPES
    if rng == XSD.decimal:
        return datatype in INTEGER_TYPES or datatype == XSD.decimal
    return datatype == rng


def _q(graph: Graph, node: Node) -> str:
    """A node as a prefixed name where `graph` binds a prefix (gk:Person), else <IRI>.

    Never mints a prefix: the ontology graph is shared (cached) and stays as parsed.
    """
    if isinstance(node, URIRef):
        with contextlib.suppress(Exception):
            prefix, _, name = graph.namespace_manager.compute_qname(node, generate=False)
            return f"{prefix}:{name}"
    return node.n3()
