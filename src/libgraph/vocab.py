"""The controlled vocabularies (SKOS files in ``ontology/``) as Python lookups.

The extractor matches role words, topic words, organisation and meeting types by the
``skos:prefLabel``/``skos:altLabel`` values of the shipped vocabularies, so adding a label to
a Turtle file teaches the extractor a new word without code changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

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
        """Parsed with Oxigraph: rdflib's Turtle parser took half a second of every
        process's start-up here."""
        triples = []
        for scheme in SCHEMES:
            path = resource("ontology", f"{scheme}s.ttl")
            if path.exists():
                triples.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        return cls({scheme: _concepts(triples, scheme) for scheme in SCHEMES})

    def concepts(self, scheme: str) -> list[Concept]:
        return self._concepts.get(scheme, [])

    def labels(self, scheme: str) -> list[str]:
        return [label for c in self.concepts(scheme) for label in c.match_labels]

    def find(self, scheme: str, text: str) -> list[tuple[int, int, Concept]]:
        """Every label occurrence in ``text`` (case-insensitive, whole words, longest label
        first where labels overlap)."""
        by_label, starts = self._compiled(scheme)
        matches = list(_WORD.finditer(text))
        words = [m.group().lower() for m in matches]
        hits = []
        resume = 0
        # Only words that start a label are looked at (most words start none).
        for i in [i for i, word in enumerate(words) if word in starts]:
            if i < resume:
                continue
            for n in range(min(starts[words[i]], len(words) - i), 0, -1):
                concept = by_label.get(" ".join(words[i:i + n]))
                if concept is not None:
                    hits.append((matches[i].start(), matches[i + n - 1].end(), concept))
                    resume = i + n
                    break
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


def _concepts(triples: list[ox.Triple], scheme: str) -> list[Concept]:
    base = f"{VOCAB}{scheme}/"
    in_scheme, pref_label, alt_label = str(SKOS.inScheme), str(SKOS.prefLabel), str(SKOS.altLabel)
    members: set[str] = set()
    prefs: dict[str, dict[str, str]] = {}
    alts: dict[str, list[str]] = {}
    for triple in triples:
        subject, predicate, obj = triple.subject.value, triple.predicate.value, triple.object
        if predicate == in_scheme and subject.startswith(base):
            members.add(subject)
        elif predicate == pref_label and isinstance(obj, ox.Literal):
            prefs.setdefault(subject, {})[obj.language or ""] = obj.value
        elif predicate == alt_label and isinstance(obj, ox.Literal):
            alts.setdefault(subject, []).append(obj.value)
    out = []
    for concept in sorted(members):
        pref = prefs.get(concept, {})
        labels = [*pref.values(), *alts.get(concept, [])]
        match = tuple(sorted({lab.lower() for lab in labels if len(lab) >= 3}))
        out.append(Concept(scheme, concept[len(base):], concept, pref, match))
    return out
