"""Each saved query's exact answer on the seed article.

The expected values come from the seed's answer key
(shared/corpus/seed/000_8fdbe4dfb0182242.gold.json) and the article text:
events the key marks optional may or may not be found, so they are allowed
but not required. The graph is built by the real pipeline (read, nlp, link,
extract, map), loaded into the embedded store, and queried with the files in
queries/ exactly as `geokg query` runs them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geokg.store import EmbeddedStore, ResultTable, read_query

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_8fdbe4dfb0182242.txt"
ARTICLE_IRI = "https://w3id.org/geokg/id/article/000-8fdbe4dfb0182242"
CAMEO = "https://w3id.org/geokg/cameo/"
DAY = "2024-11-16"  # the visit: "on November 16", the year from the text (see the key's note)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """The seed article through geokg.pipeline and the mapper, in an embedded store."""
    from geokg import pipeline
    from geokg.rdf import mapper

    result = pipeline.process(SEED)
    path = tmp_path_factory.mktemp("seed") / "seed.nq"
    mapper.to_dataset([result]).serialize(path, format="nquads", encoding="utf-8")
    store = EmbeddedStore()
    store.load([path])
    return store


@pytest.fixture(scope="module")
def text() -> str:
    """The seed article's text (it has no front matter, so offsets index the file)."""
    return SEED.read_text(encoding="utf-8")


def ask(store: EmbeddedStore, name: str, *columns: str) -> list[tuple]:
    """Rows of the saved query `name`, projected on `columns`."""
    table: ResultTable = store.query(read_query(ROOT / "queries" / f"{name}.rq"))
    index = [table.vars.index(c) for c in columns]
    return [tuple(row[i] for i in index) for row in table.values()]


def sentence_with(text: str, words: str) -> str:
    """The line of the article (one paragraph each) holding `words`, cut at its sentence."""
    line = next(line for line in text.splitlines() if words in line)
    # The sentence is the part of the paragraph up to the first full stop after `words`.
    start = line.rfind(". ", 0, line.index(words))
    start = 0 if start < 0 else start + 2
    end = line.find(". ", line.index(words))
    return line[start:] if end < 0 else line[start:end + 1]


def test_visits(seed_store):
    rows = ask(seed_store, "visits", "visitor", "place", "date", "country", "post")
    assert rows == [("Takeshi Iwaya", "Kyiv", DAY, "Japan", "Foreign Minister")]


def test_deployments(seed_store):
    rows = ask(seed_store, "deployments",
               "sender", "destination", "quantity", "qualifier", "status", "source")
    assert rows == [
        ("North Korea", "Russia", 12000, "upTo", "reported", source)
        for source in ("South Korea", "Ukraine", "United States")
    ]


def test_sanctions(seed_store):
    rows = ask(seed_store, "sanctions", "status", "imposer", "target", "date")
    assert rows == [("discussed", None, "Russia", DAY)]


def test_officials(seed_store):
    rows = set(ask(seed_store, "officials", "official", "post", "country"))
    required = {
        ("Takeshi Iwaya", "Foreign Minister", "Japan"),
        ("Andrii Sybiha", "Deputy Foreign Minister", "Ukraine"),  # as the article calls him
    }
    # "President Volodymyr Zelenskyy" names no state, and a post is only
    # written with the state the article gives it; Putin has no title at all.
    allowed = required | {("Vladimir Putin", "President", "Russia"),
                          ("Volodymyr Zelenskyy", "President", "Ukraine")}
    assert required <= rows <= allowed


def test_clashes_offensives(seed_store):
    rows = ask(seed_store, "clashes_offensives", "type", "date", "place", "participant", "side")
    assert rows == [
        ("Offensive", "2024-08-06", "Kursk region", "Ukraine", "actor"),
        ("Offensive", "2024-08-06", "Kursk region", "Russia", "target"),
        ("Clash", "2024-11", "Kursk region", "North Korea", "actor"),
        ("Clash", "2024-11", "Kursk region", "Ukraine", "actor"),
    ]


def test_claims_sources(seed_store, text):
    rows = ask(seed_store, "claims_sources", "type", "status", "source", "sentence", "start",
               "end")
    claims = {(t, st, src) for t, st, src, *_ in rows}
    required = {
        ("Deployment", "reported", "United States"),
        ("Deployment", "reported", "South Korea"),
        ("Deployment", "reported", "Ukraine"),
        ("Clash", "reported", "Ukraine"),
        ("Aid", "alleged", "Ukraine"),  # North Korea assisting Russia, per Ukraine's agencies
    }
    # "Ukraine's intelligence agencies believe": the agencies themselves may be named too.
    optional = {("Cooperation", "alleged", "Andrii Sybiha"),
                ("Aid", "alleged", "Ukrainian Intelligence Services")}
    assert required <= claims <= required | optional
    sentences = {(t, s) for t, _, _, s, _, _ in rows}
    assert ("Deployment", sentence_with(text, "as many as 12,000")) in sentences
    assert ("Clash", sentence_with(text, "had clashed with")) in sentences
    assert ("Aid", sentence_with(text, "is assisting Russia")) in sentences
    for *_, sentence, start, end in rows:
        assert text[start:end] == sentence


def test_prov_attributions_are_the_claims_in_plain_prov_terms(seed_store):
    """The PROV/schema.org query, run without a reasoner, finds every gk:accordingTo claim."""
    rows = ask(seed_store, "prov_attributions", "claim", "source", "event", "article", "headline")
    claims = {(claim.partition(":")[0], source) for claim, source, *_ in rows}
    required = {("Deployment", "United States"), ("Deployment", "South Korea"),
                ("Deployment", "Ukraine"), ("Clash", "Ukraine"), ("Aid", "Ukraine")}
    optional = {("Cooperation", "Andrii Sybiha"), ("Aid", "Ukrainian Intelligence Services")}
    assert required <= claims <= required | optional
    in_gk_terms = ask(seed_store, "claims_sources", "event", "source")
    assert {(event, source) for _, source, event, *_ in rows} == set(in_gk_terms)
    assert {(article, headline.partition(" amid ")[0]) for *_, article, headline in rows} == {
        (ARTICLE_IRI, "Japan’s FM visits Kyiv")}


def test_status_and_qualifier_spellings_are_the_notations_geokg_events_writes():
    """The saved queries lower-case the first letter of the concept's local name; that
    must be its skos:notation, the spelling of the events JSON (Event.status)."""
    from rdflib.namespace import SKOS

    from geokg.rdf.vocab import GK, ontology_graph

    onto = ontology_graph()
    for scheme in (GK.StatusScheme, GK.QualifierScheme):
        concepts = list(onto.subjects(SKOS.inScheme, scheme))
        assert len(concepts) >= 6
        for concept in concepts:
            name = str(concept).removeprefix(str(GK))
            assert name[0].lower() + name[1:] == str(onto.value(concept, SKOS.notation))


def test_timeline(seed_store):
    rows = ask(seed_store, "timeline", "date", "precision", "type")
    assert rows[:2] == [("2024-08-06", "day", "Offensive"), ("2024-11", "month", "Clash")]
    rest = rows[2:]
    assert {(d, p) for d, p, _ in rest} == {(DAY, "day")}
    types = {t for _, _, t in rest}
    assert {"Visit", "Meeting", "Sanction", "Statement"} <= types
    assert types <= {"Visit", "Meeting", "Sanction", "Statement", "Aid"}


def test_military_network(seed_store):
    rows = set(ask(seed_store, "military_network", "stateA", "stateB", "relation"))
    required = {("North Korea", "Russia", "Agreement"), ("North Korea", "Russia", "Cooperation")}
    optional = {("Iran", "North Korea", "Cooperation"), ("Iran", "Russia", "Cooperation")}
    assert required <= rows <= required | optional


def test_event_provenance(seed_store, text):
    rows = ask(seed_store, "event_provenance",
               "type", "file", "headline", "sentence", "start", "end", "article")
    assert rows
    headline = text.splitlines()[0]
    for _type, file, head, sentence, start, end, article in rows:
        assert (file, head, article) == (SEED.name, headline, ARTICLE_IRI)
        assert text[start:end] == sentence
    visit = [(s, start) for t, _, _, s, start, _, _ in rows if t == "Visit"]
    first = text.splitlines()[1]  # "Japan’s Foreign Minister, Takeshi Iwaya, arrived in Kyiv ..."
    assert (first, text.index(first)) in visit
    required = {"Visit", "Meeting", "Sanction", "Deployment", "Agreement", "Cooperation",
                "Clash", "Offensive", "Aid", "Statement"}
    assert {t for t, *_ in rows} == required


def test_gdelt_table(seed_store):
    rows = ask(seed_store, "gdelt_table", "date", "eventCode", "actor1", "actor1Country",
               "actor2", "actor2Country", "place", "placeCountry", "source")
    assert (DAY, CAMEO + "042", "Takeshi Iwaya", "JP", "Ukraine", "UA", "Kyiv", "UA",
            ARTICLE_IRI) in rows
    assert (None, CAMEO + "154", "North Korea", "KP", "Russia", "RU", "Russia", "RU",
            ARTICLE_IRI) in rows
    assert ("2024-08-06", CAMEO + "190", "Ukraine", "UA", "Russia", "RU", "Kursk region", "RU",
            ARTICLE_IRI) in rows
    # Every row carries a CAMEO code of one of the ten event families (docs/mapping.md).
    codes = {"042", "043", "040", "046", "154", "163", "190", "193", "194", "057", "062",
             "072", "010", "112"}
    assert {r[1] for r in rows} <= {CAMEO + code for code in codes}


def test_references(seed_store):
    """The words that stand for an event's participants without naming them: the
    seed's "He" and "his" (the last speaker named), surnames alone, "Moscow" for
    Russia, and "the two nations" for the two states of the pact."""
    rows = ask(seed_store, "references", "type", "participant", "role", "words", "kind")
    assert rows == [
        ("Cooperation", "Russia", "actor", "Moscow", "metonym"),
        ("Deployment", "Russia", "target", "Moscow", "metonym"),
        ("Aid", "Takeshi Iwaya", "actor", "Iwaya", "surname"),
        ("Meeting", "Takeshi Iwaya", "actor", "Iwaya", "surname"),
        ("Sanction", "Russia", "target", "Moscow", "metonym"),
        ("Agreement", "North Korea", "actor", "the two nations", "description"),
        ("Agreement", "Russia", "actor", "the two nations", "description"),
        ("Deployment", "North Korea", "actor", "the two nations", "description"),
        ("Deployment", "Russia", "target", "the two nations", "description"),
        ("Statement", "Andrii Sybiha", "actor", "Sybiha", "surname"),
        ("Statement", "Andrii Sybiha", "actor", "He", "pronoun"),
        ("Statement", "Volodymyr Zelenskyy", "actor", "Zelenskyy", "surname"),
        ("Statement", "Volodymyr Zelenskyy", "actor", "his", "pronoun"),
        ("Statement", "Volodymyr Zelenskyy", "actor", "he", "pronoun"),
        ("Statement", "Volodymyr Zelenskyy", "actor", "Zelenskyy", "surname"),
        ("Statement", "Volodymyr Zelenskyy", "actor", "he", "pronoun"),
    ]


def test_timeline_lists_an_event_two_articles_date_once(tmp_path):
    """Two articles, one event (same IRI) with two date expressions and labels: one row,
    the least label and expression, in an order no engine can break differently."""
    prefixes = ("@prefix gk: <https://w3id.org/geokg/ontology#> .\n"
                "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                "@prefix time: <http://www.w3.org/2006/time#> .\n"
                "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                "@prefix e: <https://example.org/event/> .\n")
    for name, when, label in (("g1", "on Monday", "Visit: B to C"),
                              ("g2", "on November 18", "Visit: A to C")):
        (tmp_path / f"{name}.trig").write_text(prefixes + (
            f"<https://example.org/graph/{name}> {{\n"
            f'  e:one a gk:Visit ; gk:date "2024-11-18"^^xsd:date ; rdfs:label "{label}" ;\n'
            "    gk:time e:one-time .\n"
            f'  e:one-time time:unitType time:unitDay ; gk:expression "{when}" .\n'
            '  e:two a gk:Meeting ; gk:date "2024-11-18"^^xsd:date .\n'
            '  e:three a gk:Aid ; gk:date "2024-11-18"^^xsd:date .\n}\n'), encoding="utf-8")
    store = EmbeddedStore()
    store.load([tmp_path / "g1.trig", tmp_path / "g2.trig"])
    rows = ask(store, "timeline", "type", "label", "when", "event")
    assert rows == [
        ("Aid", None, None, "https://example.org/event/three"),
        ("Meeting", None, None, "https://example.org/event/two"),
        ("Visit", "Visit: A to C", "on Monday", "https://example.org/event/one"),
    ]
