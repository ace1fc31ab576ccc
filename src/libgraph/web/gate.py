"""One page rendered at a time per process, first come first served.

A page over the local graph is Python work from start to end, and the interpreter lock lets
only one thread run Python at a time. When eight request threads render eight pages at once,
the interpreter switches between them every few milliseconds, so each page takes about eight
times its own CPU: a 25 ms project page would answer after about 200 ms, and the pages queued
behind it wait as long. Rendering one page at a time in arrival order, each page waits for
those ahead of it and then takes its own CPU: under 16 clients at 10^6 triples the median of
first visits stayed where it was and their 95th percentile went from 148–201 to 100–122 ms
(``benchmarks/results/web.md``, session 10).

Requests that wait for something other than this process's CPU are not gated: ``/sparql``
waits for a worker process, ``/compare`` for a comparison computed in the background, and a
remote graph (``--endpoint``) answers over the network. Responses from the response cache
never reach the gate (the cache sits outside it), and a streamed body is written after the
gate is left.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

UNGATED = ("/sparql", "/compare")  # path prefixes of requests that wait on other processes


class FifoGate:
    """A lock handed to its waiters in the order they came (``threading.Lock`` promises no
    order, and under load a thread that just released it often takes it again)."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._busy = False

    def __enter__(self) -> FifoGate:
        with self._mutex:
            if not self._busy:
                self._busy = True
                return self
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append(turn)
        turn.acquire()  # released by the holder that hands the gate over
        return self

    def __exit__(self, *_exc: object) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()  # handed over: the gate stays busy
            else:
                self._busy = False

    def waiting(self) -> int:
        """How many requests wait for the gate now (for tests and diagnostics)."""
        with self._mutex:
            return len(self._waiters)


class PageGate:
    """WSGI middleware: run the app for a page request inside the process's gate."""

    def __init__(self, app: WSGIApp, gate: FifoGate | None = None) -> None:
        self.app = app
        self.gate = gate or FifoGate()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        if str(environ.get("PATH_INFO", "")).startswith(UNGATED):
            return self.app(environ, start_response)
        with self.gate:
            return self.app(environ, start_response)
