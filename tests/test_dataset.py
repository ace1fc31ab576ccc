"""The build as named graphs (``libgraph.dataset``) and the push record (``push_state``),
without a server: every triple of graph.nt in exactly one graph, digests that follow content,
and a record that survives a torn line and a rebuild."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from libgraph.dataset import (
    SHARED_GRAPH,
    VOCABULARIES_GRAPH,
    DatasetError,
    document_graph,
    plan,
)
from libgraph.push_state import STATE_FILE, PushState, carry_over


def test_every_triple_of_the_build_is_in_exactly_one_graph(demo_build: tuple[Path, object]
                                                           ) -> None:
    dataset = plan(demo_build[0])
    lines = [line for g in dataset.graphs for line in g.ntriples(dataset.skip)]
    graph_nt = (demo_build[0] / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert sorted(lines) == sorted(line for line in graph_nt if line)
    assert len(lines) == len(set(lines)) == dataset.triples
    iris = [g.iri for g in dataset.graphs]
    assert iris[0] == VOCABULARIES_GRAPH and SHARED_GRAPH in iris
    assert document_graph("se-2018-01-24-bibk-chefsmote.txt") in iris
    assert len(iris) == 2 + 5 and len(set(g.digest for g in dataset.graphs)) == 7
    for graph in dataset.graphs:
        assert graph.triples == len(list(graph.ntriples(dataset.skip)))


def test_a_person_named_in_two_documents_is_in_the_shared_graph(
        demo_build: tuple[Path, object]) -> None:
    dataset = plan(demo_build[0])
    shared = dataset.by_iri()[SHARED_GRAPH]
    # Kristina Hedberg attended both BiBK meetings of 2018: her name is given by both
    assert any("se-kristina-hedberg> <http://xmlns.com/foaf/0.1/name>" in line
               for line in shared.lines)


def test_document_graph_names_are_iris() -> None:
    assert document_graph("möte 1 & 2.txt") == \
        "https://w3id.org/libgraph/graph/document/m%C3%B6te%201%20%26%202.txt"


def test_a_build_without_pieces_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="run `libgraph build` first"):
        plan(tmp_path)
    (tmp_path / "pieces.json").write_text(json.dumps({"static": "x.nt", "pieces": ["k"]}))
    with pytest.raises(DatasetError, match="build again"):
        plan(tmp_path)


def test_the_push_record_replays_survives_a_torn_line_and_compacts(tmp_path: Path) -> None:
    state = PushState(tmp_path)
    state.record("http://a/store", "urn:g1", "d1")
    state.record("http://a/store", "urn:g2", "d2")
    state.record("http://b/store", "urn:g1", "x1")
    state.record("http://a/store", "urn:g1", "d1b")
    state.record("http://a/store", "urn:g2", None)
    with (tmp_path / STATE_FILE).open("a", encoding="utf-8") as log:
        log.write('{"target": "http://a/store", "graph": "urn:g3", "dig')  # killed mid-write
    again = PushState(tmp_path)
    assert again.graphs("http://a/store") == {"urn:g1": "d1b"}
    assert again.graphs("http://b/store") == {"urn:g1": "x1"}
    assert again.graphs("http://c/store") == {}
    again.compact()
    assert len((tmp_path / STATE_FILE).read_text().splitlines()) == 2
    assert PushState(tmp_path).targets == again.targets


def test_the_record_is_carried_over_to_the_next_build(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    PushState(old).record("http://a/store", "urn:g", "d")
    carry_over(old, new)
    assert PushState(new).graphs("http://a/store") == {"urn:g": "d"}
    shutil.rmtree(old)
    old.mkdir()
    carry_over(old, new)  # nothing to carry: the new build keeps what it has
    assert PushState(new).graphs("http://a/store") == {"urn:g": "d"}


def test_the_quads_as_n_quads(demo_build: tuple[Path, object], tmp_path: Path) -> None:
    import pyoxigraph as ox

    from libgraph.dataset import write_nquads

    target = tmp_path / "graph.nq"
    written = write_nquads(demo_build[0], target)
    quads = list(ox.parse(path=str(target), format=ox.RdfFormat.N_QUADS))
    assert written == len(quads) == plan(demo_build[0]).triples
    per_graph: dict[str, int] = {}
    for quad in quads:
        per_graph[quad.graph_name.value] = per_graph.get(quad.graph_name.value, 0) + 1
    assert per_graph == {g.iri: g.triples for g in plan(demo_build[0]).graphs}


def test_a_rebuild_carries_the_push_record_over(tmp_path: Path) -> None:
    """``push --changed`` after a rebuild still knows what the servers hold."""
    from libgraph.build import build
    from libgraph.push_state import STATE_FILE

    from conftest import DEMO

    corpus, out = tmp_path / "corpus", tmp_path / "build"
    corpus.mkdir()
    name = "se-2009-12-10-jamtland-styrgruppsmote.txt"
    (corpus / name).write_bytes((DEMO / name).read_bytes())
    build([corpus], out, jobs=1)
    record = '{"target": "http://h/store", "graph": "g", "digest": "d"}\n'
    (out / STATE_FILE).write_text(record, encoding="utf-8")
    build([corpus], out, jobs=1)
    assert (out / STATE_FILE).read_text(encoding="utf-8") == record
