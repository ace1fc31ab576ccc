"""Extraction CPU per document over a corpus, apart from reading and building.

``python benchmarks/bench_extract_corpus.py DIR [--records OUT.json] [--profile N]`` reads
every document under DIR once with the project's reader, runs one warm-up extraction (the
lexicons, gazetteer and authority list load once per process, as in a build), then times
``extract(document)`` per document in CPU seconds (``time.process_time``) and prints the
total, median and p95. ``--records`` writes every record's JSON (keyed by document name), so
that two versions of the extractor can be compared for identical output; ``--profile N``
prints the N most expensive functions (cProfile, cumulative and own time).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import time
from pathlib import Path

from libgraph.extract import extract
from libgraph.ingest import IngestError, discover, read_document
from libgraph.ingest.model import Document


def read_all(root: Path) -> list[Document]:
    """Every readable document under ``root``, sorted by path (unreadable ones skipped)."""
    documents = []
    for path in sorted(discover([root])):
        try:
            documents.append(read_document(path))
        except IngestError:
            continue
    return documents


def timed(documents: list[Document]) -> tuple[list[float], dict[str, dict]]:
    """CPU seconds per document and each document's record (as JSON data)."""
    times, records = [], {}
    for document in documents:
        start = time.process_time()
        record = extract(document)
        times.append(time.process_time() - start)
        records[document.name] = record.to_dict()
    return times, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--records", type=Path, default=None)
    parser.add_argument("--profile", type=int, default=0)
    args = parser.parse_args()
    documents = read_all(args.corpus)
    extract(documents[0])  # warm-up: lexicons and lists load once per process
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
    times, records = timed(documents)
    if args.profile:
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.profile)
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(f"{len(times)} documents: {sum(times):.2f} s CPU, median "
          f"{statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms; "
          f"load average {os.getloadavg()[0]:.2f}")
    if args.records:
        args.records.write_text(json.dumps(records, ensure_ascii=False, indent=1,
                                           sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
