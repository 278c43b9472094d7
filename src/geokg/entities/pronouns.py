"""Linking "he", "she", "him", "her": the linker's use of the reference layer's
pronoun pass (geokg.entities.references.salience.person_antecedent), over the
people earlier passes named, with the gender their titles show ("Mr", "Queen").

Separate from the names so that titles can ask it too: "her Russian counterpart"
holds the role of the person "her" refers to (geokg.entities.posts).
"""

from __future__ import annotations

from spacy.tokens import Token

from geokg.entities.references.features import title_gender
from geokg.entities.references.salience import person_antecedent
from geokg.entities.state import LinkState

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}


def link_pronouns(state: LinkState) -> None:
    genders = person_genders(state)
    for tok in state.doc:
        if tok.i in state.by_token or tok.lower_ not in PERSON_PRONOUNS or tok.pos_ != "PRON":
            continue
        key = person_antecedent(state.doc, tok, state.person_tokens, genders)
        if key:
            state.mention(key, tok.i, tok.i + 1, "pronoun")


def antecedent(state: LinkState, pronoun: Token) -> str | None:
    """The person a pronoun denotes (see person_antecedent)."""
    return person_antecedent(state.doc, pronoun, state.person_tokens, person_genders(state))


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
