"""The worker processes of the per-document stages, and the time limit of one document.

The read stage and the extract stage (extract → resolve → triples → validate of one piece)
run a function per document; :class:`Workers` runs it in a pool of processes when there are
enough documents to repay starting them, else in this process. The pool is started once and
serves both stages. Each process holds a :class:`Worker`: the cache, the mapper, the static
nodes for validation and the curation rules, loaded once.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ..resolve.curation import Curation
from ..validate import StaticContext
from ..workpool import KillablePool, TaskCrash, TaskError, TaskTimeout
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
                 timeout: float, sources: tuple[Path, ...] = (), warm: bool = True) -> None:
        from ..rdf.mapping import GraphBuilder

        self.cache = DocCache(Path(cache_dir))
        self.builder = GraphBuilder(TripleSink(), base)  # type: ignore[arg-type]
        self.context = StaticContext(read_lines(Path(static_nt)))
        self.curation = curation
        self.timeout = timeout
        self.sources = sources  # where records' source documents are (``build --records``)
        if warm:
            warm_up()


_WARMED: list[bool] = []  # set in a process (or fork server) that has warmed up


def warm_up() -> None:
    """Load the language models and lexicons now, so that the per-document time limit
    measures the document and not the first use of the extractor (once per process: a
    worker forked from a preloaded fork server inherits them, see :func:`prestart`)."""
    if _WARMED:
        return
    _warm_up()
    _WARMED.append(True)


def _warm_up() -> None:
    """The warm-up itself: a language detection and an extraction of a short text."""
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
    """Set up a worker process. The lexicons, models and shapes loaded by the warm-up live
    as long as the process, so they are frozen out of the collector's view, and collections
    run less often: a document makes many short-lived objects but few cycles, and the
    collector's passes over them cost about 5 % of extraction (measured in process)."""
    _WORKER[:] = [Worker(*args)]
    if multiprocessing.parent_process() is not None:  # a pool's process, not an in-process run
        gc.freeze()
        gc.set_threshold(100_000, 50, 100)


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


def pool_size(jobs: int, documents: int) -> int:
    """Worker processes for ``documents`` to read and extract with ``jobs`` (0: none, in
    this process)."""
    return jobs if jobs > 1 and documents >= POOL_MIN_DOCUMENTS else 0


def job_count(jobs: int | None) -> int:
    """``jobs``, else ``LIBGRAPH_JOBS``, else the CPU count."""
    if jobs is None:
        jobs = int(os.environ.get("LIBGRAPH_JOBS", "0")) or (os.cpu_count() or 1)
    return max(1, jobs)


def hard_limit(timeout: float) -> float:
    """When a worker is killed: the soft limit (the alarm in the worker, which fails the
    document with a cached reason) and a grace period for the alarm to be heard."""
    return timeout + max(5.0, timeout / 2) if timeout > 0 else 0.0


def _call(pair: tuple[Callable[[Any], Any], Any]) -> Any:
    """What a pool worker runs: the stage's function on one item (both sent together, so
    one pool serves the read and the extract stages)."""
    function, item = pair
    return function(item)


class Workers:
    """Runs a per-document function over items, in processes when that pays (see module).

    In processes the time limit of a document is hard: the alarm in the worker fails it with
    a reason, and a worker still busy :func:`hard_limit` seconds later (native code, which an
    alarm cannot interrupt) is killed and replaced (``libgraph.workpool``). In this process
    (fewer than :data:`POOL_MIN_DOCUMENTS` documents, or one job) only the alarm applies.
    """

    def __init__(self, state: BuildState) -> None:
        settings = state.settings
        assert state.static is not None
        self.args = (str(state.cache.new), str(state.static.nt), settings.base,
                     settings.curation, settings.timeout, settings.sources)
        self.processes = pool_size(settings.jobs, len(state.todo))
        self.timeout = settings.timeout
        self.pool: KillablePool[Any, Any] | None = None
        self.local = False

    def map(self, function: Callable[[T], R], items: Iterable[T],
            done: Callable[[T, R], None], failed: Callable[[T, str], R]) -> None:
        """Call ``done(item, function(item))`` for every item, in the order they finish; an
        item whose worker was killed or died gets ``failed(item, reason)`` instead."""
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
        self._map_pool(function, items, done, failed)

    def _map_pool(self, function: Callable[[T], R], items: list[T],
                  done: Callable[[T, R], None], failed: Callable[[T, str], R]) -> None:
        if self.pool is None:
            self.pool = KillablePool(_call, self.processes, init_worker, self.args,
                                     hard_limit(self.timeout), _start_method())
        for (_function, item), outcome in self.pool.run([(function, i) for i in items]):
            if isinstance(outcome, TaskTimeout):
                reason = (f"took longer than {self.timeout:g} s and could not be interrupted "
                          "(pathological input); its worker was stopped")
                done(item, failed(item, reason))
            elif isinstance(outcome, TaskCrash):
                done(item, failed(item, f"its worker process died (exit code "
                                        f"{outcome.exitcode}; out of memory?)"))
            elif isinstance(outcome, TaskError):
                done(item, failed(item, f"internal error: {outcome.message}"))
            else:
                done(item, outcome)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
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


PRELOAD = "libgraph.build.preload"


def prestart(jobs: int) -> bool:
    """Start the fork server now, with :mod:`.preload` imported in it (the workers' modules
    and models, warmed once), so that it loads while this process makes the static piece;
    returns whether it did. For a build that will use worker processes (:func:`pool_size`),
    with the forkserver start method, and only if the fork server is not running yet (a
    running one keeps the modules it has; the workers then warm up themselves, as before)."""
    from multiprocessing import forkserver

    if jobs <= 1 or _start_method() != "forkserver":
        return False
    server = forkserver._forkserver  # the process's one fork server
    if getattr(server, "_forkserver_pid", None) is not None:
        return False
    forkserver.set_forkserver_preload(["__main__", PRELOAD])
    forkserver.ensure_running()
    return True


def _take(items: Iterator[T], count: int) -> list[T]:
    out = []
    for item in items:
        out.append(item)
        if len(out) == count:
            break
    return out
