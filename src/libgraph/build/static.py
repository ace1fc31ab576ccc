"""The static piece: ontology, vocabularies and gazetteer as sorted N-Triples, validated once.

Every document piece is validated together with the static nodes it references, and the
merge puts the static piece first; it is cached like a document under a key of the base IRI
and the code version, so a rebuild reads it back instead of mapping and validating it again.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path

from ..validate import Violation, validate_ntriples
from .cache import DocCache, DocRecord
from .ntriples import TripleSink, nt_bytes, read_lines, subject_of


@dataclass
class StaticPiece:
    nt: Path
    violations: list[Violation]
    lines: list[str]

    def subjects(self) -> set[str]:
        return {subject_of(line) for line in self.lines if line.startswith("<")}


def static_piece(cache: DocCache, base: str, version: str) -> StaticPiece:
    """The static piece of ``base`` from the cache, or mapped, validated and cached now."""
    from ..rdf.mapping import static_graph

    key = hashlib.sha256(f"static\x1f{base}\x1f{version}".encode()).hexdigest()
    record = cache.get(f"static-{key}")
    nt = cache.nt_path(f"static-{key}")
    if record is not None:
        violations = [Violation(**v) for v in record.violations]  # type: ignore[arg-type]
        return StaticPiece(nt, violations, read_lines(nt))
    sink = TripleSink()
    for triple in static_graph(base):
        sink.add(triple)
    lines = sink.lines()
    violations = list(validate_ntriples("\n".join(lines) + "\n").violations)
    record = DocRecord(path="(static)", name="static", ok=True, triples=len(lines),
                       violations=[asdict(v) for v in violations])
    cache.put(f"static-{key}", record, nt_bytes(lines))
    return StaticPiece(nt, violations, lines)
