"""The extraction's remark passes look at each frame's own neighbourhood: the frames and
tokens they inspect grow in proportion to the article, not to its square."""

from __future__ import annotations

from geokg.entities.link import link
from geokg.entities.ruler import parse
from geokg.events import extract
from geokg.read.article import article_from_text

PARAGRAPH = (
    "Russian forces shelled Kharkiv on Monday, Ukrainian officials said. "
    "China's foreign ministry spokeswoman said Beijing firmly opposed the sanctions, "
    "calling them a threat. Washington announced a new aid package for Kyiv. "
    "The president said the talks would continue, adding that the ministers met in Brussels."
)


def inspected(paragraphs: int) -> tuple[int, int]:
    """(candidates inspected, speech frames) extracting an article of `paragraphs` paragraphs."""
    body = "\n\n".join([PARAGRAPH] * paragraphs)
    article = article_from_text(f"Long article\n\n{body}", "long")
    doc = parse(article)
    before = extract._Remarks.inspected
    extract.extract(article, doc, link(article, doc))
    ctx = extract.Context.build(article, doc, link(article, doc))
    speeches = sum(1 for f in extract.frames(doc, ctx) if f.rule.speaker)
    return extract._Remarks.inspected - before, speeches


def test_remark_passes_grow_linearly():
    small, small_speeches = inspected(4)
    large, large_speeches = inspected(16)
    assert small > 0 and small_speeches >= 8  # there are speech frames to judge
    assert large_speeches == 4 * small_speeches
    # comparing every speech frame with every frame would make this 16x
    assert large <= 4 * small + 8
