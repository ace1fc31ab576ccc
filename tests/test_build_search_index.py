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


def test_the_index_process_writes_what_write_index_writes(
        demo_build: tuple[Path, BuildReport], tmp_path: Path) -> None:
    """``python -m libgraph.fulltext`` (which the build starts beside its validation) gives
    the same rows as :func:`fulltext.write_index` in this process."""
    import sqlite3
    import subprocess
    import sys

    import pyoxigraph as ox

    from libgraph.store import STORE_DIR

    build_dir = demo_build[0]
    here, there = tmp_path / "here.sqlite", tmp_path / "there.sqlite"
    store = ox.Store.read_only(str(build_dir / STORE_DIR))
    try:
        fulltext.write_index(store, here, fulltext.DEFAULT_BASE, "s")
    finally:
        del store
    subprocess.run([sys.executable, "-m", "libgraph.fulltext", str(build_dir / STORE_DIR),
                    str(there), fulltext.DEFAULT_BASE, "s"], check=True)

    def rows(path: Path) -> list[list[tuple[object, ...]]]:
        db = sqlite3.connect(path)
        try:
            return [db.execute(f"SELECT * FROM {t}").fetchall()
                    for t in ("meta", "items", "facets")]
        finally:
            db.close()
    assert rows(here) == rows(there) and rows(here)[1]


def test_the_index_holds_the_labels_of_every_subject_but_mentions_and_memberships(
        demo_build: tuple[Path, BuildReport]) -> None:
    """The labels query leaves mentions and memberships out in the store (how it does so is
    a matter of speed: ``build-notes.md``, session 11); the items must be those of the
    definition, read here straight from the store: every IRI subject with a literal label,
    of any kind but :data:`fulltext.SKIP_KINDS`, with each of its labels once."""
    import pyoxigraph as ox

    from libgraph.labels import LABEL_PROPERTIES
    from libgraph.store import STORE_DIR

    base = fulltext.DEFAULT_BASE
    store = ox.Store.read_only(str(demo_build[0] / STORE_DIR))
    try:
        expected: dict[str, set[tuple[str, bool]]] = {}
        skipped = 0
        for prop in (*LABEL_PROPERTIES, fulltext.ALT_LABEL):
            for quad in store.quads_for_pattern(None, ox.NamedNode(prop), None):
                s, o = quad.subject, quad.object
                if not isinstance(s, ox.NamedNode) or not isinstance(o, ox.Literal):
                    continue
                if (fulltext.kind_of(s.value, base) or "other") in fulltext.SKIP_KINDS:
                    skipped += 1
                    continue
                expected.setdefault(s.value, set()).add((o.value, prop == fulltext.ALT_LABEL))
        things = fulltext._things(store, base)
    finally:
        del store
    assert skipped > len(expected)  # the demo has mentions enough for the test to mean it
    got = {iri: {(t, alt) for t, alt in item.labels} for iri, item in things.items()}
    # a label given both as a name and as an alternative label is kept once (as a name)
    for iri, labels in expected.items():
        expected[iri] = {(t, alt) for t, alt in labels if not (alt and (t, False) in labels)}
    assert got == expected
