"""Decisions and action items.

A decision is a sentence with a decision word ("beslutade", "enades om", "vedtok",
"besluttede", "godkendte", "valdes") or one that fixes the next meeting; an action item is a
sentence that gives someone a task ("fick i uppdrag att", "ansvarlig for", "X kollar upp Y"),
or in which a named person or body says what it will do ("KH kommer att informera", "PostNord
... De ska komma med ett förslag"). The doer is taken from the words before the verb; a
pronoun ("De", "Hon") stands for the last person or body named in the sentence before.
"""

from __future__ import annotations

import re

from ..record import Action, Decision
from .context import ExtractionContext
from .dates import find_dates
from .lexicon import (
    ACTION_PATTERNS,
    DECISION_HEADINGS,
    DECISION_WORDS,
    trie_alternation,
    word_pattern,
)
from .meetings import NEXT_MEETING
from .names import find_names
from .text import Chunk

_DECISION = word_pattern(DECISION_WORDS)
# (Where one phrase begins another, the list gives the longer first: the trie's order.)
_ACTION = re.compile(
    r"(?<![\w-])(?:" + trie_alternation(ACTION_PATTERNS, space=" ") + r")(?![\w-])", re.IGNORECASE)
# Future tense of a named doer: an action item only when the doer is a known person or body.
_WILL = re.compile(
    r"(?<![\w-])(?:" + trie_alternation((
        "kommer att", "ska försöka", "skal prøve", "vil forsøge", "ska", "skall", "skal", "vil",
        "vill", "försöker", "försöka", "tar fram", "lager", "laver")) + r")(?![\w-])",
    re.IGNORECASE)
_PRONOUNS = frozenset({"de", "dei", "dom", "han", "hon", "hun", "ho", "den", "dessa", "disse"})
_SUBJECT_NOUN = re.compile(
    r"(?P<who>(?:[A-ZÅÄÖÆØ][\wåäöæø:-]*|(?:en|ett|ei|et|den|det)\s+\w+|\w+(?:gruppen|gruppa|"
    r"gruppe|styrelsen|styret|bestyrelsen|mötet|møtet|mødet|sekretariatet|kansliet)))"
    r"\s*$"
)


_DECISION_HEADING = re.compile(
    r"\s*(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in DECISION_HEADINGS)
    + r")\s*:?\s*", re.IGNORECASE)


def read_decisions(ctx: ExtractionContext) -> None:
    """Recogniser: decisions under a decision heading, then decision sentences (skipping
    attendance lists and what a heading already gave)."""
    under_headings = _decisions_under_headings(ctx)
    previous: Chunk | None = None
    for sent in ctx.view.sentences:
        if ctx.in_attendance_block(sent.start) or len(sent.text) < 10 or \
                any(d.spans[0].start <= sent.start < d.spans[0].end for d in under_headings):
            previous = sent
            continue
        if _DECISION.search(sent.text) or _next_meeting_fixed(sent.text):
            start = _joined_start(sent, previous)
            text = ctx.text[start:sent.end]
            joined = previous is not None and start < sent.start
            if joined and ctx.decisions and ctx.decisions[-1].spans[0].end == previous.end:
                ctx.decisions.pop()  # the next-meeting sentence is part of this decision
            ctx.decisions.append(Decision(text=_clean(text),
                                          spans=[ctx.span(start, sent.end, "decision")]))
        previous = sent
    if under_headings:
        ctx.decisions.extend(under_headings)
        ctx.decisions.sort(key=lambda d: d.spans[0].start)


def _decisions_under_headings(ctx: ExtractionContext) -> list[Decision]:
    """The paragraph under each decision heading (up to the next blank line), one decision."""
    found: list[Decision] = []
    lines = ctx.view.lines
    for idx, line in enumerate(lines):
        if not _DECISION_HEADING.fullmatch(line.text):
            continue
        body = _paragraph_after(lines, idx)
        if body:
            start, end = body[0].start, body[-1].end
            found.append(Decision(text=_clean(ctx.text[start:end])[:600],
                                  spans=[ctx.span(start, end, "decision-heading")]))
    return found


def _paragraph_after(lines: list[Chunk], idx: int) -> list[Chunk]:
    """The non-blank lines after line ``idx`` up to the blank line that ends them."""
    body: list[Chunk] = []
    for line in lines[idx + 1:idx + 12]:
        if line.text.strip():
            body.append(line)
        elif body:
            break
    return body


def _next_meeting_fixed(text: str) -> bool:
    """"Nästa möte 15 mars", "Neste møte blir 3. mai": setting the next date is a decision."""
    return bool(NEXT_MEETING.search(text)) and bool(find_dates(text))


def _joined_start(sent: Chunk, previous: Chunk | None) -> int:
    """"Nästa möte 15 mars. Beslutas att det ska vara i Växjö.": a bare "Beslutas att"
    continues the short sentence before it."""
    if previous is not None and re.match(r"^(?:beslutas|beslöts|vedtas|besluttes)\b",
                                         sent.text, re.IGNORECASE) and len(previous.text) < 60:
        return previous.start
    return sent.start


def read_actions(ctx: ExtractionContext) -> None:
    """Recogniser: who is to do what."""
    previous: Chunk | None = None
    for sent in ctx.view.sentences:
        if not ctx.in_attendance_block(sent.start):
            _action_in(ctx, sent, previous)
        previous = sent


def _action_in(ctx: ExtractionContext, sent: Chunk, previous: Chunk | None) -> None:
    m = _ACTION.search(sent.text)
    strong = m is not None
    if m is None:
        m = _WILL.search(sent.text)
        if m is None or not _opens_with_doer(sent.text[: m.start()], sent.text[m.end():]):
            return
    who = _agent(ctx, sent.text[: m.start()].rstrip(), previous, named_only=not strong)
    what = sent.text[m.end():].strip(" .:")
    if not what or who is None:
        return
    if m.group(0).lower() in ("kollar upp", "undersöker", "sjekker", "undersøger"):
        what = f"{m.group(0)} {what}"
    ctx.actions.append(Action(who=who, what=what[:300],
                              spans=[ctx.span(sent.start, sent.end, "action")]))


_NOT_TASKS = frozenset({"ha", "vara", "være", "vere", "bli", "bliva", "finnas", "finnes", "få",
                        "kunna", "kunne", "have"})


def _opens_with_doer(before: str, after: str) -> bool:
    """"KH kommer att informera", not "... fra Nordea-fonden vil X engagere" or "KB kommer att
    ha en anställd": the doer opens the sentence and the verb is a task, not a state."""
    next_word = (after.split() or [""])[0].lower()
    return len(before.split()) <= 3 and next_word not in _NOT_TASKS


def _agent(ctx: ExtractionContext, before: str, previous: Chunk | None,
           named_only: bool = False) -> str | None:
    """The doer named right before the verb: a person, an organisation, or a group noun."""
    if not before:
        return None
    words = before.split()
    if words and words[-1].lower() in _PRONOUNS and len(words) <= 2:
        return _last_named(ctx, previous)
    names = find_names(before, ctx.names.is_first_name)
    if names and names[-1].end >= len(before) - 1:
        person = ctx.find_person(names[-1].name)
        return person.name if person else (None if named_only else names[-1].name)
    m = _SUBJECT_NOUN.search(before)
    if not m:
        return None
    who = m.group("who").split(":")[0]
    org = ctx.find_organization(who)
    person = ctx.find_person(who)
    if org is not None:
        return who
    if person is not None:
        return person.name
    return None if named_only or len(before.split()) > 4 else who


def _last_named(ctx: ExtractionContext, previous: Chunk | None) -> str | None:
    """The last person or body named in the previous sentence ("PostNord ... De ska")."""
    if previous is None:
        return None
    best: tuple[int, str] | None = None
    for thing in [*ctx.organizations.values(), *ctx.persons.values()]:
        for span in thing.spans:
            if previous.start <= span.start < previous.end and (best is None or
                                                                span.start > best[0]):
                best = (span.start, thing.name)
    return best[1] if best else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()
