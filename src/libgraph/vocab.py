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
        self._patterns: dict[str, list[tuple[re.Pattern[str], Concept]]] = {}

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
        """Every label occurrence in ``text`` (case-insensitive, whole words)."""
        hits = []
        for pattern, concept in self._compiled(scheme):
            hits.extend((m.start(), m.end(), concept) for m in pattern.finditer(text))
        return sorted(hits, key=lambda h: (h[0], -(h[1] - h[0])))

    def match_concept(self, scheme: str, text: str) -> str | None:
        hits = self.find(scheme, text)
        return hits[0][2].slug if hits else None

    def _compiled(self, scheme: str) -> list[tuple[re.Pattern[str], Concept]]:
        if scheme not in self._patterns:
            self._patterns[scheme] = [
                (_label_pattern(c.match_labels), c) for c in self.concepts(scheme)
                if c.match_labels
            ]
        return self._patterns[scheme]


def _label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(lab).replace(r"\ ", r"\s+")
                    for lab in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w])", re.IGNORECASE)


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
