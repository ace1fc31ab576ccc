"""Pages under mixed load with runaway SPARQL queries, and a hostile pass (a script, not a test).

    python benchmarks/bench_sparql_load.py [--seconds 40] [--pages 16] [--runaway 4]

Starts ``libgraph serve`` on 127.0.0.1 over the demo build (built into a temporary directory
unless ``--build`` is given) with one trusted proxy hop, so each simulated client can say who
it is in ``X-Forwarded-For``. Then, for ``--seconds``:

- ``--pages`` clients (threads, one address each) fetch entity pages, lists, search and the
  JSON twins in a loop;
- ``--runaway`` clients (one address each) send queries that would run for ever or grow
  without bound: cartesian products, a sorted cartesian product, a string that doubles
  40 times;
- a sampler reads every SPARQL worker's RSS from ``/proc`` five times a second.

It prints the pages' p50/p95/max latency, the count of 5xx answers to pages (and of 500s to
anything), the statuses the runaway queries got, the peak worker RSS next to the cap, and then
runs the hostile-query generators of ``tests/test_sparql_hostile.py`` (SERVICE spellings and
update forms) against the same server with a canary listening on 127.0.0.1: how many were
tried, refused, and how many connections the canary saw. Figures go to stdout and to
``benchmarks/results/sparql_load.md``. All traffic stays on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

PAGES = ["/", "/people", "/meetings", "/organisations", "/projects", "/people.json",
         "/meetings.json", "/id/country/se", "/id/country/no.json", "/search?q=bibliotek",
         "/search.json?q=kultur", "/queries", "/queries.json", "/people?country=se",
         "/meetings?lang=en", "/network.json"]
DOUBLING = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(40))
RUNAWAY = [
    "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY DESC(?c) ?f ?i",
    f"SELECT (STRLEN(?v40) AS ?n) {{ BIND(\"xxxxxxxxxxxxxxxx\" AS ?v0) {DOUBLING} }}",
    "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?c) < STR(?i)) }",
]


@dataclass
class Tally:
    """What the clients saw (appended from several threads: list.append is atomic)."""

    page_times: list[float] = field(default_factory=list)
    page_status: list[int] = field(default_factory=list)
    runaway_status: list[int] = field(default_factory=list)
    runaway_kind: list[str] = field(default_factory=list)  # "504", "503 memory", "503 busy"
    rss: dict[int, int] = field(default_factory=dict)
    caps: dict[int, int] = field(default_factory=dict)


def request(base: str, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def page_client(base: str, n: int, until: float, tally: Tally) -> None:
    who = {"X-Forwarded-For": f"2001:db8:1::{n:x}"}
    for path in itertools.cycle(PAGES[n % len(PAGES):] + PAGES[: n % len(PAGES)]):
        if time.monotonic() >= until:
            return
        started = time.perf_counter()
        status, _ = request(base, "GET", path, headers=who)
        tally.page_times.append(time.perf_counter() - started)
        tally.page_status.append(status)


def runaway_client(base: str, n: int, until: float, tally: Tally) -> None:
    headers = {"X-Forwarded-For": f"2001:db8:2::{n:x}", "Accept": "application/json",
               "Content-Type": "application/x-www-form-urlencoded"}
    for text in itertools.cycle(RUNAWAY[n % len(RUNAWAY):] + RUNAWAY[: n % len(RUNAWAY)]):
        if time.monotonic() >= until:
            return
        body = urllib.parse.urlencode({"query": text}).encode()
        status, answer = request(base, "POST", "/sparql", body, headers)
        tally.runaway_status.append(status)
        reason = "" if status != 503 else (" memory" if b"memory" in answer else " busy")
        tally.runaway_kind.append(f"{status}{reason}")
        if status == 503:
            time.sleep(1.0)  # told to retry later: a polite attacker still comes back


def sampler(server_pid: int, until: float, tally: Tally) -> None:
    from test_sparql_hostile import worker_pids

    while time.monotonic() < until:
        for pid in worker_pids(server_pid):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                limits = Path(f"/proc/{pid}/limits").read_text()
            except OSError:
                continue
            rss = next((int(x.split()[1]) * 1024 for x in status.splitlines()
                        if x.startswith("VmRSS:")), 0)
            tally.rss[pid] = max(tally.rss.get(pid, 0), rss)
            cap = next((x.split()[3] for x in limits.splitlines()
                        if x.startswith("Max address space")), "unlimited")
            if cap.isdigit():
                tally.caps[pid] = int(cap)
        time.sleep(0.2)


def hostile_pass(base: str) -> tuple[int, int, int, dict[int, int]]:
    """SERVICE spellings and update forms as in the test suite: (tried, refused, canary hits,
    statuses)."""
    import test_sparql_hostile as hostile

    canary, server = hostile._canary()
    served = hostile.Served(base, 0, Path(os.devnull))
    statuses: dict[int, int] = {}
    try:
        texts = hostile.service_spellings(canary.port)
        replies = [hostile.query(served, t, "GET" if i % 2 else "POST")
                   for i, t in enumerate(texts)]
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        for text in hostile.update_forms(canary.port):
            for name in ("query", "update"):
                body = urllib.parse.urlencode({name: text})
                replies.append(hostile.send(served, "POST", "/sparql", body.encode(), form))
                replies.append(hostile.send(served, "GET", "/sparql?" + body))
        for reply in replies:
            statuses[reply.status] = statuses.get(reply.status, 0) + 1
        time.sleep(1.0)  # a late connection would still be counted
        refused = sum(1 for r in replies if 400 <= r.status < 500)
        return len(replies), refused, len(canary.hits), statuses
    finally:
        server.shutdown()
        server.server_close()


WORST_TEXTS = {  # 100 KB inputs that cost the web process's pre-check the most
    "one word per lexeme": "SELECT " + "a " * 49_000,
    "'<' without '>'": "<" * 99_000,
    "strings, IRIs, comments": ("\"a\\\"<b>#c\n?d e:f ") * 5_000,
    "unclosed long string": "\"\"\"" + "a\\" * 40_000,
}


def guard_cost() -> dict[str, float]:
    """Milliseconds :func:`prepare` takes on each worst-case text (the web process's share)."""
    from libgraph.web.sparql.guard import Refused, prepare

    costs = {}
    for name, text in WORST_TEXTS.items():
        started = time.perf_counter()
        with contextlib.suppress(Refused):
            prepare(text, 100_000)
        costs[name] = (time.perf_counter() - started) * 1000
    return costs


def start_server(build: Path, args: argparse.Namespace, log: Path) -> tuple[subprocess.Popen[bytes],
                                                                            str]:
    from test_web_server import free_port, wait_until_up

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "libgraph.cli", "serve", "--build", str(build), "--host",
             "127.0.0.1", "--port", str(port), "--workers", str(args.workers), "--timeout",
             str(args.timeout), "--query-memory-mb", str(args.query_memory_mb),
             "--proxy-hops", "1", "--threads", str(args.threads)],
            env=env, stdout=out, stderr=out, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base + "/index.json", process, 300)
    return process, base


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", type=Path, default=None)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--pages", type=int, default=16)
    parser.add_argument("--runaway", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--query-memory-mb", type=int, default=512)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/sparql_load.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="libgraph-load-") as tmp:
        build = args.build
        if build is None:
            from libgraph.build import build as build_graph

            build = Path(tmp) / "build"
            build_graph([ROOT / "data" / "minutes"], build)
        log = Path(tmp) / "serve.log"
        process, base = start_server(build, args, log)
        try:
            for path in PAGES:  # one warm request each, as a visitor before the attack
                request(base, "GET", path)
            tally = Tally()
            until = time.monotonic() + args.seconds
            threads = [threading.Thread(target=page_client, args=(base, n, until, tally))
                       for n in range(args.pages)]
            threads += [threading.Thread(target=runaway_client, args=(base, n, until, tally))
                        for n in range(args.runaway)]
            threads.append(threading.Thread(target=sampler, args=(process.pid, until, tally)))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            hostile = hostile_pass(base)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        report(args, tally, hostile, log)


def report(args: argparse.Namespace, tally: Tally, hostile: tuple[int, int, int,
                                                                  dict[int, int]],
           log: Path) -> None:
    times = [t * 1000 for t in tally.page_times]
    page_5xx = sum(1 for s in tally.page_status if s >= 500)
    all_500 = sum(1 for s in tally.page_status + tally.runaway_status if s == 500)
    runaway: dict[str, int] = {}
    for kind in tally.runaway_kind:
        runaway[kind] = runaway.get(kind, 0) + 1
    peak = max(tally.rss.values(), default=0)
    cap = max(tally.caps.values(), default=0)
    tried, refused, hits, statuses = hostile
    log_lines = len(log.read_text(errors="replace").splitlines())
    lines = [
        f"# /sparql under load ({time.strftime('%Y-%m-%d')}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()})",
        "",
        f"`python benchmarks/bench_sparql_load.py --seconds {args.seconds:g} --pages "
        f"{args.pages} --runaway {args.runaway}`: demo build, `--workers {args.workers} "
        f"--threads {args.threads} --timeout {args.timeout:g} --query-memory-mb "
        f"{args.query_memory_mb}`, waitress, everything on 127.0.0.1.",
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| page requests | {len(times)} |",
        f"| page latency p50 / p95 / max | {statistics.median(times):.0f} / "
        f"{percentile(times, 0.95):.0f} / {max(times):.0f} ms |",
        f"| pages answered 5xx | {page_5xx} |",
        f"| responses 500 (pages and queries) | {all_500} |",
        f"| runaway queries sent | {len(tally.runaway_status)} |",
        f"| runaway answers | {', '.join(f'{k}: {v}' for k, v in sorted(runaway.items()))} |",
        f"| SPARQL workers seen | {len(tally.rss)} |",
        f"| peak worker RSS / address-space cap | {peak >> 20} MB / {cap >> 20} MB |",
        f"| hostile queries tried / refused (4xx) | {tried} / {refused} |",
        f"| hostile statuses | {', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))} |",
        f"| canary connections | {hits} |",
        f"| server log lines | {log_lines} |",
    ]
    lines += [f"| web-process check, 100 KB: {name} | {ms:.0f} ms |"
              for name, ms in guard_cost().items()]
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
