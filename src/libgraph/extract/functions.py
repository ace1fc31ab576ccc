"""Functions of the meeting itself: chair, secretary, minute taker, those who check the minutes.

Minutes name them in three ways besides the header lists read by ``attendance.py``:

* an election in the opening items: "Till ordförande för mötet valdes Anna Berg", "Anna Berg
  valdes enhälligt till mötessekreterare", "Val av justerare: Per Ek och Eva Lund", "Valg av
  møteleder: Kari Holm", "Som referent valgtes Ole Dahl";
* a role written beside a name in a list ("Ole Dahl (ref.)", "Eva Lund, sekr.");
* a signature at the end: a name alone on its line, its function on the next ("Anna Berg" /
  "ordförande"), or the function first ("Vid protokollet" / "Anna Berg", read as a header).

The minute taker of the meeting is the person whose function is to write the minutes.
"""

from __future__ import annotations

import itertools
import re

from ..record import Person
from .context import ExtractionContext
from .lexicon import trie_alternation
from .names import find_names
from .phrases import is_role_phrase
from .roles import MINUTE_TAKER_ROLES

# Function words an election names, with the role written for them.
FUNCTIONS = (
    "mötesordförande", "ordförande", "mötessekreterare", "sekreterare", "protokollförare",
    "justerare", "justeringsperson", "justeringspersoner", "protokolljusterare",
    "rösträknare", "møteleder", "møteleiar", "ordstyrer", "ordstyrar", "referent",
    "sekretær", "dirigent", "mødeleder", "protokollfører", "protokollførar", "referent",
)
_FUNCTION = trie_alternation(FUNCTIONS)
_FOR_MEETING = r"(?:\s+(?:för|for|på|til|till)\s+(?:mötet|møtet|mødet|årsmötet|årsmøtet|" \
               r"stämman|dagen))?"
_ELECTED = "(?:" + trie_alternation((
    "valdes", "utsågs", "utses", "väljs", "ble valgt", "blei vald", "vart vald", "vart valt",
    "blev valgt", "valgtes", "valgt", "valt", "vald")) + ")"
_ADVERB = r"(?:\s+(?:enhälligt|enhälligt|enstemmig|einstemmig|enstemmigt|enigt|" \
          r"som\s+vanligt))?"
# "Till ordförande för mötet valdes A", "Som referent valgtes A", "Til møteleiar vart A vald"
_ROLE_FIRST = re.compile(
    rf"\b(?:till|til|som)\s+(?:två\s+|to\s+)?(?P<role>{_FUNCTION}){_FOR_MEETING}\s+"
    rf"(?:{_ELECTED}{_ADVERB}\s*:?\s*(?P<names>[^\n.;]{{3,120}})"
    rf"|(?:vart|ble|blev)\s+(?P<names2>[^\n.;]{{3,80}}?)\s+(?:vald|valgt|valt))", re.IGNORECASE)
# "A valdes (enhälligt) till ordförande", "A og B ble valgt til referent": the verb phrase is
# found first and the names are read backwards from it (a pattern that starts with the names
# would be tried at every character).
_NAMES_FIRST = re.compile(
    rf"\s+{_ELECTED}{_ADVERB}\s+(?:till|til|som)\s+(?:mötes)?(?P<role>{_FUNCTION})",
    re.IGNORECASE)
# "Val av justerare: A och B", "Valg av møteleder: A", "Ordförandens val av mötessekreterare: A"
_CHOICE = re.compile(
    rf"\b(?:val|valg)\s+(?:av|af)\s+(?:två\s+|to\s+)?(?P<role>{_FUNCTION}){_FOR_MEETING}"
    rf"\s*[:\-–]\s*(?P<names>[^\n.;]{{3,120}})", re.IGNORECASE)


# "Per Ek utsågs till att skriva mötesanteckningarna", "Kari Holm førte referat", "Ole Dahl
# tager referat": the minute taker named by what they do.
_WRITES = re.compile(
    rf"\s+(?:{_ELECTED}{_ADVERB}\s+(?:till|til)\s+(?:att|å|at)\s+)?"
    r"(?:skriva|skrive|skriver|skrev|föra|förde|för|føre|førte|fører|tar|tog|tok|tager)\s+"
    r"(?:mötes|møte|møde)?(?:anteckningar(?:na)?|minnesanteckningar(?:na)?|protokoll(?:et)?|"
    r"referat(?:et)?|notater|noter)\b", re.IGNORECASE)


def read_functions(ctx: ExtractionContext) -> None:
    """Recogniser: elections of meeting functions, signatures, and the minute taker."""
    for pattern in (_ROLE_FIRST, _CHOICE):
        for m in pattern.finditer(ctx.text):
            names = m.group("names") or (m.groupdict().get("names2") or "")
            offset = m.start("names") if m.group("names") else m.start("names2")
            for person in _people_in(ctx, names, offset, last_only=False):
                _give(ctx, person, m.group("role").lower())
    for m in _NAMES_FIRST.finditer(ctx.text):
        names, offset = _before(ctx, m.start())
        for person in _people_in(ctx, names, offset, last_only=True):
            _give(ctx, person, m.group("role").lower())
    _signatures(ctx)
    _minute_taker_by_role(ctx)
    if ctx.minute_taker is None:
        _minute_taker_by_deed(ctx)


def _minute_taker_by_deed(ctx: ExtractionContext) -> None:
    for m in _WRITES.finditer(ctx.text):
        names, offset = _before(ctx, m.start())
        people = _people_in(ctx, names, offset, last_only=True)
        if len(people) == 1 and not people[0].absent:
            people[0].attended = True
            ctx.minute_taker = people[0].name
            return


def _before(ctx: ExtractionContext, pos: int) -> tuple[str, int]:
    """Up to 120 characters before ``pos`` within its clause (after a line break, full stop,
    semicolon or colon): where the subject of a verb phrase stands."""
    start = max(0, pos - 120)
    window = ctx.text[start:pos]
    cut = max(window.rfind(c) for c in "\n.;:")
    if cut >= 0:
        start, window = start + cut + 1, window[cut + 1:]
    return window, start


def _people_in(ctx: ExtractionContext, text: str, offset: int, last_only: bool
               ) -> list[Person]:
    """Full names in ``text`` (names joined by commas or "och"/"og"), or a short form that is
    already one person's alias ("Anne blev valgt som mødeleder"); for "A valdes till" only the
    names directly before the verb."""
    names = [n for n in find_names(text, ctx.names.is_first_name)
             if n.is_full or ctx.find_person(n.name) is not None]
    if last_only and names:
        tail = text[names[-1].end:].strip()
        if tail:
            return []
        chain = [names[-1]]
        for prev in reversed(names[:-1]):
            gap = text[prev.end:chain[0].start]
            if not re.fullmatch(r"\s*(?:,|och|og|samt|and|&)\s*", gap):
                break
            chain.insert(0, prev)
        names = chain
    elif names and names[0].start > 2:
        return []
    people = []
    for name in names:
        person = ctx.find_person(name.name) or ctx.add_person(
            name.name, ctx.span(offset + name.start, offset + name.end, "function"))
        people.append(person)
    return people


def _give(ctx: ExtractionContext, person: Person, role: str) -> None:
    if not person.absent:
        person.attended = True
    if not person.role:
        person.role = role
    if role in MINUTE_TAKER_ROLES and ctx.minute_taker is None:
        ctx.minute_taker = person.name


def _signatures(ctx: ExtractionContext) -> None:
    """"Anna Berg" alone on a line, "ordförande" alone on the next: a signature."""
    lines = ctx.view.lines
    for line, nxt in itertools.pairwise(lines):
        text = line.text.strip()
        role = nxt.text.strip().rstrip(".,")
        if not text or not role or len(role.split()) > 6 or not is_role_phrase(role):
            continue
        names = find_names(text, ctx.names.is_first_name)
        if len(names) != 1 or not names[0].is_full or names[0].start != 0 \
                or names[0].end != len(text):
            continue
        person = ctx.find_person(names[0].name)
        if person is None:
            continue
        if not person.role:
            person.role = role
        if role.lower() in MINUTE_TAKER_ROLES and ctx.minute_taker is None:
            ctx.minute_taker = person.name


def _minute_taker_by_role(ctx: ExtractionContext) -> None:
    """"Ole Dahl (ref.)": a person whose role is to write the minutes is the minute taker."""
    if ctx.minute_taker is not None:
        return
    for person in ctx.persons.values():
        role = (person.role or "").lower().strip(" .()")
        if role in _WRITES_MINUTES and not person.absent:
            ctx.minute_taker = person.name
            return


# Roles beside a name that mean "wrote these minutes" (a plain "sekreterare" may be the
# association's officer, so only elections make that one the minute taker).
_WRITES_MINUTES = frozenset({"ref", "referent", "sekr", "protokollförare", "protokollfører",
                             "protokollførar", "mötessekreterare", "referat"})
