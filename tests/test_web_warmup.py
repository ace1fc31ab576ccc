"""What the explorer's warm-up leaves ready before the first reader (and, with
``serve --processes N``, before the fork): every list row's cells and every page template, so
that no list page asks the store for its rows' columns and no page compiles a template."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from libgraph.build import BuildReport
from libgraph.web import create_app
from libgraph.web.data import lists
from libgraph.web.warmup import PAGES, warm_up

PAGE = 4  # rows per list page here, so that the demo's lists have pages the warm-up's own
# first pages do not show


@pytest.fixture(scope="module")
def warm(demo_build: tuple[Path, BuildReport]) -> Iterator[Flask]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lists, "PAGE_SIZE", PAGE)
        app = create_app(None, {"BUILD_DIR": str(demo_build[0]), "RESPONSE_CACHE_BYTES": 0})
        warm_up(app, tuple(p for p in PAGES if not p.startswith("/compare")),
                background=False)
        yield app


LIST_PAGES = ("/meetings?page=2", "/people?country=no&page=2", "/organisations?lang=en&page=5",
              "/projects?page=3", "/people?page=9", "/meetings.json?country=no")


def test_after_the_warm_up_no_list_page_asks_for_its_rows_columns(
        warm: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("a list page asked the store for its rows' columns")

    monkeypatch.setattr(lists, "_query_column", refuse)
    client = warm.test_client()
    for page in LIST_PAGES:
        response = client.get(page)
        assert response.status_code == 200, page
        assert response.data.count(b"<tr") > 1 if "json" not in page else \
            response.get_json()["rows"], page


def test_without_the_warm_up_a_list_page_does_ask(demo_build: tuple[Path, BuildReport],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(None, {"BUILD_DIR": str(demo_build[0]), "RESPONSE_CACHE_BYTES": 0})
    asked: list[object] = []
    real = lists._query_column
    monkeypatch.setattr(lists, "_query_column",
                        lambda *args: asked.append(args) or real(*args))
    assert app.test_client().get("/people").status_code == 200
    assert asked  # the check above can fail: this is what it would see


def test_after_the_warm_up_no_page_loads_a_template(warm: Flask,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    loader = warm.jinja_env.loader
    assert loader is not None

    def refuse(*_args: object) -> None:
        raise AssertionError("a template was loaded after the warm-up")

    monkeypatch.setattr(type(loader), "get_source", refuse)
    client = warm.test_client()
    meeting = client.get("/meetings.json").get_json()["rows"][0]["item"]["href"]
    for page in ("/", "/meetings", meeting, "/search?q=bibliotek", "/sparql", "/queries",
                 "/network", "/no/such/page"):
        assert client.get(page, headers={"Accept": "text/html"}).status_code in (200, 404), page


class Remote:
    """A backend that is not a build (as over ``--endpoint``): the same graph, but nothing
    of it may be kept, so the explorer keeps no list-row cells."""

    description = "a remote endpoint"

    def __init__(self, local: object) -> None:
        self.local = local

    def select(self, query: str) -> list[dict[str, object]]:
        return self.local.select(query)  # type: ignore[attr-defined, no-any-return]

    def construct(self, query: str) -> list[object]:
        return self.local.construct(query)  # type: ignore[attr-defined, no-any-return]

    def ntriples_path(self) -> None:
        return None


def test_over_an_endpoint_the_warm_up_does_not_ask_for_every_row(
        demo_build: tuple[Path, BuildReport], monkeypatch: pytest.MonkeyPatch) -> None:
    from libgraph.web.backend import LocalBackend
    from libgraph.web.views import lists as list_views

    asked: list[str] = []
    real = list_views.all_rows
    monkeypatch.setattr(list_views, "all_rows",
                        lambda ctx, spec, args: asked.append(spec.name) or real(ctx, spec, args))
    pages = tuple(p for p in PAGES if not p.startswith("/compare"))
    local = create_app(None, {"BUILD_DIR": str(demo_build[0])})
    warm_up(local, pages, background=False)
    assert sorted(asked) == ["meetings", "organisations", "people", "projects"]
    asked.clear()
    backend = local.extensions["libgraph"].backend
    assert isinstance(backend, LocalBackend)
    remote = create_app(Remote(backend), {})  # type: ignore[arg-type]
    warm_up(remote, pages, background=False)
    assert asked == []
    assert remote.test_client().get("/people").status_code == 200  # it still works
