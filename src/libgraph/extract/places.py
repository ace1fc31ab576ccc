"""Places: municipalities and regions from the gazetteer, towns, and venues.

Gazetteer matches are written under the area's official short name ("Kronobergs län" and
"i Kronoberg" are both the region Kronoberg), so one area is one place in the record. Venues
come from "X i <municipality>" phrases ("Hjorthöjden i Ronneby kommun", "Vingsted Centret ved
Vejle") and from the meeting's own place.
"""

from __future__ import annotations

import re

from ..resolve.textnorm import fold
from .context import ExtractionContext

_VENUE = re.compile(
    r"(?<![\w-])(?P<venue>[A-ZÅÄÖÆØ][\wåäöæø-]+(?:\s+[A-ZÅÄÖÆØ][\wåäöæø-]+){0,2})\s+"
    r"(?:i|ved|på)\s+(?P<town>[A-ZÅÄÖÆØ][\wåäöæø-]+)(?:\s+kommuns?|\s+kommune)?(?![\w-])"
)


def read_places(ctx: ExtractionContext) -> None:
    """Recogniser: every gazetteer area of the document's own country (not carved out of an
    organisation's name), countries, then venues and towns around them."""
    hits: dict[tuple[int, int], list] = {}
    for start, end, area in ctx.area_mentions:
        hits.setdefault((start, end), []).append(area)
    for (start, end), areas in hits.items():
        written = ctx.text[start:end]
        if _inside_org_name(ctx, start, end) or _in_org_phrase(ctx.text, start, end) or \
                _region_body(ctx.text, start, written):
            continue
        if ctx.country and areas[0].country != ctx.country and not _foreign_ok(ctx.text, start,
                                                                                 written):
            continue  # a Danish text's "Strand" or "Bø" is not a Norwegian municipality
        area = areas[0]
        if len(areas) > 1:
            # a former area that several current ones took over ("Vestfold og Telemark",
            # 2020-2023): one place, under the name as written
            ctx.add_place(written, ctx.span(start, end, "gazetteer-historic"), kind=area.kind,
                          country=area.country)
            continue
        ctx.add_place(area.name, ctx.span(start, end, "gazetteer"), kind=area.kind,
                      country=area.country, code=area.code)
    _countries(ctx)
    _venues(ctx)
    _towns(ctx)
    _affiliation_places(ctx)
    _meeting_places(ctx)


_PREPOSITION_BEFORE = re.compile(r"(?:^|\s)(?:i|till|til|från|fra|frå|in|to|mot|mod)\s+$",
                                 re.IGNORECASE)


def _foreign_ok(text: str, start: int, written: str) -> bool:
    """A place of another country counts where the text goes there ("studieresa i Oslo")."""
    return len(written) >= 4 and bool(_PREPOSITION_BEFORE.search(text[max(0, start - 8):start]))


def _region_body(text: str, start: int, written: str) -> bool:
    """"Name, Region Gotland" in a list is the regional authority someone works for."""
    return written.startswith(("Region ", "Landstinget ")) and \
        not _PREPOSITION_BEFORE.search(text[max(0, start - 8):start])


_TOWN = re.compile(
    r"\b(?:i|på|till|från|fra|frå|til|ved|mot|mod)\s+(?P<town>[A-ZÅÄÖÆØ][\wåäöæø-]+)")


def _towns(ctx: ExtractionContext) -> None:
    """Towns and villages after a preposition ("internat i Åhus", "studieresa till Töjen")."""
    for m in _TOWN.finditer(ctx.text):
        town = m.group("town")
        if ctx.gazetteer.lookup(town) or ctx.names.is_first_name(town) or \
                ctx.find_organization(town) or ctx.gazetteer.is_common_word(town):
            continue
        hits = ctx.gazetteer.locality(town, country=ctx.country)
        if hits:
            ctx.add_place(town, ctx.span(m.start("town"), m.end("town"), "locality"), kind="city",
                          country=hits[0][1].country)


def _affiliation_places(ctx: ExtractionContext) -> None:
    """A municipality given as someone's affiliation is a place the minutes name."""
    for person in ctx.persons.values():
        if not person.affiliation:
            continue
        if ctx.find_organization(person.affiliation):
            continue  # "Region Gotland" as an affiliation is the authority, an organisation
        areas = ctx.gazetteer.lookup(person.affiliation, country=ctx.country) or \
            ctx.gazetteer.lookup(person.affiliation, country=ctx.country, fuzzy=True)
        if areas and not ctx.places.get(fold(areas[0].name)):
            ctx.add_place(person.affiliation, (ctx.affiliation_spans.get(person.name) or [None])[0],
                          kind=areas[0].kind, country=areas[0].country, code=areas[0].code)


# An area name inside an organisation's name: after an agency word ("Länsbiblioteket
# Norrbotten", "Region Gotland", "Universitetsbiblioteket i Bergen", "Hotel Lindvik") or
# before a library or county-body word ("Solrød Bibliotek", "Rogaland fylkesbibliotek").
_ORG_BEFORE = re.compile(
    r"(?:(?:(?:läns|region|fylkes|central|universitets|stads|folke?)bibliotek(?:et)?|region|"
    r"regionen|landstinget|kommune|fylkeskommune)(?:\s+i)?|\b(?:hotel|hotell))\s+$",
    re.IGNORECASE)
_ORG_AFTER = re.compile(
    r"^s?(?:/[\wåäöæø-]+)?\s+(?:(?:läns|region|fylkes|central|stads|folke?|hoved|huvud)?bibliotek(?:et|erne|ene|en)?|"
    r"fylkeskommune|fylkesbibliotek|landsting|strand)(?![\wåäöæø])", re.IGNORECASE)


def _in_org_phrase(text: str, start: int, end: int) -> bool:
    """Whether an area name found at ``start:end`` is part of an organisation's name."""
    return bool(_ORG_BEFORE.search(text[max(0, start - 40):start]) or
                _ORG_AFTER.match(text[end:end + 30]) or
                (re.match(r"^s?\s+län\b", text[end:end + 10]) and
                 _ORG_BEFORE.search(text[max(0, start - 40):start])))


def _countries(ctx: ExtractionContext) -> None:
    """Country names in any of the three languages ("studietur til Sverige", "i Danmark")."""
    for country in ctx.gazetteer.countries():
        for label in {country.name, *country.aliases}:
            if label not in ctx.text:  # most documents name no country: skip the regex
                continue
            for m in re.finditer(rf"(?<![\w-]){re.escape(label)}(?![\w-])", ctx.text):
                ctx.add_place(country.name, ctx.span(m.start(), m.end(), "country"),
                              kind="country", country=country.code)


def _inside_org_name(ctx: ExtractionContext, start: int, end: int) -> bool:
    """"Växjö" inside "Växjö stadsbibliotek" names the library, "Lund" in "Eva Lund" a person."""
    things = [*ctx.organizations.values(), *ctx.persons.values()]
    for thing in things:
        for span in thing.spans:
            if span.start <= start and end <= span.end and (span.end - span.start) > (end - start):
                return True
    return False


_LIBRARY_END = re.compile(r"bibliotek(?:et|en|a|erne)?$", re.IGNORECASE)


def _common_noun(text: str, word: str) -> bool:
    """A capitalised word that the text also writes in lower case ("Arrangement" at a line's
    start, "arrangementer" elsewhere) is a common noun, not a venue's name."""
    return bool(re.search(rf"(?<![\w-]){re.escape(word.lower())}\w{{0,4}}(?![\w-])", text))


def _venues(ctx: ExtractionContext) -> None:
    for m in _VENUE.finditer(ctx.text):
        venue, town = m.group("venue"), m.group("town")
        if ctx.gazetteer.lookup(venue, country=ctx.country) or ctx.find_organization(venue):
            continue
        if ctx.names.is_first_name(venue.split()[0]):
            continue
        if _LIBRARY_END.search(venue) or (" " not in venue and _common_noun(ctx.text, venue)):
            continue  # a library is an organisation; "Arrangement på X" is not a venue
        if not ctx.gazetteer.lookup(town, country=ctx.country, kind="municipality") and not \
                ctx.gazetteer.locality(town, country=ctx.country):
            continue
        kind = "city" if ctx.gazetteer.locality(venue, country=ctx.country) else "venue"
        ctx.add_place(venue, ctx.span(m.start("venue"), m.end("venue"), "venue"), kind=kind,
                      country=ctx.country)


_ONLINE_ROOMS = frozenset({"zoom", "teams", "skype", "google meet", "whereby", "jitsi"})


def _meeting_places(ctx: ExtractionContext) -> None:
    """The meeting's own place is a place the minutes name (an online room is not)."""
    for meeting in ctx.meetings:
        if meeting.place and fold(meeting.place) in _ONLINE_ROOMS:
            continue
        if meeting.place and not ctx.places.get(fold(meeting.place)):
            span = next((s for s in meeting.spans if s.rule.startswith("meeting-place")), None)
            areas = ctx.gazetteer.lookup(meeting.place, country=ctx.country)
            kind = areas[0].kind if areas else "venue"
            ctx.add_place(meeting.place, span, kind=kind, country=ctx.country)
