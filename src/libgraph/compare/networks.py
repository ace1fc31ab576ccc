"""The four networks of the comparison, built with networkx from pairs read by SPARQL.

* people: persons linked when both attended a meeting; ``weight`` = meetings shared.
* organisations: organisations linked when both took part in a meeting (a member attended, or
  it organised the meeting) or are both members of a project; ``meetings`` and ``projects``
  count the shared ones and ``weight`` is their sum.
* organisation–project and funder–project: two-mode (bipartite) graphs, ``bipartite`` = 0 for
  the organisation/funder side and 1 for the project side.

Builders take plain pairs, not the store, so tests can give them hand-made input. They add
nodes and edges in sorted order: the input comes from sets, whose order changes from run to run,
and Louvain and sampled betweenness depend on node order even with a fixed seed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

import networkx as nx

from .facts import Facts, Pair, Slice, participation


def _group(pairs: Iterable[Pair]) -> dict[str, set[str]]:
    """``(group, member)`` pairs → members per group (e.g. attendees per meeting)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for group, member in pairs:
        groups[group].add(member)
    return groups


def co_membership(pairs: Iterable[Pair], attr: str = "weight",
                  graph: nx.Graph | None = None) -> nx.Graph:
    """Link every two members of the same group, counting shared groups in edge ``attr``.

    Every member becomes a node, also one who shares no group with anybody, so that a person
    alone at a meeting still counts as a node (and as an isolate)."""
    graph = nx.Graph() if graph is None else graph
    for _, members in sorted(_group(pairs).items()):
        graph.add_nodes_from(sorted(members))
        for u, v in combinations(sorted(members), 2):
            data = graph.get_edge_data(u, v, default={})
            graph.add_edge(u, v, **{attr: data.get(attr, 0) + 1})
    return graph


def people_network(attendance: Iterable[Pair]) -> nx.Graph:
    """Persons linked by the meetings they attended together (``weight`` = shared meetings)."""
    return co_membership(attendance, "weight")


def org_network(meeting_orgs: Iterable[Pair], project_orgs: Iterable[Pair]) -> nx.Graph:
    """Organisations linked by shared meetings and shared projects (``weight`` = both)."""
    graph = co_membership(meeting_orgs, "meetings")
    co_membership(project_orgs, "projects", graph)
    for _, _, data in graph.edges(data=True):
        data.setdefault("meetings", 0)
        data.setdefault("projects", 0)
        data["weight"] = data["meetings"] + data["projects"]
    return graph


def bipartite_network(pairs: Iterable[Pair]) -> nx.Graph:
    """A two-mode graph from ``(actor, project)`` pairs; ``bipartite`` 0 = actor, 1 = project."""
    graph = nx.Graph()
    for actor, project in sorted(pairs):
        graph.add_node(actor, bipartite=0)
        graph.add_node(project, bipartite=1)
        graph.add_edge(actor, project, weight=graph.get_edge_data(actor, project, {"weight": 0})
                       ["weight"] + 1)
    return graph


def sides(graph: nx.Graph) -> tuple[set[str], set[str]]:
    """The actor side (0) and the project side (1) of a :func:`bipartite_network`."""
    actors = {n for n, side in graph.nodes(data="bipartite") if side == 0}
    return actors, set(graph) - actors


def networks_for(facts: Facts, part: Slice) -> dict[str, nx.Graph]:
    """The four networks of one slice (a country's meetings, or all meetings)."""
    projects = part.projects
    members = [(p, o) for p, o in facts.project_members if p in projects]
    funded = [(t.funder, t.item) for t in part.funding if t.item in projects]
    return {
        "people": people_network(part.attendance),
        "orgs": org_network(participation(facts, part), members),
        "org_project": bipartite_network((o, p) for p, o in members),
        "funder_project": bipartite_network(funded),
    }
