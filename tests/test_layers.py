"""The package's import graph: no cycles, and no module imports a later stage.

The stages in pipeline order. A module may import modules of its own stage
or of an earlier one; imports under `if TYPE_CHECKING:` (never run) are not
counted; imports inside functions are. Every module of src/geokg must be in
exactly one stage, so a new module has to be placed here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "geokg"

STAGES: list[tuple[str, set[str]]] = [
    # what every stage may use: errors, the typed values, shipped files, the package root,
    # the folding of names to ASCII
    ("base", {"__init__", "errors", "model", "resources", "fold"}),
    # reading an article and the language resources
    ("text", {"reader", "webpage", "feed", "nlp", "gazetteer", "rules", "timex", "quantity"}),
    # entities and events
    ("extraction", {"syntax", "frames", "link", "context", "participants", "stance", "dating",
                    "situate", "merge", "extract"}),
    # RDF: terms, IRIs, mapping, SHACL, files in and out, events as records
    ("rdf", {"iris", "vocab", "mapper", "validate", "rdfio", "write", "export",
             "completeness"}),
    # composing the stages, caching, running them in parallel
    ("build", {"cache", "executors", "pipeline"}),
    # what users call: reasoning, the store, the report, the API and the commands
    ("top", {"reason", "docs", "store", "report", "api", "synth",
             "cli", "cli_store", "cli_reason", "cli_report"}),
]
STAGE = {module: i for i, (_, modules) in enumerate(STAGES) for module in modules}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports(path: Path) -> set[str]:
    """The geokg modules `path` imports when it runs (module names without 'geokg.')."""
    found: set[str] = set()
    submodules = {p.stem for p in PACKAGE.glob("*.py")}

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names
                         if a.name.startswith("geokg."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "geokg":  # `from geokg import mapper` or `__version__`
                found.update(a.name if a.name in submodules else "__init__" for a in node.names)
            elif node.module.startswith("geokg."):
                found.add(node.module.split(".")[1])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(path.stem)
    found.discard("data")  # geokg.data holds data files, no code
    return found


GRAPH = {path.stem: imports(path) for path in sorted(PACKAGE.glob("*.py"))}


def test_every_module_has_a_stage():
    listed = [m for _, modules in STAGES for m in modules]
    assert len(listed) == len(set(listed)), "a module is in two stages"
    unplaced = sorted(set(GRAPH) - set(STAGE))
    assert not unplaced, f"place these modules in a stage of tests/test_layers.py: {unplaced}"
    assert sorted(set(STAGE) - set(GRAPH)) == [], "a stage lists a module that does not exist"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_import_of_a_later_stage(module):
    later = sorted(m for m in GRAPH[module] if STAGE.get(m, -1) > STAGE.get(module, -1))
    assert not later, (f"geokg.{module} ({STAGES[STAGE[module]][0]}) imports a later stage: "
                       + ", ".join(f"{m} ({STAGES[STAGE[m]][0]})" for m in later))


def test_no_import_cycles():
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def walk(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                walk(target, [*path, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            walk(module, [module])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_checker_sees_imports(tmp_path):
    """The walk finds function-level imports and skips TYPE_CHECKING ones."""
    module = tmp_path / "probe.py"
    module.write_text("from typing import TYPE_CHECKING\n"
                      "from geokg import mapper, __version__\n"
                      "import geokg.store\n"
                      "if TYPE_CHECKING:\n    from geokg.api import Analysis\n"
                      "def f():\n    from geokg.cli import main\n")
    assert imports(module) == {"mapper", "__init__", "store", "cli"}
