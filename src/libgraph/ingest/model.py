"""What ingest hands to extraction: one document's normalised text and its metadata."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("sv", "nb", "nn", "da")
COUNTRY_OF_LANGUAGE = {"sv": "SE", "nb": "NO", "nn": "NO", "da": "DK"}


@dataclass(frozen=True)
class Document:
    """A minutes document after ingest.

    ``text`` is the normalised text that every evidence offset points into; ``sha256`` is the
    hex digest of ``text`` encoded as UTF-8 (so the same words give the same id whatever the
    file format or encoding was).
    """

    path: Path
    name: str
    text: str
    sha256: str
    language: str
    format: str
    encoding: str | None = None
    title: str | None = None

    @property
    def country(self) -> str | None:
        return COUNTRY_OF_LANGUAGE.get(self.language)


class IngestError(Exception):
    """A file that cannot be read as minutes; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
