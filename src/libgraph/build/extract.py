"""Stage *extract*, and after it per document *resolve*, *triples* and *validate*.

The four per-document steps run back to back in one worker call (:func:`process`), so a
document crosses between processes once: extraction (``libgraph.extract``), curation
(:mod:`.resolve`), mapping to a sorted N-Triples piece (:mod:`.triples`) and SHACL of the
piece with the static nodes it references (:mod:`.validate`). The result is cached under the
document's key, failed or not, so a rebuild redoes only new or changed documents.
"""

from __future__ import annotations

from dataclasses import asdict

from ..ingest.duplicates import shingles, sketch
from ..ingest.model import Document
from ..record import MinutesRecord
from .cache import DocRecord
from .ntriples import nt_bytes
from .profile import Timer
from .resolve import curate
from .state import BuildState, ReadDocument
from .triples import piece_lines
from .validate import check_piece
from .workers import TooSlow, Worker, Workers, current, time_limit

Times = dict[str, tuple[float, float]]


def extract(state: BuildState, workers: Workers) -> None:
    """Records of every selected document into ``state.records`` (pieces into the cache)."""

    def done(item: ReadDocument, result: tuple[DocRecord, Times]) -> None:
        record, times = result
        state.records[item.task.index] = record
        if record.ok and state.early_store is not None:
            state.early_store.add(state.cache.nt_path(item.task.key), record.triples)
        state.profile.add_document(times, "extract" if workers.processes else None)
        if state.settings.progress:
            state.settings.progress(item.task.path.name)

    def failed(item: ReadDocument, reason: str) -> tuple[DocRecord, Times]:
        record = DocRecord(path=str(item.task.path), name=item.task.path.name, ok=False,
                           reason=f"extraction {reason}", sha256=item.document.sha256)
        state.cache.put(item.task.key, record, b"")  # not tried again until the file changes
        return record, {}

    workers.map(process, state.documents, done, failed)


def extract_document(document: Document) -> MinutesRecord:
    """The extraction record of one document (``libgraph.extract``; a stage of its own so
    that the order of the per-document steps is visible in :func:`process`)."""
    from ..extract import extract as run_extract

    return run_extract(document)


def process(item: ReadDocument) -> tuple[DocRecord, Times]:
    """extract → resolve → triples → validate for one document; cache and return its record."""
    worker, document, timer = current(), item.document, Timer()
    record = DocRecord(path=str(item.task.path), name=item.task.path.name, ok=False,
                       sha256=document.sha256, format=document.format, chars=len(document.text),
                       sketch=list(item.sketch or sketch(shingles(document.text))))
    lines: list[str] = []
    try:
        with time_limit(worker.timeout):
            lines = _map(worker, item, record, timer)
    except TooSlow:
        record.ok, lines = False, []
        record.reason = (f"extraction took longer than {worker.timeout:g} s (pathological "
                         "input, e.g. a very long line)")
    if record.ok:
        record.triples = len(lines)
        violations, record.shared = check_piece(lines, worker.context, document.sha256)
        record.violations = [asdict(v) for v in violations]
        timer.lap("validate")
    worker.cache.put(item.task.key, record, nt_bytes(lines))
    return record, timer.times


def _map(worker: Worker, item: ReadDocument, record: DocRecord, timer: Timer) -> list[str]:
    """Extract, curate and map; failures are written into ``record``."""
    try:
        extracted = item.record if item.record is not None else \
            extract_document(item.document)
        timer.lap("extract")
        curated, record.curation = curate(worker.curation, extracted)
        timer.lap("resolve")
        if not curated.meetings:
            record.reason = "no meeting found"
            return []
        lines = piece_lines(worker.builder, item.document, curated)
        timer.lap("triples")
        record.ok = True
        return lines
    except Exception as err:  # an extractor bug fails one document, not the build
        record.ok = False
        record.reason = f"internal error in extraction or mapping: {type(err).__name__}: {err}"
        return []
