"""Facts read from the store by the queries of ``compare.queries``, and the slice of them
that belongs to one country (or to all meetings).

Reading once and slicing in Python keeps the number of queries constant whatever the number of
countries, and gives every metric the same definition of "belongs to a country": a thing
belongs to the countries of the meetings whose minutes speak of it (``queries.MENTIONED``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from . import queries

Pair = tuple[str, str]


@dataclass(frozen=True)
class FundingTie:
    """One funder → funded item link: from a grant when ``grant`` is set, else from a
    project's ``schema:funder``."""

    funder: str
    item: str
    grant: str | None = None
    value: Decimal | None = None
    currency: str | None = None


@dataclass(frozen=True)
class TopicTag:
    """One topic on one agenda (meeting), decision or action item."""

    meeting: str
    item: str
    kind: str
    topic: str


@dataclass
class Facts:
    """Everything the comparison needs, as plain Python values keyed by IRI strings."""

    meeting_country: dict[str, str] = field(default_factory=dict)
    meeting_date: dict[str, str] = field(default_factory=dict)
    meeting_type: dict[str, str] = field(default_factory=dict)
    meeting_kind: dict[str, str] = field(default_factory=dict)
    meeting_region: dict[str, str] = field(default_factory=dict)
    region_country: dict[str, str] = field(default_factory=dict)
    country_iri: dict[str, str] = field(default_factory=dict)
    attendance: set[Pair] = field(default_factory=set)
    mentioned: dict[str, set[Pair]] = field(default_factory=lambda: defaultdict(set))
    memberships: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    organizers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    org_type: dict[str, str | None] = field(default_factory=dict)
    org_types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    project_members: set[Pair] = field(default_factory=set)
    funding: set[FundingTie] = field(default_factory=set)
    areas: dict[str, set[Pair]] = field(default_factory=lambda: defaultdict(set))
    regional_orgs: set[str] = field(default_factory=set)
    served_regions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    region_sizes: dict[str, int] = field(default_factory=dict)
    topics: set[TopicTag] = field(default_factory=set)
    outcomes: set[tuple[str, str, str]] = field(default_factory=set)


@dataclass
class Slice:
    """The facts of one set of meetings (a country's, or all of them)."""

    meetings: set[str]
    attendance: set[Pair]
    people: set[str]
    orgs: set[str]
    projects: set[str]
    grants: set[str]
    funding: set[FundingTie]
    topics: set[TopicTag]
    outcomes: set[tuple[str, str, str]]

    @property
    def attendees(self) -> set[str]:
        return {person for _, person in self.attendance}


def _value(term: ox.Term | None) -> str | None:
    return None if term is None else term.value


def _rows(store: ox.Store, name: str) -> Iterable[ox.QuerySolution]:
    return store.query(queries.full(name))


def read_facts(store: ox.Store) -> Facts:
    """Run every query of ``compare.queries`` once and keep the rows as :class:`Facts`."""
    facts = Facts()
    codes = {}
    for row in _rows(store, "countries"):
        codes[row["code"].value] = row["country"].value
    facts.country_iri = codes
    for row in _rows(store, "meetings"):
        facts.meeting_country[row["meeting"].value] = row["country"].value
    _read_meeting_details(store, facts)
    facts.attendance = {(r["meeting"].value, r["person"].value) for r in _rows(store, "attendance")}
    for row in _rows(store, "mentioned"):
        facts.mentioned[row["kind"].value].add((row["meeting"].value, row["thing"].value))
    for row in _rows(store, "memberships"):
        facts.memberships[row["person"].value].add(row["org"].value)
    for row in _rows(store, "organizers"):
        facts.organizers[row["meeting"].value].add(row["org"].value)
    for row in _rows(store, "org_types"):
        org, kind = row["org"].value, _value(row["type"])
        if kind is not None:
            facts.org_types[org].add(kind)
        # one type for colours and funder categories: the first in IRI order, so that a
        # dual-typed organisation (a Danish centralbibliotek) gets the same one every run
        if facts.org_type.get(org) is None or (kind is not None and kind < facts.org_type[org]):
            facts.org_type[org] = kind
    facts.project_members = {(r["project"].value, r["org"].value)
                             for r in _rows(store, "project_members")}
    facts.funding = {_tie(row) for row in _rows(store, "funding")}
    for row in _rows(store, "areas"):
        facts.areas[row["org"].value].add((row["municipality"].value, row["region"].value))
    for row in _rows(store, "regions_served"):
        facts.served_regions[row["org"].value].add(row["region"].value)
    facts.regional_orgs = set(facts.served_regions)
    facts.region_sizes = {r["region"].value: int(r["municipalities"].value)
                          for r in _rows(store, "region_sizes")}
    facts.topics = {TopicTag(r["meeting"].value, r["item"].value, r["kind"].value,
                             r["topic"].value) for r in _rows(store, "topics")}
    facts.outcomes = {(r["meeting"].value, r["item"].value, r["kind"].value)
                      for r in _rows(store, "outcomes")}
    return facts


def _read_meeting_details(store: ox.Store, facts: Facts) -> None:
    """Date, type, document kind and region of each meeting (the first date if several)."""
    for row in _rows(store, "meeting_details"):
        meeting = row["meeting"].value
        for key, into in (("date", facts.meeting_date), ("type", facts.meeting_type),
                          ("kind", facts.meeting_kind)):
            value = _value(row[key])
            if value is not None and (meeting not in into or value < into[meeting]):
                into[meeting] = value.rsplit("/", 1)[-1] if key == "type" else value
    by_location: dict[str, str] = {}
    for row in _rows(store, "meeting_regions"):
        meeting, region = row["meeting"].value, row["region"].value
        into = by_location if row["via"].value == "location" else facts.meeting_region
        if meeting not in into or region < into[meeting]:
            into[meeting] = region
    facts.meeting_region.update(by_location)
    facts.region_country = {r["region"].value: r["country"].value
                            for r in _rows(store, "region_countries")}


def _tie(row: ox.QuerySolution) -> FundingTie:
    value = None
    if row["value"] is not None:
        try:
            value = Decimal(row["value"].value)
        except InvalidOperation:
            value = None
    return FundingTie(row["funder"].value, row["item"].value, _value(row["grant"]), value,
                      _value(row["currency"]))


def meetings_of(facts: Facts, country: str | None) -> set[str]:
    """The meetings of one country (ISO code), or every meeting when ``country`` is None."""
    return {m for m, c in facts.meeting_country.items() if country is None or c == country}


def slice_facts(facts: Facts, meetings: set[str]) -> Slice:
    """The facts that belong to ``meetings``: their attendance, and what their minutes mention."""
    attendance = {(m, p) for m, p in facts.attendance if m in meetings}

    def mentioned(kind: str) -> set[str]:
        return {thing for m, thing in facts.mentioned.get(kind, ()) if m in meetings}

    attendees = {p for _, p in attendance}
    orgs = mentioned("org") | {o for m in meetings for o in facts.organizers.get(m, ())}
    orgs |= {o for p in attendees for o in facts.memberships.get(p, ())}
    projects, grants = mentioned("project"), mentioned("grant")
    funding = {t for t in facts.funding
               if (t.grant in grants) or (t.grant is None and t.item in projects)}
    return Slice(
        meetings=set(meetings),
        attendance=attendance,
        people=mentioned("person") | attendees,
        orgs=orgs,
        projects=projects,
        grants=grants,
        funding=funding,
        topics={t for t in facts.topics if t.meeting in meetings},
        outcomes={o for o in facts.outcomes if o[0] in meetings},
    )


def participation(facts: Facts, part: Slice) -> set[Pair]:
    """(meeting, org) pairs: an organisation takes part in a meeting if it organised it or one
    of its members attended. The organiser counts because the minutes rarely list the host's
    staff as attendees, yet the host plainly took part."""
    pairs = {(m, o) for m, p in part.attendance for o in facts.memberships.get(p, ())}
    pairs |= {(m, o) for m in part.meetings for o in facts.organizers.get(m, ())}
    return pairs
