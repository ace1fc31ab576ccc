"""The worker processes of the per-document stages, and the time limit of one document.

The read stage and the extract stage (extract → resolve → triples → validate of one piece)
run a function per document; :class:`Workers` runs it in a pool of processes when there are
enough documents to repay starting them, else in this process. The pool is started once and
serves both stages. Each process holds a :class:`Worker`: the cache, the mapper, the static
nodes for validation and the curation rules, loaded once.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ..resolve.curation import Curation
from ..validate import StaticContext
from .cache import DocCache
from .ntriples import TripleSink, read_lines
from .state import BuildState

# Below this many documents to (re-)extract, worker start-up costs more than it saves.
POOL_MIN_DOCUMENTS = 8
# A document that takes longer than this to read, or to extract and map, fails instead of
# stalling the build (some recognisers are quadratic on pathological input: a 1 MB line).
DOC_TIMEOUT_S = 120.0

T = TypeVar("T")
R = TypeVar("R")


class Worker:
    """What one process needs to turn documents into cached pieces."""

    def __init__(self, cache_dir: str, static_nt: str, base: str, curation: Curation,
                 timeout: float, sources: tuple[Path, ...] = (), warm_up: bool = True) -> None:
        from ..rdf.mapping import GraphBuilder

        self.cache = DocCache(Path(cache_dir))
        self.builder = GraphBuilder(TripleSink(), base)  # type: ignore[arg-type]
        self.context = StaticContext(read_lines(Path(static_nt)))
        self.curation = curation
        self.timeout = timeout
        self.sources = sources  # where records' source documents are (``build --records``)
        if warm_up:
            _warm_up()


def _warm_up() -> None:
    """Load the language models and lexicons now, so that the per-document time limit
    measures the document and not the first use of the extractor."""
    import hashlib

    from ..extract import extract
    from ..ingest import detect_language
    from ..ingest.model import Document

    # A few hundred characters, like real minutes: lingua reads such texts with a few of its
    # models, while a short one makes it load all of them (2-5 s instead of 0.3 s).
    text = ("Chefsmöte 2019-03-04\n\nNärvarande: Anna Berg, Växjö kommun, och Per Lund, "
            "Region Kronoberg\n\nMötet beslutade att fortsätta arbetet med läsfrämjande.\n") * 4
    detect_language(text)
    extract(Document(path=Path("warm-up.txt"), name="warm-up.txt", text=text,
                     sha256=hashlib.sha256(text.encode()).hexdigest(), language="sv",
                     format="txt"))


_WORKER: list[Worker] = []


def init_worker(*args: Any) -> None:
    _WORKER[:] = [Worker(*args)]


def current() -> Worker:
    """This process's worker (set up by :func:`init_worker`)."""
    return _WORKER[0]


class TooSlow(BaseException):
    """Raised by the alarm when one document takes longer than the limit (a BaseException,
    so that the extractor's and the build's ``except Exception`` do not swallow it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """SIGALRM after ``seconds`` (POSIX, main thread only; elsewhere no limit)."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and \
        threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def alarm(_signum: int, _frame: Any) -> None:
        raise TooSlow

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def job_count(jobs: int | None) -> int:
    """``jobs``, else ``LIBGRAPH_JOBS``, else the CPU count."""
    if jobs is None:
        jobs = int(os.environ.get("LIBGRAPH_JOBS", "0")) or (os.cpu_count() or 1)
    return max(1, jobs)


class Workers:
    """Runs a per-document function over items, in processes when that pays (see module)."""

    def __init__(self, state: BuildState) -> None:
        settings = state.settings
        assert state.static is not None
        self.args = (str(state.cache.new), str(state.static.nt), settings.base,
                     settings.curation, settings.timeout, settings.sources)
        self.processes = settings.jobs if settings.jobs > 1 and \
            len(state.todo) >= POOL_MIN_DOCUMENTS else 0
        self.pool: ProcessPoolExecutor | None = None
        self.local = False

    def map(self, function: Callable[[T], R], items: Iterable[T],
            done: Callable[[T, R], None]) -> None:
        """Call ``done(item, function(item))`` for every item, in the order they finish."""
        items = list(items)
        if not items:
            return
        if not self.processes:
            if not self.local:
                # No warm-up here: for the few documents of an in-process run (an
                # incremental rebuild) it would cost more than the whole extraction.
                init_worker(*self.args, False)
                self.local = True
            for item in items:
                done(item, function(item))
            return
        self._map_pool(function, items, done)

    def _map_pool(self, function: Callable[[T], R], items: list[T],
                  done: Callable[[T, R], None]) -> None:
        """A bounded number of items in flight, so results stream back as they finish."""
        if self.pool is None:
            context = multiprocessing.get_context(_start_method())
            self.pool = ProcessPoolExecutor(self.processes, mp_context=context,
                                            initializer=init_worker, initargs=self.args)
        pending = iter(items)
        running: dict[Future[R], T] = {}
        for item in _take(pending, self.processes * 4):
            running[self.pool.submit(function, item)] = item
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                item = running.pop(future)
                done(item, future.result())
                for nxt in _take(pending, 1):
                    running[self.pool.submit(function, nxt)] = nxt

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _start_method() -> str:
    """forkserver (or spawn), unless the main program cannot be imported again by a fresh
    worker (code typed or piped into Python): then fork, the only method that works there.

    Not a plain fork of this process: it may have started native thread pools (Oxigraph, the
    SHACL engine) that a fork would copy in a broken state.
    """
    methods = multiprocessing.get_all_start_methods()
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    importable = getattr(main, "__spec__", None) is not None or path is None or \
        Path(path).is_file()
    if not importable and "fork" in methods:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _take(items: Iterator[T], count: int) -> list[T]:
    out = []
    for item in items:
        out.append(item)
        if len(out) == count:
            break
    return out
