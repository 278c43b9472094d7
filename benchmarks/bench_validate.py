"""SHACL validation time per article: this checkout vs a baseline revision, interleaved.

    .venv/bin/python benchmarks/bench_validate.py                   # baseline: HEAD
    .venv/bin/python benchmarks/bench_validate.py --baseline 3e8c571 --repeat 5

The graphs of shared/corpus/dev/*.txt and seed/*.txt are built once (pipeline +
mapper, not timed). Then geokg.validate.validate of this checkout and the
validate() of the baseline revision (its validate.py and shapes/*.ttl, read with
`git show` and loaded as a separate module) each validate every graph; the two
alternate, repeat times, and the best round of each is kept. Both must return the
same violations for every graph, or the run stops. It prints ms/article for
both and the ratio old / new.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from rdflib import Graph

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def git_show(rev: str, path: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:{path}"],
                          capture_output=True, text=True, check=True).stdout


def baseline_module(rev: str, work: Path) -> ModuleType:
    """validate.py of REV as module `geokg_validate_baseline`, reading the shapes of REV."""
    shapes = work / "shapes"
    shapes.mkdir()
    listing = subprocess.run(["git", "-C", str(REPO), "ls-tree", "--name-only", rev, "shapes/"],
                             capture_output=True, text=True, check=True).stdout.split()
    for name in listing:
        if name.endswith(".ttl"):
            (shapes / Path(name).name).write_text(git_show(rev, name))
    source = work / "validate_baseline.py"
    source.write_text(git_show(rev, "src/geokg/validate.py"))
    spec = importlib.util.spec_from_file_location("geokg_validate_baseline", source)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.SHAPES_DIR = shapes
    if hasattr(module.shapes_graph, "cache_clear"):
        module.shapes_graph.cache_clear()
    return module


def article_graphs() -> list[Graph]:
    """One mapped graph per dev and seed article."""
    from geokg import mapper, pipeline

    paths = sorted((CORPUS / "dev").glob("*.txt")) + sorted((CORPUS / "seed").glob("*.txt"))
    return [mapper.article_graph(r) for r in pipeline.process_many(paths)]


def plain_pyshacl() -> None:
    """Undo process-wide speed-ups the current validate() may make to pyshacl's state.

    pyshacl.shape caches its constraint parameters in a module attribute, which
    this checkout's validate() replaces; the baseline runs with pyshacl's own.
    """
    import pyshacl.shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    pyshacl.shape.CONSTRAINT_PARAMS = (list(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)


def run_once(validate, graphs: list[Graph], plain: bool = False
             ) -> tuple[float, list[list[tuple]]]:
    """Seconds to validate every graph, and the (shape, focus, path) of each result."""
    found = []
    if plain:
        plain_pyshacl()
    t = time.perf_counter()
    for graph in graphs:
        report = validate(graph)
        found.append([(v.shape, v.focus_node, v.path, v.severity) for v in report.violations])
    return time.perf_counter() - t, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="HEAD", help="git revision to compare with")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of each (best kept)")
    args = parser.parse_args()
    from geokg import validate as current

    graphs = article_graphs()
    triples = sum(len(g) for g in graphs)
    with tempfile.TemporaryDirectory() as tmp:
        old = baseline_module(args.baseline, Path(tmp))
        # Warm-up (shapes parsed, caches filled) and the check that both agree.
        _, old_found = run_once(old.validate, graphs, plain=True)
        _, new_found = run_once(current.validate, graphs)
        if old_found != new_found:
            raise SystemExit(f"results differ:\nold {old_found}\nnew {new_found}")
        best = {"old": float("inf"), "new": float("inf")}
        for _ in range(args.repeat):
            best["old"] = min(best["old"], run_once(old.validate, graphs, plain=True)[0])
            best["new"] = min(best["new"], run_once(current.validate, graphs)[0])
    n = len(graphs)
    results = sum(len(f) for f in new_found)
    print(f"validate(): {n} articles, {triples} triples, {results} results, "
          f"best of {args.repeat} interleaved rounds")
    print(f"  baseline {args.baseline:<10} {best['old'] / n * 1000:8.1f} ms/article")
    print(f"  this checkout     {best['new'] / n * 1000:8.1f} ms/article")
    print(f"  RATIO baseline / this checkout = {best['old'] / best['new']:.2f}  (goal >= 2)")


if __name__ == "__main__":
    main()
