"""The link stage, one behaviour per test on small invented sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Span

from geokg.entities.link import entity_for_token, link
from geokg.model import Post


@pytest.fixture
def run(nlp, make_article):
    def run(body: str, byline: str | None = None):
        article = make_article(body, byline=byline)
        doc = nlp(article.body)
        return article, doc, link(article, doc)

    return run


def keys_of(linked, text):
    """Entity keys of the mentions whose text is `text`, in order."""
    return [m.entity for m in linked.mentions if m.text == text]


def how_of(linked, text):
    return [m.how for m in linked.mentions if m.text == text]


def test_country_labels_and_ids(run):
    _, _, linked = run("Russia and the United States warned North Korea, Iran and Taiwan.")
    ru = linked.entities["country/RU"]
    assert (ru.label, ru.type, ru.country, ru.geonames) == ("Russia", "Country", "RU", 2017370)
    assert linked.entities["country/US"].label == "United States"
    assert linked.entities["country/KP"].label == "North Korea"
    assert linked.entities["country/IR"].label == "Iran"
    assert linked.entities["country/TW"].label == "Taiwan"


def test_country_aliases_and_possessive(run):
    article, _, linked = run("Japan's envoy met U.S. and UK officials.")
    assert keys_of(linked, "Japan") == ["country/JP"]
    assert keys_of(linked, "U.S.") == ["country/US"]
    assert keys_of(linked, "UK") == ["country/GB"]
    m = linked.mentions[0]
    assert article.text[m.start:m.end] == "Japan"


def test_city_with_alternate_name(run):
    _, _, linked = run("The minister arrived in Kyiv. Later he flew to Kiev again.")
    assert keys_of(linked, "Kyiv") == ["city/703448"]
    assert keys_of(linked, "Kiev") == ["city/703448"]
    kyiv = linked.entities["city/703448"]
    assert (kyiv.label, kyiv.type, kyiv.country, kyiv.geonames) == ("Kyiv", "City", "UA", 703448)


def test_demonyms(run):
    _, _, linked = run("North Korean troops fought Ukrainian forces, American and Filipino "
                       "officials said, while South Korean and Chinese diplomats watched.")
    assert keys_of(linked, "North Korean") == ["country/KP"]
    assert how_of(linked, "North Korean") == ["demonym"]
    assert keys_of(linked, "Ukrainian") == ["country/UA"]
    assert keys_of(linked, "American") == ["country/US"]
    assert keys_of(linked, "Filipino") == ["country/PH"]
    assert keys_of(linked, "South Korean") == ["country/KR"]
    assert keys_of(linked, "Chinese") == ["country/CN"]


@pytest.mark.parametrize(("body", "word", "key", "how"), [
    ("The talks covered new sanctions against Moscow.", "Moscow", "country/RU", "metonym"),
    ("The pact has raised concern in Tokyo.", "Tokyo", "country/JP", "metonym"),
    ("Pyongyang sent more troops last month.", "Pyongyang", "country/KP", "metonym"),
    ("The Kremlin said the claims were false.", "Kremlin", "country/RU", "metonym"),
    ("Washington approved the sale.", "Washington", "country/US", "metonym"),
    ("Officials in Seoul said the report was accurate.", "Seoul", "country/KR", "metonym"),
    ("Brussels agreed a new package of measures.", "Brussels", "org/eu", "metonym"),
    ("The minister arrived in Kyiv on Saturday.", "Kyiv", "city/703448", "name"),
    ("The two leaders met in Beijing.", "Beijing", "city/1816670", "name"),
    ("In Washington, the State Department said it was studying the plan.", "Washington",
     "city/4140963", "name"),
])
def test_metonym_or_literal(run, body, word, key, how):
    _, _, linked = run(body)
    assert keys_of(linked, word) == [key]
    assert how_of(linked, word) == [how]


def test_literal_city_is_an_entity(run):
    _, _, linked = run("The minister arrived in Kyiv.")
    assert "city/703448" in linked.entities
    assert [m.entity for m in linked.mentions] == ["city/703448"]
    # The city's state is linked for the graph, though the text never names it.
    assert linked.entities["country/UA"].label == "Ukraine"


def test_region(run):
    _, _, linked = run("Ukrainian forces entered Russia's Kursk border region in August.")
    region = linked.entities["region/kursk"]
    assert (region.label, region.type, region.country) == ("Kursk region", "Region", "RU")
    assert keys_of(linked, "Kursk border region") == ["region/kursk"]


def test_macro_place(run):
    _, _, linked = run("The threat reaches Europe and the Middle East.")
    assert keys_of(linked, "Middle East") == ["region/middle-east"]
    assert linked.entities["region/europe"].type == "Region"


def test_person_with_title_before_and_surname(run):
    _, _, linked = run("Japan's Foreign Minister, Ryo Tanabe, arrived on Monday. "
                       "Tanabe met the press.")
    person = linked.entities["person/ryo-tanabe"]
    assert person.posts == [Post("Foreign Minister", "JP")]
    assert person.country == "JP"
    assert keys_of(linked, "Tanabe") == ["person/ryo-tanabe"]
    assert how_of(linked, "Tanabe") == ["surname"]


def test_person_with_compound_title(run):
    _, _, linked = run("Ukrainian Deputy Foreign Minister Petro Hnatenko welcomed the delegation.")
    person = linked.entities["person/petro-hnatenko"]
    assert person.posts == [Post("Deputy Foreign Minister", "UA")]
    assert person.country == "UA"


def test_person_with_appositive_role_after(run):
    _, _, linked = run("Marco Reyes, the Philippine defence secretary, signed the deal.")
    assert linked.entities["person/marco-reyes"].posts == [Post("Defence Secretary", "PH")]


def test_person_with_org_post(run):
    _, _, linked = run("Laura Jones, the Pentagon's deputy press secretary, briefed reporters.")
    person = linked.entities["person/laura-jones"]
    assert person.posts == [Post("Deputy Press Secretary", "US", "org/us-department-of-defense")]
    assert person.country == "US"


def test_demonym_title_and_definite_description(run):
    _, _, linked = run("German Chancellor Anna Weber visited the base. "
                       "The chancellor praised the troops.")
    assert linked.entities["person/anna-weber"].posts == [Post("Chancellor", "DE")]
    assert keys_of(linked, "The chancellor") == ["person/anna-weber"]
    assert how_of(linked, "The chancellor") == ["title"]


def test_counterpart(run):
    _, _, linked = run("North Korean Foreign Minister Min Song Ok travelled to Moscow. "
                       "She met her Russian counterpart, Ivan Petrov, on Friday.")
    petrov = linked.entities["person/ivan-petrov"]
    assert petrov.posts == [Post("Foreign Minister", "RU")]
    assert petrov.country == "RU"
    assert keys_of(linked, "She") == ["person/min-song-ok"]


def test_pronoun_skips_names_inside_quotes(run):
    _, _, linked = run("Olena Koval spoke to reporters. "
                       "\u201cI do not think Ivan Petrov wants peace,\u201d she said.")
    assert keys_of(linked, "she") == ["person/olena-koval"]


def test_organisations_and_ministries(run):
    _, _, linked = run("Japan's Foreign Ministry and NATO criticised the move. "
                       "The foreign ministry later said more. China's foreign ministry "
                       "disagreed, and the State Department and the Pentagon were silent.")
    jp = linked.entities["org/jp-foreign-ministry"]
    assert (jp.label, jp.country) == ("Japanese Foreign Ministry", "JP")
    assert keys_of(linked, "foreign ministry") == ["org/jp-foreign-ministry",
                                                   "org/cn-foreign-ministry"]
    assert linked.entities["org/nato"].wikidata == "Q7184"
    assert keys_of(linked, "State Department") == ["org/us-department-of-state"]
    assert keys_of(linked, "Pentagon") == ["org/us-department-of-defense"]


def test_intelligence_service_and_anonymous_sources(run):
    _, _, linked = run("Ukraine's intelligence agencies agree, and US intelligence sources "
                       "and Ukrainian officials say so.")
    assert keys_of(linked, "intelligence agencies") == ["org/ua-intelligence"]
    assert keys_of(linked, "US") == ["country/US"]
    assert keys_of(linked, "Ukrainian") == ["country/UA"]


def test_byline_author(run):
    article, _, linked = run("Japan protested.", byline="Jane Roe")
    m = [m for m in linked.mentions if m.entity == "person/jane-roe"][0]
    assert article.text[m.start:m.end] == "Jane Roe"


def test_entity_for_token(run):
    article, doc, linked = run("Sanctions against Moscow grew.")
    assert entity_for_token(linked, article, doc[2]).key == "country/RU"


def test_seed_article(nlp, seed_article):
    from geokg.read.article import read_article

    article = read_article(seed_article)
    linked = link(article, nlp(article.body))
    iwaya = linked.entities["person/takeshi-iwaya"]
    assert iwaya.posts == [Post("Foreign Minister", "JP")]
    assert linked.entities["person/andrii-sybiha"].country == "UA"
    assert set(keys_of(linked, "Iwaya")) == {"person/takeshi-iwaya"}
    assert linked.entities["city/703448"].label == "Kyiv"
    text = article.text

    def key_at(phrase, word):
        start = text.index(phrase) + phrase.index(word)
        return [m.entity for m in linked.at(start, start + len(word))]

    assert key_at("sanctions against Moscow", "Moscow") == ["country/RU"]
    assert key_at("concerns in Tokyo", "Tokyo") == ["country/JP"]
    assert key_at("North Korean troops", "North Korean") == ["country/KP"]
    region = key_at("Kursk border region", "Kursk")
    assert region == ["region/kursk"]
    assert linked.entities["region/kursk"].country == "RU"


DEV = Path("/work/shared/corpus/dev")


@pytest.mark.skipif(not DEV.is_dir(), reason="dev corpus not available")
def test_dev_people(nlp):
    from geokg.read.article import read_article

    def people(name):
        article = read_article(DEV / name)
        return link(article, nlp(article.body)).entities

    dev01 = people("dev01_nk_troops_russia.txt")
    assert dev01["person/choe-son-hui"].country == "KP"
    assert dev01["person/sergei-lavrov"].country == "RU"
    dev02 = people("dev02_japan_philippines_pact.txt")
    assert dev02["person/gilberto-teodoro"].country == "PH"


@pytest.fixture
def link_with_ents(nlp, make_article):
    """Link a body as if the model had labelled exactly these one-word entities."""

    def run(body: str, labels: dict[str, str]):
        article = make_article(body)
        doc = nlp(article.body)
        doc.ents = [Span(doc, t.i, t.i + 1, label=labels[t.text]) for t in doc
                    if t.text in labels]
        return link(article, doc)

    return run


@pytest.mark.parametrize(("body", "name", "key"), [
    ("Shells hit the city of Poltava overnight.", "Poltava", "city/696643"),  # cued
    ("Officials said Kharkiv was calm.", "Kharkiv", "city/706483"),  # large city
    ("Hamas rejected the offer.", "Hamas", "org/hamas"),  # a town's alternate name
])
def test_a_city_the_ner_labels_an_organisation(link_with_ents, body, name, key):
    """Whatever the model says, an ORG span is re-read as the city it names only when
    it is the city's own name and the city is large or the words call it a place."""
    linked = link_with_ents(body, {name: "ORG"})
    assert keys_of(linked, name) == [key]


@pytest.mark.parametrize("body", [
    "The acting governor of the province, Tomas Vrba, declared a state of emergency.",
    "Tomas Vrba, the acting governor of the province, declared a state of emergency.",
])
def test_a_name_the_ner_missed_is_found_beside_its_role(link_with_ents, body):
    linked = link_with_ents(body, {})  # as if the model had seen no entity at all
    assert keys_of(linked, "Tomas Vrba") == ["person/tomas-vrba"]
    assert linked.entities["person/tomas-vrba"].type == "Person"


def test_capitalised_words_beside_a_role_that_are_places_are_not_a_name(link_with_ents):
    linked = link_with_ents("The governor of the region, Kursk Oblast, declared an emergency.", {})
    assert not [e for e in linked.entities.values() if e.type == "Person"]
