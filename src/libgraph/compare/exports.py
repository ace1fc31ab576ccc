"""The networks of the chosen meetings as files for Gephi, Cytoscape and spreadsheets.

For the people and the organisation network of all chosen meetings (column ALL), each as
GEXF and GraphML (networkx writes both) and a CSV edge list. Nodes carry what a researcher
filters on: label, kind, type, country, region, the countries whose meetings it took part
in, the number of meetings and the first and last meeting date; ties carry weight, the
meetings and first/last date that make them, and whether they cross a region or a border.
Missing values are empty strings (GEXF and GraphML cannot hold "none").
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

import networkx as nx

from . import geography
from .facts import Pair, participation
from .model import ALL, Comparison

EDGE_FIELDS = ("source", "target", "source_label", "target_label", "weight", "meetings",
               "first_meeting", "last_meeting", "cross_region", "cross_border")


def _dates(pairs: Iterable[Pair], dated: dict[str, str]) -> tuple[dict[str, list[str]],
                                                                  dict[str, list[str]]]:
    """Member → dates of its meetings, and meeting → its members (from (meeting, member))."""
    days: dict[str, list[str]] = defaultdict(list)
    members: dict[str, list[str]] = defaultdict(list)
    for meeting, member in pairs:
        members[meeting].append(member)
        if meeting in dated:
            days[member].append(dated[meeting][:10])
    return days, members


def annotated(cmp: Comparison, key: str) -> nx.Graph:
    """A copy of network ``key`` ("people" or "orgs") of column ALL with export attributes."""
    facts, part = cmp.facts, cmp.parts[ALL]
    pairs = part.attendance if key == "people" else participation(facts, part)
    days, members = _dates(pairs, facts.meeting_date)
    org_region = geography.org_regions(facts)
    region = org_region if key == "orgs" else geography.person_regions(facts, org_region)
    took_part = geography.meeting_countries(pairs, facts)
    country = geography.countries_of(region, facts)
    for node, countries in took_part.items():  # no region: the one country it met in
        if node not in country and len(countries) == 1:
            country[node] = next(iter(countries))
    graph = nx.Graph()
    for node in sorted(cmp.networks[ALL][key]):
        kind_type = (facts.org_type.get(node) or "") if key == "orgs" else "person"
        graph.add_node(node, label=cmp.label(node), kind=key[:-1] if key == "orgs" else "person",
                       type=kind_type.rsplit("/", 1)[-1],
                       types=";".join(sorted(t.rsplit("/", 1)[-1]
                                             for t in facts.org_types.get(node, ()))),
                       country=country.get(node, ""), region=region.get(node, ""),
                       region_label=cmp.label(region[node]) if node in region else "",
                       meeting_countries=";".join(sorted(took_part.get(node, ()))),
                       meetings=len(days.get(node, ())) if days.get(node) else 0,
                       first_meeting=min(days[node]) if days.get(node) else "",
                       last_meeting=max(days[node]) if days.get(node) else "")
    _add_edges(cmp, key, graph, members, region, country)
    return graph


def _add_edges(cmp: Comparison, key: str, graph: nx.Graph, members: dict[str, list[str]],
               region: dict[str, str], country: dict[str, str]) -> None:
    dated = cmp.facts.meeting_date
    when: dict[tuple[str, str], list[str]] = defaultdict(list)
    for meeting, who in members.items():
        for u, v in combinations(sorted(set(who)), 2):
            when[(u, v)].append(dated.get(meeting, "")[:10])
    for u, v, data in sorted(cmp.networks[ALL][key].edges(data=True)):
        a, b = sorted((u, v))
        days = sorted(d for d in when.get((a, b), ()) if d)
        graph.add_edge(a, b, weight=data.get("weight", 1), meetings=len(when.get((a, b), ())),
                       first_meeting=days[0] if days else "",
                       last_meeting=days[-1] if days else "",
                       cross_region=_differs(region, a, b), cross_border=_differs(country, a, b))


def _differs(place: dict[str, str], u: str, v: str) -> str:
    """"yes"/"no" when both ends have a place, "" when one does not (unknown)."""
    if u not in place or v not in place:
        return ""
    return "yes" if place[u] != place[v] else "no"


def write_edge_list(graph: nx.Graph, path: Path) -> None:
    """One line per tie with both ends' IRIs and labels and the tie attributes."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=EDGE_FIELDS, lineterminator="\n")
        writer.writeheader()
        for u, v, data in graph.edges(data=True):
            writer.writerow({"source": u, "target": v, "source_label": graph.nodes[u]["label"],
                             "target_label": graph.nodes[v]["label"],
                             **{f: data[f] for f in EDGE_FIELDS[4:]}})


def write_exports(cmp: Comparison, out_dir: Path) -> list[Path]:
    """``{people,orgs}-network.{gexf,graphml,csv}`` in ``out_dir``; the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for key, stem in (("people", "people-network"), ("orgs", "org-network")):
        graph = annotated(cmp, key)
        gexf, graphml, edges = (out_dir / f"{stem}.{ext}" for ext in ("gexf", "graphml", "csv"))
        nx.write_gexf(graph, gexf)
        nx.write_graphml(graph, graphml)
        write_edge_list(graph, edges)
        written += [gexf, graphml, edges]
    return written
