"""Time and peak memory of ``libgraph compare`` (bootstrap included) on a synthetic graph.

    python benchmarks/bench_compare.py [--triples 1000000] [--resamples 1000] [--work DIR]

Writes the synthetic graph of ``benchmarks/synthetic_graph.py`` (seed 1) into ``DIR`` as a
build (``graph.nt`` and an Oxigraph ``store/``) unless it is there already, then runs
``libgraph compare --build DIR --format json --resamples N`` under ``/usr/bin/time -v`` and
prints wall time, CPU time (user + system) and peak resident memory, with the load average,
because on a shared machine the wall time says more about the neighbours than about compare.
Targets (issue 17): under 60 s and 2 GiB on 2 cores at 10^6 triples with 1,000 resamples.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def synthetic_build(work: Path, triples: int) -> Path:
    """``work`` as a build of the synthetic graph (made once, reused afterwards)."""
    nt = work / "graph.nt"
    if not nt.is_file():
        work.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synthetic_graph.py"),
                        "--triples", str(triples), "--seed", "1", "-o", str(nt)], check=True,
                       stdout=subprocess.DEVNULL)
    if not (work / "store").is_dir():
        import pyoxigraph as ox

        store = ox.Store(str(work / "store"))
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
    return work


def measure(build: Path, resamples: int) -> dict[str, float]:
    """Run compare once under /usr/bin/time -v; wall and CPU seconds, peak RSS in MiB."""
    libgraph = shutil.which("libgraph") or str(Path(sys.executable).parent / "libgraph")
    load = os.getloadavg()[0]
    done = subprocess.run(["/usr/bin/time", "-v", libgraph, "compare", "--build", str(build),
                           "--format", "json", "--resamples", str(resamples)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"compare failed:\n{done.stderr[-2000:]}")
    err = done.stderr

    def field(name: str) -> str:
        found = re.search(rf"{re.escape(name)}: (.+)", err)
        return found.group(1).strip() if found else "0"

    wall = sum(float(p) * 60 ** i for i, p in enumerate(reversed(
        field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"))))
    return {"wall_s": wall,
            "cpu_s": float(field("User time (seconds)")) + float(field("System time (seconds)")),
            "peak_mib": int(field("Maximum resident set size (kbytes)")) / 1024,
            "load_before": load, "load_after": os.getloadavg()[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=None,
                        help="Build directory to make or reuse (default: a temporary one).")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-compare-"))
    build = synthetic_build(work, args.triples)
    figures = measure(build, args.resamples)
    print(f"compare, {args.triples:,} triples, {args.resamples} resamples: "
          f"wall {figures['wall_s']:.1f} s, CPU {figures['cpu_s']:.1f} s, "
          f"peak RSS {figures['peak_mib']:.0f} MiB, load average "
          f"{figures['load_before']:.1f} → {figures['load_after']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
