"""read_document: a file on disk to a :class:`Document`, or an IngestError saying why not."""

from __future__ import annotations

import hashlib
from pathlib import Path

from libgraph.ingest.formats import FORMATS, MB, Extracted, Reader
from libgraph.ingest.language import detect, language_override, validate_code
from libgraph.ingest.model import Document, IngestError
from libgraph.ingest.normalise import normalise_text

TITLE_MAX = 200


def read_document(
    path: Path,
    language: str | None = None,
    *,
    root: Path | None = None,
    max_bytes: int | None = None,
    overrides: bool = True,
) -> Document:
    """Read, extract, normalise and identify one minutes document.

    ``language`` (one of "sv", "nb", "nn", "da") skips detection; otherwise an override file
    (see :func:`language_override`, searched up to ``root``) or lingua decides. Not
    ``overrides``: the caller has looked for override files already (a build's plan, whose
    answer is in the document's cache key) and found none, so lingua decides. ``max_bytes``
    caps the file size; by default 50 MB for text and HTML, 200 MB for .docx and .pdf.
    Raises IngestError(path, reason) for anything that is not readable minutes.
    """
    path = Path(path)
    code = validate_code(language, path) if language is not None else None
    fmt, extracted, text = _read_text(path, max_bytes)
    if code is None:
        declared = language_override(path, root) if overrides else None
        code = declared or _detected_language(path, text)
    return Document(
        path=path,
        name=path.name,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        language=code,
        format=fmt,
        encoding=extracted.encoding,
        title=document_title(text),
    )


def document_text(path: Path, max_bytes: int | None = None) -> str:
    """The normalised text of a minutes file, as :func:`read_document` gives it, without
    deciding its language (for comparing texts: the build's search for copies re-reads
    documents of an earlier build, and detection would be most of the cost)."""
    return _read_text(Path(path), max_bytes)[2]


def _read_text(path: Path, max_bytes: int | None) -> tuple[str, Extracted, str]:
    """The format, what its reader extracted, and the normalised text (not empty)."""
    fmt, reader, default_limit = _format_of(path)
    data = _read_bytes(path, default_limit if max_bytes is None else max_bytes)
    extracted: Extracted = reader(path, data)
    text = normalise_text(extracted.text)
    if not text.strip():
        raise IngestError(path, "no text")
    return fmt, extracted, text


def _format_of(path: Path) -> tuple[str, Reader, int]:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise IngestError(path, f"unsupported file type {path.suffix.lower()!r}") from None


def _read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing missing, empty and over-large files before reading them."""
    if not path.exists():
        raise IngestError(path, "no such file")
    if not path.is_file():
        raise IngestError(path, "not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "empty file")
    if size > limit:
        raise IngestError(path, f"file too large ({_size(size)} > {_size(limit)} limit)")
    return path.read_bytes()


def _size(n_bytes: int) -> str:
    return f"{n_bytes / MB:.1f} MB" if n_bytes >= MB else f"{n_bytes} bytes"


def _detected_language(path: Path, text: str) -> str:
    detection = detect(text)
    if detection.code is None:
        raise IngestError(
            path, f"unknown language (detected {detection.best}, {detection.confidence:.2f})"
        )
    return detection.code


def document_title(text: str) -> str | None:
    """The first non-empty line, without Markdown heading marks, at most 200 characters."""
    for line in text.splitlines():
        title = line.strip().lstrip("#").rstrip("#").strip()
        if title:
            return title[:TITLE_MAX].rstrip()
    return None
