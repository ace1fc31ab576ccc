"""A fuzz pass over every route of the explorer: paths and query parameters, no 500.

Hypothesis draws, for each route of the app's URL map, path segments and query strings from
raw bytes (invalid percent-encoding, invalid UTF-8, control characters, overlong values), the
parameters the pages read and made-up ones, and checks the answer is never a 500 (a 503 for
"being computed" or a 504 for a stopped query are honest answers; a 500 never is). The app
runs as in production (not in testing mode), so an exception would become a 500 here.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from libgraph.web.render import PAGE_PARAMS

ROUTES = ["/", "/index.json", "/favicon.ico", "/id/{}", "/vocab/{}", "/resource",
          "/meetings", "/people.json", "/organisations.csv", "/projects", "/search",
          "/search.json", "/sparql", "/queries", "/queries.json", "/network",
          "/network.json", "/network.graphml", "/network/country/{}",
          "/network/country/{}.json", "/compare", "/compare.json", "/compare.csv",
          "/static/{}", "/{}"]
NAMES = sorted(PAGE_PARAMS | {"country", "year", "topic", "query", "default-graph-uri",
                              "named-graph-uri", "update", "zz"})

# Raw pieces of a URL: percent-escapes of any byte (valid UTF-8 or not), reserved characters,
# non-ASCII text, and long runs.
escape = st.integers(0, 255).map(lambda b: f"%{b:02x}")
piece = st.one_of(escape, st.sampled_from(["/", "..", ".", "%", "%%", "%2f", "?", "#", "&",
                                           "=", ";", "+", " ", "\\", "~", ".json", ".ttl"]),
                  st.text(max_size=8).map(lambda t: urllib.parse.quote(t, safe="")),
                  st.sampled_from(["person", "se", "meeting", "a" * 300, "x" * 3000]))
raw = st.lists(piece, max_size=12).map("".join)
param = st.tuples(st.one_of(st.sampled_from(NAMES), raw), raw)
query_string = st.lists(param, max_size=6).map(
    lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))


@pytest.fixture(scope="module")
def app(demo_build: tuple[Path, object]) -> Iterator[Flask]:
    from libgraph.web import create_app
    from libgraph.web.views.sparql import sparql_service

    flask_app = create_app(None, {"BUILD_DIR": str(demo_build[0]), "SPARQL_WORKERS": 1,
                                  "SPARQL_TIMEOUT": 3.0, "COMPARE_WAIT": 0.0})
    flask_app.testing = False
    yield flask_app
    with flask_app.app_context():
        sparql_service().close()


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(route=st.sampled_from(ROUTES), segment=raw, query=query_string,
       accept=st.sampled_from(["", "text/html", "application/json", "text/turtle",
                               "text/csv", "*/*", "image/png", "application/ld+json;q=0.1"]))
def test_no_route_answers_500(app: Flask, route: str, segment: str, query: str,
                              accept: str) -> None:
    path = route.format(segment) if "{}" in route else route
    client = app.test_client()
    headers = {"Accept": accept} if accept else {}
    target = path + ("?" + query if query else "")
    response = client.get(target, headers=headers)
    assert response.status_code != 500, target
    if route == "/sparql":
        posted = client.post("/sparql", data=query.encode("latin-1", "replace"), headers={
            "Content-Type": "application/x-www-form-urlencoded", **headers})
        assert posted.status_code != 500, query
