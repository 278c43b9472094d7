"""The SHACL shapes: a good graph conforms, and each shape catches its own fault.

tests/fixtures/shapes/good.ttl conforms. Each case below breaks it in one
place and must produce exactly one violation, from exactly the named shape,
on exactly the named node; a last test fails if any shape has no case.
"""

from __future__ import annotations

import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

from geokg.rdf.formats import load_rdf
from geokg.rdf.validate import shapes_graph, validate

FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures" / "shapes"
PREFIXES = {
    "ex": "https://w3id.org/geokg/id/",
    "gk": "https://w3id.org/geokg/ontology#",
    "gksh": "https://w3id.org/geokg/shapes#",
    "cameo": "https://w3id.org/geokg/cameo/",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "schema": "https://schema.org/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def term(value):
    """"ex:visit/time" -> URIRef; Literals and None (wildcard) pass through."""
    if value is None or isinstance(value, Literal):
        return value
    prefix, _, local = value.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def lit(value, datatype=None, lang=None):
    return Literal(value, datatype=term(datatype) if datatype else None, lang=lang)


# shape local name -> (focus node, triples to remove, triples to add)
CASES = {
    # article and sentence
    "Article-headline": ("ex:article/t", [], [("ex:article/t", "schema:headline", lit("Other"))]),
    "Article-author": ("ex:article/t", [("ex:article/t", "schema:author", None)],
                       [("ex:article/t", "schema:author", "ex:org/un")]),
    "Article-datePublished": ("ex:article/t", [("ex:article/t", "schema:datePublished", None)],
                              [("ex:article/t", "schema:datePublished", lit("2024-05-06"))]),
    "Article-sourceFile": ("ex:article/t", [("ex:article/t", "gk:sourceFile", None)], []),
    "Article-sha256": ("ex:article/t", [("ex:article/t", "gk:sha256", None)],
                       [("ex:article/t", "gk:sha256", lit("XYZ"))]),
    "Sentence-anchorOf": ("ex:s1", [("ex:s1", "nif:anchorOf", None)],
                          [("ex:s1", "nif:anchorOf", lit(""))]),
    "Sentence-beginIndex": ("ex:s1", [("ex:s1", "nif:beginIndex", None)],
                            [("ex:s1", "nif:beginIndex", lit(70, "xsd:nonNegativeInteger"))]),
    "Sentence-endIndex": ("ex:s1", [("ex:s1", "nif:endIndex", None)],
                          [("ex:s1", "nif:endIndex", lit(62, "xsd:integer"))]),
    "Sentence-inArticle": ("ex:s1", [("ex:s1", "gk:inArticle", None)], []),
    # a reference: the words that named an event's participant
    "Reference-anchorOf": ("ex:ref1", [("ex:ref1", "nif:anchorOf", None)],
                           [("ex:ref1", "nif:anchorOf", lit(""))]),
    "Reference-beginIndex": ("ex:ref1", [("ex:ref1", "nif:beginIndex", None)],
                             [("ex:ref1", "nif:beginIndex", lit(66, "xsd:nonNegativeInteger"))]),
    "Reference-endIndex": ("ex:ref1", [("ex:ref1", "nif:endIndex", None)],
                           [("ex:ref1", "nif:endIndex", lit(66, "xsd:integer"))]),
    "Reference-sentence": ("ex:ref1", [("ex:ref1", "nif:sentence", None)],
                           [("ex:ref1", "nif:sentence", "ex:article/t")]),
    "Reference-taIdentRef": ("ex:ref1", [("ex:ref1", "itsrdf:taIdentRef", None)],
                             [("ex:ref1", "itsrdf:taIdentRef", "ex:s1")]),
    "Reference-kind": ("ex:ref1", [("ex:ref1", "gk:referenceKind", None)],
                       [("ex:ref1", "gk:referenceKind", lit("guess"))]),
    # every event
    "Event-label": ("ex:visit", [("ex:visit", "rdfs:label", None)], []),
    "Event-actor": ("ex:meeting", [], [("ex:meeting", "gk:actor", "ex:place/1")]),
    "Event-target": ("ex:visit", [("ex:visit", "gk:target", None)],
                     [("ex:visit", "gk:target", "ex:place/1")]),
    "Event-place": ("ex:visit", [("ex:visit", "gk:place", None)],
                    [("ex:visit", "gk:place", "ex:org/un")]),
    "Event-date": ("ex:visit", [("ex:visit", "gk:date", None)],
                   [("ex:visit", "gk:date", lit("2024-05-04"))]),
    "Event-time": ("ex:visit", [], [("ex:visit", "gk:time", "ex:clash/time")]),
    "Event-quantity": ("ex:visit", [], [("ex:visit", "gk:quantity", "ex:place/1")]),
    "Event-status": ("ex:meeting", [], [("ex:meeting", "gk:status", "gk:Asserted")]),
    "Event-accordingTo": ("ex:deployment", [("ex:deployment", "gk:accordingTo", None)],
                          [("ex:deployment", "gk:accordingTo", "ex:article/t")]),
    "Event-cameoCode": ("ex:meeting", [("ex:meeting", "gk:cameoCode", None)], []),
    "Event-ploverType": ("ex:visit", [("ex:visit", "gk:ploverType", None)],
                         [("ex:visit", "gk:ploverType", lit("CONSULT"))]),
    "Event-trigger": ("ex:meeting", [("ex:meeting", "gk:trigger", None)], []),
    "Event-quote": ("ex:statement", [("ex:statement", "gk:quote", None)],
                    [("ex:statement", "gk:quote", lit("No", lang="en"))]),
    "Event-mentionedIn": ("ex:meeting", [("ex:meeting", "gk:mentionedIn", None)],
                          [("ex:meeting", "gk:mentionedIn", "ex:article/t")]),
    "Event-reportedBy": ("ex:meeting", [("ex:meeting", "gk:reportedBy", None)], []),
    # per event type
    "Visit-actor": ("ex:visit", [("ex:visit", "gk:actor", None)],
                    [("ex:visit", "gk:actor", "ex:org/bde")]),
    "Visit-cameoCode": ("ex:visit", [("ex:visit", "gk:cameoCode", None)],
                        [("ex:visit", "gk:cameoCode", "cameo:040")]),
    "Meeting-actor": ("ex:meeting", [("ex:meeting", "gk:actor", None)], []),
    "Meeting-cameoCode": ("ex:meeting", [("ex:meeting", "gk:cameoCode", None)],
                          [("ex:meeting", "gk:cameoCode", "cameo:042")]),
    "Statement-actor": ("ex:statement", [("ex:statement", "gk:actor", None)], []),
    "Statement-cameoCode": ("ex:statement", [("ex:statement", "gk:cameoCode", None)],
                            [("ex:statement", "gk:cameoCode", "cameo:042")]),
    "Deployment-actor": ("ex:deployment", [("ex:deployment", "gk:actor", None)],
                         [("ex:deployment", "gk:actor", "ex:person/jane-doe")]),
    "Deployment-cameoCode": ("ex:deployment", [("ex:deployment", "gk:cameoCode", None)],
                             [("ex:deployment", "gk:cameoCode", "cameo:190")]),
    "Sanction-target": ("ex:sanction", [("ex:sanction", "gk:target", None)], []),
    "Sanction-cameoCode": ("ex:sanction", [("ex:sanction", "gk:cameoCode", None)],
                           [("ex:sanction", "gk:cameoCode", "cameo:154")]),
    "Clash-actor": ("ex:clash", [("ex:clash", "gk:actor", None)], []),
    "Clash-cameoCode": ("ex:clash", [("ex:clash", "gk:cameoCode", None)],
                        [("ex:clash", "gk:cameoCode", "cameo:154")]),
    "Offensive-actor": ("ex:offensive", [("ex:offensive", "gk:actor", None)], []),
    "Offensive-cameoCode": ("ex:offensive", [("ex:offensive", "gk:cameoCode", None)],
                            [("ex:offensive", "gk:cameoCode", "cameo:193")]),
    "Agreement-actor": ("ex:agreement", [("ex:agreement", "gk:actor", None)], []),
    "Agreement-cameoCode": ("ex:agreement", [("ex:agreement", "gk:cameoCode", None)],
                            [("ex:agreement", "gk:cameoCode", "cameo:062")]),
    "Cooperation-actor": ("ex:cooperation", [("ex:cooperation", "gk:actor", None)], []),
    "Cooperation-cameoCode": ("ex:cooperation", [("ex:cooperation", "gk:cameoCode", None)],
                              [("ex:cooperation", "gk:cameoCode", "cameo:057")]),
    "Aid-actor": ("ex:aid", [("ex:aid", "gk:actor", None)], []),
    "Aid-cameoCode": ("ex:aid", [("ex:aid", "gk:cameoCode", None)],
                      [("ex:aid", "gk:cameoCode", "cameo:154")]),
    # time
    "Time-precision": ("ex:visit/time", [],
                       [("ex:visit/time", "time:inXSDgYear", lit("2024", "xsd:gYear"))]),
    "Time-inXSDDate": ("ex:visit/time", [("ex:visit/time", "time:inXSDDate", None)],
                       [("ex:visit/time", "time:inXSDDate", lit("2024-05-04"))]),
    "Time-inXSDgYearMonth": (
        "ex:deployment/time", [("ex:deployment/time", "time:inXSDgYearMonth", None)],
        [("ex:deployment/time", "time:inXSDgYearMonth", lit("2024-05"))]),
    "Time-inXSDgYear": ("ex:clash/time", [("ex:clash/time", "time:inXSDgYear", None)],
                        [("ex:clash/time", "time:inXSDgYear", lit(2024, "xsd:integer"))]),
    "Time-unitType": ("ex:visit/time", [("ex:visit/time", "time:unitType", None)],
                      [("ex:visit/time", "time:unitType", "time:unitWeek")]),
    "Time-expression": ("ex:visit/time", [("ex:visit/time", "gk:expression", None)],
                        [("ex:visit/time", "gk:expression", lit("then", lang="en"))]),
    "Time-yearInferred": ("ex:deployment/time", [("ex:deployment/time", "gk:yearInferred", None)],
                          [("ex:deployment/time", "gk:yearInferred", lit("yes"))]),
    "Time-relativeTo": ("ex:clash/time", [("ex:clash/time", "gk:relativeTo", None)],
                        [("ex:clash/time", "gk:relativeTo", "ex:place/1")]),
    # quantity
    "Quantity-value": ("ex:deployment/quantity", [("ex:deployment/quantity", "gk:value", None)],
                       [("ex:deployment/quantity", "gk:value", lit(-5, "xsd:integer"))]),
    "Quantity-qualifier": (
        "ex:deployment/quantity", [("ex:deployment/quantity", "gk:qualifier", None)],
        [("ex:deployment/quantity", "gk:qualifier", "gk:Asserted")]),
    "Quantity-lowerBound": ("ex:aid/quantity", [("ex:aid/quantity", "gk:lowerBound", None)],
                            [("ex:aid/quantity", "gk:lowerBound", lit(30, "xsd:integer"))]),
    "Quantity-unit": ("ex:deployment/quantity", [],
                      [("ex:deployment/quantity", "gk:unit", lit("people"))]),
    "Quantity-expression": (
        "ex:deployment/quantity", [("ex:deployment/quantity", "gk:expression", None)],
        [("ex:deployment/quantity", "gk:expression", lit(1200, "xsd:integer"))]),
    "QuantityValueShape": ("ex:deployment/quantity", [("ex:deployment/quantity", "gk:value", None)],
                           []),
    "QuantityRangeShape": ("ex:aid/quantity", [("ex:aid/quantity", "gk:lowerBound", None)], []),
    # entities, posts, roles
    "Person-label": ("ex:person/jane-doe", [],
                     [("ex:person/jane-doe", "rdfs:label", lit("J. Doe"))]),
    "Person-nationality": ("ex:person/jane-doe", [("ex:person/jane-doe", "gk:nationality", None)],
                           [("ex:person/jane-doe", "gk:nationality", "ex:place/1")]),
    "Person-holds": ("ex:person/jane-doe", [("ex:person/jane-doe", "org:holds", None)],
                     [("ex:person/jane-doe", "org:holds", "ex:role/fm")]),
    "Country-label": ("ex:country/SY", [("ex:country/SY", "rdfs:label", None)], []),
    "Country-iso3166": ("ex:country/FD", [("ex:country/FD", "gk:iso3166", None)],
                        [("ex:country/FD", "gk:iso3166", lit("fd"))]),
    "Country-geonamesId": ("ex:country/FD", [("ex:country/FD", "gk:geonamesId", None)],
                           [("ex:country/FD", "gk:geonamesId", lit("111"))]),
    "Place-label": ("ex:place/1", [("ex:place/1", "rdfs:label", None)], []),
    "Place-geonamesId": ("ex:place/1", [("ex:place/1", "gk:geonamesId", None)],
                         [("ex:place/1", "gk:geonamesId", lit("1"))]),
    "Place-inCountry": ("ex:place/r", [("ex:place/r", "gk:inCountry", None)],
                        [("ex:place/r", "gk:inCountry", "ex:place/1")]),
    "Place-locatedIn": ("ex:place/r", [],
                        [("ex:place/r", "gk:locatedIn", "ex:person/jane-doe")]),
    "Organization-label": ("ex:org/un", [("ex:org/un", "rdfs:label", None)], []),
    "Organization-inCountry": ("ex:org/bde", [("ex:org/bde", "gk:inCountry", None)],
                               [("ex:org/bde", "gk:inCountry", "ex:org/un")]),
    "Post-label": ("ex:post/fm", [("ex:post/fm", "rdfs:label", None)], []),
    "Post-role": ("ex:post/fm", [("ex:post/fm", "org:role", None)],
                  [("ex:post/fm", "org:role", "ex:country/FD")]),
    "Post-postIn": ("ex:post/fm", [("ex:post/fm", "org:postIn", None)],
                    [("ex:post/fm", "org:postIn", "ex:person/jane-doe")]),
    "Role-label": ("ex:role/fm", [("ex:role/fm", "rdfs:label", None)], []),
}


@pytest.fixture(scope="module")
def good() -> Graph:
    return Graph().parse(FIXTURES / "good.ttl", format="turtle")


def broken(good: Graph, remove, add) -> Graph:
    graph = Graph()
    graph += good
    for pattern in remove:
        graph.remove(tuple(term(x) for x in pattern))
    for triple in add:
        graph.add(tuple(term(x) for x in triple))
    return graph


def test_good_fixture_conforms(good):
    report = validate(good)
    assert report.conforms, report.text
    assert report.violations == []
    assert report.text == f"Conforms ({len(good)} triples)."


@pytest.mark.parametrize("shape", sorted(CASES))
def test_each_shape_catches_its_fault(good, shape):
    focus, remove, add = CASES[shape]
    report = validate(broken(good, remove, add))
    assert not report.conforms
    found = [(v.shape, v.focus_node) for v in report.violations]
    assert found == [(f"gksh:{shape}", str(term(focus)))], report.text
    violation = report.violations[0]
    assert violation.severity == "Violation"
    assert violation.message == str(shapes_graph().value(term(f"gksh:{shape}"), SH.message))


def test_every_shape_has_a_case():
    """Property shapes and node shapes with their own constraints all need a case."""
    shapes = shapes_graph()
    own = (SH["or"], SH.xone, SH["not"], SH["and"], SH.sparql)
    constrained = set(shapes.subjects(RDF.type, SH.PropertyShape)) | {
        s for s in shapes.subjects(RDF.type, SH.NodeShape)
        if any(shapes.value(s, p) is not None for p in own)
        and shapes.value(s, SH.targetClass) is not None
    }
    names = {str(s).removeprefix(PREFIXES["gksh"]) for s in constrained}
    assert names - set(CASES) == set()
    assert set(CASES) - names == set()


def test_every_shape_documents_itself():
    shapes = shapes_graph()
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        assert shapes.value(shape, term("rdfs:label")) is not None, shape
        assert shapes.value(shape, term("rdfs:comment")) is not None, shape
    for shape in set(shapes.subjects(RDF.type, SH.PropertyShape)):
        for prop in (SH.name, SH.message, term("rdfs:comment")):
            assert shapes.value(shape, prop) is not None, (shape, prop)


def test_event_violation_names_its_sentence(good):
    focus, remove, add = CASES["Visit-cameoCode"]
    (violation,) = validate(broken(good, remove, add)).violations
    assert violation.sentence_text == "Jane Doe arrived in Exampleville."
    assert violation.path == "gk:cameoCode"
    assert violation.value == PREFIXES["cameo"] + "040"
    assert "in sentence: \"Jane Doe arrived in Exampleville.\"" in violation.line()


def test_quantity_violation_names_its_events_sentence(good):
    focus, remove, add = CASES["QuantityValueShape"]
    (violation,) = validate(broken(good, remove, add)).violations
    assert violation.sentence_text == "Jane Doe arrived in Exampleville."


def validate_file(path):
    """As `geokg validate FILE` checks it: each graph of the file on its own."""
    dataset = Dataset()
    for i, (_, graph) in enumerate(load_rdf(path)):
        named = dataset.graph(URIRef(f"urn:x-test:{i}"))
        named += graph
    return validate(dataset)


def test_validate_file_reads_turtle_and_trig(tmp_path, good):
    assert validate_file(FIXTURES / "good.ttl").conforms
    focus, remove, add = CASES["Role-label"]
    bad = tmp_path / "bad.trig"
    dataset = Dataset()
    named = dataset.graph(URIRef("https://w3id.org/geokg/id/graph/t"))
    named += broken(good, remove, add)
    dataset.serialize(bad, format="trig")
    report = validate_file(bad)
    assert [(v.shape, v.focus_node) for v in report.violations] == [
        ("gksh:Role-label", str(term(focus)))]
    assert "Does not conform: 1 result(s)." in report.text


def test_validate_file_names_missing_and_unparsable_files(tmp_path):
    from geokg.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        validate_file(tmp_path / "missing.ttl")
    junk = tmp_path / "junk.ttl"
    junk.write_text("this is not turtle .\n")
    with pytest.raises(InputError, match="junk.ttl: not valid turtle"):
        validate_file(junk)



def test_time_without_any_date_is_caught(good):
    """Time-precision counts the three date properties together: none is as wrong as two."""
    report = validate(broken(good, [("ex:visit/time", "time:inXSDDate", None)], []))
    found = [(v.shape, v.focus_node, v.path) for v in report.violations]
    assert found == [("gksh:Time-precision", str(term("ex:visit/time")),
                      "time:inXSDDate | time:inXSDgYearMonth | time:inXSDgYear")], report.text
