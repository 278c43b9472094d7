"""The link stage: spaCy entity spans -> one Entity per real-world thing.

Every mention (a name, a demonym, a capital used for its state, a surname, a
title or a pronoun) becomes a `Mention` with offsets into `Article.text`, and
points at one `Entity` whose key is stable across articles (docs/mapping.md):

    country/JP  city/703448  region/kursk  person/takeshi-iwaya  org/nato
    org/jp-foreign-ministry  region/europe  place/second-thomas-shoal

All look-up tables come from `geokg.entities.gazetteer.load()` (built once per
process); the rules read only the dependency parse and those tables.

`link` runs the linking passes in one declared order. Each pass lives with its
concern (geokg.entities.places, people, posts, pronouns, organisations,
ner_spans) and is a function over a `LinkState`: the doc, the article and what
the passes before it found. A word already in a mention is taken, so the order
decides who wins a word. People across the articles of a run are unified here
too (`people_moves`, `unify_people`).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from geokg.entities import gazetteer as gz
from geokg.entities.ner_spans import link_other_spans
from geokg.entities.organisations import (
    find_ministries,
    link_anaphora,
    link_ministries,
    link_named_armed_groups,
)
from geokg.entities.people import link_byline, link_person_names, link_surnames
from geokg.entities.places import (
    add_home_countries,
    link_dateline,
    link_definite_towns,
    link_described_capitals,
    link_qualified_countries,
    link_this_country,
    link_venue_phrases,
    locate_described_places,
    place_venues,
)
from geokg.entities.posts import assign_posts, link_descriptions
from geokg.entities.pronouns import link_pronouns
from geokg.entities.references import link_first_person
from geokg.entities.state import LinkState
from geokg.model import PERSON, Article, ArticleResult, Entity, Linked, Mention


def mention_for_token(linked: Linked, article: Article, token: Token) -> Mention | None:
    """The mention covering a token of the body Doc (None if the token names nothing)."""
    start = article.body_start + token.idx
    found = linked.at(start, start + len(token.text))
    return found[0] if found else None


def entity_for_token(linked: Linked, article: Article, token: Token) -> Entity | None:
    """The entity a token refers to, through its mention."""
    mention = mention_for_token(linked, article, token)
    return linked.entities.get(mention.entity) if mention else None


def link(article: Article, doc: Doc) -> Linked:
    """Find every entity mention in the parsed body and link it (see module doc)."""
    state = LinkState(article, doc, gz.load())
    venues = link_venue_phrases(state)
    ministries = find_ministries(state)
    link_person_names(state)
    link_named_armed_groups(state)  # before the NER's guesses: "the Lobos gang"
    link_qualified_countries(state)
    described = link_other_spans(state, ministries)
    link_ministries(state, ministries)
    link_described_capitals(state)
    link_definite_towns(state)
    link_anaphora(state)
    assign_posts(state)
    link_surnames(state)
    link_first_person(state)
    link_descriptions(state)
    link_pronouns(state)
    link_byline(state)
    link_dateline(state)
    link_this_country(state)
    place_venues(state, venues)
    locate_described_places(state, described)
    add_home_countries(state)
    state.linked.mentions.sort(key=lambda m: (m.start, m.end))
    return state.linked


# ---- across articles ---------------------------------------------------------


@dataclass(frozen=True)
class PersonName:
    """A person as one article names it: what unifying people across articles reads."""

    key: str
    label: str
    country: str | None = None


def people_of(result: ArticleResult) -> list[PersonName]:
    """The people an article links, sorted by key."""
    return sorted((PersonName(e.key, e.label, e.country)
                   for e in result.linked.entities.values() if e.type == PERSON),
                  key=lambda p: p.key)


def unify_people(results: list[ArticleResult]) -> dict[str, str]:
    """Articles processed together share their people (see people_moves). Re-keys in
    place; returns {old key: new key} of the people given another key."""
    moves = people_moves([people_of(result) for result in results])
    renamed: dict[str, str] = {}
    for result, article_moves in zip(results, moves, strict=True):
        move_people(result, article_moves)
        renamed.update({old: new.key for old, new in article_moves.items() if old != new.key})
    return renamed


def people_moves(people: list[list[PersonName]]) -> list[dict[str, PersonName]]:
    """For each article, {key: the person it becomes}, from the people of every article
    of a run: one IRI per person across the run.

    - Full names of one person: the same given name and surname, accents and letters
      folded ("Selin Aydın", "Selin Aydin"), middle names agreeing where both have
      them, of one state where both have one, become one person, named by the
      office-holder list (people.yaml) if it lists one of them, else by the
      fullest name (then the most told, then the one that keeps its accents).
    - A bare name that an article leaves on its own ("Okafor said") is the person
      another article names in full ("Daniel Okafor") when exactly one full name of
      the run ends in it (of the same state, where both have one).
    """
    gaz = gz.load()
    canonical = _full_name_owners(people, gaz)
    by_surname: dict[str, set[PersonName]] = {}
    for person in canonical.values():
        by_surname.setdefault(_name_parts(person.label, gaz)[-1], set()).add(person)
    moves: list[dict[str, PersonName]] = []
    for article in people:
        article_moves: dict[str, PersonName] = {}
        for person in article:
            parts = _name_parts(person.label, gaz)
            if len(parts) > 1:
                target = canonical.get(person)
            else:
                owners = {f for f in by_surname.get(parts[0] if parts else "", ())
                          if None in (person.country, f.country) or person.country == f.country}
                target = next(iter(owners)) if len({f.key for f in owners}) == 1 else None
            if target is not None and (target.key, target.label) != (person.key, person.label):
                article_moves[person.key] = target
        moves.append(article_moves)
    return moves


def _full_name_owners(people: list[list[PersonName]], gaz: gz.Gazetteer
                      ) -> dict[PersonName, PersonName]:
    """Every full name of the run -> the person it names (itself, or a fuller spelling)."""
    seen: dict[PersonName, int] = {}  # full name -> number of articles naming it
    for article in people:
        for person in set(article):
            if len(_name_parts(person.label, gaz)) > 1:
                seen[person] = seen.get(person, 0) + 1
    clusters: dict[tuple[str, str], list[PersonName]] = {}
    for person in seen:
        parts = _name_parts(person.label, gaz)
        clusters.setdefault((parts[0], parts[-1]), []).append(person)
    owners: dict[PersonName, PersonName] = {}
    for members in clusters.values():
        middles = {_name_parts(p.label, gaz)[1:-1] for p in members} - {()}
        countries = {p.country for p in members} - {None}
        if len(middles) > 1 or len(countries) > 1:
            owners.update({p: p for p in members})  # two people, or no telling which
            continue
        best = min(members, key=lambda p: (  # listed, fullest, most told, accents kept
            p.key not in gaz.people, -len(p.label.split()), -seen[p],
            -sum(not c.isascii() for c in p.label), p.key, p.label))
        named = PersonName(best.key, best.label, best.country or next(iter(countries), None))
        owners.update({p: named for p in members})
    return owners


def _name_parts(label: str, gaz: gz.Gazetteer) -> tuple[str, ...]:
    """The folded words of a name, without a trailing "Jr." or "III"."""
    parts = [part for part in (gz.slug(word) for word in label.split()) if part]
    while len(parts) > 2 and parts[-1] in gaz.name_suffixes:
        parts.pop()
    return tuple(parts)


def move_people(result: ArticleResult, moves: dict[str, PersonName]) -> None:
    """Re-key and rename people of one article: entity, mentions and event roles. A
    person moved onto one the article already has adds its names and posts to it."""
    if not moves:
        return
    linked = result.linked
    for old, new in moves.items():
        ent = linked.entities.pop(old)
        if ent.label != new.label:
            ent.aliases.add(ent.label)
        ent.key, ent.label, ent.country = new.key, new.label, ent.country or new.country
        kept = linked.entities.setdefault(new.key, ent)
        if kept is not ent:
            kept.aliases |= ent.aliases - {kept.label}
            kept.posts.extend(p for p in ent.posts if p not in kept.posts)
            kept.country = kept.country or ent.country
    keys = {old: new.key for old, new in moves.items()}
    linked.mentions = [Mention(keys.get(m.entity, m.entity), m.start, m.end, m.text, m.how)
                       for m in linked.mentions]
    for event in result.events:
        event.actors = _renamed(event.actors, keys)
        event.targets = _renamed(event.targets, keys)
        event.attributed_to = _renamed(event.attributed_to, keys)


def _renamed(keys: list[str], moves: dict[str, str]) -> list[str]:
    out: list[str] = []
    for key in keys:
        key = moves.get(key, key)
        if key not in out:
            out.append(key)
    return out
