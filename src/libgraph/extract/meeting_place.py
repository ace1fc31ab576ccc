"""Where the meeting was: its venue, and the municipality the venue lies in.

Read in order of how plainly a document says it, the first that gives a place wins:

1. a place field: "Plats: …", "Sted: …", "Mødested: …", "Lokale: …", "Tid och plats: …", or
   the label alone on its line with the value on the next ("Sted" / "Tromsø"), as event pages
   write their fields; a leading date or time and a trailing "og digitalt" are not the place;
2. the title: "Biblioteksjefmøte i Tromsø", "Styremøte på Hotell Fjordly";
3. the lines right after the title: a short place line under the date line (a town's name),
   the rest of a date line ("18 mars kl 9–12 Tegelbruket Sundbyberg"), an address block
   ("Lindegården, Skovvej 12" / "9999 Nordby");
4. a sentence about the meeting that says where it is held ("Møtet skal være på X i Y",
   "Mötet hålls digitalt i Zoom", "var vi samlet i Nordby").

The venue is kept as written; the municipality is given only where the text or the gazetteer
makes it certain (a venue "i"/"ved" a municipality, a municipality named alone, a postcode
line, a locality of the postal register). Nothing is taken from the organiser's home town.
"""

from __future__ import annotations

import re

from ..record import Meeting
from ..resolve.textnorm import fold
from .context import ExtractionContext
from .dates import DateMention, find_dates
from .lexicon import trie_alternation
from .text import Chunk

# (A trie: of two labels that begin alike only one can be followed by the colon or line end.)
_LABELS = trie_alternation((
    "Sted", "Plats", "Plass", "Stad", "Lokal", "Lokale", "Lokation", "Møtested", "Mødested",
    "Møtestad", "Mötesplats", "Mødelokale", "Tid og sted", "Tid och plats", "Tid og stad",
    "Tid og sted for møtet", "Datum, tid och plats", "Dato, tid og sted", "Dato og sted",
    "Tidspunkt og sted", "Hvor"), space=" ")
_PLACE_FIELD = re.compile(
    rf"(?<![\w-])(?i:{_LABELS})\s*:[ \t]*(?P<v>[^\n;]{{2,80}})"
    rf"|^[ \t]*(?i:{_LABELS})[ \t]*:?[ \t]*\n(?P<block>(?:[^\n]{{0,80}}(?:\n|$)){{1,6}})",
    re.MULTILINE)
# The next field on a run-on line ("Sted: Moss Til stades: ...") ends the value.
_NEXT_FIELD = re.compile(r"\s+[A-ZÅÄÖÆØ][\wåäöæø]*(?:\s+[a-zåäöæø]+)?\s*:")
_TIME = re.compile(r"^(?:(?:kl\.?|klokka|klockan|fra|från|fr\.?)\s*)?\d{1,2}(?:[.:]\d\d)?"
                   r"(?:\s*(?:[-–—]|til|till)\s*\d{1,2}(?:[.:]\d\d)?)?\s*(?:,\s*)?")
# A date broken over two lines by a PDF leaves its month at the start of the next line.
_DANGLING_MONTH = re.compile(
    r"^(?:januar|februar|mars|marts|april|mai|maj|juni|juli|august|augusti|september|"
    r"oktober|november|december|desember)\b[.,]?\s*(?:(?:19|20)\d\d\b[.,]?\s*)?",
    re.IGNORECASE)
_TRAILING_TIME = re.compile(r"[,\s]+(?:kl\.?|klokka|klockan)\s*\d{1,2}(?:[.:]\d\d)?"
                            r"(?:\s*(?:[-–—]|til|till)\s*\d{1,2}(?:[.:]\d\d)?)?\.?\s*$",
                            re.IGNORECASE)
_ONLINE = ("zoom", "teams", "skype", "google meet", "whereby", "jitsi")
_ONLINE_TAIL = re.compile(r"\s*(?:,|\+|och|og|samt|&)\s*(?:digitalt|digital|online|på\s+nett|"
                          r"på\s+nätet|via\s+\w+)\s*$", re.IGNORECASE)
_VENUE_WORDS = re.compile(
    r"(?i)(?:hotel|hotell|bibliotek|biblioteket|rådhus|rådhuset|kulturhus|kulturhuset|huset|"
    r"centret|centeret|senter|senteret|center|salen|sal|skole|skolen|skola|kommunehus|"
    r"kommunhuset|fylkeshuset|gården|gård|kro|konferens|konferanse|konference|strand|slott|"
    r"borg|museum|museet|teater|teatret|aula|auditorium|rum|rummet|rom|rommet|lokale|lokalet|"
    r"lokalen|mødelokale|mötesrum)\b")
_POSTCODE_LINE = re.compile(r"(?:^|,\s*)(?:[A-Z]{1,2}-)?(?:\d{4}|\d{3}\s?\d{2})\s+"
                            r"(?P<town>[A-ZÅÄÖÆØ][\wåäöæø-]+(?:\s+[A-ZÅÄÖÆØ][\wåäöæø-]+)?)")
_STREET = re.compile(r"\b[A-ZÅÄÖÆØ]?[\wåäöæø-]+(?:gade|gata|gatan|gate|gaten|vej|veien|vegen|"
                     r"väg|vägen|allé|alle|plass|plads|torv|torg|torget)\s+\d+\w?\b",
                     re.IGNORECASE)
_HELD = re.compile(
    r"\b(?:være|vere|vara|hålls|hållas|holdes|haldast|afholdes|avholdes|avhaldast|foregår|"
    r"foregå|finner\s+sted|fann\s+stad|ägde\s+rum|äger\s+rum|samlet|samla|samlade|samlades|"
    r"samledes|træffes|møttes|möttes|møtes|mødes|ses)\b", re.IGNORECASE)
_PLACE_AFTER = re.compile(
    r"\b(?:på|i|ved|hos|at)\s+(?P<place>(?:[A-ZÅÄÖÆØ][\wåäöæø.&-]*)(?:\s+(?:[A-ZÅÄÖÆØ][\wåäöæø.&-]*|"
    r"og|och|i|ved|på|hotel|hotell|bibliotek|biblioteket|kulturhus|kulturhuset|rådhus|"
    r"rådhuset|senter|center|centret|kro|gård|gården)(?![\wåäöæø]))*)")
_OWNED_BY = re.compile(r"(?:bibliotek|biblioteket|biblioteka|bibliotekene|förening|föreningen|"
                       r"forening|foreningen|kommun|kommune|region|fylke|län|universitet)\s*$",
                       re.IGNORECASE)
_DIGITAL_IN = re.compile(r"\b(?:digitalt|online|via)\s+(?:i|på|via)?\s*(?P<p>[A-Z][\w ]{2,15})")


def read_place(ctx: ExtractionContext, meeting: Meeting, title: Chunk, words: re.Pattern[str]
               ) -> None:
    """Set ``meeting.place`` and ``meeting.municipality`` (``words`` matches meeting words)."""
    finders = (_from_field, _from_title, _from_opening_lines,
               lambda c, t, w: _from_sentences(c, t, w, meeting.start_date))
    for finder in finders:
        found = finder(ctx, title, words)
        if found is not None:
            place, municipality, span = found
            meeting.place, meeting.municipality = place, municipality
            meeting.spans.append(span)
            return


Found = tuple[str, str | None, object]


def _from_field(ctx: ExtractionContext, title: Chunk, words: re.Pattern[str]) -> Found | None:
    for m in _PLACE_FIELD.finditer(ctx.text[:4000]):
        group = "v" if m.group("v") is not None else "block"
        values = _values(m.group(group), m.start(group))
        if values:  # the field's first value is its value, whatever it names
            found = _resolve_value(ctx, *values[0], "meeting-place-header")
            if found is not None:
                return found
    return None


def _values(raw: str, start: int) -> list[tuple[str, int]]:
    """The candidate values of a field: the rest of its line, or the lines of its block, each
    without a leading date or time and cut at the next run-on field."""
    out = []
    pos = start
    for line in raw.split("\n"):
        offset = pos + (len(line) - len(line.lstrip()))
        pos += len(line) + 1
        value = line.strip()
        nxt = _NEXT_FIELD.search(value)
        if nxt:
            value = value[:nxt.start()]
        value, cut = _strip_when(value)
        if value:
            out.append((value, offset + cut))
    return out


def _strip_when(value: str) -> tuple[str, int]:
    """Drop leading dates, times and weekdays ("24.10.19 på Skype" -> "Skype"); return the
    rest and how many characters went."""
    original = value
    for _ in range(4):
        value = value.lstrip(" ,–-")
        dates = find_dates(value)
        if dates and dates[0].start <= 12:
            value = value[dates[0].end:]
            continue
        t = _TIME.match(value)
        if t and t.end():
            value = value[t.end():]
            continue
        break
    dates = find_dates(value)
    if dates and dates[-1].start > 0 and not value[dates[-1].end:].strip(" .,"):
        value = value[:dates[-1].start]  # "Steinkjer bibliotek, 05.04.2017": venue, then date
    value = _DANGLING_MONTH.sub("", value)
    value = _TRAILING_TIME.sub("", value)
    value = re.sub(r"^(?:på|i|hos|ved|via)\s+", "", value.strip(" ,.–-"), flags=re.IGNORECASE)
    value = _ONLINE_TAIL.sub("", value).strip(" ,.")
    return value, original.find(value) if value else 0


def _resolve_value(ctx: ExtractionContext, value: str, offset: int, rule: str,
                   strict: bool = False) -> Found | None:
    """A field value as (venue, municipality, span): "X i Y", "X, Street 4, 1234 Town",
    "Venue Municipality", a municipality alone, a locality, an online room, a venue. A
    field's value is a place whatever it names; a ``strict`` value (a line that is not
    labelled) must be one the gazetteer or a venue word vouches for."""
    if len(value) < 2 or not value[0].isupper() or find_dates(value):
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    head = parts[0]
    municipality = _municipality_in(ctx, parts[1:]) if len(parts) > 1 else None
    trailing = _trailing_municipality(ctx, head)
    resolved = None if trailing else resolve_phrase(ctx, head)
    if resolved is not None:
        place, muni = resolved
        municipality = muni or municipality or _venue_municipality(ctx, head)
    else:
        if strict and not trailing and not _VENUE_WORDS.search(head):
            return None
        place = head
        municipality = municipality or trailing or _venue_municipality(ctx, head)
        if municipality and fold(place).endswith(fold(municipality)) and \
                fold(place) != fold(municipality):
            place = place[: len(place) - len(municipality)].strip(" ,")
    span = ctx.span(offset, offset + len(head), rule)
    return place, municipality, span


def _municipality_in(ctx: ExtractionContext, parts: list[str]) -> str | None:
    """The municipality of an address's later parts: a postcode line or a town name."""
    for part in reversed([p.strip() for p in parts]):
        m = _POSTCODE_LINE.search(part)
        town = m.group("town") if m else part
        town = re.sub(r"\s+[A-ZØ]$", "", town)  # "København K", "Oslo S"
        area = _municipality_of(ctx, town)
        if area:
            return area
    return None


def own_areas(ctx: ExtractionContext, name: str, kind: str | None = None) -> list:
    """Gazetteer areas of the document's own country only: a Danish text's "Strand" is not
    the Norwegian municipality."""
    areas = ctx.gazetteer.lookup(name, country=ctx.country, kind=kind)
    return [a for a in areas if ctx.country is None or a.country == ctx.country]


def _municipality_of(ctx: ExtractionContext, name: str) -> str | None:
    for area in own_areas(ctx, name):
        if area.kind == "municipality":
            return area.name
    hits = ctx.gazetteer.locality(name, country=ctx.country)
    if len({a.code for _n, a in hits}) == 1 and hits[0][1].country == ctx.country:
        return hits[0][1].name
    return None


def _trailing_municipality(ctx: ExtractionContext, phrase: str) -> str | None:
    """"Tegelbruket Sundbyberg", "Fjordheim hotell Bodø": a venue then its town."""
    words = phrase.split()
    if len(words) < 2 or " i " in phrase or " på " in phrase or words[-2] in ("og", "och"):
        return None
    areas = own_areas(ctx, words[-1], kind="municipality")
    return areas[0].name if areas else None


def _venue_municipality(ctx: ExtractionContext, venue: str) -> str | None:
    """"Kerteminde Bibliotek", "Hotel Lindvik Strand": a venue named after a municipality
    is in it."""
    words = venue.split()
    if len(words) < 2 or not _VENUE_WORDS.search(venue):
        return None
    for word in words:
        areas = own_areas(ctx, word, "municipality") or own_areas(ctx, word[:-1], "municipality")
        if areas and word[0].isupper():
            return areas[0].name
    return None


def resolve_phrase(ctx: ExtractionContext, phrase: str) -> tuple[str, str | None] | None:
    """"Rådmannen i Alvesta" -> (Rådmannen, Alvesta); "Tromsø" -> (Tromsø, Tromsø); "Zoom"
    -> (Zoom, None); a phrase with a venue word -> (phrase, None); else None."""
    parts = re.split(r"\s+(?:i|ved|på)\s+", phrase, maxsplit=1)
    venue = parts[0].strip(" .,")
    town = parts[1].strip(" .,") if len(parts) > 1 else None
    gaz = ctx.gazetteer
    if town:
        municipality = _municipality_of(ctx, town)
        if municipality or gaz.locality(town, country=ctx.country):
            return venue, municipality
        if _VENUE_WORDS.search(venue):
            return venue, None
        return None
    areas = own_areas(ctx, venue)
    if areas:
        muni = next((a.name for a in areas if a.kind == "municipality"), None)
        return venue, muni
    if gaz.locality(venue, country=ctx.country):
        return venue, _municipality_of(ctx, venue)
    if fold(venue) in _ONLINE or _VENUE_WORDS.search(venue):
        return venue, None
    return None


def _from_title(ctx: ExtractionContext, title: Chunk, words: re.Pattern[str]) -> Found | None:
    return place_after_preposition(ctx, title)


def place_after_preposition(ctx: ExtractionContext, scope: Chunk) -> Found | None:
    """The first "i/på/ved/hos X" in ``scope`` that resolves to a place."""
    for m in _PLACE_AFTER.finditer(scope.text):
        if _OWNED_BY.search(scope.text[:m.start()]):
            continue  # "Länsbiblioteket i Jönköping" names an agency, not where one meets
        phrase = m.group("place")
        result = resolve_phrase(ctx, phrase)
        if result is None and " " in phrase:
            result = resolve_phrase(ctx, phrase.split()[0])
            phrase = phrase.split()[0] if result else phrase
        # (No organisation can be known yet: the meeting is read before any body, so the
        # former check against ctx.organizations was always false; see extract/contract.py.)
        if result is not None:
            start = scope.start + m.start("place")
            municipality = result[1] or _town_after(ctx, scope.text[m.end("place"):]) or \
                _venue_municipality(ctx, result[0])
            return result[0], municipality, ctx.span(start, start + len(phrase), "meeting-place")
    return None


def _town_after(ctx: ExtractionContext, rest: str) -> str | None:
    """"i Föreningsrummet, Alvesta": the municipality written after the venue."""
    m = re.match(r"\s*,\s*(?P<t>[A-ZÅÄÖÆØ][\wåäöæø-]+)", rest)
    return _municipality_of(ctx, m.group("t")) if m else None


def _from_opening_lines(ctx: ExtractionContext, title: Chunk, words: re.Pattern[str]
                        ) -> Found | None:
    """The event-page block under the title: a date line, then a place line or an address."""
    lines = [ln.strip() for ln in ctx.view.lines if ln.start > title.end and ln.text.strip()][:8]
    for idx, line in enumerate(lines):
        text = line.text
        if len(text) > 100 or words.search(text) or text.endswith(":"):
            continue
        has_date = bool(find_dates(text)) or bool(_DANGLING_MONTH.match(text))
        rest, cut = _strip_when(text)
        below = lines[idx + 1:idx + 3]
        if has_date:
            if rest and rest != text and idx < 4:
                found = _resolve_short(ctx, rest, line.start + cut, below, loose=False)
                if found:
                    return found
            continue
        if _is_address(text, below):
            return _resolve_short(ctx, text, line.start, below, loose=False)
        under_title = idx == 0 and bool(find_dates(title.text))
        under_date = idx > 0 and bool(find_dates(lines[idx - 1].text)) and \
            not words.search(lines[idx - 1].text)
        if idx < 4 and (_after_date_line(lines, idx) or under_title):
            found = _resolve_short(ctx, text, line.start, below,
                                   loose=(idx == 1 and under_date) or under_title)
            if found:
                return found
    return None


def _is_address(text: str, below: list[Chunk]) -> bool:
    """"Lindegården, Skovvej 12" (with or without a postcode line under it)."""
    return ("," in text and bool(_STREET.search(text))) or (
        bool(below) and bool(_POSTCODE_LINE.match(below[0].text)) and bool(_STREET.search(text)))


# Words of web pages and document headings that stand alone on a line under a title.
_CHROME = frozenset({"comments", "transcription", "transkript", "transkription", "download",
                     "share", "print", "menu", "meny", "tilbake", "tillbaka", "tilbage", "agenda",
                     "program", "programmet", "dagsorden", "dagordning", "saksliste", "referat",
                     "protokoll", "protokol", "information", "velkommen", "välkommen"})


# "SLB", "NBF": a body's short name on a line of its own (beside its full name) is no town.
_ACRONYM = re.compile(r"[A-ZÅÄÖÆØ]{2,6}")


def _after_date_line(lines: list[Chunk], idx: int) -> bool:
    return any(find_dates(ln.text) for ln in lines[max(0, idx - 2):idx])


def _resolve_short(ctx: ExtractionContext, text: str, offset: int, below: list[Chunk],
                   loose: bool) -> Found | None:
    """A short place line: a name of up to four capitalised words, or an address."""
    from .lexicon import ABSENT_HEADERS, MINUTE_TAKER_HEADERS, PRESENT_HEADERS

    head = text.split(",")[0].strip()
    headers = {fold(w) for w in (*PRESENT_HEADERS, *ABSENT_HEADERS, *MINUTE_TAKER_HEADERS)}
    if not head or len(head.split()) > 4 or fold(head) in headers or fold(head) in _CHROME or \
            not all(w[0].isupper() or w in ("og", "och", "i", "på") or
                    _VENUE_WORDS.fullmatch(w) for w in head.split()):
        return None
    address = "," in text and (_STREET.search(text) or _POSTCODE_LINE.search(text))
    postcode = next((ln for ln in below if _POSTCODE_LINE.match(ln.text)), None)
    if address or postcode is not None:
        parts = [p for p in text.split(",")[1:]] + ([postcode.text] if postcode else [])
        municipality = _municipality_in(ctx, parts)
        return head, municipality, ctx.span(offset, offset + len(head), "meeting-place-address")
    found = _resolve_value(ctx, text, offset, "meeting-place-line", strict=True)
    if found is not None:
        return found
    if loose and len(head.split()) <= 2 and \
            not ctx.names.is_first_name(head.split()[0]) and not _ACRONYM.fullmatch(head):
        # An event page's place line under its date: a town the gazetteer lacks (a Danish
        # locality) is still the place; its municipality stays unknown.
        return head, None, ctx.span(offset, offset + len(head), "meeting-place-line")
    return None


def _from_sentences(ctx: ExtractionContext, title: Chunk, words: re.Pattern[str],
                    meeting_date: str | None = None) -> Found | None:
    """A sentence about the meeting that says where it is held. A sentence dated to other
    days than the meeting's speaks of another event ("the annual meeting will be at the
    library days in X, 21–22 April"), so its place is not this meeting's."""
    for sent in ctx.view.sentences[:15]:
        if sent.start > 3000:
            break
        dates = find_dates(sent.text)
        if not (words.search(sent.text) and (dates or _HELD.search(sent.text))) \
                and not (_HELD.search(sent.text) and sent.start < 1500):
            continue
        if meeting_date and dates and not any(_same_day(d, meeting_date) for d in dates):
            continue
        online = _DIGITAL_IN.search(sent.text)
        if online and fold(online.group("p").split()[0]) in _ONLINE:
            name = online.group("p").split()[0]
            start = sent.start + online.start("p")
            return name, None, ctx.span(start, start + len(name), "meeting-place-online")
        held = _HELD.search(sent.text)
        scope = sent.sub(held.start(), len(sent.text)) if held else sent
        found = place_after_preposition(ctx, scope)
        if found is not None:
            return found
    return None


def _same_day(mention: DateMention, iso: str) -> bool:
    """Whether a date mention names the day ``iso`` (its year may be left unsaid)."""
    year, month, day = (int(part) for part in iso[:10].split("-"))
    return mention.day == day and mention.month == month and \
        (mention.year is None or mention.year == year)
