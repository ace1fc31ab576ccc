"""Every parameter of every named query, with a value that must match and one that must not.

Values that are things (IRIs) are taken from the unfiltered answer of the demo build, so the
cases follow the data; each matching case also says what every returned row must satisfy.
``tests/test_queries.py`` runs the cases on the embedded store and checks the rows;
``tests/test_remote.py`` runs them on every server and compares with the embedded answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from libgraph.query import list_queries, run
from libgraph.store import Store

NOBODY = "https://w3id.org/libgraph/id/person/nobody-at-all"
NOWHERE = "https://w3id.org/libgraph/id/meeting/never-held"
NO_ORG = "https://w3id.org/libgraph/id/org/no-such-organisation"
NO_TOPIC = "https://w3id.org/libgraph/vocab/topic/no_such_topic"
NO_PROJECT = "https://w3id.org/libgraph/id/project/no-such-project"

Row = dict[str, Any]


@dataclass(frozen=True)
class Case:
    """One run of a query: the values, whether rows must come back, what each must satisfy."""

    query: str
    values: dict[str, str]
    match: bool
    check: Callable[[Row], bool] | None = None

    @property
    def id(self) -> str:
        given = ",".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in self.values.items())
        return f"{self.query}[{given}]{'' if self.match else '-none'}"


def _first(store: Store, query: str, column: str, values: dict[str, str] | None = None) -> str:
    rows = run(store, query, values or {}).rows
    assert rows is not None
    found = sorted({str(v) for v in rows.column(column) if v is not None})
    assert found, f"{query}: no {column} in the demo build"
    return found[0]


def _eq(column: str, value: object) -> Callable[[Row], bool]:
    return lambda row: str(row[column]) == str(value)


def _at_least(column: str, least: int) -> Callable[[Row], bool]:
    return lambda row: int(row[column]) >= least


def cases(store: Store) -> list[Case]:
    """The cases, with IRIs looked up in ``store`` (the demo build)."""
    person = _first(store, "co-attendance", "person1", {"min": "2"})
    meeting = _first(store, "attendance", "meeting", {"date": "2018-01-24"})
    organization = _first(store, "people", "organization")
    funder = _first(store, "grants", "funder")
    project = _first(store, "projects", "project")
    topic = _first(store, "decisions-and-actions", "topic")
    agent = _first(store, "decisions-and-actions", "agent")
    evidence_with = _first(store, "evidence", "about", {"iri": person})
    day = date(2018, 1, 24)
    return [
        Case("attendance", {"meeting": meeting}, True, _eq("meeting", meeting)),
        Case("attendance", {"meeting": NOWHERE}, False),
        Case("attendance", {"date": "2018-01-24"}, True, lambda r: r["date"] == day),
        Case("attendance", {"date": "1999-01-01"}, False),
        Case("attended", {"person": person, "date": "2018-01-24"}, True),
        Case("attended", {"person": person, "date": "1999-01-01"}, False),
        Case("attended", {"person": NOBODY, "date": "2018-01-24"}, False),
        Case("co-attendance", {"min": "2"}, True, _at_least("meetings", 2)),
        Case("co-attendance", {"min": "99"}, False),
        Case("co-attendance", {"limit": "3"}, True),
        Case("co-attendance", {"limit": "0"}, False),
        Case("decisions-and-actions", {"kind": "decision"}, True, _eq("kind", "decision")),
        Case("decisions-and-actions", {"kind": "action"}, True, _eq("kind", "action")),
        Case("decisions-and-actions", {"topic": topic}, True, _eq("topic", topic)),
        Case("decisions-and-actions", {"topic": NO_TOPIC}, False),
        Case("decisions-and-actions", {"agent": agent}, True, _eq("agent", agent)),
        Case("decisions-and-actions", {"agent": NOBODY}, False),
        Case("decisions-and-actions", {"lang": "sv"}, True),
        Case("decisions-per-topic", {"lang": "da"}, True),
        Case("describe", {"iri": meeting}, True),
        Case("describe", {"iri": NOWHERE}, False),
        Case("documents", {"language": "sv"}, True, _eq("language", "sv")),
        Case("documents", {"language": "nn"}, False),
        Case("evidence", {"iri": person}, True),
        Case("evidence", {"iri": NOBODY}, False),
        Case("evidence", {"iri": person, "with": evidence_with}, True,
             _eq("about", evidence_with)),
        Case("evidence", {"iri": person, "with": NOWHERE}, False),
        Case("grants", {"funder": funder}, True, _eq("funder", funder)),
        Case("grants", {"funder": NO_ORG}, False),
        Case("grants", {"currency": "SEK"}, True, _eq("currency", "SEK")),
        Case("grants", {"currency": "XYZ"}, False),
        Case("grants-by-funder", {"currency": "SEK"}, True, _eq("currency", "SEK")),
        Case("grants-by-funder", {"currency": "XYZ"}, False),
        Case("libraries-in-projects", {"min": "1", "kind": "any"}, True,
             _at_least("projects", 1)),
        Case("libraries-in-projects", {"min": "99", "kind": "any"}, False),
        Case("libraries-in-projects", {"min": "1", "kind": "organization"}, True,
             _eq("kind", "organization")),
        Case("meetings", {"country": "NO"}, True, _eq("country", "NO")),
        Case("meetings", {"year": "2018"}, True, lambda r: r["startDate"].year == 2018),
        Case("meetings", {"year": "1990"}, False),
        Case("meetings-by-country-year", {"country": "DK"}, True, _eq("country", "DK")),
        Case("organisations-by-region", {"region": "kronoberg"}, True,
             lambda r: str(r["regionName"]).lower() == "kronoberg"),
        Case("organisations-by-region", {"region": "Atlantis"}, False),
        Case("organisations-by-region", {"kind": "library"}, True, _eq("kind", "library")),
        Case("organisations-by-region", {"country": "NO"}, True, _eq("country", "NO")),
        Case("people", {"organization": organization}, True,
             _eq("organization", organization)),
        Case("people", {"organization": NO_ORG}, False),
        Case("people-multi-network", {"min": "2"}, True,
             lambda r: int(r["networks"]) >= 2 or int(r["regions"]) >= 2),
        Case("people-multi-network", {"min": "99"}, False),
        Case("projects", {"project": project}, True, _eq("project", project)),
        Case("projects", {"project": NO_PROJECT}, False),
        Case("top-attendees", {"min": "2"}, True, _at_least("meetings", 2)),
        Case("top-attendees", {"min": "99"}, False),
        Case("top-attendees", {"limit": "3"}, True, None),
        Case("top-attendees", {"limit": "0"}, False),
        Case("topic-profile", {"country": "SE"}, True, _eq("country", "SE")),
        Case("topic-profile", {"lang": "nb"}, True),
    ]


def declared() -> set[tuple[str, str]]:
    """(query, parameter) for every parameter that a named query declares."""
    return {(q.name, p.name) for q in list_queries() for p in q.params}
