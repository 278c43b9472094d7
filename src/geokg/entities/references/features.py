"""Features of mentions: what a pronoun can denote, the kind of a linked entity,
and whether a word stands inside a quotation (someone else's words)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from geokg.entities import gazetteer
from geokg.language.sentences import opens_quote
from geokg.model import COUNTRY, ORGANIZATION, PERSON
from geokg.resources import read_data

# The kinds of referent the layer tells apart, by entity type.
KIND_OF_TYPE = {PERSON: "person", COUNTRY: "state", ORGANIZATION: "body"}


@dataclass(frozen=True)
class PronounFeatures:
    """What a pronoun agrees with."""

    kinds: frozenset[str]
    plural: bool
    gender: str | None = None


@cache
def words() -> dict:
    """The layer's word lists (data/references.yaml)."""
    return read_data("references.yaml")


@cache
def pronoun_features(word: str) -> PronounFeatures | None:
    """Features of a third-person pronoun, None for any other word."""
    entry = words()["pronouns"].get(word.lower())
    if entry is None:
        return None
    return PronounFeatures(frozenset(entry["kinds"]), entry["number"] == "plural",
                           entry.get("gender"))


def first_person(word: str) -> bool:
    """Whether a (lower-case) word is a first-person pronoun: "I", "my", "we"."""
    data = words()
    return word in data["first_person_singular"] or word in data["first_person_plural"]


def kind_of(entity_type: str) -> str:
    """"person", "state" or "body" for an entity type ("" for places and others)."""
    return KIND_OF_TYPE.get(entity_type, "")


def title_gender(word: str) -> str | None:
    """"male" after "Mr", "female" after "Queen": the gender a title shows."""
    low = word.lower()
    return next((g for g, titles in words()["gendered_titles"].items() if low in titles), None)


def inside_quote(tok: Token, sentence: Span) -> bool:
    """Whether a word of a sentence stands inside quotation marks opened before it."""
    return opens_quote(tok.doc[sentence.start:tok.i].text)


def kept_apart(token: Token) -> bool:
    """Whether a mention's word is a third party the text keeps apart from the sides
    it brings together: the subject or agent of "mediate", "host", "broker"
    ("talks mediated by X", "X, which mediated", "X hosted"), or described as a
    mediator ("X, the mediator", "Qatari mediators")."""
    apart = words()["kept_apart"]
    verb = None
    if token.dep_ in ("nsubj", "nsubjpass"):
        verb = token.head
    elif token.dep_ == "pobj" and token.head.dep_ == "agent":
        verb = token.head.head
    if verb is not None and verb.lemma_.lower() in apart:
        return True
    if token.dep_ in ("amod", "compound", "poss", "nmod") and token.head.lemma_.lower() in apart:
        return True
    # "Egypt and Qatar, which mediated": the clause hangs on the last of a list
    return any(c.dep_ in ("appos", "relcl") and c.lemma_.lower() in apart
               for t in (token, *token.conjuncts) for c in t.children)


def listed_state(person: str) -> str | None:
    """The state code of a listed office-holder (people.yaml), None for anyone else:
    "Putin" denotes a Russian leader even where the article gives him no post."""
    listed = gazetteer.load().people.get(person)
    return listed.country if listed else None
