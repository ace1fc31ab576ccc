"""Patching a sorted line file in place of a full merge (graph.nt on incremental builds)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from libgraph import sortedfile


def _write(path: Path, lines: set[bytes]) -> Path:
    path.write_bytes(b"".join(line + b"\n" for line in sorted(lines)))
    return path


@pytest.mark.parametrize("seed", range(40))
def test_patch_equals_the_set_difference_and_union(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    pool = [f"<http://e/{rng.randint(0, 60)}> <p> \"{rng.choice('abcé')}\" .".encode()
            for _ in range(rng.randint(0, 120))]
    old = set(pool[: len(pool) // 2])
    delete = [line for line in pool if rng.random() < 0.3]  # some not in old at all
    add = [line for line in pool if rng.random() < 0.3 and line not in delete]
    source = _write(tmp_path / "old.nt", old)
    removed, inserted = sortedfile.patch(source, delete, add, tmp_path / "new.nt")
    expected = b"".join(line + b"\n" for line in sorted((old - set(delete)) | set(add)))
    assert (tmp_path / "new.nt").read_bytes() == expected
    assert (removed, inserted) == (len(old & set(delete)), len(set(add) - old))


def test_seek_finds_the_first_line_not_below_the_key(tmp_path: Path) -> None:
    data = b"a\nb\nbb\nd\n"
    assert [sortedfile.seek(data, k) for k in (b"", b"a", b"b", b"ba", b"c", b"e")] == \
        [0, 0, 2, 4, 7, 9]
    assert sortedfile.seek(b"", b"x") == 0
