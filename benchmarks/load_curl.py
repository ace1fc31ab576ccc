"""An independent load generator for the explorer: curl, 16 transfers in flight.

    python benchmarks/load_curl.py --port 5000 URLS.tsv [URLS.tsv ...] [--parallel 16]

Each line of a URL file is a path, or a path, a tab and a form body to POST (a ``/sparql``
query); ``--no-cache`` sends ``Cache-Control: no-cache``. One curl process (event-driven, on
its own, with no Python in the request loop) keeps ``--parallel`` requests in flight, each on
a new connection, until every line has been sent once, and reports each transfer's time;
this script only writes curl's config and reads its ``-w`` lines. It shares no code with
``bench_web.py``, so the two measure the server through different clients: a figure both
agree on is the server's, not the client's. ``bench_web.py --save-urls DIR`` writes its URL
lists in this format.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

ACCEPT = {"GET": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
          "POST": "application/sparql-results+json"}


def config(port: int, lines: list[str], fresh: bool) -> str:
    """curl's config: one transfer per line, separated by ``next`` (after which curl forgets
    every option but the global ones, so each transfer repeats its own)."""
    out: list[str] = []
    for line in lines:
        path, _tab, body = line.partition("\t")
        method = "POST" if body else "GET"
        out += [f'url = "http://127.0.0.1:{port}{path}"', "output = /dev/null", "silent",
                r'write-out = "%{http_code} %{time_total}\n"',
                f'header = "Accept: {ACCEPT[method]}"']
        if body:
            out += [f'data-binary = "{body}"',
                    'header = "Content-Type: application/x-www-form-urlencoded"']
        if fresh:
            out.append('header = "Cache-Control: no-cache"')
        out.append("next")
    return "\n".join(out[:-1]) + "\n"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(port: int, lines: list[str], parallel: int, fresh: bool) -> dict[str, float]:
    """Send every line once with ``parallel`` in flight: p50, p95, max (ms), errors, rate."""
    with tempfile.NamedTemporaryFile("w", suffix=".curl", delete=False) as handle:
        handle.write(config(port, lines, fresh))
    try:
        started = time.perf_counter()
        done = subprocess.run(["curl", "--silent", "--no-progress-meter", "--parallel",
                               "--parallel-immediate", "--parallel-max", str(parallel),
                               "--config", handle.name],
                              capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
    finally:
        os.unlink(handle.name)
    rows = [line.split() for line in done.stdout.splitlines() if line.strip()]
    times = [float(t) * 1000 for _code, t in rows]
    return {"count": len(rows), "p50": percentile(times, 0.5), "p95": percentile(times, 0.95),
            "max": max(times), "errors": sum(code != "200" for code, _t in rows),
            "per_second": len(rows) / wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--parallel", type=int, default=16)
    parser.add_argument("--no-cache", action="store_true",
                        help="send Cache-Control: no-cache (/sparql runs each query again)")
    args = parser.parse_args()
    for path in args.files:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
        load = os.getloadavg()[0]
        f = run(args.port, lines, args.parallel, args.no_cache)
        print(f"{path.name}: {f['count']:.0f} requests, p50 {f['p50']:.0f} ms, p95 "
              f"{f['p95']:.0f} ms, max {f['max']:.0f} ms, {f['per_second']:.0f}/s, "
              f"{f['errors']:.0f} errors; load average {load:.2f} before")


if __name__ == "__main__":
    main()
