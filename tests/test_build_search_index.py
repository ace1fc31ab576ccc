"""The build writes the explorer's full-text index, stamped with the graph it indexes, so the
explorer's first search does not have to write one."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from libgraph import fulltext
from libgraph.build import BuildReport


def test_the_build_writes_the_index_the_explorer_then_uses(
        demo_build: tuple[Path, BuildReport], explorer: Flask) -> None:
    index = demo_build[0] / fulltext.INDEX_FILE
    assert index.is_file() and fulltext.index_stamp(index)
    written = index.stat().st_mtime_ns
    page = explorer.test_client().get("/search.json?q=Tromso").get_json()
    assert page["total"] >= 1
    assert index.stat().st_mtime_ns == written  # used as the build wrote it
