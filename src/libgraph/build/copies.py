"""The copies left out by the select stage, as a small piece of the graph.

Each left-out file becomes a ``foaf:Document`` that is ``prov:alternateOf`` the minutes that
were built instead, named by the hash of its bytes (``id/file/…``), so the graph says which
files hold the same minutes. The piece depends on the whole corpus (a copy is a copy of
something), so it is written for every build that has copies and is never cached.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal
from rdflib.namespace import FOAF, PROV, RDF, RDFS

from ..ns import DCTERMS
from ..rdf.iris import IriMinter
from .cache import file_digest
from .ntriples import TripleSink
from .state import BuildState, Task

COPIES_FILE = "copies.nt"


def copies_piece(state: BuildState) -> tuple[Path, int] | None:
    """Write the copies' triples into the staging directory; None when there are none."""
    if not state.duplicates:
        return None
    by_path = {str(t.path): t for t in state.planned if isinstance(t, Task)}
    mint = IriMinter(state.settings.base)
    sink = TripleSink()
    for copy in state.duplicates:
        kept = by_path.get(copy.kept)
        record = state.records.get(kept.index) if kept is not None else None
        if record is None or not record.ok:
            continue
        path = Path(copy.path)
        node = mint.iri("file", file_digest(path)[:16])
        name = Literal(path.name)
        for triple in ((node, RDF.type, FOAF.Document), (node, RDF.type, PROV.Entity),
                       (node, RDFS.label, name), (node, DCTERMS.source, name),
                       (node, DCTERMS["format"], Literal(path.suffix.lstrip(".").lower())),
                       (node, PROV.alternateOf, mint.minutes(record.sha256))):
            sink.add(triple)
    lines = sink.lines()
    if not lines:
        return None
    target = state.staging / COPIES_FILE
    target.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return target, len(lines)
