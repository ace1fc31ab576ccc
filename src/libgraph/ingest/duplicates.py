"""The same minutes in several files: find the copies by their words and keep one.

Users keep the Word original beside the PDF they sent out, or the web page beside a text
copy. Built twice, one meeting would become two (or the copies would clash in SHACL). Copies
are found by the extracted text, not the bytes: the text is folded to lower-case words (so
line breaks, hyphenation and punctuation do not matter) and cut into overlapping five-word
shingles; two documents are copies when the shingles they share are at least
:data:`THRESHOLD` of the smaller document's (containment, so that page headers and footers
that a PDF repeats on every page do not hide a copy) and the smaller has at least
:data:`SIZE_RATIO` as many shingles as the larger (a document that holds the minutes and much
more, an appendix or a page of other news, is another document).

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

THRESHOLD = 0.8
# Nor may one be much longer than the other: minutes with a long appendix, or with a page of
# other text around them, contain the minutes but are another document.
SIZE_RATIO = 0.7
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
    """Hashes of the overlapping five-word sequences of ``text`` (lower-cased words only).

    Each distinct sequence is hashed once, from one copy of an empty hash (hashing is most
    of the cost, and a document repeats some sequences); the sequences are joined and
    encoded in one call (words hold no line break, so splitting there gives them back)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        words = words + [""] * (SHINGLE - len(words))
    grams = set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE)), strict=False)))
    empty, out = hashlib.blake2b(digest_size=8), []
    for gram in "\n".join(grams).encode().split(b"\n"):
        digest = empty.copy()
        digest.update(gram)
        out.append(int.from_bytes(digest.digest(), "big"))
    return frozenset(out)


def are_copies(a: frozenset[int], b: frozenset[int]) -> bool:
    """Most of the smaller's shingles are in the larger, and neither is much longer."""
    sizes = sorted((len(a), len(b)))
    return sizes[0] >= SIZE_RATIO * sizes[1] and containment(a, b) >= THRESHOLD


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the smaller set's shingles that the other has too."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


@dataclass
class Candidate:
    """A document as the comparison sees it. ``sketch`` pairs candidates; ``load`` gives the
    full shingle set, called only for a document that shares a rare shingle with another (a
    document of an earlier build is then read again). ``built`` marks a document an earlier
    build kept: two such were compared then, and are not compared again."""

    key: str
    format: str
    length: int
    sketch: tuple[int, ...]
    load: Callable[[], frozenset[int]]
    built: bool = False


def sketch(shingle_set: frozenset[int]) -> tuple[int, ...]:
    """The :data:`SKETCH` smallest shingle hashes: what pairs two documents as candidates."""
    return tuple(sorted(shingle_set)[:SKETCH])


def text_candidate(key: str, format: str, text: str) -> Candidate:
    """A candidate whose text is at hand."""
    shingle_set = shingles(text)
    return Candidate(key, format, len(text), sketch(shingle_set), lambda: shingle_set)


def find_duplicates(texts: Sequence[Text]) -> list[Duplicate]:
    """Every document that is a copy of another, with the one to build instead."""
    return find_copies([text_candidate(t.key, t.format, t.text) for t in texts])


def find_copies(candidates: Sequence[Candidate]) -> list[Duplicate]:
    """Every candidate that copies another, with the richest of its group to build instead."""
    loaded: dict[int, frozenset[int]] = {}

    def full(i: int) -> frozenset[int]:
        if i not in loaded:
            loaded[i] = candidates[i].load()
        return loaded[i]

    pairs = [(a, b) for a, b in _candidate_pairs([c.sketch for c in candidates])
             if not (candidates[a].built and candidates[b].built)
             and are_copies(full(a), full(b))]
    found: list[Duplicate] = []
    for members in _groups(len(candidates), pairs):
        keep = min(members, key=lambda i: _richness(candidates[i], i))
        found += [Duplicate(candidates[i].key, candidates[keep].key,
                            round(containment(full(i), full(keep)), 3))
                  for i in sorted(members) if i != keep]
    return found


def _candidate_pairs(sketches: list[tuple[int, ...]]) -> set[tuple[int, int]]:
    """Pairs that share a sketch hash that few documents have."""
    index: dict[int, list[int]] = defaultdict(list)
    for i, values in enumerate(sketches):
        for value in values:
            index[value].append(i)
    return {(a, b) for docs in index.values() if 1 < len(docs) <= COMMON
            for n, a in enumerate(docs) for b in docs[n + 1:]}


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


def _richness(candidate: Candidate, index: int) -> tuple[int, int, int]:
    return (FORMAT_RANK.get(candidate.format.lower(), 5), -candidate.length, index)
