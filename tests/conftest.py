"""Shared fixtures: one build of the demo corpus per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from libgraph.build import BuildReport, build

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "minutes"
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("demo") / "build"
    report = build([DEMO], out)
    return out, report
