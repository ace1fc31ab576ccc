"""The build's embedded SPARQL store (pyoxigraph) and where a build keeps its files.

A build directory holds ``graph.nt`` (sorted N-Triples, the canonical dump), ``graph.ttl``,
``store/`` (a persistent Oxigraph store that opens in milliseconds) and ``report.json``.
Readers open the store read-only, so several can share one build.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

STORE_DIR = "store"
NT_FILE = "graph.nt"
TTL_FILE = "graph.ttl"
REPORT_FILE = "report.json"


def write_store(build_dir: Path, ntriples: Path) -> None:
    """Bulk-load the N-Triples dump into a new persistent store under ``build_dir``."""
    store = ox.Store(str(build_dir / STORE_DIR))
    store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    store.optimize()
    del store


def open_store(build_dir: Path, in_memory: bool = False) -> ox.Store:
    """Open a build's store: read-only on disk, or loaded into memory for fast joins."""
    path = build_dir / STORE_DIR
    if not path.is_dir():
        raise FileNotFoundError(f"{build_dir}: no store (run `libgraph build` first)")
    if not in_memory:
        return ox.Store.read_only(str(path))
    store = ox.Store()
    store.bulk_load(path=str(build_dir / NT_FILE), format=ox.RdfFormat.N_TRIPLES)
    return store
