"""A build as named graphs: one per source document, one for the vocabularies and gazetteer,
one for the triples several documents share.

The build keeps each document's triples as a sorted N-Triples piece in ``<build>/cache/``
and lists the pieces of the current corpus in ``pieces.json`` (with the static piece:
ontology, vocabularies, gazetteer); ``graph.nt`` is their union. Pieces overlap: a person
named in two documents has her name in both. A store whose default graph is the union of its
named graphs would then answer with duplicate rows where the union is a bag (Virtuoso's is:
a triple in two graphs matches twice), so every triple is put in exactly one graph:

* ``…/graph/vocabularies``: the static piece (it wins over documents that repeat it);
* ``…/graph/shared``: triples of two or more documents (and not static);
* ``…/graph/document/<name>``: the triples only that document has.

The union of the graphs is then exactly ``graph.nt``, on every server, with set or bag
semantics alike. A changed document changes its own graph and, where it starts or stops
sharing a triple with another document, the shared graph (and rarely that other document's
graph); :func:`plan` gives each graph a digest of its content, so a push sends exactly the
graphs whose content changed. Curation is applied per document (its entries are part of a
document's cache key), so curated facts live in the graphs of the documents they concern.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import urllib.parse
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from .ns import DEFAULT_BASE

MANIFEST = "pieces.json"
GRAPH_BASE = DEFAULT_BASE + "graph/"
VOCABULARIES_GRAPH = GRAPH_BASE + "vocabularies"
SHARED_GRAPH = GRAPH_BASE + "shared"
DOCUMENT_GRAPHS = GRAPH_BASE + "document/"


class DatasetError(Exception):
    """The build cannot be read as named graphs (no build, or an old one without pieces)."""


def document_graph(name: str) -> str:
    """The graph IRI of a source document, from its file name (percent-encoded)."""
    return DOCUMENT_GRAPHS + urllib.parse.quote(name, safe="")


@dataclass
class NamedGraph:
    """One graph to send: its IRI, what it holds, and where its lines come from."""

    iri: str
    label: str
    source: Path | None = None  # a piece: every line not in ``skip``
    lines: list[str] = field(default_factory=list)  # or these lines (the shared graph)
    triples: int = 0
    digest: str = ""

    def ntriples(self, skip: frozenset[str] | set[str]) -> Iterator[str]:
        """The graph's N-Triples lines (without newlines), in sorted order.

        ``skip``: the lines other graphs hold; the vocabularies graph keeps all of its own.
        """
        if self.source is None:
            yield from self.lines
            return
        if self.iri == VOCABULARIES_GRAPH:
            skip = frozenset()
        with self.source.open(encoding="utf-8") as handle:
            for raw in handle:
                line = raw.rstrip("\n")
                if line and line not in skip:
                    yield line

    def body(self, skip: frozenset[str] | set[str]) -> bytes:
        """The graph as an N-Triples document (one document's graph is small: ~0.3 MB)."""
        return "".join(f"{line}\n" for line in self.ntriples(skip)).encode("utf-8")


@dataclass
class Dataset:
    """The graphs of a build, and the lines each piece must leave out (held by another)."""

    graphs: list[NamedGraph]
    skip: frozenset[str]

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)

    def by_iri(self) -> dict[str, NamedGraph]:
        return {g.iri: g for g in self.graphs}


def _read_manifest(build_dir: Path) -> tuple[Path, list[tuple[str, Path]]]:
    try:
        manifest = json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"{build_dir}: no {MANIFEST} (run `libgraph build` first)") from None
    except (OSError, ValueError) as err:
        raise DatasetError(f"{build_dir / MANIFEST}: unreadable ({err})") from None
    cache = build_dir / "cache"
    static = cache / str(manifest.get("static", ""))
    pieces = []
    for key in manifest.get("pieces", []):
        record = cache / f"{key}.json"
        try:
            name = json.loads(record.read_text(encoding="utf-8"))["name"]
        except (OSError, ValueError, KeyError):
            raise DatasetError(f"{record}: missing or unreadable (build again)") from None
        pieces.append((str(name), cache / f"{key}.nt"))
    missing = [p for p in [static, *(p for _, p in pieces)] if not p.is_file()]
    if missing:
        raise DatasetError(f"{missing[0]}: missing from the build's cache (build again)")
    return static, pieces


def _lines(path: Path, tag: int) -> Iterator[tuple[str, int]]:
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line:
                yield line, tag


def plan(build_dir: Path) -> Dataset:
    """Every graph of the build with its triple count and content digest, in one merge pass.

    The pieces are sorted, so a k-way merge meets each triple's copies one after another;
    memory holds only the lines that more than one piece has (the shared and repeated ones).
    """
    static, pieces = _read_manifest(build_dir)
    graphs = [NamedGraph(VOCABULARIES_GRAPH, "vocabularies and gazetteer", static)]
    names = [name for name, _ in pieces]
    for name, path in pieces:
        label = name if names.count(name) == 1 else str(path)
        graphs.append(NamedGraph(document_graph(label), label, path))
    shared = NamedGraph(SHARED_GRAPH, "triples several documents share")
    digests = [hashlib.sha256() for _ in graphs]
    counts = [0] * len(graphs)
    skip: set[str] = set()
    with ExitStack() as stack:
        streams = [stack.enter_context(_closing(_lines(g.source, i)))  # type: ignore[arg-type]
                   for i, g in enumerate(graphs)]
        for line, holders in _grouped(heapq.merge(*streams)):
            owner = holders[0] if holders[0] == 0 or len(holders) == 1 else None
            if len(holders) > 1:
                skip.add(line)
            if owner is None:
                shared.lines.append(line)
                continue
            counts[owner] += 1
            digests[owner].update(line.encode("utf-8") + b"\n")
    for graph, digest, count in zip(graphs, digests, counts, strict=True):
        graph.digest, graph.triples = digest.hexdigest(), count
    shared.triples = len(shared.lines)
    shared.digest = hashlib.sha256("".join(f"{x}\n" for x in shared.lines).encode()).hexdigest()
    if shared.lines:
        graphs.append(shared)
    return Dataset(graphs, frozenset(skip))


class _closing:
    """Close a generator (and so its file) when the merge ends, however it ends."""

    def __init__(self, generator: Iterator[tuple[str, int]]) -> None:
        self.generator = generator

    def __enter__(self) -> Iterator[tuple[str, int]]:
        return self.generator

    def __exit__(self, *_exc: object) -> None:
        self.generator.close()  # type: ignore[attr-defined]


def _grouped(merged: Iterator[tuple[str, int]]) -> Iterator[tuple[str, list[int]]]:
    """(line, the pieces that hold it, in order) for each distinct line of a sorted merge."""
    current: str | None = None
    holders: list[int] = []
    for line, tag in merged:
        if line != current:
            if current is not None:
                yield current, holders
            current, holders = line, []
        if not holders or holders[-1] != tag:
            holders.append(tag)
    if current is not None:
        yield current, holders


def write_nquads(build_dir: Path, target: Path) -> int:
    """The build's quads as N-Quads, the graphs as :func:`plan` makes them (what a server
    holds after ``libgraph push``); the number of quads written."""
    dataset = plan(build_dir)
    written = 0
    with target.open("w", encoding="utf-8") as out:
        for graph in dataset.graphs:
            for line in graph.ntriples(dataset.skip):
                out.write(f"{line[:-1].rstrip()} <{graph.iri}> .\n")
                written += 1
    return written
