"""The killable pool: a task over the limit is killed even inside native code, a crash is
reported and its worker replaced, and the other tasks go on."""

from __future__ import annotations

import os
import time

import pytest

from libgraph.workpool import KillablePool, TaskCrash, TaskError, TaskTimeout


def _work(task: object) -> object:
    if task == "spin":
        # One long C call that never returns to the interpreter: no signal handler can run
        # here, which is why SIGALRM could not stop such a task and a kill can.
        return sum(range(10**13))
    if task == "crash":
        os._exit(3)
    if task == "raise":
        raise ValueError("bad task")
    return f"done {task}"


def _init(marker: str) -> None:
    os.environ["WORKPOOL_TEST"] = marker


def _marker(_task: object) -> str:
    return os.environ.get("WORKPOOL_TEST", "")


def test_a_task_over_the_limit_is_killed_and_the_others_finish() -> None:
    tasks = ["a", "spin", "b", "crash", "c", "raise", "d"]
    with KillablePool(_work, workers=2, timeout=3.0) as pool:
        outcomes = dict(pool.run(tasks))
    assert set(outcomes) == set(tasks)
    assert outcomes["spin"] == TaskTimeout(3.0)
    assert outcomes["crash"] == TaskCrash(3)
    assert outcomes["raise"] == TaskError("ValueError: bad task")
    assert [outcomes[t] for t in "abcd"] == [f"done {t}" for t in "abcd"]


def test_every_worker_is_initialised_once_and_replacements_too() -> None:
    with KillablePool(_marker, workers=2, initializer=_init, initargs=("ok",),
                      timeout=30) as pool:
        assert {outcome for _task, outcome in pool.run(range(6))} == {"ok"}


def test_no_tasks_start_no_workers() -> None:
    with KillablePool(_work, workers=4) as pool:
        assert list(pool.run([])) == []
        assert not pool._workers


def test_an_idle_worker_that_dies_is_replaced() -> None:
    """A worker killed between tasks (the OOM killer, an operator) costs no task."""
    with KillablePool(_work, workers=2, timeout=30) as pool:
        assert dict(pool.run(["a", "b"])) == {"a": "done a", "b": "done b"}
        pool._workers[0].process.kill()
        pool._workers[0].process.join()
        assert dict(pool.run(["c", "d", "e"])) == {t: f"done {t}" for t in "cde"}


def _slow_init() -> None:
    time.sleep(1.0)


def _failing_init() -> None:
    raise OSError("lexicon missing")


def test_a_worker_killed_while_starting_is_replaced() -> None:
    """Killed before it said ready (the race CI met): a new worker starts, no task is lost."""
    with KillablePool(_work, workers=2, initializer=_slow_init, timeout=30) as pool:
        pool._workers = [pool._spawn(), pool._spawn()]
        pool._workers[0].process.kill()  # still inside its one-second initializer
        assert dict(pool.run(["f", "g", "h"])) == {t: f"done {t}" for t in "fgh"}


def test_an_initializer_that_always_fails_stops_the_run() -> None:
    with KillablePool(_work, workers=1, initializer=_failing_init, timeout=30) as pool, \
            pytest.raises(RuntimeError, match="failed to start 3 times"):
        list(pool.run(["a"]))
