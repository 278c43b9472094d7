"""The one place where the stages are composed.

    read -> nlp.parse -> link.link -> extract.extract      = process()
    ... -> mapper.article_graph -> validate -> write        = build()

Each stage is imported here and nowhere else in the chain, so a stage can
be replaced without touching the others. The NLP-side stages are imported
inside the functions that use them, so `geokg --help` and the commands that
need no model start without loading spaCy. The spaCy model is loaded once per
process (geokg.nlp.get_nlp is cached) and many articles are parsed in
batches with `nlp.pipe`.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from geokg.errors import ValidationFailed
from geokg.iris import DEFAULT_BASE, graph_iri
from geokg.model import Article, ArticleResult, Linked
from geokg.reader import collect_articles, looks_english, read_article
from geokg.write import QUAD_FORMATS, rdf_format, write_graph

Progress = Callable[[int, int, Path], None]
BATCH_SIZE = 16


def warn(message: str) -> None:
    """A one-line warning on stderr, in the same shape as the CLI's errors."""
    print(f"geokg: warning: {message}", file=sys.stderr)


def tty_progress(i: int, n: int, path: Path) -> None:
    """"article i/N" on one rewritten stderr line, only on a terminal."""
    if n > 1 and sys.stderr.isatty():
        end = "\n" if i == n else ""
        print(f"\rgeokg: article {i}/{n} {path.name[:60]:<60}", end=end, file=sys.stderr)


def _english_or_warn(article: Article) -> bool:
    if looks_english(article.body or article.text):
        return True
    warn(f"{article.path}: does not look like English — no events extracted from it")
    return False


def _analyse(article: Article, doc) -> ArticleResult:
    """link + extract over an already parsed body."""
    from geokg import extract, link

    linked = link.link(article, doc)
    events = extract.extract(article, doc, linked)
    return ArticleResult(article=article, linked=linked, events=events)


def process(path: Path | str) -> ArticleResult:
    """Run read, nlp, link and extract on one article file."""
    article = read_article(path)
    from geokg import nlp  # after reading: a bad file fails before the model loads
    if not _english_or_warn(article):
        return ArticleResult(article=article, linked=Linked(), events=[])
    return _analyse(article, nlp.parse(article))


def process_many(paths: Iterable[Path | str], progress: Progress | None = None
                 ) -> Iterator[ArticleResult]:
    """process() over many files, parsing bodies in batches with nlp.pipe.

    All files are read (and so checked) before the model does any work, so a
    bad file fails the run at once rather than after minutes of parsing.
    """
    articles = [read_article(p) for p in paths]
    from geokg import nlp  # after reading: a bad file fails before the model loads
    english = [_english_or_warn(a) for a in articles]
    docs = nlp.parse_many(
        (a for a, ok in zip(articles, english, strict=True) if ok), batch_size=BATCH_SIZE
    )
    for i, (article, ok) in enumerate(zip(articles, english, strict=True), 1):
        if progress:
            progress(i, len(articles), article.path)
        if ok:
            yield _analyse(article, next(docs))
        else:
            yield ArticleResult(article=article, linked=Linked(), events=[])


@dataclass
class BuildSummary:
    """What a build produced, for the final summary line."""

    out: str
    articles: int = 0
    events: Counter = field(default_factory=Counter)
    triples: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        """"built OUT: 1 article, 9 events (Visit 2, ...), 412 triples in 3.1 s"."""
        n_events = sum(self.events.values())
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.events.items()))
        plural = "" if self.articles == 1 else "s"
        return (
            f"built {self.out}: {self.articles} article{plural}, {n_events} events"
            f"{f' ({kinds})' if kinds else ''}, {self.triples} triples in {self.seconds:.1f} s"
        )


def validate_or_fail(graph: Graph, what: str, consequence: str = "") -> None:
    """Raise ValidationFailed with the SHACL report when `graph` does not conform."""
    from geokg import validate

    report = validate.validate(graph)
    if not report.conforms:
        text = str(getattr(report, "text", "") or report).strip()
        raise ValidationFailed(
            f"{what}: does not conform to the SHACL shapes{consequence} "
            f"— fix the cause named in the report below\n{text}"
        )


def build(paths: Iterable[Path | str], out: Path | str, base: str = DEFAULT_BASE,
          fmt: str | None = None, progress: Progress | None = tty_progress) -> BuildSummary:
    """Articles -> one validated graph file; refuse to write if any article fails.

    TriG and N-Quads get one named graph per article (`graph_iri(doc_id)`);
    JSON-LD gets named graphs too; Turtle and N-Triples get all articles merged
into one graph.
    """
    from geokg import mapper

    started = time.monotonic()
    name = rdf_format(out, fmt)
    files = collect_articles(paths)
    summary = BuildSummary(out=str(out))
    graphs: list[tuple[str, Graph]] = []
    for result in process_many(files, progress):
        graph = mapper.article_graph(result, base)
        validate_or_fail(graph, str(result.article.path), f", so {out} was not written")
        graphs.append((result.article.doc_id, graph))
        summary.articles += 1
        summary.events.update(event.type for event in result.events)
    quads = name in QUAD_FORMATS or name == "json-ld"
    data = _combine(graphs, base, quads=quads)
    if not quads and len(graphs) > 1:
        # Merging can break a shape each article meets alone (one event, two statuses).
        validate_or_fail(data, f"{out} (all articles merged)", ", so it was not written")
    summary.triples = write_graph(data, out, fmt)
    summary.seconds = time.monotonic() - started
    return summary


def _combine(graphs: list[tuple[str, Graph]], base: str, quads: bool) -> Graph:
    """One Dataset with a named graph per article, or one merged Graph."""
    if quads:
        dataset = Dataset()
        for doc_id, graph in graphs:
            named = dataset.graph(URIRef(graph_iri(doc_id, base)))
            named += graph
            for prefix, namespace in graph.namespaces():
                dataset.bind(prefix, namespace, override=False)
        return dataset
    merged = Graph()
    for _, graph in graphs:
        merged += graph
        for prefix, namespace in graph.namespaces():
            merged.bind(prefix, namespace, override=False)
    return merged
