"""Within-document resolution of short forms to full names.

Minutes write a full name once and then "Kristina", "KH", "Sofia L" or a misspelling
("Wine" for Weine). A short form becomes an alias of the one full name it fits; a short form
that fits nobody, or fits several people, is kept as a person of its own only when it is
unmistakably a person ("Anna-Karin", "Sofia L").
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from ..record import Person, Span
from .context import ExtractionContext, person_key
from .lexicon import STOPWORDS
from .names import initials


def resolve_aliases(ctx: ExtractionContext) -> None:
    """Recogniser: attach first names, initials and near-misses to full names."""
    full = [p for p in ctx.persons.values() if " " in p.name.strip()]
    for match in ctx.short_mentions:
        person = _unique_by_given(full, match.given, match.surname)
        span = ctx.span(match.start, match.end, "alias")
        if person is not None:
            _alias(ctx, person, match.name, span)
        elif match.surname or "-" in match.given:
            ctx.add_person(match.name, span)
    _merge_variants(ctx)
    full = [p for p in ctx.persons.values() if " " in p.name.strip()]
    _initials(ctx, full)
    _misspellings(ctx, full)


def _merge_variants(ctx: ExtractionContext) -> None:
    """One person written several ways becomes one person with aliases: a genitive
    ("Roland Ekbergs presentation"), a name cut short ("Anne Gerd" for "Anne Gerd Lund"), a
    one-letter slip in the given name or surname ("Torsten Haug" for "Torstein Haug").

    Names are split once and indexed by their leading words, their first and their last word,
    so each person is compared with the few who share a name part (by rapidfuzz, in C), and
    the cost grows with the number of people, not its square."""
    people = [p for p in ctx.persons.values() if len(p.name.split()) >= 2]
    index = _NameIndex(people)
    merged: set[int] = set()
    for person in people:
        if id(person) in merged:
            continue
        target = _variant_of(ctx, person, index)
        if target is not None and target is not person and id(target) not in merged:
            _absorb(ctx, target, person)
            merged.add(id(person))


_INITIAL = re.compile(r"[A-ZÅÄÖÆØ]\.(?:-?[A-ZÅÄÖÆØ]\.)?")


class _NameIndex:
    """People by the words of their names."""

    def __init__(self, people: list[Person]) -> None:
        self.words = {id(p): tuple(p.name.split()) for p in people}
        self.longer: dict[tuple[str, ...], list[Person]] = {}
        self.by_first: dict[tuple[str, int], list[Person]] = {}
        self.by_last: dict[tuple[str, int], list[Person]] = {}
        self.surnames: dict[tuple[str, int], list[str]] = {}
        self.givens: dict[tuple[str, int], list[str]] = {}
        for person in people:
            words = self.words[id(person)]
            for k in range(1, len(words)):
                self.longer.setdefault(words[:k], []).append(person)
            self.by_first.setdefault((words[0], len(words)), []).append(person)
            self.surnames.setdefault((words[0], len(words)), []).append(words[-1])
            self.by_last.setdefault((words[-1], len(words)), []).append(person)
            self.givens.setdefault((words[-1], len(words)), []).append(words[0])


def _variant_of(ctx: ExtractionContext, person: Person, index: _NameIndex) -> Person | None:
    name = person.name
    for suffix in (":s", "'s", "’s", "s"):
        if name.endswith(suffix) and len(name) > len(suffix) + 3:
            base = ctx.persons.get(person_key(name[: -len(suffix)]))
            if base is not None and base is not person:
                return base
    words = index.words[id(person)]
    plain = [w for w in words if not _INITIAL.fullmatch(w)]
    if len(plain) < len(words):
        # "Elizabeth A. Fjeldstad" is "Elizabeth Fjeldstad" with a middle initial.
        base = ctx.persons.get(person_key(" ".join(plain)))
        if base is not None and base is not person:
            return base
    longer = [p for p in index.longer.get(words, []) if p is not person]
    if len(longer) == 1:
        return longer[0]
    return _near_miss(person, words, index)


def _near_miss(person: Person, words: tuple[str, ...], index: _NameIndex) -> Person | None:
    """The one other person whose name differs by a slip, if that person is the better
    attested one (more mentions, or read from a list)."""
    given, surname, size = words[0], words[-1], len(words)
    hits = [o for o in _close(surname, index.by_first.get((given, size), []),
                              index.surnames.get((given, size), []), 88) if o is not person]
    if len(given) >= 4:
        hits += [o for o in _close(given, index.by_last.get((surname, size), []),
                                   index.givens.get((surname, size), []), 85)
                 if o is not person and index.words[id(o)][0] != given]
    if len(hits) != 1:
        return None
    other = hits[0]
    if (other.attended or other.absent) and not (person.attended or person.absent):
        return other
    return other if len(other.spans) > len(person.spans) else None


def _close(word: str, people: list[Person], parts: list[str], cutoff: int) -> list[Person]:
    """People whose name part is within ``cutoff`` of ``word`` (three at most: the person
    itself, and two that make a hit ambiguous)."""
    if not people:
        return []
    found = process.extract(word, parts, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3)
    return [people[i] for _choice, _score, i in found]


def _absorb(ctx: ExtractionContext, target: Person, source: Person) -> None:
    if source.name not in target.aliases:
        target.aliases.append(source.name)
    for alias in source.aliases:
        if alias not in target.aliases and alias != target.name:
            target.aliases.append(alias)
    for span in source.spans:
        ctx.add_span(target, span)
    target.attended = (target.attended or source.attended) and not target.absent
    target.absent = target.absent or (source.absent and not target.attended)
    target.affiliation = target.affiliation or source.affiliation
    target.role = target.role or source.role
    moved = ctx.affiliation_spans.pop(source.name, [])
    if moved and source.affiliation == target.affiliation:
        ctx.affiliation_spans.setdefault(target.name, []).extend(moved)
    if ctx.minute_taker == source.name:
        ctx.minute_taker = target.name
    key = person_key(source.name)
    if ctx.persons.get(key) is source:
        del ctx.persons[key]
    else:
        for other_key, value in list(ctx.persons.items()):
            if value is source:
                del ctx.persons[other_key]


def _unique_by_given(people: list[Person], given: str, surname_initial: str | None
                     ) -> Person | None:
    hits = [p for p in people if p.name.split()[0] == given]
    if surname_initial:
        letter = surname_initial.rstrip(".")
        hits = [p for p in hits
                if len(p.name.split()) > 1 and p.name.split()[-1].startswith(letter)]
    return hits[0] if len(hits) == 1 else None


def _alias(ctx: ExtractionContext, person: Person, alias: str, span: Span) -> None:
    if alias != person.name and alias not in person.aliases:
        person.aliases.append(alias)
    ctx.add_span(person, span)


def _initials(ctx: ExtractionContext, people: list[Person]) -> None:
    by_initials: dict[str, list[Person]] = {}
    for person in people:
        by_initials.setdefault(initials(person.name), []).append(person)
    for m in re.finditer(r"(?<![\w.-])([A-ZÅÄÖÆØ]{2,3})(?![\w.-])", ctx.text):
        token = m.group(1)
        hits = by_initials.get(token, [])
        if len(hits) == 1 and not ctx.authority.lookup(token, country=ctx.country):
            _alias(ctx, hits[0], token, ctx.span(m.start(1), m.end(1), "initials"))


def _misspellings(ctx: ExtractionContext, people: list[Person]) -> None:
    """A capitalised unknown word one letter off a participant's given name, before a verb.

    Each distinct word is judged once (a long document repeats its words), so the cost grows
    with the vocabulary, not with the number of words times the number of people."""
    given = {p.name.split()[0]: p for p in people}
    candidates = [g for g in given if len(g) >= 4]
    verdicts: dict[str, Person | None] = {}
    for m in re.finditer(r"(?<![\w-])([A-ZÅÄÖÆØ][a-zåäöæø]{2,})\s+[a-zåäöæø]", ctx.text):
        token = m.group(1)
        if token not in verdicts:
            verdicts[token] = _misspelt_given(ctx, token, given, candidates)
        person = verdicts[token]
        if person is not None:
            _alias(ctx, person, token, ctx.span(m.start(1), m.end(1), "misspelling"))


def _misspelt_given(ctx: ExtractionContext, token: str, given: dict[str, Person],
                    candidates: list[str]) -> Person | None:
    if (token in given or ctx.names.is_first_name(token) or len(token) < 4
            or token.lower() in STOPWORDS):
        return None
    hits = process.extract(token, candidates, scorer=fuzz.ratio, score_cutoff=85, limit=2)
    if len(hits) == 1 and not ctx.gazetteer.lookup(token) and not ctx.authority.lookup(token):
        return given[hits[0][0]]
    return None
