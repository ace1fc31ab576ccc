"""Slow clients, as an attacker sends them: connections that send half a request and then
nothing. Against the real server: waitress (one process) and gunicorn (``--processes 2``,
whose thread worker would otherwise hold a thread per such connection for ever; see
web/deadlines.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from libgraph.web.deadlines import HEAD_SECONDS
from test_web_server import ROOT, free_port, wait_until_up

SLOW = 24  # more connections than the 2 x 8 request threads of --processes 2
HALF = b"GET /people HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n"  # no blank line: unfinished


def _closed_by_server(sock: socket.socket) -> bool:
    sock.settimeout(0.05)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except OSError:
        return True


def _until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.parametrize("processes", [1, 2])
def test_half_sent_requests_do_not_stop_the_explorer(demo_build: tuple[Path, object],
                                                     processes: int) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "libgraph.cli", "serve", "--build", str(demo_build[0]),
         "--port", str(port), "--processes", str(processes), "--threads", "8",
         "--workers", "2"],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    slow: list[socket.socket] = []
    try:
        wait_until_up(base + "/index.json", process)
        for _ in range(SLOW):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(HALF)
            slow.append(sock)
        started = time.monotonic()
        for path in ("/people?lang=en", "/search?q=bibliotek", "/sparql"):
            with urllib.request.urlopen(base + path, timeout=HEAD_SECONDS * 3) as response:
                assert response.status == 200, path
        assert time.monotonic() - started < HEAD_SECONDS * 2.5
        if processes > 1:  # the connections a thread took are cut at their deadline
            assert _until(lambda: sum(_closed_by_server(s) for s in slow) >= 2 * 8,
                          HEAD_SECONDS * 2)
    finally:
        for sock in slow:
            sock.close()
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
