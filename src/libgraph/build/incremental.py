"""The quick rebuild: patch the previous build instead of merging and loading again.

When the corpus differs from the previous build's by a few pieces (``pieces.json`` lists
them), graph.nt is patched by byte ranges (``sortedfile.patch``), the store by a hard-linked
backup plus the removed and added triples, graph.ttl by chunks (``turtle.patch``), and the
cross-document check runs again only on the touched nodes. The result is the graph a full
build gives (a test compares them byte for byte). The cache of pieces itself is ``cache.py``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .. import sortedfile
from ..store import NT_FILE, STORE_DIR
from ..validate import Violation
from .cache import DocCache, DocRecord
from .ntriples import nt_lines, read_lines, subject_of
from .profile import Profile
from .state import Task
from .static import StaticPiece

MANIFEST_FILE = "pieces.json"
# Above this share of changed pieces a full merge and store load is as quick as patching.
INCREMENTAL_MAX_SHARE = 0.05
# The minutes node's IRI holds the first 16 hex digits of the text's hash (rdf/iris.py).
_MINUTES_HASH = re.compile(r"/minutes/([0-9a-f]{16})>")
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass
class Previous:
    """The build being replaced, as far as patching it goes."""

    root: Path
    pieces: list[str]
    manifest: dict[str, Any]


@dataclass
class Delta:
    """What patching changed: the subjects of added and removed triples, the class counts."""

    subjects: set[str]
    classes: Counter[str]  # by class IRI
    triples: int  # added minus removed


@dataclass
class Merged:
    """What the *triples* stage hands on: the pieces merged, and the patch if it was one."""

    ok: list[Task]
    keys: list[str]
    previous: Previous | None
    delta: Delta | None


def previous_build(cache: DocCache, static: StaticPiece) -> Previous | None:
    """The previous build in ``out``, if it has everything a patch needs."""
    if cache.old is None:
        return None
    root = cache.old.parent
    try:
        manifest = json.loads((root / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("static") != static.nt.name or not (root / NT_FILE).is_file() or \
            not (root / STORE_DIR).is_dir():
        return None
    pieces = list(manifest.get("pieces", []))
    if not all((cache.old / f"{k}.nt").is_file() for k in pieces):
        return None
    return Previous(root, pieces, manifest)


def patchable(previous: Previous, keys: list[str]) -> bool:
    changed = len(set(previous.pieces) ^ set(keys))
    return changed <= max(20, INCREMENTAL_MAX_SHARE * len(keys))


def write_manifest(staging: Path, static: StaticPiece, keys: list[str],
                   classes: dict[str, int], cross: list[Violation], triples: int) -> None:
    """What the next build needs to patch this one."""
    (staging / MANIFEST_FILE).write_text(json.dumps({
        "static": static.nt.name, "pieces": keys, "classes": classes,
        "cross": [asdict(v) for v in cross], "triples": triples}, ensure_ascii=False))


def patch(previous: Previous, ok: list[Task], records: dict[int, DocRecord],
          static: StaticPiece, cache: DocCache, staging: Path, profile: Profile) -> Delta:
    """New graph.nt and store = previous − triples only removed pieces had + added pieces."""
    assert cache.old is not None
    with profile.stage("triples/patch graph.nt"):
        new_keys = {t.key for t in ok}
        removed = [k for k in previous.pieces if k not in new_keys]
        added = sorted(new_keys - set(previous.pieces))
        add_lines = {line for k in added for line in read_lines(cache.nt_path(k))}
        removed_lines = {line for k in removed for line in read_lines(cache.old / f"{k}.nt")}
        candidates = removed_lines - add_lines
        kept = [t for t in ok if t.key not in set(added)]
        delete = candidates - _still_there(candidates, kept, records, static, cache)
        delete_nt, add_nt = nt_lines(sorted(delete)), nt_lines(sorted(add_lines))
        removed_count, added_count = sortedfile.patch(previous.root / NT_FILE, delete_nt,
                                                      add_nt, staging / NT_FILE)
    with profile.stage("triples/patch store"):
        classes = _patch_store(previous, staging, delete_nt, add_nt)
    subjects = {subject_of(line) for line in add_lines | removed_lines if line.startswith("<")}
    return Delta(subjects, classes, added_count - removed_count)


def _patch_store(previous: Previous, staging: Path, delete_nt: list[bytes],
                 add_nt: list[bytes]) -> Counter[str]:
    """Copy the previous store (hard links: instant) and apply the patch; class changes."""
    old_store = ox.Store.read_only(str(previous.root / STORE_DIR))
    try:
        old_store.backup(str(staging / STORE_DIR))
    finally:
        del old_store
    classes: Counter[str] = Counter()
    store = ox.Store(str(staging / STORE_DIR))
    try:
        for quad in _parse_lines(delete_nt):
            store.remove(quad)
            if quad.predicate == _RDF_TYPE:
                classes[quad.object.value] -= 1
        new_quads = _parse_lines(add_nt)
        for quad in new_quads:
            if quad.predicate == _RDF_TYPE and next(store.quads_for_pattern(
                    quad.subject, quad.predicate, quad.object, ox.DefaultGraph()), None) is None:
                classes[quad.object.value] += 1
        store.extend(new_quads)
        store.flush()
    finally:
        del store
    return classes


def _parse_lines(lines: list[bytes]) -> list[ox.Quad]:
    return list(ox.parse(b"".join(line + b"\n" for line in lines),
                         format=ox.RdfFormat.N_TRIPLES))


def _still_there(candidates: set[str], kept: list[Task], records: dict[int, DocRecord],
                 static: StaticPiece, cache: DocCache) -> set[str]:
    """The candidate lines that a piece still in the corpus (or the static part) also has.

    Only pieces that describe one of the candidates' subjects can have such a line: pieces
    whose shared subjects include it, or with the same text (the same local IRIs).
    """
    subjects = {subject_of(line) for line in candidates if line.startswith("<")}
    texts = {m.group(1) for line in candidates for m in _MINUTES_HASH.finditer(line)}
    present = candidates & set(static.lines)
    for task in kept:
        record = records[task.index]
        if subjects.isdisjoint(record.shared) and record.sha256[:16] not in texts:
            continue
        present |= candidates & set(read_lines(cache.nt_path(task.key)))
        if present == candidates:
            break
    return present


def cross_kept(previous: Previous | None, delta: Delta | None, shared: list[str]
               ) -> tuple[list[Violation], list[str]] | None:
    """After a patch: the previous cross-document violations still valid, and the shared
    nodes to check again (a node's anti-monotone constraints read its own triples, which only
    the pieces that describe it can change). None when everything must be checked."""
    old = previous.manifest.get("cross") if previous is not None else None
    if delta is None or old is None:
        return None
    kept = [Violation(**v) for v in old if v["focus"] not in delta.subjects]
    return kept, [s for s in shared if s in delta.subjects]


def patched_triples(previous: Previous | None, delta: Delta | None) -> int | None:
    """The previous count and the difference (counting 250 MB of lines again took a
    quarter of a second); None when there was no patch."""
    old = previous.manifest.get("triples") if previous is not None else None
    if delta is None or not isinstance(old, int):
        return None
    return old + delta.triples
