"""Text normalisation and similarity used by scoring.

Gold files write names as the document does, while an extractor may drop diacritics, change
case or keep a trailing full stop. None of that is an extraction error, so every comparison
goes through :func:`normalise` first.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not decompose into base letter + combining mark.
_FOLD = str.maketrans(
    {"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ð": "d", "ł": "l", "œ": "oe", "þ": "th"}
)
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_EDGE_SYMBOLS = set("`´^~*")


def normalise(s: str | None) -> str:
    """Casefold, fold diacritics, collapse whitespace and strip surrounding punctuation.

    ``normalise("Växjö") == normalise("vaxjo")``; ``None`` and ``""`` both give ``""``.
    Inner punctuation is kept ("GRUNDLOVSFESTEN.dk", "Anna-Karin"): it can carry meaning.
    """
    if s is None:
        return ""
    text = str(s).casefold().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _SPACES.sub(" ", text)
    return _strip_edges(text)


def _strip_edges(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_edge(ch: str) -> bool:
    return ch.isspace() or ch in _EDGE_SYMBOLS or unicodedata.category(ch).startswith("P")


def word_list(s: str | None) -> list[str]:
    """The normalised words of ``s``, in order, punctuation dropped."""
    return _WORD.findall(normalise(s))


def content_words(s: str | None) -> set[str]:
    """Normalised words of three or more characters: short words ("i", "på", "15") are
    mostly function words or day numbers and would make unrelated sentences look alike."""
    return {w for w in word_list(s) if len(w) >= 3}


def jaccard(a: str | None, b: str | None) -> float:
    """Jaccard similarity of the content-word sets; two texts without content words are
    similar only if they normalise to the same string."""
    wa, wb = content_words(a), content_words(b)
    if not wa and not wb:
        return 1.0 if normalise(a) == normalise(b) else 0.0
    return len(wa & wb) / len(wa | wb)


def contains_words(a: str | None, b: str | None) -> bool:
    """True if either text contains the other as a run of whole words.

    "konsulent" is inside "konsulent fra I Pluss", but "samordnare" is not inside
    "samordnaren": containment is by word, never by substring.
    """
    wa, wb = " ".join(word_list(a)), " ".join(word_list(b))
    if not wa or not wb:
        return False
    return f" {wa} " in f" {wb} " or f" {wb} " in f" {wa} "
