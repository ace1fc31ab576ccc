"""The fork server of a full build starts warm: the workers' modules and models are loaded once
in it, while the main process plans, and the workers forked from it inherit them.

Each check runs in a fresh interpreter, because the fork server is one per process (pytest's
own may be running already, and then ``prestart`` rightly leaves it alone)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="forkserver and /proc")


def _run(code: str, where: Path) -> str:
    """Run ``code`` as a script file (a fork server's workers import its functions)."""
    script = where / "script.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, check=True)
    return done.stdout.strip()


def test_workers_forked_after_prestart_are_warm_without_warming_themselves(tmp_path: Path
                                                                            ) -> None:
    out = _run("""
        import multiprocessing, sys
        from libgraph.build import workers

        def probe(_):
            from libgraph.build import workers
            return ("libgraph.build.preload" in sys.modules, bool(workers._WARMED))

        if __name__ == "__main__":
            first = workers.prestart(2)
            again = workers.prestart(2)  # running already: left alone
            with multiprocessing.get_context("forkserver").Pool(2) as pool:
                print(first, again, sorted(set(pool.map(probe, range(4)))), workers._WARMED)
    """, tmp_path)
    # warm in the workers, and this (main) process never warmed up
    assert out == "True False [(True, True)] []"


def test_no_prestart_for_one_job(tmp_path: Path) -> None:
    out = _run("""
        from multiprocessing import forkserver
        from libgraph.build import workers
        print(workers.prestart(1), forkserver._forkserver._forkserver_pid)
    """, tmp_path)
    assert out == "False None"


def test_the_warm_up_leaves_no_thread_behind_so_forking_after_it_is_safe(tmp_path: Path
                                                                          ) -> None:
    out = _run("""
        import os
        from libgraph.build import workers
        workers.warm_up()
        workers.warm_up()  # once per process
        print(len(os.listdir("/proc/self/task")), workers._WARMED)
    """, tmp_path)
    assert out == "1 [True]"


class _Planned(Exception):
    """Raised where the build would start the fork server: the test has what it needs."""


@pytest.mark.parametrize(("least", "started"), [(8, False), (2, True)])
def test_the_fork_server_is_started_only_when_the_documents_need_worker_processes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, least: int, started: bool) -> None:
    """Five documents with two jobs: no pool below the threshold of eight, so no fork
    server is started for it; with a threshold of two there is a pool, and it is started
    once the documents are planned (the build is stopped there)."""
    from libgraph.build import build_graph, pipeline
    from libgraph.build import workers as workers_module

    from conftest import DEMO

    asked: list[int] = []

    def record(jobs: int) -> bool:
        asked.append(jobs)
        raise _Planned

    def stop(_state: object) -> None:  # past the plan: nothing more to see
        raise _Planned

    monkeypatch.setattr(workers_module, "POOL_MIN_DOCUMENTS", least)
    monkeypatch.setattr(pipeline, "prestart", record)
    monkeypatch.setattr(pipeline, "Workers", stop)
    with pytest.raises(_Planned):
        build_graph([DEMO], out=tmp_path / "out", jobs=2)
    assert asked == ([2] if started else [])
