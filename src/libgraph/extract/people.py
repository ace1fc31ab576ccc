"""People named in running text, their appositions, and who took part by speaking.

Attendance lists are read by ``attendance.py``; this recogniser finds everyone else the
minutes name ("Kerstin Olsson, KB, arbetar som samordnare för ...", "Fylkesbiblioteksjef
Birgit Larsen innledet ...") and marks as present those who evidently spoke at the meeting.
Short forms (first names, initials, misspellings) are collected and resolved afterwards by
``aliases.py``.
"""

from __future__ import annotations

import re

from ..record import Person
from .context import ExtractionContext
from .lexicon import SPEECH_VERBS, word_pattern
from .names import NameMatch, find_names
from .phrases import classify, leading_phrase
from .roles import is_role_word

_SPEECH = word_pattern(SPEECH_VERBS)
_WORKS_AS = re.compile(
    r"^\s*(?:,\s*)?(?:som\s+)?(?:arbetar|jobbar|jobber|arbeider|arbejder|är|er|var)\s+som\s+"
    r"(?P<role>[^,.;]{3,80})", re.IGNORECASE,
)


def read_people(ctx: ExtractionContext) -> None:
    """Recogniser: full names in prose, with appositions; short forms are kept for later."""
    listed = {s.start for p in ctx.persons.values() for s in p.spans}
    for match in find_names(ctx.text, ctx.names.is_first_name, _is_other(ctx)):
        if not match.is_full:
            ctx.short_mentions.append(match)
            continue
        if ctx.in_attendance_block(match.start) and (ctx.find_person(match.name)
                                                      or match.start in listed):
            continue  # the list reader already read this name, with its list context
        if ctx.gazetteer.lookup(match.name) or ctx.authority.lookup(match.name):
            continue  # "Indre Østfold", "Anna Lindh-biblioteket": a place or body, not a person
        person = ctx.add_person(match.name, ctx.span(match.start, match.end, "name"))
        _apposition(ctx, person, match)
        _role_before(ctx, person, match)


def _apposition(ctx: ExtractionContext, person: Person, match: NameMatch) -> None:
    """", KB," / ", Växjö stadsbibliotek" / " fra I Pluss" / ", tidigare regionbibliotekarie"."""
    rest = ctx.text[match.end: match.end + 120]
    first = re.match(r"^(?:,\s*|\s+(?:fra|från|frå|v/|hos)\s+|\s+\()(?P<phrase>[^,.;:()\n]{2,60})",
                     rest)
    if first:
        phrase = classify(ctx, first.group("phrase"), match.end + first.start("phrase")) or \
            leading_phrase(ctx, first.group("phrase"), match.end + first.start("phrase"))
        if phrase and phrase.kind in ("org", "area") and not person.affiliation and (
                phrase.kind == "org" or _ends_apposition(rest, first.end())):
                person.affiliation = phrase.text
                ctx.affiliation_spans.setdefault(person.name, []).append(
                    ctx.span(phrase.start, phrase.end, "apposition"))
                rest_after = rest[first.end():]
                works = _WORKS_AS.match(rest_after)
                if works and not person.role:
                    person.role = works.group("role").strip()
                return
        if phrase and phrase.kind == "role" and not person.role and _ends_apposition(
                rest, first.end()):
            person.role = phrase.text
            return
    works = _WORKS_AS.match(rest)
    if works and not person.role:
        person.role = works.group("role").strip()
    direct = re.match(r"^\s+(?P<phrase>[A-ZÅÄÖÆØ][^,.;:()\n]{2,60})", rest)
    if direct and not person.affiliation:
        phrase = leading_phrase(ctx, direct.group("phrase"), match.end + direct.start("phrase"))
        if phrase and phrase.kind == "org":
            person.affiliation = phrase.text
            ctx.affiliation_spans.setdefault(person.name, []).append(
                ctx.span(phrase.start, phrase.end, "apposition"))


def _ends_apposition(rest: str, pos: int) -> bool:
    """An apposition is closed by a comma, a full stop, a bracket or a verb."""
    tail = rest[pos:pos + 30]
    return bool(re.match(r"^\s*(?:[,.;)]|\s*$|[a-zåäöæø]+\b)", tail))


def _role_before(ctx: ExtractionContext, person: Person, match: NameMatch) -> None:
    """"Fylkesbiblioteksjef Birgit Larsen", "konsulent Hugo Rystrøm"."""
    before = ctx.text[max(0, match.start - 60): match.start]
    m = re.search(r"([\wåäöæøÅÄÖÆØ-]+)\s+$", before)
    if m and is_role_word(m.group(1)) and not person.role:
        person.role = m.group(1)


def mark_speakers(ctx: ExtractionContext) -> None:
    """Recogniser: a person who presented, reported or led something took part."""
    for person in ctx.persons.values():
        if person.attended or person.absent:
            continue
        for span in person.spans:
            if _speaks_after(ctx, span.end):
                person.attended = True
                break


def _speaks_after(ctx: ExtractionContext, end: int) -> bool:
    """The name is the subject of a speaking verb: it opens its sentence (after at most a role
    word) and the verb follows in the same sentence, or the verb directly follows the name."""
    window = ctx.text[end: end + 80]
    m = _SPEECH.search(window)
    if m and m.start() <= 3 and "\n" not in window[: m.start()]:
        return True
    sentence = ctx.view.sentence_at(end - 1)
    if sentence is None or len(ctx.text[sentence.start:end].split()) > 4:
        return False
    clause = ctx.text[end:sentence.end]
    m = _SPEECH.search(clause)
    return bool(m) and not find_names(clause[: m.start()], ctx.names.is_first_name)


def _is_other(ctx: ExtractionContext):
    def other(token: str) -> bool:
        return is_role_word(token) or bool(ctx.gazetteer.lookup(token, country=ctx.country)) \
            or bool(ctx.authority.lookup(token, country=ctx.country))

    return other
