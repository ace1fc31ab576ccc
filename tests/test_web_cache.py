"""The rendered-response cache (libgraph.web.cache): bytes, ETags, 304s, what is never kept.

Three levels: the LRU itself, the middleware around a small Flask app whose views count their
calls (so a hit is proven by the view not running), and the explorer over the demo build,
through Flask's test client and through a real ``libgraph serve``.
"""

from __future__ import annotations

import http.client
import urllib.parse
from pathlib import Path

import pytest
from flask import Flask, Response, request

from libgraph.web import create_app
from libgraph.web.cache import ByteLRU, CachedResponse, ResponseCache, etag_matches
from test_web_server import running_server

ID = "https://w3id.org/libgraph/id/"
HTML = {"Accept": "text/html"}
TURTLE = {"Accept": "text/turtle"}


def entry(size: int) -> CachedResponse:
    return CachedResponse("200 OK", (), b"x" * size, '"t"')


# --- ByteLRU -------------------------------------------------------------------------------

def test_lru_never_holds_more_bytes_than_its_cap() -> None:
    lru = ByteLRU(10_000, max_entry=5_000)
    for i in range(200):
        assert lru.put(i, entry(100 + (i * 37) % 900))
        assert lru.bytes <= 10_000
        assert lru.bytes == sum(lru.get(k).size for k in lru.order())
    assert lru.evictions > 0 and 0 < len(lru) < 200
    assert 199 in lru and 0 not in lru


def test_lru_evicts_the_least_recently_used() -> None:
    size = entry(1000).size
    lru = ByteLRU(3 * size, max_entry=size)
    for key in "abc":
        lru.put(key, entry(1000))
    assert lru.get("a") is not None  # a is now the most recent; b is the oldest
    lru.put("d", entry(1000))
    assert lru.order() == ["c", "a", "d"]


def test_lru_refuses_entries_over_the_per_entry_cap_and_replaces_in_place() -> None:
    lru = ByteLRU(100_000, max_entry=2_000)
    assert not lru.put("big", entry(5_000)) and "big" not in lru and lru.bytes == 0
    lru.put("k", entry(1_000))
    lru.put("k", entry(500))
    assert len(lru) == 1 and lru.bytes == entry(500).size


def test_if_none_match_comparison() -> None:
    assert etag_matches('"abc"', '"abc"')
    assert etag_matches('"x", W/"abc"', '"abc"')
    assert etag_matches("*", '"abc"')
    assert not etag_matches('"abcd"', '"abc"')


# --- the middleware around a counting app ---------------------------------------------------

@pytest.fixture()
def counted() -> tuple[Flask, dict[str, int], ByteLRU]:
    app = Flask(__name__)
    calls: dict[str, int] = {}

    def count(name: str) -> None:
        calls[name] = calls.get(name, 0) + 1

    @app.route("/page")
    def page() -> Response:
        count("page")
        response = Response(f"page for {request.headers.get('Accept')} #{calls['page']}")
        response.vary.add("Accept")
        return response

    @app.route("/missing")
    def missing() -> Response:
        count("missing")
        return Response("no", status=404)

    @app.route("/boom")
    def boom() -> Response:
        count("boom")
        raise RuntimeError("boom")

    @app.route("/cookie")
    def cookie() -> Response:
        count("cookie")
        response = Response("with a cookie")
        response.set_cookie("a", "b")
        return response

    @app.route("/vary-agent")
    def vary_agent() -> Response:
        count("vary-agent")
        response = Response("depends on the browser")
        response.vary.add("User-Agent")
        return response

    @app.route("/stream")
    def stream() -> Response:
        count("stream")
        return Response((part for part in [b"one ", b"two"]), mimetype="text/plain")

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        count("sparql")
        return Response("results")

    @app.route("/form", methods=["GET", "POST"])
    def form() -> Response:
        count("form")
        return Response("form")

    lru = ByteLRU(1 << 20)
    app.wsgi_app = ResponseCache(app.wsgi_app, lru)  # type: ignore[method-assign]
    return app, calls, lru


def test_a_hit_returns_identical_bytes_without_running_the_view(counted) -> None:
    app, calls, _lru = counted
    client = app.test_client()
    first = client.get("/page", headers=HTML)
    second = client.get("/page", headers=HTML)
    assert calls["page"] == 1
    assert first.get_data() == second.get_data() == b"page for text/html #1"
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert first.headers["ETag"] == second.headers["ETag"]
    assert second.headers["Cache-Control"] == "no-cache"
    assert second.headers["Content-Length"] == str(len(second.get_data()))


def test_each_accept_header_has_its_own_entry(counted) -> None:
    app, calls, _lru = counted
    client = app.test_client()
    html = client.get("/page", headers=HTML)
    json_ = client.get("/page", headers={"Accept": "application/json"})
    assert calls["page"] == 2 and html.get_data() != json_.get_data()
    assert html.headers["ETag"] != json_.headers["ETag"]
    assert client.get("/page", headers={"Accept": "application/json"}).get_data() == \
        json_.get_data()
    assert client.get("/page", headers=HTML).get_data() == html.get_data()
    assert calls["page"] == 2


def test_if_none_match_gives_304_without_a_body(counted) -> None:
    app, calls, _lru = counted
    client = app.test_client()
    etag = client.get("/page", headers=HTML).headers["ETag"]
    not_modified = client.get("/page", headers={**HTML, "If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.get_data() == b""
    assert not_modified.headers["ETag"] == etag and "Content-Length" not in \
        not_modified.headers
    assert not_modified.headers["Vary"] == "Accept"
    changed = client.get("/page", headers={**HTML, "If-None-Match": '"other"'})
    assert changed.status_code == 200 and changed.get_data()
    assert calls["page"] == 1


def test_head_is_answered_from_the_get_entry(counted) -> None:
    app, calls, _lru = counted
    client = app.test_client()
    head = client.head("/page", headers=HTML)
    get = client.get("/page", headers=HTML)
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["Content-Length"] == str(len(get.get_data()))
    assert head.headers["ETag"] == get.headers["ETag"] and get.headers["X-Cache"] == "hit"
    assert calls["page"] == 1


@pytest.mark.parametrize("path", ["/missing", "/boom", "/cookie", "/vary-agent", "/stream",
                                  "/sparql"])
def test_errors_cookies_other_varies_streams_and_sparql_are_never_kept(counted,
                                                                       path: str) -> None:
    app, calls, lru = counted
    client = app.test_client()
    first = client.get(path)
    second = client.get(path)
    assert calls[path.strip("/")] == 2
    assert len(lru) == 0 and "X-Cache" not in second.headers
    assert first.status_code == second.status_code
    if path == "/stream":
        assert second.get_data() == b"one two"


def test_posts_are_never_kept(counted) -> None:
    app, calls, lru = counted
    client = app.test_client()
    client.post("/form", data={"a": "1"})
    client.post("/form", data={"a": "1"})
    client.post("/sparql", data={"query": "ASK {}"})
    assert calls["form"] == 2 and calls["sparql"] == 1 and len(lru) == 0


def test_the_byte_cap_holds_in_the_middleware(counted) -> None:
    app, _calls, _lru = counted
    lru = ByteLRU(2_000, max_entry=1_000)
    app.wsgi_app = ResponseCache(app.wsgi_app.app, lru)  # type: ignore[attr-defined]
    client = app.test_client()
    for i in range(50):
        client.get("/page", headers={"Accept": f"text/x-{i}"})
        assert lru.bytes <= 2_000
    assert 0 < len(lru) < 50 and lru.evictions > 0


# --- the explorer ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def meeting(explorer: Flask) -> str:
    data = explorer.test_client().get("/meetings.json").get_json()
    return str(data["rows"][0]["item"]["href"])


def test_explorer_pages_are_served_again_byte_for_byte(explorer: Flask, meeting: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    client = explorer.test_client()
    path = meeting + "?lang=en"
    first = client.get(path, headers=HTML)
    assert first.status_code == 200 and first.headers["X-Cache"] == "miss"

    def fail(*_args: object) -> None:
        raise AssertionError("the page was rendered again")

    monkeypatch.setattr("libgraph.web.views.entities.entity_data", fail)
    second = client.get(path, headers=HTML)
    assert second.headers["X-Cache"] == "hit" and second.get_data() == first.get_data()
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert second.headers["Link"] == first.headers["Link"]
    assert second.headers["Vary"] == "Accept, Cookie"


def test_explorer_negotiates_per_accept_and_the_etag_gives_304(explorer: Flask,
                                                               meeting: str) -> None:
    client = explorer.test_client()
    html = client.get(meeting, headers=HTML)
    turtle = client.get(meeting, headers=TURTLE)
    assert html.mimetype == "text/html" and turtle.mimetype == "text/turtle"
    again = client.get(meeting, headers=TURTLE)
    assert again.headers["X-Cache"] == "hit" and again.get_data() == turtle.get_data()
    assert again.mimetype == "text/turtle"
    assert client.get(meeting, headers=HTML).get_data() == html.get_data()
    for response, headers in ((html, HTML), (turtle, TURTLE)):
        etag = response.headers["ETag"]
        assert etag.startswith('"') and not etag.startswith("W/")
        revalidated = client.get(meeting, headers={**headers, "If-None-Match": etag})
        assert revalidated.status_code == 304 and revalidated.get_data() == b""
    wrong = client.get(meeting, headers={**TURTLE, "If-None-Match": html.headers["ETag"]})
    assert wrong.status_code == 200 and wrong.mimetype == "text/turtle"


def test_the_same_bytes_get_the_same_etag_in_another_app(explorer: Flask, meeting: str,
                                                         demo_build: tuple[Path, object]) -> None:
    other = create_app(None, {"BUILD_DIR": str(demo_build[0])})
    ours = explorer.test_client().get(meeting, headers=HTML)
    theirs = other.test_client().get(meeting, headers=HTML)
    assert ours.get_data() == theirs.get_data()
    assert ours.headers["ETag"] == theirs.headers["ETag"]


def test_explorer_errors_and_sparql_are_not_kept(explorer: Flask) -> None:
    client = explorer.test_client()
    lru = explorer.extensions["libgraph"].responses
    before = len(lru)
    for _ in range(2):
        assert client.get("/id/meeting/does-not-exist", headers=HTML).status_code == 404
        assert client.get("/search?q=x&kind=" + "y" * 10, headers=HTML).status_code == 200
        assert client.get("/id/meeting/x", headers={"Accept": "image/png"}).status_code == 406
        query = urllib.parse.quote("ASK { ?s ?p ?o }")
        assert client.get(f"/sparql?query={query}",
                          headers={"Accept": "application/sparql-results+json"}).status_code \
            == 200
        assert client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"},
                           headers={"Accept": "application/sparql-results+json"}
                           ).status_code == 200
    assert len(lru) == before + 1  # only the search page
    missing = client.get("/id/meeting/does-not-exist", headers=HTML)
    assert "X-Cache" not in missing.headers and "ETag" not in missing.headers


def test_static_files_have_cache_control_and_their_own_etag(explorer: Flask) -> None:
    response = explorer.test_client().get("/static/app.css")
    assert response.status_code == 200
    assert "max-age=3600" in response.headers["Cache-Control"]
    assert response.headers.get("ETag") and "X-Cache" not in response.headers


def test_a_small_cap_is_respected_and_zero_turns_the_cache_off(
        demo_build: tuple[Path, object]) -> None:
    small = create_app(None, {"BUILD_DIR": str(demo_build[0]), "RESPONSE_CACHE_BYTES": 200_000})
    lru = small.extensions["libgraph"].responses
    client = small.test_client()
    for lang in ("sv", "en", "nb", "da", "nn"):
        for path in ("/meetings", "/people", "/organisations", "/"):
            assert client.get(f"{path}?lang={lang}", headers=HTML).status_code == 200
            assert lru.bytes <= 200_000
    assert lru.evictions > 0 and len(lru) > 1
    off = create_app(None, {"BUILD_DIR": str(demo_build[0]), "RESPONSE_CACHE_BYTES": 0})
    assert off.extensions["libgraph"].responses is None
    assert "X-Cache" not in off.test_client().get("/", headers=HTML).headers


# --- a real server --------------------------------------------------------------------------

def test_a_real_server_sends_cached_pages_304s_and_heads(demo_build: tuple[Path, object]) -> None:
    with running_server(demo_build[0], "--workers", "1", "--no-warm") as base:
        host, port = base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)

        def get(path: str, method: str = "GET", **headers: str
                ) -> tuple[int, http.client.HTTPMessage, bytes]:
            conn.request(method, path, headers={"Accept": "text/html", **headers})
            response = conn.getresponse()
            return response.status, response.headers, response.read()

        status, first_headers, first = get("/people?country=se")
        assert status == 200 and first_headers["X-Cache"] == "miss"
        status, headers, second = get("/people?country=se")
        assert status == 200 and headers["X-Cache"] == "hit" and second == first
        status, headers, body = get("/people?country=se", **{"If-None-Match":
                                                             first_headers["ETag"]})
        assert status == 304 and body == b"" and headers["ETag"] == first_headers["ETag"]
        status, headers, body = get("/people?country=se", "HEAD")
        assert status == 200 and body == b"" and headers["Content-Length"] == str(len(first))
        for _ in range(2):
            status, headers, _body = get("/id/meeting/not-there")
            assert status == 404 and "X-Cache" not in headers and "ETag" not in headers
        conn.close()
