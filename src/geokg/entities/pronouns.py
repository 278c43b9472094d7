"""Linking "he", "she", "him", "her": the linker's use of the reference layer's
pronoun pass (geokg.entities.references.salience.person_antecedent), over the
people earlier passes named, with the gender their titles show ("Mr", "Queen").

Separate from the names so that titles can ask it too: "her Russian counterpart"
holds the role of the person "her" refers to (geokg.entities.posts).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from geokg.entities.references.features import pronoun_features, title_gender, words
from geokg.entities.references.salience import PERSON_WINDOW, person_antecedent
from geokg.entities.state import LinkState
from geokg.language.memo import lower_words
from geokg.language.sentences import SentenceIndex


def link_pronouns(state: LinkState) -> None:
    genders = person_genders(state)
    personal = {w for w in words()["pronouns"] if denotes_a_person(w)}  # asked once
    for i, lower in enumerate(lower_words(state.doc)):
        if i in state.by_token or lower not in personal:
            continue
        tok = state.doc[i]
        if tok.pos_ != "PRON":
            continue
        key = person_antecedent(state.doc, tok, _in_window(state, tok), genders)
        if key:
            state.mention(key, tok.i, tok.i + 1, "pronoun")


def denotes_a_person(word: str) -> bool:
    """"he", "her", "his": a pronoun data/references.yaml lets denote a person."""
    features = pronoun_features(word)
    return features is not None and "person" in features.kinds


def antecedent(state: LinkState, pronoun: Token) -> str | None:
    """The person a pronoun denotes (see person_antecedent)."""
    return person_antecedent(state.doc, pronoun, _in_window(state, pronoun),
                             person_genders(state))


def _in_window(state: LinkState, pronoun: Token) -> list[tuple[int, str]]:
    """The people named in the pronoun's window (its sentence and the PERSON_WINDOW
    before), which are all person_antecedent may choose from: looked up, not scanned."""
    index = SentenceIndex.of(state.doc)
    start = index.sentences[max(0, index.number(pronoun) - PERSON_WINDOW)].start
    return _PEOPLE.between(state.person_tokens, start, pronoun.i)


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


def person_genders(state: LinkState) -> dict[str, str]:
    """The gender a title before a person's name shows ("Mr Okoro": male); a person
    whose titles disagree has none."""
    found: dict[str, set[str]] = {}
    for tok_i, key in state.person_tokens:
        if state.how_by_token.get(tok_i) not in ("name", "surname"):
            continue
        start = tok_i
        while start > 0 and state.by_token.get(start - 1) == key:
            start -= 1
        if start > 0 and (gender := title_gender(state.doc[start - 1].text)):
            found.setdefault(key, set()).add(gender)
    return {key: next(iter(g)) for key, g in found.items() if len(g) == 1}
