"""geokg: geopolitical news articles to a validated RDF knowledge graph."""

__version__ = "0.1.0"
