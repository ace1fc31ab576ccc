"""The build writes the explorer's full-text index, stamped with the graph it indexes, so the
explorer's first search does not have to write one."""

from __future__ import annotations

from pathlib import Path

from libgraph import fulltext
from libgraph.build import BuildReport
from libgraph.web import create_app


def test_the_build_writes_the_index_the_explorer_then_uses(demo_build: tuple[Path, BuildReport]
                                                          ) -> None:
    build_dir = demo_build[0]
    index = build_dir / fulltext.INDEX_FILE
    assert index.is_file() and fulltext.index_stamp(index)
    written = index.stat().st_mtime_ns
    app = create_app(None, {"BUILD_DIR": str(build_dir), "SPARQL_WORKERS": 1})
    page = app.test_client().get("/search.json?q=Tromso").get_json()
    assert page["total"] >= 1
    assert index.stat().st_mtime_ns == written  # used as the build wrote it
