"""graph.ttl in content-defined chunks: written whole, or patched after an incremental build."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from libgraph import turtle

PREFIXES = {"ex": "http://example.org/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


def _lines(rng: random.Random, subjects: list[str]) -> list[str]:
    out = []
    for s in subjects:
        for k in range(rng.randint(1, 4)):
            value = rng.choice(['"plain"', '"sv"@sv', f"<http://example.org/o{k}>",
                                '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'])
            out.append(f"<http://example.org/{s}> <http://example.org/p{k}> {value} .\n")
    return out


def _nt(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(sorted(set(lines))), encoding="utf-8")
    return path


def _triples(path: Path, fmt: ox.RdfFormat) -> set[str]:
    return {str(t) for t in ox.parse(path=str(path), format=fmt)}


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(turtle, "CUT_EVERY", 5)  # many chunks even for a small graph


def test_written_turtle_has_the_same_triples_and_one_header(tmp_path: Path,
                                                            small_chunks: None) -> None:
    rng = random.Random(1)
    nt = _nt(tmp_path / "g.nt", _lines(rng, [f"s{i}" for i in range(300)]))
    chunks = turtle.write(nt, tmp_path / "g.ttl", PREFIXES)
    text = (tmp_path / "g.ttl").read_text(encoding="utf-8")
    assert len(chunks) > 20
    assert text.count("@prefix ex:") == 1
    assert "ex:s1" in text  # the prefixes are used
    assert _triples(tmp_path / "g.ttl", ox.RdfFormat.TURTLE) == \
        _triples(nt, ox.RdfFormat.N_TRIPLES)


def test_an_empty_graph_gives_a_header_only(tmp_path: Path) -> None:
    nt = _nt(tmp_path / "g.nt", [])
    turtle.write(nt, tmp_path / "g.ttl", PREFIXES)
    assert _triples(tmp_path / "g.ttl", ox.RdfFormat.TURTLE) == set()
    assert turtle.load_index(tmp_path / "g.ttl") is not None


@pytest.mark.parametrize("seed", range(25))
def test_a_patched_file_is_byte_for_byte_a_fresh_one(tmp_path: Path, small_chunks: None,
                                                     seed: int) -> None:
    rng = random.Random(seed)
    subjects = [f"s{i:04d}" for i in range(rng.randint(0, 400))]
    before = _lines(rng, subjects)
    old_nt = _nt(tmp_path / "old.nt", before)
    turtle.write(old_nt, tmp_path / "old.ttl", PREFIXES)

    removed = set(rng.sample(subjects, min(len(subjects), rng.randint(0, 15))))
    added = [f"s{rng.randint(0, 500):04d}x" for _ in range(rng.randint(0, 15))]
    kept = [line for line in before if line.split(" ")[0][20:-1] not in removed]
    extra = _lines(rng, added) + _lines(rng, rng.sample(subjects, min(len(subjects), 3)))
    new_nt = _nt(tmp_path / "new.nt", kept + extra)
    touched = {f"http://example.org/{s}" for s in removed} | \
        {line.split(" ")[0][1:-1] for line in extra}

    assert turtle.patch(tmp_path / "old.ttl", new_nt, touched, tmp_path / "patched.ttl",
                        PREFIXES) is not None
    turtle.write(new_nt, tmp_path / "fresh.ttl", PREFIXES)
    assert (tmp_path / "patched.ttl").read_bytes() == (tmp_path / "fresh.ttl").read_bytes()
    assert turtle.load_index(tmp_path / "patched.ttl") == turtle.load_index(tmp_path / "fresh.ttl")
    assert _triples(tmp_path / "patched.ttl", ox.RdfFormat.TURTLE) == \
        _triples(new_nt, ox.RdfFormat.N_TRIPLES)


def test_without_an_index_there_is_nothing_to_patch(tmp_path: Path) -> None:
    nt = _nt(tmp_path / "g.nt", _lines(random.Random(2), ["a", "b"]))
    turtle.write(nt, tmp_path / "g.ttl", PREFIXES)
    turtle.index_path(tmp_path / "g.ttl").unlink()
    assert turtle.patch(tmp_path / "g.ttl", nt, {"http://example.org/a"}, tmp_path / "p.ttl",
                        PREFIXES) is None
