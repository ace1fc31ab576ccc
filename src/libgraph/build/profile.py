"""Wall and CPU seconds per build stage: ``report.timings`` and ``libgraph build --profile``.

The CPU of a stage is this process's plus its finished children's (``RUSAGE_CHILDREN``: GNU
sort, the Turtle writer) plus, for *read* and *extract*, what the worker processes report with
each document (their start-up and warm-up, a few seconds each, are not counted). The
per-document rows are sums over the documents, so their wall time can exceed the stage's.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


def cpu_now() -> float:
    """CPU seconds of this process and its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


@dataclass
class StageTime:
    wall: float = 0.0
    cpu: float = 0.0
    count: int = 0  # documents, for the per-document rows


@dataclass
class Profile:
    """Stages in the order they ran; per-document rows are kept apart (``per_document``)."""

    stages: dict[str, StageTime] = field(default_factory=dict)
    per_document: dict[str, StageTime] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        row = self.stages.setdefault(name, StageTime())  # before its sub-stages, if any
        wall, cpu = time.perf_counter(), cpu_now()
        try:
            yield
        finally:
            row.wall += time.perf_counter() - wall
            row.cpu += cpu_now() - cpu

    def add_document(self, times: dict[str, tuple[float, float]], into: str | None) -> None:
        """Add one document's ``{step: (wall, cpu)}`` as measured in its worker; with
        ``into``, also add its CPU to that stage (it ran in a worker process, which
        ``RUSAGE_CHILDREN`` does not count: pool workers are the fork server's children)."""
        for name, (wall, cpu) in times.items():
            row = self.per_document.setdefault(name, StageTime())
            row.wall += wall
            row.cpu += cpu
            row.count += 1
            if into is not None:
                self.stages.setdefault(into, StageTime()).cpu += cpu

    def timings(self) -> dict[str, float]:
        """Wall seconds per stage, as ``report.json`` keeps them."""
        return {name: round(row.wall, 3) for name, row in self.stages.items()}

    def format(self) -> str:
        """The table ``libgraph build --profile`` prints."""
        lines = [f"{'stage':<28}{'wall s':>9}{'CPU s':>9}"]
        lines += [f"{_indent(name):<28}{row.wall:>9.2f}{row.cpu:>9.2f}"
                  for name, row in self.stages.items()]
        top = [row for name, row in self.stages.items() if "/" not in name]
        total_wall = sum(r.wall for r in top)
        total_cpu = sum(r.cpu for r in top)
        lines.append(f"{'total':<28}{total_wall:>9.2f}{total_cpu:>9.2f}")
        if self.per_document:
            lines.append("per document, summed over the worker processes:")
            lines += [f"  {name + f' ({row.count} docs)':<26}{row.wall:>9.2f}{row.cpu:>9.2f}"
                      for name, row in self.per_document.items()]
        return "\n".join(lines)


def _indent(name: str) -> str:
    """``triples/merge`` as an indented ``merge`` under its stage."""
    return "  " + name.split("/", 1)[1] if "/" in name else name


def cpu_process() -> float:
    """CPU seconds of this process alone (what a worker reports per document)."""
    return time.process_time()


class Timer:
    """``{stage: (wall, cpu)}`` of the steps of one document, measured in its worker."""

    def __init__(self) -> None:
        self.times: dict[str, tuple[float, float]] = {}
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self, name: str) -> None:
        """Close the step ``name`` (it ran since the previous lap)."""
        wall, cpu = time.perf_counter(), time.process_time()
        self.times[name] = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
