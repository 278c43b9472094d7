"""OWL 2 DL profile checks beyond tests/test_ontology.py (which checks declarations and punning).

Every IRI an axiom uses has the declaration its position needs (a class
where a class expression goes, an object property under a restriction on
individuals, ...), properties are used with the kind of value their kind
allows, sub-property axioms join properties of one kind, and datatype
ranges are in the OWL 2 datatype map.
"""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef

from geokg.rdf.mapper import GK, ontology_graph
from geokg.rdf.reason import OWL2_DATATYPES

CLASS_POSITIONS = (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith,
                   OWL.someValuesFrom, OWL.allValuesFrom, RDFS.domain)
RESERVED = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", str(RDFS), str(OWL),
            "http://www.w3.org/2001/XMLSchema#")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def kind(onto: Graph, term) -> set:
    return {k for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                        OWL.AnnotationProperty, OWL.NamedIndividual)
            if (term, RDF.type, k) in onto}


def is_class(onto: Graph, term) -> bool:
    """A declared class, owl:Thing, or a class expression (a blank node)."""
    return isinstance(term, BNode) or term == OWL.Thing or OWL.Class in kind(onto, term)


def test_class_positions_hold_declared_classes(onto):
    bad = [(s, p, o) for p in CLASS_POSITIONS for s, o in onto.subject_objects(p)
           if not is_class(onto, o)
           and not (p in (OWL.someValuesFrom, OWL.allValuesFrom) and o in OWL2_DATATYPES)]
    bad += [(s, p, s) for p in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith)
            for s in onto.subjects(p) if not is_class(onto, s)]
    for axiom in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        bad += [(axiom, OWL.members, m) for m in onto.items(onto.value(axiom, OWL.members))
                if not is_class(onto, m)]
    assert bad == []


def test_ranges_match_the_property_kind(onto):
    bad = []
    for prop, rng in onto.subject_objects(RDFS.range):
        kinds = kind(onto, prop)
        if OWL.ObjectProperty in kinds and not is_class(onto, rng):
            bad.append((prop, rng, "object property range is not a class"))
        if OWL.DatatypeProperty in kinds and rng not in OWL2_DATATYPES:
            bad.append((prop, rng, "datatype outside the OWL 2 datatype map"))
    assert bad == []


def test_restrictions_use_declared_properties_and_fitting_fillers(onto):
    bad = []
    for restriction, prop in onto.subject_objects(OWL.onProperty):
        kinds = kind(onto, prop)
        if not kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
            bad.append((restriction, prop, "not an object or datatype property"))
        value = onto.value(restriction, OWL.hasValue)
        if value is not None:
            if OWL.ObjectProperty in kinds and OWL.NamedIndividual not in kind(onto, value):
                bad.append((restriction, value, "hasValue of an object property: no individual"))
            if OWL.DatatypeProperty in kinds and not isinstance(value, Literal):
                bad.append((restriction, value, "hasValue of a datatype property: no literal"))
    for enum, items in onto.subject_objects(OWL.oneOf):
        bad += [(enum, i, "oneOf member is not a declared individual") for i in onto.items(items)
                if OWL.NamedIndividual not in kind(onto, i)]
    assert bad == []


def test_properties_are_used_with_values_of_their_kind(onto):
    """Object properties link individuals, datatype properties give literals, in every axiom."""
    objects = set(onto.subjects(RDF.type, OWL.ObjectProperty))
    datatypes = set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    bad = [(s, p, o) for s, p, o in onto
           if (p in objects and isinstance(o, Literal))
           or (p in datatypes and not isinstance(o, Literal))]
    assert bad == []


def test_sub_properties_join_properties_of_one_kind(onto):
    bad = [(sub, sup) for sub, sup in onto.subject_objects(RDFS.subPropertyOf)
           if not kind(onto, sub) & {OWL.ObjectProperty, OWL.DatatypeProperty,
                                     OWL.AnnotationProperty}
           or kind(onto, sub) != kind(onto, sup)]
    assert bad == []


def test_reserved_vocabulary_is_not_redefined(onto):
    """No axiom about rdf:, rdfs:, owl: or xsd: terms: OWL 2 DL forbids redefining them."""
    bad = [(s, p, o) for s, p, o in onto
           if isinstance(s, URIRef) and str(s).startswith(RESERVED)]
    assert bad == []


def test_every_gk_iri_used_anywhere_is_declared(onto):
    """A gk: IRI in object position (a misspelt class in an axiom, say) is a term too."""
    used = {t for triple in onto for t in triple
            if isinstance(t, URIRef) and str(t).startswith(str(GK))}
    assert sorted(str(t) for t in used if not kind(onto, t)) == []
