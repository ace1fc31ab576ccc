"""Pages rendered one at a time per process, in the order asked (web/gate.py), and the
gunicorn setting that keeps waiting clients in the shared queue (web/server.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from flask import Flask

from libgraph.web import create_app
from libgraph.web.backend import RemoteBackend
from libgraph.web.deadlines import BoundedThreadWorker
from libgraph.web.gate import FifoGate
from libgraph.web.server import gunicorn_options
from libgraph.web.state import Explorer


def _until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Wait on a condition (polled on an Event's timeout, not a fixed sleep)."""
    tick = threading.Event()
    for _ in range(int(seconds / 0.005)):
        if condition():
            return True
        tick.wait(0.005)
    return condition()


def test_the_gate_is_handed_over_in_arrival_order_to_one_holder_at_a_time() -> None:
    gate = FifoGate()
    order: list[int] = []
    inside = [0]
    most = [0]

    def enter(n: int) -> None:
        with gate:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
            order.append(n)
            inside[0] -= 1

    gate.__enter__()
    threads = []
    for n in range(8):  # each waits in line before the next arrives
        thread = threading.Thread(target=enter, args=(n,))
        thread.start()
        threads.append(thread)
        assert _until(lambda n=n: gate.waiting() == n + 1)
    assert order == []  # nobody passes while the gate is held
    gate.__exit__(None, None, None)
    for thread in threads:
        thread.join(10)
    assert order == list(range(8))
    assert most[0] == 1
    assert gate.waiting() == 0
    with gate:  # free again: entered at once
        assert gate.waiting() == 0


def _get(app: Flask, path: str, into: dict[str, int]) -> threading.Thread:
    def run() -> None:
        into[path] = app.test_client().get(path).status_code

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_pages_wait_for_the_gate_and_sparql_does_not(demo_build: tuple[Path, object]) -> None:
    build_dir, _report = demo_build
    app = create_app(config={"BUILD_DIR": str(build_dir), "RESPONSE_CACHE_BYTES": 0})
    gate = app.extensions["libgraph"].gate
    assert isinstance(gate, FifoGate)
    status: dict[str, int] = {}
    with gate:
        page = _get(app, "/people", status)
        assert _until(lambda: gate.waiting() == 1)  # the page waits in line
        form = _get(app, "/sparql", status)
        form.join(30)
        assert status.get("/sparql") == 200  # answered while the gate is held
        assert page.is_alive() and "/people" not in status
    page.join(30)
    assert status["/people"] == 200


def test_a_kept_page_does_not_wait_for_the_gate(demo_build: tuple[Path, object]) -> None:
    build_dir, _report = demo_build
    app = create_app(config={"BUILD_DIR": str(build_dir)})
    assert app.test_client().get("/people").status_code == 200  # rendered and kept
    status: dict[str, int] = {}
    with app.extensions["libgraph"].gate:
        thread = _get(app, "/people", status)
        thread.join(30)
        assert status.get("/people") == 200


def test_only_a_local_graph_is_gated() -> None:
    assert isinstance(create_app(ox.Store()).extensions["libgraph"].gate, FifoGate)
    remote = create_app(RemoteBackend("http://127.0.0.1:9/sparql", 1.0))
    state: Explorer = remote.extensions["libgraph"]
    assert state.gate is None  # pages over --endpoint wait on the network, not on this CPU


def test_a_page_process_takes_no_more_connections_than_it_has_threads() -> None:
    options = gunicorn_options("127.0.0.1", 5000, threads=6, processes=2)
    assert options["worker_connections"] == 6
    assert options["threads"] == 6 and options["workers"] == 2
    assert options["worker_class"] is BoundedThreadWorker  # request heads have a deadline
    assert gunicorn_options("::1", 80, 1, 2)["bind"] == "[::1]:80"
