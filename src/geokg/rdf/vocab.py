"""The vocabularies of the graph: namespaces, their prefixes, and the ontology itself.

PROV, ORG, OWL-Time and schema.org are rdflib's own namespace objects (SDO is
schema.org); only geokg's vocabularies, SEM and NIF, which rdflib does not
define, are declared here. Modules that only need terms (validate, reason,
docs) import them from here rather than from the mapper.
"""

from __future__ import annotations

from functools import cache, lru_cache

from rdflib import RDFS, XSD, Graph, Namespace, URIRef
from rdflib.namespace import ORG, PROV, SDO, SKOS, TIME

from geokg import resources
from geokg.rdf.iris import DEFAULT_BASE


class TermNamespace(Namespace):
    """A Namespace that makes each of its terms once.

    rdflib's Namespace builds a new URIRef (and checks its characters) at every
    `GK.actor`; the mapper asks for such terms about fifteen thousand times a
    build. URIRefs are immutable, so the one made first serves every later use.
    """

    def term(self, name: str) -> URIRef:
        return _term(self, name if isinstance(name, str) else "")


@cache
def _term(namespace: str, name: str) -> URIRef:
    return URIRef(namespace + name)


GK = TermNamespace("https://w3id.org/geokg/ontology#")
CAMEO = TermNamespace("https://w3id.org/geokg/cameo/")
PLOVER = TermNamespace("https://w3id.org/geokg/plover/")
SEM = TermNamespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = TermNamespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = TermNamespace("http://www.w3.org/2005/11/its/rdf#")  # NIF's entity links
SCHEMA = SDO

PREFIXES = {
    "gk": GK, "cameo": CAMEO, "plover": PLOVER, "sem": SEM, "prov": PROV, "org": ORG,
    "time": TIME, "schema": SCHEMA, "nif": NIF, "itsrdf": ITSRDF,
    "skos": SKOS, "xsd": XSD, "rdfs": RDFS,
}

ONTOLOGY_FILES = ("geokg.ttl", "cameo.ttl")

__all__ = ["CAMEO", "GK", "ITSRDF", "NIF", "ORG", "PLOVER", "PREFIXES", "PROV", "SCHEMA",
           "SEM", "TIME", "bind_prefixes", "ontology_graph"]


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The ontology and the CAMEO/PLOVER schemes, parsed once per installation and
    ontology (the start-up cache, geokg.rdf.startup), then read back once per process."""
    from geokg.rdf.startup import cached_graph

    texts = [resources.file("ontology", name).read_text("utf-8") for name in ONTOLOGY_FILES]

    def parse() -> Graph:
        graph = Graph()
        for text in texts:
            graph.parse(data=text, format="turtle")
        return graph

    return cached_graph("ontology", texts, [__file__], parse)


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> None:
    """Bind the vocabulary prefixes (and `id:` for the data base) on `graph`."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.bind("id", Namespace(base), override=True, replace=True)
