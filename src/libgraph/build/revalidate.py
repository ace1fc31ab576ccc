"""``libgraph validate`` of a build: SHACL again, piece by piece, as the build validated it.

Validating a whole graph in one go is superlinear in the SHACL engine (measured: 100,228
triples take 56 s of CPU; a million take minutes), while the build's way is linear: each
document's piece with the static nodes it references, then on the merged store the
constraints that a union can break, for the nodes several pieces describe (``validate.py``).
A build keeps its pieces (``cache/``) and the list of them (``pieces.json``), and its
``graph.nt`` is their union, so the same check can run again from them, on every core, with
whatever shapes this version of libgraph has. When ``graph.nt`` no longer matches the pieces
(it was edited by hand), :func:`validate_build` returns None and the caller validates the
file as a whole.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ..store import NT_FILE, STORE_DIR
from ..validate import (
    StaticContext,
    ValidationReport,
    Violation,
    cross_document_violations,
    merge_reports,
    piece_terms,
    validate_ntriples,
    validate_piece,
)
from ..workpool import KillablePool, TaskCrash, TaskError, TaskTimeout
from .cache import CACHE_DIR
from .copies import COPIES_FILE
from .incremental import MANIFEST_FILE
from .ntriples import read_lines
from .triples import count_lines
from .validate import SUBCLASS

_CONTEXT: list[StaticContext] = []

Progress = Callable[[int, int], None]


def _init(static_nt: str) -> None:
    _CONTEXT[:] = [StaticContext(read_lines(Path(static_nt)))]


def _check(piece: str) -> tuple[list[dict[str, str | None]], list[str]]:
    """One piece's violations and its subjects (IRIs), in a worker."""
    lines = read_lines(Path(piece))
    terms = piece_terms(lines)
    found = validate_piece(lines, _CONTEXT[0], terms)
    return [v.__dict__ for v in found], terms.subject_iris()


def validate_build(build_dir: Path, jobs: int | None = None,
                   progress: Progress | None = None) -> ValidationReport | None:
    """The build's SHACL verdict, computed again from its pieces; None if they no longer make
    up its graph.nt."""
    manifest_path = build_dir / MANIFEST_FILE
    if not manifest_path.is_file():
        return None
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    cache = build_dir / CACHE_DIR
    static_nt = cache / manifest["static"]
    pieces = [cache / f"{key}.nt" for key in manifest["pieces"]]
    if (build_dir / COPIES_FILE).is_file():
        pieces.append(build_dir / COPIES_FILE)
    if not static_nt.is_file() or not all(p.is_file() for p in pieces) or \
            count_lines(build_dir / NT_FILE) != manifest.get("triples"):
        return None
    static_lines = read_lines(static_nt)
    per_piece, subjects = _validate_pieces(static_nt, pieces, jobs, progress)
    shared = _shared(subjects, static_lines)
    store = ox.Store.read_only(str(build_dir / STORE_DIR))
    try:
        cross = cross_document_violations(
            store, shared, [line for line in static_lines if SUBCLASS in line])
    finally:
        del store
    static = validate_ntriples("\n".join(static_lines) + "\n").violations
    return merge_reports(static, per_piece, cross)


def _validate_pieces(static_nt: Path, pieces: list[Path], jobs: int | None,
                     progress: Progress | None) -> tuple[list[Violation], list[list[str]]]:
    workers = max(1, jobs or os.cpu_count() or 1)
    found: list[Violation] = []
    subjects: dict[str, list[str]] = {}
    with KillablePool(_check, min(workers, len(pieces)) or 1, _init, (str(static_nt),)) as pool:
        for done, (piece, outcome) in enumerate(pool.run([str(p) for p in pieces]), 1):
            if isinstance(outcome, TaskTimeout | TaskCrash | TaskError):
                raise RuntimeError(f"{piece}: could not be validated ({outcome})")
            violations, subjects[piece] = outcome
            found += [Violation(**v) for v in violations]  # type: ignore[arg-type]
            if progress:
                progress(done, len(pieces))
    return found, [subjects[str(p)] for p in pieces]


def _shared(subjects: list[list[str]], static_lines: list[str]) -> list[str]:
    """Subjects that more than one piece describes, or that the static part describes too:
    where a union can break what each piece satisfies (the build's rule, by counting)."""
    counts: dict[str, int] = {}
    for piece_subjects in subjects:
        for subject in piece_subjects:
            counts[subject] = counts.get(subject, 0) + 1
    static_subjects = {line[1:line.index(">")] for line in static_lines if line.startswith("<")}
    return sorted(s for s, n in counts.items() if n > 1 or s in static_subjects)
