"""The same minutes in several files: find the copies by their words and keep one.

Users keep the Word original beside the PDF they sent out, or the web page beside a text
copy. Built twice, one meeting would become two (or the copies would clash in SHACL). Copies
are found by the extracted text, not the bytes: the text is folded to lower-case words (so
line breaks, hyphenation and punctuation do not matter) and cut into overlapping five-word
shingles; two documents are copies when the shingles they share are at least
:data:`THRESHOLD` of the smaller document's (containment, so that page headers and footers
that a PDF repeats on every page do not hide a copy).

Shingle sets are compared exactly, but only for pairs that share a rare shingle: each
document's :data:`SKETCH` smallest shingle hashes (a bottom-k sketch) index it, and hashes
that many documents share (a common heading) are not used to pair them, so the work stays
near linear in the number of documents.

Of a group of copies the richest format is built (:data:`FORMAT_RANK`: structure survives in
docx and HTML, a PDF transcript often loses even its line breaks), then the longest text, then
the first path; the others are listed as its duplicates.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 0.8
SHINGLE = 5
SKETCH = 32
# A sketch hash shared by more documents than this is boilerplate, not a sign of a copy.
COMMON = 25
FORMAT_RANK = {"docx": 0, "html": 1, "htm": 1, "md": 2, "txt": 3, "pdf": 4}

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Text:
    """One document to compare: an id the caller chooses, its format and its text."""

    key: str
    format: str
    text: str


@dataclass(frozen=True)
class Duplicate:
    """``key`` holds the same minutes as ``of``, which is built instead."""

    key: str
    of: str
    similarity: float


def shingles(text: str) -> frozenset[int]:
    """Hashes of the overlapping five-word sequences of ``text`` (lower-cased words only)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        words = words + [""] * (SHINGLE - len(words))
    grams = (" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))
    return frozenset(int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big")
                     for g in grams)


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the smaller set's shingles that the other has too."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def find_duplicates(texts: Sequence[Text]) -> list[Duplicate]:
    """Every document that is a copy of another, with the one to build instead."""
    sets = [shingles(t.text) for t in texts]
    groups = _groups(len(texts), _similar_pairs(sets))
    found: list[Duplicate] = []
    for members in groups:
        keep = min(members, key=lambda i: _richness(texts[i], i))
        found += [Duplicate(texts[i].key, texts[keep].key, round(containment(sets[i],
                                                                            sets[keep]), 3))
                  for i in sorted(members) if i != keep]
    return found


def _similar_pairs(sets: list[frozenset[int]]) -> list[tuple[int, int]]:
    index: dict[int, list[int]] = defaultdict(list)
    for i, shingle_set in enumerate(sets):
        for value in sorted(shingle_set)[:SKETCH]:
            index[value].append(i)
    candidates = {(a, b) for docs in index.values() if 1 < len(docs) <= COMMON
                  for n, a in enumerate(docs) for b in docs[n + 1:]}
    return sorted(p for p in candidates if containment(sets[p[0]], sets[p[1]]) >= THRESHOLD)


def _groups(size: int, pairs: list[tuple[int, int]]) -> list[set[int]]:
    """Connected groups of copies (union-find)."""
    parent = list(range(size))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        parent[root(a)] = root(b)
    groups: dict[int, set[int]] = defaultdict(set)
    for i in range(size):
        groups[root(i)].add(i)
    return [g for g in groups.values() if len(g) > 1]


def _richness(text: Text, index: int) -> tuple[int, int, int]:
    return (FORMAT_RANK.get(text.format.lower(), 5), -len(text.text), index)
