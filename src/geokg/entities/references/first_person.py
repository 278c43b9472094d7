"""First person in official texts: the speaker a headline names is "I", and "we"
is the speaker's state ("Statement by President X on ...": "I welcome ...",
"during my recent visit", "we urge the parties").

A pass of the linker (run after the names), so that every event pass sees "I"
and "we" as mentions of the speaker and the state, with their offsets. Words
inside quotation marks are someone else's and are left alone, and so is a text
whose headline names no speaker the article or the office-holders' list knows.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from geokg.entities.references.features import first_person, inside_quote, words
from geokg.entities.state import LinkState
from geokg.language.sentences import SentenceIndex
from geokg.model import PERSON


def headline_speaker(headline: str, roles: frozenset[str]) -> str | None:
    """The name of the speaker a first-person headline names, without its titles:
    "Statement by President Ana Ruiz on the Harbour Accord" -> "Ana Ruiz"."""
    data = words()
    low = headline.lower()
    opener = next((o for o in data["first_person_headlines"] if low.startswith(o + " ")), None)
    if opener is None:
        return None
    rest = headline[len(opener):].split()
    name: list[str] = []
    for word in rest:
        if word.lower() in data["headline_speaker_ends"] or not word[:1].isupper():
            break
        name.append(word)
    while name and name[0].lower().rstrip(".") in roles:
        name.pop(0)
    name = [re.sub(r"['\u2019]s$", "", w) for w in name]
    return " ".join(name) or None


def _speaker_key(state: LinkState, name: str) -> str | None:
    """The person the headline's name denotes: one the article names (by the same
    surname), else a listed office-holder."""
    surname = name.split()[-1]
    for key, entity in state.linked.entities.items():
        if entity.type == PERSON and entity.label.split()[-1] == surname:
            return key
    known = state.gaz.person(name) or state.gaz.person_by_short(name)
    if known is None:
        return None
    state.entity(known.key, known.label, PERSON)
    return known.key


def _speaker_state(state: LinkState, person: str) -> str | None:
    entity = state.linked.entities[person]
    listed = state.gaz.people.get(person)
    code = entity.country or (listed.country if listed else None) or next(
        (p.country for p in entity.posts if p.country), None)
    return state.country_entity(code) if code and code in state.gaz.countries else None


def _owns_office(state: LinkState, tok: Token) -> bool:
    """"my Secretary of State, X", "our envoy": a possessive before a title says
    whose official the holder is; the speaker takes no part in what the holder does."""
    return tok.dep_ == "poss" and tok.head.lower_ in state.role_words()


def link_first_person(state: LinkState) -> None:
    """"I", "me", "my" -> the headline's speaker; "we", "us", "our" -> the speaker's
    state; outside quotations only."""
    name = headline_speaker(state.article.headline or "", state.role_words())
    person = _speaker_key(state, name) if name else None
    if person is None:
        return
    country = _speaker_state(state, person)
    singular = set(words()["first_person_singular"])
    index = SentenceIndex.of(state.doc)
    for tok in state.doc:
        low = tok.lower_
        if tok.pos_ != "PRON" or not first_person(low):
            continue
        if inside_quote(tok, index.sentence(tok)) or _owns_office(state, tok):
            continue
        key = person if low in singular else country
        if key:
            state.mention(key, tok.i, tok.i + 1, "pronoun")


