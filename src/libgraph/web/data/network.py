"""Networks of people, organisations, meetings, projects and places, for drawing and download.

A neighbourhood grows breadth-first from one entity (or from a country's meetings and
organisations) over the links between things, up to a cap of about 300 nodes; at the level that
would pass the cap, the nodes best connected to what is already in are kept. Evidence records,
documents, concepts and place containment are left out: they would turn every picture into a
hairball around a hub.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import networkx as nx

from ..backend import iter_chunks
from ..rdfterms import curie, iri_kind, sparql_iri, values_clause
from ..state import Ctx

MAX_NODES = 300
SEED_MEETINGS = 25  # a country's network starts from its latest meetings
NODE_KINDS = {"person", "org", "meeting", "project", "grant", "place", "municipality", "region"}
SKIP_PROPS = {"http://schema.org/containedInPlace", "http://www.w3.org/ns/prov#wasDerivedFrom"}


def _edges_touching(ctx: Ctx, nodes: list[str],
                    allowed: frozenset[str] = frozenset()) -> set[tuple[str, str, str]]:
    """Links ``(subject, property, object)`` between things (or ``allowed`` nodes) at ``nodes``."""
    found = set()
    for chunk in iter_chunks(nodes, 300):
        for var in ("s", "o"):
            rows = ctx.backend.select(f"SELECT ?s ?p ?o WHERE {{ {values_clause(var, chunk)} "
                                      "?s ?p ?o FILTER(isIRI(?s) && isIRI(?o)) }")
            for r in rows:
                s, p, o = r["s"].value, r["p"].value, r["o"].value
                if p not in SKIP_PROPS and s != o and all(
                        n in allowed or _is_thing(ctx, n) for n in (s, o)):
                    found.add((s, p, o))
    return found


def _is_thing(ctx: Ctx, iri: str) -> bool:
    return iri_kind(iri, ctx.base) in NODE_KINDS


def grow(ctx: Ctx, seeds: list[str], hops: int, cap: int = MAX_NODES) -> tuple[set[str], bool]:
    """The nodes within ``hops`` links of the seeds, at most ``cap``; and whether it was cut."""
    included = set(seeds[:cap])
    frontier = list(included)
    capped = len(seeds) > cap
    for _ in range(hops):
        if not frontier or len(included) >= cap:
            break
        neighbours: Counter[str] = Counter()
        for s, _p, o in _edges_touching(ctx, frontier, frozenset(seeds)):
            for node in (s, o):
                if node not in included:
                    neighbours[node] += 1
        room = cap - len(included)
        ranked = sorted(neighbours, key=lambda n: (-neighbours[n], n))
        capped = capped or len(ranked) > room
        frontier = ranked[:room]
        included.update(frontier)
    return included, capped


def build_graph(ctx: Ctx, nodes: set[str]) -> nx.Graph:
    """The undirected graph among ``nodes``, labelled, with degrees."""
    graph = nx.Graph()
    ctx.labeller.prefetch(nodes)
    for node in sorted(nodes):
        link = ctx.link(node)
        graph.add_node(node, label=link["label"], kind=link["kind"] or "", href=link["href"])
    for s, p, o in sorted(_edges_touching(ctx, sorted(nodes), frozenset(nodes))):
        if s in nodes and o in nodes:
            graph.add_edge(s, o, property=curie(p))
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = degree
    return graph


def country_seeds(ctx: Ctx, country: str, limit: int = SEED_MEETINGS) -> tuple[list[str], int]:
    """A country's latest meetings (at most ``limit``), and how many it has in all."""
    rows = ctx.backend.select(f"""SELECT ?x WHERE {{ ?x lg:country {sparql_iri(country)} ;
      a lg:Meeting . OPTIONAL {{ ?x schema:startDate ?d }} }} ORDER BY DESC(?d) ?x""")
    meetings = [r["x"].value for r in rows]
    return meetings[:limit], len(meetings)


def network_data(ctx: Ctx, graph: nx.Graph, title: str, capped: bool,
                 center: str | None) -> dict[str, Any]:
    """Plain data: nodes with kind and degree, edges with their property."""
    kinds = Counter(d["kind"] for _n, d in graph.nodes(data=True))
    return {
        "title": title, "center": center, "capped": capped, "max_nodes": MAX_NODES,
        "kinds": dict(sorted(kinds.items())),
        "nodes": [{"id": n, **d} for n, d in sorted(graph.nodes(data=True),
                                                    key=lambda nd: (-nd[1]["degree"], nd[0]))],
        "edges": [{"source": s, "target": t, "property": d["property"]}
                  for s, t, d in sorted(graph.edges(data=True))],
    }


def graphml_bytes(graph: nx.Graph) -> bytes:
    """The graph as GraphML (node attributes label, kind, href, degree; edge property)."""
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return buffer.getvalue()
