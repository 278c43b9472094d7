"""Throughput of `geokg events` on real articles, beside spaCy parsing alone.

    .venv/bin/python benchmarks/bench_events.py                # shared/corpus/dev, 5 rounds
    .venv/bin/python benchmarks/bench_events.py DIR --rounds 10

Both sides run in this process on the same texts, with the model loaded once
before timing: `parse` is spaCy's pipeline on each article body, `events` is
read -> nlp -> link -> extract -> JSON, the work `geokg events` does per
article. The ratio events/parse is what the extraction costs on top of the
parse; the best of the rounds is reported for each, to damp noise from a
busy machine.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from geokg import pipeline
from geokg.entities.ruler import get_nlp
from geokg.language.nlp import parse_text
from geokg.rdf import export
from geokg.read.article import collect_articles, read_article

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev"


def best_of_interleaved(rounds: int, *works, clock=time.perf_counter) -> list[float]:
    """Best time of each work by `clock`, the works taking turns so load hits them alike."""
    best = [float("inf")] * len(works)
    for _ in range(rounds):
        for i, work in enumerate(works):
            start = clock()
            work()
            best[i] = min(best[i], clock() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEV)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    paths = collect_articles([args.folder])
    articles = [read_article(p) for p in paths]
    nlp = get_nlp()
    chars = sum(len(a.body) for a in articles)

    def parse_only() -> None:
        for article in articles:
            nlp(parse_text(article))

    def events() -> None:
        for path in paths:
            export.events_json(pipeline.process(path))

    events()  # warm caches (gazetteer tables, rules) outside the timing
    parse_s, events_s = best_of_interleaved(args.rounds, parse_only, events)
    # CPU time: what other work on a shared machine disturbs least
    parse_cpu, events_cpu = best_of_interleaved(args.rounds, parse_only, events,
                                                clock=time.process_time)
    n = len(articles)
    print(f"{n} articles, {chars} characters, best of {args.rounds} rounds")
    print(f"spaCy parse alone : {parse_s:.3f} s  ({n / parse_s:.1f} articles/s), "
          f"{parse_cpu:.3f} s CPU")
    print(f"geokg events      : {events_s:.3f} s  ({n / events_s:.1f} articles/s), "
          f"{events_cpu:.3f} s CPU")
    print(f"ratio events/parse: {events_s / parse_s:.2f}x wall, "
          f"{events_cpu / parse_cpu:.2f}x CPU")


if __name__ == "__main__":
    main()
