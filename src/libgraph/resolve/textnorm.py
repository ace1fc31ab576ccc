"""Text normalisation shared by the gazetteer, the authority list and the name lexicon.

Two needs, two functions:

* :func:`fold` makes lookups forgiving. Minutes are typed by hand in three languages and often
  lose their diacritics ("Vaxjo", "Tromso") or mix the Danish/Norwegian and Swedish letters
  ("Tromsö"). So folding maps *all* of them to plain ASCII: ``æ→ae``, ``ø→o``, ``å→a``,
  ``ä→a``, ``ö→o``, strips every other diacritic (é, ü, á) and case-folds. The price is a few
  collisions between genuinely different words (Swedish "bål"/"bal"), which do not matter for
  names of places and organisations.
* :func:`slugify` makes stable IRI segments: the same fold, then ASCII lower-case words joined
  by ``-``. ``slugify("Växjö kommun") == "vaxjo-kommun"``.

The module also holds :class:`PhraseMatcher`, the one scanner both resolvers use to find known
names in running text: a dict from the folded first token to the phrases starting with it, so a
scan costs one dict look-up per token, however many names are loaded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

__all__ = [
    "PhraseMatcher",
    "Token",
    "fold",
    "fold_key",
    "is_sentence_initial",
    "slugify",
    "tokens",
    "url_spans",
]

T = TypeVar("T")

# Letters that NFKD does not decompose, or that we want spelled out rather than stripped.
_TRANSLIT = str.maketrans({
    "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "å": "a", "Å": "A", "ä": "a", "Ä": "A",
    "ö": "o", "Ö": "O", "ß": "ss", "đ": "d", "Đ": "D", "ŋ": "n", "Ŋ": "N", "ŧ": "t", "Ŧ": "T",
    "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "œ": "oe", "Œ": "OE",
    "’": "'", "‘": "'", "–": "-", "—": "-",
})

_TOKEN_RE = re.compile(r"[^\W_]+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Case- and diacritic-insensitive form of ``s`` for look-ups (see the module docstring).

    >>> fold("Tromsø") == fold("Tromso") == fold("TROMSÖ")
    True
    """
    if s.isascii():  # nothing to transliterate or decompose: the common case, made cheap
        return s.casefold()
    s = unicodedata.normalize("NFKD", s.translate(_TRANSLIT))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return s.casefold()


def fold_key(s: str) -> str:
    """:func:`fold` plus punctuation and spacing flattened to single spaces.

    "Det Kgl. Bibliotek" and "det kgl bibliotek" share a key, as do "Aurskog-Høland" and
    "Aurskog Høland": punctuation inside names is too inconsistent in minutes to rely on.
    """
    return " ".join(_NON_ALNUM.split(fold(s))).strip()


def slugify(s: str) -> str:
    """ASCII lower-case slug with ``-`` separators, for IRIs that must never change.

    >>> slugify("Biblioteksutveckling Blekinge Kronoberg (BiBK)")
    'biblioteksutveckling-blekinge-kronoberg-bibk'
    """
    return _NON_ALNUM.sub("-", fold(s)).strip("-")


@dataclass(frozen=True, slots=True)
class Token:
    """A maximal run of letters and digits in the text, with its offsets and folded form."""

    start: int
    end: int
    text: str
    folded: str


@dataclass(frozen=True)
class _Words:
    """A text's word tokens (regex matches), the positions of each folded form and the folded
    forms that may be genitives (longer than three letters, ending in s). Each distinct
    word is folded once; tokens are built only where a phrase may start."""

    matches: list[re.Match[str]]
    positions: dict[str, list[int]]
    genitives: list[tuple[str, str]]

    def token(self, i: int) -> Token:
        m = self.matches[i]
        return Token(m.start(), m.end(), m.group(), fold(m.group()))


_LAST_WORDS: tuple[str, _Words] | None = None


def _words(text: str) -> _Words:
    """The words of ``text``, kept for the last text asked about: the gazetteer and the
    authority list scan the same document one after the other."""
    global _LAST_WORDS
    last = _LAST_WORDS
    if last is not None and (last[0] is text or last[0] == text):
        return last[1]
    matches = list(_TOKEN_RE.finditer(text))
    by_surface: dict[str, list[int]] = {}
    for i, m in enumerate(matches):
        by_surface.setdefault(m.group(), []).append(i)
    positions: dict[str, list[int]] = {}
    for surface, indexes in by_surface.items():
        positions.setdefault(fold(surface), []).extend(indexes)
    genitives = [(key, key[:-1]) for key in positions if len(key) > 3 and key[-1] == "s"]
    words = _Words(matches, positions, genitives)
    _LAST_WORDS = (text, words)
    return words


def tokens(text: str) -> list[Token]:
    """All word tokens of ``text``; punctuation and spaces are the gaps between them."""
    return [Token(m.start(), m.end(), m.group(), fold(m.group())) for m in _TOKEN_RE.finditer(text)]


# URLs, e-mail addresses and bare domains ("digitaltforst.blogg.kb.se"): names found inside them
# are parts of addresses, not mentions.
_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>()\[\]\"']+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:se|no|dk|nu|com|org|net|eu|info|fi|is|io)\b(?:/[^\s<>()\[\]\"']*)?",
    re.IGNORECASE,
)


def url_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of URLs, e-mail addresses and bare domain names in ``text``."""
    return [(m.start(), m.end()) for m in _URL_RE.finditer(text)]


_SENTENCE_END = set(".!?:;•*#>–-—|\u2022")


def is_sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, line or list item.

    Capitalisation there proves nothing, so resolvers treat names that are also ordinary words
    ("Vara", "Time", "Bilda") with suspicion in that position.
    """
    i = start - 1
    while i >= 0 and text[i] in " \t\"'«»“”(":
        i -= 1
    if i < 0 or text[i] == "\n":
        return True
    return text[i] in _SENTENCE_END


@dataclass(frozen=True, slots=True)
class _Phrase(Generic[T]):
    folded: tuple[str, ...]
    surface: tuple[str, ...]  # the alias's own tokens, for case checks
    value: T
    exact_case: bool


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[T]):
    """One phrase found in a text: offsets, the matched text and the value stored with it."""

    start: int
    end: int
    text: str
    value: T
    n_tokens: int


_GAP_OK = re.compile(r"[ \t\-–.'’]*\n?[ \t]*")


class PhraseMatcher(Generic[T]):
    """Finds known multi-word names in text, longest match first, token-aligned.

    Case rules, the point of this class: a phrase matches only if at least one of the tokens that
    are capitalised in the alias is also capitalised in the text ("region Kronoberg" matches
    "Region Kronoberg", but "berg" in prose does not match the municipality Berg). Phrases added
    with ``exact_case=True`` (abbreviations such as "KB", "BiBK", "Kur") must match letter for
    letter, so "kb" inside a host name or the Swedish word "kur" are not hits.

    The last token may carry a genitive or possessive: "Kronobergs", "Växjös", "KB:s", "EU's".
    """

    def __init__(self) -> None:
        self._index: dict[str, list[_Phrase[T]]] = {}
        self._sorted = True

    def add(self, phrase: str, value: T, *, exact_case: bool = False) -> None:
        toks = tokens(phrase)
        if not toks:
            return
        entry = _Phrase(tuple(t.folded for t in toks), tuple(t.text for t in toks), value,
                        exact_case)
        self._index.setdefault(entry.folded[0], []).append(entry)
        self._sorted = False

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    def _ensure_sorted(self) -> None:
        if not self._sorted:
            for phrases in self._index.values():
                phrases.sort(key=lambda p: -len(p.folded))
            self._sorted = True

    def find(self, text: str, *, accept: Callable[[PhraseMatch[T]], bool] | None = None,
             ) -> list[PhraseMatch[T]]:
        """All matches, left to right; at each position the longest phrase wins.

        Several values stored under the same phrase (two municipalities called Herøy) come back
        as several matches with the same offsets. ``accept`` can veto a match (the caller's
        context rules); a vetoed position is scanned again for shorter phrases.

        Only words that can start a phrase are looked at closely: the text's words are
        folded once (:func:`_words`, shared by every matcher scanning the same text), the
        words that can start a phrase are found by intersecting two key sets, and tokens are
        built only at those positions.
        """
        self._ensure_sorted()
        words = _words(text)
        out: list[PhraseMatch[T]] = []
        resume = 0
        for i in self._start_positions(words):
            if words.matches[i].start() < resume:
                continue
            first = words.token(i)
            phrases = self._index.get(first.folded)
            longest = len(phrases[0].folded) if phrases else 1  # lists are longest first
            toks = [first, *(words.token(j)
                             for j in range(i + 1, min(i + longest, len(words.matches))))]
            found = self._match_at(text, toks, 0, accept)
            if found:
                out.extend(found)
                resume = found[0].end
        return out

    def _start_positions(self, words: _Words) -> list[int]:
        """Indexes of the words that start a phrase, as written or as a genitive (the
        same words the scan word by word would look at), in text order."""
        keys = words.positions.keys() & self._index.keys()
        keys.update(key for key, stem in words.genitives if stem in self._index)
        return sorted(i for key in keys for i in words.positions[key])

    def _candidates(self, tok: Token) -> Iterator[tuple[_Phrase[T], bool]]:
        """Phrases starting at ``tok``; the flag says the token matched only as a genitive."""
        yield from ((p, False) for p in self._index.get(tok.folded, ()))
        if len(tok.folded) > 3 and tok.folded.endswith("s"):
            for p in self._index.get(tok.folded[:-1], ()):
                if len(p.folded) == 1:
                    yield p, True

    def _match_at(self, text: str, toks: list[Token], i: int,
                  accept: Callable[[PhraseMatch[T]], bool] | None) -> list[PhraseMatch[T]]:
        best_len = 0
        results: list[PhraseMatch[T]] = []
        for phrase, genitive_first in self._candidates(toks[i]):
            n = len(phrase.folded)
            if n < best_len or i + n > len(toks):
                continue
            span = toks[i:i + n]
            if not self._tokens_fit(text, span, phrase, genitive_first):
                continue
            start, end = span[0].start, span[-1].end
            end = _possessive_end(text, end)
            if _inside_url(text, start, end):
                continue
            match = PhraseMatch(start, end, text[start:end], phrase.value, n)
            if accept is not None and not accept(match):
                continue
            if n > best_len:
                best_len, results = n, []
            results.append(match)
        return results

    @staticmethod
    def _tokens_fit(text: str, span: list[Token], phrase: _Phrase[T], genitive_first: bool,
                    ) -> bool:
        n = len(phrase.folded)
        for k in range(1, n):
            gap = text[span[k - 1].end:span[k].start]
            if len(gap) > 4 or not _GAP_OK.fullmatch(gap):
                return False
            want, got = phrase.folded[k], span[k].folded
            if got != want and not (k == n - 1 and len(want) >= 3 and got == want + "s"):
                return False
        if phrase.exact_case:
            for k, tok in enumerate(span):
                surface = phrase.surface[k]
                if tok.text != surface and not (k == n - 1 and tok.text == surface + "s"):
                    return False
            return not genitive_first or span[0].text == phrase.surface[0] + "s"
        capitalised = [k for k, s in enumerate(phrase.surface) if s[:1].isupper()]
        if not capitalised:  # an all-lower-case alias ("bibliotek.dk") must match as written
            return all(_same_word(t.text, w, last=k == n - 1)
                       for k, (t, w) in enumerate(zip(span, phrase.surface, strict=True)))
        return any(span[k].text[:1].isupper() for k in capitalised)


def _same_word(got: str, want: str, *, last: bool) -> bool:
    """Case-insensitive equality, allowing a genitive -s on the last word."""
    got, want = got.lower(), want.lower()
    return got == want or (last and got == want + "s")


def _possessive_end(text: str, end: int) -> int:
    """Extend a match over a written possessive: "KB:s", "SKL:s", "EU's", "NB’s"."""
    tail = text[end:end + 3]
    if len(tail) >= 2 and tail[0] in ":'’" and tail[1] == "s" and (len(tail) == 2 or
                                                                 not tail[2].isalnum()):
        return end + 2
    return end


_ADDRESS_STOP = set(" \t\n\r<>()[]\"'«»")


def _inside_url(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies inside a URL, e-mail address or domain name.

    Looks only at the run of non-space characters around the match, so the cost is paid per
    match, not per text. A name that *is* the whole address ("bibliotek.dk") is a mention.
    """
    left, right = start, end
    while left > 0 and text[left - 1] not in _ADDRESS_STOP:
        left -= 1
    while right < len(text) and text[right] not in _ADDRESS_STOP:
        right += 1
    if left == start and right == end:
        return False
    for m in _URL_RE.finditer(text, left, right):
        if m.start() <= start and end <= m.end():
            return text[m.start():m.end()].rstrip("/.") != text[start:end]
    return False
