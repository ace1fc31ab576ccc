"""Extraction records as build input: ``libgraph build --records DIR``.

A record is the JSON of ``libgraph extract --format json``, which has the keys of the gold
schema (``../shared/gold/SCHEMA.md``); a gold file is a record too. Building from records lets
a researcher correct a record by hand and rebuild, and lets anyone compare the graph of the
gold records with the graph of extraction (docs/compare.md, robustness).

The mapping stage takes a :class:`~libgraph.ingest.model.Document` and a
:class:`~libgraph.record.MinutesRecord`. The record names its source (``document``, a file
name); where that file is found (beside the record, in the record folder's parent, in a
``docs/`` folder there, or in a folder given as ``sources``) the document is read from it, so
that the minutes keep their text and hash and a record's spans point into the right text. A
record without its source still maps: the record itself (as sorted, indented JSON) stands in
for the text, so the minutes say where their facts come from and their hash is that of this
text; spans are dropped (they point into a text that is not there), so each thing is traced
by ``prov:wasDerivedFrom`` the minutes instead of a quotation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .ingest import Document, IngestError, read_document
from .record import MinutesRecord

SOURCE_FOLDERS = (".", "..", "../docs")


class RecordError(Exception):
    """A record file that cannot be read; the message names the file and the problem."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


@dataclass
class RecordInput:
    """One record with the document it maps against and the files they came from."""

    path: Path
    record: MinutesRecord
    document: Document
    source: Path | None


def record_files(records: Path) -> list[Path]:
    """The ``*.json`` files of a folder (sorted by name), or the one file given."""
    if records.is_file():
        return [records]
    if not records.is_dir():
        raise RecordError(records, "no such file or folder")
    return sorted(p for p in records.iterdir() if p.suffix == ".json" and p.is_file())


def load_record(path: Path) -> MinutesRecord:
    """Read one record; :class:`RecordError` with the reason when it is not a record."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise RecordError(path, f"cannot be read ({err})") from None
    except json.JSONDecodeError as err:
        raise RecordError(path, f"is not JSON (line {err.lineno}: {err.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("document"), str):
        raise RecordError(path, 'is not an extraction record (no "document" name)')
    try:
        return MinutesRecord.from_dict(data)
    except (TypeError, KeyError, ValueError) as err:
        raise RecordError(path, f"does not follow the record schema ({err})") from None


def find_source(path: Path, record: MinutesRecord, sources: Sequence[Path] = ()) -> Path | None:
    """The source document a record names, searched beside it and in ``sources``."""
    name = Path(record.document).name
    folders = [path.parent / f for f in SOURCE_FOLDERS] + list(sources)
    for folder in folders:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def document_for(path: Path, record: MinutesRecord, source: Path | None) -> Document:
    """The document to map the record against: the source read in the record's language, or
    the record's own JSON as a stand-in text."""
    if source is not None:
        try:
            return read_document(source, language=record.language or None)
        except IngestError as err:
            raise RecordError(path, f"its source {source} cannot be read ({err.reason})") from None
    _drop_spans(record)
    text = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False,
                      indent=1, sort_keys=True)
    return Document(path=path, name=record.document, text=text,
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    language=record.language or "", format="record", title=record.document)


def _drop_spans(record: MinutesRecord) -> None:
    for items in (record.meetings, record.persons, record.organizations, record.places,
                  record.projects, record.funding, record.decisions, record.actions,
                  record.agenda):
        for item in items:
            for key in ("spans", "affiliation_spans"):
                if hasattr(item, key):
                    setattr(item, key, [])


def load_records(records: Path, sources: Sequence[Path] = ()) -> list[RecordInput]:
    """Every record of ``records`` (a folder or one file) with its document."""
    out = []
    for path in record_files(records):
        record = load_record(path)
        source = find_source(path, record, sources)
        out.append(RecordInput(path, record, document_for(path, record, source), source))
    return out


def records_graph(inputs: Iterable[RecordInput], base: str | None = None):  # -> rdflib.Graph
    """The graph of the records: the static context (places, vocabularies) and every record
    mapped as the build maps an extracted document (records without a meeting are skipped,
    as the build skips such documents)."""
    from .ns import DEFAULT_BASE
    from .rdf.mapping import GraphBuilder, static_graph

    base = base or DEFAULT_BASE
    builder = GraphBuilder(static_graph(base), base)
    for item in inputs:
        if item.record.meetings:
            builder.add(item.document, item.record)
    return builder.graph
