"""The comparison as an object: facts read once, sliced per column, with networks and labels.

Report, table, CSV and plots all read a :class:`Comparison`, so every output shows the same
numbers from the same slices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from ..labels import Labels, fetch_labels, label
from . import bootstrap
from .facts import Facts, Slice, meetings_of, read_facts, slice_facts
from .metrics import HUB_TYPE
from .networks import networks_for
from .selection import Selection

ALL = "ALL"
COUNTRY_ORDER = ("SE", "NO", "DK")
MIN_MEETINGS = 5


@dataclass
class Comparison:
    """Per column (country codes, then ``ALL``): the slice of facts and its four networks."""

    facts: Facts
    lang: str
    columns: list[str]
    parts: dict[str, Slice]
    networks: dict[str, dict[str, nx.Graph]]
    labels: Labels = field(default_factory=Labels)
    min_meetings: int = MIN_MEETINGS
    selection: Selection = field(default_factory=Selection)
    intervals: bootstrap.Result | None = None
    engine: bootstrap.Engine | None = None

    def label(self, iri: str) -> str:
        """The label of ``iri`` in the comparison's language (see ``libgraph.labels``)."""
        return label(self.labels, iri, self.lang)

    def column_label(self, column: str) -> str:
        """The country's name in the comparison's language, or "all meetings"."""
        iri = self.facts.country_iri.get(column)
        return self.label(iri) if iri else "all meetings"

    def meetings(self, column: str) -> int:
        return len(self.parts[column].meetings)

    def attendees(self, column: str) -> int:
        return len(self.parts[column].attendees)

    def few_meetings(self, column: str) -> bool:
        """True when the column has fewer meetings than :data:`MIN_MEETINGS`."""
        return self.meetings(column) < self.min_meetings

    def warning(self, column: str) -> str | None:
        """The caveat shown beside every figure of a column with too few meetings."""
        if not self.few_meetings(column):
            return None
        n = self.meetings(column)
        return (f"only {n} meeting{'s' if n != 1 else ''} (< {self.min_meetings}): "
                "describes these meetings, not the country")


def columns_of(facts: Facts, selection: Selection | None = None) -> list[str]:
    """SE, NO, DK (always, even without meetings), other countries with meetings, then ALL;
    only the chosen countries when the selection names some."""
    if selection is not None and selection.countries:
        return [*sorted(selection.countries, key=_country_rank), ALL]
    others = sorted(set(facts.meeting_country.values()) - set(COUNTRY_ORDER))
    return [*COUNTRY_ORDER, *others, ALL]


def _country_rank(code: str) -> tuple[int, str]:
    return (COUNTRY_ORDER.index(code) if code in COUNTRY_ORDER else len(COUNTRY_ORDER), code)


def hub_orgs(facts: Facts) -> set[str]:
    """Organisations classified as regional library agency, also when that is their second
    type (a Danish centralbibliotek is a public library too)."""
    return {o for o, types in facts.org_types.items() if HUB_TYPE in types}


def hub_staff(facts: Facts) -> set[str]:
    """Persons who are members of a regional library agency."""
    agencies = hub_orgs(facts)
    return {p for p, orgs in facts.memberships.items() if orgs & agencies}


def compare(store: ox.Store, lang: str = "en", min_meetings: int = MIN_MEETINGS,
            selection: Selection | None = None,
            settings: bootstrap.Settings | None = None) -> Comparison:
    """Read the store once and build every column's slice, networks and the labels they need.

    ``selection`` keeps only some meetings (period, kind, type, country, region);
    ``settings`` adds bootstrap intervals (none when it is None, as in the explorer)."""
    selection = selection or Selection()
    facts = read_facts(store)
    chosen = {m for m in facts.meeting_country if selection.admits(facts, m)}
    columns = columns_of(facts, selection)
    parts = {c: slice_facts(facts, meetings_of(facts, None if c == ALL else c) & chosen)
             for c in columns}
    networks = {c: networks_for(facts, parts[c]) for c in columns}
    comparison = Comparison(facts, lang, columns, parts, networks, min_meetings=min_meetings,
                            selection=selection)
    # the engine also gives the per-year and per-region figures, so it is built even without
    # resampling (a second or so at 10^6 triples)
    comparison.engine = bootstrap.Engine(facts, hub_orgs(facts), hub_staff(facts))
    if settings is not None:
        comparison.intervals = bootstrap.resample(
            comparison.engine, {c: sorted(parts[c].meetings) for c in columns}, settings)
    fetch_labels(store, _labelled(comparison), into=comparison.labels)
    return comparison


def _labelled(comparison: Comparison) -> set[str]:
    """Every IRI the outputs may show: countries, network nodes, types, topics, regions."""
    facts = comparison.facts
    iris = set(facts.country_iri.values()) | set(facts.region_sizes)
    iris |= set(facts.meeting_region.values())
    iris |= {t for t in facts.org_type.values() if t}
    iris |= {t.topic for t in facts.topics}
    for part in comparison.parts.values():
        iris |= part.meetings | part.projects | {i for t in part.funding for i in (t.funder,
                                                                                   t.item)}
    for graphs in comparison.networks.values():
        for graph in graphs.values():
            iris |= set(graph)
    return iris
