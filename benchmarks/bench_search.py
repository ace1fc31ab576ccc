"""Full-text search under load: ``/search`` of the explorer with 16 concurrent clients.

    python benchmarks/bench_search.py [--synthetic 1000000] [--build DIR] [--clients 16]
                                      [--requests 320] [--runs 3] [--processes 2]

Builds the index of a synthetic graph (``benchmarks/synthetic_graph.py``, about a million
triples; or of ``--build``), times ``fulltext.write_index``, starts ``libgraph serve
--processes 2`` on 127.0.0.1 and sends ``--requests`` different search pages per run (words,
prefixes, phrases, a facet, a second page, five label languages: every URL once, so the
rendered-page cache cannot help) from ``--clients`` threads, each request on a new
connection (what ``--processes`` > 1 serves best, see docs/explorer.md). Prints p50, p95 and
max per run; the target is p95 under 100 ms. Figures go to stdout and to
``benchmarks/results/search.md``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

WORDS = ("bibliotek", "stad", "kommun", "region", "kultur", "möte", "folk", "skole", "digital",
         "läs", "bok", "data", "plan", "nord", "øst", "vest", "fylke", "sam", "råd", "berg",
         "sjö", "dal", "holm", "vik", "lund", "projekt", "Tromso", "Aarhus", "Vaxjo", "beslut")
LANGS = ("sv", "en", "nb", "da", "nn")
TARGET_MS = 100.0


def queries(count: int) -> list[str]:
    """``count`` different search URLs: words, prefixes, phrases, facets, pages, languages."""
    shapes = []
    for w in WORDS:
        shapes += [f"q={urllib.parse.quote(w)}", f"q={urllib.parse.quote(w[:4])}*",
                   f"q={urllib.parse.quote(w[:3])}*",
                   f"q={urllib.parse.quote(w)}&kind=minutes",
                   f"q={urllib.parse.quote(w[:4])}*&page=2",
                   "q=" + urllib.parse.quote(f'"{w} och"')]
    urls = [f"/search?{s}" + (f"&lang={lang}" if lang != "sv" else "")
            for lang in LANGS for s in shapes]
    return urls[:count]


def synthetic(work: Path, triples: int) -> Path:
    out = work / "synthetic"
    out.mkdir()
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synthetic_graph.py"),
                    "--triples", str(triples), "--seed", "1", "-o", str(out / "graph.nt")],
                   check=True, stdout=subprocess.DEVNULL)
    return out


def index_build(build_dir: Path) -> tuple[float, int, float]:
    """Seconds to load the graph and write the index; items; seconds of the index alone."""
    from libgraph import fulltext
    from libgraph.web.backend import load_build

    started = time.perf_counter()
    backend = load_build(build_dir)
    loaded = time.perf_counter()
    nt = build_dir / "graph.nt"
    stamp = f"{nt.stat().st_size}-{nt.stat().st_mtime_ns}"  # as the explorer stamps it
    items = fulltext.write_index(backend, build_dir / fulltext.INDEX_FILE, stamp=stamp)
    return time.perf_counter() - started, items, time.perf_counter() - loaded


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Accept": "text/html", "Connection": "close"})
        response = conn.getresponse()
        response.read()
        status = response.status
    finally:
        conn.close()
    return status, (time.perf_counter() - started) * 1000


def start(build_dir: Path, processes: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "libgraph.cli", "serve", "--build", str(build_dir), "--port",
         str(port), "--processes", str(processes), "--no-warm"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if get(port, "/search.json?q=a")[0] == 200:
                return process, port
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("the explorer did not start")


def run(port: int, urls: list[str], clients: int) -> list[float]:
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda u: get(port, u), urls))
    bad = [u for u, (status, _ms) in zip(urls, results, strict=True) if status != 200]
    if bad:
        raise SystemExit(f"not 200: {bad[:3]}")
    return sorted(ms for _status, ms in results)


def pct(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, round(p * (len(values) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=1_000_000)
    parser.add_argument("--build", type=Path, default=None)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=320)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "search.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="libgraph-bench-search-") as tmp:
        build_dir = args.build or synthetic(Path(tmp), args.synthetic)
        total, items, alone = index_build(build_dir)
        triples = sum(1 for _ in (build_dir / "graph.nt").open("rb"))
        print(f"{triples} triples; index of {items} items written in {alone:.1f} s "
              f"({total:.1f} s with loading the graph)")
        process, port = start(build_dir, args.processes)
        try:
            urls = queries(args.requests)
            for url in urls[:20]:  # each page process opens the index once (first search)
                get(port, url.replace("/search?", "/search.json?x=warm&"))
            rows = []
            for number in range(1, args.runs + 1):
                # a new query string per run, so the rendered-page cache cannot answer
                fresh = [f"{u}&run={number}" for u in urls]
                times = run(port, fresh, args.clients)
                row = (number, statistics.median(times), pct(times, 0.95), times[-1])
                rows.append(row)
                print(f"run {number}: {len(times)} searches, p50 {row[1]:.0f} ms, "
                      f"p95 {row[2]:.0f} ms, max {row[3]:.0f} ms")
        finally:
            os.killpg(process.pid, 15)
            process.wait(timeout=30)
    verdict = "all under" if all(r[2] < TARGET_MS for r in rows) else "NOT all under"
    lines = [
        "# Full-text search under load (`benchmarks/bench_search.py`)", "",
        f"{triples} triples (synthetic, seed 1), index of {items} items written in "
        f"{alone:.1f} s. `libgraph serve --processes {args.processes}`, {args.clients} "
        f"client threads, {len(urls)} different search pages per run (words, prefixes, "
        "phrases, a facet, second pages, five languages), a new connection per request.",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores (shared), Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end.", "",
        "| run | p50 ms | p95 ms | max ms |", "|---|---|---|---|",
        *[f"| {n} | {p50:.0f} | {p95:.0f} | {mx:.0f} |" for n, p50, p95, mx in rows], "",
        f"Target: p95 under {TARGET_MS:.0f} ms: {verdict}.", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"written to {args.out}")
    return 0 if verdict == "all under" else 1


if __name__ == "__main__":
    raise SystemExit(main())
