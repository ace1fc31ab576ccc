"""The shared state recognisers read from and write to while extracting one document.

Recognisers are small functions ``(ctx) -> None`` run in order (see ``pipeline.py``). They
read the text views and the lexicons here and add facts through the ``add_*`` methods, which
de-duplicate by a folded key and collect every span, so that the record keeps all evidence.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..ingest.model import Document
from ..record import (
    Action,
    AgendaItem,
    Decision,
    Funding,
    Meeting,
    MinutesRecord,
    NextMeeting,
    Organization,
    Person,
    Place,
    Project,
    Span,
)
from ..resolve.textnorm import fold
from .text import TextView


@dataclass
class ExtractionContext:
    document: Document
    view: TextView = field(init=False)
    persons: dict[str, Person] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    meetings: list[Meeting] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    next_meeting: NextMeeting = field(default_factory=NextMeeting)
    kind: str = "minutes"
    attendance_spans: list[tuple[int, int]] = field(default_factory=list)
    affiliation_spans: dict[str, list[Span]] = field(default_factory=dict)
    org_affiliations: set[str] = field(default_factory=set)
    minute_taker: str | None = None
    short_mentions: list = field(default_factory=list)
    # Spans already recorded per thing (by id): adding a span is a set lookup, not a scan of
    # the thing's span list, so a name mentioned a thousand times costs a thousand steps.
    _span_sets: dict[int, set[Span]] = field(default_factory=dict, repr=False)
    _block_index: tuple[int, list[int], list[int]] = field(default=(0, [], []), repr=False)
    _alias_indexes: dict[int, tuple[int, int, dict[str, Any]]] = field(default_factory=dict,
                                                                      repr=False)
    # Per-document memos of recognisers (a word's lexicon verdicts, asked once per word).
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.view = TextView(self.document.text)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def country(self) -> str | None:
        return self.document.country

    @cached_property
    def gazetteer(self):
        from ..resolve.gazetteer import Gazetteer

        return Gazetteer.load()

    @cached_property
    def authority(self):
        from ..resolve.authority import Authority

        return Authority.load()

    @cached_property
    def names(self):
        from ..resolve.names import FirstNames

        return FirstNames.load()

    @cached_property
    def area_mentions(self) -> list[tuple[int, int, Any]]:
        """Every gazetteer area named in the text (``Gazetteer.find_all`` for the document's
        country): places and the regional agency both scan for them, so the scan runs once."""
        return self.gazetteer.find_all(self.text, country=self.country)

    def span(self, start: int, end: int, rule: str) -> Span:
        return Span(start, end, rule)

    # -- adding facts -------------------------------------------------------------------

    def add_person(self, name: str, span: Span | None = None, **attrs: object) -> Person:
        person = _add(self.persons, Person, name, None, attrs, person_key(name))
        self.add_span(person, span)
        return person

    def add_organization(self, name: str, span: Span | None = None, alias: str | None = None,
                         **attrs: object) -> Organization:
        org = _add(self.organizations, Organization, name, alias, attrs)
        self.add_span(org, span)
        return org

    def add_place(self, name: str, span: Span | None = None, **attrs: object) -> Place:
        place = _add(self.places, Place, name, None, attrs)
        self.add_span(place, span)
        return place

    def add_project(self, name: str, span: Span | None = None, alias: str | None = None
                    ) -> Project:
        project = _add(self.projects, Project, name, alias, {})
        self.add_span(project, span)
        return project

    def add_span(self, thing: Any, span: Span | None) -> None:
        """Record a span on a person, organisation, place or project once (constant time)."""
        if span is None:
            return
        seen = self._span_sets.get(id(thing))
        if seen is None:
            seen = self._span_sets[id(thing)] = set(thing.spans)
        if span not in seen:
            seen.add(span)
            thing.spans.append(span)

    def find_person(self, name: str) -> Person | None:
        return _find(self.persons, name, person_key, self._alias_indexes)

    def find_organization(self, name: str) -> Organization | None:
        return _find(self.organizations, name, fold, self._alias_indexes)

    def find_project(self, name: str) -> str | None:
        project = _find(self.projects, name, fold, self._alias_indexes)
        return project.name if project is not None else None

    def author_organization(self) -> str | None:
        """The regional library agency the document speaks for ("vi", "our"): the one named
        most often."""
        agencies = [o for o in self.organizations.values() if o.kind == "regional_library_agency"]
        if not agencies:
            return None
        return max(agencies, key=lambda o: len(o.spans)).name

    def in_attendance_block(self, offset: int) -> bool:
        """Whether ``offset`` lies in an attendance block (a bisection over the blocks, which
        are re-indexed only when a block was added)."""
        count, starts, ends = self._block_index
        if count != len(self.attendance_spans):
            blocks = sorted(self.attendance_spans)
            starts = [a for a, _ in blocks]
            ends = list(itertools.accumulate((b for _, b in blocks), max))
            self._block_index = (len(blocks), starts, ends)
        idx = bisect_right(starts, offset) - 1
        return idx >= 0 and offset < ends[idx]

    def to_record(self) -> MinutesRecord:
        return MinutesRecord(
            document=self.document.name,
            language=self.document.language,
            country=self.country,
            kind=self.kind,
            meetings=self.meetings,
            persons=list(self.persons.values()),
            organizations=list(self.organizations.values()),
            places=list(self.places.values()),
            projects=list(self.projects.values()),
            funding=self.funding,
            decisions=self.decisions,
            actions=self.actions,
            agenda=self.agenda,
            next_meeting=self.next_meeting,
        )


def person_key(name: str) -> str:
    """The key of a person's name: folded, with hyphens as spaces ("Lars-Åke Vinge" and "Lars
    Åke Vinge" are one person written two ways)."""
    return " ".join(fold(name).replace("-", " ").split())


def _add(table: dict[str, Any], cls: type, name: str, alias: str | None,
         attrs: dict[str, object], key: str | None = None) -> Any:
    """Find-or-create by folded name, then merge attributes and an alias: the one way every
    recogniser adds a thing, so duplicates never arise from spelling variants. (Spans go
    through ``ExtractionContext.add_span``.)"""
    key = fold(name) if key is None else key
    thing = table.get(key)
    if thing is None:
        thing = cls(name=name)
        table[key] = thing
    _merge(thing, attrs)
    if alias and fold(alias) != key and alias not in thing.aliases:
        thing.aliases.append(alias)
    return thing


def _find(table: dict[str, Any], name: str, keyfn: Callable[[str], str] = fold,
          cache: dict[int, tuple[int, int, dict[str, Any]]] | None = None) -> Any:
    """By folded name, then by alias (through an alias index kept in ``cache``)."""
    key = keyfn(name)
    if key in table:
        return table[key]
    return _alias_index(table, keyfn, {} if cache is None else cache).get(key)


def _alias_index(table: dict[str, Any], keyfn: Callable[[str], str],
                 cache: dict[int, tuple[int, int, dict[str, Any]]]) -> dict[str, Any]:
    """Folded alias -> thing. Recognisers append aliases to things directly, so the index is
    rebuilt only when the number of things or of aliases changed (counting is cheap, folding
    every alias on every lookup is not)."""
    count = sum(len(getattr(thing, "aliases", ())) for thing in table.values())
    cached = cache.get(id(table))
    if cached is not None and cached[0] == count and cached[1] == len(table):
        return cached[2]
    index: dict[str, Any] = {}
    for thing in table.values():
        for alias in getattr(thing, "aliases", ()):
            index.setdefault(keyfn(alias), thing)
    cache[id(table)] = (count, len(table), index)
    return index


def _merge(target: object, attrs: dict[str, object]) -> None:
    """Set attributes that are still empty; booleans only ever go from False to True."""
    for key, value in attrs.items():
        if value is None:
            continue
        current = getattr(target, key)
        if isinstance(current, bool):
            setattr(target, key, current or bool(value))
        elif current in (None, "", "other") or current == []:
            setattr(target, key, value)
