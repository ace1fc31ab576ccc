"""The extraction record: what one minutes document says, in the gold schema.

The JSON form (``MinutesRecord.to_dict``) has exactly the keys of the gold schema
(``tests/gold/SCHEMA.md``) plus extra keys the gold files do not have (``spans``, ``topics``,
``decision_details``, ``agenda``). Spans are character offsets into ``Document.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` into the normalised document text."""

    start: int
    end: int
    rule: str = ""

    def quote(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass
class Meeting:
    name: str | None = None
    type: str = "other"
    start_date: str | None = None
    end_date: str | None = None
    date_inferred: bool = False
    place: str | None = None
    municipality: str | None = None
    organizer: str | None = None
    minute_taker: str | None = None
    spans: list[Span] = field(default_factory=list)


@dataclass
class Person:
    name: str
    aliases: list[str] = field(default_factory=list)
    attended: bool = False
    absent: bool = False
    affiliation: str | None = None
    role: str | None = None
    spans: list[Span] = field(default_factory=list)
    affiliation_spans: list[Span] = field(default_factory=list)


@dataclass
class Organization:
    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = "other"
    municipality: str | None = None
    region: str | None = None
    country: str | None = None
    wikidata: str | None = None
    spans: list[Span] = field(default_factory=list)


@dataclass
class Place:
    name: str
    kind: str = "other"
    country: str | None = None
    code: str | None = None
    spans: list[Span] = field(default_factory=list)


@dataclass
class Project:
    name: str
    aliases: list[str] = field(default_factory=list)
    funders: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@dataclass
class Funding:
    funder: str | None
    recipient: str | None
    amount: float | None = None
    currency: str | None = None
    text: str = ""
    spans: list[Span] = field(default_factory=list)


@dataclass
class Decision:
    text: str
    topics: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@dataclass
class Action:
    who: str | None
    what: str
    topics: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@dataclass
class AgendaItem:
    title: str
    topics: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@dataclass
class NextMeeting:
    date: str | None = None
    date_inferred: bool = False
    place: str | None = None


@dataclass
class MinutesRecord:
    document: str
    language: str
    country: str | None
    kind: str = "minutes"
    meetings: list[Meeting] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    next_meeting: NextMeeting = field(default_factory=NextMeeting)

    def to_dict(self) -> dict[str, Any]:
        """Gold-schema JSON (decisions as strings) plus the extra evidence keys."""
        data = asdict(self)
        data["decision_details"] = data["decisions"]
        data["decisions"] = [d.text for d in self.decisions]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MinutesRecord:
        """Read a record (or a gold file, which lacks spans) back into dataclasses."""
        details = data.get("decision_details") or [{"text": t} for t in data.get("decisions", [])]
        return cls(
            document=data["document"],
            language=data.get("language", ""),
            country=data.get("country"),
            kind=data.get("kind", "minutes"),
            meetings=[_build(Meeting, m) for m in data.get("meetings", [])],
            persons=[_build(Person, p) for p in data.get("persons", [])],
            organizations=[_build(Organization, o) for o in data.get("organizations", [])],
            places=[_build(Place, p) for p in data.get("places", [])],
            projects=[_build(Project, p) for p in data.get("projects", [])],
            funding=[_build(Funding, f) for f in data.get("funding", [])],
            decisions=[_build(Decision, d) for d in details],
            actions=[_build(Action, a) for a in data.get("actions", [])],
            agenda=[_build(AgendaItem, a) for a in data.get("agenda", [])],
            next_meeting=_build(NextMeeting, data.get("next_meeting") or {}),
        )


def _build(cls: type, data: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    kwargs = {k: v for k, v in data.items() if k in names}
    for key in ("spans", "affiliation_spans"):
        if key in kwargs:
            kwargs[key] = [Span(**s) for s in kwargs[key]]
    return cls(**kwargs)
