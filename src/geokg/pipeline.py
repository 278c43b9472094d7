"""The one place where the stages are composed.

    read -> ruler.parse -> link.link -> extract.extraction   = process()
    ... -> mapper.article_graph -> validate -> write        = build()

Each stage is imported here and nowhere else in the chain, so a stage can
be replaced without touching the others. The NLP-side stages are imported
inside the functions that use them, so `geokg --help` and the commands that
need no model start without loading spaCy. The spaCy model is loaded once per
process (geokg.entities.ruler.get_nlp is cached) and many articles are parsed in
batches with `nlp.pipe`.

A build scales by keeping each article separate until it is written, except
for the names of its entities: every article is first extracted
(`extract_chunk`; the result waits pickled on disk), then the names of all
articles are settled (geokg.entities.names.name_moves: one IRI per person and one
label per entity across the build), then each article is turned into validated, sorted N-Triples
(`render_chunk`). Chunks of work run here or in worker processes or on a
dask cluster (geokg.run.executors), are cached by content and by the renames of
their entities (geokg.run.cache), and are written in input order as they arrive,
so memory holds a few chunks and a list of names whatever the corpus size,
and the output bytes do not depend on the engine or on the cache.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from geokg.errors import InputError, ValidationFailed
from geokg.model import Article, ArticleResult, Linked
from geokg.rdf.iris import DEFAULT_BASE, slug
from geokg.rdf.write import STDOUT, check_writable, is_written_through, resolved
from geokg.read.article import collect_articles, looks_english, printable_name, read_article
from geokg.run.cache import CACHE_DIR_NAME, ArticleOutput, Cache, article_key, output_key
from geokg.run.lock import output_lock
from geokg.run.progress import caught_warnings, warn
from geokg.run.writers import SHARD_SIZE, canonical_ntriples, is_shard_dir, writer_for

if TYPE_CHECKING:
    from spacy.tokens import Doc

Progress = Callable[[int, int, Path, str], None]  # (done, total, article, phase)
BATCH_SIZE = 16  # articles per nlp.pipe batch, and per chunk of work
AHEAD = 3  # chunks in flight per worker: enough to keep workers busy, few enough for memory
log = logging.getLogger("geokg")


def _english_or_warn(article: Article) -> bool:
    if looks_english(article.body or article.text):
        return True
    warn(f"{article.path}: does not look like English — no events extracted from it")
    return False


def _analyse(article: Article, doc) -> ArticleResult:
    """link + extract over an already parsed body."""
    from geokg.entities import link
    from geokg.events import extract

    linked = link.link(article, doc)
    found = extract.extraction(article, doc, linked)
    # one list of what each word denotes (the linker's and the event passes' references)
    linked.mentions = sorted([*linked.mentions, *found.references], key=lambda m: (m.start, m.end))
    return ArticleResult(article=article, linked=linked, events=found.events)


def article_ids(paths: Sequence[Path | str]) -> list[str]:
    """One doc_id per path, distinct in their IRI slugs: the file stem, unless two
    files' stems give one slug (`a/2024-01/story.txt`, `a/2024-02/story.txt`,
    `a/Story.txt`), then each of those stems + "-" + 8 hex digits of the SHA-1 of
    its path relative to the folder all paths share.

    A clash-free build keeps the plain stems, so the IRIs of an article do not
    change when other articles are added, unless one of them clashes with it.
    """
    paths = [Path(p) for p in paths]
    stems = [printable_name(p.stem) for p in paths]
    by_slug = Counter(slug(stem) for stem in stems)
    if all(count == 1 for count in by_slug.values()):
        return stems
    root = _common_folder(paths)
    ids = [stem if by_slug[slug(stem)] == 1 else f"{stem}-{_path_hash(path, root)}"
           for stem, path in zip(stems, paths, strict=True)]
    clashes = [i for i, n in Counter(slug(i) for i in ids).items() if n > 1]
    if clashes:  # a hashed name meets a stem spelt like it: no silent merge of graphs
        raise InputError(f"articles named {clashes[0]!r} more than once — rename one of them")
    return ids


def _common_folder(paths: list[Path]) -> Path:
    """The deepest folder holding every path (absolute)."""
    return Path(os.path.commonpath([os.path.abspath(p.parent) for p in paths]))


def _path_hash(path: Path, root: Path) -> str:
    relative = Path(os.path.abspath(path)).relative_to(root).as_posix()
    return hashlib.sha1(relative.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def process(path: Path | str) -> ArticleResult:
    """Run read, nlp, link and extract on one article file."""
    return process_article(read_article(path))


def process_article(article: Article) -> ArticleResult:
    """Run nlp, link and extract on an article already read: from a file, or from
    text given to the Python API (reader.article_from_text)."""
    return process_parsed(article)[0]


def process_parsed(article: Article) -> tuple[ArticleResult, Doc | None]:
    """process_article(), and the spaCy Doc of the body (None for an article not in English)."""
    # after reading: a bad file fails before the model loads
    from geokg.entities import ruler as nlp
    if not _english_or_warn(article):
        return ArticleResult(article=article, linked=Linked(), events=[]), None
    doc = nlp.parse(article)
    return _analyse(article, doc), doc


def process_many(paths: Iterable[Path | str], progress: Progress | None = None,
                 doc_ids: Sequence[str] | None = None) -> Iterator[ArticleResult]:
    """process() over many files, parsing bodies in batches with nlp.pipe.

    All files are read (and so checked) before the model does any work, so a
    bad file fails the run at once rather than after minutes of parsing.
    `doc_ids` name the articles (default: `article_ids` of these paths).
    """
    paths = list(paths)
    ids = article_ids(paths) if doc_ids is None else doc_ids
    articles = [read_article(p, i) for p, i in zip(paths, ids, strict=True)]
    # after reading: a bad file fails before the model loads
    from geokg.entities import ruler as nlp
    english = [_english_or_warn(a) for a in articles]
    docs = nlp.parse_many(
        (a for a, ok in zip(articles, english, strict=True) if ok), batch_size=BATCH_SIZE
    )
    for i, (article, ok) in enumerate(zip(articles, english, strict=True), 1):
        if progress:
            progress(i, len(articles), article.path, "reading")
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
    cached: int = 0
    warnings: int = 0
    failed: int = 0
    merged: dict[str, str] = field(default_factory=dict)  # person key -> the key it became

    def line(self) -> str:
        """"built OUT: 1 article, 9 events (Visit 2, ...), 412 triples in 3.1 s; 0 cached, ..."."""
        n_events = sum(self.events.values())
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.events.items()))
        plural = "" if self.articles == 1 else "s"
        rate = f", {self.articles / self.seconds:.1f} articles/s" if self.seconds else ""
        return (
            f"built {self.out}: {self.articles} article{plural}, {n_events} events"
            f"{f' ({kinds})' if kinds else ''}, {self.triples} triples in {self.seconds:.1f} s"
            f"; cached: {self.cached}, warnings: {self.warnings}"
            f"{f', left out: {self.failed}' if self.failed else ''}"
            f"{f', people merged: {len(self.merged)}' if self.merged else ''}{rate}"
        )

    def add(self, output: ArticleOutput) -> None:
        self.articles += 1
        self.events.update(output.events)
        self.cached += output.cached
        self.warnings += len(output.warnings)
        self.failed += output.failed


def validate_or_fail(graph: Graph, what: str, consequence: str = "") -> None:
    """Raise ValidationFailed with the SHACL report when `graph` does not conform.

    The build's gate runs on the fast engine (pyshacl-turbo, which gives pyshacl's
    report: tests/test_fast_shacl.py); `geokg validate` keeps pyshacl."""
    from geokg.rdf import validate

    report = validate.validate(graph, fast=True)
    if not report.conforms:
        text = str(getattr(report, "text", "") or report).strip()
        raise ValidationFailed(
            f"{what}: does not conform to the SHACL shapes{consequence} "
            f"— fix the cause named in the report below\n{text}"
        )


# ---------------------------------------------------------------- one chunk


@dataclass
class Extracted:
    """One article after the first phase of a build (read, parse, link, extract,
    incomplete events left out): the entities it names, for settling their names
    across the build, and the whole result, pickled, for the mapping phase."""

    name: str
    names: list[tuple[str, str, str | None]]  # (key, label, country) of each entity
    result: bytes
    warnings: list[str] = field(default_factory=list)


@dataclass
class MapJob:
    """One article for the second phase: map, validate, serialise, after its entities
    were given their build-wide keys and labels (`renames`: old key -> (key, label,
    country))."""

    path: str
    doc_id: str
    renames: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)
    result: bytes | None = None  # the pickled extraction of this build; None: extract again
    warnings: list[str] = field(default_factory=list)  # those of that extraction


def extract_chunk(paths: list[str], doc_ids: list[str], cache_dir: str | None = None,
                  keys: Sequence[str] = ()) -> list[Extracted]:
    """The first phase for a chunk of articles, here or in a worker (see render_chunk).

    With a `cache_dir` (a directory this process can write, and the article
    `keys`), each article's extraction and names are cached as soon as they
    are made, not when the chunk or the build is done: a build stopped half-way
    keeps every article it has parsed.
    """
    from geokg.entities.names import names_of
    from geokg.rdf.completeness import drop_incomplete

    cache = Cache(Path(cache_dir) if cache_dir else None)
    extracted: list[Extracted] = []
    with caught_warnings() as captured:
        for found, key in zip(process_many([Path(p) for p in paths], doc_ids=doc_ids),
                              keys or [None] * len(paths), strict=True):
            result = drop_incomplete(found, warn)
            names = [(n.key, n.label, n.country) for n in names_of(result)]
            name = str(result.article.path)
            extracted.append(Extracted(name, names,
                                       pickle.dumps(result, pickle.HIGHEST_PROTOCOL)))
            if key is not None:
                own = [m for m in captured if m.startswith(f"{name}:")]
                _cache_extraction(cache, key, result, own, names)
    _give_warnings(captured, extracted)
    return extracted


def _cache_extraction(cache: Cache, key: str, result: ArticleResult, warnings: list[str],
                      names: list[tuple[str, str, str | None]]) -> None:
    """The extraction first, its names last: names found in the cache mean the article
    need not be extracted again, and its extraction is then there too."""
    cache.store_extracted(key, result, warnings)
    cache.store_names(key, names)


def render_chunk(jobs: list[MapJob], base: str, consequence: str = "",
                 keep_going: bool = False) -> list[ArticleOutput]:
    """Map, validate and serialise a chunk of articles: the unit of work of the
    second phase.

    An article comes with its extraction from the first phase, or is processed
    again (its names were cached, its output for these renames was not); its
    entities are renamed as the whole build decided, then it is mapped. Returns
    one ArticleOutput per job, in order; raises ValidationFailed for the first
    article whose graph does not conform, or with `keep_going` returns it
    without triples, marked failed, its report as a warning. Runs in this
    process or in a worker (process pool, dask): it needs nothing but the jobs.
    """
    from geokg.entities.link import PersonName, move_people
    from geokg.rdf.completeness import drop_incomplete

    outputs: list[ArticleOutput] = []
    again = [job for job in jobs if job.result is None]
    fresh = process_many([Path(job.path) for job in again], doc_ids=[j.doc_id for j in again])
    with caught_warnings() as captured:
        for job in jobs:
            if job.result is None:
                result = drop_incomplete(next(fresh), warn)
            else:
                result = pickle.loads(job.result)  # noqa: S301 (made by extract_chunk of this build)
            move_people(result, {old: PersonName(*new) for old, new in job.renames.items()})
            outputs.append(_render(result, base, consequence, keep_going, job.warnings))
    _give_warnings(captured, outputs)
    return outputs


def _render(result: ArticleResult, base: str, consequence: str, keep_going: bool,
            warnings: list[str]) -> ArticleOutput:
    from rdflib.plugins.stores.memory import SimpleMemory

    from geokg.rdf import mapper

    name, doc_id = str(result.article.path), result.article.doc_id
    graph = mapper.article_graph(result, base, store=SimpleMemory())  # validated, sorted
    try:
        validate_or_fail(graph, name, consequence)
    except ValidationFailed as exc:
        if not keep_going:
            raise
        return ArticleOutput(name, doc_id, "", warnings=[*warnings, str(exc)], failed=True)
    events = Counter(event.type for event in result.events)
    return ArticleOutput(name=name, doc_id=doc_id, ntriples=canonical_ntriples(graph),
                         events=dict(sorted(events.items())), warnings=list(warnings))


def _give_warnings(captured: list[str], outputs: Sequence[ArticleOutput | Extracted]) -> None:
    """Warnings name their file: give each to its article (else to the first)."""
    for message in captured:
        owner = next((o for o in outputs if message.startswith(f"{o.name}:")), None)
        (owner or outputs[0]).warnings.append(message) if outputs else warn(message)


# ---------------------------------------------------------------- the build


def default_cache_dir(out: Path | str) -> Path | None:
    """`.geokg-cache/` beside the output file (beside the file a symbolic link points to;
    inside an output directory); none for stdout, a device, a pipe or a socket, or an
    output under /dev or /proc (no cache is made in a system folder)."""
    if is_written_through(out):
        return None
    out = Path(out)
    return (out if is_shard_dir(out) else resolved(out).parent) / CACHE_DIR_NAME


def build(paths: Iterable[Path | str], out: Path | str, base: str = DEFAULT_BASE,
          fmt: str | None = None, progress: Progress | None = None, *,
          jobs: int = 1, cache_dir: Path | None = None, executor: str = "process",
          scheduler: str | None = None, shard_size: int = SHARD_SIZE,
          keep_going: bool = False) -> BuildSummary:
    """Articles -> one validated graph file (or N-Quads shards); nothing written on failure.

    Two phases: every article is extracted first (`extract_chunk`), then the
    names of all articles are settled (geokg.entities.names.name_moves: one IRI per
    person, one label per entity across the build), then each article is mapped,
    validated and written (`render_chunk`). Between the phases an extraction waits
    pickled in a temporary directory, so memory holds only the names of entities.

    TriG and N-Quads get one named graph per article (`graph_iri(doc_id)`),
    written article by article in input order as the work completes, so
    memory does not grow with the corpus; JSON-LD gets named graphs too;
    Turtle and N-Triples get all articles merged into one graph, which is
    validated again as a whole (merging can break a shape each article meets
    alone). An output directory gets N-Quads shards of `shard_size` articles.
    Articles found in `cache_dir` (same bytes, name, base and pipeline, and the
    same renames of their entities) are not processed again. Every file is read
    before any work starts: those that cannot be used (missing, empty, not
    UTF-8, bad front matter, ...) fail the build in one InputError naming them
    all. With `keep_going`, they are left out with a warning each instead, and
    so is an article whose graph fails validation (its report as the warning);
    `BuildSummary.failed` counts them.
    """
    from geokg.entities.link import PersonName
    from geokg.entities.names import name_moves
    from geokg.run.executors import make_executor

    started = time.monotonic()
    files = collect_articles(paths)
    ids = article_ids(files)  # of every file found: fixing a bad one changes no other IRI
    summary = BuildSummary(out=str(out))
    # reads every file before any work (or folder made): all the bad ones fail it at once
    keys, unreadable = _read_all(files, ids, base)
    if unreadable:
        _leave_out_unreadable(unreadable, len(files), keep_going, summary)
        files, ids = [files[i] for i in keys], [ids[i] for i in keys]
    keys = list(keys.values())
    if str(out) != STDOUT:  # an unwritable output fails before minutes of work
        check_writable(Path(out) / "shard-000.nq" if is_shard_dir(out) else Path(out))
    cache = Cache(cache_dir)
    consequence = ", so it was left out" if keep_going else f", so {out} was not written"
    writer = writer_for(out, fmt, base, shard_size)
    engine = None

    def start_engine():
        nonlocal engine
        if engine is None:
            engine = make_executor(executor, jobs, scheduler)
        return engine

    lock = output_lock(out)  # a second build to `out` is refused, not silently overwritten
    spill = Path(tempfile.mkdtemp(prefix="geokg-extracted-"))
    try:
        names = [cache.load_names(key) for key in keys]
        # workers cache what they extract, unless they may not see this file system
        where = (os.path.abspath(cache_dir) if cache_dir is not None and cache.writable
                 and not scheduler else None)
        fresh = _extract_all(files, ids, names, start_engine, jobs, spill, progress,
                             (cache, keys, where))
        moves = name_moves([[PersonName(*n) for n in found or ()] for found in names])
        renames = [{old: (new.key, new.label, new.country) for old, new in m.items()}
                   for m in moves]
        summary.merged = dict(sorted({old: new[0] for m in renames for old, new in m.items()
                                      if old != new[0]}.items()))
        out_keys = [output_key(key, r)
                    for key, r in zip(keys, renames, strict=True)]

        reused: set[int] = set()  # extracted by an earlier build (e.g. an interrupted one)

        def job_of(i: int) -> MapJob:
            job = MapJob(str(files[i]), ids[i], renames[i])
            if i in fresh:
                job.result = (spill / f"{i}.pickle").read_bytes()
                job.warnings = fresh[i]
            elif (earlier := cache.load_extracted(keys[i], files[i])) is not None:
                job.result = pickle.dumps(earlier[0], pickle.HIGHEST_PROTOCOL)
                job.warnings = earlier[1]
                reused.add(i)
            return job

        def stored(i: int, output: ArticleOutput) -> None:
            key = _left_out(out_keys[i]) if output.failed else out_keys[i]
            cache.store(key, output)
            output.cached = i in reused  # not parsed again: counted as cached

        with writer:
            outputs = _ordered_outputs(out_keys, cache, start_engine, job_of, stored, base,
                                       jobs, (consequence, keep_going))
            for i, output in enumerate(outputs, 1):
                for message in output.warnings:
                    log.warning(message)
                if not output.failed:
                    writer.add(output)
                summary.add(output)
                if progress:
                    progress(i, len(files), Path(output.name), "writing")
            merged = writer.merged()
            if merged is not None:  # merging can break a shape each article meets alone
                validate_or_fail(merged, f"{out} (all articles merged)", ", so it was not written")
            summary.triples = writer.finish()
    except BaseException:  # failed or interrupted: no worker outlives the build
        if engine is not None:
            engine.close(abort=True)
        raise
    finally:
        shutil.rmtree(spill, ignore_errors=True)
        lock.release()
    if engine is not None:
        engine.close()
    summary.warnings += cache.warnings  # a cache that could not be written (said once)
    summary.seconds = time.monotonic() - started
    return summary


def _extract_all(files: list[Path], ids: list[str],
                 names: list[list[tuple[str, str, str | None]] | None], start_engine,
                 jobs: int, spill: Path, progress: Progress | None,
                 caching: tuple[Cache, list[str], str | None]) -> dict[int, list[str]]:
    """The first phase for every article whose names the cache does not hold: fills
    `names` in, pickles each extraction into `spill` (`<index>.pickle`); returns the
    warnings of each article extracted, by index.

    `caching` is (the cache, the article keys, the cache directory for the workers):
    workers cache each extraction as they make it; when they are not given the
    directory (a remote dask cluster), this process caches a chunk when it arrives."""
    cache, keys, where = caching
    misses = [i for i, found in enumerate(names) if found is None]
    if not misses:
        return {}
    engine = start_engine()
    chunks = _chunks(misses, max(1, getattr(engine, "workers", jobs)))
    ahead = AHEAD * max(1, getattr(engine, "workers", jobs))
    pending: deque = deque()
    warnings: dict[int, list[str]] = {}

    def collect() -> None:
        members, future = pending.popleft()
        for i, extracted in zip(members, future.result(), strict=True):
            names[i] = extracted.names
            (spill / f"{i}.pickle").write_bytes(extracted.result)
            warnings[i] = extracted.warnings
            if where is None and cache.writable:  # workers did not cache it
                result = pickle.loads(extracted.result)  # noqa: S301 (made by extract_chunk)
                _cache_extraction(cache, keys[i], result, extracted.warnings, extracted.names)
            if progress:
                progress(len(warnings), len(misses), files[i], "extracting")

    for chunk in chunks:
        if len(pending) >= ahead:
            collect()
        pending.append((chunk, engine.submit(
            extract_chunk, [str(files[i]) for i in chunk], [ids[i] for i in chunk],
            where, [keys[i] for i in chunk] if where else [])))
    while pending:
        collect()
    return warnings


def _chunks(members: list[int], workers: int) -> list[list[int]]:
    """Chunks of BATCH_SIZE, smaller when there are too few articles to keep every
    worker busy."""
    size = max(1, min(BATCH_SIZE, -(-len(members) // workers)))
    return [members[j:j + size] for j in range(0, len(members), size)]


def _read_all(files: list[Path], ids: list[str], base: str) -> tuple[dict[int, str], list[str]]:
    """Read (and so check) every article: the cache key of each readable one, by index
    (the Articles are not kept), and the message of each one that cannot be used."""
    keys: dict[int, str] = {}
    unreadable: list[str] = []
    for i, (path, doc_id) in enumerate(zip(files, ids, strict=True)):
        try:
            article = read_article(path, doc_id)
        except InputError as exc:
            unreadable.append(str(exc))
            continue
        keys[i] = article_key(article.sha256, path.name, base, doc_id)
    return keys, unreadable


def _leave_out_unreadable(messages: list[str], found: int, keep_going: bool,
                          summary: BuildSummary) -> None:
    """Articles that cannot be read: one error naming them all (also with `keep_going`
    when none is left to build), or with `keep_going` one warning each, counted in the
    summary as articles left out."""
    if not keep_going or len(messages) == found:
        if len(messages) == 1:
            raise InputError(messages[0])
        raise InputError(
            f"{len(messages)} of the {found} articles cannot be used — fix or remove them, "
            "or leave them out with --keep-going:\n" + "\n".join(f"  {m}" for m in messages))
    for message in messages:
        what, dash, fix = message.partition(" — ")
        log.warning(f"{what}, so it was left out{dash}{fix}")
    summary.articles += len(messages)
    summary.warnings += len(messages)
    summary.failed += len(messages)


def _ordered_outputs(keys: list[str], cache: Cache, start_engine, job_of, stored,
                     base: str, jobs: int, options: tuple) -> Iterator[ArticleOutput]:
    """Every article's output in input order: from the cache, or from chunks of work
    submitted a few chunks ahead of the one being written (`stored` caches new ones)."""
    # An article left out by --keep-going is cached apart: a strict build processes it again.
    hits = {i: k for i, key in enumerate(keys) if (k := _stored_key(cache, key, options[1]))}
    misses = [i for i in range(len(keys)) if i not in hits]
    engine = start_engine() if misses else None
    workers = max(1, getattr(engine, "workers", jobs))
    chunks = _chunks(misses, workers)
    chunk_of = {i: c for c, members in enumerate(chunks) for i in members}
    pending: dict[int, object] = {}
    ready: dict[int, ArticleOutput] = {}
    ahead = AHEAD * workers
    submitted = 0
    for i in range(len(keys)):
        if i not in chunk_of:
            output = cache.load(hits[i])
            if output is None:  # unreadable after all: made again
                output = render_chunk([job_of(i)], base, *options)[0]
                stored(i, output)
            yield output
            continue
        c = chunk_of[i]
        while submitted < len(chunks) and submitted <= c + ahead:
            batch = [job_of(m) for m in chunks[submitted]]
            pending[submitted] = engine.submit(render_chunk, batch, base, *options)
            submitted += 1
        if c in pending:
            for member, output in zip(chunks[c], pending.pop(c).result(), strict=True):
                stored(member, output)
                ready[member] = output
        yield ready.pop(i)


def _stored_key(cache: Cache, key: str, keep_going: bool) -> str | None:
    """The key under which the cache holds this article's output, if it does."""
    if cache.has(key):
        return key
    return _left_out(key) if keep_going and cache.has(_left_out(key)) else None


def _left_out(key: str) -> str:
    """Cache key of an article that failed validation in a --keep-going build."""
    return f"{key}-left-out"


