"""graph.ttl written in subject-ordered chunks, so that an incremental build can patch it.

The build's canonical dump, graph.nt, is sorted, so each subject's triples are contiguous
(a line ``<S> ...`` sorts between the lines of no other subject: IRIs hold neither space
nor ``>``). graph.ttl is one prefix header followed by the Turtle of consecutive runs of
about :data:`CHUNK_LINES` lines of graph.nt, each run cut where the subject changes. The
index of those runs (the first subject of each, and where its Turtle lies in graph.ttl) is
kept beside it. After a patch that touched a few subjects, only the runs holding them are
serialised again; the rest is copied byte for byte from the previous graph.ttl. Rewriting a
1.7-million-triple graph.ttl whole took 3–5 s, most of the incremental build's time.

Runs are cut before the subjects whose hash is 0 modulo :data:`CUT_EVERY` (content-defined
chunking), so where the cuts fall depends only on the subjects in the graph, not on the
history of builds: a patched graph.ttl is byte for byte the file a full build writes.

The file is plain Turtle either way: the same triples, grouped by subject, with the
project's prefixes declared once at the top.
"""

from __future__ import annotations

import bisect
import json
import mmap
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from . import sortedfile
from .sortedfile import seek

# A cut before one subject in 400 (~2,000 lines of ours): a changed document touches tens of
# subjects, so tens of chunks (some 10^5 lines) are serialised again, and the index stays
# small (about 850 entries for 1.7 M triples).
CUT_EVERY = 400
INDEX_SUFFIX = ".chunks.json"


@dataclass(frozen=True)
class Chunk:
    """A run of graph.nt from the subject ``key`` on (b"" for the first), and its Turtle
    at ``offset``/``length`` bytes in graph.ttl."""

    key: bytes
    offset: int
    length: int


def index_path(ttl: Path) -> Path:
    return ttl.with_name(ttl.name + INDEX_SUFFIX)


def write(nt: Path, ttl: Path, prefixes: dict[str, str]) -> list[Chunk]:
    """Write graph.ttl from the sorted N-Triples file ``nt``; also writes the index."""
    chunks: list[Chunk] = []
    with ttl.open("wb") as sink, nt.open("rb") as handle:
        sink.write(_header(prefixes))
        for key, lines in _runs(handle, b""):
            chunks.append(_write_chunk(sink, key, lines, prefixes))
    save_index(ttl, chunks)
    return chunks


def patch(old_ttl: Path, nt: Path, touched: Iterable[str], ttl: Path,
          prefixes: dict[str, str]) -> list[Chunk] | None:
    """graph.ttl for the patched ``nt`` (sorted), given the previous graph.ttl and the subject
    IRIs whose triples changed. None when the previous file has no usable index."""
    chunks = load_index(old_ttl)
    if chunks is None:
        return None
    keys = [c.key for c in chunks]
    dirty = {bisect.bisect_right(keys, _subject_key(s)) - 1 for s in touched}
    out: list[Chunk] = []
    with old_ttl.open("rb") as old, ttl.open("wb") as sink, \
            sortedfile.mapped(nt) as data:
        _widen(dirty, keys, data)
        sink.write(_header(prefixes))
        i = 0
        while i < len(chunks):
            if i not in dirty:
                out.append(_copy_chunk(old, sink, chunks[i]))
                i += 1
                continue
            j = i
            while j + 1 in dirty:
                j += 1
            start = seek(data, keys[i]) if i else 0
            end = seek(data, keys[j + 1]) if j + 1 < len(keys) else len(data)
            for key, lines in _runs(data[start:end].splitlines(keepends=True), keys[i]):
                out.append(_write_chunk(sink, key, lines, prefixes))
            i = j + 1
    save_index(ttl, out)
    return out


def _widen(dirty: set[int], keys: list[bytes], data: mmap.mmap | bytes) -> None:
    """A chunk whose first subject is gone has no cut there any more: its lines belong to
    the chunk before, which is then serialised again with it."""
    for i in sorted(dirty, reverse=True):
        while i > 0 and not _has_subject(data, keys[i]):
            i -= 1
            dirty.add(i)


def save_index(ttl: Path, chunks: list[Chunk]) -> None:
    rows = [[c.key.decode("utf-8"), c.offset, c.length] for c in chunks]
    index_path(ttl).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def load_index(ttl: Path) -> list[Chunk] | None:
    try:
        rows = json.loads(index_path(ttl).read_text(encoding="utf-8"))
        size = ttl.stat().st_size
    except (OSError, ValueError):
        return None
    chunks = [Chunk(str(k).encode("utf-8"), int(o), int(n)) for k, o, n in rows]
    if not chunks or chunks[0].key != b"" or any(c.offset + c.length > size for c in chunks):
        return None
    return chunks


def _header(prefixes: dict[str, str]) -> bytes:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()).encode("utf-8")


def _runs(lines: Iterable[bytes], key: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(first subject key, lines) of the runs of sorted ``lines``, the first keyed ``key``,
    cut before each later subject that :func:`_cuts_before` picks."""
    run, subject = bytearray(), b""
    for line in lines:
        this = line[: line.find(b" ") + 1]
        if this != subject and run and _cuts_before(this):
            yield key, bytes(run)
            key, run = this, bytearray()
        run += line
        subject = this
    if run or not key:
        yield key, bytes(run)


def _cuts_before(subject_key: bytes) -> bool:
    return zlib.crc32(subject_key) % CUT_EVERY == 0


def _has_subject(data: mmap.mmap | bytes, key: bytes) -> bool:
    at = seek(data, key)
    return data[at: at + len(key)] == key


def _write_chunk(sink: BinaryIO, key: bytes, lines: bytes, prefixes: dict[str, str]) -> Chunk:
    """Serialise one run as Turtle (without the prefix lines the header already has)."""
    offset = sink.tell()
    if lines:
        triples = ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)
        text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
        body = _without_prefixes(text)
        sink.write(body if body.endswith(b"\n") else body + b"\n")
    return Chunk(key, offset, sink.tell() - offset)


def _without_prefixes(text: bytes) -> bytes:
    start = 0
    while text.startswith(b"@prefix ", start):
        start = text.index(b"\n", start) + 1
    return text[start:].lstrip(b"\n")


def _copy_chunk(old: BinaryIO, sink: BinaryIO, chunk: Chunk) -> Chunk:
    old.seek(chunk.offset)
    offset = sink.tell()
    sink.write(old.read(chunk.length))
    return Chunk(chunk.key, offset, chunk.length)


def _subject_key(iri: str) -> bytes:
    return f"<{iri}> ".encode()


def main(argv: list[str]) -> None:
    """``python -m libgraph.turtle NT TTL prefix=ns ...``: the build runs this in a second
    process while it loads the store."""
    prefixes = dict(arg.split("=", 1) for arg in argv[2:])
    write(Path(argv[0]), Path(argv[1]), prefixes)


if __name__ == "__main__":
    main(sys.argv[1:])
