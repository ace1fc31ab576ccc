"""Stage *validate*: SHACL per piece (in a worker), then across pieces on the merged store.

Per document, :func:`check_piece` validates the piece with the static nodes it references
(``validate.validate_piece``) and lists the subjects other pieces may describe too. For the
corpus, :func:`validate` checks the constraints that a union can break (``sh:maxCount``...)
on the merged store, for the nodes that several pieces describe
(``validate.cross_document_violations``), and joins all verdicts into one report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..ns import curie as ns_curie
from ..store import NT_FILE, STORE_DIR
from ..validate import (
    StaticContext,
    Violation,
    cross_document_violations,
    merge_reports,
    piece_terms,
    validate_piece,
)
from . import incremental
from .cache import DocRecord
from .ntriples import subject_of
from .proof import shortcut, split
from .resolve import entry_id
from .state import BuildReport, BuildState, Failure, Task
from .static import StaticPiece
from .triples import count_lines
from .write import start_search_index

SUBCLASS = " <http://www.w3.org/2000/01/rdf-schema#subClassOf> "


def check_piece(lines: list[str], context: StaticContext, sha: str
                ) -> tuple[list[Violation], list[str]]:
    """The piece's violations, and its subjects that other pieces may describe too."""
    parts = split(lines)  # the mentions found once, for the terms and the shortcut
    terms = parts.terms() if parts is not None else piece_terms(lines)
    violations = list(validate_piece(lines, context, terms, partial(shortcut, parts=parts)))
    return violations, non_local_subjects(terms.subject_iris(), sha)


def non_local_subjects(subjects: list[str], sha: str) -> list[str]:
    """Subjects that other pieces may describe too.

    Things that exist only within one document (the minutes, meetings, mentions, decisions,
    grants, people known by a first name) have IRIs with the document's hash in them
    (``rdf/iris.py``); everything else may recur. Documents with the same text share even
    those, and the merge step handles that case from their full pieces.
    """
    marker = sha[:6]
    return [s for s in subjects if marker not in s]


def validate(state: BuildState) -> None:
    """``state.validation``, the class and triple counts, and the manifest for the next patch."""
    merged, static = state.merged, state.static
    assert merged is not None and static is not None
    early = state.early_store
    store = early.reader() if early is not None else None  # compacting meanwhile
    if store is None:
        store = ox.Store.read_only(str(state.staging / STORE_DIR))
    try:
        with state.profile.stage("validate/cross-document"):
            cross = _cross_document(store, state, static)
        with state.profile.stage("validate/classes"):
            state.report.classes = _classes(store, merged)
    finally:
        del store  # no cycles hold a store: this closes it (the early one: close() does)
    triples = incremental.patched_triples(merged.previous, merged.delta)
    state.report.triples = triples if triples is not None else \
        count_lines(state.staging / NT_FILE)
    incremental.write_manifest(state.staging, static, merged.keys, state.report.classes,
                               cross, state.report.triples)
    per_doc = [Violation(**v) for t in merged.ok  # type: ignore[arg-type]
               for v in state.records[t.index].violations]
    state.validation = merge_reports(static.violations, per_doc, cross)


def close_store(state: BuildState) -> None:
    """Wait for what is left of the early store's compaction (the validation and the
    report were done meanwhile), then start the full-text index on the finished store."""
    early = state.early_store
    if early is not None and early.reader() is not None:
        with state.profile.stage("validate/compaction"):
            early.close()
        start_search_index(state.staging, state.settings.base)


def _cross_document(store: ox.Store, state: BuildState, static: StaticPiece
                    ) -> list[Violation]:
    """Cross-document violations; after a patch, only the touched nodes are checked again."""
    merged = state.merged
    assert merged is not None
    shared = shared_subjects([state.records[t.index] for t in merged.ok],
                             [state.cache.nt_path(t.key) for t in merged.ok], static)
    axioms = [line for line in static.lines if SUBCLASS in line]
    again = incremental.cross_kept(merged.previous, merged.delta, shared)
    if again is None:
        return cross_document_violations(store, shared, axioms)
    kept, touched = again
    return kept + cross_document_violations(store, touched, axioms)


def shared_subjects(records: list[DocRecord], pieces: list[Path], static: StaticPiece
                    ) -> list[str]:
    """Subjects that more than one piece describes (the static part counts as a piece)."""
    counts: Counter[str] = Counter()
    for record in records:
        counts.update(record.shared)
    static_subjects = static.subjects()
    shared = {s for s, n in counts.items() if n > 1 or s in static_subjects}
    texts = Counter(r.sha256 for r in records)
    for record, piece in zip(records, pieces, strict=True):
        if texts[record.sha256] > 1:  # same text twice: even its local nodes are shared
            with piece.open(encoding="utf-8") as handle:
                shared.update(subject_of(line) for line in handle if line.startswith("<"))
    return sorted(shared)


def _classes(store: ox.Store, merged: incremental.Merged) -> dict[str, int]:
    """Instances per class: after a patch, the previous counts and the difference."""
    old = merged.previous.manifest.get("classes") if merged.previous is not None else None
    if merged.delta is None or old is None:
        return class_counts(store)
    counts = Counter(old)
    for iri, change in merged.delta.classes.items():
        counts[curie(iri)] += change
    return dict(sorted((k, n) for k, n in counts.items() if n > 0))


def class_counts(store: ox.Store) -> dict[str, int]:
    query = ("SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s "
             "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?c } GROUP BY ?c")
    counts = {curie(row["c"].value): int(row["n"].value) for row in store.query(query)}
    return dict(sorted(counts.items()))


def curie(iri: str) -> str:
    """The report's name of a class (``lg:Meeting``); the ``id:`` prefix is not used."""
    return ns_curie(iri, exclude=("id",)) or iri


def finish_report(state: BuildState) -> None:
    """Documents read, failures in discovery order, unmatched curation, the verdict."""
    report, curation = state.report, state.settings.curation
    assert state.validation is not None
    matched: set[str] = set()
    for task in state.planned:
        if isinstance(task, Failure):
            report.failed.append(task)
            continue
        record = state.records.get(task.index)
        if record is None:  # left out by the select stage as a duplicate
            continue
        _add_outcome(report, task, record)
        matched.update(record.curation)
    for entry in curation.entries:
        entry.matched = entry_id(entry) in matched
    report.curation = curation.unmatched()
    report.duplicates = [{"path": d.path, "of": d.kept} for d in state.duplicates]
    report.validation = state.validation.to_dict() | {
        "violations": len(state.validation.violations)}
    report.violations = located_violations(state)


MAX_LOCATED = 20
_LABEL = " <http://www.w3.org/2000/01/rdf-schema#label> "


def located_violations(state: BuildState) -> list[dict[str, str]]:
    """The first :data:`MAX_LOCATED` violations, each with the document whose piece has it
    (or "across documents") and the label of its focus node: the words that caused it."""
    located: list[dict[str, str]] = []
    for task in state.ok_tasks:
        record = state.records[task.index]
        for v in record.violations[: MAX_LOCATED - len(located)]:
            words = _label_in(state.cache.nt_path(task.key), str(v["focus"]))
            located.append(_located(str(task.path), v, words))
    assert state.validation is not None
    per_doc = {(d["focus"], d["shape"]) for d in located}
    for v in state.validation.violations:
        if len(located) >= MAX_LOCATED:
            break
        if (v.focus, v.shape) not in per_doc:
            located.append(_located("across documents", asdict(v), ""))
    return located


def _located(document: str, v: dict[str, Any], words: str) -> dict[str, str]:
    return {"document": document, "focus": str(v["focus"]), "words": words,
            "shape": str(v["shape"]), "message": str(v["message"])}


def _label_in(piece: Path, focus: str) -> str:
    """The focus node's rdfs:label in a document's piece (N-Triples), or ""."""
    start = f"<{focus}>{_LABEL}"
    with piece.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(start):
                literal = line[len(start):].rsplit(" .", 1)[0]
                return literal.split('"')[1] if '"' in literal else literal
    return ""


def _add_outcome(report: BuildReport, task: Task, record: DocRecord) -> None:
    if record.ok:
        report.documents.append(str(task.path))
    else:
        report.failed.append(Failure(str(task.path), record.reason))
