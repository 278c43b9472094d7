"""The Python API: what the commands do, for a notebook or another program.

    analyse(text)            one article in memory -> Analysis (events, graph, ...)
    build(paths, out)        as `geokg build`
    validate(graph)          as `geokg validate`, on an rdflib graph (geokg.rdf.validate)
    query(name_or_sparql)    as `geokg query`, on files, an rdflib graph or an endpoint

Each function composes the same stage functions as the command line
(geokg.pipeline, geokg.store), so the API and the commands cannot drift apart.
Warnings go to the "geokg" logger; nothing is printed. Errors are GeokgError
subclasses (InputError, ValidationFailed, ServerError) with the message the
command would print.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geokg.model import ArticleResult, Entity, Sentence
from geokg.rdf.iris import DEFAULT_BASE, check_base

if TYPE_CHECKING:
    from rdflib import Graph

    from geokg.pipeline import BuildSummary
    from geokg.store import ResultTable

__all__ = ["Analysis", "EventRecord", "Participant", "analyse", "build", "query"]


@dataclass(frozen=True)
class Participant:
    """An actor, target or place of an event, as `geokg events` gives it."""

    label: str
    type: str  # Person, Country, Organization, MilitaryUnit, City, Region, Place
    country: str | None = None  # ISO 3166 alpha-2
    geonames: int | None = None


@dataclass(frozen=True)
class EventRecord:
    """One event with the fields of `geokg events` (see README, "geokg events")."""

    event: str  # IRI
    type: str
    actors: tuple[Participant, ...]
    targets: tuple[Participant, ...]
    place: Participant | None
    date: str | None  # ISO 8601 at the precision the text supports
    quantity: int | float | None
    qualifier: str | None
    status: str
    attributed_to: tuple[str, ...]
    sentence: str | None
    start: int | None
    end: int | None
    cameo: str | None
    quote: str | None
    date_text: str | None
    article: str
    mentions: tuple[dict[str, Any], ...] = field(default=())

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> EventRecord:
        """From one object of `geokg events` (geokg.rdf.export.event_json)."""
        def people(values: list[dict[str, Any]]) -> tuple[Participant, ...]:
            return tuple(Participant(**value) for value in values)

        return cls(**{
            **row,
            "actors": people(row["actors"]), "targets": people(row["targets"]),
            "place": Participant(**row["place"]) if row["place"] else None,
            "attributed_to": tuple(row["attributed_to"]), "mentions": tuple(row["mentions"]),
        })


class Analysis:
    """What geokg reads in one article: its events, entities, sentences and graph.

    `graph` is built (and validated against the shapes) on first use, so
    reading only the events costs no SHACL run.
    """

    def __init__(self, result: ArticleResult, sentences: list[Sentence], base: str) -> None:
        self.result = result
        self.base = base
        self.sentences: list[Sentence] = sentences
        self.entities: list[Entity] = sorted(result.linked.entities.values(),
                                             key=lambda e: e.key)
        self.events: list[EventRecord] = [EventRecord.from_json(r) for r in self.to_records()]

    def to_records(self) -> list[dict[str, Any]]:
        """The events as `geokg events` prints them: one JSON-ready dict per event."""
        from geokg.rdf.export import events_json

        return events_json(self.result, self.base)

    def to_dataframe(self) -> Any:
        """The events as a pandas DataFrame, one row per event (needs pandas)."""
        try:
            import pandas
        except ModuleNotFoundError as exc:
            raise ImportError("Analysis.to_dataframe() needs pandas, which geokg does not "
                              "install — pip install pandas, or use to_records()") from exc
        return pandas.DataFrame.from_records(self.to_records())

    @cached_property
    def graph(self) -> Graph:
        """The article's RDF graph, as `geokg build` writes it; checked against the shapes
        (ValidationFailed, with the SHACL report, if it does not conform)."""
        from geokg.pipeline import validate_or_fail
        from geokg.rdf import mapper

        graph = mapper.article_graph(self.result, self.base)
        validate_or_fail(graph, self.result.article.doc_id)
        return graph

    def __repr__(self) -> str:
        return (f"<Analysis {self.result.article.doc_id}: {len(self.events)} events, "
                f"{len(self.entities)} entities, {len(self.sentences)} sentences>")


def analyse(text: str | bytes, *, published: date | str | None = None,
            title: str | None = None, name: str = "text", base: str = DEFAULT_BASE) -> Analysis:
    """Read one article given as text: the first line is the headline, as in a file.

    `text` may be bytes (read as a file's bytes: UTF-8, else InputError).
    `published` (a date or "YYYY-MM-DD") anchors relative dates ("on Saturday");
    `title` names the article, and with it a one-line text is the body rather than the
    headline; `name` is the article's id in its IRIs. A text with a headline and no
    body is read (nothing comes of it) with a warning on the "geokg" logger.
    """
    from geokg.pipeline import process_parsed
    from geokg.read.article import article_from_text

    base = check_base(base)
    article = article_from_text(text, name, published=published, title=title)
    if not article.body.strip():
        logging.getLogger("geokg").warning(
            "%s: only a headline line, no article body — no events read (give the body "
            "on the lines after the headline, or a one-line text with title=)", name)
    result, doc = process_parsed(article)
    offset = article.body_start
    sentences = [] if doc is None else [
        Sentence(s.start_char + offset, s.end_char + offset, s.text) for s in doc.sents]
    return Analysis(result, sentences, base)


def build(paths: str | Path | Iterable[str | Path], out: str | Path = "build/geokg.ttl", *,
          base: str = DEFAULT_BASE, fmt: str | None = None, jobs: int = 1,
          cache: bool = True, cache_dir: Path | None = None, executor: str = "process",
          scheduler: str | None = None, shard_size: int = 1000,
          keep_going: bool = False) -> BuildSummary:
    """As `geokg build PATHS -o OUT`: validate every article and write the graph (or
    nothing, raising ValidationFailed). The options are the command's; the cache is
    `.geokg-cache/` beside the output unless `cache=False` or `cache_dir` is given."""
    from geokg.pipeline import build as run_build
    from geokg.pipeline import default_cache_dir

    listed = [paths] if isinstance(paths, str | Path) else list(paths)
    where = None if not cache else cache_dir or default_cache_dir(out)
    return run_build(listed, out, base=check_base(base), fmt=fmt, jobs=jobs,
                     cache_dir=where, executor=executor, scheduler=scheduler,
                     shard_size=shard_size, keep_going=keep_going)


def query(name_or_sparql: str | Path, data: Graph | str | Path | Sequence[str | Path] = (),
          endpoint: str | None = None, *, timeout: float | None = None,
          user: str | None = None, graph: str | None = None) -> ResultTable:
    """As `geokg query`: run a saved query ("visits"), a query file, or SPARQL text.

    `data` is RDF files, or an rdflib Graph/Dataset (an Analysis.graph); `endpoint`
    a SPARQL endpoint instead. The answer's `.records()` are dicts of Python values.
    """
    from rdflib import Graph

    from geokg import store

    parsed = _query(name_or_sparql)
    if isinstance(data, Graph):
        embedded = store.EmbeddedStore()
        embedded.load_graph(data)
        return embedded.query(parsed)
    files = [data] if isinstance(data, str | Path) else list(data)
    options = {"timeout": timeout} if timeout is not None else {}
    return store.open_store(endpoint, files, user=user, graph=graph, **options).query(parsed)


def _query(name_or_sparql: str | Path):
    """A file, a saved query's name, or SPARQL text, decided as `geokg query` decides."""
    from geokg.store import query_from

    return query_from(name_or_sparql)
