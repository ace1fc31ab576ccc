"""Serving the explorer: waitress in one process, or gunicorn with several forked processes.

Pages are rendered by Python, so one process renders on one core however many threads it has
(the interpreter lock). ``--processes N`` runs N page processes under gunicorn, which forks
them from a parent that has already loaded the graph and filled the per-app caches (list
orders, facet indexes, the search index, labels): the children share those pages of memory
copy-on-write, so N processes cost far less than N copies, and each starts warm.

Rules that keep forking safe: nothing in the parent starts a thread or a SPARQL worker before
the fork (the warm-up runs synchronously there); each child starts its own SPARQL worker pool
(``--workers`` is shared out between the processes) and fills the comparison in a background
thread of its own, coordinated through :mod:`libgraph.web.shared` so that only one
process computes it. Keep-alive is off with several processes: a kept connection would tie a
client to one process, and busy clients that connected at once can all land on the same one.
"""

from __future__ import annotations

import sys
from typing import Any

from flask import Flask

from .warmup import PAGES, warm_up

SLOW_PAGES = ("/compare.json",)  # minutes on a large graph: filled after the fork, once


def serve(app: Flask, host: str, port: int, threads: int, processes: int, local: bool,
          warm: bool, proxy_hops: int = 0) -> None:
    """Serve ``app`` until interrupted (``local``: the graph is a build held in memory).

    ``proxy_hops``: reverse proxies in front whose ``X-Forwarded-For`` names the client (the
    per-client query limit needs the real address, not the proxy's).
    """
    from .security import quiet_logs

    quiet_logs()
    if proxy_hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxy_hops)  # type: ignore[method-assign]
    if processes <= 1 or sys.platform == "win32":
        _serve_waitress(app, host, port, threads, local, warm)
    else:
        _serve_gunicorn(app, host, port, threads, processes, local, warm)


def _start_sparql(app: Flask) -> None:
    from .views.sparql import sparql_service

    with app.app_context():
        sparql_service().pool().warm_up()


def _serve_waitress(app: Flask, host: str, port: int, threads: int, local: bool,
                    warm: bool) -> None:
    from waitress import serve

    if local:
        _start_sparql(app)
    if warm:
        warm_up(app)
    # waitress would otherwise buffer bodies up to 1 GB before Flask's 1 MiB limit refuses
    # them; up to 8 times that, the client still gets Flask's clean 413 (waitress itself
    # answers a larger body by closing the connection while the client is still sending)
    body_limit = 8 * int(app.config.get("MAX_CONTENT_LENGTH") or 1 << 20)
    serve(app, host=host, port=port, threads=threads, ident="libgraph",
          max_request_body_size=body_limit)


def gunicorn_options(host: str, port: int, threads: int, processes: int) -> dict[str, Any]:
    """gunicorn's settings for ``processes`` page processes of ``threads`` threads each.

    ``worker_connections`` is the number of threads: a page process accepts no connection it
    has no thread for, so clients beyond that wait in the kernel's queue of the shared
    socket, where whichever process is free first takes the next one. (gunicorn's default,
    1000, lets one process take a burst of connections while the other sits idle.) The
    worker is gunicorn's ``gthread`` with a deadline on each request's head (deadlines.py).
    """
    from .deadlines import BoundedThreadWorker

    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": processes, "worker_class": BoundedThreadWorker, "threads": threads,
        "worker_connections": threads,
        "preload_app": True, "keepalive": 0, "graceful_timeout": 5, "timeout": 120,
        "accesslog": None, "errorlog": "-", "loglevel": "warning",
        "control_socket_disable": True, "proc_name": "libgraph-serve",
    }


def _serve_gunicorn(app: Flask, host: str, port: int, threads: int, processes: int,
                    local: bool, warm: bool) -> None:
    from gunicorn.app.base import BaseApplication

    from .shared import make_shared_dir

    app.config["SHARED_DIR"] = str(make_shared_dir())
    if warm:  # in the parent, before the fork, so every child starts with these caches
        fast = tuple(p for p in PAGES if p not in SLOW_PAGES)
        warm_up(app, fast, background=False)

    def post_fork(_server: Any, _worker: Any) -> None:
        if local:
            _start_sparql(app)
        if warm:
            warm_up(app, SLOW_PAGES)

    options = gunicorn_options(host, port, threads, processes)
    options["post_fork"] = post_fork

    class Server(BaseApplication):  # type: ignore[misc]
        """gunicorn, configured here rather than from its command line."""

        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings:  # options an older gunicorn lacks are skipped
                    self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    Server().run()
