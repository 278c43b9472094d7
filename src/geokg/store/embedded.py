"""The embedded back end: an in-memory pyoxigraph store, no server needed.

The default for `geokg query --data` and geokg.query(). Every article is a
named graph and the query's default graph is the union (as a set) of all of
them, as on a Fuseki dataset with `tdb2:unionDefaultGraph`
(scripts/fuseki-geokg.ttl): the embedded store mirrors each named-graph triple
into its default graph, since pyoxigraph's `use_default_graph_as_union` would
repeat a triple once per graph that holds it (two articles naming the same
country would double every row).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from geokg.errors import InputError
from geokg.store.base import LoadReport, Store, parse_many
from geokg.store.queries import SparqlQuery, names_graphs, syntax_message
from geokg.store.results import ResultTable, ox_table


class EmbeddedStore(Store):
    """An in-memory pyoxigraph store; no server.

    Two pyoxigraph stores: `_quads` holds the named graphs (plus their union
    as its default graph) for queries that name graphs (GRAPH, FROM);
    `_union` holds only the union, for every other query. pyoxigraph looks a
    default-graph triple up among all its copies in named graphs, so a node
    shared by many articles (a country's label) would make each lookup cost
    one step per article; a store without named graphs avoids that.
    """

    def __init__(self) -> None:
        self._quads = ox.Store()
        self._union = ox.Store()

    def load(self, paths: Iterable[Path | str], graph: str | None = None) -> LoadReport:
        graphs = parse_many(paths, graph)
        report = LoadReport()
        for name, triples in graphs.items():
            self.put_graph(name, triples)
            report.loaded.append((name, len(set(triples))))
        self._rebuild_union()
        return report

    def put_graph(self, name: str, triples: Iterable[ox.Triple]) -> None:
        """Replace named graph `name` (call _rebuild_union after a batch of these)."""
        node = ox.NamedNode(name)
        if self._quads.contains_named_graph(node):
            self._quads.remove_graph(node)
        self._quads.extend(ox.Quad(t.subject, t.predicate, t.object, node) for t in triples)

    def load_graph(self, data: rdflib.Graph) -> None:
        """Load an rdflib Dataset (each named graph) or Graph (into the graph it names).

        A graph without a name (a blank node, or the default graph) goes into
        <urn:x-geokg:graph:default>, so it is part of the union as files are.
        """
        default = "urn:x-geokg:graph:default"
        graphs = data.contexts() if isinstance(data, rdflib.ConjunctiveGraph) else [data]
        for graph in graphs:
            name = graph.identifier
            named = isinstance(name, rdflib.URIRef) and name != DATASET_DEFAULT_GRAPH_ID
            text = graph.serialize(format="nt", encoding="utf-8")
            self.put_graph(str(name) if named else default,
                           ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
        self._rebuild_union()

    def _rebuild_union(self) -> None:
        """Default graph := the set union of all named graphs (see module docstring)."""
        self._quads.clear_graph(ox.DefaultGraph())
        self._quads.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        self._union = ox.Store()
        self._union.extend(self._quads.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def query(self, query: SparqlQuery) -> ResultTable:
        named = names_graphs(query)
        store = self._quads if named else self._union
        try:
            result = store.query(query.text)
        except SyntaxError as exc:
            raise InputError(syntax_message(query.path, query.text, str(exc))) from None
        except OSError as exc:  # evaluation errors (e.g. SERVICE) surface as OSError
            raise InputError(f"{query.path}: query failed: {exc}") from None
        return ox_table(result)
