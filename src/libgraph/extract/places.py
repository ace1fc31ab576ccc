"""Places: municipalities and regions from the gazetteer, towns, and venues.

Gazetteer matches are written under the area's official short name ("Kronobergs län" and
"i Kronoberg" are both the region Kronoberg), so one area is one place in the record. Venues
come from "X i <municipality>" phrases ("Hjorthöjden i Ronneby kommun", "Vingsted Centret ved
Vejle") and from the meeting's own place.
"""

from __future__ import annotations

import re

from .context import ExtractionContext

_VENUE = re.compile(
    r"(?<![\w-])(?P<venue>[A-ZÅÄÖÆØ][\wåäöæø-]+(?:\s+[A-ZÅÄÖÆØ][\wåäöæø-]+){0,2})\s+"
    r"(?:i|ved|på)\s+(?P<town>[A-ZÅÄÖÆØ][\wåäöæø-]+)(?:\s+kommuns?|\s+kommune)?(?![\w-])"
)


def read_places(ctx: ExtractionContext) -> None:
    """Recogniser: every gazetteer area, then venues and towns around them."""
    for start, end, area in ctx.gazetteer.find_all(ctx.text, country=ctx.country):
        if _inside_org_name(ctx, start, end):
            continue
        ctx.add_place(area.name, ctx.span(start, end, "gazetteer"), kind=area.kind,
                      country=area.country, code=area.code)
    _venues(ctx)
    _meeting_places(ctx)


def _inside_org_name(ctx: ExtractionContext, start: int, end: int) -> bool:
    """"Växjö" inside "Växjö stadsbibliotek" names the library, not a place mention."""
    for org in ctx.organizations.values():
        for span in org.spans:
            if span.start <= start and end <= span.end and (span.end - span.start) > (end - start):
                return True
    return False


def _venues(ctx: ExtractionContext) -> None:
    for m in _VENUE.finditer(ctx.text):
        venue, town = m.group("venue"), m.group("town")
        if ctx.gazetteer.lookup(venue, country=ctx.country) or ctx.find_organization(venue):
            continue
        if ctx.names.is_first_name(venue.split()[0]):
            continue
        if not ctx.gazetteer.lookup(town, country=ctx.country):
            continue
        kind = "city" if ctx.gazetteer.locality(venue, country=ctx.country) else "venue"
        ctx.add_place(venue, ctx.span(m.start("venue"), m.end("venue"), "venue"), kind=kind,
                      country=ctx.country)


def _meeting_places(ctx: ExtractionContext) -> None:
    for meeting in ctx.meetings:
        if meeting.place and not ctx.places.get(meeting.place.casefold()):
            span = next((s for s in meeting.spans if s.rule.startswith("meeting-place")), None)
            areas = ctx.gazetteer.lookup(meeting.place, country=ctx.country)
            kind = areas[0].kind if areas else "venue"
            ctx.add_place(meeting.place, span, kind=kind, country=ctx.country)
