"""What the linking passes of one article share: the parsed body, the gazetteer, and
the entities and mentions found so far.

Every pass of `geokg.entities.link.link` receives one `LinkState` and reads it
and adds to it; a word already in a mention is taken, so an earlier pass wins
it. This module holds only that record and the look-ups every concern makes
of it (who a demonym or possessive before a word names, the role words); the
passes themselves live with their concern (places, people, posts, pronouns,
organisations, ner_spans).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from geokg.entities import gazetteer as gz
from geokg.language.memo import doc_text
from geokg.model import CITY, COUNTRY, ORGANIZATION, Article, Entity, Linked, Mention

POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}


@dataclass
class LinkState:
    """One article's linking so far, handed to every pass in the order `link` runs them."""

    article: Article
    doc: Doc
    gaz: gz.Gazetteer
    linked: Linked = field(default_factory=Linked)
    by_token: dict[int, str] = field(default_factory=dict)  # token index -> entity key
    how_by_token: dict[int, str] = field(default_factory=dict)
    person_tokens: list[tuple[int, str]] = field(default_factory=list)  # (token i, key)
    _role_words: frozenset[str] | None = field(default=None, repr=False, compare=False)

    # ---- bookkeeping -------------------------------------------------------
    def entity(self, key: str, label: str, type_: str, **kw) -> Entity:
        """Get or create the entity for a key (the first label wins)."""
        ent = self.linked.entities.get(key)
        if ent is None:
            ent = Entity(key=key, label=label, type=type_, **kw)
            self.linked.entities[key] = ent
        return ent

    def mention(self, key: str, start: int, end: int, how: str) -> None:
        """Record a mention over tokens [start, end) of the doc."""
        if any(i in self.by_token for i in range(start, end)):
            return
        doc = self.doc
        if start < end:  # the span's offsets and text, without making the Span
            last = doc[end - 1]
            start_char, end_char = doc[start].idx, last.idx + len(last)
            text = doc_text(doc)[start_char:end_char]
        else:
            span = doc[start:end]
            start_char, end_char, text = span.start_char, span.end_char, span.text
        offset = self.article.body_start
        ent = self.linked.entities[key]
        if text != ent.label and how == "name":
            ent.aliases.add(text)
        self.linked.mentions.append(
            Mention(key, offset + start_char, offset + end_char, text, how))
        for i in range(start, end):
            self.by_token[i] = key
            self.how_by_token[i] = how
        if key.startswith("person/"):
            self.person_tokens.append((doc[start:end].root.i, key))

    def country_entity(self, code: str) -> str:
        country = self.gaz.countries[code]
        self.entity(f"country/{code}", country.label, COUNTRY, country=code,
                    geonames=country.geonames)
        return f"country/{code}"

    def city_entity(self, city: gz.City) -> str:
        key = f"city/{city.geonames}"
        self.entity(key, city.name, CITY, country=city.country, geonames=city.geonames)
        return key

    def known_entity(self, key: str) -> str:
        k = self.gaz.known[key]
        ent = self.entity(key, k.label, k.type, country=k.country, wikidata=k.wikidata)
        city = self.gaz.city(k.city) if k.city else None
        if city is not None:
            ent.located_in = self.city_entity(city)
        return key

    # ---- look-ups every concern makes ----------------------------------------
    def qualifier_before(self, i: int) -> tuple[str | None, str | None]:
        """(country code, org key) of a demonym/possessive just before token i."""
        j = i - 1
        if j >= 0 and self.doc[j].lower_ in {"the", "a", "an"}:
            j -= 1
        if j >= 0 and self.doc[j].text in POSSESSIVE:
            j -= 1
        if j < 0 or j not in self.by_token:
            return None, None
        key = self.by_token[j]
        ent = self.linked.entities[key]
        if key.startswith("country/"):
            return ent.country, None
        if ent.type in (ORGANIZATION, "MilitaryUnit"):
            return ent.country, key
        return None, None

    def role_words(self) -> frozenset[str]:
        """The title words (heads and modifiers), joined once per article: the passes
        ask for them per token."""
        if self._role_words is None:
            roles = self.gaz.roles
            self._role_words = roles.heads | roles.modifiers
        return self._role_words


_LEADING_THE = re.compile(r"^(the|The) ")
_POSSESSIVE_END = re.compile(r"('s|')$")


@functools.lru_cache(maxsize=16384)
def clean_name(text: str) -> str:
    """A span's text as a name: no leading "the", no possessive ending (kept per
    text: the passes clean the same names many times)."""
    text = text.replace("\u2019", "'").strip()
    text = _LEADING_THE.sub("", text)
    return _POSSESSIVE_END.sub("", text).strip()
