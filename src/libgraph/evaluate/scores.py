"""Score containers, their JSON form and a plain-text table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


@dataclass
class ListScore:
    """TP/FP/FN for one list, with the missed (FN) and spurious (FP) items for debugging.

    P, R and F1 are 1.0 when there was nothing to find and nothing was predicted (the
    extractor was right to say nothing); otherwise a zero denominator gives 0.0, so an empty
    prediction never looks precise.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return 1.0 if self._empty else _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return 1.0 if self._empty else _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return 1.0 if self._empty else _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def _empty(self) -> bool:
        return self.tp + self.fp + self.fn == 0

    def add_missed(self, item: str) -> None:
        self.fn += 1
        self.missed.append(item)

    def add_spurious(self, item: str) -> None:
        self.fp += 1
        self.spurious.append(item)

    def absorb(self, other: ListScore, prefix: str = "") -> None:
        """Micro-averaging: add another document's counts (items tagged with ``prefix``)."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.missed.extend(f"{prefix}{item}" for item in other.missed)
        self.spurious.extend(f"{prefix}{item}" for item in other.spurious)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "missed": list(self.missed),
            "spurious": list(self.spurious),
        }


@dataclass
class FieldScore:
    """Correct/total for a single-valued field, counted over gold values.

    A null gold value is part of the total (saying nothing where the document says nothing
    is right); ``nonnull_*`` counts only gold values that are given, which is the harder
    and usually more interesting number. Accuracy over an empty total is 1.0.
    """

    correct: int = 0
    total: int = 0
    nonnull_correct: int = 0
    nonnull_total: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return _ratio(self.correct, self.total) if self.total else 1.0

    @property
    def nonnull_accuracy(self) -> float:
        return _ratio(self.nonnull_correct, self.nonnull_total) if self.nonnull_total else 1.0

    def record(self, gold: Any, pred: Any, ok: bool, label: str = "") -> None:
        gold_given = gold is not None
        self.total += 1
        self.correct += ok
        self.nonnull_total += gold_given
        self.nonnull_correct += ok and gold_given
        if not ok:
            where = f"{label}: " if label else ""
            self.wrong.append(f"{where}gold {gold!r}, predicted {pred!r}")

    def absorb(self, other: FieldScore, prefix: str = "") -> None:
        self.correct += other.correct
        self.total += other.total
        self.nonnull_correct += other.nonnull_correct
        self.nonnull_total += other.nonnull_total
        self.wrong.extend(f"{prefix}{item}" for item in other.wrong)

    def to_dict(self) -> dict[str, Any]:
        return {
            "correct": self.correct,
            "total": self.total,
            "accuracy": round(self.accuracy, 4),
            "nonnull_correct": self.nonnull_correct,
            "nonnull_total": self.nonnull_total,
            "nonnull_accuracy": round(self.nonnull_accuracy, 4),
            "wrong": list(self.wrong),
        }


@dataclass
class DocumentScore:
    document: str
    lists: dict[str, ListScore] = field(default_factory=dict)
    fields: dict[str, FieldScore] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lists": {name: s.to_dict() for name, s in self.lists.items()},
            "fields": {name: s.to_dict() for name, s in self.fields.items()},
        }


@dataclass
class CorpusScore:
    """Micro-averaged totals over documents, plus each document's own score."""

    lists: dict[str, ListScore] = field(default_factory=dict)
    fields: dict[str, FieldScore] = field(default_factory=dict)
    documents: dict[str, DocumentScore] = field(default_factory=dict)

    def add(self, doc: DocumentScore) -> None:
        name = doc.document
        while name in self.documents:  # the same document scored twice keeps both
            name += "#"
        self.documents[name] = doc
        for key, score in doc.lists.items():
            self.lists.setdefault(key, ListScore()).absorb(score, f"{name}: ")
        for key, fscore in doc.fields.items():
            self.fields.setdefault(key, FieldScore()).absorb(fscore, f"{name}: ")

    def to_dict(self) -> dict[str, Any]:
        return {
            "lists": {name: s.to_dict() for name, s in self.lists.items()},
            "fields": {name: s.to_dict() for name, s in self.fields.items()},
            "documents": {name: d.to_dict() for name, d in self.documents.items()},
        }


def format_table(score: CorpusScore | DocumentScore) -> str:
    """Aligned plain text: one row per list (P, R, F1, TP, FP, FN), then one per field."""
    width = max([len("list"), len("field"), *map(len, score.lists), *map(len, score.fields)])
    lines = [f"{'list':<{width}}      P      R     F1     TP     FP     FN"]
    for name, s in score.lists.items():
        lines.append(
            f"{name:<{width}} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
            f" {s.tp:6d} {s.fp:6d} {s.fn:6d}"
        )
    lines.append("")
    lines.append(f"{'field':<{width}}  correct/total    acc  non-null acc")
    for name, f in score.fields.items():
        ratio = f"{f.correct}/{f.total}"
        lines.append(f"{name:<{width}}  {ratio:>13} {f.accuracy:6.3f} {f.nonnull_accuracy:13.3f}")
    return "\n".join(lines)
