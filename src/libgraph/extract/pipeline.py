"""The extractor: declared steps run in a fixed order over one document.

Each recogniser is a plain function ``(ExtractionContext) -> None``. ``PIPELINE`` lists them
in order with the context fields each reads and writes (see ``contract.py``); the list is
checked when this module is imported, so a step placed before the one whose results it reads,
or a second writer of a field, fails at once. The table of steps is in docs/architecture.md
(kept in sync by a test). A model-based recogniser can be added to ``PIPELINE`` and compared on
the same gold files with ``libgraph evaluate``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from ..ingest.model import Document
from ..record import MinutesRecord
from .aliases import resolve_aliases
from .attendance import read_attendance
from .context import ExtractionContext
from .contract import GuardedContext, Step, check_pipeline, step
from .decisions import read_actions, read_decisions
from .functions import read_functions
from .funding import read_funding, read_projects
from .meetings import read_meeting
from .organizer import read_organizer
from .orgs import read_organizations
from .people import mark_speakers, read_people
from .places import read_places
from .topics import read_topics

Recogniser = Callable[[ExtractionContext], None]

#: Set to run every extraction under a :class:`GuardedContext` (slow; for debugging).
GUARD_ENV = "LIBGRAPH_GUARD_EXTRACTION"


def finish_record(ctx: ExtractionContext) -> None:
    """The last step: the document's kind, the minute taker onto the first meeting, people's
    spans in order and the affiliation spans of those with an affiliation."""
    ctx.kind = document_kind(ctx)
    if ctx.meetings and ctx.minute_taker and not ctx.meetings[0].minute_taker:
        ctx.meetings[0].minute_taker = ctx.minute_taker
    for person in ctx.persons.values():
        person.spans.sort()
        if person.affiliation:
            person.affiliation_spans = sorted(set(ctx.affiliation_spans.get(person.name, [])))


PIPELINE: tuple[Step, ...] = (
    step(read_meeting, writes=("meetings", "next_meeting")),
    step(read_attendance, writes=("persons", "attendance_spans", "affiliation_spans",
                                  "org_affiliations", "minute_taker")),
    step(read_people, reads=("attendance_spans",),
         writes=("persons", "affiliation_spans", "short_mentions")),
    step(resolve_aliases, reads=("short_mentions",),
         writes=("persons", "affiliation_spans", "minute_taker")),
    step(read_organizations, reads=("persons", "affiliation_spans", "org_affiliations"),
         writes=("organizations",)),
    step(read_places, reads=("persons", "affiliation_spans", "meetings", "organizations"),
         writes=("places",)),
    step(mark_speakers, reads=("attendance_spans",), writes=("persons",)),
    step(read_functions, writes=("persons", "minute_taker")),
    step(read_organizer, reads=("persons",), writes=("meetings", "organizations")),
    step(read_projects, reads=("meetings", "organizations"), writes=("projects",)),
    step(read_funding, reads=("meetings",),
         writes=("funding", "projects", "organizations")),
    step(read_decisions, reads=("attendance_spans", "persons", "organizations"),
         writes=("decisions",)),
    step(read_actions, reads=("attendance_spans", "persons", "organizations"),
         writes=("actions",)),
    step(read_topics, writes=("agenda", "decisions", "actions", "projects")),
    step(finish_record, reads=("attendance_spans", "minute_taker", "affiliation_spans"),
         writes=("kind", "meetings", "persons")),
)
check_pipeline(PIPELINE)

#: The recognisers in order (the functions of ``PIPELINE``).
RECOGNISERS: tuple[Recogniser, ...] = tuple(item.run for item in PIPELINE)


def extract(document: Document, pipeline: tuple[Step, ...] = PIPELINE,
            guard: bool | None = None) -> MinutesRecord:
    """The extraction record of one document. ``guard`` (default: the environment variable
    ``LIBGRAPH_GUARD_EXTRACTION``) runs each step under its declarations."""
    if pipeline is not PIPELINE:
        check_pipeline(pipeline)
    if guard is None:
        guard = bool(os.environ.get(GUARD_ENV))
    if guard:
        guarded = GuardedContext(document)
        for item in pipeline:
            guarded.run(item)
        return guarded.to_record()
    ctx = ExtractionContext(document)
    for item in pipeline:
        item.run(ctx)
    return ctx.to_record()


_SUMMARY = re.compile(r"\b(?:oppsummering|opsummering|sammanfattning|sammendrag|samandrag|"
                      r"summary|rapport fra|rapport från|rapport frå)\b", re.IGNORECASE)
_INVITATION = re.compile(r"\b(?:inviterer|inviterar|inbjuder|bjuder\s+in|välkommen\s+till|"
                         r"velkommen\s+til|tilmelding|påmelding|anmälan|anmäl\s+dig|"
                         r"meld\s+deg\s+på|program\s+for\s+dagen)\b", re.IGNORECASE)


def document_kind(ctx: ExtractionContext) -> str:
    """minutes | summary | announcement: a summary says so in an early heading; an
    announcement invites and lists nobody as present."""
    early = [h.text for h in ctx.view.headings if h.start < 1200]
    if any(_SUMMARY.search(h) for h in early):
        return "summary"
    if not ctx.attendance_spans and _INVITATION.search(ctx.text[:3000]):
        return "announcement"
    return "minutes"

