"""Which of the four languages a minutes document is written in, and overrides of that.

The language picks the extraction lexicons and the country of the meeting, so a wrong
guess is costly; detection is therefore restricted to the four target languages plus a set
of distractors (a page in English or German must come out as "not one of ours" rather than
as the closest Scandinavian language), and a human can always say better with an override
file.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from libgraph.ingest.model import LANGUAGES, IngestError

_TARGETS = {
    Language.SWEDISH: "sv",
    Language.BOKMAL: "nb",
    Language.NYNORSK: "nn",
    Language.DANISH: "da",
}
_DISTRACTORS = (
    Language.ENGLISH,
    Language.GERMAN,
    Language.FINNISH,
    Language.FRENCH,
    Language.DUTCH,
    Language.SPANISH,
    Language.ICELANDIC,
    Language.ITALIAN,
    Language.PORTUGUESE,
    Language.POLISH,
    Language.ESTONIAN,
)

MIN_LETTERS = 20  # below this no detector is reliable
MIN_CONFIDENCE = 0.4  # lingua's confidences sum to 1; under this the text is unclear
NORWEGIAN_MARGIN = 0.5  # nb/nn closer than this: let the word check decide
SAMPLE_HEAD = 5000
SAMPLE_MIDDLE = 2000

# Frequent words that exist in only one of the two written Norwegian standards.
_NYNORSK_WORDS = frozenset(
    {
        "ikkje",
        "eg",
        "frå",
        "kva",
        "korleis",
        "kvifor",
        "kven",
        "møteleiar",
        "vart",
        "berre",
        "kommunane",
        "ein",
        "eit",
        "dei",
        "ho",
        "noko",
        "nokon",
        "mykje",
        "saman",
        "heile",
        "vore",
        "gjekk",
    }
)
_BOKMAL_WORDS = frozenset(
    {
        "ikke",
        "jeg",
        "fra",
        "hva",
        "hvordan",
        "hvorfor",
        "hvem",
        "møteleder",
        "ble",
        "bare",
        "kommunene",
        "en",
        "et",
        "de",
        "hun",
        "noe",
        "noen",
        "mye",
        "sammen",
        "hele",
        "vært",
        "gikk",
    }
)
_WORD = re.compile(r"\w+")

OVERRIDE_FILE = ".libgraph-language"
SIDECAR_SUFFIX = ".lang"


@dataclass(frozen=True)
class Detection:
    """The detector's verdict: ``code`` is None when the text is not in one of the four."""

    code: str | None
    confidence: float
    best: str  # what was detected, for error messages: an ISO 639-1 code or "nothing"


@cache
def _detector() -> LanguageDetector:
    """Built once per process: lingua loads its models lazily, and building is not free."""
    languages = (*_TARGETS, *_DISTRACTORS)
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> tuple[str | None, float]:
    """(code in "sv", "nb", "nn", "da", confidence 0..1), or (None, confidence) if unclear.

    None means: too short, the best language is not one of the four, or no language is
    clearly best.
    """
    detection = detect(text)
    return detection.code, detection.confidence


def detect(text: str) -> Detection:
    """:func:`detect_language` with the best guess kept, so callers can say what it was."""
    sample = language_sample(text)
    if not _has_letters(sample, MIN_LETTERS):
        return Detection(None, 0.0, "nothing (text too short)")
    values = _detector().compute_language_confidence_values(sample)
    best, confidence = values[0].language, values[0].value
    best_code = best.iso_code_639_1.name.lower()
    if best not in _TARGETS or confidence < MIN_CONFIDENCE:
        return Detection(None, confidence, best_code)
    code = _TARGETS[best]
    if code in ("nb", "nn"):
        scores = {_TARGETS.get(value.language): value.value for value in values}
        code = norwegian_standard(sample, code, scores.get("nb", 0.0), scores.get("nn", 0.0))
        confidence = scores.get(code, confidence)
    return Detection(code, confidence, code)


_LETTER = re.compile(r"[^\W\d_]")


def _has_letters(text: str, count: int) -> bool:
    """Whether ``text`` has at least ``count`` letters; stops counting there (counting all
    letters of a long sample cost more than a millisecond per document)."""
    return sum(1 for _ in itertools.islice(_LETTER.finditer(text), count)) >= count


def language_sample(text: str) -> str:
    """The part of a long text that detection looks at: its head plus a middle chunk.

    Detection time grows with length; the head (where the heading and attendees are) and
    one chunk from the middle (running prose) are plenty to tell the language.
    """
    if len(text) <= SAMPLE_HEAD + SAMPLE_MIDDLE:
        return text
    middle = len(text) // 2
    return text[:SAMPLE_HEAD] + "\n" + text[middle : middle + SAMPLE_MIDDLE]


def norwegian_standard(sample: str, code: str, nb_score: float, nn_score: float) -> str:
    """Settle bokmål against nynorsk by distinctive words when lingua is close to a tie.

    The two standards share most of their vocabulary, so a short or formulaic text can come
    out nearly even; a handful of very frequent words (ikkje/ikke, eg/jeg, frå/fra, vart/ble
    ...) exist in only one of them. With a clear margin lingua's ``code`` stands.
    """
    if abs(nb_score - nn_score) >= NORWEGIAN_MARGIN:
        return code
    words = [word.lower() for word in _WORD.findall(sample)]
    nynorsk = sum(word in _NYNORSK_WORDS for word in words)
    bokmal = sum(word in _BOKMAL_WORDS for word in words)
    if nynorsk > bokmal:
        return "nn"
    if bokmal > nynorsk:
        return "nb"
    return code


def validate_code(code: str, where: Path | str) -> str:
    """``code`` lower-cased if it is one of the four, else IngestError naming ``where``."""
    cleaned = code.strip().lower()
    if cleaned not in LANGUAGES:
        raise IngestError(
            where, f"unsupported language code {code.strip()!r} (use {', '.join(LANGUAGES)})"
        )
    return cleaned


def language_override(path: Path, root: Path | None = None,
                      memo: dict[tuple[Path, Path | None], str | None] | None = None
                      ) -> str | None:
    """The language a human declared for ``path``, or None to detect it.

    A sidecar ``<file name>.lang`` (e.g. ``minutes.pdf.lang``) wins; otherwise the nearest
    ``.libgraph-language`` in the file's directory or an ancestor, searching up to and
    including ``root`` (the path given to :func:`discover`; without it, up to the file
    system root). Either file holds one code; an invalid code is an IngestError that names
    the override file, so that a typo is not silently ignored. ``memo``: the directories'
    answers, kept by a caller that asks for many files at once (a build's plan), so that
    each directory is searched once rather than once per file.
    """
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        return _read_override(sidecar)
    if memo is None:
        return _directory_override(path.parent, root)
    key = (path.parent, root)
    if key not in memo:
        memo[key] = _directory_override(path.parent, root)
    return memo[key]


def _directory_override(directory: Path, root: Path | None) -> str | None:
    """The code of the nearest ``.libgraph-language`` from ``directory`` up to ``root``."""
    for folder in _directories_up_to(directory, root):
        candidate = folder / OVERRIDE_FILE
        if candidate.is_file():
            return _read_override(candidate)
    return None


def _directories_up_to(start: Path, root: Path | None) -> list[Path]:
    """``start`` and its ancestors up to and including ``root`` (all of them without root)."""
    start = start.resolve()
    chain = [start, *start.parents]
    if root is None:
        return chain
    stop = root.resolve()
    if not stop.is_dir():
        stop = stop.parent
    if stop not in chain:  # root is not above the file: only the file's own directory
        return [start]
    return chain[: chain.index(stop) + 1]


def _read_override(file: Path) -> str:
    lines = [line.strip() for line in file.read_text(encoding="utf-8-sig").splitlines()]
    codes = [line for line in lines if line and not line.startswith("#")]
    if len(codes) != 1:
        raise IngestError(file, "language override file must hold exactly one code")
    return validate_code(codes[0], file)
