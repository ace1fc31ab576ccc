"""Small helpers shared by tests: documents made from snippets."""

from __future__ import annotations

import hashlib
from pathlib import Path

from libgraph.extract import extract
from libgraph.ingest.model import Document
from libgraph.record import MinutesRecord, Person


def doc(text: str, language: str = "sv", name: str = "snippet.txt") -> Document:
    return Document(path=Path(name), name=name, text=text,
                    sha256=hashlib.sha256(text.encode()).hexdigest(), language=language,
                    format="txt", title=text.strip().splitlines()[0] if text.strip() else None)


def record(text: str, language: str = "sv", name: str = "snippet.txt") -> MinutesRecord:
    return extract(doc(text, language, name))


def people(rec: MinutesRecord) -> dict[str, Person]:
    return {p.name: p for p in rec.persons}


# --- a minimal PDF with a Helvetica text layer, written by hand ---------------------------


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(pages: list[list[str]], *, text_layer: bool = True) -> bytes:
    """A valid PDF 1.4 with one page per item; without a text layer a page is a grey box."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        shown = b"".join(b"(" + _pdf_string(line) + b") Tj T*\n" for line in lines)
        content = b"BT /F1 11 Tf 14 TL 56 780 Td\n" + shown + b"ET"
        if not text_layer:
            content = b"0.5 g 56 500 480 280 re f"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_docx(text: str) -> bytes:
    """A .docx with one paragraph per line of ``text`` (python-docx)."""
    import io

    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
