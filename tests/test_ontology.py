"""The ontology: parses, documents every term, stays OWL 2 DL-clean, holds the codes."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from geokg import resources
from geokg.model import EVENT_TYPES, QUALIFIERS, STATUSES
from geokg.rdf.mapper import CAMEO, GK, PLOVER, ontology_graph, vocabulary
from geokg.rdf.validate import shapes_graph

DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                OWL.NamedIndividual)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
BUILTIN = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", str(RDFS), str(OWL))
CAMEO_LABELS = {
    "010": "Make statement, not specified below",
    "040": "Consult, not specified below",
    "042": "Make a visit",
    "043": "Host a visit",
    "046": "Engage in negotiation",
    "057": "Sign formal agreement",
    "062": "Cooperate militarily",
    "072": "Provide military aid",
    "112": "Accuse, not specified below",
    "154": "Mobilize or increase armed forces",
    "163": "Impose embargo, boycott, or sanctions",
    "190": "Use conventional military force, not specified below",
    "193": "Fight with small arms and light weapons",
    "194": "Fight with artillery and tanks",
}
PLOVER_TYPES = ("CONSULT", "AGREE", "COOPERATE", "AID", "MOBILIZE", "SANCTION", "ASSAULT", "ACCUSE")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def gk_terms(onto: Graph, kinds=DECLARATIONS) -> set[URIRef]:
    return {s for kind in kinds for s in onto.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(str(GK))}


def test_files_parse_on_their_own():
    for name in ("geokg.ttl", "cameo.ttl"):
        text = resources.file("ontology", name).read_text("utf-8")
        assert len(Graph().parse(data=text, format="turtle")) > 50


def test_ontology_header(onto):
    node = URIRef("https://w3id.org/geokg/ontology")
    assert (node, RDF.type, OWL.Ontology) in onto
    assert onto.value(node, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(node, OWL.versionIRI) == URIRef("https://w3id.org/geokg/ontology/0.1.0")
    assert onto.value(node, DCTERMS.creator) == Literal("geokg developers")
    assert onto.value(node, DCTERMS.license) is not None
    assert onto.value(node, DCTERMS.title) is not None
    assert onto.value(node, RDFS.comment) is not None
    assert (node, OWL.imports, URIRef("https://w3id.org/geokg/cameo")) in onto


def test_every_class_and_property_has_label_definition_and_example(onto):
    terms = gk_terms(onto, (OWL.Class, *PROPERTY_KINDS))
    assert len(terms) > 45
    missing = sorted(
        f"{term} lacks {prop.n3()}" for term in terms
        for prop in (RDFS.label, SKOS.definition, SKOS.example) if onto.value(term, prop) is None
    )
    assert missing == []


def test_every_individual_has_label_and_definition(onto):
    missing = [t for t in gk_terms(onto, (OWL.NamedIndividual,))
               if onto.value(t, RDFS.label) is None or onto.value(t, SKOS.definition) is None]
    assert missing == []


def test_every_gk_term_has_exactly_one_declaration(onto):
    """No punning: nothing is both a class and an individual, or two kinds of property."""
    subjects = {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(str(GK))}
    kinds = {s: [k for k in DECLARATIONS if (s, RDF.type, k) in onto] for s in subjects}
    assert {str(s): k for s, k in kinds.items() if len(k) != 1} == {}


def test_no_iri_is_both_class_and_individual_or_two_property_kinds(onto):
    classes = set(onto.subjects(RDF.type, OWL.Class))
    individuals = set(onto.subjects(RDF.type, OWL.NamedIndividual))
    assert classes & individuals == set()
    for a, b in ((OWL.ObjectProperty, OWL.DatatypeProperty),
                 (OWL.ObjectProperty, OWL.AnnotationProperty),
                 (OWL.DatatypeProperty, OWL.AnnotationProperty)):
        assert set(onto.subjects(RDF.type, a)) & set(onto.subjects(RDF.type, b)) == set()


def test_every_predicate_and_type_used_is_declared(onto):
    """DL hygiene without imports: every property and class used has a declaration."""
    properties = {s for kind in PROPERTY_KINDS for s in onto.subjects(RDF.type, kind)}
    classes = set(onto.subjects(RDF.type, OWL.Class))
    undeclared_props = {p for p in onto.predicates() if not str(p).startswith(BUILTIN)} - properties
    used_types = {o for o in onto.objects(None, RDF.type) if not str(o).startswith(BUILTIN)}
    assert undeclared_props == set()
    assert used_types - classes == set()


def test_event_classes_and_alignments(onto):
    for name in EVENT_TYPES:
        assert (GK[name], RDF.type, OWL.Class) in onto
    sem = "http://semanticweb.cs.vu.nl/2009/11/sem/"
    expected = [
        (GK.Event, RDFS.subClassOf, URIRef(sem + "Event")),
        (GK.Event, RDFS.subClassOf, URIRef("https://schema.org/Event")),
        (GK.Visit, RDFS.subClassOf, GK.DiplomaticEvent),
        (GK.Meeting, RDFS.subClassOf, GK.DiplomaticEvent),
        (GK.Statement, RDFS.subClassOf, GK.DiplomaticEvent),
        (GK.Deployment, RDFS.subClassOf, GK.MilitaryEvent),
        (GK.Clash, RDFS.subClassOf, GK.MilitaryEvent),
        (GK.Offensive, RDFS.subClassOf, GK.MilitaryEvent),
        (GK.Cooperation, RDFS.subClassOf, GK.MilitaryEvent),
        (GK.Person, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Agent")),
        (GK.Country, RDFS.subClassOf, URIRef(sem + "Place")),
        (GK.MilitaryUnit, RDFS.subClassOf, GK.Organization),
        (GK.City, RDFS.subClassOf, GK.Place),
        (GK.Sentence, RDFS.subClassOf,
         URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Sentence")),
        (GK.actor, RDFS.subPropertyOf, URIRef(sem + "hasActor")),
        (GK.date, RDFS.subPropertyOf, URIRef(sem + "hasTimeStamp")),
        (GK.accordingTo, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasAttributedTo")),
        (GK.mentionedIn, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")),
    ]
    assert [t for t in expected if t not in onto] == []


def test_core_classes_are_pairwise_disjoint(onto):
    members = [list(onto.items(onto.value(axiom, OWL.members)))
               for axiom in onto.subjects(RDF.type, OWL.AllDisjointClasses)]
    assert [GK.Person, GK.Country, GK.Organization, GK.Place, GK.Event] in members


def test_cameo_codes_have_notations_and_official_labels(onto):
    for code, label in CAMEO_LABELS.items():
        concept = CAMEO[code]
        assert (concept, RDF.type, SKOS.Concept) in onto
        assert (concept, SKOS.inScheme, CAMEO.Scheme) in onto
        assert onto.value(concept, SKOS.notation) == Literal(code)
        assert onto.value(concept, SKOS.prefLabel) == Literal(label, lang="en")
    for name in PLOVER_TYPES:
        assert onto.value(PLOVER[name], SKOS.notation) == Literal(name)
        assert (PLOVER[name], SKOS.inScheme, PLOVER.Scheme) in onto


def test_single_code_classes_have_value_restriction_others_only_annotation(onto):
    def has_value(cls):
        return {onto.value(r, OWL.hasValue) for r in onto.objects(cls, RDFS.subClassOf)
                if onto.value(r, OWL.onProperty) == GK.cameoCode} - {None}

    assert has_value(GK.Deployment) == {CAMEO["154"]}
    assert has_value(GK.Sanction) == {CAMEO["163"]}
    for multi in ("Visit", "Meeting", "Statement", "Clash"):
        assert has_value(GK[multi]) == set()
    assert vocabulary()["default_cameo"] == {
        "Visit": CAMEO["042"], "Meeting": CAMEO["040"], "Deployment": CAMEO["154"],
        "Sanction": CAMEO["163"], "Clash": CAMEO["190"], "Offensive": CAMEO["190"],
        "Agreement": CAMEO["057"], "Cooperation": CAMEO["062"], "Aid": CAMEO["072"],
        "Statement": CAMEO["010"],
    }


def test_status_and_qualifier_schemes_cover_the_model_values():
    assert set(vocabulary()["status"]) == set(STATUSES)
    assert set(vocabulary()["qualifier"]) == set(QUALIFIERS)
    assert vocabulary()["qualifier"]["upTo"] == GK.UpTo


def test_every_gk_term_in_the_shapes_is_declared(onto):
    declared = gk_terms(onto)
    used = {t for triple in shapes_graph() for t in triple
            if isinstance(t, URIRef) and str(t).startswith(str(GK))}
    assert used - declared == set()


def test_hermit_finds_the_ontology_consistent(tmp_path, onto):
    """The ontology is OWL 2 DL that HermiT accepts, with no unsatisfiable class."""
    owlready2 = pytest.importorskip("owlready2")
    graph = Graph()
    graph += onto
    graph.remove((None, OWL.imports, None))  # cameo.ttl is already merged in
    path = tmp_path / "geokg.owl"
    graph.serialize(path, format="xml")
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load()
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
