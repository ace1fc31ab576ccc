"""The meeting a document records: title, type, dates, place, organiser, next meeting.

The title is the first heading that names a meeting (a compound ending in möte/møte/møde,
konferens, träff, samling, seminar, ...), or else the first line. Dates come from the title,
then the document's opening, then a sentence that names the meeting; a date written without a
year takes the year from the title, the file name, or the only year the text mentions, and is
then marked inferred.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from rapidfuzz import fuzz

from ..record import Meeting
from ..resolve.textnorm import fold
from ..vocab import Vocabulary
from .context import ExtractionContext
from .dates import (
    DateMention,
    find_dates,
    find_years,
    infer_year,
    weekday_before,
    weekday_names,
    weekday_numbers,
    years_matching_weekday,
)
from .lexicon import TITLE_NOISE, trie_alternation, word_pattern
from .meeting_place import place_after_preposition, read_place
from .text import Chunk, clean_heading

MEETING_WORD = re.compile(
    r"[\wåäöæø-]*(?:möte|møte|møde|möten|møter|møder|mötet|møtet|mødet|träff|træf|samling|"
    r"konferens|konferanse|konference|seminar|seminarium|workshop|internat|forum|topmøde|"
    r"toppmøte|rådslag|nätverksdag|nettverksdag|netværksdag|styrgrupp|styringsgruppe|"
    r"styregruppe|arbetsgrupp|arbeidsgruppe|arbejdsgruppe)\b",
    re.IGNORECASE,
)
NEXT_MEETING = re.compile(
    r"\b(?:" + trie_alternation(("nästa", "näst", "næste", "neste", "nye", "nytt", "kommande",
                                  "kommende")) + r")\s+(?:"
    + trie_alternation(("möte", "møte", "møde", "träff", "samling", "styrgruppsmöte",
                        "nätverksträff")) + r")\w*", re.IGNORECASE,
)
_PLACE_AFTER = re.compile(
    r"\b(?:på|i|ved|hos|at)\s+(?P<place>(?:[A-ZÅÄÖÆØ][\wåäöæø.-]*)(?:\s+(?:[A-ZÅÄÖÆØ][\wåäöæø.-]*|"
    r"og|och|i|ved|på))*)"
)
ORGANISE_VERBS = re.compile(
    r"\b(?:" + trie_alternation((
        "inviterer", "inviterar", "inbjuder", "bjuder in", "arrangerar", "arrangerer",
        "arrangerte", "arrangerade", "arrangerede", "anordnar", "anordnade", "holder", "afholder",
        "afholdt", "holdt", "höll", "håller", "inviterte", "inviterade", "inviterede",
        "kallar till", "kalte inn", "indkalder")) + r")\b",
    re.IGNORECASE,
)


def read_meeting(ctx: ExtractionContext) -> None:
    """Recogniser: the main meeting of the document (and its next meeting)."""
    title = _title(ctx)
    if title is None or not _names_a_meeting(ctx, title):
        return
    meeting = Meeting(name=_meeting_name(title.text) or clean_heading(title.text))
    meeting.spans.append(ctx.span(title.start, title.end, "meeting-title"))
    meeting.type = _meeting_type(ctx, title)
    _dates(ctx, meeting, title)
    _place(ctx, meeting, title)
    ctx.meetings.append(meeting)
    _next_meeting(ctx, meeting)
    _listed_meetings(ctx, title)


_BULLET = re.compile(r"^[\s•·*–-]*")
_DATES_INTRO = re.compile(r"(?i)\b(?:datoer|datum|datumer|dates|følgende\s+dag|"
                          r"mötesdatum|møtedatoer|mødedatoer|möten\s+under|møter\s+i)\w*")


def _listed_meetings(ctx: ExtractionContext, title: Chunk) -> None:
    """A document that lists meetings ("12 mars: Chefsmöte i Växjö", one per line, or a
    bullet list of dates under "følgende datoer:") yields one meeting per listed date.

    A listed line must open with its date or its meeting word (a schedule line, not prose
    that refers to an earlier meeting); dates that fall on the main meeting's days are its
    programme or its page headers, not further meetings. Where the title meeting has no date
    of its own, it was only the heading of the list and gives way to the listed meetings.
    """
    main = ctx.meetings[-1] if ctx.meetings else None
    lines = _schedule_lines(ctx, title)
    context_year = _context_year(ctx, title)
    listed: dict[str, Meeting] = {}
    for line, mention in lines:
        if mention.year is None and context_year is not None:
            mention = mention.with_year(context_year)
        if mention.value is None or _within(main, mention.value.isoformat()):
            continue
        word = MEETING_WORD.search(line.text) or MEETING_WORD.search(title.text)
        meeting = Meeting(name=_singular(word.group()) if word else None,
                          type=_meeting_type(ctx, line) if MEETING_WORD.search(line.text)
                          else (main.type if main else "other"))
        meeting.start_date = mention.value.isoformat()
        meeting.date_inferred = not mention.year_explicit
        end = mention.end_value
        meeting.end_date = end.isoformat() if end and end > mention.value else None
        found = _place_in(ctx, line)
        if found:
            meeting.place, meeting.municipality, _span = found
        meeting.spans.append(ctx.span(line.start, line.end, "meeting-listed"))
        listed.setdefault(meeting.start_date, meeting)
    if len(listed) < 2:
        return
    if main is not None and main.start_date is None:
        ctx.meetings.remove(main)
    ctx.meetings.extend(listed.values())


def _schedule_lines(ctx: ExtractionContext, title: Chunk) -> list[tuple[Chunk, DateMention]]:
    out = []
    intro = False
    intro_year: int | None = None
    for ln in ctx.view.lines:
        if ln.start <= title.end or not ln.text.strip() or len(ln.text.strip()) > 120:
            continue
        line = ln.strip()
        if _DATES_INTRO.search(line.text) and line.text.rstrip().endswith(":"):
            intro = True
            years = {y for _s, _e, y in find_years(line.text)}
            intro_year = years.pop() if len(years) == 1 else None  # "I 2017 ... datoer:"
            continue
        dates = find_dates(line.text)
        if not dates or NEXT_MEETING.search(line.text):
            intro = intro and bool(dates)
            continue
        head = line.text[_BULLET.match(line.text).end():]
        opens = dates[0].start - (len(line.text) - len(head)) <= 22 and (
            MEETING_WORD.search(line.text) or intro)
        word = MEETING_WORD.search(head)
        if opens or (word and len(head[:word.start()].split()) <= 1):
            mention = dates[0]
            if mention.year is None and intro and intro_year is not None:
                mention = mention.with_year(intro_year)
            out.append((line, mention))
    return out


def _within(main: Meeting | None, day: str) -> bool:
    if main is None or main.start_date is None:
        return False
    return main.start_date <= day <= (main.end_date or main.start_date)


def _singular(word: str) -> str:
    """"Biblioteksledermøder" -> "Biblioteksledermøde": one listed meeting of a series."""
    for plural, one in (("møder", "møde"), ("møter", "møte"), ("möten", "möte")):
        if word.lower().endswith(plural):
            return word[: len(word) - len(plural)] + word[len(word) - len(plural):][:len(one)]
    return word


def _title(ctx: ExtractionContext) -> Chunk | None:
    lines = [ln for ln in ctx.view.lines if ln.text.strip()]
    if not lines:
        return None
    for line in lines[:8]:
        if len(line.text) <= 120 and MEETING_WORD.search(clean_heading(line.text)):
            return line.strip()
    for line in lines[:8]:
        if len(line.text) <= 120 and find_dates(line.text) and not _PUBLISHED.match(line.text):
            if _meeting_name(line.text) is None and line is not lines[0] and \
                    len(lines[0].text.split()) <= 6 and not find_dates(lines[0].text):
                return lines[0].strip()  # "Biblioteksrådet" above "Torsdag den 12-12-2013"
            return line.strip()
    first = lines[0].strip()
    return _run_on_title(first) if len(first.text) > 120 else first


# A page's publication or update stamp, never the meeting's title or date line.
_PUBLISHED = re.compile(r"(?i)\s*(?:publiceret|publisert|publicerad|publicert|opdateret|oppdatert|"
                        r"uppdaterad|sist\s+endret|senast\s+ändrad|posted|published)\b")


def _run_on_title(line: Chunk) -> Chunk:
    """A transcript on one line: the title runs to its first date, or to the first "Word:"."""
    head = line.text[:160]
    dates = [d for d in find_dates(head) if d.start < 120]
    if dates:
        return line.sub(0, _dated_by_weekday(head, dates).end)
    colon = re.search(r"\s[A-ZÅÄÖÆØ][\wåäöæø]+\s*:", head)
    return line.sub(0, colon.start() if colon else min(len(line.text), 100)).strip()


def _dated_by_weekday(text: str, dates: list[DateMention]) -> DateMention:
    """Of several dates in a heading, the one written with its weekday: a letterhead's date
    ("24. september 2013") precedes the meeting's ("mandag den 23. september 2013")."""
    if len(dates) > 1:
        for mention in dates:
            if weekday_before(text, mention) is not None:
                return mention
    return dates[0]


def _names_a_meeting(ctx: ExtractionContext, title: Chunk) -> bool:
    """Minutes name their meeting, or at least date it near the top; other text is not
    minutes ("no meeting found")."""
    opening = ctx.text[: title.end + 600]
    return bool(MEETING_WORD.search(opening) or find_dates(opening))


def _meeting_name(title: str) -> str | None:
    text = clean_heading(title)
    # a form's field label after the title ("… Forretningsudvalgsmøde TID: …")
    label = re.search(r"\s[A-ZÅÄÖÆØ]{2,}\s*:", text)
    text = text[:label.start()] if label else text
    for d in reversed(find_dates(text)):
        text = text[:d.start] + " " + text[d.end:]
    text = re.sub(r"\b(?:19|20)\d\d\b", " ", text)
    text = _CLOCK.sub(" ", text)  # "kl. 10:00", "10.00–15.00"
    text = word_pattern(TITLE_NOISE).sub(" ", text)
    m = _PLACE_AFTER.search(text)
    if m:
        text = text[:m.start()]
    # what a removed date leaves between words ("Årsmöte , - Föreningen"): one separator
    text = re.sub(r"\s+(?=[,:;])", "", re.sub(r"\s*(?:[,:;|]\s*)+(?=[-–—])", " ", text))
    text = re.sub(r"\s+", " ", text).strip(" -–—,:;|")
    for pattern in _date_words():  # the words that led into the removed date
        text = pattern.sub("", text).strip(" -–—,:;|")
    # a transcript's page number before the title
    text = re.sub(r"^\d{1,3}\s+(?=[A-ZÅÄÖÆØ])", "", text)
    return text or None


_CLOCK = re.compile(r"(?i)(?:\b(?:kl|klockan|klokka|klokken)\.?\s*)?(?<![\w.])\d{1,2}[.:]\d\d"
                    r"(?:\s*[-–]\s*\d{1,2}[.:]\d\d)?(?![\w.])|\bkl\.?(?=\s|$)")


@cache
def _date_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What a removed date leaves of its lead-in: a weekday (and "den") at the start of the
    name ("Torsdag den 12-12-2013"), and "den", "kl." or a weekday at its end ("… styrelse
    den", "Styremøte tirsdag")."""
    days = "|".join(re.escape(d) for d in weekday_names())
    return (re.compile(rf"^(?:(?:{days})(?:\s+den)?(?:\s+|$))+", re.IGNORECASE),
            re.compile(rf"(?:\s+(?:den|d\.|kl\.?|klockan|{days}))+\s*$", re.IGNORECASE))


# Kinds of meeting that titles name by their body or purpose rather than by a compound the
# vocabulary lists: directors ("biblioteksledermøder"), members' and annual meetings and
# networks, working and dialogue meetings, committees and councils.
_TITLE_TYPES = (
    ("directors_meeting", re.compile(
        r"(?i)\w*(?:leder|chef|sjef)s?(?:møde|møder|mødet|møte|møter|möte|möten)\b")),
    ("network_meeting", re.compile(
        r"(?i)\b(?:medlems|års)(?:möte|mötet|møte|møtet|møde|mødet)\b|"
        r"\w+(?:nätverk|nettverk|netværk)\w*")),
    ("workshop", re.compile(
        r"(?i)\b(?:dialog|arbets|arbeids|arbejds)(?:möte|mötet|møte|møtet|møde|mødet)\b")),
    ("steering_group", re.compile(
        r"(?i)\b\w*(?:koordinationsgruppe|koordineringsgruppe|samordningsgrupp|udvalgsmøde|"
        r"utvalgsmøte|utskottsmöte|forretningsudvalg|arbeidsutvalg|arbetsutskott)\w*|"
        r"^\s*\w+(?:rådet|udvalget|utvalget|utskottet)\s*$|"
        r"\b(?:möte|møte|møde)\s+i\s+(?:\w+\s+)?(?:\w*råd|\w*rådet|\w*udvalg\w*|\w*utvalg\w*|"
        r"\w*utskott\w*)\b")),
)


def _meeting_type(ctx: ExtractionContext, title: Chunk) -> str:
    vocab = Vocabulary.load()
    slug = vocab.match_concept("meetingtype", title.text)
    if slug and slug != "other":
        return slug
    for kind, pattern in _TITLE_TYPES:
        if pattern.search(title.text):
            return kind
    for scope in (ctx.text[:600],):
        slug = slug or vocab.match_concept("meetingtype", scope)
        if slug:
            return slug
    return _fuzzy_type(vocab, title.text) or "other"


def _fuzzy_type(vocab: Vocabulary, title: str) -> str | None:
    """A misspelt compound ("Bibliotekscheftsmöte") still names its meeting type."""
    words = [m.group() for m in MEETING_WORD.finditer(title)]
    best: tuple[float, str] | None = None
    for word in words:
        for concept in vocab.concepts("meetingtype"):
            for label in concept.match_labels:
                score = fuzz.ratio(word.lower(), label)
                if score >= 90 and (best is None or score > best[0]):
                    best = (score, concept.slug)
    return best[1] if best else None


# -- dates ------------------------------------------------------------------------------


def _dates(ctx: ExtractionContext, meeting: Meeting, title: Chunk) -> None:
    mention = _meeting_date(ctx, title)
    if mention is None:
        return
    if mention.year is None:
        year = _context_year(ctx, title) or _weekday_year(ctx, mention)
        if year is None:
            return
        mention = mention.with_year(year)
        meeting.date_inferred = not _year_in(title.text, year)
    start, end = mention.value, mention.end_value
    if start is None:
        return
    meeting.start_date = start.isoformat()
    meeting.end_date = end.isoformat() if end and end > start else None
    meeting.spans.append(ctx.span(mention.start, mention.end, "meeting-date"))


def _weekday_year(ctx: ExtractionContext, mention: DateMention) -> int | None:
    """"tirsdag den 6. november" in a text that mentions 2012 and 2013: only 2012 puts that
    day on a Tuesday, so the year is certain (and marked inferred)."""
    weekday = weekday_before(ctx.text, mention)
    if weekday is None:
        return None
    years = {y for _, _, y in find_years(ctx.text)}
    years |= {y for _, _, y in find_years(re.sub(r"[-_.]", " ", ctx.document.name))}
    matching = years_matching_weekday(mention, weekday, years)
    return matching.pop() if len(matching) == 1 else None


_DATE_FIELD = re.compile(
    r"(?im)^[ \t]*(?:Datum, tid och plats|Dato, tid og sted|Tid og sted|Tid och plats|"
    r"Tid og stad|Tidspunkt|Dato|Datum|Date|Tid|När|Når|Hvornår)[ \t]*:?[ \t]*\n?")
# "referat fra 1. juni 2012": a date of an earlier meeting's minutes, not of this meeting.
_EARLIER = re.compile(r"(?i)(?:referat|referatet|protokoll|protokollet|protokol|protokollen)"
                      r"\w*\s+(?:fra|från|frå|af|av|fra\s+mødet|från\s+mötet)\b[^.\n]{0,20}$")


def _meeting_date(ctx: ExtractionContext, title: Chunk) -> DateMention | None:
    """The title's date, else a date field's ("Dato:", "Tidspunkt" above the value), else
    the first date near the top or in a sentence about the meeting that is neither a page's
    publication date nor the date of earlier minutes."""
    in_title = find_dates(ctx.text[title.start:title.end])
    if in_title:
        return _shift(_dated_by_weekday(ctx.text[title.start:title.end], in_title), title.start)
    field = _field_date(ctx)
    if field is not None:
        return field
    head = ctx.text[: min(len(ctx.text), title.end + 400)]
    for sent in ctx.view.sentences:
        if sent.start > 3000:
            break
        # a date cut by the sentence splitter ("den 24. | sep. 2012") is read whole
        dates = [d for d in find_dates(ctx.text[sent.start:sent.end + 12])
                 if d.start < len(sent.text)]
        if dates and (sent.end <= len(head) or MEETING_WORD.search(sent.text)):
            d = _shift(dates[0], sent.start)
            if not _is_publication_date(sent.text) and not \
                    _EARLIER.search(ctx.text[max(0, d.start - 40):d.start]):
                return d
    return None


def _shift(d: DateMention, offset: int) -> DateMention:
    return DateMention(d.start + offset, d.end + offset, d.day, d.month, d.year, d.end_day,
                       d.end_month, d.year_explicit)


def _field_date(ctx: ExtractionContext) -> DateMention | None:
    """The first date within a line or two of a date field label near the top."""
    for m in _DATE_FIELD.finditer(ctx.text[:3000]):
        window = ctx.text[m.end():m.end() + 60]
        dates = find_dates(window)
        if dates and not window[:dates[0].start].count("\n") > 1:
            return _shift(dates[0], m.end())
    return None


def _is_publication_date(sentence: str) -> bool:
    """A bare date line under a byline ("12. oktober, 2021") dates the page, not the meeting;
    a date with its weekday ("Tirsdag den 17. okt.") is an event's."""
    if any(w.lower() in weekday_numbers() for w in re.findall(r"\w+", sentence)):
        return False
    return bool(re.fullmatch(r"[\d\s.,/\-–a-zA-ZåäöæøÅÄÖÆØ]{0,30}", sentence)) and not \
        MEETING_WORD.search(sentence) and len(find_dates(sentence)) == 1 and len(sentence) < 25


def _context_year(ctx: ExtractionContext, title: Chunk) -> int | None:
    """A year that is certain from context: the title, the file name, or the only year."""
    for source in (title.text, re.sub(r"[-_.]", " ", ctx.document.name)):
        years = {y for _, _, y in find_years(source)}
        if len(years) == 1:
            return years.pop()
    years = {y for _, _, y in find_years(ctx.text)}
    return years.pop() if len(years) == 1 else None


def _year_in(text: str, year: int) -> bool:
    return any(y == year for _, _, y in find_years(text))


# -- place --------------------------------------------------------------------------------


def _place(ctx: ExtractionContext, meeting: Meeting, title: Chunk) -> None:
    read_place(ctx, meeting, title, MEETING_WORD)


def _place_in(ctx: ExtractionContext, scope: Chunk):
    """The place of a listed meeting's line: a short place line, or "i/på X"."""
    text = scope.text
    if len(text.split()) <= 3 and not find_dates(text) and not MEETING_WORD.search(text):
        name = clean_heading(text)
        if name and all(w[0].isupper() for w in name.split()) and not _is_header_word(name):
            areas = ctx.gazetteer.lookup(name, country=ctx.country)
            return name, areas[0].name if areas else None, ctx.span(
                scope.start, scope.end, "meeting-place-line")
    return place_after_preposition(ctx, scope)


def _is_header_word(text: str) -> bool:
    from .lexicon import ABSENT_HEADERS, MINUTE_TAKER_HEADERS, PRESENT_HEADERS

    return fold(text) in {fold(w) for w in (*PRESENT_HEADERS, *ABSENT_HEADERS,
                                            *MINUTE_TAKER_HEADERS)}


def _municipality_name(areas: list) -> str | None:
    for area in areas:
        if area.kind == "municipality":
            return area.name
    return None


# -- next meeting -----------------------------------------------------------------------


def _next_meeting(ctx: ExtractionContext, meeting: Meeting) -> None:
    after = date.fromisoformat(meeting.start_date) if meeting.start_date else None
    sentences = ctx.view.sentences
    for idx, sent in enumerate(sentences):
        found = NEXT_MEETING.search(sent.text)
        if not found:
            continue
        dates = find_dates(sent.text[found.start():])
        if not dates:
            continue
        mention = infer_year(dates[0], after)
        if mention.value is None:
            continue
        ctx.next_meeting.date = mention.value.isoformat()
        ctx.next_meeting.date_inferred = not dates[0].year_explicit
        for scope in sentences[idx: idx + 2]:
            place = _next_place(ctx, scope.text)
            if place:
                ctx.next_meeting.place = place
                break
        return


def _next_place(ctx: ExtractionContext, text: str) -> str | None:
    for m in re.finditer(r"\b(?:i|på|ved|hos)\s+([A-ZÅÄÖÆØ][\wåäöæø-]+)", text):
        if ctx.gazetteer.lookup(m.group(1), country=ctx.country) or \
                ctx.gazetteer.locality(m.group(1), country=ctx.country):
            return m.group(1)
    return None
