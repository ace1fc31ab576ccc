"""A small pool of SPARQL worker processes with a hard time limit per query.

``concurrent.futures.ProcessPoolExecutor`` cannot cancel a running task without breaking the
whole pool, so this keeps its own workers: a query takes an idle worker, and if the answer is
not back in time the worker is killed and replaced. A request that cannot get a worker within
the time limit is told the server is busy.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from .worker import worker_main

LOAD_TIMEOUT = 300.0  # seconds a new worker may take to load the graph


class QueryTimeout(RuntimeError):
    """The query ran longer than the time limit (its worker was stopped)."""


class PoolBusy(RuntimeError):
    """No worker became free within the time limit."""


class WorkerFailed(RuntimeError):
    """The worker died while running the query (e.g. it ran out of memory)."""


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes over the graph in ``ntriples``."""

    def __init__(self, ntriples: str, prefixes: dict[str, str], size: int = 2) -> None:
        self._ntriples = ntriples
        self._prefixes = prefixes
        self._size = max(1, size)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._context = mp.get_context("spawn")
        self._closed = False

    def start(self) -> None:
        """Start the workers (they load the graph in the background)."""
        for _ in range(self._size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=worker_main, name="libgraph-sparql",
                                        args=(child, self._ntriples, self._prefixes),
                                        daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        if not self._closed:
            self._idle.put(self._spawn())

    def run_pickled(self, query: str, limit: int, timeout: float,
                    default: list[str] | None = None, named: list[str] | None = None) -> bytes:
        """Run one query: the answer as the worker pickled it (what the result cache keeps:
        compact, its size known). Raises :class:`QueryTimeout`, :class:`PoolBusy`,
        :class:`WorkerFailed`."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty as err:
            raise PoolBusy("all query workers are busy") from err
        try:
            self._await_ready(worker)
            worker.conn.send((query, limit, default or [], named or []))
            if not worker.conn.poll(timeout):
                self._replace(worker)
                raise QueryTimeout(f"the query ran longer than {timeout:g} s")
            result = worker.conn.recv_bytes()
        except (EOFError, OSError) as err:
            self._replace(worker)
            raise WorkerFailed("the query worker stopped unexpectedly") from err
        self._idle.put(worker)
        return result

    def _await_ready(self, worker: _Worker) -> None:
        if worker.ready:
            return
        if not worker.conn.poll(LOAD_TIMEOUT):
            raise EOFError("worker did not load the graph in time")
        message: Any = worker.conn.recv()
        if message != ("ready",):
            raise EOFError(f"unexpected message from worker: {message!r}")
        worker.ready = True

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), []
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.stop()

    def warm_up(self, wait: float = 60.0) -> None:
        """Block until every worker has loaded the graph (used by ``libgraph serve``)."""
        deadline = time.monotonic() + wait
        ready = []
        while len(ready) < self._size and time.monotonic() < deadline:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            try:
                self._await_ready(worker)
            except (EOFError, OSError):
                self._replace(worker)
                continue
            ready.append(worker)
        for worker in ready:
            self._idle.put(worker)
