"""The RDF an entity IRI serves: every triple with the entity as subject (its concise
bounded description; the graph has no blank nodes), plus the labels and types of every thing
it links to, so a client that fetched one IRI can show its links by name without asking
again (as LodView and Skosmos do). The same triples for every RDF syntax."""

from __future__ import annotations

import pyoxigraph as ox

from ..backend import Backend, LocalBackend
from ..labelling import LABEL_PROPERTIES
from ..rdfterms import sparql_iri

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def entity_triples(backend: Backend, iri: str) -> list[ox.Triple]:
    """The triples describing ``iri``, and the labels and types of the things it links to."""
    node = sparql_iri(iri)
    if isinstance(backend, LocalBackend):
        return _local_triples(backend, iri)
    own = backend.construct(f"CONSTRUCT {{ {node} ?p ?o }} WHERE {{ {node} ?p ?o }}")
    props = ", ".join(f"<{p}>" for p in (*LABEL_PROPERTIES, RDF_TYPE))
    linked = backend.construct(
        f"CONSTRUCT {{ ?o ?p ?v }} WHERE {{ {node} ?q ?o . FILTER(isIRI(?o) && ?o != {node}) "
        f"?o ?p ?v . FILTER(?p IN ({props})) }}")
    kept = set(own)
    return own + [t for t in dict.fromkeys(linked) if t not in kept]


LINKED = frozenset((*LABEL_PROPERTIES, RDF_TYPE))
LINKED_NODES = frozenset(ox.NamedNode(p) for p in LINKED)
NAMES_KEY = "rdf-names-of-busy-things"  # the backend's kept dict: IRI -> label/type triples
BUSY = 16  # statements from which a linked thing's labels and types are kept between pages
NAMES_LIMIT = 10_000  # things kept (a few MB at most per process)


def _local_triples(backend: LocalBackend, iri: str) -> list[ox.Triple]:
    """:func:`entity_triples` by index look-ups, in the order the two CONSTRUCT queries give
    (each linked thing's labels and types after the triples, in the order of the links)."""
    own = backend.about(iri)
    kept = set(own)
    linked: dict[ox.Triple, None] = {}
    for triple in own:
        target = triple.object
        if isinstance(target, ox.NamedNode) and target.value != iri:
            for about in _names(backend, target):
                if about not in kept:
                    linked[about] = None
    return own + list(linked)


def _names(backend: LocalBackend, node: ox.NamedNode) -> tuple[ox.Triple, ...]:
    """The label and type triples of ``node``, in store order.

    Its statements are scanned by predicate and only those few are made into triples. The
    answer is kept for a thing with ``BUSY`` statements or more: the topics and meeting types
    a meeting links to have 40 to 80 each (every label in every language) and recur from
    meeting to meeting. At 10^6 triples, first visits of 100 meeting pages took 1.15 ms each
    for this when every statement was made into a triple, 0.77 ms scanning by predicate, and
    0.28 ms keeping the busy things' answers (a served build never changes, so nothing kept
    goes stale)."""
    known: dict[ox.NamedNode, tuple[ox.Triple, ...]] = backend.kept(NAMES_KEY, _empty)
    found = known.get(node)
    if found is not None:
        return found
    names, statements = [], 0
    for quad in backend.quads_about(node):
        statements += 1
        if quad.predicate in LINKED_NODES:
            names.append(quad.triple)
    found = tuple(names)
    if statements >= BUSY and len(known) < NAMES_LIMIT:
        known[node] = found
    return found


def _empty(_store: ox.Store) -> dict[ox.NamedNode, tuple[ox.Triple, ...]]:
    return {}


def is_known(backend: Backend, iri: str) -> bool:
    """Whether the graph mentions ``iri`` at all (as subject, object or property)."""
    node = sparql_iri(iri)
    return any(backend.select(f"SELECT ?x WHERE {{ {pattern} }} LIMIT 1") for pattern in
               (f"{node} ?p ?x", f"?x ?p {node}", f"?x {node} ?o"))
