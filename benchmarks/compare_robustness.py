"""Gold records against extraction on the development corpus: how far extraction errors move
the comparison (docs/compare.md, "Robustness to extraction errors").

    python benchmarks/compare_robustness.py [--corpus ../shared/devcorpus] [--resamples 1000]

Builds two graphs of the same minutes, one from ``gold/*.json`` and one from extracting
``docs/*``, compares each with bootstrap intervals and prints the table and its summary. The
corpus is read in place; nothing of it is copied.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "devcorpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if not (args.corpus / "gold").is_dir():
        print(f"{args.corpus}: no gold/ folder", file=sys.stderr)
        return 2
    from libgraph.compare.robustness import markdown, run, summary

    started = time.perf_counter()
    rows, labels, sizes = run(args.corpus, args.resamples, args.seed)
    print(f"meetings per country, gold / extracted: {sizes}")
    print(markdown(rows, labels))
    print()
    print(summary(rows), f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
