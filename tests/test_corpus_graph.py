"""One IRI names one thing, and one thing has one label, in every article and in the
merged graph of a build: the key rules with invented names, then dev + dev2 + dev3
built into one Turtle file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from geokg.entities import gazetteer as gz
from geokg.entities.link import PersonName, link
from geokg.entities.names import label_moves, name_moves
from geokg.model import ArticleResult, Entity, Linked
from geokg.rdf.iris import DEFAULT_BASE, entity_iri, slug
from geokg.rdf.mapper import GK, article_graph, label_variants
from geokg.rdf.validate import validate

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
B = DEFAULT_BASE


# ---------------------------------------------------------------- keys


@pytest.fixture
def listed_unit():
    """The process gazetteer listing an invented unit under an acronym key it does not
    claim as a name (as org/afp once was), restored afterwards."""
    gaz = gz.load()
    unit = gz.Known(key="org/zqa", label="Zelvonian Quarry Army", type="MilitaryUnit",
                    country="FR", aliases=("Zelvonian Quarry Army",))
    saved = (gaz.known_names.folded.copy(), gaz.known_names.exact.copy())
    gaz.known[unit.key] = unit
    gaz.known_names.add(unit.label, unit.key)
    yield gaz
    del gaz.known[unit.key]
    gaz.known_names.folded, gaz.known_names.exact = saved


def test_an_unlisted_name_gets_the_slug_of_its_name():
    assert gz.load().unlisted_key("org", "Zorvan Front", "Organization") == "org/zorvan-front"
    assert gz.load().unlisted_key("org", "東京", "Organization") == ""


def test_an_unlisted_name_never_takes_a_listed_things_key(listed_unit):
    assert listed_unit.unlisted_key("org", "ZQA", "Organization") == "org/zqa-organization"
    assert listed_unit.unlisted_key("place", "ZQA", "Place") == "place/zqa"


def test_the_linker_keeps_an_unknown_acronym_apart_from_a_listed_unit(listed_unit, nlp,
                                                                       make_article):
    article = make_article("The Zelvonian Quarry Army moved north on Monday, ZQA reported.")
    doc = nlp(article.body)
    start = article.body.index("ZQA")
    doc.ents = [doc.char_span(article.body.index("Zelvonian"), article.body.index(" moved"),
                              label="ORG"),
                doc.char_span(start, start + 3, label="ORG")]
    linked = link(article, doc)
    kinds = {m.text: (m.entity, linked.entities[m.entity].type) for m in linked.mentions
             if m.text in ("Zelvonian Quarry Army", "ZQA")}
    assert kinds == {"Zelvonian Quarry Army": ("org/zqa", "MilitaryUnit"),
                     "ZQA": ("org/zqa-organization", "Organization")}


def test_every_listed_key_is_minted_from_one_of_its_own_names():
    """The slug of a name (label or alias), or its country's code and a run of the
    words of one: never an acronym the entry does not claim ("org/afp" for the Armed
    Forces of the Philippines), which an unknown name would mint for another thing."""
    bad = []
    for key, known in gz.load().known.items():
        ident = key.partition("/")[2]
        names = {gz.slug(name) for name in (known.label, *known.aliases)}
        code = (known.country or "").lower()
        rest = ident.removeprefix(f"{code}-") if code else ident
        words = f"-{rest}-"
        if ident not in names and not (rest != ident and any(
                words in f"-{name}-" for name in names)):
            bad.append(key)
    assert bad == []


# ---------------------------------------------------------------- labels


def names(*found: tuple[str, str]) -> list[PersonName]:
    return [PersonName(key, label) for key, label in found]


def test_the_label_most_articles_give_wins_and_the_others_move_to_it():
    moves = label_moves([names(("org/zorvan-front", "Zorvan-Front")),
                         names(("org/zorvan-front", "Zorvan Front")),
                         names(("org/zorvan-front", "Zorvan Front"))])
    assert moves == [{"org/zorvan-front": PersonName("org/zorvan-front", "Zorvan Front")},
                     {}, {}]


def test_a_tie_goes_to_the_first_label_in_sort_order_whatever_the_article_order():
    one = names(("org/zorvan-front", "Zorvan-Front"))
    other = names(("org/zorvan-front", "Zorvan Front"))
    expected = PersonName("org/zorvan-front", "Zorvan Front")  # " " sorts before "-"
    assert label_moves([one, other]) == [{"org/zorvan-front": expected}, {}]
    assert label_moves([other, one]) == [{}, {"org/zorvan-front": expected}]


def test_an_article_counts_once_for_a_label():
    moves = label_moves([names(("org/zorvan-front", "Zorvan-Front"),
                               ("org/zorvan-front", "Zorvan-Front")),
                         names(("org/zorvan-front", "Zorvan Front"))])
    assert moves[0] == {"org/zorvan-front": PersonName("org/zorvan-front", "Zorvan Front")}


def test_a_listed_key_keeps_the_gazetteers_label():
    moves = label_moves([names(("org/nato", "Nato")), names(("org/nato", "Nato")),
                         names(("org/nato", "NATO"))])
    assert moves == [{"org/nato": PersonName("org/nato", "NATO")}] * 2 + [{}]


def test_people_are_unified_first_then_every_key_gets_one_label():
    moves = name_moves([
        [PersonName("person/selin-aydin", "Selin Aydın", "TR"),
         PersonName("org/zorvan-front", "Zorvan-Front")],
        [PersonName("person/selin-aydin", "Selin Aydin", "TR"),
         PersonName("org/zorvan-front", "Zorvan Front")],
        [PersonName("person/aydin", "Aydin", None),
         PersonName("org/zorvan-front", "Zorvan Front")],
    ])
    assert moves == [
        {"org/zorvan-front": PersonName("org/zorvan-front", "Zorvan Front")},
        {"person/selin-aydin": PersonName("person/selin-aydin", "Selin Aydın", "TR")},
        {"person/aydin": PersonName("person/selin-aydin", "Selin Aydın", "TR")},
    ]


def _result_with(entity: Entity, make_article) -> ArticleResult:
    return ArticleResult(article=make_article("Nothing happened."),
                         linked=Linked(entities={entity.key: entity}), events=[])


def test_spellings_of_the_label_become_alt_labels_and_other_names_do_not(make_article):
    front = Entity(key="org/zorvan-front", label="Zorvan Front", type="Organization",
                   aliases={"Zorvan-Front", "ZORVAN FRONT", "ZF", "the Front"})
    assert label_variants(front) == ["ZORVAN FRONT", "Zorvan-Front"]
    graph = article_graph(_result_with(front, make_article))
    node = URIRef(entity_iri(front.key))
    assert set(graph.objects(node, RDFS.label)) == {Literal("Zorvan Front")}
    assert set(graph.objects(node, SKOS.altLabel)) == {Literal("ZORVAN FRONT"),
                                                       Literal("Zorvan-Front")}
    assert validate(graph).conforms


def test_an_organization_with_two_labels_still_fails_the_shapes():
    graph = Graph()
    node = URIRef(f"{B}org/zorvan-front")
    graph.add((node, RDF.type, GK.Organization))
    graph.add((node, RDFS.label, Literal("Zorvan Front")))
    graph.add((node, SKOS.altLabel, Literal("Zorvan-Front")))
    assert validate(graph).conforms
    graph.add((node, RDFS.label, Literal("Zorvan-Front")))
    report = validate(graph)
    assert not report.conforms
    assert "gksh:Organization-label" in str(report.text)


# ---------------------------------------------------------------- the corpus


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory) -> tuple[Path, Graph]:
    """dev + dev2 + dev3 built into one Turtle file, as `geokg build` does."""
    from geokg.pipeline import build

    folders = [CORPUS / "dev", CORPUS / "dev2", CORPUS / "dev3"]
    if not all(f.is_dir() for f in folders):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CORPUS} is missing under CI")
        pytest.skip(f"{CORPUS} not found: the shared corpus is not beside this checkout")
    out = tmp_path_factory.mktemp("corpus") / "kg.ttl"
    summary = build(folders, out, cache_dir=None)
    assert summary.failed == 0
    return out, Graph().parse(out)


def test_the_corpus_builds_into_one_turtle_file_that_conforms(corpus_graph):
    out, graph = corpus_graph
    assert out.stat().st_size > 0
    report = validate(graph)
    assert report.conforms, report.text


def test_every_entity_of_the_corpus_has_one_label(corpus_graph):
    _, graph = corpus_graph
    classes = (GK.Person, GK.Country, GK.Organization, GK.MilitaryUnit, GK.City,
               GK.Region, GK.Place)
    nodes = {n for cls in classes for n in graph.subjects(RDF.type, cls)}
    assert {n: sorted(graph.objects(n, RDFS.label)) for n in nodes
            if len(set(graph.objects(n, RDFS.label))) != 1} == {}


def test_the_agency_and_the_armed_forces_are_two_nodes(corpus_graph):
    _, graph = corpus_graph
    agency, forces = URIRef(f"{B}org/afp"), URIRef(f"{B}org/armed-forces-of-the-philippines")
    assert set(graph.objects(agency, RDF.type)) == {GK.Organization}
    assert set(graph.objects(agency, RDFS.label)) == {Literal("AFP")}
    assert set(graph.objects(forces, RDF.type)) == {GK.MilitaryUnit}
    assert set(graph.objects(forces, RDFS.label)) == {Literal("Armed Forces of the Philippines")}


def test_the_spellings_of_one_name_fold_to_one_label(corpus_graph):
    _, graph = corpus_graph
    qaeda = URIRef(f"{B}org/al-qaeda")
    assert set(graph.objects(qaeda, RDFS.label)) == {Literal("al Qaeda")}  # 2 articles to 1
    assert set(graph.objects(qaeda, SKOS.altLabel)) == {Literal("al-Qaeda")}


def test_alt_labels_are_spellings_of_the_label(corpus_graph):
    _, graph = corpus_graph
    pairs = [(str(graph.value(n, RDFS.label)), str(alt))
             for n, alt in graph.subject_objects(SKOS.altLabel)]
    assert pairs
    assert [(label, alt) for label, alt in pairs
            if slug(label) != slug(alt)] == []
