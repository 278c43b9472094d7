"""Linking "he", "she", "him", "her": a pronoun is the most recent person who is
a subject nearby (`antecedent`), found among the people earlier passes named.

Separate from the names so that titles can ask it too: "her Russian counterpart"
holds the role of the person "her" refers to (geokg.entities.posts).
"""

from __future__ import annotations

import bisect

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
    for tok_i, key in _PEOPLE.between(state.person_tokens, window_start, pronoun.i):
        tok = state.doc[tok_i]
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


class _PeopleByToken:
    """A LinkState's person_tokens sorted by token, so that a pronoun looks only at the
    people of its window (three sentences), not at every person of the article.

    The linker only ever appends to person_tokens (LinkState.mention), pronouns'
    own mentions among them, so the index takes in what was appended since it
    last looked; a list it has not seen, or one that shrank, is indexed anew.
    `inspected` counts the people looked at (tests/test_link_scale.py).
    """

    inspected = 0

    def __init__(self) -> None:
        self.source: list[tuple[int, str]] | None = None
        self.seen = 0
        self.ordered: list[tuple[int, str]] = []

    def between(self, people: list[tuple[int, str]], start: int, end: int
                ) -> list[tuple[int, str]]:
        """The (token, key) pairs of `people` with start <= token < end, by token."""
        if people is not self.source or len(people) < self.seen:
            self.source, self.seen, self.ordered = people, 0, []
        for item in people[self.seen:]:
            bisect.insort(self.ordered, item)
        self.seen = len(people)
        found = self.ordered[bisect.bisect_left(self.ordered, (start,)):
                             bisect.bisect_left(self.ordered, (end,))]
        _PeopleByToken.inspected += len(found)
        return found


_PEOPLE = _PeopleByToken()


def _inside_quote(tok: Token, sentence: Span) -> bool:
    before = tok.doc[sentence.start:tok.i].text
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1
