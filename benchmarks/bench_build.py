"""Build benchmarks on a generated corpus: cost vs parsing, scaling, workers, cache, accuracy.

    .venv/bin/python benchmarks/bench_build.py                       # everything
    .venv/bin/python benchmarks/bench_build.py --only parse,accuracy -n 300
    .venv/bin/python benchmarks/bench_build.py --only scale --sizes 100,1000,5000 --budget 900
    .venv/bin/python benchmarks/bench_build.py --only process -n 40 --baseline /tmp/old/src

Sections (each prints what it measured and the ratios, all from this run):
  parse        the whole build vs spaCy parsing alone on the same texts (goal <= 1.5x),
               with the time of each stage
  accuracy     events P/R/F1 against the generated answer key (the rules of
               shared/tools/score_events.py, imported from it when it is there)
  scale        `geokg build` at each size in a fresh process: time and peak RSS,
               per article (sizes that would not fit in --budget seconds are skipped)
  jobs         --jobs 2 vs --jobs 1 on the same -n articles
  incremental  rebuild after one article changed, and with none changed, vs a full build
  process      whole-process `geokg build -o out.ttl --no-cache` on real articles (copies of
               shared/corpus/dev, dev2, dev3: --real) vs a process that only loads spaCy and parses
               the same texts (goal <= 1.2x), interleaved rounds; peak memory of each; the
               time of every stage of that build (start-up, merging, Turtle writing too)

The corpus comes from geokg.run.synth (benchmarks/generate_corpus.py), seeded; the
process section's from the evaluation corpus (-n articles, taken in turn: 40 = each once).
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from geokg.run import synth

REPO = Path(__file__).resolve().parents[1]
SCORER = REPO.parent / "shared" / "tools" / "score_events.py"
GEOKG = [str(Path(sys.executable).with_name("geokg"))]
LAST_CPU = 0.0
SECTIONS = ("parse", "accuracy", "scale", "jobs", "incremental", "process")
CORPUS = REPO.parent / "shared" / "corpus"
# Runs a command and prints its wall time, the peak RSS of its largest process and its stderr.
_MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "dt = time.perf_counter() - t\n"
    "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "cpu = ru.ru_utime + ru.ru_stime\n"
    "print(json.dumps([dt, ru.ru_maxrss, p.returncode, p.stderr[-4000:], cpu]))\n"
)


def corpus(work: Path, n: int, seed: int) -> Path:
    """work/corpus-N-sSEED with n generated articles (made once, reused)."""
    folder = work / f"corpus-{n}-s{seed}"
    if not (folder / ".done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        synth.generate(n, folder, seed=seed)
        (folder / ".done").write_text("")
    return folder


def measure(args: list[str], command: list[str] = GEOKG,
            source: Path | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stderr) of `geokg ARGS` (or `command ARGS`) in a fresh
    process, importing geokg from `source` (a src/ folder) when given; raise on failure.

    The CPU seconds of the process and its workers are kept in `LAST_CPU`.
    """
    global LAST_CPU
    env = None if source is None else {**os.environ, "PYTHONPATH": str(source)}
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *command, *map(str, args)],
                          capture_output=True, text=True, check=True, env=env)
    seconds, rss_kb, code, stderr, LAST_CPU = json.loads(proc.stdout)
    if code != 0:
        raise SystemExit(f"{' '.join([*command, *map(str, args)])} exited {code}:\n{stderr}")
    return seconds, rss_kb / 1024, stderr


def summary_line(stderr: str) -> str:
    return next((ln for ln in reversed(stderr.splitlines()) if "geokg: built" in ln), "")


# ---------------------------------------------------------------- parse + accuracy


def bench_parse(folder: Path, accuracy: bool, rounds: int) -> None:
    """Time each stage in this process, then spaCy alone and the whole build in turns.

    Parse-alone and whole-build runs alternate for `rounds` rounds and the best
    of each is kept, so a burst of other work on a shared machine spoils one
    run, not the ratio.
    """
    from geokg import pipeline
    from geokg.entities import ruler as nlp
    from geokg.read.article import collect_articles, read_article
    from geokg.run.executors import warm_up

    files = collect_articles([folder])
    warm_up()  # model, shapes, ontology: loaded once, not timed
    times, rows = stage_times(files, folder.parent / "parse-bench.ttl")
    articles = [read_article(p) for p in files]
    out = folder.parent / "parse-bench.nq"
    parse = build = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        for _doc in nlp.parse_many(articles, batch_size=pipeline.BATCH_SIZE):
            pass
        parse = min(parse, time.perf_counter() - t)
        t = time.perf_counter()
        pipeline.build(files, out, progress=None, jobs=1, cache_dir=None, keep_going=True)
        build = min(build, time.perf_counter() - t)
    n = len(files)
    print(f"\n== parse: {n} articles, one process, model loaded beforehand")
    print_stages(times, n)
    print(f"  best of {rounds} alternating rounds:")
    print(f"  spaCy alone    {parse:7.2f} s  {n / parse:7.1f} articles/s")
    print(f"  whole build    {build:7.2f} s  {n / build:7.1f} articles/s"
          "  (read, parse, link, extract, map, validate, write)")
    print(f"  RATIO build / spaCy parse = {build / parse:.2f}  (goal <= 1.5)")
    if accuracy:
        score(folder, rows)


def stage_times(files: list[Path], out: Path) -> tuple[Counter, dict[Path, list[dict]]]:
    """Seconds of each stage of a Turtle build of `files`, one pass in this process, and
    the events of each article (for `score`).

    The stages are those of pipeline.build with --jobs 1 (people unified across
    articles aside): parse, link + extract, map, validate and serialise each
    article, then add it to the merged graph, validate that, and write it to `out`.
    """
    from geokg import pipeline
    from geokg.entities import ruler as nlp
    from geokg.rdf import mapper, validate
    from geokg.rdf.export import events_json
    from geokg.read.article import read_article
    from geokg.run import writers
    from geokg.run.cache import ArticleOutput

    # the build's gate (the fast engine where this revision has one), not pyshacl
    fast = {"fast": True} if "fast" in inspect.signature(validate.validate).parameters else {}
    times: Counter = Counter()
    t = time.perf_counter()
    articles = [read_article(p) for p in files]
    times["read"] = time.perf_counter() - t
    t = time.perf_counter()
    docs = list(nlp.parse_many(articles, batch_size=pipeline.BATCH_SIZE))
    times["parse (spaCy)"] = time.perf_counter() - t
    rows, outputs = {}, []
    for article, doc in zip(articles, docs, strict=True):
        t = time.perf_counter()
        result = pipeline._analyse(article, doc)
        times["link+extract"] += time.perf_counter() - t
        t = time.perf_counter()
        graph = mapper.article_graph(result)
        times["map"] += time.perf_counter() - t
        t = time.perf_counter()
        validate.validate(graph, **fast)
        times["validate"] += time.perf_counter() - t
        t = time.perf_counter()
        text = writers.canonical_ntriples(graph)
        times["serialise"] += time.perf_counter() - t
        outputs.append(ArticleOutput(str(article.path), article.doc_id, text))
        rows[article.path] = events_json(result, mapper.DEFAULT_BASE)
    del docs
    with writers.writer_for(out, None, mapper.DEFAULT_BASE, writers.SHARD_SIZE) as writer:
        t = time.perf_counter()
        for output in outputs:
            writer.add(output)
        times["merge"] = time.perf_counter() - t
        t = time.perf_counter()
        merged = writer.merged()
        if merged is not None:
            validate.validate(merged, **fast)
        times["validate merged"] = time.perf_counter() - t
        t = time.perf_counter()
        writer.finish()
        times["write"] = time.perf_counter() - t
    return times, rows


def print_stages(times: Counter, n: int) -> None:
    """The stage table: seconds, per article, and as a share of the spaCy parse."""
    print("  stages, one pass:")
    for stage, seconds in times.items():
        print(f"  {stage:<16} {seconds:7.2f} s  {seconds / n * 1000:7.1f} ms/article"
              f"  {seconds / times['parse (spaCy)']:5.2f}x parse")


def _scorer():
    """shared/tools/score_events.py as a module, or None when it is not beside the repo."""
    if not SCORER.exists():
        return None
    spec = importlib.util.spec_from_file_location("score_events", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(folder: Path, rows: dict[Path, list[dict]]) -> None:
    """P/R/F1 of the predicted events against the gold files, with score_events' own rules."""
    scorer = _scorer()
    if scorer is None:
        print(f"\n== accuracy: skipped, {SCORER} is absent")
        return
    scorer.run_events = lambda cmd, article: rows[Path(article)]  # predictions made above
    total = {"tp": 0, "fp": 0, "fn": 0}
    fields: dict[str, list[int]] = {}
    types: dict[str, Counter] = {}
    for path in rows:
        tally = scorer.score_article(path, [], False)
        for key in total:
            total[key] += tally[key]
        for name, (ok, seen) in tally["fields"].items():
            fields.setdefault(name, [0, 0])
            fields[name][0] += ok
            fields[name][1] += seen
        for kind, counts in tally["types"].items():
            types.setdefault(kind, Counter()).update(counts)
    p, r, f1 = scorer.prf(total["tp"], total["fp"], total["fn"])
    print(f"\n== accuracy: {len(rows)} generated articles against their answer key")
    for kind, c in sorted(types.items()):
        kp, kr, kf = scorer.prf(c["tp"], c["fp"], c["fn"])
        print(f"  {kind:<12} F1={kf:.2f} P={kp:.2f} R={kr:.2f}  "
              f"(tp {c['tp']}, fp {c['fp']}, fn {c['fn']})")
    agree = ", ".join(f"{k} {ok}/{seen}" for k, (ok, seen) in fields.items() if seen)
    print(f"  fields agreeing on matched events: {agree}")
    print(f"  events F1={f1:.3f} P={p:.3f} R={r:.3f}")


# ---------------------------------------------------------------- scale, jobs, incremental


def startup(work: Path, seed: int, jobs: int = 1) -> float:
    """Seconds of a one-article build: interpreter, imports, model load, write."""
    seconds, _, _ = measure(["build", corpus(work, 1, seed), "-o", work / "one.nq", "--no-cache",
                             "--jobs", jobs, "--keep-going"])
    return seconds


def bench_scale(work: Path, sizes: list[int], seed: int, budget: float, jobs: int) -> None:
    base = startup(work, seed, jobs)
    print(f"\n== scale: geokg build --jobs {jobs} --no-cache, a fresh process per size "
          f"(start-up {base:.1f} s)")
    print(f"  {'articles':>8} {'seconds':>8} {'art/s':>7} {'ms/article':>10} "
          f"{'peak RSS MB':>11} {'KB/article':>10}")
    spent, per_article, rows = base, None, []
    for n in sizes:
        if per_article and spent + n * per_article > budget:
            print(f"  {n:>8} skipped: about {n * per_article:.0f} s, beyond the --budget "
                  f"of {budget:.0f} s")
            continue
        folder = corpus(work, n, seed)
        seconds, rss, _ = measure(["build", folder, "-o", work / f"scale-{n}.nq",
                                   "--no-cache", "--jobs", jobs, "--keep-going"])
        spent += seconds
        per_article = max(seconds - base, 0.001) / n
        rows.append((n, rss))
        print(f"  {n:>8} {seconds:8.1f} {n / seconds:7.1f} {per_article * 1000:10.1f} "
              f"{rss:11.0f} {rss * 1024 / n:10.1f}")
    if len(rows) > 1:
        (n0, r0), (n1, r1) = rows[0], rows[-1]
        print(f"  RATIO peak RSS {n1} / {n0} articles = {r1 / r0:.2f} "
              f"for {n1 / n0:.0f}x the articles")


def bench_jobs(folder: Path, work: Path, seed: int) -> None:
    n = sum(1 for _ in folder.glob("*.txt"))
    one, _, _ = measure(["build", folder, "-o", work / "jobs1.nq", "--no-cache", "--jobs", 1,
                         "--keep-going"])
    cpu_one = LAST_CPU
    two, _, _ = measure(["build", folder, "-o", work / "jobs2.nq", "--no-cache", "--jobs", 2,
                         "--keep-going"])
    cpu_two = LAST_CPU
    same = (work / "jobs1.nq").read_bytes() == (work / "jobs2.nq").read_bytes()
    print(f"\n== jobs: {n} articles on {os.cpu_count()} cores (load average "
          f"{os.getloadavg()[0]:.1f})")
    print(f"  --jobs 1 {one:7.1f} s  {n / one:6.1f} articles/s  CPU {cpu_one:6.1f} s")
    print(f"  --jobs 2 {two:7.1f} s  {n / two:6.1f} articles/s  CPU {cpu_two:6.1f} s"
          f"   same bytes: {same}")
    print(f"  RATIO speed-up jobs 2 / jobs 1 = {one / two:.2f} (wall), CPU jobs 2 / jobs 1 = "
          f"{cpu_two / cpu_one:.2f}; wall is only meaningful on otherwise idle cores")


def bench_incremental(folder: Path, work: Path) -> None:
    copy = work / "incremental"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder, copy)
    out, cache = work / "incremental.nq", work / "incremental-cache"
    shutil.rmtree(cache, ignore_errors=True)
    args = ["build", copy, "-o", out, "--cache", cache, "--keep-going"]
    full, _, _ = measure(args)
    before = out.read_bytes()
    noop, _, noop_err = measure(args)
    same = out.read_bytes() == before
    first = sorted(copy.glob("*.txt"))[0]
    first.write_text(first.read_text() + "\nSecurity in the region remains fragile.\n")
    one, _, one_err = measure(args)
    print(f"\n== incremental: {sum(1 for _ in copy.glob('*.txt'))} articles, cache in {cache}")
    print(f"  full build          {full:7.1f} s")
    print(f"  nothing changed     {noop:7.1f} s  byte-identical: {same}  "
          f"[{summary_line(noop_err).split('; ')[-1]}]")
    print(f"  one article changed {one:7.1f} s  [{summary_line(one_err).split('; ')[-1]}]")
    print(f"  RATIO one changed / full = {one / full:.3f}, nothing changed / full = "
          f"{noop / full:.3f}")


# ---------------------------------------------------------------- process


# Loads the model as geokg does (with or without its gazetteer ruler), parses the
# bodies of the articles given, and nothing else: what `geokg build` is compared with.
_PARSE_ONLY = (
    "import sys\n"
    "from geokg.read.article import collect_articles, read_article\n"
    "from geokg.language import nlp as language\n"
    "articles = [read_article(p) for p in collect_articles(sys.argv[2:])]\n"
    "if sys.argv[1] == 'ruler':\n"
    "    from geokg.entities.ruler import get_nlp\n"
    "    model = get_nlp()\n"
    "else:\n"
    "    model = language.base_pipeline()\n"
    "for _doc in language.parse_many(model, articles, 16):\n"
    "    pass\n"
)


def real_corpus(work: Path, n: int, dirs: list[Path]) -> Path:
    """work/real-N-DIRS: n articles copied from `dirs` (in turn, renamed so that repeats are
    articles of their own)."""
    sources = sorted(p for d in dirs if d.is_dir() for p in d.glob("*.txt"))
    if not sources:
        raise SystemExit(f"no articles in {', '.join(map(str, dirs))}")
    folder = work / f"real-{n}-{'-'.join(d.name for d in dirs)}"
    if not (folder / ".done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for i in range(n):
            source = sources[i % len(sources)]
            shutil.copyfile(source, folder / f"{i:03d}_{source.name}")
        (folder / ".done").write_text("")
    return folder


def bench_process(work: Path, n: int, rounds: int, dirs: list[Path],
                  baselines: tuple[Path, ...] = ()) -> None:
    """`geokg build` in a fresh process vs processes that only load the model and parse.

    They take turns for `rounds` rounds and the best time of each is kept:
    spaCy alone (the model as geokg loads it), geokg's NLP (the model plus the
    gazetteer's entity ruler) and the whole build; with `baselines` (other
    revisions' src/ folders, each named by the folder above it) their whole
    builds too, and whether they wrote the same bytes. Then the stage table of
    the same build, one pass in this process, and its start-up costs.
    """
    from geokg.entities import gazetteer
    from geokg.entities.ruler import get_nlp
    from geokg.language import nlp as language
    from geokg.read.article import collect_articles
    from geokg.run.executors import warm_up

    folder = real_corpus(work, n, dirs)
    out = folder.with_suffix(".ttl")
    parse_only = [sys.executable, "-c", _PARSE_ONLY]
    runs = {"spaCy alone": (parse_only, ["model", folder], None),
            "geokg NLP (ruler)": (parse_only, ["ruler", folder], None),
            "whole build": (GEOKG, ["build", folder, "-o", out, "--no-cache"], None)}
    for source in baselines:
        before = folder.with_suffix(f".{source.parent.name}.ttl")
        runs[f"build {source.parent.name}"] = (GEOKG, ["build", folder, "-o", before,
                                                       "--no-cache"], source)
    best = {name: (float("inf"), float("inf"), 0.0) for name in runs}  # wall, CPU, RSS
    for _ in range(rounds):
        for name, (command, args, source) in runs.items():
            seconds, rss, _ = measure(args, command, source)
            wall, cpu, peak = best[name]
            best[name] = (min(wall, seconds), min(cpu, LAST_CPU), max(peak, rss))
    print(f"\n== process: {n} real articles ({folder}), a fresh process each, "
          f"best of {rounds} interleaved rounds (load average {os.getloadavg()[0]:.1f})")
    for name, (seconds, cpu, rss) in best.items():
        print(f"  {name:<18} {seconds:7.2f} s wall  {cpu:7.2f} s CPU  peak RSS {rss:6.0f} MB")
    print("  (ratios: wall time, then CPU time, which other work on a busy machine "
          "disturbs less)")

    def ratio(a: str, b: str) -> str:
        return f"{best[a][0] / best[b][0]:.2f} wall, {best[a][1] / best[b][1]:.2f} CPU"

    print(f"  RATIO build / spaCy alone = {ratio('whole build', 'spaCy alone')}  (goal <= 1.2)")
    print(f"  RATIO build / geokg NLP = {ratio('whole build', 'geokg NLP (ruler)')}")
    print(f"  RATIO peak RSS build / spaCy = {best['whole build'][2] / best['spaCy alone'][2]:.2f}")
    for source in baselines:
        name = source.parent.name
        same = out.read_bytes() == folder.with_suffix(f".{name}.ttl").read_bytes()
        print(f"  RATIO build {name} / spaCy alone = {ratio(f'build {name}', 'spaCy alone')}; "
              f"build / build {name} = {ratio('whole build', f'build {name}')}; "
              f"same bytes: {same}")
    start: Counter = Counter()
    t = time.perf_counter()
    language.base_pipeline()
    start["start: model"] = time.perf_counter() - t
    t = time.perf_counter()
    gazetteer.load()
    start["start: gazetteer"] = time.perf_counter() - t
    t = time.perf_counter()
    get_nlp()
    start["start: ruler"] = time.perf_counter() - t - start["start: model"]
    warm_up()
    files = collect_articles([folder])
    times, _ = stage_times(files, folder.with_suffix(".stages.ttl"))
    times.update(start)
    print_stages(times, len(files))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections (default: all): {', '.join(SECTIONS)}")
    parser.add_argument("-n", type=int, default=200,
                        help="articles for parse, accuracy, jobs, incremental (default 200)")
    parser.add_argument("--sizes", default="100,1000,5000", help="corpus sizes for scale")
    parser.add_argument("--budget", type=float, default=900,
                        help="seconds the scale section may take (default 900)")
    parser.add_argument("--scale-jobs", type=int, default=1, help="--jobs of the scale runs")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating parse/build rounds in parse, best kept (default 3)")
    parser.add_argument("--baseline", type=Path, action="append", default=[],
                        help="process: also time the build of this src/ folder (another "
                             "revision, e.g. from `git archive`) and compare its output; "
                             "may be repeated")
    parser.add_argument("--real", default="dev,dev2,dev3",
                        help=f"process: folders of {CORPUS} to take articles from")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/geokg-bench"))
    args = parser.parse_args()
    only = set(args.only.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    folder = corpus(args.work, args.n, args.seed) if only - {"process", "scale"} else None
    print(f"geokg build benchmarks: {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}, corpus seed {args.seed}")
    if only & {"parse", "accuracy"}:
        bench_parse(folder, accuracy="accuracy" in only, rounds=args.rounds)
    if "jobs" in only:
        bench_jobs(folder, args.work, args.seed)
    if "incremental" in only:
        bench_incremental(folder, args.work)
    if "process" in only:
        dirs = [CORPUS / name for name in args.real.split(",")]
        bench_process(args.work, args.n, args.rounds, dirs, tuple(args.baseline))
    if "scale" in only:
        sizes = [int(s) for s in args.sizes.split(",")]
        bench_scale(args.work, sizes, args.seed, args.budget, args.scale_jobs)


if __name__ == "__main__":
    main()
