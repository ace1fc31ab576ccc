"""Human curation applied to every build: merge, split, rename, reject, add, set a date.

Curation is a TOML file (``data/curation/curation.toml`` by default) that people edit by hand.
It is applied to extraction records, after extraction and before mapping, so it survives
re-extraction: the next build extracts the same mistakes and the same corrections fix them.
Every entry must match something; an entry that matches nothing is reported, because a typo in
a name would otherwise silently stop a correction from applying.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..record import MinutesRecord, Organization, Person, Project
from .textnorm import fold

# A curation file beside the minutes it corrects, at the top of a corpus directory.
CORPUS_FILE = "curation.toml"
ACTIONS = ("merge", "split", "rename", "reject", "add", "set_date")
KINDS = ("person", "organization", "project", "place")


class CurationError(ValueError):
    """A curation file that cannot be read; the message names the file and the entry."""


@dataclass
class Entry:
    action: str
    data: dict[str, Any]
    index: int
    matched: bool = False
    source: Path | None = None

    @property
    def kind(self) -> str:
        return str(self.data.get("kind", "person"))

    @property
    def document(self) -> str | None:
        doc = self.data.get("document")
        return str(doc) if doc else None

    def describe(self) -> str:
        return f"{self.action} #{self.index + 1} {self.data}"


@dataclass
class Curation:
    path: Path | None = None
    entries: list[Entry] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> Curation:
        """Read and check a curation file; a missing file is an empty curation."""
        if not path.exists():
            return cls(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise CurationError(f"{path}: {err}") from err
        entries = []
        for action in data:
            if action not in ACTIONS:
                raise CurationError(f"{path}: unknown section [[{action}]] "
                                    f"(expected one of {', '.join(ACTIONS)})")
            for index, item in enumerate(data[action]):
                entries.append(_checked(path, Entry(action, dict(item), index, source=path)))
        return cls(path, entries)

    @classmethod
    def for_corpus(cls, default: Path, roots: list[Path]) -> Curation:
        """The default file's entries, then those of a ``curation.toml`` at the top of each
        corpus directory: corrections travel with the minutes they correct, so building
        another corpus does not warn about entries written for this one."""
        combined = cls.load(default)
        for root in roots:
            local = root / CORPUS_FILE
            if root.is_dir() and local.is_file() and local.resolve() != default.resolve():
                combined.entries += cls.load(local).entries
        return combined

    def apply(self, record: MinutesRecord) -> MinutesRecord:
        for entry in self.entries:
            if entry.document and entry.document != record.document:
                continue
            if _APPLY[entry.action](record, entry.data):
                entry.matched = True
        return record

    def unmatched(self) -> list[str]:
        """Entries that changed nothing in any document of the build."""
        return [f"{e.source or self.path}: {e.describe()} matched nothing"
                for e in self.entries if not e.matched]


_REQUIRED = {
    "merge": ("names", "into"), "split": ("name", "document", "as"), "rename": ("from", "to"),
    "reject": ("name",), "add": ("document", "fact"), "set_date": ("document", "date"),
}


def _checked(path: Path, entry: Entry) -> Entry:
    missing = [k for k in _REQUIRED[entry.action] if k not in entry.data]
    if missing:
        raise CurationError(f"{path}: {entry.describe()} lacks {', '.join(missing)}")
    if entry.kind not in KINDS:
        raise CurationError(f"{path}: {entry.describe()} has unknown kind {entry.kind!r}")
    return entry


def _things(record: MinutesRecord, kind: str) -> list[Any]:
    return {"person": record.persons, "organization": record.organizations,
            "project": record.projects, "place": record.places}[kind]


def _named(things: list[Any], name: str) -> list[Any]:
    key = fold(name)
    return [t for t in things
            if fold(t.name) == key or key in {fold(a) for a in getattr(t, "aliases", [])}]


def _rename_everywhere(record: MinutesRecord, old: str, new: str) -> None:
    """Follow a renamed person or organisation into the fields that refer to it by name."""
    key = fold(old)
    for person in record.persons:
        if person.affiliation and fold(person.affiliation) == key:
            person.affiliation = new
    for meeting in record.meetings:
        if meeting.organizer and fold(meeting.organizer) == key:
            meeting.organizer = new
        if meeting.minute_taker and fold(meeting.minute_taker) == key:
            meeting.minute_taker = new
    for project in record.projects:
        project.funders = [new if fold(f) == key else f for f in project.funders]
        project.participants = [new if fold(p) == key else p for p in project.participants]
    for grant in record.funding:
        grant.funder = new if grant.funder and fold(grant.funder) == key else grant.funder
    for action in record.actions:
        action.who = new if action.who and fold(action.who) == key else action.who


def _rename(record: MinutesRecord, data: dict[str, Any]) -> bool:
    hits = _named(_things(record, data.get("kind", "person")), data["from"])
    for thing in hits:
        if thing.name not in getattr(thing, "aliases", []) and hasattr(thing, "aliases"):
            thing.aliases.append(thing.name)
        _rename_everywhere(record, thing.name, data["to"])
        thing.name = data["to"]
    return bool(hits)


def _merge(record: MinutesRecord, data: dict[str, Any]) -> bool:
    """Variants of one name become that name (and are merged within the document too)."""
    things = _things(record, data.get("kind", "person"))
    changed = False
    for variant in data["names"]:
        if fold(variant) != fold(data["into"]) and _rename(
                record, {"kind": data.get("kind", "person"), "from": variant,
                         "to": data["into"]}):
            changed = True
    _dedupe(things, record, data.get("kind", "person"))
    return changed


def _dedupe(things: list[Any], record: MinutesRecord, kind: str) -> None:
    seen: dict[str, Any] = {}
    for thing in list(things):
        key = fold(thing.name)
        if key in seen:
            _absorb(seen[key], thing)
            things.remove(thing)
        else:
            seen[key] = thing


def _absorb(keep: Person | Organization | Project, other: Any) -> None:
    for alias in getattr(other, "aliases", []):
        if alias not in keep.aliases and alias != keep.name:
            keep.aliases.append(alias)
    keep.spans.extend(s for s in other.spans if s not in keep.spans)
    if isinstance(keep, Person):
        keep.attended = keep.attended or other.attended
        keep.absent = keep.absent or other.absent
        keep.affiliation = keep.affiliation or other.affiliation
        keep.role = keep.role or other.role


def _split(record: MinutesRecord, data: dict[str, Any]) -> bool:
    """The same name in one document is a different person: give it a distinct name."""
    return _rename(record, {"kind": data.get("kind", "person"), "from": data["name"],
                            "to": data["as"]})


def _reject(record: MinutesRecord, data: dict[str, Any]) -> bool:
    things = _things(record, data.get("kind", "person"))
    hits = _named(things, data["name"])
    for thing in hits:
        things.remove(thing)
    return bool(hits)


def _add(record: MinutesRecord, data: dict[str, Any]) -> bool:
    """Add a fact the extractor missed: a person (with attendance, affiliation, role), an
    organisation, a project with funders, or a decision."""
    fact = dict(data["fact"])
    kind = fact.pop("kind", "person")
    if kind == "decision":
        from ..record import Decision

        record.decisions.append(Decision(text=str(fact["text"])))
        return True
    cls = {"person": Person, "organization": Organization, "project": Project}.get(kind)
    if cls is None:
        raise CurationError(f"add: unknown fact kind {kind!r}")
    existing = _named(_things(record, kind), str(fact["name"]))
    if existing:
        for key, value in fact.items():
            setattr(existing[0], key, value)
    else:
        _things(record, kind).append(cls(**fact))
    return True


def _set_date(record: MinutesRecord, data: dict[str, Any]) -> bool:
    if not record.meetings:
        return False
    meeting = record.meetings[int(data.get("meeting", 0))]
    meeting.start_date = str(data["date"])
    meeting.end_date = str(data["end_date"]) if data.get("end_date") else meeting.end_date
    meeting.date_inferred = False
    return True


_APPLY = {"merge": _merge, "split": _split, "rename": _rename, "reject": _reject, "add": _add,
          "set_date": _set_date}
