"""The comparison as an object: facts read once, sliced per column, with networks and labels.

Report, table, CSV and plots all read a :class:`Comparison`, so every output shows the same
numbers from the same slices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from ..labels import Labels, fetch_labels, label
from .facts import Facts, Slice, meetings_of, read_facts, slice_facts
from .networks import networks_for

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


def columns_of(facts: Facts) -> list[str]:
    """SE, NO, DK (always, even without meetings), other countries with meetings, then ALL."""
    others = sorted(set(facts.meeting_country.values()) - set(COUNTRY_ORDER))
    return [*COUNTRY_ORDER, *others, ALL]


def compare(store: ox.Store, lang: str = "en", min_meetings: int = MIN_MEETINGS) -> Comparison:
    """Read the store once and build every column's slice, networks and the labels they need."""
    facts = read_facts(store)
    columns = columns_of(facts)
    parts = {c: slice_facts(facts, meetings_of(facts, None if c == ALL else c)) for c in columns}
    networks = {c: networks_for(facts, parts[c]) for c in columns}
    comparison = Comparison(facts, lang, columns, parts, networks, min_meetings=min_meetings)
    fetch_labels(store, _labelled(comparison), into=comparison.labels)
    return comparison


def _labelled(comparison: Comparison) -> set[str]:
    """Every IRI the outputs may show: countries, network nodes, types, topics, regions."""
    facts = comparison.facts
    iris = set(facts.country_iri.values()) | set(facts.region_sizes)
    iris |= {t for t in facts.org_type.values() if t}
    iris |= {t.topic for t in facts.topics}
    for part in comparison.parts.values():
        iris |= part.meetings | part.projects | {i for t in part.funding for i in (t.funder,
                                                                                   t.item)}
    for graphs in comparison.networks.values():
        for graph in graphs.values():
            iris |= set(graph)
    return iris
