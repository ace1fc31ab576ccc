"""A small pool of SPARQL worker processes with a hard time limit per query.

``concurrent.futures.ProcessPoolExecutor`` cannot cancel a running task without breaking the
whole pool, so this keeps its own workers: a query takes an idle worker, and if the answer is
not back in time the worker is killed and replaced. A request that cannot get a worker within
the time limit is told the server is busy.

Admission comes first (:class:`Admission`): at most ``workers + queue`` queries are running or
waiting at once, and at most ``per_client`` of them from one client; past that the request is
refused at once (503 with ``Retry-After``) rather than holding a request thread. Keeping
``workers + queue`` below the server's thread count means pages, search and the JSON twins
always find a free thread, however many queries are sent.
"""

from __future__ import annotations

import contextlib
import logging
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
START_WAIT = 60.0  # seconds a query waits for a worker that is (re)loading the graph
log = logging.getLogger("libgraph.sparql")


class QueryTimeout(RuntimeError):
    """The query ran longer than the time limit (its worker was stopped)."""


class PoolBusy(RuntimeError):
    """No worker became free within the time limit."""


class WorkerFailed(RuntimeError):
    """The worker died while running the query (e.g. it ran out of memory)."""


class Admission:
    """How many queries may run or wait at once, in all and per client."""

    def __init__(self, slots: int, per_client: int) -> None:
        self.slots = max(1, slots)
        self.per_client = max(1, per_client)
        self._lock = threading.Lock()
        self._total = 0
        self._clients: dict[str, int] = {}

    @contextlib.contextmanager
    def admit(self, client: str) -> Any:
        """Hold a place for ``client``'s query; raises :class:`PoolBusy` when there is none."""
        with self._lock:
            mine = self._clients.get(client, 0)
            if mine >= self.per_client:
                raise PoolBusy(f"you have {mine} queries running already; wait for them")
            if self._total >= self.slots:
                raise PoolBusy("the query queue is full")
            self._total += 1
            self._clients[client] = mine + 1
        try:
            yield
        finally:
            with self._lock:
                self._total -= 1
                left = self._clients[client] - 1
                if left:
                    self._clients[client] = left
                else:
                    del self._clients[client]


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

    def __init__(self, ntriples: str | None, prefixes: dict[str, str], size: int = 2,
                 memory_bytes: int = 0) -> None:
        self._ntriples = ntriples
        self._prefixes = prefixes
        self._size = max(1, size)
        self._memory = memory_bytes
        self.sandbox: tuple[str, str] | None = None  # what the first worker reported
        self.peak_rss: int = 0  # the largest worker RSS seen after a query, in bytes
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
                                        args=(child, self._ntriples, self._prefixes,
                                              self._memory),
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
                    default: list[str] | None = None, named: list[str] | None = None,
                    max_bytes: int = 1 << 62) -> bytes:
        """Check and run one query: the worker's pickled ``(outcome, volatile)`` (what the
        result cache keeps: compact, its size known). Raises :class:`QueryTimeout`,
        :class:`PoolBusy`, :class:`WorkerFailed`."""
        return self._ask(("run", query, limit, default or [], named or [], max_bytes), timeout)

    def check_pickled(self, query: str, timeout: float) -> bytes:
        """Only check a query (for a remote endpoint): pickled ``(("checked", form), volatile)``
        or a refusal."""
        return self._ask(("check", query), timeout)

    def _ask(self, message: tuple[Any, ...], timeout: float) -> bytes:
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty as err:
            raise PoolBusy("all query workers are busy") from err
        try:
            if not self._await_ready(worker, max(timeout, START_WAIT)):
                self._idle.put(worker)
                raise PoolBusy("the query workers are starting")
            worker.conn.send(message)
            if not worker.conn.poll(timeout):
                self._replace(worker)
                raise QueryTimeout(f"the query ran longer than {timeout:g} s")
            result = worker.conn.recv_bytes()
        except (EOFError, OSError) as err:
            worker.process.join(timeout=2)
            code = worker.process.exitcode
            self._replace(worker)
            log.warning("a SPARQL worker stopped (exit code %s) and was replaced", code)
            raise WorkerFailed(_death(code)) from err
        self._note_rss(worker)
        self._idle.put(worker)
        return result

    def _note_rss(self, worker: _Worker) -> None:
        try:
            with open(f"/proc/{worker.process.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        self.peak_rss = max(self.peak_rss, int(line.split()[1]) * 1024)
        except (OSError, ValueError):
            pass

    def _await_ready(self, worker: _Worker, wait: float = LOAD_TIMEOUT) -> bool:
        """Whether the worker has loaded the graph (waiting up to ``wait`` seconds)."""
        if worker.ready:
            return True
        if not worker.conn.poll(wait):
            if not worker.process.is_alive():
                raise EOFError("the worker stopped while loading the graph")
            return False
        message: Any = worker.conn.recv()
        if not (isinstance(message, tuple) and message[:1] == ("ready",)):
            raise EOFError(f"unexpected message from worker: {message!r}")
        worker.ready = True
        self._report(tuple(message[1:3]))
        return True

    def _report(self, sandbox: tuple[str, ...]) -> None:
        """Log the sandbox's state once (a warning if the network could not be shut off)."""
        with self._lock:
            if self.sandbox is not None:
                return
            self.sandbox = (str(sandbox[0]), str(sandbox[1])) if len(sandbox) == 2 else \
                ("unknown", "unknown")
        network, memory = self.sandbox
        if network != "isolated":
            log.warning("SPARQL workers are %s; only the query check stops SERVICE", network)
        else:
            log.info("SPARQL workers: no network, %s", memory)

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
                if not self._await_ready(worker, max(0.0, deadline - time.monotonic())):
                    self._idle.put(worker)
                    break
            except (EOFError, OSError):
                self._replace(worker)
                continue
            ready.append(worker)
        for worker in ready:
            self._idle.put(worker)


def _death(exitcode: int | None) -> str:
    """Why a worker died, for the client: a signal from a failed allocation means memory."""
    if exitcode is not None and exitcode in (-6, -9, -11):
        return "the query needed more memory or stack than a query may use; its worker stopped"
    return "the query worker stopped unexpectedly"
