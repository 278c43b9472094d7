"""Linking "he", "she", "him", "her": a pronoun is the most recent person who is
a subject nearby (`antecedent`), found among the people earlier passes named.

Separate from the names so that titles can ask it too: "her Russian counterpart"
holds the role of the person "her" refers to (geokg.entities.posts).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from geokg.entities.state import LinkState
from geokg.language.sentences import SentenceIndex

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def link_pronouns(state: LinkState) -> None:
    for tok in state.doc:
        if tok.i in state.by_token or tok.lower_ not in PERSON_PRONOUNS or tok.pos_ != "PRON":
            continue
        key = antecedent(state, tok)
        if key:
            state.mention(key, tok.i, tok.i + 1, "pronoun")


def antecedent(state: LinkState, pronoun: Token) -> str | None:
    """Most recent person subject: any in this sentence, main-clause ones in the two
    before; never the subject of an object pronoun's own verb ("Putin received him"
    is not Putin receiving Putin)."""
    index = SentenceIndex.of(state.doc)
    idx = index.number(pronoun)
    window_start = index.sentences[max(0, idx - 2)].start
    own_verb = pronoun.head if pronoun.dep_ in ("dobj", "dative", "pobj") else None
    best: tuple[int, str] | None = None
    for tok_i, key in state.person_tokens:
        tok = state.doc[tok_i]
        if not (window_start <= tok_i < pronoun.i):
            continue
        if tok.dep_ in {"compound", "appos"}:
            tok = tok.head
        # Subjects of a sentence's main verb only: not "Putin" in '"I think Putin wants..."'.
        sentence = index.sentence(tok)
        if _inside_quote(tok, sentence):
            continue  # a name inside a quotation is not who says it
        same_sentence = sentence.start == index.sentences[idx].start
        if own_verb is not None and tok.head.i == own_verb.i:
            continue
        if tok.dep_ in SUBJECT_DEPS and (same_sentence or tok.head == sentence.root):
            best = max(best or (tok_i, key), (tok_i, key))
    return best[1] if best else None


def _inside_quote(tok: Token, sentence: Span) -> bool:
    before = tok.doc[sentence.start:tok.i].text
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1
