"""The parsed ontology and shapes graphs, kept between processes (the start-up cache).

Every process of a build (and every worker) needs the ontology (geokg.ttl,
cameo.ttl) and the SHACL shapes as rdflib graphs; rdflib's Turtle parser
takes about 0.13 s for them, a hundredth of a 40-article build. Each graph is
pickled, the first time it is parsed, in the folder of the gazetteer's
start-up cache (geokg.resources.startup_cache_folder: ~/.cache/geokg,
$GEOKG_CACHE_HOME elsewhere, "off" for none) under a hash of everything it
is made from: the Turtle text, the code that makes it, the versions of Python
and rdflib. Reading it back takes a seventh of the time and gives the same
triples, blank nodes and prefixes (tests/test_startup_cache.py). A missing,
damaged or stale file is parsed again; a folder that cannot be written is no
error (the graph just is not kept).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import rdflib
from rdflib import Graph

from geokg.resources import startup_cached

_FORMAT = 1  # bump when what is pickled changes shape


def graph_key(name: str, texts: Sequence[str], code: Sequence[str]) -> str:
    """A hash of a graph's Turtle `texts`, the source files `code` that make it from them,
    and the versions of Python and rdflib (pickles of another version may differ)."""
    digest = hashlib.sha256(f"{name} {_FORMAT} python {sys.version_info[:3]} "
                            f"rdflib {rdflib.__version__}\n".encode())
    for text in texts:
        digest.update(f"{len(text)}\n{text}".encode())
    for module in code:
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:24]


def cached_graph(name: str, texts: Sequence[str], code: Sequence[str],
                 make: Callable[[], Graph]) -> Graph:
    """The graph `make()` returns, read from the start-up cache when it holds it for these
    `texts` and `code` (`graph_key`), else made and stored there for the next process."""
    return startup_cached(name, graph_key(name, texts, code), make,
                          lambda value: isinstance(value, Graph))
