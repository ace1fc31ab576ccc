"""Stage *plan*: which documents there are, which changed, and the static piece.

A document is keyed by a hash of everything its piece depends on (its bytes and name, its
language override, the base IRI, the curation entries that name it, the code version); a key
the cache already has is not processed again. Files that cannot even be keyed fail here.
"""

from __future__ import annotations

from pathlib import Path

from ..ingest import IngestError, discover, language_override
from ..records import RecordError, record_files
from ..validate import engine_name
from .cache import code_version, document_key, file_digest
from .resolve import curation_digest
from .state import BuildState, Failure, Task
from .static import static_piece


def plan(state: BuildState) -> None:
    """Fill ``state.planned``, ``records`` (the cached ones), ``todo`` and ``static``."""
    plan_documents(state)
    plan_static(state)


def plan_documents(state: BuildState) -> None:
    """The documents: ``planned``, ``records`` of the unchanged ones, ``todo`` (the build
    knows from ``todo`` whether worker processes will be wanted before the static piece)."""
    settings = state.settings
    # a timed-out document is cached as failed
    version = f"{code_version(engine_name())}|timeout={settings.timeout:g}"
    state.planned = tasks(list(settings.roots), state, version)
    for task in state.planned:
        if isinstance(task, Failure):
            continue
        record = state.cache.get(task.key)
        if record is None:
            state.todo.append(task)
            continue
        state.records[task.index] = record
        state.report.reused += 1
        if settings.progress:
            settings.progress(task.path.name)


def plan_static(state: BuildState) -> None:
    """``static``: the ontology, vocabularies and gazetteer as one piece."""
    state.static = static_piece(state.cache, state.settings.base, code_version(engine_name()))


def tasks(roots: list[Path], state: BuildState, version: str) -> list[Task | Failure]:
    """A task per discovered file, keyed by content; files that cannot be keyed fail here."""
    settings = state.settings
    out: list[Task | Failure] = []
    seen: set[Path] = set()
    overrides: dict[tuple[Path, Path | None], str | None] = {}  # one search per directory
    for path in _files(roots, state):
        real = path.resolve()
        if real in seen:
            continue
        seen.add(real)
        root = _root_of(path, roots)
        try:
            language = language_override(path, root, overrides)
            digest = file_digest(path)
        except IngestError as err:
            out.append(Failure(str(err.path), err.reason))
            continue
        except OSError as err:
            out.append(Failure(str(path), f"unreadable ({err.strerror or err})"))
            continue
        key = document_key(digest, path.name, language, settings.base, version,
                           curation_digest(settings.curation, path.name))
        out.append(Task(len(out), path, root, key, language))
    return out


def _files(roots: list[Path], state: BuildState) -> list[Path]:
    """The minutes under ``roots``, or with ``records`` the extraction records (``*.json``)."""
    files: list[Path] = []
    for root in roots:
        try:
            files.extend(record_files(root) if state.settings.records else discover([root]))
        except IngestError as err:
            state.report.failed.append(Failure(str(err.path), err.reason))
        except RecordError as err:
            state.report.failed.append(Failure(str(err.path), err.reason))
    return files


def _root_of(path: Path, roots: list[Path]) -> Path | None:
    for root in roots:
        if root.is_dir() and root in path.parents:
            return root
    return None
