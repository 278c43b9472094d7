"""Cost of one long article: time and peak memory of `geokg build` by article length.

    .venv/bin/python benchmarks/bench_length.py                 # 100 KB, 400 KB, 1.5 MB
    .venv/bin/python benchmarks/bench_length.py --sizes 100 200 --seed 3

Each article is made from the body paragraphs of the evaluation corpus
(shared/corpus/dev, dev2) and seeds/, shuffled and repeated until it reaches
the size, under one headline; it is built with `geokg build` in a fresh
process (`-o x.nq --no-cache`), so the time includes loading the model and
the peak memory (ru_maxrss of the child) is the whole build's. The build of
an article up to the README's limit must succeed; the ratio of the 400 KB to
the 100 KB time shows whether the cost grows with the length (4x) or faster.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT.parent / "shared" / "corpus" / "dev", ROOT.parent / "shared" / "corpus" / "dev2",
           ROOT / "seeds")


def corpus_paragraphs() -> list[str]:
    """The body paragraphs (not headline, byline or front matter) of every source article."""
    from geokg.read.article import collect_articles, read_article

    dirs = [d for d in SOURCES if d.is_dir()]
    paragraphs = []
    for path in collect_articles(dirs):
        body = read_article(path).body
        paragraphs.extend(p.strip() for p in body.split("\n\n") if p.strip())
    return paragraphs


def long_article(size: int, paragraphs: list[str], seed: int = 0) -> str:
    """An article of at least `size` characters: shuffled rounds of `paragraphs`."""
    rng = random.Random(seed)
    parts = ["Long article made of corpus paragraphs", ""]
    length = 0
    while length < size:
        shuffled = paragraphs[:]
        rng.shuffle(shuffled)
        for paragraph in shuffled:
            parts.append(paragraph + "\n")
            length += len(paragraph) + 2
            if length >= size:
                break
    return "\n".join(parts)


def build_once(article: Path, out: Path) -> tuple[float, float, float, int]:
    """Seconds, CPU seconds, peak MB and exit code of `geokg build ARTICLE -o OUT --no-cache`.

    The CPU time is the one to read on a shared machine: other work stretches
    the wall time, much less the CPU time.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "geokg.cli", "build", str(article), "-o", str(out), "--no-cache"],
        capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (usage.ru_utime + usage.ru_stime) - (before.ru_utime + before.ru_stime)
    peak = usage.ru_maxrss
    if done.returncode:
        print(done.stderr.strip().splitlines()[-1], file=sys.stderr)
    # ru_maxrss of children is that of the largest child so far: sizes run in increasing order
    return seconds, cpu, peak / 1024, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400, 1500],
                        help="article sizes in KB (default: 100 400 1500)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paragraphs = corpus_paragraphs()
    times: dict[int, float] = {}
    cpus: dict[int, float] = {}
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for kb in sorted(args.sizes):
            article = Path(tmp) / f"long_{kb}kb.txt"
            article.write_text(long_article(kb * 1000, paragraphs, args.seed), encoding="utf-8")
            seconds, cpu, peak_mb, code = build_once(article, Path(tmp) / f"long_{kb}kb.nq")
            times[kb], cpus[kb] = seconds, cpu
            failed |= code != 0
            print(f"{kb:>6} KB  {seconds:8.1f} s  {cpu:8.1f} s CPU  peak {peak_mb:8.0f} MB  "
                  f"exit {code}", flush=True)
    if 100 in times and 400 in times:
        print(f"400 KB / 100 KB time: {times[400] / times[100]:.2f}x wall, "
              f"{cpus[400] / cpus[100]:.2f}x CPU (goal <= 4.5x)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
