"""Response times of the explorer under 16 concurrent clients (a script, not a test).

    python benchmarks/bench_web.py [--clients 16] [--requests 320] [--synthetic 1000000]

For the demo build (built into a temporary directory) and, when ``benchmarks/synthetic_graph.py``
is there, a synthetic graph of about a million triples, it starts ``libgraph serve`` on
127.0.0.1, finds an entity page, a list page and a named query, requests each once cold, then
``--requests`` times from ``--clients`` threads, and reports the 50th and 95th percentile
response times. Figures go to stdout and to ``benchmarks/results/web.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

NAMED = "meetings-by-country-year"
FIND_MEETING = ("SELECT ?m WHERE { ?m a lg:Meeting ; schema:attendee ?a } GROUP BY ?m "
                "ORDER BY DESC(COUNT(?a)) ?m LIMIT 1")


@dataclass
class Target:
    """One kind of request: a GET path, or a POSTed query."""

    name: str
    path: str
    body: bytes | None = None
    accept: str = "text/html"


@dataclass
class Figures:
    """What one target measured."""

    target: str
    cold_ms: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    per_second: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(base: str, target: Target) -> tuple[float, int]:
    """One request: seconds taken and the HTTP status."""
    headers = {"Accept": target.accept}
    if target.body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(base + target.path, data=target.body, headers=headers)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as err:
        status = err.code
    return time.perf_counter() - started, status


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(base: str, target: Target, clients: int, requests: int) -> Figures:
    cold, _status = fetch(base, target)
    for _ in range(3):
        fetch(base, target)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(lambda _i: fetch(base, target), range(requests)))
    wall = time.perf_counter() - started
    times = [t for t, _s in results]
    return Figures(target.name, cold * 1000, statistics.median(times) * 1000,
                   percentile(times, 0.95) * 1000, max(times) * 1000, requests / wall,
                   sum(1 for _t, s in results if s != 200))


def start_server(build_dir: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "libgraph.cli", "serve", "--build", str(build_dir), "--port",
         str(port), "--workers", "2", "--threads", "16", "--timeout", "60", "--no-warm"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    while True:
        if process.poll() is not None:
            raise RuntimeError("server exited")
        try:
            with urllib.request.urlopen(base + "/sparql", timeout=2):
                return process, base, time.perf_counter() - started
        except OSError:
            time.sleep(0.2)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def named_query_text() -> str:
    from libgraph import query as lgquery

    named = lgquery.find_query(NAMED)
    return lgquery.prepare(named).sparql


def targets(base: str) -> list[Target]:
    """The entity page of the best-attended meeting, a faceted list, a named query, a search."""
    form = urllib.parse.urlencode({"query": FIND_MEETING}).encode()
    request = urllib.request.Request(base + "/sparql", data=form,
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=300) as response:
        meeting = json.load(response)["results"]["bindings"][0]["m"]["value"]
    path = "/id/" + meeting.split("/id/", 1)[1]
    query = urllib.parse.urlencode({"query": named_query_text()}).encode()
    return [Target("entity page (a meeting)", path),
            Target("list page (/people?country=se)", "/people?country=se"),
            Target(f"named query ({NAMED}, JSON)", "/sparql", query,
                   "application/sparql-results+json"),
            Target("search (/search?q=bibliotek)", "/search?q=bibliotek")]


def triples_in(build_dir: Path) -> int:
    with (build_dir / "graph.nt").open("rb") as handle:
        return sum(1 for _line in handle)


def run_dataset(name: str, build_dir: Path, clients: int, requests: int) -> dict[str, object]:
    process, base, startup = start_server(build_dir)
    try:
        figures = [measure(base, t, clients, requests) for t in targets(base)]
    finally:
        stop_server(process)
    return {"name": name, "triples": triples_in(build_dir), "startup": startup,
            "figures": figures}


def demo_build(work: Path) -> Path:
    from libgraph.build import build

    out = work / "demo"
    build([ROOT / "data" / "minutes"], out)
    return out


def synthetic_build(work: Path, triples: int) -> Path | None:
    script = ROOT / "benchmarks" / "synthetic_graph.py"
    if not script.is_file() or triples <= 0:
        return None
    out = work / "synthetic"
    out.mkdir()
    subprocess.run([sys.executable, str(script), "--triples", str(triples), "--seed", "1",
                    "-o", str(out / "graph.nt")], check=True, stdout=subprocess.DEVNULL)
    return out


def report(results: list[dict[str, object]], clients: int, requests: int) -> str:
    import pyoxigraph

    lines = ["# Explorer response times", "",
             f"`python benchmarks/bench_web.py --clients {clients} --requests {requests}`: "
             f"`libgraph serve` on 127.0.0.1 (2 SPARQL worker processes, 16 request threads, "
             f"caches filled by the warm-up requests), {clients} concurrent clients, "
             f"{requests} requests per target after 1 cold and 3 warm-up requests. Machine: "
             f"{os.cpu_count()} CPUs shared with other work (load average at the start "
             f"{os.getloadavg()[0]:.1f}), Python {platform.python_version()}, pyoxigraph "
             f"{pyoxigraph.__version__}. Times in milliseconds.", ""]
    for result in results:
        lines += [f"## {result['name']}: {result['triples']:,} triples".replace(",", " "), "",
                  f"Server ready (graph loaded, SPARQL workers up) after "
                  f"{result['startup']:.1f} s.", "",
                  "| target | cold | p50 | p95 | max | requests/s | errors |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for f in result["figures"]:  # type: ignore[attr-defined]
            lines.append(f"| {f.target} | {f.cold_ms:.0f} | {f.p50_ms:.0f} | {f.p95_ms:.0f} | "
                         f"{f.max_ms:.0f} | {f.per_second:.1f} | {f.errors} |")
        lines.append("")
    lines += ["## Reading the figures", "",
              "*Cold* is the first request after start with `--no-warm` (it fills that page's "
              "caches: list order and facet indexes, the search index); `libgraph serve` "
              "normally fills them in the background at start. Pages are rendered in Python "
              "threads, so they share one interpreter and the two cores with the benchmark's "
              "own client threads: the server is saturated, and the percentiles are mostly "
              "queueing (p50 ≈ clients ÷ requests per second). The CPU time of one page is "
              "about 2 ÷ (requests per second). Named queries run in the SPARQL worker "
              "processes, outside the interpreter lock.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=320)
    parser.add_argument("--synthetic", type=int, default=1_000_000,
                        help="triples of the synthetic graph (0: skip it)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "web.md")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="libgraph-bench-web-") as tmp:
        work = Path(tmp)
        results.append(run_dataset("Demo build", demo_build(work), args.clients, args.requests))
        synthetic = synthetic_build(work, args.synthetic)
        if synthetic is not None:
            results.append(run_dataset("Synthetic graph", synthetic, args.clients,
                                       args.requests))
    text = report(results, args.clients, args.requests)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
