"""Stages *read* and *select*: the text of each document to process, then which to extract.

*read* turns each planned file into a :class:`~libgraph.ingest.model.Document` (format,
encoding, normalisation, language), in the worker processes. A file that cannot be read is
cached as failed with its reason, like a document that gave no meeting, so that it is not
read again until it changes.

*select* is the seam for de-duplication: a function from the read documents to those to
extract, plus the ones left out as copies of another (``state.duplicates``, for the report).
By default every document is kept; ``ingest/duplicates.py`` plugs in as
``Settings.selector`` (``build_graph(..., selector=...)``).
"""

from __future__ import annotations

from pathlib import Path

from ..ingest import IngestError, document_text, read_document
from ..ingest.duplicates import Candidate, find_copies, shingles
from ..records import RecordError, document_for, find_source, load_record
from .cache import DocRecord
from .profile import Timer
from .state import BuildState, Duplicate, ReadDocument, Task
from .workers import TooSlow, Workers, current, time_limit

Times = dict[str, tuple[float, float]]


def read(state: BuildState, workers: Workers) -> None:
    """Fill ``state.documents``; failed reads go to ``state.records`` (and the cache)."""
    documents: dict[int, ReadDocument] = {}

    def done(task: Task, result: tuple[ReadDocument | DocRecord, Times]) -> None:
        outcome, times = result
        state.profile.add_document(times, "read" if workers.processes else None)
        if isinstance(outcome, DocRecord):
            state.records[task.index] = outcome
            if state.settings.progress:
                state.settings.progress(task.path.name)
        else:
            documents[task.index] = outcome

    def failed(task: Task, reason: str) -> tuple[DocRecord, Times]:
        record = DocRecord(path=str(task.path), name=task.path.name, ok=False,
                           reason=f"reading {reason}")
        state.cache.put(task.key, record, b"")  # not tried again until the file changes
        return record, {}

    workers.map(read_one, state.todo, done, failed)
    state.documents = [documents[t.index] for t in state.todo if t.index in documents]


def read_one(task: Task) -> tuple[ReadDocument | DocRecord, Times]:
    """Read one file in a worker; a failure is cached as the document's record."""
    worker = current()
    timer = Timer()
    record = DocRecord(path=str(task.path), name=task.path.name, ok=False)
    try:
        with time_limit(worker.timeout):
            outcome: ReadDocument | DocRecord = read_record(task, worker.sources) \
                if task.path.suffix == ".json" else \
                ReadDocument(task, read_document(task.path, task.language, root=task.root,
                                                 overrides=False))  # plan looked for them
            outcome.hash_words()
    except RecordError as err:
        record.reason = err.reason
        outcome = record
    except TooSlow:
        record.reason = f"reading took longer than {worker.timeout:g} s"
        outcome = record
    except IngestError as err:
        record.reason = err.reason
        outcome = record
    except Exception as err:  # a reader bug fails one document, not the build
        record.reason = f"internal error in reading: {type(err).__name__}: {err}"
        outcome = record
    if isinstance(outcome, DocRecord):
        worker.cache.put(task.key, outcome, b"")
    timer.lap("read")
    return outcome, timer.times


def read_record(task: Task, sources: tuple[Path, ...]) -> ReadDocument:
    """An extraction record (``build --records``) with the document it maps against."""
    minutes = load_record(task.path)
    source = find_source(task.path, minutes, sources)
    return ReadDocument(task, document_for(task.path, minutes, source), minutes)


def keep_all(documents: list[ReadDocument]) -> tuple[list[ReadDocument], list[Duplicate]]:
    """The default selection: every read document is extracted."""
    return documents, []


def select(state: BuildState) -> None:
    """Keep the documents to extract (``state.documents``), record the left-out duplicates.

    By default copies of the same minutes are found by their words (``ingest/duplicates.py``)
    among the documents read now and those an earlier build kept (by the sketch in their
    cached record), and only the richest of each group is built. A left-out document gets no
    record and no cache entry: whether it is a copy depends on the other documents, so it is
    read and selected again on the next build."""
    if state.settings.selector is not None or state.settings.records:
        select_with = state.settings.selector or keep_all  # records are taken as given
        state.documents, state.duplicates = select_with(state.documents)
        dropped = False
    else:
        dropped = deduplicate(state)
    for document in state.documents:
        document.shingles = None  # compared: not sent on to the extract workers
    if dropped and state.early_store is not None:  # it holds a piece that is now left out
        state.early_store.cancel()
        state.early_store = None


def deduplicate(state: BuildState) -> bool:
    """Leave out every copy; returns whether a document of an earlier build was left out."""
    new = {str(d.task.index): d for d in state.documents}
    built = {str(t.index): t for t in state.ok_tasks if state.records[t.index].sketch}
    candidates = [_read_candidate(key, d) for key, d in new.items()]
    candidates += [_built_candidate(key, task, state.records[task.index])
                   for key, task in built.items()]
    paths = {**{k: str(d.task.path) for k, d in new.items()},
             **{k: str(t.path) for k, t in built.items()}}
    copies = find_copies(candidates)
    left = {c.key for c in copies}
    state.documents = [d for k, d in new.items() if k not in left]
    state.duplicates = [Duplicate(paths[c.key], paths[c.of],
                                  f"{c.similarity:.0%} of its words in the same order")
                        for c in copies]
    for key in left & built.keys():
        del state.records[built[key].index]
        state.report.reused -= 1
    return bool(left & built.keys())


def _read_candidate(key: str, read: ReadDocument) -> Candidate:
    """A candidate with the shingles the read worker made (the set is built only for a
    document that shares a rare shingle with another)."""
    text, hashes = read.document.text, read.shingles

    def load() -> frozenset[int]:
        return frozenset(hashes) if hashes is not None else shingles(text)
    return Candidate(key, read.document.format, len(text), read.sketch, load)


def _built_candidate(key: str, task: Task, record: DocRecord) -> Candidate:
    def load() -> frozenset[int]:  # the text only: its language plays no part here
        return shingles(document_text(task.path))
    return Candidate(key, record.format or task.path.suffix.lstrip("."), record.chars,
                     tuple(record.sketch), load, built=True)
