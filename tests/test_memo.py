"""Answers kept on a parsed doc (geokg.language.memo): computed once, never shared.

The extraction asks the same questions of the same words for every rule of a
lemma; these tests count how often an answer is worked out (not how long it
takes), and check that a kept answer is the one spaCy gives and belongs to its
own doc only.
"""

from __future__ import annotations

from geokg.language.memo import (
    doc_text,
    entities,
    indices_where,
    lower_lemmas,
    lower_words,
    per_token,
)
from geokg.language.sentences import sentence_of, sentence_text
from geokg.language.syntax import prep_objects

TEXT = ("The minister flew to Kyiv on Monday. She met officials of Ukraine in the city, "
        "and NATO sent 300 troops to Poland.")


def test_an_answer_is_worked_out_once_per_token_and_arguments(nlp):
    calls: list[tuple[int, str]] = []

    @per_token
    def tagged(token, suffix: str) -> list[str]:
        calls.append((token.i, suffix))
        return [token.text + suffix]

    doc = nlp(TEXT)
    for _ in range(3):
        for token in doc:
            tagged(token, "!")
    assert len(calls) == len(doc)  # once per token, however often asked
    tagged(doc[0], "?")
    assert len(calls) == len(doc) + 1  # other arguments, another answer


def test_a_list_answer_is_a_fresh_copy(nlp):
    @per_token
    def words(token) -> list[str]:
        return [token.text]

    doc = nlp(TEXT)
    first = words(doc[1])
    first.append("changed")
    assert words(doc[1]) == ["minister"]


def test_answers_belong_to_their_doc(nlp):
    @per_token
    def text_of(token) -> str:
        return token.text

    one, other = nlp("Russia attacked Kyiv."), nlp("France hosted talks.")
    assert text_of(one[0]) == "Russia"
    assert text_of(other[0]) == "France"  # same index, another doc


def test_the_doc_lists_are_the_tokens_attributes(nlp):
    doc = nlp(TEXT)
    assert lower_words(doc) == tuple(t.lower_ for t in doc)
    assert lower_lemmas(doc) == tuple(t.lemma_.lower() for t in doc)
    assert indices_where(doc, "POS", "PROPN") == [t.i for t in doc if t.pos_ == "PROPN"]
    assert indices_where(doc, "DEP", "prep") == [t.i for t in doc if t.dep_ == "prep"]
    assert [(e.start, e.end, e.label_) for e in entities(doc)] == [
        (e.start, e.end, e.label_) for e in doc.ents]
    assert doc_text(doc) == doc.text
    assert all(sentence_text(t) == sentence_of(t).text for t in doc)


def test_prep_objects_reads_the_children_once_per_token(nlp):
    doc = nlp(TEXT)
    preps = ("to", "in", "of", "with", "on")
    found = {(t.i, p): [w.text for w in prep_objects(t, p)] for t in doc for p in preps}
    assert found[(next(t.i for t in doc if t.text == "sent"), "to")] == ["Poland"]
    read = doc.user_data["geokg.memo.geokg.language.syntax._prep_children"]
    # every token's children read at most once, though asked for each preposition
    assert len(read) <= len(doc) < len(doc) * len(preps)
