"""One reader per file format, each returning raw (not yet normalised) text.

Readers only get the words out, in reading order; normalisation, language and the Document
are the caller's (:mod:`libgraph.ingest.reader`), so every format is treated alike. The
.docx and .pdf libraries are imported when such a file is read: together they are a sixth
of a second of every command's start, and most corpora and rebuilds hold none.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from libgraph.ingest.encoding import decode_text
from libgraph.ingest.html import decode_html, html_main_text
from libgraph.ingest.model import IngestError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

MB = 1_000_000
TEXT_LIMIT = 50 * MB  # plain text this large is not minutes, and would be slow to extract
PACKAGE_LIMIT = 200 * MB  # .docx/.pdf carry images, so their files are legitimately larger


@dataclass(frozen=True)
class Extracted:
    """What a reader found: the raw text and, for text formats, the encoding used."""

    text: str
    encoding: str | None = None


def read_plain(path: Path, data: bytes) -> Extracted:
    """.txt and .md: decoded as they are (Markdown is kept, offsets point into it)."""
    text, encoding = decode_text(data, path)
    return Extracted(text, encoding)


def read_html(path: Path, data: bytes) -> Extracted:
    """.html/.htm: the article's text only (see :mod:`libgraph.ingest.html`)."""
    html, encoding = decode_html(data, path)
    return Extracted(html_main_text(html), encoding)


def read_docx(path: Path, data: bytes) -> Extracted:
    """.docx: body paragraphs and tables in document order, one paragraph per line.

    A table row becomes one line with its cells separated by tabs (attendee lists are often
    tables of name / organisation / role, and a tab keeps the columns apart where a comma
    would be confused with a list of names); paragraphs inside one cell are joined by ", ".
    Headers, footers and text boxes are left out: they are page furniture.
    """
    import docx

    try:
        lines = list(_docx_lines(docx.Document(io.BytesIO(data))))
    except Exception as exc:  # zip, OPC, XML damage: python-docx raises all sorts
        raise IngestError(path, f"corrupt .docx ({_short(exc)})") from exc
    return Extracted("\n".join(lines))


def _docx_lines(document: DocxDocument) -> Iterator[str]:
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield block.text


def _table_lines(table: Any) -> Iterator[str]:  # a docx.table.Table
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                continue
            seen.add(id(cell._tc))
            cells.append(", ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        line = "\t".join(cells).strip()
        if line:
            yield line


def read_pdf(path: Path, data: bytes) -> Extracted:
    """.pdf: pypdf's text of every page, pages separated by a blank line.

    Minutes PDFs are exports from Word or web pages, so the text layer is usually run-on
    text without reliable line breaks; it is kept as pypdf gives it. A PDF without any text
    (a scan) cannot be read without OCR, which we do not do.
    """
    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, "corrupt .pdf (no PDF header)")
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(path, "encrypted .pdf (password needed)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as exc:  # damaged xref, streams or objects: pypdf raises all sorts
        raise IngestError(path, f"corrupt .pdf ({_short(exc)})") from exc
    if not any(page.strip() for page in pages):
        raise IngestError(path, "no text layer (scanned PDF?)")
    return Extracted("\n\n".join(page.strip("\n") for page in pages))


def _short(exc: Exception) -> str:
    """A one-line reason from an exception, for IngestError messages."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    message = message[:120]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


Reader = Callable[[Path, bytes], Extracted]

# suffix → (Document.format, reader, default size limit in bytes)
FORMATS: dict[str, tuple[str, Reader, int]] = {
    ".txt": ("txt", read_plain, TEXT_LIMIT),
    ".md": ("md", read_plain, TEXT_LIMIT),
    ".html": ("html", read_html, TEXT_LIMIT),
    ".htm": ("html", read_html, TEXT_LIMIT),
    ".docx": ("docx", read_docx, PACKAGE_LIMIT),
    ".pdf": ("pdf", read_pdf, PACKAGE_LIMIT),
}

SUPPORTED_SUFFIXES = frozenset(FORMATS)
