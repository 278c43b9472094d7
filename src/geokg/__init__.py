"""geokg: geopolitical news articles to a validated RDF knowledge graph.

    import geokg
    analysis = geokg.analyse(text, published="2024-11-16")
    analysis.events, analysis.graph, analysis.entities, analysis.sentences
    geokg.build(["articles/"], "kg.trig")
    geokg.validate(graph)                   # a ValidationReport
    geokg.query("visits", data="kg.trig").records()

The names are imported on first use, so `import geokg` loads neither spaCy
nor rdflib. See README, "Python API".
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# public name -> the module that defines it
_LAZY = {
    "analyse": "geokg.api", "build": "geokg.api", "query": "geokg.api",
    "Analysis": "geokg.api", "EventRecord": "geokg.api", "Participant": "geokg.api",
    "ValidationReport": "geokg.rdf.validate", "BuildSummary": "geokg.pipeline",
    "ResultTable": "geokg.store",
    "GeokgError": "geokg.errors", "InputError": "geokg.errors",
    "ValidationFailed": "geokg.errors", "ServerError": "geokg.errors",
    "InstallationError": "geokg.errors",
}

# `validate` is the module geokg.rdf.validate, which is callable: geokg.validate(graph) is
# geokg.rdf.validate.validate(graph) (a name cannot be both a submodule and a function).
__all__ = [
    "Analysis", "BuildSummary", "EventRecord", "GeokgError", "InputError", "InstallationError",
    "Participant", "ResultTable", "ServerError", "ValidationFailed", "ValidationReport",
    "__version__", "analyse", "build", "query", "validate",
]

if TYPE_CHECKING:
    from geokg.api import Analysis, EventRecord, Participant, analyse, build, query
    from geokg.errors import (
        GeokgError,
        InputError,
        InstallationError,
        ServerError,
        ValidationFailed,
    )
    from geokg.pipeline import BuildSummary
    from geokg.rdf.validate import ValidationReport
    from geokg.store import ResultTable


def __getattr__(name: str) -> object:
    if name == "validate":
        return importlib.import_module("geokg.rdf.validate")
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'geokg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
