"""Figures that the robustness tests used to assert with thresholds, printed instead.

* memory and time to refuse a file over the size limit (it must never be read whole);
* extraction time of one long line of prose at 20,000 and 80,000 characters (growth should be
  about linear: 4x the text, about 4x the time).

Run: ``python3 benchmarks/bench_robustness.py``.
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
import time
import tracemalloc
from pathlib import Path

from libgraph.extract import extract
from libgraph.ingest import IngestError, read_document
from libgraph.ingest.formats import TEXT_LIMIT
from libgraph.ingest.model import Document

GOOD = ("Minnesanteckningar från chefsmöte 2019-03-04\n\nNärvarande: Anna Berg, Växjö, "
        "Lars Ekström, Alvesta\n\n§ 1 Regional biblioteksplan\nMötet beslutade att bilda en "
        "arbetsgrupp.\n")
WORDS = "biblioteket diskuterade läsfrämjande och samverkan i regionen "


def refuse_large_file() -> tuple[float, float]:
    """Seconds and peak MiB (Python allocations) to refuse a file just over the limit."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "too-large.txt"
        with path.open("wb") as handle:
            handle.write(GOOD.encode() * 100)
            handle.truncate(TEXT_LIMIT + 1)
        tracemalloc.start()
        started = time.perf_counter()
        with contextlib.suppress(IngestError):
            read_document(path)
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return seconds, peak / 2**20


def extract_seconds(chars: int) -> float:
    text = GOOD + "\n" + (WORDS * (chars // len(WORDS) + 1))[:chars] + "\n"
    document = Document(path=Path("long.txt"), name="long.txt", text=text,
                        sha256=hashlib.sha256(text.encode()).hexdigest(), language="sv",
                        format="txt")
    started = time.perf_counter()
    extract(document)
    return time.perf_counter() - started


def main() -> None:
    seconds, mib = refuse_large_file()
    print(f"refuse a {TEXT_LIMIT / 2**20:.0f} MiB + 1 byte file: {seconds * 1000:.1f} ms, "
          f"peak {mib:.2f} MiB of Python allocations")
    extract_seconds(5_000)  # lexicons load on first use
    small, large = extract_seconds(20_000), extract_seconds(80_000)
    print(f"one line of prose: 20,000 chars {small:.3f} s, 80,000 chars {large:.3f} s "
          f"(ratio {large / small:.1f} for 4x the text)")


if __name__ == "__main__":
    main()
