"""Run a user's query: checks, then a worker process (local build) or the remote endpoint.

Returns a :class:`Outcome` that the view writes in the negotiated format. The time limit and
the row cap apply in both modes.
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
from .guard import check_query
from .pool import WorkerPool

PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}
MAX_QUERY_LENGTH = 100_000


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
                 cache_bytes: int = 0) -> None:
        self.backend = backend
        self.timeout = timeout
        self.row_limit = row_limit
        self.workers = workers
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
                self._pool = WorkerPool(self._ntriples(), PREFIX_MAP, self.workers)
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
            named: list[str] | None = None, fresh: bool = False) -> Outcome:
        """Check and run ``query``; raises ``Refused`` or the pool's timeout errors.

        A query run before (same text, same dataset) is answered from the result cache,
        unless it calls a function whose value changes (``NOW()``, ``RAND()``, ...) or the
        client asked for a ``fresh`` answer (``Cache-Control: no-cache``); errors are never
        kept.
        """
        checked = check_query(query, MAX_QUERY_LENGTH)
        if isinstance(self.backend, RemoteBackend):
            return self._remote(checked.text, checked.form)
        answers = None if checked.volatile else self.answers
        key = (checked.text, tuple(default or ()), tuple(named or ()))
        kept = answers.get(key) if answers is not None and not fresh else None
        if kept is not None:
            outcome = _outcome(pickle.loads(kept.message))
            outcome.cached = True
            return outcome
        raw = self.pool().run_pickled(checked.text, self.row_limit, self.timeout, default, named)
        outcome = _outcome(pickle.loads(raw))
        if answers is not None and outcome.kind != "error":
            answers.put(key, Answer(raw, len(checked.text)))
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
        return Outcome("select", names=names,
                       rows=[[term_to_json(r[n]) if n in r else None for n in names]
                             for r in rows[: self.row_limit]],
                       truncated=len(rows) > self.row_limit)

    def close(self) -> None:
        """Stop the workers and remove any temporary dump."""
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
            if self._tempdir is not None:
                self._tempdir.cleanup()
                self._tempdir = None


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
