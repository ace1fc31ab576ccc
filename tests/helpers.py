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
