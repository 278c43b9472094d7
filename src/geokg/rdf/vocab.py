"""The vocabularies of the graph: namespaces, their prefixes, and the ontology itself.

PROV, ORG, OWL-Time and schema.org are rdflib's own namespace objects (SDO is
schema.org); only geokg's vocabularies, SEM and NIF, which rdflib does not
define, are declared here. Modules that only need terms (validate, reason,
docs) import them from here rather than from the mapper.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import RDFS, XSD, Graph, Namespace
from rdflib.namespace import ORG, PROV, SDO, SKOS, TIME

from geokg import resources
from geokg.rdf.iris import DEFAULT_BASE

GK = Namespace("https://w3id.org/geokg/ontology#")
CAMEO = Namespace("https://w3id.org/geokg/cameo/")
PLOVER = Namespace("https://w3id.org/geokg/plover/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")  # NIF's entity links
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
    """The ontology and the CAMEO/PLOVER schemes, parsed once per process."""
    graph = Graph()
    for name in ONTOLOGY_FILES:
        graph.parse(data=resources.file("ontology", name).read_text("utf-8"), format="turtle")
    return graph


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> None:
    """Bind the vocabulary prefixes (and `id:` for the data base) on `graph`."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.bind("id", Namespace(base), override=True, replace=True)
