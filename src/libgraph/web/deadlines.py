"""A deadline for each request's head under gunicorn (``serve --processes N``).

gunicorn's thread worker reads a request on one of its threads, from a blocking socket with
no time limit: a client that sends half a request line and then nothing (or one byte now and
then, "slowloris") holds that thread for as long as it likes, and twenty such connections
held every thread of ``--processes 2 --threads 8``, so that no page, no search and no query
was answered at all (measured: every request timed out). waitress, which serves one
process, reads requests in its own event loop and never hands a thread an unfinished one.

:class:`BoundedThreadWorker` gives a connection ``HEAD_SECONDS`` from the moment a thread
takes it until its request line and headers have been read; a watcher thread shuts the
socket of any connection past that, which wakes the blocked read, and gunicorn closes the
connection. Once the head is read, each read of the body and each write of the response may
take ``IO_SECONDS`` at most (waitress's own limit for an idle connection): a client that
stops reading its response no longer holds a thread for ever, and a 32 MB SPARQL answer (the
largest there is) still reaches a client that takes 270 KB a second.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

HEAD_SECONDS = 10.0  # the request line and headers, from the moment a thread takes them
IO_SECONDS = 120.0  # each later read or write on the connection (one sendall: the whole of it)
WATCH_SECONDS = 0.25  # how often the watcher looks


class BoundedThreadWorker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's ``gthread`` worker with a deadline on reading each request's head."""

    def init_process(self) -> None:
        # in the page process, after the fork (no thread runs in the parent before it);
        # the base class's init_process runs the worker's loop and does not return
        self._heads: dict[Any, float] = {}
        self._heads_lock = threading.Lock()
        threading.Thread(target=self._watch, name="libgraph-head-deadlines",
                         daemon=True).start()
        super().init_process()

    def handle(self, conn: Any) -> Any:
        with self._heads_lock:
            self._heads[conn] = time.monotonic() + HEAD_SECONDS
        try:
            return super().handle(conn)
        finally:
            self._done_reading(conn)

    def handle_request(self, req: Any, conn: Any) -> Any:
        self._done_reading(conn)  # the head is in: the application runs now
        conn.sock.settimeout(IO_SECONDS)
        return super().handle_request(req, conn)

    def _done_reading(self, conn: Any) -> None:
        with self._heads_lock:
            self._heads.pop(conn, None)

    def _watch(self) -> None:
        """Shut the sockets of connections whose head is late (their thread then sees the
        connection end and lets it go)."""
        while True:
            time.sleep(WATCH_SECONDS)
            now = time.monotonic()
            with self._heads_lock:
                late = [conn for conn, deadline in self._heads.items() if deadline < now]
                for conn in late:
                    del self._heads[conn]
            for conn in late:
                with contextlib.suppress(OSError):  # closed meanwhile
                    conn.sock.shutdown(socket.SHUT_RDWR)
