"""Run a user's query: checks, then a worker process (local build) or the remote endpoint.

Returns a :class:`Outcome` that the view writes in the negotiated format. The time limit, the
row cap and the query check apply in both modes: over a remote endpoint, a pool of workers
with no graph does the parse check before the query is forwarded.
"""

from __future__ import annotations

import atexit
import pickle
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ...ns import PREFIXES
from ..backend import Backend, LocalBackend, RemoteBackend, term_to_json
from ..cache import ENTRY_OVERHEAD, ByteLRU
from .guard import Refused, prepare
from .pool import Admission, WorkerPool
from .results import sort_concatenated

PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}
MAX_QUERY_BYTES = 100_000
MAX_RESULT_BYTES = 32 << 20  # values in one answer, before it is cut (like the row cap)
DEFAULT_QUERY_MEMORY = 1 << 30  # address space a query may add to a worker (serve sets it)


@dataclass
class Outcome:
    """What a query gave: ``kind`` is ``select``, ``ask``, ``graph`` or ``error``."""

    kind: str
    names: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    boolean: bool = False
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False
    error: str = ""
    cached: bool = False  # answered from the result cache


@dataclass(frozen=True)
class Answer:
    """A worker's answer as it pickled it, kept in the result cache."""

    message: bytes
    key_length: int

    @property
    def size(self) -> int:
        return len(self.message) + self.key_length + ENTRY_OVERHEAD


class SparqlService:
    """The endpoint's engine for one app: a worker pool over the build, or a remote endpoint."""

    def __init__(self, backend: Backend, timeout: float, row_limit: int, workers: int,
                 cache_bytes: int = 0, memory_bytes: int = 0, queue: int | None = None,
                 per_client: int = 2) -> None:
        self.backend = backend
        self.timeout = timeout
        self.row_limit = row_limit
        self.workers = workers
        self.memory_bytes = memory_bytes or DEFAULT_QUERY_MEMORY
        waiting = workers if queue is None else queue
        self.admission = Admission(workers + waiting, per_client)
        self._pool: WorkerPool | None = None
        self._lock = threading.Lock()
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None
        # The answers of queries run before: the build cannot change while it is served, so
        # the same query gives the same answer (remote endpoints may change: never kept).
        local = isinstance(backend, LocalBackend) and cache_bytes > 0
        self.answers: ByteLRU | None = ByteLRU(cache_bytes) if local else None

    def pool(self) -> WorkerPool:
        """The worker pool, started on first use (or by ``libgraph serve`` at start-up)."""
        with self._lock:
            if self._pool is None:
                local = isinstance(self.backend, LocalBackend)
                self._pool = WorkerPool(self._ntriples() if local else None, PREFIX_MAP,
                                        self.workers, self.memory_bytes)
                self._pool.start()
                atexit.register(self.close)
            return self._pool

    def _ntriples(self) -> str:
        path = self.backend.ntriples_path()
        if path is not None:
            return str(path)
        assert isinstance(self.backend, LocalBackend)
        self._tempdir = tempfile.TemporaryDirectory(prefix="libgraph-sparql-")
        dump = Path(self._tempdir.name) / "graph.nt"
        self.backend.store.dump(str(dump), format=ox.RdfFormat.N_TRIPLES,
                                from_graph=ox.DefaultGraph())
        return str(dump)

    def run(self, query: str, default: list[str] | None = None,
            named: list[str] | None = None, fresh: bool = False,
            client: str = "") -> Outcome:
        """Check and run ``query``; raises ``Refused`` or the pool's errors (busy, timeout).

        A query run before (same text, same dataset) is answered from the result cache
        (``volatile`` ones, which call ``NOW()``, ``RAND()``, ..., are never kept), unless the
        client asked for a ``fresh`` answer (``Cache-Control: no-cache``); errors are never
        kept. A cached answer needs no worker, so it is given even when the queue is full.
        """
        text = prepare(query, MAX_QUERY_BYTES)
        key = (text, tuple(default or ()), tuple(named or ()))
        kept = self.answers.get(key) if self.answers is not None and not fresh else None
        if kept is not None:
            outcome = _outcome(pickle.loads(kept.message)[0])
            outcome.cached = True
            return outcome
        with self.admission.admit(client):
            if isinstance(self.backend, RemoteBackend):
                checked, _ = pickle.loads(self.pool().check_pickled(text, self.timeout))
                _raise_refusal(checked)
                return self._remote(text, checked[1])
            raw = self.pool().run_pickled(text, self.row_limit, self.timeout, default, named,
                                          MAX_RESULT_BYTES)
        message, volatile = pickle.loads(raw)
        _raise_refusal(message)
        outcome = _outcome(message)
        if self.answers is not None and not volatile and outcome.kind != "error":
            self.answers.put(key, Answer(raw, len(text)))
        return outcome

    def _remote(self, query: str, form: str | None) -> Outcome:
        assert isinstance(self.backend, RemoteBackend)
        remote = RemoteBackend(self.backend.endpoint, self.timeout)
        if form in ("CONSTRUCT", "DESCRIBE"):
            triples = remote.construct_raw(query)
            return Outcome("graph", triples=triples[: self.row_limit],
                           truncated=len(triples) > self.row_limit)
        if form == "ASK":
            return Outcome("ask", boolean=remote.ask_raw(query))
        names, rows = remote.select_raw(query)
        cells = [[term_to_json(r[n]) if n in r else None for n in names]
                 for r in rows[: self.row_limit]]
        sort_concatenated(query, names, cells)
        return Outcome("select", names=names, rows=cells, truncated=len(rows) > self.row_limit)

    def close(self) -> None:
        """Stop the workers and remove any temporary dump."""
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
            if self._tempdir is not None:
                self._tempdir.cleanup()
                self._tempdir = None


def _raise_refusal(message: tuple[Any, ...]) -> None:
    if message[0] == "refused":
        raise Refused(message[1], message[2])


def _outcome(message: tuple[Any, ...]) -> Outcome:
    kind = message[0]
    if kind == "select":
        return Outcome("select", names=message[1], rows=message[2], truncated=message[3])
    if kind == "ask":
        return Outcome("ask", boolean=message[1])
    if kind == "graph":
        triples = list(ox.parse(message[1], format=ox.RdfFormat.N_TRIPLES))
        return Outcome("graph", triples=triples, truncated=message[2])
    return Outcome("error", error=f"{message[1]} error: {message[2]}")
