"""The controlled vocabularies (SKOS files in ``ontology/``) as Python lookups.

The extractor matches role words, topic words, organisation and meeting types by the
``skos:prefLabel``/``skos:altLabel`` values of the shipped vocabularies, so adding a label to
a Turtle file teaches the extractor a new word without code changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rdflib import Graph

from .ns import SKOS, VOCAB
from .resources import resource

SCHEMES = ("orgtype", "meetingtype", "role", "topic")


@dataclass(frozen=True)
class Concept:
    scheme: str
    slug: str
    iri: str
    labels: dict[str, str]
    match_labels: tuple[str, ...]


class Vocabulary:
    """Concepts per scheme with their labels, read once from ``ontology/*.ttl``."""

    def __init__(self, concepts: dict[str, list[Concept]]) -> None:
        self._concepts = concepts
        self._patterns: dict[str, tuple[dict[str, Concept], dict[str, int]]] = {}

    @classmethod
    @cache
    def load(cls) -> Vocabulary:
        graph = Graph()
        for scheme in SCHEMES:
            path = resource("ontology", f"{scheme}s.ttl")
            if path.exists():
                graph.parse(path, format="turtle")
        return cls({scheme: _concepts(graph, scheme) for scheme in SCHEMES})

    def concepts(self, scheme: str) -> list[Concept]:
        return self._concepts.get(scheme, [])

    def labels(self, scheme: str) -> list[str]:
        return [label for c in self.concepts(scheme) for label in c.match_labels]

    def find(self, scheme: str, text: str) -> list[tuple[int, int, Concept]]:
        """Every label occurrence in ``text`` (case-insensitive, whole words, longest label
        first where labels overlap)."""
        by_label, starts = self._compiled(scheme)
        words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
        hits = []
        i = 0
        while i < len(words):
            longest = starts.get(words[i][2], 0)
            for n in range(min(longest, len(words) - i), 0, -1):
                label = " ".join(w for _s, _e, w in words[i:i + n])
                concept = by_label.get(label)
                if concept is not None:
                    hits.append((words[i][0], words[i + n - 1][1], concept))
                    i += n - 1
                    break
            i += 1
        return hits

    def match_concept(self, scheme: str, text: str) -> str | None:
        hits = self.find(scheme, text)
        return hits[0][2].slug if hits else None

    def _compiled(self, scheme: str) -> tuple[dict[str, Concept], dict[str, int]]:
        """Labels of a scheme keyed by their words joined by one space, and for each word
        that starts a label the most words such a label has: a text is matched by looking
        up n-grams only where a word can start one."""
        if scheme not in self._patterns:
            by_label: dict[str, Concept] = {}
            starts: dict[str, int] = {}
            for concept in self.concepts(scheme):
                for label in concept.match_labels:
                    words = [w.group() for w in _WORD.finditer(label.lower())]
                    if not words:
                        continue
                    by_label.setdefault(" ".join(words), concept)
                    starts[words[0]] = max(starts.get(words[0], 0), len(words))
            self._patterns[scheme] = (by_label, starts)
        return self._patterns[scheme]


_WORD = re.compile(r"[\w]+(?:[-/][\w]+)*")


def _concepts(graph: Graph, scheme: str) -> list[Concept]:
    base = f"{VOCAB}{scheme}/"
    out = []
    members = {s for s in graph.subjects(SKOS.inScheme, None) if str(s).startswith(base)}
    for concept in sorted(members):
        pref = {lit.language or "": str(lit) for lit in graph.objects(concept, SKOS.prefLabel)}
        alts = [str(lit) for lit in graph.objects(concept, SKOS.altLabel)]
        match = tuple(sorted({lab.lower() for lab in [*pref.values(), *alts] if len(lab) >= 3}))
        out.append(Concept(scheme, str(concept)[len(base):], str(concept), pref, match))
    return out
