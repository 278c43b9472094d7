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
from geokg.timex import Anchor, infer_anchor, resolve

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


def test_year_of_an_undated_article_comes_from_a_full_date_in_its_text():
    text = ("The talks on Thursday came a day before the Feb. 28, 2026 deadline. The "
            "minister had announced the review on Nov. 12 and spoke again on Dec. 3.")
    anchor = infer_anchor(None, text)
    assert anchor == Anchor(date(2026, 2, 28), inferred=True)
    assert [resolve(t, anchor).iso for t in ("on Thursday", "on Nov. 12", "on Dec. 3")] == [
        "2026-02-26", "2025-11-12", "2025-12-03"]
    assert resolve("on Nov. 12", anchor).year_inferred is True


def test_year_from_a_month_and_year_beats_background_years():
    text = ("LIMA, May 14 — The president, who began his second term in March 2027, "
            "left a pact signed in 2019 and revived one from 2031's plan.")
    anchor = infer_anchor(None, text)
    assert anchor == Anchor(date(2027, 5, 14), inferred=True)
    assert resolve("on Saturday", anchor).iso == "2027-05-08"
