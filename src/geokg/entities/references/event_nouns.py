"""Event nouns that refer back: "that attack", "this meeting" denotes the attack or
meeting told just before ("an air strike that levelled the consulate ... Israel has
not confirmed carrying out that attack"), which lends it what it leaves unsaid.

The demonstrative's antecedent is the latest noun of the same event words (the
rule's lemmas) in its sentence or the one before that is not itself
demonstrative: a noun-head match, the sieve's head pass for events.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Token

from geokg.language.sentences import sentence_of

DEMONSTRATIVES = ("that", "this")


def demonstrative(noun: Token) -> bool:
    """"that attack", "this meeting"."""
    return any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in noun.children)


def event_antecedent(noun: Token, lemmas: Collection[str]) -> Token | None:
    """The event noun a demonstrative one refers back to, or None."""
    if not demonstrative(noun):
        return None
    doc = noun.doc
    sentence = sentence_of(noun)
    start = sentence_of(doc[sentence.start - 1]).start if sentence.start else 0
    earlier = [t for t in doc[start:noun.i] if t.pos_ == "NOUN"
               and t.lemma_.lower() in lemmas and not demonstrative(t)]
    return earlier[-1] if earlier else None
