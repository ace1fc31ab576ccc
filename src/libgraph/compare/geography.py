"""Where the nodes of the networks are: region and country of organisations and persons, the
share of ties that cross a region or a national border, and who takes part across borders.

An organisation's region is the region of the municipality it serves (``schema:areaServed``)
or the region it serves as a whole; its country is that region's country. A person's region
and country are those of the organisations they belong to. Where there are several, the first
in IRI order is taken, so that runs agree; nodes without a region count in no crossing share.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from .facts import Facts, Pair

INTERNATIONAL_TYPE = "orgtype/international"
NORDIC_WORDS = ("nordi", "norden")


def org_regions(facts: Facts) -> dict[str, str]:
    """Organisation → region (of the municipality served, else the region served)."""
    out = {}
    for org, pairs in facts.areas.items():
        out[org] = min(region for _, region in pairs)
    for org, regions in facts.served_regions.items():
        out.setdefault(org, min(regions))
    return out


def person_regions(facts: Facts, of_org: Mapping[str, str]) -> dict[str, str]:
    """Person → region of the first of their organisations that has one."""
    out = {}
    for person, orgs in facts.memberships.items():
        regions = sorted(of_org[o] for o in orgs if o in of_org)
        if regions:
            out[person] = regions[0]
    return out


def countries_of(regions: Mapping[str, str], facts: Facts) -> dict[str, str]:
    """Node → ISO code of the country of its region."""
    return {node: facts.region_country[r] for node, r in regions.items()
            if r in facts.region_country}


@dataclass(frozen=True)
class Crossing:
    """Ties with a known place at both ends, and how many of them cross."""

    placed: int
    crossing: int

    @property
    def share(self) -> float | None:
        return self.crossing / self.placed if self.placed else None


def crossing(graph: nx.Graph, place: Mapping[str, str]) -> Crossing:
    """Among ties whose two ends both have a place (region or country), those whose ends have
    different places."""
    placed = crossed = 0
    for u, v in graph.edges():
        if u in place and v in place:
            placed += 1
            crossed += place[u] != place[v]
    return Crossing(placed, crossed)


def meeting_countries(pairs: Iterable[Pair], facts: Facts) -> dict[str, set[str]]:
    """Thing → countries of the meetings of its ``(meeting, thing)`` pairs."""
    out: dict[str, set[str]] = defaultdict(set)
    for meeting, thing in pairs:
        if meeting in facts.meeting_country:
            out[thing].add(facts.meeting_country[meeting])
    return out


def across_borders(countries: Mapping[str, set[str]]) -> dict[str, list[str]]:
    """Those of ``countries`` (thing → countries) found in more than one country."""
    return {thing: sorted(cs) for thing, cs in sorted(countries.items()) if len(cs) > 1}


def nordic_bodies(facts: Facts, label: Mapping[str, str]) -> list[str]:
    """Organisations typed international, or named Nordic (Nordisk …, Nordens …, Nordic …)."""
    found = []
    for org, types in facts.org_types.items():
        name = label.get(org, "").lower()
        if any(t.endswith(INTERNATIONAL_TYPE) for t in types) or \
                any(word in name for word in NORDIC_WORDS):
            found.append(org)
    return sorted(found)
