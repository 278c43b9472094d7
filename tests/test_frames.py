"""The predicate–argument layer: one role per participant, whatever the syntax.

Each case is a sentence written for the test; the assertion is the exact
words that fill a role of the predicate, so voice, control, relative clauses,
phrasal verbs, containers and support verbs are shown normalised once for
every event type.
"""

from __future__ import annotations

import pytest

from geokg.language.frames import content_head, lemma_key, role_tokens


@pytest.fixture
def token_of(nlp):
    def find(text: str, word: str):
        doc = nlp(text)
        return next(t for t in doc if t.text == word)

    return find


def words(tokens) -> list[str]:
    return [t.text for t in tokens]


def test_active_and_passive_give_the_same_agent_and_patient(token_of):
    active = token_of("The emir received the envoy in Doha.", "received")
    passive = token_of("The envoy was received by the emir in Doha.", "received")
    for verb in (active, passive):
        assert words(role_tokens(verb, "agent")) == ["emir"]
        assert words(role_tokens(verb, "patient")) == ["envoy"]


def test_a_passive_participle_has_its_noun_as_patient(token_of):
    verb = token_of("Helicopters sent by the army crossed the river.", "sent")
    assert words(role_tokens(verb, "patient")) == ["Helicopters"]
    assert words(role_tokens(verb, "agent")) == ["army"]


def test_control_verbs_lend_their_subject_to_the_infinitive(token_of):
    verb = token_of("Ghana agreed to withdraw its troops.", "withdraw")
    assert words(role_tokens(verb, "agent")) == ["Ghana"]


def test_a_relative_clause_object_is_its_antecedent(token_of):
    verb = token_of("The treaty that Peru and Chile signed expired.", "signed")
    assert words(role_tokens(verb, "patient")) == ["treaty"]


def test_a_noun_takes_agent_and_prepositions_from_its_support_verb(token_of):
    noun = token_of("Russia launched an offensive on the town.", "offensive")
    support = frozenset({"launch"})
    assert words(role_tokens(noun, "agent", support)) == ["Russia"]
    assert words(role_tokens(noun, "prep:on", support)) == ["town"]
    # a verb that is not a declared support verb lends nothing
    assert role_tokens(noun, "agent", frozenset({"mount"})) == []


def test_a_passive_support_verb_lends_its_by_phrase(token_of):
    noun = token_of("The attack was launched by rebels.", "attack")
    assert words(role_tokens(noun, "agent", frozenset({"launch"}))) == ["rebels"]


def test_phrasal_verbs_are_predicates_of_their_own(token_of):
    assert lemma_key(token_of("The leaders signed off on the plan.", "signed")) == "sign off"
    assert lemma_key(token_of("Rebels took over the airport.", "took")) == "take over"
    assert lemma_key(token_of("The leaders signed the plan.", "signed")) == "sign"


def test_containers_are_read_through(token_of):
    doc_token = token_of("Troops fired dozens of rockets.", "dozens")
    assert content_head(doc_token).text == "rockets"


def test_a_call_takes_its_participants_from_the_verb_it_modifies(token_of):
    noun = token_of("Ruto thanked Vidal in a telephone call.", "call")
    assert words(role_tokens(noun, "support_agent")) == ["Ruto"]
    assert words(role_tokens(noun, "support_patient")) == ["Vidal"]
