"""Stage *write*: graph.ttl finished, report.json written, the build swapped into place.

Everything is written to a staging directory next to the output and swapped in only when
complete, so an interrupted or failed build never leaves a half-written graph in place of the
previous one. graph.ttl is written by another process (``python -m libgraph.turtle``) started
as soon as graph.nt exists, so that it runs on the second core while the store loads; the
full-text index likewise (``python -m libgraph.fulltext``) as soon as the store is closed, so
that it runs while the cross-document validation and the Turtle writer do.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .. import fulltext, turtle
from ..ns import PREFIXES
from ..push_state import carry_over
from ..store import NT_FILE, REPORT_FILE, STORE_DIR, TTL_FILE

if TYPE_CHECKING:
    from .pipeline import BuildResult

_JOBS: dict[tuple[str, str], subprocess.Popen[bytes]] = {}  # (staging, file) -> writer


def prefixes() -> dict[str, str]:
    return {p: str(ns) for p, ns in PREFIXES.items()}


def start_turtle(staging: Path) -> None:
    """Write graph.ttl from graph.nt in another process, while the store is loaded or checked."""
    args = [f"{p}={ns}" for p, ns in prefixes().items()]
    _start(staging, TTL_FILE, ["libgraph.turtle", str(staging / NT_FILE),
                               str(staging / TTL_FILE), *args])


def start_search_index(staging: Path, base: str) -> None:
    """Write fulltext.sqlite from the closed store in another process (:func:`write_search_index`
    there), while this one validates across documents and the Turtle writer finishes."""
    stamp = fulltext.graph_stamp(staging / NT_FILE)
    _start(staging, fulltext.INDEX_FILE, ["libgraph.fulltext", str(staging / STORE_DIR),
                                          str(staging / fulltext.INDEX_FILE), base, stamp])


def _start(staging: Path, name: str, module_args: list[str]) -> None:
    _JOBS[(str(staging.resolve()), name)] = subprocess.Popen(
        [sys.executable, "-m", *module_args])


def _finish(tmp: Path, name: str) -> bool:
    """Wait for the writer of ``name`` started for ``tmp``; False if there was none."""
    job = _JOBS.pop((str(tmp.resolve()), name), None)
    if job is None:
        return False
    if job.wait() != 0:
        raise RuntimeError(f"writing {name} failed (exit status {job.returncode})")
    return True


def cancel_jobs(staging: Path) -> None:
    """Stop the writers started for ``staging`` (graph.ttl, fulltext.sqlite), if running."""
    key = str(staging.resolve())
    for name in (TTL_FILE, fulltext.INDEX_FILE):
        job = _JOBS.pop((key, name), None)
        if job is not None and job.poll() is None:
            job.kill()
            job.wait()


def staging_dir(out: Path | None) -> Path:
    """A new directory beside ``out`` (same file system, so the swap is a rename)."""
    if out is None:
        return Path(tempfile.mkdtemp(prefix=".libgraph-build-"))
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))


def write_build(result: BuildResult, out: Path) -> None:
    """Finish the build in its temporary directory, then swap it in atomically."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = result.staging
    if tmp.resolve().parent != out.parent:
        cancel_jobs(tmp)  # it writes into the directory that is about to move
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        tmp.rmdir()
        shutil.move(str(result.staging), str(tmp))
        result.staging = tmp
    try:
        with result.profile.stage("write"):
            write_files(result, tmp)
        result.report.timings = result.profile.timings()
        result.report.out = str(out)
        if result.started:
            result.report.seconds = round(time.perf_counter() - result.started, 3)
        (tmp / REPORT_FILE).write_text(json.dumps(result.report.to_dict(), indent=2,
                                                  ensure_ascii=False) + "\n", encoding="utf-8")
        _swap(tmp, out)
        result.staging = out
    finally:
        cancel_jobs(tmp)
        shutil.rmtree(tmp, ignore_errors=True)


def write_files(result: BuildResult, tmp: Path) -> None:
    """The full-text index from the store, then graph.ttl from the sorted graph.nt (graph.nt
    and the store are already there; both files may already be written by other processes)."""
    if not _finish(tmp, fulltext.INDEX_FILE) and not result.patched:
        write_search_index(tmp, result.base)
    if _finish(tmp, TTL_FILE) or (tmp / TTL_FILE).is_file():
        return
    turtle.write(tmp / NT_FILE, tmp / TTL_FILE, prefixes())


def write_search_index(tmp: Path, base: str) -> None:
    """``fulltext.sqlite`` for the explorer's search, stamped with the graph it indexes.

    A full build writes it; a patched rebuild (a few documents changed) does not, because
    the index is rewritten whole (6.8 s at 1.7 million triples, where the patch takes 1.6 s):
    the explorer writes it on first start when a build has none, or one of another graph."""
    fulltext.index_store(tmp / STORE_DIR, tmp / fulltext.INDEX_FILE, base,
                         fulltext.graph_stamp(tmp / NT_FILE))


def _swap(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp``; the old build is removed only after the rename."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        carry_over(out, tmp)  # what servers hold, for the next push --changed
        os.replace(out, old)
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)

