"""The extractor: recognisers run in a fixed order over one document.

Each recogniser is a plain function ``(ExtractionContext) -> None``; the order matters only
where one reads what an earlier one found (the organiser needs organisations, aliases need
full names). A model-based recogniser can be added to ``RECOGNISERS`` and compared on the same
gold files with ``libgraph evaluate``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..ingest.model import Document
from ..record import MinutesRecord
from .aliases import resolve_aliases
from .attendance import read_attendance
from .context import ExtractionContext
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

RECOGNISERS: tuple[Recogniser, ...] = (
    read_meeting,
    read_attendance,
    read_people,
    resolve_aliases,
    read_organizations,
    read_places,
    mark_speakers,
    read_functions,
    read_organizer,
    read_projects,
    read_funding,
    read_decisions,
    read_actions,
    read_topics,
)


def extract(document: Document, recognisers: tuple[Recogniser, ...] = RECOGNISERS
            ) -> MinutesRecord:
    """The extraction record of one document."""
    ctx = ExtractionContext(document)
    for recogniser in recognisers:
        recogniser(ctx)
    _finish(ctx)
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


def _finish(ctx: ExtractionContext) -> None:
    ctx.kind = document_kind(ctx)
    if ctx.meetings and ctx.minute_taker and not ctx.meetings[0].minute_taker:
        ctx.meetings[0].minute_taker = ctx.minute_taker
    for person in ctx.persons.values():
        person.spans.sort()
        if person.affiliation:
            person.affiliation_spans = sorted(set(ctx.affiliation_spans.get(person.name, [])))
