"""Lines, paragraphs, sentences and headings of a document, all with character offsets.

Every recogniser works on these views of ``Document.text`` so that each fact it finds can
point back at exact offsets in that text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Chunk:
    """A piece of the document text: ``text == doc_text[start:end]``."""

    start: int
    end: int
    text: str

    def sub(self, start: int, end: int) -> Chunk:
        """A sub-chunk by offsets relative to this chunk."""
        return Chunk(self.start + start, self.start + end, self.text[start:end])

    def strip(self, chars: str | None = None) -> Chunk:
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        if right <= left:
            return Chunk(self.start + left, self.start + left, "")
        return self.sub(left, right)


_MD_MARK = re.compile(r"^\s*(?:#{1,6}\s+|[-*•·▪–]\s+|\d{1,2}[.)]\s+)?(?:\*\*|__)?")
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"'”»)]*\s+(?=[A-ZÅÄÖÆØÉ0-9\"“«(§])|\n{2,}|\n(?=\s*[-•*]\s)"
    # Run-on transcripts: a numbered item starts a new sentence even without a full stop.
    r"|\s+(?=§\s*\d)|\s+(?=(?:Sak|Sag|Punkt|Ärende)\s+\d+(?:/\d+)?\s+[A-ZÅÄÖÆØ])"
)
_ABBREV_END = re.compile(
    r"(?:\b(?:t\.ex|bl\.a|bl\.\s?a|f\.eks|m\.m|dvs|osv|ca|kl|nr|ev|jfr|resp|mfl|m\.fl|tel|fr|"
    r"v|St|Dr|Kgl|kgl|Sdr|Nr|jf|evt|pga|vedr|ang|inkl|ekskl|[A-ZÅÄÖÆØ])\.)$"
)

_ABBREV_WINDOW = 16


class TextView:
    """Cached segmentations of one document text."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def lines(self) -> list[Chunk]:
        out, pos = [], 0
        for raw in self.text.split("\n"):
            out.append(Chunk(pos, pos + len(raw), raw))
            pos += len(raw) + 1
        return out

    @cached_property
    def paragraphs(self) -> list[Chunk]:
        """Runs of non-blank lines."""
        out: list[Chunk] = []
        current: list[Chunk] = []
        for line in [*self.lines, Chunk(len(self.text), len(self.text), "")]:
            if line.text.strip():
                current.append(line)
            elif current:
                out.append(Chunk(current[0].start, current[-1].end,
                                 self.text[current[0].start : current[-1].end]))
                current = []
        return out

    @cached_property
    def sentences(self) -> list[Chunk]:
        """Sentences within paragraphs; line breaks inside a list end a sentence too."""
        out: list[Chunk] = []
        for para in self.paragraphs:
            out.extend(_split_sentences(para))
        return out

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def sentence_at(self, offset: int) -> Chunk | None:
        idx = bisect_right(self._sentence_starts, offset) - 1
        if idx >= 0 and self.sentences[idx].start <= offset < self.sentences[idx].end:
            return self.sentences[idx]
        return None

    def line_at(self, offset: int) -> Chunk | None:
        idx = bisect_right(self._line_starts, offset) - 1
        if idx >= 0 and self.lines[idx].start <= offset <= self.lines[idx].end:
            return self.lines[idx]
        return None

    @cached_property
    def headings(self) -> list[Chunk]:
        """Lines that read as headings: Markdown '#', bold, or short lines without a full stop
        standing alone as a paragraph or introducing one."""
        return [line for line in self.lines if is_heading(line.text, self._alone(line))]

    @cached_property
    def _paragraph_bounds(self) -> set[tuple[int, int]]:
        return {(p.start, p.end) for p in self.paragraphs}

    def _alone(self, line: Chunk) -> bool:
        return (line.start, line.end) in self._paragraph_bounds


_DAY_MONTH_END = re.compile(r"(?<!\d)\d{1,2}\.\s?\d{1,2}\.$")
_YEAR_START = re.compile(r"(?:19|20)\d\d(?!\d)")


def _inside_date(text: str, m: re.Match[str]) -> bool:
    """"mandag d.15.4. 2013": a full stop between a date's month and its year ends no
    sentence."""
    return bool(_DAY_MONTH_END.search(text[max(0, m.start() - 8):m.start()])) and \
        bool(_YEAR_START.match(text, m.end()))


def _split_sentences(para: Chunk) -> list[Chunk]:
    out: list[Chunk] = []
    text, start = para.text, 0
    for m in _SENTENCE_END.finditer(text):
        # An abbreviation ends within the last few characters (at most 8 with the word
        # boundary before it): search only those, not the whole sentence at every end mark.
        if _ABBREV_END.search(text[max(start, m.start() - _ABBREV_WINDOW) : m.start()]) \
                or _inside_date(text, m):
            continue
        _add_stripped(out, para.start, text[start:m.start()], start)
        start = m.end()
    _add_stripped(out, para.start, text[start:], start)
    # Single newlines inside a paragraph often separate list lines in minutes.
    split: list[Chunk] = []
    for sent in out:
        if "\n" in sent.text:
            split.extend(_split_lines(sent))
        else:
            split.append(sent)
    return split


def _split_lines(sent: Chunk) -> list[Chunk]:
    parts: list[Chunk] = []
    pos = 0
    for piece in sent.text.split("\n"):
        _add_stripped(parts, sent.start, piece, pos)
        pos += len(piece) + 1
    return parts


def _add_stripped(out: list[Chunk], base: int, piece: str, offset: int) -> None:
    """Append ``piece`` (found at ``base + offset``) without its surrounding whitespace, as
    ``Chunk.sub(...).strip()`` would give it, unless it is blank: one chunk made, not two (the
    sentence splitter makes several per sentence of every document)."""
    stripped = piece.strip()
    if stripped:
        start = base + offset + len(piece) - len(piece.lstrip())
        out.append(Chunk(start, start + len(stripped), stripped))


def is_heading(line: str, alone: bool) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 90:
        return False
    if re.match(r"^#{1,6}\s", stripped) or re.match(r"^(\*\*|__).+(\*\*|__):?$", stripped):
        return True
    if stripped[-1] in ".,;" or not (stripped[0].isupper() or stripped[0].isdigit()):
        return False
    return alone and len(stripped.split()) <= 8


def clean_heading(text: str) -> str:
    """A heading without Markdown marks, numbering and a trailing colon."""
    text = _MD_MARK.sub("", text.strip())
    text = re.sub(r"(\*\*|__)$", "", text).strip()
    return text.rstrip(":").strip()


def finditer_with(pattern: re.Pattern[str], text: str, needles: tuple[str, ...]
                  ) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, or nothing when the text holds none of ``needles``: strings
    that every match of the pattern contains as written. A scan that cannot match costs as
    much as one that does, and most documents name no strategy, scheme or foundation."""
    return pattern.finditer(text) if any(n in text for n in needles) else iter(())


WORD_RE = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d+", re.UNICODE)
