"""The RDF an entity IRI serves: every triple with the entity as subject (its concise
bounded description; the graph has no blank nodes), the same for every RDF syntax."""

from __future__ import annotations

import pyoxigraph as ox

from ..backend import Backend
from ..rdfterms import sparql_iri


def entity_triples(backend: Backend, iri: str) -> list[ox.Triple]:
    """The triples describing ``iri``."""
    node = sparql_iri(iri)
    return backend.construct(f"CONSTRUCT {{ {node} ?p ?o }} WHERE {{ {node} ?p ?o }}")


def is_known(backend: Backend, iri: str) -> bool:
    """Whether the graph mentions ``iri`` at all (as subject, object or property)."""
    node = sparql_iri(iri)
    return any(backend.select(f"SELECT ?x WHERE {{ {pattern} }} LIMIT 1") for pattern in
               (f"{node} ?p ?x", f"?x ?p {node}", f"?x {node} ?o"))
