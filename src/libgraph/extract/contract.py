"""What each pipeline step reads and writes, checked when the pipeline is defined and, in
tests, while it runs.

Like spaCy's ``requires=`` / ``assigns=`` on pipeline components, every step of
``pipeline.PIPELINE`` declares the context fields it reads and the ones it writes (its own
results). :func:`check_pipeline` runs at import: a field read must be written by an earlier
step (a step may also read what it writes itself), and a field has exactly one writer unless
it is listed in :data:`SHARED` with the reason it is an accumulation. A
:class:`GuardedContext` (used by the tests, or by ``extract`` when ``LIBGRAPH_GUARD_EXTRACTION``
is set) raises :class:`ContractError` when a step touches a field it did not declare, so the
declarations cannot drift from the code.

The document, its text views, the lexicons (``gazetteer``, ``authority``, ``names``) and
``memo`` are free to read for every step: the memo holds per-document caches of functions of
a word and the lexicons only, so sharing it cannot carry a result from one step to another.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .context import ExtractionContext

#: The context fields a step must declare to read or write (everything else is the document,
#: its views, the lexicons or a private index of the context).
FIELDS: tuple[str, ...] = (
    "meetings", "next_meeting", "persons", "organizations", "places", "projects", "funding",
    "decisions", "actions", "agenda", "kind", "attendance_spans", "affiliation_spans",
    "org_affiliations", "minute_taker", "short_mentions",
)

#: Fields with more than one writer, and why they are one field rather than one per writer.
SHARED: dict[str, str] = {
    "persons": "the record's one table of people: lists, prose, aliases, speakers and "
               "functions each add or complete people through add_person, which merges "
               "spellings by a folded key",
    "organizations": "the record's one table of bodies: named ones, the organiser named in a "
                     "title and funders, merged by folded name",
    "projects": "the record's one table of projects: named ones, then those funded, then "
                "their topics",
    "meetings": "the meetings, completed later with their organiser and minute taker",
    "decisions": "decisions, completed later with their topics",
    "actions": "actions, completed later with their topics",
    "minute_taker": "the first minute taker found (list header, then role or deed), renamed "
                    "when aliases merge two people",
    "affiliation_spans": "where each person's affiliation was read (lists, then prose), "
                         "moved when aliases merge two people",
}


class ContractError(RuntimeError):
    """A pipeline whose declarations do not hold (at definition or while running)."""


@dataclass(frozen=True)
class Step:
    """One recogniser with its declared reads and writes."""

    run: Callable[[ExtractionContext], None]
    reads: frozenset[str]
    writes: frozenset[str]

    @property
    def name(self) -> str:
        return self.run.__name__


def step(run: Callable[[ExtractionContext], None], reads: Iterable[str] = (),
         writes: Iterable[str] = ()) -> Step:
    """A step, refusing field names that are not context fields (a typo would otherwise
    declare nothing)."""
    reads, writes = frozenset(reads), frozenset(writes)
    unknown = (reads | writes) - set(FIELDS)
    if unknown:
        raise ContractError(f"{run.__name__} declares unknown fields {sorted(unknown)}")
    return Step(run, reads, writes)


def check_pipeline(steps: Iterable[Step]) -> None:
    """Raise unless every field read is written by an earlier step (or by the step itself)
    and every field with several writers is declared shared."""
    written: dict[str, str] = {}
    for item in steps:
        missing = item.reads - item.writes - written.keys()
        if missing:
            raise ContractError(f"{item.name} reads {sorted(missing)} before any step "
                                "writes it")
        for name in item.writes:
            if name in written and name not in SHARED:
                raise ContractError(f"{item.name} writes {name!r}, already written by "
                                    f"{written[name]} (not a declared shared field)")
            written.setdefault(name, item.name)


def pipeline_table(steps: Iterable[Step]) -> str:
    """The steps as a Markdown table (kept in docs/architecture.md, checked by a test)."""
    rows = ["| # | step | reads | writes |", "|---|---|---|---|"]
    for number, item in enumerate(steps, start=1):
        reads = ", ".join(f"`{f}`" for f in sorted(item.reads - item.writes)) or "—"
        writes = ", ".join(f"`{f}`" for f in sorted(item.writes)) or "—"
        rows.append(f"| {number} | `{item.name}` | {reads} | {writes} |")
    return "\n".join(rows)


class GuardedContext(ExtractionContext):
    """An extraction context that raises when the running step reads or writes a field it
    did not declare. Reads are checked on access; writes by comparing a deep copy of every
    undeclared field before and after the step (so changing a thing inside a table counts),
    which is slow: for tests and debugging only."""

    _step: Step | None = None

    def __getattribute__(self, name: str) -> Any:
        if name in _FIELD_SET:
            current = object.__getattribute__(self, "_step")
            if current is not None and name not in current.reads \
                    and name not in current.writes:
                raise ContractError(f"{current.name} reads {name!r}, which it does not "
                                    "declare")
        return object.__getattribute__(self, name)

    def run(self, item: Step) -> None:
        """Run one step under its declarations."""
        before = {name: copy.deepcopy(getattr(self, name))
                  for name in FIELDS if name not in item.writes}
        self._step = item
        try:
            item.run(self)
        finally:
            self._step = None
        for name, old in before.items():
            if getattr(self, name) != old:
                raise ContractError(f"{item.name} writes {name!r}, which it does not "
                                    "declare")


_FIELD_SET = frozenset(FIELDS)
