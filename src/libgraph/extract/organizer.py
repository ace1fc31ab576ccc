"""Who organised the meeting: the body that invites, hosts, or holds it.

Rules, in order, the first that names an organisation wins (for every meeting of the
document that has no organiser yet):

1. a verb of organising in a sentence about this meeting: "X inviterer til biblioteksjefmøte",
   "X afholder ledermøder", "arrangerte vi årets møte" (then the document's own agency);
2. the body in the title: an organisation named in the title ("KB:s nätverk",
   "Styregruppen for ABC"), or the body after the meeting word ("Styrelsemöte i
   Lövmo bibliotekförening", "Referat fra styremøte i X", "Årsmöte 2015 – Föreningen X");
3. the agency whose staff are listed under it at a directors' meeting;
4. a directors' meeting otherwise: the regional library agency the page speaks for (called
   by its generic name, "fylkesbiblioteket"), since directors' meetings of a region are
   convened by its agency;
5. a board, annual or members' meeting otherwise ("Styremøte", "Årsmöte"): the body whose
   board it is, which its own minutes name more often than any other (at least twice).

Nothing is inferred from where the meeting took place.
"""

from __future__ import annotations

import re

from ..record import Meeting
from ..resolve.textnorm import fold
from .context import ExtractionContext
from .meetings import MEETING_WORD, ORGANISE_VERBS
from .text import Chunk

_TITLE_BODY = re.compile(
    r"(?:\b(?:i|I|for|för|hos|af|av)\s+|\s[-–—]\s+)"
    r"(?P<body>(?:[A-ZÅÄÖÆØ][\wåäöæø&.-]*)(?:\s+(?:[A-ZÅÄÖÆØ][\wåäöæø&.-]*|og|och|for|för|"
    r"i|af|av|[a-zåäöæø]*(?:förening|forening|förbund|forbund|bibliotek|biblioteket|"
    r"nätverk|nettverk|netværk|udvalg|utvalg|utskott|råd|rådet|gruppe|grupp|gruppen)"
    r"(?![\wåäöæø]))){0,5})")
_BODY_STOP = re.compile(r"\s+(?:og|och|for|för|i|af|av)$")
_STEM_END = re.compile(r"(?:ene|erne|arna|orna|ene|er|ar|en|et|na|ne)$")


def read_organizer(ctx: ExtractionContext) -> None:
    """Recogniser (after organisations): who organised the document's meetings."""
    if not ctx.meetings:
        return
    org = (_organizer_by_verb(ctx) or _organizer_in_title(ctx) or _organizer_by_staff(ctx)
           or _directors_agency(ctx) or _body_of_the_board(ctx))
    if org:
        for meeting in ctx.meetings:
            meeting.organizer = meeting.organizer or org


def _title_chunk(ctx: ExtractionContext) -> tuple[int, int] | None:
    span = next((s for s in ctx.meetings[0].spans if s.rule == "meeting-title"), None)
    return (span.start, span.end) if span else None


def _organizer_in_title(ctx: ExtractionContext) -> str | None:
    """An organisation named in the title, or the body after the meeting word."""
    bounds = _title_chunk(ctx)
    if bounds is None:
        return None
    start, end = bounds
    label = _THEME.search(ctx.text, start, end)
    end = label.start() if label else end  # "Tema: DBC og bibliotekerne" is the subject
    org = _first_org_in(ctx, start, end)
    if org:
        return org
    title = ctx.text[start:end]
    word = MEETING_WORD.search(title)
    if word is None:
        return None
    m = _TITLE_BODY.search(title, word.end())
    if m is None or not _only_when(title[word.end():m.start()]):
        return None
    body = _BODY_STOP.sub("", m.group("body")).strip(" .,")
    if not _plausible_body(ctx, body):
        return None
    kind = "association" if re.search(r"(?i)(?:förening|forening|förbund|forbund)\w*$", body) \
        else "other"
    at = start + m.start("body")
    ctx.add_organization(body, ctx.span(at, at + len(body), "org-title-body"), kind=kind,
                         country=ctx.country)
    return body


_THEME = re.compile(r"(?i)\b(?:tema|theme|emne|ämne)\s*:")


def _only_when(gap: str) -> bool:
    """Between the meeting word and its body only a date may stand ("Årsmöte 2015, 26 maj -
    Föreningen X")."""
    from .dates import find_dates, month_lookup

    for d in reversed(find_dates(gap)):
        gap = gap[:d.start] + gap[d.end:]
    words = [w for w in re.findall(r"[^\W\d_]+", gap) if w.lower() not in month_lookup()]
    return not words


def _plausible_body(ctx: ExtractionContext, body: str) -> bool:
    """A body, not a place, a date, a person or a weekday."""
    from .dates import find_dates, month_lookup, weekday_numbers

    words = body.split()
    if not words or len(body) < 3 or find_dates(body):
        return False
    first = words[0].lower()
    if first in weekday_numbers() or first in month_lookup() or first.isdigit():
        return False
    if ctx.gazetteer.lookup(body, country=ctx.country) or \
            ctx.gazetteer.locality(body, country=ctx.country):
        return False
    return not (ctx.names.is_first_name(words[0]) and len(words) == 2)


def _stem(word: str) -> str:
    return _STEM_END.sub("", fold(word))


def _organizer_by_verb(ctx: ExtractionContext) -> str | None:
    """"X inviterer til <this meeting>", "arrangerte vi årets <meeting>": only sentences that
    speak of this meeting (its name or its date) count."""
    meeting = ctx.meetings[0]
    for sent in ctx.view.sentences[:40]:
        m = ORGANISE_VERBS.search(sent.text)
        if not m or not _about_meeting(ctx, sent, meeting):
            continue
        before = sent.text[:m.start()]
        after = sent.text[m.end():m.end() + 12]
        if re.match(r"\s+vi\b", after) or re.search(r"\bvi\s*$", before):
            author = ctx.author_organization()
            if author:
                return author
        # V2 word order puts the subject after the verb: "Som noget nyt inviterer X til ...".
        org = _last_org_in(ctx, sent.start, sent.start + m.start()) or _first_org_in(
            ctx, sent.start + m.end(), min(sent.end, sent.start + m.end() + 60))
        if org:
            return org
    return None


def _about_meeting(ctx: ExtractionContext, sent: Chunk, meeting: Meeting) -> bool:
    if any(sent.start <= s.start < sent.end for s in meeting.spans if s.rule == "meeting-date"):
        return True
    name = _stem(meeting.name or "")
    words = [_stem(w.group()) for w in MEETING_WORD.finditer(sent.text.replace("- ", ""))]
    return bool(name) and any(w and (w in name or name.endswith(w[-5:])) for w in words)


def _first_org_in(ctx: ExtractionContext, start: int, end: int) -> str | None:
    """The first organisation named in ``start:end``; of two starting at the same word, the
    longer ("Norsk Bibliotekforening avd. Nordvest" over "Norsk Bibliotekforening")."""
    best = None
    for org in ctx.organizations.values():
        for span in org.spans:
            key = (span.start, -(span.end - span.start))
            if start <= span.start and span.end <= end and (best is None or key < best[0]):
                best = (key, org.name)
    return best[1] if best else None


def _last_org_in(ctx: ExtractionContext, start: int, end: int) -> str | None:
    best = None
    for org in ctx.organizations.values():
        for span in org.spans:
            if start <= span.start and span.end <= end and (best is None or span.end > best[0]):
                best = (span.end, org.name)
    return best[1] if best else None


def _organizer_by_staff(ctx: ExtractionContext) -> str | None:
    """Directors meet with the agency's staff listed under the agency: it organised."""
    agencies = {fold(o.name): o for o in ctx.organizations.values()
                if o.kind == "regional_library_agency"}
    counts: dict[str, int] = {}
    for person in ctx.persons.values():
        if person.attended and person.affiliation:
            org = ctx.find_organization(person.affiliation)
            if org is not None and fold(org.name) in agencies:
                counts[org.name] = counts.get(org.name, 0) + 1
    if not counts:
        return None
    name, count = max(counts.items(), key=lambda kv: kv[1])
    return name if count >= 2 else None


def _directors_agency(ctx: ExtractionContext) -> str | None:
    """A directors' meeting is convened by the regional agency the page speaks for: the one
    it calls by the definite generic name ("fylkesbiblioteket", "regionbiblioteket")."""
    if ctx.meetings[0].type != "directors_meeting":
        return None
    agencies = [o for o in ctx.organizations.values() if o.kind == "regional_library_agency"
                and any(s.rule == "generic-agency" for s in o.spans)]
    if not agencies:
        return None
    best = max(agencies, key=lambda o: len(o.spans))
    rivals = [o for o in agencies if o is not best and len(o.spans) == len(best.spans)]
    return best.name if not rivals else None


_BOARD_MEETING = re.compile(
    r"(?i)(?:styre|styrelse|bestyrelses|års|medlems|lands|general)(?:møte|möte|møde|"
    r"mødet|møtet|mötet|forsamling)|representantskap")
# Associations hold board and members' meetings; the libraries and agencies their members
# come from are listed beside the members and are not the holder.
_BOARD_OWNERS = frozenset({"association", "study_association", "other", None})


def _body_of_the_board(ctx: ExtractionContext) -> str | None:
    """A board's or members' meeting is held by the body its minutes name most (twice or
    more, and more often than any other): the association whose board it is."""
    bounds = _title_chunk(ctx)
    title = ctx.text[bounds[0]:bounds[1]] if bounds else ctx.meetings[0].name or ""
    if not _BOARD_MEETING.search(title):
        return None
    members_bodies = {fold(p.affiliation) for p in ctx.persons.values() if p.affiliation}
    counts = sorted(((_mentions(ctx.text, o.name, o.aliases), o.name)
                     for o in ctx.organizations.values()
                     if o.kind in _BOARD_OWNERS and fold(o.name) not in members_bodies),
                    reverse=True)
    if not counts or counts[0][0] < 2 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][1]


def _mentions(text: str, name: str, aliases: list[str]) -> int:
    """How often the text names a body, by its name or an alias (recognisers record a span
    per rule, not per mention)."""
    words = "|".join(re.escape(w) for w in sorted({name, *aliases}, key=len, reverse=True))
    return len(re.findall(rf"(?<![\w-])(?:{words})(?![\w-])", text))
