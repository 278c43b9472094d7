"""The word lists that change what a predicate means (data/lexicon.yaml), loaded once.

Reporting, planning and denying verbs, source nouns, force and aid nouns: the
words every layer from syntax to stance reads. They are language data, so they
sit below the layers that use them; the event rules and the registry of event
types (data/events.yaml) are the events layer's (geokg.events.rules).
"""

from __future__ import annotations

from functools import cache

from geokg.resources import read_data


@cache
def lexicon() -> dict[str, frozenset[str]]:
    data = read_data("lexicon.yaml")
    return {key: frozenset(value) for key, value in data.items()}
