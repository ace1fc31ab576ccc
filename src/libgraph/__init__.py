"""libgraph: minutes of Nordic library cooperation meetings as a validated RDF knowledge graph."""

__version__ = "0.1.0"
