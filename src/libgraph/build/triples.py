"""Stage *triples*: one document's piece (in a worker), then the corpus's graph.nt and store.

Per document, :func:`piece_lines` maps the curated extraction record to sorted, unique
N-Triples lines. For the corpus, :func:`triples` merges the pieces of the current corpus (only
those: a removed document's facts go with it) and the static piece into ``graph.nt``, bulk-
loads it into the Oxigraph store and starts writing ``graph.ttl`` on another core. When the
previous build differs by a few pieces, its graph.nt, store and graph.ttl are patched instead
(:mod:`.incremental`); the result is the same either way, which the tests check.
"""

from __future__ import annotations

import heapq
import itertools
import os
import queue
import resource
import shutil
import subprocess
import threading
from collections.abc import Callable
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .. import turtle
from ..store import NT_FILE, STORE_DIR, TTL_FILE, write_store
from . import incremental
from .copies import COPIES_FILE, copies_piece
from .incremental import Merged
from .ntriples import TripleSink
from .state import BuildState, Task
from .write import prefixes, start_search_index, start_turtle

if TYPE_CHECKING:
    from ..ingest.model import Document
    from ..rdf.mapping import GraphBuilder
    from ..record import MinutesRecord

# Oxigraph's bulk loader holds about 650 bytes per triple of one call in memory (1.1 GiB for
# the 1.7 M triples of 1,000 documents); loading in slices of this many lines bounds it.
STORE_SLICE_LINES = 1_000_000
# Pieces loaded while the workers extract go in batches of about this many lines.
EARLY_BATCH_LINES = 250_000


class EarlyStore:
    """The store loaded while the workers extract, piece by piece, in a background thread.

    During the extract stage this process only hands out documents; Oxigraph's bulk loader
    releases the GIL, so loading each finished piece then (in batches) takes the store load
    off the end of the build. The store holds a set of triples, so a triple that several
    pieces share is stored once, as with the load of the merged graph.nt; the tests compare
    the two stores. Used only for a full build with worker processes (see :func:`wanted`).
    """

    def __init__(self, staging: Path) -> None:
        self.path = staging / STORE_DIR
        self.store = ox.Store(str(self.path))
        self.pieces: queue.SimpleQueue[tuple[Path, int] | None] = queue.SimpleQueue()
        self.error: BaseException | None = None
        self.cancelled = False
        self.loaded = 0  # pieces in the store so far
        self.thread = threading.Thread(target=self._run, name="libgraph-store", daemon=True)
        self.thread.start()

    def add(self, piece: Path, lines: int) -> None:
        """Load ``piece`` (sorted N-Triples of ``lines`` lines) soon."""
        if lines:
            self.pieces.put((piece, lines))

    def _run(self) -> None:
        batch: list[Path] = []
        size = 0
        try:
            while (item := self.pieces.get()) is not None:
                if self.cancelled:
                    continue  # drain the queue without loading
                batch.append(item[0])
                size += item[1]
                if size >= EARLY_BATCH_LINES:
                    self._load(batch)
                    batch, size = [], 0
            if not self.cancelled:
                self._load(batch)
        except BaseException as err:  # reported by finish(), in the build's thread
            self.error = err

    def _load(self, batch: list[Path]) -> None:
        if batch:
            data = b"".join(p.read_bytes() for p in batch)
            self.store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            self.loaded += len(batch)

    def finish(self) -> None:
        """Load what is left and flush, then compact the store in the background: Oxigraph
        releases the GIL, and the store (open here) can be read meanwhile (:meth:`reader`)."""
        self.pieces.put(None)
        self.thread.join()
        try:
            if self.error is not None:
                raise self.error
            self.store.flush()
        except BaseException:
            del self.store
            raise
        self.thread = threading.Thread(target=self._optimize, name="libgraph-compact",
                                       daemon=True)
        self.thread.start()

    def _optimize(self) -> None:
        try:
            self.store.optimize()
        except BaseException as err:  # reported by close()
            self.error = err

    def reader(self) -> ox.Store | None:
        """The store while it is compacted (same content; the cross-document validation
        reads it meanwhile), or None when it is closed."""
        return getattr(self, "store", None)

    def close(self) -> None:
        """Wait for the compaction and close the store."""
        self.thread.join()
        try:
            if self.error is not None:
                raise self.error
        finally:
            if hasattr(self, "store"):
                del self.store

    def cancel(self) -> None:
        """Stop loading, close the store and remove it: the build failed, or the select stage
        left out a piece already loaded, and the triples stage then loads graph.nt afresh."""
        self.cancelled = True
        if self.thread.is_alive():
            self.pieces.put(None)
            self.thread.join()
        if hasattr(self, "store"):
            del self.store
        shutil.rmtree(self.path, ignore_errors=True)


def start_early_store(state: BuildState) -> EarlyStore:
    """An :class:`EarlyStore` with the static piece and the pieces taken from the cache."""
    assert state.static is not None
    early = EarlyStore(state.staging)
    early.add(state.static.nt, len(state.static.lines))
    for task in state.ok_tasks:
        early.add(state.cache.nt_path(task.key), state.records[task.index].triples)
    return early


def wanted(state: BuildState, processes: bool) -> bool:
    """Load the store during extraction: a full build (no previous build to patch) whose
    documents go to worker processes, so that this process is free to load."""
    assert state.static is not None
    if not processes:
        return False
    previous = incremental.previous_build(state.cache, state.static)
    keys = [t.key for t in state.planned if isinstance(t, Task)]
    return previous is None or not incremental.patchable(previous, keys)


def piece_lines(builder: GraphBuilder, document: Document, extracted: MinutesRecord
                ) -> list[str]:
    """One document's graph as sorted, unique N-Triples lines (``GraphBuilder`` into a sink)."""
    sink = TripleSink()
    builder.graph = sink  # type: ignore[assignment]  (only add() is used: see TripleSink)
    builder.add(document, extracted)
    return sink.lines()


def triples(state: BuildState) -> None:
    """graph.nt, the store and (started) graph.ttl in the staging directory; ``state.merged``."""
    assert state.static is not None
    ok = state.ok_tasks
    keys = [t.key for t in ok]
    staging = state.staging
    previous = incremental.previous_build(state.cache, state.static)
    delta = None
    copies = copies_piece(state)  # depends on the whole corpus: never patched in
    extra = [copies[0]] if copies else []
    if copies or (previous is not None and (previous.root / COPIES_FILE).exists()):
        previous = None  # a patch would keep or miss the copies' triples
    if state.early_store is not None:  # loaded during extraction: graph.nt only
        previous = None
        if copies:
            state.early_store.add(*copies)
        pieces = [state.static.nt] + [state.cache.nt_path(k) for k in keys] + extra
        with state.profile.stage("triples/store"):  # GNU sort merges graph.nt meanwhile
            merged = start_merge(pieces, staging / NT_FILE)
            try:
                state.early_store.finish()
            except BaseException:
                with suppress(Exception):  # GNU sort must not write into a removed build
                    merged()
                raise
        with state.profile.stage("triples/merge"):  # what is left of the merge
            merged()
        start_turtle(staging)  # the full-text index starts once the store is compacted
    elif previous is not None and incremental.patchable(previous, keys):
        delta = incremental.patch(previous, ok, state.records, state.static, state.cache,
                                  staging, state.profile)
        if turtle.patch(previous.root / TTL_FILE, staging / NT_FILE, delta.subjects,
                        staging / TTL_FILE, prefixes()) is None:
            start_turtle(staging)
    else:
        with state.profile.stage("triples/merge"):
            pieces = [state.static.nt] + [state.cache.nt_path(k) for k in keys] + extra
            merge_sorted(pieces, staging / NT_FILE)
        start_turtle(staging)  # on the other core, while this one loads the store
        with state.profile.stage("triples/store"):
            load_store(staging, staging / NT_FILE)
        start_search_index(staging, state.settings.base)  # while this one validates
    state.merged = Merged(ok, keys, previous, delta)


def merge_sorted(pieces: list[Path], target: Path) -> None:
    """Merge sorted N-Triples files into one sorted file without duplicates.

    GNU sort merges in C with bounded memory (``LC_ALL=C`` sorts by bytes, which for UTF-8
    is code point order, the order of Python's ``sorted``); without it, a streaming merge.
    """
    start_merge(pieces, target)()


def start_merge(pieces: list[Path], target: Path) -> Callable[[], None]:
    """:func:`merge_sorted` begun in another process (GNU sort), so that this one can load
    the store meanwhile; call the result to wait for it. Without GNU sort the merge is done
    here, before returning."""
    pieces = [p for p in pieces if p.stat().st_size > 0]
    sort = shutil.which("sort")
    if not (sort and _gnu_sort(sort)):
        _python_merge(pieces, target)
        return lambda: None
    listing = target.with_name(target.name + ".inputs")
    listing.write_bytes(b"\0".join(str(p).encode() for p in pieces) + b"\0")
    env = dict(os.environ, LC_ALL="C")
    job = subprocess.Popen([sort, "-m", "-u", f"--batch-size={merge_fan_in()}", "-T",
                            str(target.parent), "--files0-from", str(listing), "-o",
                            str(target)], env=env)

    def wait() -> None:
        if job.wait() != 0:
            raise subprocess.CalledProcessError(job.returncode, job.args)
        listing.unlink()
    return wait


def merge_fan_in() -> int:
    """How many pieces GNU sort merges at once. Its default, 16, merges 10,000 pieces in four
    passes through temporary files (39 s, most of it in the kernel). Wider is not better past
    a point: merging the 10,001 pieces of a 10,000-document build alone took 13.9-15.6 s
    with 128 at once, 16.1 s with 256 and 18.0-30.1 s with 512 (most of it system time), and
    sort held 35 MiB against 135; the 1,001 pieces of 1,000 documents take 1.6-1.7 s either
    way. Bounded by the open-file limit, which sort needs one descriptor per input from."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    limit = soft if soft != resource.RLIM_INFINITY else 4096
    return max(16, min(128, limit - 64))


def _gnu_sort(sort: str) -> bool:
    try:
        out = subprocess.run([sort, "--version"], capture_output=True, text=True, check=False)
    except OSError:
        return False
    return "GNU" in out.stdout


def _python_merge(pieces: list[Path], target: Path, fan_in: int = 200) -> None:
    """k-way merge in rounds of ``fan_in`` files (to stay under the open-file limit)."""
    round_no = 0
    while len(pieces) > fan_in:
        merged = []
        for start in range(0, len(pieces), fan_in):
            part = target.with_name(f"{target.name}.r{round_no}-{start}")
            _merge_files(pieces[start: start + fan_in], part)
            merged.append(part)
        pieces, round_no = merged, round_no + 1
    _merge_files(pieces, target)


def _merge_files(pieces: list[Path], target: Path) -> None:
    with ExitStack() as stack, target.open("wb") as sink:
        handles = [stack.enter_context(p.open("rb")) for p in pieces]
        last = None
        for line in heapq.merge(*handles):
            if line != last:
                sink.write(line)
                last = line


def load_store(build_dir: Path, ntriples: Path) -> None:
    """``store.write_store``, with the bulk load done in slices when the graph is large."""
    if count_lines(ntriples) <= STORE_SLICE_LINES:
        write_store(build_dir, ntriples)
        return
    store = ox.Store(str(build_dir / STORE_DIR))
    try:
        with ntriples.open("rb") as handle:
            while True:
                chunk = b"".join(itertools.islice(handle, STORE_SLICE_LINES))
                if not chunk:
                    break
                store.bulk_load(chunk, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        store.flush()
        store.optimize()
    finally:
        del store


def count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            count += chunk.count(b"\n")
    return count
