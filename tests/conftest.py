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


@pytest.fixture
def listed_people():
    """Add invented office-holders (people.yaml entries) to the process gazetteer for
    one test: `listed_people(items)` returns the gazetteer; it is restored afterwards."""
    from geokg.entities import gazetteer as gz

    gaz = gz.load()
    saved = (dict(gaz.people), gaz.person_names.folded.copy(), gaz.person_names.exact.copy(),
             {k: set(v) for k, v in gaz.person_short.items()})

    def add(items: list[dict]):
        gz.add_people(gaz, items)
        return gaz

    yield add
    gaz.people, gaz.person_names.folded, gaz.person_names.exact, gaz.person_short = saved


@pytest.fixture
def event_rows(make_article, nlp):
    """The events of an invented body published on Wednesday 2025-03-12, in
    extraction order, as (type, actor labels, target labels, status)."""
    from dataclasses import replace
    from datetime import date

    from geokg.entities.link import link
    from geokg.entities.ruler import parse
    from geokg.events.extract import extract

    def run(body: str) -> list[tuple]:
        article = replace(make_article(body), published=date(2025, 3, 12))
        doc = parse(article)
        linked = link(article, doc)
        return [(e.type, tuple(sorted(linked.entities[k].label for k in e.actors)),
                 tuple(sorted(linked.entities[k].label for k in e.targets)), e.status)
                for e in extract(article, doc, linked)]

    return run


@pytest.fixture
def field_rows(make_article, nlp):
    """(type, actors, targets, place, date, quantity, status, sources) of each event of
    an invented body, published on Wednesday 2025-03-12 unless told otherwise."""
    from dataclasses import replace
    from datetime import date

    from geokg.entities.link import link
    from geokg.entities.ruler import parse
    from geokg.events.extract import extract

    def run(body: str, published: date = date(2025, 3, 12)) -> list[tuple]:
        article = replace(make_article(body), published=published)
        doc = parse(article)
        linked = link(article, doc)

        def label(key: str | None) -> str | None:
            return linked.entities[key].label if key else None

        found = extract(article, doc, linked)
        found.sort(key=lambda e: e.mentions[0].sentence.start)
        return [(e.type, tuple(label(k) for k in e.actors), tuple(label(k) for k in e.targets),
                 label(e.place), e.time.iso if e.time else None,
                 e.quantity.value if e.quantity else None, e.status,
                 tuple(label(k) for k in e.attributed_to)) for e in found]

    return run
