"""Shared fixtures: one build of the demo corpus per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from libgraph.build import BuildReport, build

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "minutes"
GOLD = ROOT / "tests" / "gold"


# Modules whose tests start servers, browsers or whole corpus builds: `pytest -m "not slow"`
# leaves them out for a quick run while developing; CI runs everything.
SLOW_MODULES = {"test_browser", "test_robustness", "test_web_scale", "test_remote",
                "test_devcorpus", "test_sparql_hostile", "test_fuzz_routes", "test_servers",
                "test_web_crawl", "test_build_conforms", "test_build_records",
                "test_one_meeting_many_documents", "test_compare_robustness", "test_push_auth"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.module is not None and item.module.__name__ in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("demo") / "build"
    report = build([DEMO], out)
    return out, report


@pytest.fixture(scope="module")
def explorer(demo_build: tuple[Path, BuildReport]) -> Iterator[Flask]:
    """An explorer app over the demo build, one per test module (its caches start empty)."""
    from libgraph.web import create_app
    from libgraph.web.views.sparql import sparql_service

    app = create_app(None, {"BUILD_DIR": str(demo_build[0]), "SPARQL_WORKERS": 1})
    yield app
    with app.app_context():
        sparql_service().close()
