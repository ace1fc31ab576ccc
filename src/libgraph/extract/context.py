"""The shared state recognisers read from and write to while extracting one document.

Recognisers are small functions ``(ctx) -> None`` run in order (see ``pipeline.py``). They
read the text views and the lexicons here and add facts through the ``add_*`` methods, which
de-duplicate by a folded key and collect every span, so that the record keeps all evidence.
"""

from __future__ import annotations

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

    def span(self, start: int, end: int, rule: str) -> Span:
        return Span(start, end, rule)

    # -- adding facts -------------------------------------------------------------------

    def add_person(self, name: str, span: Span | None = None, **attrs: object) -> Person:
        return _add(self.persons, Person, name, span, None, attrs)

    def add_organization(self, name: str, span: Span | None = None, alias: str | None = None,
                         **attrs: object) -> Organization:
        return _add(self.organizations, Organization, name, span, alias, attrs)

    def add_place(self, name: str, span: Span | None = None, **attrs: object) -> Place:
        return _add(self.places, Place, name, span, None, attrs)

    def add_project(self, name: str, span: Span | None = None, alias: str | None = None
                    ) -> Project:
        return _add(self.projects, Project, name, span, alias, {})

    def find_person(self, name: str) -> Person | None:
        return _find(self.persons, name)

    def find_organization(self, name: str) -> Organization | None:
        return _find(self.organizations, name)

    def find_project(self, name: str) -> str | None:
        project = _find(self.projects, name)
        return project.name if project is not None else None

    def author_organization(self) -> str | None:
        """The regional library agency the document speaks for ("vi", "our"): the one named
        most often."""
        agencies = [o for o in self.organizations.values() if o.kind == "regional_library_agency"]
        if not agencies:
            return None
        return max(agencies, key=lambda o: len(o.spans)).name

    def in_attendance_block(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.attendance_spans)

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


def _add(table: dict[str, Any], cls: type, name: str, span: Span | None, alias: str | None,
         attrs: dict[str, object]) -> Any:
    """Find-or-create by folded name, then merge attributes, an alias and a span: the one
    way every recogniser adds a thing, so duplicates never arise from spelling variants."""
    key = fold(name)
    thing = table.get(key)
    if thing is None:
        thing = cls(name=name)
        table[key] = thing
    _merge(thing, attrs)
    if alias and fold(alias) != key and alias not in thing.aliases:
        thing.aliases.append(alias)
    _add_span(thing.spans, span)
    return thing


def _find(table: dict[str, Any], name: str) -> Any:
    """By folded name, then by alias."""
    key = fold(name)
    if key in table:
        return table[key]
    for thing in table.values():
        if key in {fold(a) for a in getattr(thing, "aliases", [])}:
            return thing
    return None


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


def _add_span(spans: list[Span], span: Span | None) -> None:
    if span is not None and span not in spans:
        spans.append(span)
