"""The explorer's index look-ups on a build answer what its SPARQL queries answer.

On a build the explorer reads labels, an entity's statements, the people of a meeting and the
evidence of a page's rows, and the types and countries of search hits, by
``quads_for_pattern`` or from the index of the mentions (``evidence_local.MentionIndex``)
instead of asking SPARQL (the parse and plan of a query cost more than its answer). Every
such shortcut is taken only for a ``LocalBackend`` (and the incoming links only below a size
limit); with the shortcuts switched off (the class names a type no backend has, the limit
below zero) every page must come out byte for byte the same, HTML and JSON."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from flask import Flask

import libgraph.web
from libgraph.web.data import entity

LISTS = ("/meetings.json", "/people.json", "/organisations.json", "/projects.json")
SEARCHES = ("q=bibliotek", "q=kommun*", "q=region&lang=en", "q=kultur&kind=org", "q=a*&page=2")


class NoBackend:
    """A class no backend is an instance of: every look-up gate says no."""


def _app(build: Path) -> Flask:
    from libgraph.web import create_app

    return create_app(None, {"BUILD_DIR": str(build), "SPARQL_WORKERS": 1,
                             "RESPONSE_CACHE_BYTES": 0})


def _pages(app: Flask) -> dict[str, bytes]:
    """Every entity page linked from the four lists (all their pages), as HTML and JSON."""
    client, hrefs = app.test_client(), set()
    for url in LISTS:
        first = client.get(url).get_json()
        for page in range(1, first["pages"] + 1):
            rows = client.get(f"{url}?page={page}").get_json()["rows"]
            hrefs.update(row["item"]["href"] for row in rows)
    out = {}
    for href in sorted(hrefs):
        out[href] = client.get(href).data
        out[href + ".json"] = client.get(href + ".json").data
    for query in SEARCHES:  # each hit's types and countries
        out[f"/search?{query}"] = client.get(f"/search?{query}").data
        out[f"/search.json?{query}"] = client.get(f"/search.json?{query}").data
    return out


def _web_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(libgraph.web.__path__, "libgraph.web.")]


@pytest.mark.slow
def test_pages_are_the_same_without_the_look_ups(demo_build, monkeypatch) -> None:
    build = demo_build[0]
    with_look_ups = _pages(_app(build))
    assert len(with_look_ups) > 100
    for name in _web_modules():
        module = importlib.import_module(name)
        if name != "libgraph.web.backend" and hasattr(module, "LocalBackend"):
            monkeypatch.setattr(module, "LocalBackend", NoBackend)
    monkeypatch.setattr(entity, "INCOMING_LOOKUP", -1)
    without = _pages(_app(build))
    assert without.keys() == with_look_ups.keys()
    differ = [url for url in with_look_ups if with_look_ups[url] != without[url]]
    assert not differ, differ[:5]
