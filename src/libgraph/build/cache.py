"""The build's content-hash cache: each document's triples and verdicts, reused while valid.

A document's graph depends only on its own bytes and name, its language override, the base
IRI, the curation entries that can apply to it and the code and reference data that turn text
into triples (``docs/graph.md``: things that recur across documents merge by IRI, so the
build's graph is the union of the per-document pieces and the static part). The cache key is
a hash of exactly those, so an entry is never stale: a changed document, a changed curation
entry for it or a new version of the extractor gives a new key, and the build keeps only the
entries of the current corpus, so removing a document removes its facts.

This module is the cache itself; ``incremental.py`` is the other half of a quick rebuild
(patching the previous build's graph.nt and store instead of merging and loading again).

Each entry is two files in ``<build>/cache/``: ``<key>.nt`` (the document's sorted, unique
N-Triples) and ``<key>.json`` (a :class:`DocRecord`: path, outcome, counts, the document's
validation results and the curation entries it matched).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from .. import __version__

CACHE_DIR = "cache"
# Bump by hand when the layout of cache entries changes; code changes are hashed below.
CACHE_FORMAT = "1"
_PACKAGE = Path(__file__).resolve().parents[1]
# What turns text into triples and verdicts: hashed so that an edit invalidates the cache
# (the build's per-document stages included: they write the cached pieces and records).
_CODE = ("extract", "rdf", "ingest", "resolve", "record.py", "ns.py", "vocab.py",
         "validate.py", "build/cache.py", "build/extract.py", "build/resolve.py",
         "build/triples.py", "build/ntriples.py", "build/validate.py", "build/proof.py")


@dataclass
class DocRecord:
    """What the build keeps of one document besides its triples."""

    path: str
    name: str
    ok: bool
    reason: str = ""
    sha256: str = ""
    triples: int = 0
    violations: list[dict[str, str | None]] = field(default_factory=list)
    curation: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)
    # The bottom-k shingle sketch of the text (ingest/duplicates.py): a later build finds a
    # new copy of this document without reading it again.
    sketch: list[int] = field(default_factory=list)
    format: str = ""
    chars: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> DocRecord:
        return cls(**json.loads(text))


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes, read in chunks (a 50 MB file is not held in memory)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@cache
def code_version(engine: str = "") -> str:
    """libgraph's version, the validator engine and a hash of the code and reference data.

    Computed once per process; any edit of the extractor, mapping, ingest, resolvers,
    validation, shapes, ontology or reference data gives a new version and so new keys.
    """
    digest = hashlib.sha256(f"{CACHE_FORMAT}\x1f{__version__}\x1f{engine}".encode())
    for path in _code_files():
        digest.update(str(path.relative_to(path.anchor)).encode("utf-8", "replace"))
        digest.update(path.read_bytes())
    return f"{__version__}-{digest.hexdigest()[:16]}"


def _code_files() -> list[Path]:
    from ..resources import resource

    files: list[Path] = []
    for name in _CODE:
        target = _PACKAGE / name
        files.extend(sorted(target.rglob("*.py")) if target.is_dir() else [target])
    for parts in (("shapes",), ("ontology",), ("data", "gazetteer"), ("data", "authority"),
                  ("data", "names")):
        folder = resource(*parts)
        if folder.is_dir():
            files.extend(p for p in sorted(folder.rglob("*")) if p.is_file())
    return files


def document_key(file_sha: str, name: str, language: str | None, base: str, version: str,
                 curation: str) -> str:
    """The cache key of one document: everything its triples and verdicts depend on."""
    parts = (file_sha, name, language or "", base, version, curation)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class DocCache:
    """Cache entries of one build directory; new entries go to the directory being built."""

    def __init__(self, new: Path, old: Path | None = None) -> None:
        self.new = new
        self.old = old if old is not None and old.is_dir() else None
        new.mkdir(parents=True, exist_ok=True)

    def nt_path(self, key: str) -> Path:
        return self.new / f"{key}.nt"

    def get(self, key: str) -> DocRecord | None:
        """The record of ``key``, taking it over from the previous build if it has it."""
        record = self.new / f"{key}.json"
        if not record.exists() and (self.old is None or not self._adopt(key)):
            return None
        try:
            return DocRecord.from_json(record.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError):
            return None

    def _adopt(self, key: str) -> bool:
        """Hard-link (or copy) an entry of the previous build into the new one."""
        assert self.old is not None
        pairs = [(self.old / f"{key}{ext}", self.new / f"{key}{ext}") for ext in (".nt", ".json")]
        if not all(src.exists() for src, _ in pairs):
            return False
        for src, dst in pairs:
            try:
                os.link(src, dst)
            except FileExistsError:
                pass
            except OSError:
                shutil.copyfile(src, dst)
        return True

    def put(self, key: str, record: DocRecord, ntriples: bytes) -> None:
        """Write an entry; the record goes last, so a record always has its triples."""
        _atomic_write(self.nt_path(key), ntriples)
        _atomic_write(self.new / f"{key}.json", record.to_json().encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
