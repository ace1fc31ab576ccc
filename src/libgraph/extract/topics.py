"""Topics: agenda items, decisions and projects linked to the SKOS topic vocabulary.

Matching is by the concepts' labels in all languages (``ontology/topics.ttl``), so a topic is
found whatever language the minutes are in.
"""

from __future__ import annotations

import re

from ..record import AgendaItem
from ..vocab import Vocabulary
from .context import ExtractionContext
from .text import clean_heading

# Numbered agenda items: "§ 3 Budget", "Sak 12/22 Budsjett", "Punkt 4. Eventuelt",
# "Ärende 5", "Pkt. 2" — at a line start or, in run-on text, after a sentence end.
_NUMBERED = re.compile(
    r"(?:^|(?<=[.!?:]\s)|(?<=\n)|(?<=\s)(?=§))[ \t]*"
    r"(?P<mark>§\s*\d+[a-z]?|(?:Sak|Sag|Punkt|Pkt\.?|Ärende|Dagordningspunkt)\s+\d+(?:/\d+)?\.?|\d{1,2}\.)\s+(?P<title>[A-ZÅÄÖÆØ][^\n.:;]{2,70})",
    re.MULTILINE,
)


def read_topics(ctx: ExtractionContext) -> None:
    """Recogniser: agenda items (numbered items, else headings) and their topics, and topics
    of decisions, actions and projects."""
    vocab = Vocabulary.load()
    items = _numbered_items(ctx) or _heading_items(ctx)
    for start, end, title, section_end in items:
        section = ctx.text[start:section_end][:2000]
        ctx.agenda.append(AgendaItem(title=title, topics=_topics(vocab, section),
                                     spans=[ctx.span(start, end, "agenda")]))
    for decision in ctx.decisions:
        decision.topics = _topics(vocab, decision.text)
    for action in ctx.actions:
        action.topics = _topics(vocab, action.what)
    for project in ctx.projects.values():
        project.topics = _topics(vocab, project.name)


def _numbered_items(ctx: ExtractionContext) -> list[tuple[int, int, str, int]]:
    marks = list(_NUMBERED.finditer(ctx.text))
    if len(marks) < 2 or all(m.group("mark")[0].isdigit() for m in marks):
        return []  # plain numbered lists ("1. ...") are agendas only beside § / Sak / Punkt
    out = []
    for idx, m in enumerate(marks):
        title = _title_words(m.group("title"))
        section_end = marks[idx + 1].start() if idx + 1 < len(marks) else len(ctx.text)
        start = m.start("mark")
        out.append((start, m.start("title") + len(title), title, section_end))
    return out


def _title_words(text: str, limit: int = 8) -> str:
    """A run-on item title ends where its first sentence of prose starts."""
    words = text.split()
    for i, word in enumerate(words[1:limit], start=1):
        if word[0].isupper() and i >= 2:
            return " ".join(words[:i])
    return " ".join(words[:limit])


def _heading_items(ctx: ExtractionContext) -> list[tuple[int, int, str, int]]:
    headings = ctx.view.headings
    out = []
    for idx, heading in enumerate(headings):
        title = clean_heading(heading.text)
        if not title or len(title) < 3:
            continue
        end = headings[idx + 1].start if idx + 1 < len(headings) else len(ctx.text)
        out.append((heading.start, heading.end, title, end))
    return out


def _topics(vocab: Vocabulary, text: str) -> list[str]:
    seen: list[str] = []
    for _s, _e, concept in vocab.find("topic", text):
        if concept.slug not in seen:
            seen.append(concept.slug)
    return seen
