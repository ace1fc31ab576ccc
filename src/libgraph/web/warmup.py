"""Fill the explorer's caches in the background after ``libgraph serve`` starts.

The graph never changes while the server runs, so list orders, facet indexes, the search
index, country networks and the comparison are computed once. On a million triples that is a
few seconds per list and a minute or two for the comparison: better spent before the first
reader arrives than while they wait.
"""

from __future__ import annotations

import gc
import threading
import time

from flask import Flask

LISTS = ("/meetings.json", "/people.json", "/organisations.json", "/projects.json")
# Every row of each list: on a build this fills the list-row cells of every item, so that no
# list page has to ask the store for its rows' columns (over an endpoint, where cells are not
# kept, these pages are skipped: they would only load the remote server).
ROWS = tuple(f"{p}?all=1" for p in LISTS)
# A filtered page of each list also builds the per-item facet values that counting under
# any filter uses.
PAGES = ("/index.json", *LISTS, *(f"{p}?country=se" for p in LISTS), *ROWS, "/search.json?q=a",
         "/network/country/se.json", "/network/country/no.json", "/network/country/dk.json",
         "/compare.json")


def warm_up(app: Flask, pages: tuple[str, ...] = PAGES,
            background: bool = True) -> threading.Thread | None:
    """Request each page once, in a daemon thread (returned), or here and now when not
    ``background`` (before ``libgraph serve --processes`` forks, where no thread may run)."""
    def run() -> None:
        client = app.test_client()
        started = time.monotonic()
        keeps_cells = app.extensions["libgraph"].cells is not None
        for page in pages:
            if keeps_cells or page not in ROWS:
                client.get(page)
        compile_templates(app)
        build_indexes(app)
        # What is alive now (the graph's caches, the app) lives as long as the server: the
        # collector need not walk it again on every full collection while pages are served
        # (about 7 % of an entity page's CPU on a 1,000-document build), and before a fork
        # it then leaves those pages of memory shared.
        gc.collect()
        gc.freeze()
        app.logger.info("caches warm after %.1f s", time.monotonic() - started)

    if not background:
        run()
        return None
    thread = threading.Thread(target=run, name="libgraph-warm-up", daemon=True)
    thread.start()
    return thread


def build_indexes(app: Flask) -> None:
    """Read a build's mentions into the evidence index now (one scan per property: 2.9 s of
    CPU on a million-triple build), before a fork, so every page process shares it and no
    entity page waits for it."""
    from .backend import LocalBackend
    from .data import evidence_local

    backend = app.extensions["libgraph"].backend
    if isinstance(backend, LocalBackend):
        evidence_local.index(backend)


def compile_templates(app: Flask) -> None:
    """Compile every page template now (Jinja keeps them; a first HTML page of each kind
    would otherwise pay 10-50 ms for it, once in each page process after the fork)."""
    env = app.jinja_env
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)
