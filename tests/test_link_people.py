"""Who is who: office-holders' spellings, places the NER calls people, and people
whose names hold an organisation's name. Invented names throughout; the listed
office-holders come from a fixture, not from people.yaml."""

from __future__ import annotations

import pytest

from geokg.entities import gazetteer as gz
from geokg.entities.link import link

INVENTED_PEOPLE = [
    {"label": "Ivo Marchetti-Kaldor", "country": "AT",
     "aliases": ["Ivo Marketti-Kaldor", "Ivo Marchetti Kaldor"],
     "short": ["Marchetti-Kaldor", "Marketti-Kaldor"]},
    {"label": "Oskar Brenvald", "country": "NO", "short": ["Brenvald"]},
    {"label": "Petra Brenvald", "country": "SE", "short": ["Brenvald"]},  # shared: no one
]


@pytest.fixture
def office_holders(listed_people):
    """The process gazetteer with INVENTED_PEOPLE listed, restored afterwards."""
    return listed_people(INVENTED_PEOPLE)


@pytest.fixture
def run(nlp, make_article):
    """Link a body; `ents` (text -> label) forces the model's entity spans if given."""

    def run(body: str, ents: dict[str, str] | None = None):
        article = make_article(body)
        doc = nlp(article.body)
        if ents is not None:
            spans = []
            for text, label in ents.items():
                start = article.body.rindex(text)  # the last: "Lena X ... X"
                span = doc.char_span(start, start + len(text), label=label)
                assert span is not None, text
                spans.append(span)
            doc.ents = spans
        return link(article, doc)

    return run


def keys_of(linked, text):
    return [m.entity for m in linked.mentions if m.text == text]


def test_every_spelling_of_an_office_holder_is_one_person(office_holders, run):
    linked = run("Ivo Marketti-Kaldor arrived on Monday. Marchetti-Kaldor said talks would "
                 "resume.", {"Ivo Marketti-Kaldor": "PERSON", "Marchetti-Kaldor": "PERSON"})
    assert keys_of(linked, "Ivo Marketti-Kaldor") == ["person/ivo-marchetti-kaldor"]
    assert keys_of(linked, "Marchetti-Kaldor") == ["person/ivo-marchetti-kaldor"]
    person = linked.entities["person/ivo-marchetti-kaldor"]
    assert (person.label, person.type) == ("Ivo Marchetti-Kaldor", "Person")
    assert person.aliases == {"Ivo Marketti-Kaldor"}


def test_a_bare_name_alone_is_the_office_holder(office_holders, run):
    linked = run("Marketti-Kaldor said the border would stay open.",
                 {"Marketti-Kaldor": "PERSON"})
    assert keys_of(linked, "Marketti-Kaldor") == ["person/ivo-marchetti-kaldor"]


def test_a_bare_name_two_office_holders_share_names_neither(office_holders, run):
    linked = run("Brenvald said the border would stay open.", {"Brenvald": "PERSON"})
    assert keys_of(linked, "Brenvald") == ["person/brenvald"]


def test_the_article_own_person_wins_over_the_list(office_holders, run):
    """A bare name goes to the person the article named first, listed or not."""
    linked = run("Lena Marchetti-Kaldor, a farmer, spoke first. Later Marchetti-Kaldor left.",
                 {"Lena Marchetti-Kaldor": "PERSON", "Marchetti-Kaldor": "PERSON"})
    assert keys_of(linked, "Marchetti-Kaldor") == ["person/lena-marchetti-kaldor"]


def test_an_office_holder_the_ner_calls_an_organisation_is_the_person(office_holders, run):
    linked = run("He was received by President Ivo Marchetti Kaldor in the capital.",
                 {"Ivo Marchetti Kaldor": "ORG"})
    assert keys_of(linked, "Ivo Marchetti Kaldor") == ["person/ivo-marchetti-kaldor"]


def test_unknown_name_after_a_title_that_the_ner_calls_an_organisation(run):
    linked = run("He was received by President Tamo Ridvanek in the capital.",
                 {"Tamo Ridvanek": "ORG"})
    assert keys_of(linked, "Tamo Ridvanek") == ["person/tamo-ridvanek"]
    assert linked.entities["person/tamo-ridvanek"].type == "Person"


def test_a_first_name_the_ner_left_out_of_an_organisation_span(run):
    """"President Tamo [Ridvanek]": the NER tags the surname alone, as an ORG."""
    linked = run("He was received by President Tamo Ridvanek in the capital.",
                 {"Ridvanek": "ORG"})
    assert keys_of(linked, "Tamo Ridvanek") == ["person/tamo-ridvanek"]
    assert keys_of(linked, "Ridvanek") == []


@pytest.mark.parametrize(("body", "name"), [
    ("Two bases are being built near the villages of Velmora and Sarsk.", "Velmora"),
    ("Shells landed near Velmora on Monday night.", "Velmora"),
    ("Fighters overran Velmora, a sprawling camp for displaced people.", "Velmora"),
    ("Police sealed off the complex in the Velmora district.", "Velmora"),
])
def test_a_name_the_words_call_a_place_is_no_person(run, body, name):
    linked = run(body, {name: "PERSON"})
    assert keys_of(linked, name) == ["place/velmora"]
    assert linked.entities["place/velmora"].type == "Place"
    assert not [e for e in linked.entities.values() if e.type == "Person"]


def test_a_city_the_gazetteer_knows_is_no_person(run):
    linked = run("Refugees said Poltava was calm.", {"Poltava": "PERSON"})
    assert keys_of(linked, "Poltava") == ["city/696643"]


def test_a_person_beside_a_place_stays_a_person(run):
    """"In X, NAME, commander of ...": the parser may chain NAME to the place."""
    linked = run("In Syria, Dilan Korvash, commander of the rebel forces, said the town fell.",
                 {"Syria": "GPE", "Dilan Korvash": "PERSON"})
    assert keys_of(linked, "Dilan Korvash") == ["person/dilan-korvash"]


@pytest.mark.parametrize(("body", "name", "org"), [
    ("The envoy, Klaus Wagner, said on Monday that talks had failed.", "Klaus Wagner", "Wagner"),
    ("Ambassador Laura Nato arrived in the capital on Monday.", "Laura Nato", "Nato"),
])
def test_a_person_whose_name_ends_in_an_organisation_name(run, body, name, org):
    """The gazetteer ruler marks the organisation's one-word name; the first name before
    it makes the whole a person, and the organisation is not mentioned."""
    linked = run(body)
    key = f"person/{gz.slug(name)}"
    assert keys_of(linked, name) == [key]
    assert linked.entities[key].type == "Person"
    assert keys_of(linked, org) == []


# ---- across articles ---------------------------------------------------------


def _result(doc_id: str, people: dict[str, tuple[str, str | None]], actors: list[str]):
    from pathlib import Path

    from geokg.model import Article, ArticleResult, Entity, Event, Linked, Mention

    article = Article(path=Path(f"{doc_id}.txt"), doc_id=doc_id, text="x", headline="x",
                      body_start=0, body_end=1)
    linked = Linked()
    for key, (label, country) in people.items():
        linked.entities[key] = Entity(key, label, "Person", country=country)
        linked.mentions.append(Mention(key, 0, 1, label.split()[-1], "name"))
    return ArticleResult(article, linked, [Event("Statement", actors=actors)])


def test_a_bare_name_takes_the_full_name_another_article_gives():
    from geokg.entities.link import unify_people

    full = _result("a", {"person/daniel-okafor": ("Daniel Okafor", "NG")},
                   ["person/daniel-okafor"])
    bare = _result("b", {"person/okafor": ("Okafor", None)}, ["person/okafor"])
    assert unify_people([full, bare]) == {"person/okafor": "person/daniel-okafor"}
    person = bare.linked.entities["person/daniel-okafor"]
    assert (person.label, person.country, person.aliases) == ("Daniel Okafor", "NG", {"Okafor"})
    assert "person/okafor" not in bare.linked.entities
    assert [m.entity for m in bare.linked.mentions] == ["person/daniel-okafor"]
    assert bare.events[0].actors == ["person/daniel-okafor"]


@pytest.mark.parametrize("others", [
    # two full names end in it: the bare name stays on its own
    {"person/daniel-okafor": ("Daniel Okafor", "NG"),
     "person/grace-okafor": ("Grace Okafor", "NG")},
    # the only full name is of another state than the bare name's post
    {"person/daniel-okafor": ("Daniel Okafor", "GH")},
])
def test_a_bare_name_is_not_guessed(others):
    from geokg.entities.link import unify_people

    full = _result("a", others, [])
    bare = _result("b", {"person/okafor": ("Okafor", "NG")}, ["person/okafor"])
    assert unify_people([full, bare]) == {}
    assert bare.events[0].actors == ["person/okafor"]


def _names(*people: tuple[str, str, str | None]):
    from geokg.entities.link import PersonName

    return [PersonName(*p) for p in people]


def test_spellings_of_one_full_name_across_articles_are_one_person():
    """Accents and letters Unicode does not decompose fold alike; the fullest name wins."""
    from geokg.entities.link import PersonName, people_moves

    moves = people_moves([
        _names(("person/selin-aydin", "Selin Aydın", "TR")),
        _names(("person/selin-aydin", "Selin Aydin", None)),
        _names(("person/tomas-vrba", "Tomas Vrba", None),
               ("person/tomas-j-vrba", "Tomas J. Vrba", "CZ")),
        _names(("person/ruben-oduya", "Ruben Oduya", None)),
        _names(("person/ruben-oduya-jr", "Ruben Oduya Jr.", None)),
    ])
    assert moves == [
        {},
        {"person/selin-aydin": PersonName("person/selin-aydin", "Selin Aydın", "TR")},
        {"person/tomas-vrba": PersonName("person/tomas-j-vrba", "Tomas J. Vrba", "CZ")},
        {"person/ruben-oduya": PersonName("person/ruben-oduya-jr", "Ruben Oduya Jr.", None)},
        {},
    ]


@pytest.mark.parametrize("people", [
    # two middle names that differ: two people (a father and his son)
    [("person/george-h-w-halden", "George H. W. Halden", None),
     ("person/george-w-halden", "George W. Halden", None)],
    # one name, two states: two people
    [("person/ana-petrova", "Ana Petrova", "BG"), ("person/ana-petrova", "Ana Petrová", "CZ")],
])
def test_full_names_that_may_be_two_people_stay_apart(people):
    from geokg.entities.link import people_moves

    assert people_moves([_names(p) for p in people]) == [{}, {}]


def test_the_office_holder_list_names_the_person(office_holders):
    """A listed spelling decides which of two spellings of the run is the label."""
    from geokg.entities.link import PersonName, people_moves

    listed = ("person/oskar-brenvald", "Oskar Brenvald", None)
    moves = people_moves([_names(("person/oskar-j-brenvald", "Oskar J. Brenvald", None)),
                          _names(listed)])
    assert moves == [{"person/oskar-j-brenvald": PersonName(*listed)}, {}]


def test_a_person_moved_onto_one_the_article_has_adds_its_names():
    """"Déby" left on its own beside "Mahamat Idriss Déby" of the same article."""
    from geokg.entities.link import unify_people

    both = _result("a", {"person/mahamat-idriss-deby": ("Mahamat Idriss Déby", "TD"),
                         "person/deby": ("Déby", None)}, ["person/deby"])
    assert unify_people([both]) == {"person/deby": "person/mahamat-idriss-deby"}
    assert list(both.linked.entities) == ["person/mahamat-idriss-deby"]
    assert both.linked.entities["person/mahamat-idriss-deby"].aliases == {"Déby"}
    assert both.events[0].actors == ["person/mahamat-idriss-deby"]


@pytest.mark.parametrize("body", [
    "Sheikh Hamid Sheikh Nuur said on Monday that the talks had failed.",
    "Somali Prime Minister Sheikh Hamid Sheikh Nuur met Kenyan officials on Monday.",
])
def test_a_name_that_repeats_an_honorific_is_one_person(run, body):
    """"Sheikh Hamid Sheikh Nuur": the inner honorific is part of the name, and the
    honorific alone is nobody's surname."""
    linked = run(body, {"Sheikh Hamid": "PERSON", "Nuur": "PERSON"})
    people = [(m.text, m.how) for m in linked.mentions if m.entity.startswith("person/")]
    assert people == [("Hamid Sheikh Nuur", "name")]


def test_a_counterpart_takes_the_role_of_a_listed_person_named_before(office_holders, run):
    """Titles are read in text order: "his Danish counterpart X" needs the role of the
    person named before, though longer names are linked first."""
    linked = run("Norwegian Foreign Minister Oskar Brenvald met his Danish counterpart Lars "
                 "Peter Holm in Oslo.")
    holm = linked.entities[keys_of(linked, "Lars Peter Holm")[0]]
    assert (holm.country, [p.role for p in holm.posts]) == ("DK", ["Foreign Minister"])


def test_a_common_noun_opening_a_sentence_is_no_person(run):
    """The NER may call a capitalised plural at the start a name; the article writes it
    in lower case elsewhere, so it is a common noun."""
    linked = run("Militias attacked a police post on Sunday. Police fought the militias for "
                 "hours, Chilean officials said.", {"Militias": "PERSON"})
    assert not [k for k in linked.entities if k.startswith("person/")]


def test_an_organisation_name_cut_at_a_preposition_takes_the_place_after(run):
    """The NER may end a name at "in" and call the rest a place: "the Kora Resistance
    in | Peru" is one organisation (names do not end in a preposition)."""
    linked = run("The attack was claimed by the Kora Resistance in Peru on Monday.",
                 {"Kora Resistance in": "ORG", "Peru": "GPE"})
    assert keys_of(linked, "Kora Resistance in Peru") == ["org/kora-resistance-in-peru"]
    assert not keys_of(linked, "Peru")


def test_a_text_without_any_name_links_nothing(run):
    assert run("Nothing of note happened that day.").mentions == []
