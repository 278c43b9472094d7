"""Documentation of the ontology, generated from ontology/*.ttl.

`html()` renders the classes and properties with pyLODE (a maintained OWL
documentation generator) and adds a section for the concept schemes (event
status, quantity qualifiers, CAMEO codes, PLOVER types), which pyLODE's
OntPub profile leaves out. `mermaid()` draws the main classes and properties
as a Mermaid class diagram (GitHub renders it in Markdown), read from the
ontology, so the picture cannot drift from the axioms.
"""

from __future__ import annotations

import html as htmlesc
import logging
from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, XSD, Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from geokg import resources
from geokg.errors import GeokgError
from geokg.rdf.vocab import GK, ontology_graph

ONTOLOGY_IRI = URIRef("https://w3id.org/geokg/ontology")
# The classes whose pairwise disjointness the diagram notes.
DISJOINT_NOTE = "pairwise disjoint"


def html() -> str:
    """The ontology's HTML documentation page (pyLODE OntPub plus the concept schemes)."""
    try:
        from pylode import OntPub
    except ModuleNotFoundError as exc:
        raise GeokgError("pyLODE is not installed — install it with "
                         "pip install 'geokg[docs]' (pylode==3.2.1)") from exc

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))
    page = OntPub(ontology=_pylode_input(), sort_subjects=True).make_html()
    section = _schemes_section(ontology_graph())
    marker = '<div id="legend">'
    if marker in page:
        return page.replace(marker, section + marker, 1)
    return page.replace("</body>", section + "</body>", 1)


def _pylode_input() -> Graph:
    """geokg.ttl as pyLODE should see it: one ontology, only geokg's own terms.

    The external terms are declared in the ontology only for OWL 2 DL typing;
    they stay linked from the axioms but get no entry of their own. The SKOS
    concept schemes are documented in a section of their own, so their
    skos:ConceptScheme type (which pyLODE reads as a second ontology) is left out.
    pyLODE cannot render an enumeration (owl:oneOf) and shows it as a blank node
    id that changes each run, so restrictions to one are left out too: their
    codes are in the class's definition and gk:defaultCameoCode.
    """
    source = Graph().parse(data=resources.file("ontology", "geokg.ttl").read_text("utf-8"),
                           format="turtle")
    hidden = _enumeration_nodes(source)
    graph = Graph()
    for prefix, namespace in source.namespaces():
        graph.bind(prefix, namespace)
    for s, p, o in source:
        if p == OWL.imports:
            continue
        if p == RDF.type and isinstance(s, URIRef) and not str(s).startswith(str(GK)) \
                and s != ONTOLOGY_IRI:
            continue
        if p == RDF.type and o == SKOS.ConceptScheme or s in hidden or o in hidden:
            continue
        graph.add((s, p, o))
    return graph


def _enumeration_nodes(graph: Graph) -> set[Node]:
    """Blank nodes of owl:oneOf classes, their lists and the restrictions using them."""
    hidden: set[Node] = set()
    for enum, items in graph.subject_objects(OWL.oneOf):
        hidden.add(enum)
        node = items
        while node != RDF.nil and node is not None:
            hidden.add(node)
            node = graph.value(node, RDF.rest)
        hidden.update(graph.subjects(OWL.someValuesFrom, enum))
        hidden.update(graph.subjects(OWL.allValuesFrom, enum))
    return hidden


def _schemes_section(onto: Graph) -> str:
    """An HTML section listing each concept scheme and its concepts (all text escaped)."""
    parts = ['<div class="section" id="schemes"><h2>Concept schemes</h2>']
    for scheme in sorted(onto.subjects(RDF.type, SKOS.ConceptScheme)):
        label = onto.value(scheme, RDFS.label) or scheme
        parts.append(f'<h3 id="{_e(_fragment(scheme))}">{_e(label)}</h3>')
        definition = onto.value(scheme, SKOS.definition)
        parts.append(f"<p><code>{_e(scheme)}</code>{_e(' — ' + definition) if definition else ''}"
                     "</p>")
        parts.append("<table><tr><th>notation</th><th>concept</th><th>label</th>"
                     "<th>definition / broader, match</th></tr>")
        concepts = sorted(onto.subjects(SKOS.inScheme, scheme),
                          key=lambda c: str(onto.value(c, SKOS.notation) or c))
        for concept in concepts:
            parts.append(_concept_row(onto, concept))
        parts.append("</table>")
    parts.append("</div>")
    return "\n".join(parts)


def _concept_row(onto: Graph, concept: Node) -> str:
    label = onto.value(concept, SKOS.prefLabel) or onto.value(concept, RDFS.label) or ""
    notes = [str(d) for d in onto.objects(concept, SKOS.definition)]
    notes += [f"broader {_curie(onto, b)}" for b in onto.objects(concept, SKOS.broader)]
    notes += [f"broad match {_curie(onto, m)}" for m in onto.objects(concept, SKOS.broadMatch)]
    cells = (onto.value(concept, SKOS.notation) or "", _curie(onto, concept), label,
             "; ".join(notes))
    return "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>"


def _fragment(node: Node) -> str:
    return str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _e(value: object) -> str:
    return htmlesc.escape(str(value), quote=True)


# ---------------------------------------------------------------- diagram


def mermaid() -> str:
    """A Mermaid class diagram of geokg's classes, object and datatype properties.

    Nodes: every gk: class, and the external classes that are a domain or
    range of a gk: property (sem:Actor, time:Instant, ...). Edges: subclass
    axioms between them, and one arrow per object property from its domain
    to its range; datatype properties are attributes of their domain. A
    property without a domain hangs off owl:Thing.
    """
    onto = ontology_graph()
    classes = _gk(onto.subjects(RDF.type, OWL.Class))
    object_props = _gk(onto.subjects(RDF.type, OWL.ObjectProperty))
    data_props = _gk(onto.subjects(RDF.type, OWL.DatatypeProperty))
    nodes = set(classes)
    arrows, attributes = [], []
    for prop in object_props:
        for domain in _or_thing(onto.objects(prop, RDFS.domain)):
            for rng in _or_thing(onto.objects(prop, RDFS.range)):
                nodes.update((domain, rng))
                arrows.append(f"    {_id(onto, domain)} --> {_id(onto, rng)} : {_local(prop)}")
    for prop in data_props:
        rng = onto.value(prop, RDFS.range)
        kind = _local(rng) if rng is not None and str(rng).startswith(str(XSD)) else "literal"
        for domain in _or_thing(onto.objects(prop, RDFS.domain)):
            nodes.add(domain)
            attributes.append(f"    {_id(onto, domain)} : +{kind} {_local(prop)}")
    lines = ["classDiagram"]
    lines += [f'    class {_id(onto, n)}["{_curie(onto, n)}"]' for n in sorted(nodes)]
    lines += sorted(f"    {_id(onto, sup)} <|-- {_id(onto, cls)}" for cls in sorted(nodes)
                    for sup in onto.objects(cls, RDFS.subClassOf) if sup in nodes)
    lines += sorted(arrows) + sorted(attributes)
    for axiom in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        members = [m for m in onto.items(onto.value(axiom, OWL.members)) if m in nodes]
        names = ", ".join(_curie(onto, m) for m in members)
        lines.append(f'    note for {_id(onto, members[0])} "{names}: {DISJOINT_NOTE}"')
    return "\n".join(lines) + "\n"


def _gk(nodes: Iterable[Node]) -> list[URIRef]:
    return sorted(n for n in nodes if isinstance(n, URIRef) and str(n).startswith(str(GK)))


def _or_thing(nodes: Iterable[Node]) -> list[Node]:
    named = [n for n in nodes if isinstance(n, URIRef)]
    return named or [OWL.Thing]


def _local(node: Node) -> str:
    return _fragment(node)


def _curie(onto: Graph, node: Node) -> str:
    """gk:Event, sem:Actor, owl:Thing; the full IRI when no prefix is bound."""
    try:
        prefix, _, name = onto.namespace_manager.compute_qname(str(node), generate=False)
    except (KeyError, ValueError):
        return str(node)
    return f"{prefix}:{name}"


def _id(onto: Graph, node: Node) -> str:
    """A Mermaid identifier: the local name for gk: classes, prefix_name otherwise."""
    curie = _curie(onto, node)
    return curie.removeprefix("gk:").replace(":", "_").replace("-", "_")
