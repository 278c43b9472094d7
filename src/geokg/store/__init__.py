"""The store layer: one interface, an embedded and a remote back end.

Like rdflib's split between `Graph` and its store plugins, the commands talk
to `Store` only (`load`, `query`, `triple_count`) and never to a particular
triplestore:

- `EmbeddedStore` keeps the data in an in-memory pyoxigraph store: no server
  needed, the default for `geokg query --data` (store/embedded.py).
- `RemoteStore` talks to a SPARQL 1.1 endpoint such as Apache Jena Fuseki:
  queries with the SPARQL 1.1 Protocol through SPARQLWrapper, loading with
  the Graph Store Protocol through requests (one HTTP PUT per named graph, so
  loading again replaces a graph instead of doubling it); each request has a
  deadline and bounded retries (store/remote.py).

Both answer with a `ResultTable` of plain `Term`s, so the same query run
embedded and remote can be compared value for value, and printed the same way
by pyoxigraph's result writers (`format_result`, store/results.py). Query
files are read and checked in store/queries.py; the `Store` interface and the
reading of RDF files into named graphs are in store/base.py.

Dataset semantics are the same on both sides: every article is a named graph
and the query's default graph is the union (as a set) of all of them.

This module is the front: `open_store` and the names the rest of geokg uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from geokg.errors import InputError
from geokg.store.base import LoadReport, Store
from geokg.store.embedded import EmbeddedStore
from geokg.store.queries import SparqlQuery, parse_query, query_from, read_query
from geokg.store.remote import DEFAULT_TIMEOUT, PASSWORD_ENV, USER_ENV, RemoteStore
from geokg.store.results import FORMATS, ResultTable, Term, format_result

__all__ = [
    "DEFAULT_TIMEOUT", "FORMATS", "PASSWORD_ENV", "USER_ENV", "EmbeddedStore", "LoadReport",
    "RemoteStore", "ResultTable", "SparqlQuery", "Store", "Term", "format_result",
    "open_store", "parse_query", "query_from", "read_query",
]


def open_store(endpoint: str | None, data: Sequence[Path | str] = (),
               timeout: float = DEFAULT_TIMEOUT, user: str | None = None,
               graph: str | None = None) -> Store:
    """The store `geokg query` and geokg.query() talk to: remote if an endpoint is
    given, else an embedded store loaded with `data`."""
    if endpoint:
        if data:
            raise InputError("give data files or an endpoint, not both")
        return RemoteStore(endpoint, timeout=timeout, user=user)
    store = EmbeddedStore()
    store.load(data, graph)
    return store
