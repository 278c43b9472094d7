"""Which date belongs to an event, on sentences written for the test.

Names and places appear in no corpus article; each case asserts the exact
date an event gets, so that a construction is shown handled in general.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from geokg.dating import sentence_of
from geokg.extract import extract
from geokg.link import link
from geokg.nlp import parse

WEDNESDAY = date(2025, 3, 12)


@pytest.fixture
def dated(make_article, nlp):
    """(type, first actor, date) of every event of a body, in text order."""

    def run(body: str, published: date | None = WEDNESDAY) -> list[tuple]:
        article = replace(make_article(body), published=published)
        doc = parse(article)
        linked = link(article, doc)
        events = sorted(extract(article, doc, linked), key=lambda e: e.mentions[0].sentence.start)
        return [(e.type, linked.entities[e.actors[0]].label if e.actors else None,
                 e.time.iso if e.time else None) for e in events]

    return run


def test_sentence_index_agrees_with_spacy(make_article, nlp):
    article = make_article("Talks opened on Monday. They ended on Tuesday! Were they useful?")
    doc = parse(article)
    assert [sentence_of(t).start for t in doc] == [t.sent.start for t in doc]
    assert sentence_of(doc[-1]).text == doc[-1].sent.text
