"""Worker processes with a hard time limit per task: a task over the limit is killed.

Why not a signal in the worker: ``SIGALRM`` runs its Python handler only between bytecodes,
and an exception raised by it can be swallowed where it lands (a ``__del__``, a callback,
an ``except BaseException``), after which the task runs on with no limit at all. A process
that is killed stops, whatever it was doing. Why not ``ProcessPoolExecutor``: it cannot kill
one worker; killing any breaks the whole pool.

Each worker runs ``initializer(*initargs)`` once (loading lexicons and models), says it is
ready, then runs tasks one at a time. The clock of a task starts when it is handed to a ready
worker, so the limit measures the task and not the worker's start. A killed or crashed worker
is replaced, and the task that was running is reported as :class:`TaskTimeout` or
:class:`TaskCrash`; the other tasks go on. A worker that dies before it is ready is replaced
too (it may have been killed from outside while loading); only when starts keep failing
(:data:`START_ATTEMPTS` in a row, e.g. an initializer that raises) does ``run`` give up.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_READY = "ready"
START_ATTEMPTS = 3


@dataclass(frozen=True)
class TaskTimeout:
    """The task ran longer than the limit; its worker was killed."""

    seconds: float


@dataclass(frozen=True)
class TaskCrash:
    """The worker died while running the task (a crash in native code, out of memory)."""

    exitcode: int | None


@dataclass(frozen=True)
class TaskError:
    """The task raised; ``message`` is ``Type: text`` of the exception."""

    message: str


Outcome = Any  # R | TaskTimeout | TaskCrash | TaskError


def _serve(conn: Connection, func: Callable[[Any], Any],
           initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """A worker's life: initialise, say ready, then answer one task per message."""
    if initializer is not None:
        initializer(*initargs)
    conn.send(_READY)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        try:
            conn.send((True, func(task)))
        except Exception as err:  # reported to the parent, which names the task
            conn.send((False, f"{type(err).__name__}: {err}"))


class _Worker:
    def __init__(self, context: Any, func: Callable[[Any], Any],
                 initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, func, initializer, initargs),
                                       daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.task: Any = None
        self.deadline = 0.0

    def kill(self) -> int | None:
        self.process.kill()
        self.process.join()
        self.conn.close()
        return self.process.exitcode


class KillablePool(Generic[T, R]):
    """Run ``func`` over tasks in ``workers`` processes, each task within ``timeout`` seconds.

    ``run`` yields ``(task, outcome)`` in completion order; ``outcome`` is ``func``'s result or
    one of :class:`TaskTimeout`, :class:`TaskCrash`, :class:`TaskError`. ``func``,
    ``initializer`` and tasks must be picklable (module-level functions, plain data).
    """

    def __init__(self, func: Callable[[T], R], workers: int = 1,
                 initializer: Callable[..., None] | None = None,
                 initargs: tuple[Any, ...] = (), timeout: float = 0.0,
                 start_method: str = "forkserver") -> None:
        self._context = multiprocessing.get_context(start_method)
        self._spawn = lambda: _Worker(self._context, func, initializer, initargs)
        self._size = max(1, workers)
        self._timeout = timeout
        self._workers: list[_Worker] = []
        self._failed_starts = 0

    def __enter__(self) -> KillablePool[T, R]:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker (an idle one exits at once; a busy one is killed)."""
        for worker in self._workers:
            worker.kill()
        self._workers.clear()

    def run(self, tasks: Iterable[T]) -> Iterator[tuple[T, Outcome]]:
        pending = deque(tasks)
        if not pending:
            return
        while len(self._workers) < min(self._size, len(pending)):
            self._workers.append(self._spawn())
        busy = 0
        while pending or busy:
            busy += self._hand_out(pending)
            for task, outcome in self._collect():
                busy -= 1
                yield task, outcome

    def _hand_out(self, pending: deque[T]) -> int:
        given = 0
        for index, worker in enumerate(list(self._workers)):
            if worker.ready and worker.task is None and pending:
                task = pending.popleft()
                try:
                    worker.conn.send(task)
                except OSError:  # it died while idle: a new one takes the task later
                    pending.appendleft(task)
                    self._replace(index, worker)
                    continue
                worker.task = task
                worker.deadline = time.monotonic() + self._timeout if self._timeout > 0 else 0
                given += 1
        return given

    def _collect(self) -> list[tuple[T, Outcome]]:
        """Wait for a message or the nearest deadline; return the tasks that ended."""
        deadlines = [w.deadline for w in self._workers if w.task is not None and w.deadline]
        wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = wait([w.conn for w in self._workers], timeout=wait_for)
        ended: list[tuple[T, Outcome]] = []
        for index, worker in enumerate(list(self._workers)):
            if worker.conn in ready:
                ended.extend(self._receive(index, worker))
            elif worker.task is not None and worker.deadline and \
                    time.monotonic() >= worker.deadline:
                ended.append((worker.task, TaskTimeout(self._timeout)))
                self._replace(index, worker)
        return ended

    def _receive(self, index: int, worker: _Worker) -> list[tuple[T, Outcome]]:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError) as err:
            task, started = worker.task, worker.ready
            code = self._replace(index, worker)
            if not started:
                self._failed_starts += 1
                if self._failed_starts >= START_ATTEMPTS:  # the initializer itself fails
                    raise RuntimeError(f"worker processes failed to start {START_ATTEMPTS} "
                                       f"times in a row (last exit code {code})") from err
            return [] if task is None else [(task, TaskCrash(code))]
        if message == _READY:
            worker.ready = True
            self._failed_starts = 0
            return []
        task, worker.task = worker.task, None
        ok, value = message
        return [(task, value if ok else TaskError(value))]

    def _replace(self, index: int, worker: _Worker) -> int | None:
        code = worker.kill()
        self._workers[index] = self._spawn()
        return code
