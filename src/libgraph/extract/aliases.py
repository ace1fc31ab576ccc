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
from .context import ExtractionContext
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
    one-letter slip in the given name or surname ("Kristin Nilsen" for "Kristian Nilsen").

    Candidates are compared within buckets (same first word, or same last word), so the cost
    follows the number of people who share a name part, not the square of all people."""
    people = [p for p in ctx.persons.values() if len(p.name.split()) >= 2]
    by_first: dict[str, list[Person]] = {}
    by_last: dict[str, list[Person]] = {}
    for person in people:
        by_first.setdefault(person.name.split()[0], []).append(person)
        by_last.setdefault(person.name.split()[-1], []).append(person)
    merged: set[int] = set()
    for person in people:
        if id(person) in merged:
            continue
        target = _variant_of(ctx, person, by_first, by_last)
        if target is not None and target is not person and id(target) not in merged:
            _absorb(ctx, target, person)
            merged.add(id(person))


def _variant_of(ctx: ExtractionContext, person: Person, by_first: dict[str, list[Person]],
                by_last: dict[str, list[Person]]) -> Person | None:
    name = person.name
    for suffix in (":s", "'s", "’s", "s"):
        if name.endswith(suffix) and len(name) > len(suffix) + 3:
            base = ctx.find_person(name[: -len(suffix)])
            if base is not None and base is not person:
                return base
    words = name.split()
    plain = [w for w in words if not _INITIAL.fullmatch(w)]
    if len(plain) < len(words):
        # "Elizabeth A. Fjeldstad" is "Elizabeth Fjeldstad" with a middle initial.
        base = ctx.find_person(" ".join(plain))
        if base is not None and base is not person:
            return base
    longer = [p for p in by_first.get(words[0], []) if p is not person
              and len(p.name.split()) > len(words) and p.name.split()[: len(words)] == words]
    if len(longer) == 1:
        return longer[0]
    return _near_miss(person, by_first.get(words[0], []), by_last.get(words[-1], []))


_INITIAL = re.compile(r"[A-ZÅÄÖÆØ]\.(?:-?[A-ZÅÄÖÆØ]\.)?")


def _near_miss(person: Person, same_first: list[Person], same_last: list[Person]
               ) -> Person | None:
    """The one other person whose name differs by a slip, if that person is the better
    attested one (more mentions, or read from a list)."""
    given, *_, surname = person.name.split()
    size = len(person.name.split())
    hits = [o for o in same_first if o is not person and len(o.name.split()) == size
            and fuzz.ratio(o.name.split()[-1], surname) >= 88]
    if len(given) >= 4:
        hits += [o for o in same_last if o is not person and len(o.name.split()) == size
                 and o.name.split()[0] != given and fuzz.ratio(o.name.split()[0], given) >= 85]
    if len(hits) != 1:
        return None
    other = hits[0]
    if (other.attended or other.absent) and not (person.attended or person.absent):
        return other
    return other if len(other.spans) > len(person.spans) else None


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
    for key, value in list(ctx.persons.items()):
        if value is source:
            del ctx.persons[key]


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
