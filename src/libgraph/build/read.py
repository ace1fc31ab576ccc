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

from ..ingest import IngestError, read_document
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

    workers.map(read_one, state.todo, done)
    state.documents = [documents[t.index] for t in state.todo if t.index in documents]


def read_one(task: Task) -> tuple[ReadDocument | DocRecord, Times]:
    """Read one file in a worker; a failure is cached as the document's record."""
    worker = current()
    timer = Timer()
    record = DocRecord(path=str(task.path), name=task.path.name, ok=False)
    try:
        with time_limit(worker.timeout):
            outcome: ReadDocument | DocRecord = ReadDocument(
                task, read_document(task.path, root=task.root))
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


def keep_all(documents: list[ReadDocument]) -> tuple[list[ReadDocument], list[Duplicate]]:
    """The default selection: every read document is extracted."""
    return documents, []


def select(state: BuildState) -> None:
    """Keep the documents to extract (``state.documents``), record the left-out duplicates.

    A left-out document gets no record and no cache entry: whether it is a copy depends on
    the other documents, so it is read and selected again on the next build."""
    kept, duplicates = (state.settings.selector or keep_all)(state.documents)
    state.documents, state.duplicates = kept, duplicates
