"""The package's import graph: folders are the pipeline, imports go downwards only.

The layers in pipeline order. A module may import modules of its own layer or
of an earlier one; imports inside functions count, and so do imports under
`if TYPE_CHECKING:` (a circle for type hints is a circle all the same). A
subpackage is a layer; the few modules at the top of the package are placed
here one by one. Every module of src/geokg must fall in exactly one layer, so
a new module or folder has to be placed here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "geokg"

# (layer, subpackages and top-level modules in it)
LAYERS: list[tuple[str, set[str]]] = [
    # what every layer may use: errors, the typed values, shipped files, the package root
    ("base", {"__init__", "errors", "model", "resources"}),
    ("read", {"read"}),  # article files, web pages, feeds
    ("language", {"language"}),  # spaCy, syntax, frames, lexicon, time and quantity words
    ("entities", {"entities"}),  # gazetteer, the entity ruler, linking, name folding
    ("events", {"events"}),  # rules, participants, stance, dating, places, merging
    ("rdf", {"rdf"}),  # IRIs, vocabularies, mapping, SHACL, formats, export, reasoning
    ("store", {"store"}),  # the embedded store and SPARQL endpoints
    ("run", {"run"}),  # executors, the build cache, the benchmark corpus
    ("pipeline", {"pipeline"}),  # the stages composed
    ("report", {"report"}),  # the HTML report
    ("api", {"api"}),  # the Python API
    ("cli", {"cli"}),  # the commands
]
LAYER = {unit: i for i, (_, units) in enumerate(LAYERS) for unit in units}
MAX_LINES = 600
MAX_TOP_MODULES = 8


def module_name(path: Path) -> str:
    """'events.extract' for src/geokg/events/extract.py, 'model' for src/geokg/model.py."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts)


def unit_of(module: str) -> str:
    """The layer unit of a module: its subpackage, or the module itself at the top."""
    return module.split(".")[0]


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))
           if "data" not in p.relative_to(PACKAGE).parts}


def imports(path: Path) -> set[str]:
    """The geokg modules `path` imports (names without 'geokg.'), type-checking ones included."""
    found: set[str] = set()

    def add(name: str) -> None:
        if name == "geokg":
            found.add("__init__")
        elif name.startswith("geokg."):
            found.add(name[len("geokg."):])

    tree = ast.parse(path.read_text(encoding="utf-8"))
    if path == PACKAGE / "__init__.py":  # the root's public names, imported on first use
        return set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # `from geokg.rdf import mapper` imports geokg.rdf.mapper
                sub = f"{node.module}.{alias.name}"
                add(sub if sub.removeprefix("geokg.") in MODULES else node.module)
    found.discard(module_name(path) if path.is_relative_to(PACKAGE) else "")
    return {name for name in found if not name.startswith("data")}


GRAPH = {name: imports(path) for name, path in MODULES.items()}


def test_every_module_has_a_layer():
    listed = [u for _, units in LAYERS for u in units]
    assert len(listed) == len(set(listed)), "a unit is in two layers"
    units = {unit_of(m) for m in MODULES}
    assert sorted(units - set(LAYER)) == [], "place these in a layer of tests/test_layers.py"
    assert sorted(set(LAYER) - units) == [], "a layer lists a unit that does not exist"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_import_of_a_later_layer(module):
    own = LAYER[unit_of(module)]
    later = sorted(m for m in GRAPH[module] if LAYER.get(unit_of(m), -1) > own)
    assert not later, (f"geokg.{module} ({LAYERS[own][0]}) imports a later layer: "
                       + ", ".join(f"{m} ({LAYERS[LAYER[unit_of(m)]][0]})" for m in later))


def test_no_import_cycles():
    """Between modules, with packages' __init__ counted as modules of their own."""
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
    # the package root re-exports the API; `from geokg import __version__` is not a circle
    cycles = [c for c in cycles if "__init__" not in c]
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_no_module_is_over_the_line_limit():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_top_of_the_package_holds_few_modules():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top


def test_the_checker_sees_imports(tmp_path):
    """The walk finds function-level and type-checking imports, and submodules named
    in a `from package import module`."""
    module = tmp_path / "probe.py"
    module.write_text("from typing import TYPE_CHECKING\n"
                      "from geokg.rdf import mapper\n"
                      "from geokg import __version__\n"
                      "import geokg.store\n"
                      "if TYPE_CHECKING:\n    from geokg.api import Analysis\n"
                      "def f():\n    from geokg.cli.commands import main\n")
    assert imports(module) == {"rdf.mapper", "__init__", "store", "api", "cli.commands"}
