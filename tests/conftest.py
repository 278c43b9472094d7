"""Shared pytest fixtures (generic; add yours, don't remove others')."""

from __future__ import annotations

from pathlib import Path

import pytest

from geokg.model import Article

REPO = Path(__file__).resolve().parent.parent
SEED_ARTICLE = REPO / "seeds" / "000_8fdbe4dfb0182242.txt"


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once for the whole test session."""
    from geokg.entities.ruler import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def seed_article() -> Path:
    """Path of the acceptance article."""
    return SEED_ARTICLE


@pytest.fixture
def make_article():
    """Build an Article from a headline and a body (offsets like the reader's)."""

    def make(body: str, headline: str = "Headline", byline: str | None = None) -> Article:
        text = f"{headline}\n{body}" + (f"\nBy {byline}" if byline else "")
        start = len(headline) + 1
        return Article(path=Path("test.txt"), doc_id="test", text=text, headline=headline,
                       body_start=start, body_end=start + len(body), byline=byline)

    return make
