"""Which files under the given paths are minutes documents to ingest."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from fnmatch import fnmatch
from pathlib import Path

from libgraph.ingest.formats import SUPPORTED_SUFFIXES
from libgraph.ingest.model import IngestError

# Documentation that lives beside the minutes (data/minutes/SOURCES.md) is not minutes.
_SKIPPED_NAMES = ("sources.md", "readme.md", "readme.txt", "license*", "*.lang")


def discover(paths: Iterable[Path]) -> list[Path]:
    """The documents to ingest: directories expanded recursively, in a stable order.

    From a directory, only files with a supported suffix are taken, skipping hidden files
    and directories, SOURCES.md, README.md/.txt, LICENSE* and ``*.lang`` sidecars; files are
    ordered by their path relative to that directory (by path components, not by locale),
    so that builds are reproducible. A file named explicitly is always returned, whatever
    its suffix, so that :func:`read_document` can say why it cannot be read. Arguments keep
    their order; duplicates are dropped. A path that does not exist is an IngestError.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for path in map(Path, paths):
        for file in _expand(path):
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found


def _expand(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(_walk(path), key=lambda file: file.relative_to(path).parts)
    if path.is_file():
        return [path]
    raise IngestError(path, "no such file or directory")


def _walk(directory: Path) -> Iterator[Path]:
    """Supported, non-hidden, non-documentation files below ``directory`` (no symlinked dirs)."""
    for current, subdirs, files in os.walk(directory):
        subdirs[:] = [name for name in subdirs if not name.startswith(".")]
        for name in files:
            if is_candidate(name):
                yield Path(current) / name


def is_candidate(name: str) -> bool:
    """True for a file name that discover() takes from a directory."""
    if name.startswith("."):
        return False
    lowered = name.lower()
    if any(fnmatch(lowered, pattern) for pattern in _SKIPPED_NAMES):
        return False
    return Path(lowered).suffix in SUPPORTED_SUFFIXES
