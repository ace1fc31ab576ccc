"""Decisions and action items.

A decision is a sentence with a decision word ("beslutade", "enades om", "vedtok",
"besluttede", "godkendte", "valdes"); an action item is a sentence that gives someone a task
("fick i uppdrag att", "ansvarlig for", "X kollar upp Y"), with the one who got it taken from
the words before the verb.
"""

from __future__ import annotations

import re

from ..record import Action, Decision
from .context import ExtractionContext
from .lexicon import ACTION_PATTERNS, DECISION_WORDS, word_pattern
from .names import find_names

_DECISION = word_pattern(DECISION_WORDS)
_ACTION = re.compile(r"(?<![\w-])(?:" + "|".join(ACTION_PATTERNS) + r")(?![\w-])", re.IGNORECASE)
_SUBJECT_NOUN = re.compile(
    r"(?P<who>(?:[A-ZÅÄÖÆØ][\wåäöæø:-]*|(?:en|ett|ei|et|den|det)\s+\w+|\w+(?:gruppen|gruppa|"
    r"gruppe|gruppa|styrelsen|styret|bestyrelsen|mötet|møtet|mødet|sekretariatet|kansliet)))"
    r"\s*$"
)


def read_decisions(ctx: ExtractionContext) -> None:
    """Recogniser: decision sentences (skipping attendance lists and headings)."""
    for sent in ctx.view.sentences:
        if ctx.in_attendance_block(sent.start) or len(sent.text) < 12:
            continue
        if _DECISION.search(sent.text):
            ctx.decisions.append(Decision(text=_clean(sent.text),
                                          spans=[ctx.span(sent.start, sent.end, "decision")]))


def read_actions(ctx: ExtractionContext) -> None:
    """Recogniser: who is to do what."""
    for sent in ctx.view.sentences:
        if ctx.in_attendance_block(sent.start):
            continue
        m = _ACTION.search(sent.text)
        if not m:
            continue
        who = _agent(ctx, sent.text[: m.start()].rstrip())
        what = sent.text[m.end():].strip(" .:")
        if not what:
            continue
        if m.group(0).lower() in ("kollar upp", "undersöker", "sjekker", "undersøger"):
            what = f"{m.group(0)} {what}"
        ctx.actions.append(Action(who=who, what=what[:300],
                                  spans=[ctx.span(sent.start, sent.end, "action")]))


def _agent(ctx: ExtractionContext, before: str) -> str | None:
    """The doer named right before the verb: a person, an organisation, or a group noun."""
    if not before:
        return None
    names = find_names(before, ctx.names.is_first_name)
    if names and names[-1].end >= len(before) - 1:
        person = ctx.find_person(names[-1].name)
        return person.name if person else names[-1].name
    m = _SUBJECT_NOUN.search(before)
    if not m:
        return None
    who = m.group("who").split(":")[0]
    org = ctx.find_organization(who)
    if org is not None:
        return who
    person = ctx.find_person(who)
    return person.name if person else who


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()
