"""Time every saved query on a large graph: pyoxigraph (geokg's embedded
store) against rdflib's in-memory Graph, in the same run.

The graph is made by replicating the hand-made article graphs of
tests/fixtures/kg/ with renamed IRIs (copy i of `B person/x` becomes
`B r{i}/person/x`), keeping country IRIs shared, as real articles share
countries. Not a test: run it by hand.

    .venv/bin/python benchmarks/bench_queries.py                 # >= 1,000,000 triples
    .venv/bin/python benchmarks/bench_queries.py --triples 200000 --repeat 5
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from geokg.rdf.iris import DEFAULT_BASE  # noqa: E402
from geokg.store import EmbeddedStore, read_query  # noqa: E402

FIXTURES = sorted((ROOT / "tests" / "fixtures" / "kg").glob("*.ttl"))
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
SHARED = (DEFAULT_BASE + "country/",)  # IRIs kept across copies


def template() -> list[ox.Quad]:
    """The fixture articles as quads, one named graph per article."""
    quads: list[ox.Quad] = []
    for path in FIXTURES:
        graph = ox.NamedNode(DEFAULT_BASE + "graph/" + path.stem)
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph)
                  for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    return quads


def renamer(copy: int):
    """A function mapping a term to its copy-`copy` twin."""
    prefix = f"{DEFAULT_BASE}r{copy}/"

    def rename(term):
        if isinstance(term, ox.NamedNode) and term.value.startswith(DEFAULT_BASE) \
                and not term.value.startswith(SHARED):
            return ox.NamedNode(prefix + term.value[len(DEFAULT_BASE):])
        return term

    return rename


def generate(n_triples: int, out: Path) -> tuple[int, int]:
    """Write enough renamed copies to reach `n_triples` quads; (copies, quads)."""
    base = template()
    copies = -(-n_triples // len(base))
    with out.open("wb") as sink:
        for i in range(copies):
            rename = renamer(i)
            quads = [ox.Quad(rename(q.subject), q.predicate, rename(q.object),
                             rename(q.graph_name)) for q in base]
            ox.serialize(quads, sink, format=ox.RdfFormat.N_QUADS)
    return copies, copies * len(base)


def best_of(repeat: int, run) -> tuple[float, int]:
    """Fastest wall time of `repeat` runs, and the row count of the last."""
    best, rows = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = run()
        best = min(best, time.perf_counter() - start)
    return best, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000,
                        help="quads to generate (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per query and store; the fastest counts (default 3)")
    parser.add_argument("--skip-rdflib", action="store_true",
                        help="time pyoxigraph only (rdflib needs minutes per query at 1M)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "big.nq"
        start = time.perf_counter()
        copies, quads = generate(args.triples, data)
        print(f"generated {quads:,} quads ({copies:,} copies of {len(FIXTURES)} articles) "
              f"in {time.perf_counter() - start:.1f} s")

        start = time.perf_counter()
        oxi = EmbeddedStore()
        oxi.load([data])
        print(f"pyoxigraph: loaded in {time.perf_counter() - start:.1f} s, "
              f"{oxi.triple_count():,} distinct triples in the union default graph")

        graph = rdflib.Graph()
        if not args.skip_rdflib:
            start = time.perf_counter()
            dataset = rdflib.Dataset()
            dataset.parse(data, format="nquads")
            for named in dataset.graphs():
                graph += named
            del dataset
            print(f"rdflib: loaded in {time.perf_counter() - start:.1f} s, {len(graph):,} triples")

    print(f"\n{'query':<20} {'rows':>8} {'pyoxigraph s':>13} {'rdflib s':>10} {'rdflib/oxi':>11}")
    for path in QUERIES:
        query = read_query(path)
        t_ox, n_ox = best_of(args.repeat, lambda q=query: len(oxi.query(q).rows))
        if args.skip_rdflib:
            print(f"{path.stem:<20} {n_ox:>8,} {t_ox:>13.3f}")
            continue
        t_rd, n_rd = best_of(args.repeat, lambda q=query: len(list(graph.query(q.text))))
        flag = "" if n_ox == n_rd else f"  (rdflib rows {n_rd:,} differ!)"
        print(f"{path.stem:<20} {n_ox:>8,} {t_ox:>13.3f} {t_rd:>10.3f} "
              f"{t_rd / max(t_ox, 1e-9):>10.1f}x{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
