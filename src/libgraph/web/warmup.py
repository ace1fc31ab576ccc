"""Fill the explorer's caches in the background after ``libgraph serve`` starts.

The graph never changes while the server runs, so list orders, facet indexes, the search
index, country networks and the comparison are computed once. On a million triples that is a
few seconds per list and a minute or two for the comparison: better spent before the first
reader arrives than while they wait.
"""

from __future__ import annotations

import threading
import time

from flask import Flask

PAGES = ("/index.json", "/meetings.json", "/people.json", "/organisations.json",
         "/projects.json", "/search.json?q=a", "/network/country/se.json",
         "/network/country/no.json", "/network/country/dk.json", "/compare.json")


def warm_up(app: Flask, pages: tuple[str, ...] = PAGES) -> threading.Thread:
    """Request each page once, in a daemon thread; returns the thread."""
    def run() -> None:
        client = app.test_client()
        started = time.monotonic()
        for page in pages:
            client.get(page)
        app.logger.info("caches warm after %.1f s", time.monotonic() - started)

    thread = threading.Thread(target=run, name="libgraph-warm-up", daemon=True)
    thread.start()
    return thread
