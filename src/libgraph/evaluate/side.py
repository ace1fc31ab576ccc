"""One record (gold or predicted) prepared for scoring: its lists and alias tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from libgraph.evaluate.matching import AliasIndex


def items(record: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The dict entries of a list field; a missing or null list is empty."""
    return [e for e in record.get(key) or [] if isinstance(e, dict)]


def texts(record: dict[str, Any], key: str) -> list[str]:
    """A list of strings (decisions); accepts ``{"text": ...}`` entries as well."""
    out = []
    for entry in record.get(key) or []:
        text = entry.get("text") if isinstance(entry, dict) else entry
        if text:
            out.append(str(text))
    return out


@dataclass
class Side:
    """A record plus the alias tables through which its strings are interpreted."""

    record: dict[str, Any]
    persons: list[dict[str, Any]]
    orgs: AliasIndex
    projects: AliasIndex
    people: AliasIndex
    agents: AliasIndex  # persons and organizations: who can be the agent of an action

    @classmethod
    def of(cls, record: dict[str, Any]) -> Side:
        persons = items(record, "persons")
        organizations = items(record, "organizations")
        return cls(
            record=record,
            persons=persons,
            orgs=AliasIndex.build(organizations),
            projects=AliasIndex.build(items(record, "projects")),
            people=AliasIndex.build(persons),
            agents=AliasIndex.build([*persons, *organizations]),
        )
