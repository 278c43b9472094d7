"""One name per entity across the articles of a run.

Each article is linked on its own, so two articles can name one entity in two
ways: a person in two spellings ("Selin Aydın", "Selin Aydin"), an organisation
the gazetteer does not list with and without a hyphen ("al-Qaeda", "al Qaeda").
Such names fold to one key (the key is the slug of the name), so the graphs of
the articles merge into one node, and that node would carry two `rdfs:label`s,
which the shapes refuse (gksh:Organization-label and the like) only once the
articles are merged. `name_moves` settles every name of a run at once, between
extracting and mapping, as the build already does for people: the people by
geokg.entities.link.people_moves, then every key of the run gets one label
(`label_moves`); the other spellings stay as aliases, which the mapper writes
as `skos:altLabel` (docs/mapping.md, "Labels").
"""

from __future__ import annotations

from collections import Counter

from geokg.entities import gazetteer as gz
from geokg.entities.link import PersonName, people_moves
from geokg.model import PERSON, ArticleResult


def names_of(result: ArticleResult) -> list[PersonName]:
    """Every entity an article links, as (key, label, country), sorted by key."""
    return sorted((PersonName(e.key, e.label, e.country)
                   for e in result.linked.entities.values()), key=lambda n: n.key)


def is_person(name: PersonName) -> bool:
    """A person's key (`person/…`): what people_moves unifies."""
    return name.key.startswith(f"{PERSON.lower()}/")


def label_moves(names: list[list[PersonName]]) -> list[dict[str, PersonName]]:
    """For each article, {key: the same key with the run's label} for every entity
    the article labels otherwise than the run does.

    The run's label of a key: the gazetteer's label where it lists the key, else the
    label the most articles give, then the first in sort order (Python's code-point
    order), so the choice does not depend on the order of the articles.
    """
    told: dict[str, Counter[str]] = {}
    for article in names:
        for label_of_key in {(name.key, name.label) for name in article}:
            told.setdefault(label_of_key[0], Counter())[label_of_key[1]] += 1
    listed = gz.load().known
    chosen: dict[str, str] = {}
    for key, labels in told.items():
        if len(labels) > 1:
            known = listed.get(key)
            chosen[key] = known.label if known and known.label in labels else min(
                labels, key=lambda label: (-labels[label], label))
    return [{name.key: PersonName(name.key, chosen[name.key], name.country)
             for name in article if name.key in chosen and name.label != chosen[name.key]}
            for article in names]


def name_moves(names: list[list[PersonName]]) -> list[dict[str, PersonName]]:
    """For each article, {key: the entity it becomes}: people unified across the run
    (people_moves), then every key of the run given one label (label_moves)."""
    people = people_moves([[n for n in article if is_person(n)] for article in names])
    settled = [[moves.get(n.key, n) if is_person(n) else n for n in article]
               for article, moves in zip(names, people, strict=True)]
    labels = label_moves(settled)
    result: list[dict[str, PersonName]] = []
    for article, moved, relabelled in zip(names, people, labels, strict=True):
        moves: dict[str, PersonName] = {}
        for name in article:
            target = moved.get(name.key, name)
            final = relabelled.get(target.key)
            if final is not None:
                target = PersonName(target.key, final.label, target.country)
            if (target.key, target.label) != (name.key, name.label):
                moves[name.key] = target
        result.append(moves)
    return result
