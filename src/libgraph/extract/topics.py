"""Topics: agenda items, decisions and projects linked to the SKOS topic vocabulary.

Matching is by the concepts' labels in all languages (``ontology/topics.ttl``), so a topic is
found whatever language the minutes are in.
"""

from __future__ import annotations

from ..record import AgendaItem
from ..vocab import Vocabulary
from .context import ExtractionContext
from .text import clean_heading


def read_topics(ctx: ExtractionContext) -> None:
    """Recogniser: agenda items from headings; topics for agenda items and decisions."""
    vocab = Vocabulary.load()
    headings = ctx.view.headings
    for idx, heading in enumerate(headings):
        title = clean_heading(heading.text)
        if not title or len(title) < 3:
            continue
        end = headings[idx + 1].start if idx + 1 < len(headings) else len(ctx.text)
        section = ctx.text[heading.start:end][:2000]
        topics = _topics(vocab, section)
        ctx.agenda.append(AgendaItem(title=title, topics=topics,
                                     spans=[ctx.span(heading.start, heading.end, "agenda")]))
    for decision in ctx.decisions:
        decision.topics = _topics(vocab, decision.text)
    for action in ctx.actions:
        action.topics = _topics(vocab, action.what)
    for project in ctx.projects.values():
        project.topics = _topics(vocab, project.name)


def _topics(vocab: Vocabulary, text: str) -> list[str]:
    seen: list[str] = []
    for _s, _e, concept in vocab.find("topic", text):
        if concept.slug not in seen:
            seen.append(concept.slug)
    return seen
