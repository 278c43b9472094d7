"""The reference layer (geokg.entities.references): each pass of the sieve with
invented sentences and names, and the traps (a mediator is not one of "the two
sides"; "he" across a quote; "it" for a state and "it" for a thing; a
description with no antecedent stays unresolved)."""

from __future__ import annotations

import pytest

from geokg.entities import gazetteer as gz
from geokg.entities.link import link
from geokg.entities.references import headline_speaker
from geokg.events.context import Context, resolve_pronoun
from geokg.events.participants import referents

INVENTED_PEOPLE = [{"label": "Ana Velorin", "country": "CL", "short": ["Velorin"]}]


@pytest.fixture
def office_holders(listed_people):
    """The process gazetteer with INVENTED_PEOPLE listed, restored afterwards."""
    return listed_people(INVENTED_PEOPLE)


@pytest.fixture
def context(nlp, make_article):
    """The event passes' view of a linked body (headline optional)."""

    def build(body: str, headline: str = "Headline") -> Context:
        article = make_article(body, headline=headline)
        doc = nlp(article.body)
        return Context.build(article, doc, link(article, doc))

    return build


def nth(ctx: Context, word: str, n: int = 0):
    return [t for t in ctx.doc if t.text == word][n]


def labels(ctx: Context, keys: list[str]) -> list[str]:
    return [ctx.linked.entities[k].label for k in keys]


def denoted(ctx: Context, word: str, n: int = 0) -> list[str]:
    """Labels of what the n-th occurrence of a word denotes, by mention or pronoun."""
    token = nth(ctx, word, n)
    keys = [m.entity for m in ctx.by_token.get(token.i, ())] or resolve_pronoun(ctx, token)
    return labels(ctx, keys)


# ---- first person --------------------------------------------------------------


def test_a_statement_headline_names_its_speaker_without_titles():
    roles = gz.load().roles.heads | gz.load().roles.modifiers
    assert headline_speaker("Statement by President Ana Velorin on the Harbour Accord",
                            roles) == "Ana Velorin"
    assert headline_speaker("Remarks by Velorin at the Port Summit", roles) == "Velorin"
    assert headline_speaker("Velorin welcomes the accord", roles) is None


def test_i_is_the_headline_speaker_and_we_her_state(office_holders, context):
    ctx = context("I welcome the accord signed today. During my visit to Peru we "
                  "discussed the fishing quotas.",
                  headline="Statement by President Velorin on the Harbour Accord")
    assert denoted(ctx, "I") == ["Ana Velorin"]
    assert denoted(ctx, "my") == ["Ana Velorin"]
    assert denoted(ctx, "we") == ["Chile"]


def test_first_person_inside_a_quote_and_before_a_title_is_left(office_holders, context):
    ctx = context('My envoy, Tomas Rendal, met them. "We will not sign," he said.',
                  headline="Statement by President Velorin on the Harbour Accord")
    assert denoted(ctx, "My") == []  # the envoy's office, not a participant
    assert denoted(ctx, "We") == []  # someone else's words


def test_no_speaker_no_first_person(context):
    ctx = context("I welcome the accord signed today.", headline="Ports reopen")
    assert denoted(ctx, "I") == []


# ---- person pronouns -----------------------------------------------------------


def test_he_across_a_quote_is_the_speaker_not_the_quoted_name(context):
    ctx = context('Tavo Lenner spoke in Lima on Monday. "Dario Vesk must resign," he said.')
    assert denoted(ctx, "he") == ["Tavo Lenner"]


def test_she_does_not_take_the_man_named_last(context):
    ctx = context("Prime Minister Helena Varga opened the session. Mr Tavo Lenner spoke next. "
                  "Then she closed the session.")
    assert denoted(ctx, "she") == ["Helena Varga"]


# ---- states and bodies ---------------------------------------------------------


def test_it_is_the_state_that_was_the_subject_before(context):
    ctx = context("Portugal announced new tariffs on Monday. It said they would last a year.")
    assert denoted(ctx, "It") == ["Portugal"]


def test_it_after_a_thing_is_that_thing_not_a_state(context):
    ctx = context("Portugal signed the accord on Monday. The accord enters into force in "
                  "May. It covers fishing.")
    assert denoted(ctx, "It") == []


def test_it_after_a_thing_takes_the_state_of_its_clause(context):
    ctx = context("The raid came as Chile pressed its air campaign. Overnight it fired "
                  "forty rockets at the port.")
    assert denoted(ctx, "it") == ["Chile"]


def test_they_is_every_state_of_a_coordinated_subject(context):
    ctx = context("Chile and Peru signed a fishing pact on Monday. They said it would "
                  "last a decade.")
    assert sorted(denoted(ctx, "They")) == ["Chile", "Peru"]


def test_its_is_the_subject_of_its_own_clause(context):
    ctx = context("Chile said on Monday that Peru had recalled its ambassador.")
    assert denoted(ctx, "its") == ["Peru"]


# ---- descriptions --------------------------------------------------------------


@pytest.mark.parametrize("told", [
    "Chile and Peru held talks mediated by Brazil on Monday.",
    "Brazil hosted talks between Chile and Peru on Monday.",
    "Chile and Peru met on Monday. Brazil, the mediator, said little.",
])
def test_the_two_sides_are_not_the_mediator_or_host(context, told):
    ctx = context(told + " The two sides agreed to a truce.")
    sides = nth(ctx, "sides")
    assert sorted(labels(ctx, referents(sides, ctx, set()))) == ["Chile", "Peru"]


def test_a_description_with_no_antecedent_stays_unresolved(context):
    ctx = context("The two leaders agreed to a truce on Monday.")
    assert referents(nth(ctx, "leaders"), ctx, set()) == []


def test_he_after_a_quote_can_be_a_passive_agent(context):
    ctx = context('The plan was criticised by Tavo Lenner, a member of parliament. '
                  '"We reject it," he said.')
    assert denoted(ctx, "he") == ["Tavo Lenner"]


def test_they_after_a_group_subject_is_its_owner_not_an_earlier_state(context):
    ctx = context("Chile sent an envoy on Monday. Tavo Lenner's fighters have taken the "
                  "port since they began their push in May.")
    assert denoted(ctx, "they") == ["Tavo Lenner"]


def test_the_president_of_a_state_is_its_listed_leader(office_holders, context):
    ctx = context("Ana Velorin spoke to reporters in Santiago. The President of Chile "
                  "said the port would reopen.")
    assert denoted(ctx, "President") == ["Ana Velorin"]


def test_both_countries_are_the_leaders_states_not_a_setting(office_holders, context):
    ctx = context("Chile reopened its port on Friday. Ana Velorin called Peru's president "
                  "on Monday. Both praised the talks in Bolivia. The navies of both "
                  "countries will hold drills.")
    countries = nth(ctx, "countries")
    assert sorted(labels(ctx, referents(countries, ctx, set()))) == ["Chile", "Peru"]


def test_the_delegation_is_the_one_named_before(context):
    ctx = context("A Chilean delegation visited Lima on Monday. On Tuesday the "
                  "delegation met farmers.")
    assert labels(ctx, referents(nth(ctx, "delegation", 1), ctx, set())) == ["Chile"]


def test_a_description_of_a_ship_with_no_antecedent_stays_unresolved(context):
    ctx = context("Chile hosted the summit. The frigate left port on Monday.")
    assert referents(nth(ctx, "frigate"), ctx, set()) == []


def test_they_after_several_people_is_those_people(context):
    ctx = context("Tavo Lenner and Dario Vesk flew to Lima on Monday. There they met "
                  "farmers.")
    assert sorted(denoted(ctx, "they")) == ["Dario Vesk", "Tavo Lenner"]


def test_a_subject_event_noun_does_not_denote_its_goal(context):
    ctx = context("Peru recalled its envoy. This visit to Chile was the last leg. "
                  "Then they met farmers.")
    assert denoted(ctx, "they") == ["Peru"]


def test_role_apposition_is_the_named_person(context):
    ctx = context("An envoy from Chile, Tavo Lenner, met farmers in Lima on Monday.")
    envoy = nth(ctx, "envoy")
    from geokg.events.participants import appositive_name
    assert labels(ctx, ctx.keys_in(appositive_name(envoy, ctx))) == ["Tavo Lenner"]


def test_it_after_an_instrument_is_its_issuer(context):
    ctx = context("Portugal drafted new sanctions on Monday. The package is the third "
                  "this year. It would freeze the assets of forty firms.")
    assert denoted(ctx, "It") == ["Portugal"]


# ---------------------------------------------------------------- in the graph

ITSRDF = "http://www.w3.org/2005/11/its/rdf#"
GK = "https://w3id.org/geokg/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


def _references(graph) -> set[tuple[str, str, frozenset[str]]]:
    """(words, kind, labels of the entities denoted) of each gk:Reference."""
    from rdflib import RDF, RDFS, URIRef

    found = set()
    for node in graph.subjects(RDF.type, URIRef(GK + "Reference")):
        words = str(graph.value(node, URIRef(NIF + "anchorOf")))
        kind = str(graph.value(node, URIRef(GK + "referenceKind")))
        labels = frozenset(str(graph.value(e, RDFS.label))
                           for e in graph.objects(node, URIRef(ITSRDF + "taIdentRef")))
        found.add((words, kind, labels))
    return found


def test_the_graph_says_whom_a_pronoun_and_a_group_description_denote():
    from geokg.api import analyse

    analysis = analyse(
        "Talks in Paris\n"
        "Ruritanian President Anton Kovar arrived in Paris on Monday. He met French "
        "President Emmanuel Macron on Tuesday. The two leaders signed a trade pact.",
        published="2025-03-04")
    assert _references(analysis.graph) == {
        ("He", "pronoun", frozenset({"Anton Kovar"})),
        ("The two leaders", "description", frozenset({"Anton Kovar", "Emmanuel Macron"})),
    }
    offsets = {(m.text, m.start, m.end, m.how) for m in analysis.result.linked.mentions
               if m.how == "description"}
    text = analysis.result.article.text
    assert offsets == {("The two leaders", text.index("The two leaders"),
                        text.index("The two leaders") + 15, "description")}


def test_a_reference_in_no_event_is_not_written():
    """"He" names Kovar, but the sentence states no event: no gk:Reference."""
    from geokg.api import analyse

    analysis = analyse(
        "Kovar at home\nRuritanian President Anton Kovar met Emmanuel Macron on Monday. "
        "He likes long walks.", published="2025-03-04")
    assert _references(analysis.graph) == set()
