"""Linking a pronoun looks at the people of its own window, so the people inspected grow in
proportion to the article, not to its square."""

from __future__ import annotations

from geokg.entities import pronouns
from geokg.entities.link import link
from geokg.entities.ruler import parse
from geokg.read.article import article_from_text

PARAGRAPH = (
    "Vladimir Putin met Xi Jinping in Moscow on Monday. He said the talks went well, "
    "and she thanked him. Japan's Foreign Ministry said the Arakan Army attacked a post. "
    "Antony Blinken told reporters he would travel to Kyiv."
)


def linked(paragraphs: int):
    body = "\n\n".join([PARAGRAPH] * paragraphs)
    article = article_from_text(f"Long article\n\n{body}", "long")
    doc = parse(article)
    before = pronouns._PeopleByToken.inspected
    result = link(article, doc)
    return result, pronouns._PeopleByToken.inspected - before


def test_pronoun_antecedents_grow_linearly():
    small, small_seen = linked(4)
    large, large_seen = linked(16)
    pronoun_mentions = sum(1 for m in small.mentions if m.how == "pronoun")
    assert pronoun_mentions >= 8  # "He", "she", "him", "he" in every paragraph
    assert sum(1 for m in large.mentions if m.how == "pronoun") == 4 * pronoun_mentions
    # 4x the text, 4x the people seen (a little more: the first paragraph has no paragraph
    # before it); every person for every pronoun would make it 16x
    assert small_seen > 0 and large_seen <= 4.5 * small_seen

