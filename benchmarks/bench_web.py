"""Response times of the explorer under 16 concurrent clients (a script, not a test).

    python benchmarks/bench_web.py [--clients 16] [--requests 320] [--synthetic 1000000]
    python benchmarks/bench_web.py --build DIR --cpu-pages URLS [--save-pages OUT]

For the demo build (built into a temporary directory) and, when ``benchmarks/synthetic_graph.py``
is there, a synthetic graph of about a million triples, it starts ``libgraph serve`` on
127.0.0.1 and measures two runs per target:

- *repeated*: the same URL ``--requests`` times (after 1 cold and 3 warm-up requests), which
  after the first request is answered from the rendered-response cache;
- *distinct*: ``--requests`` different URLs (different entities of four kinds, different list
  facets, pages and label languages, different search words), each requested once, so the
  response cache cannot help and every page is rendered.

Named queries are POSTs to ``/sparql``, which are never cached; both runs send the same query.
The clients are separate processes (one per client, each with one keep-alive connection), so
they do not compete with each other for a Python interpreter lock; they still share the
machine's cores with the server. Figures go to stdout and to ``benchmarks/results/web.md``.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import multiprocessing as mp
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

NAMED = "meetings-by-country-year"
FIND_MEETING = ("SELECT ?m WHERE { ?m a lg:Meeting ; schema:attendee ?a } GROUP BY ?m "
                "ORDER BY DESC(COUNT(?a)) ?m LIMIT 1")
KINDS = ("lg:Meeting", "foaf:Person", "org:Organization", "schema:Project")
ENTITIES = "SELECT ?s WHERE {{ ?s a {kind} }} ORDER BY ?s"
LANGS = ("sv", "en", "nb", "da", "nn")
LISTS = ("meetings", "people", "organisations", "projects")
WORDS = ("bibliotek", "stad", "kommun", "region", "kultur", "möte", "kultur", "folk", "skole",
         "digital", "läs", "bok", "data", "plan", "nord", "syd", "øst", "vest", "amt", "fylke",
         "sam", "nätverk", "råd", "by", "berg", "sjö", "dal", "holm", "vik", "lund", "projekt",
         "forening", "styre", "leder", "arkiv", "museum", "skriv", "media")
HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
PAGE_LIMIT, SEARCH_LIMIT, QUERY_LIMIT = 60, 100, 300  # ms, p95 (issue 18)
JSON_RESULTS = "application/sparql-results+json"


@dataclass
class Request:
    """One request: a GET path, or a POSTed form."""

    path: str
    body: bytes | None = None
    accept: str = HTML
    fresh: bool = False  # send Cache-Control: no-cache (/sparql then runs the query again)


@dataclass
class Target:
    """One kind of request, as a list of requests to send (one URL repeated, or many)."""

    name: str
    requests: list[Request]


@dataclass
class Figures:
    """What one target measured."""

    target: str
    run: str
    cold_ms: float | None
    p50_ms: float
    p95_ms: float
    max_ms: float
    per_second: float
    errors: int
    hits: int
    count: int
    cpu_ms: float | None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def send(conn: http.client.HTTPConnection, req: Request) -> tuple[float, int, bool]:
    """One request on a keep-alive connection: seconds, status, answered from the cache."""
    headers = {"Accept": req.accept}
    if req.fresh:
        headers["Cache-Control"] = "no-cache"
    if req.body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    conn.request("POST" if req.body is not None else "GET", req.path, body=req.body,
                 headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    return elapsed, response.status, response.getheader("X-Cache") == "hit"


def client(port: int, requests: list[Request], start_at: float,
           results: mp.Queue) -> None:  # type: ignore[type-arg]
    """One client process: its requests one after another, on one connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    out: list[tuple[float, int, bool]] = []
    time.sleep(max(0.0, start_at - time.time()))
    for req in requests:
        try:
            out.append(send(conn, req))
        except (OSError, http.client.HTTPException):
            out.append((0.0, 0, False))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.close()
    results.put(out)


def server_cpu(pgid: int) -> float:
    """CPU seconds used so far by every process of the server's group (pages and SPARQL)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields[2] is the process group
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / os.sysconf("SC_CLK_TCK")


def load(port: int, requests: list[Request], clients: int, pgid: int
         ) -> tuple[list[tuple[float, int, bool]], float, float]:
    """Send ``requests`` from ``clients`` processes at once: results, wall seconds, server CPU."""
    context = mp.get_context("fork")
    results: mp.Queue = context.Queue()  # type: ignore[type-arg]
    start_at = time.time() + 0.5 + 0.05 * clients
    shares = [requests[i::clients] for i in range(clients)]
    procs = [context.Process(target=client, args=(port, share, start_at, results))
             for share in shares if share]
    for proc in procs:
        proc.start()
    time.sleep(max(0.0, start_at - time.time()))
    cpu_before, started = server_cpu(pgid), time.perf_counter()
    collected: list[tuple[float, int, bool]] = []
    for _ in procs:
        collected.extend(results.get(timeout=900))
    wall, cpu = time.perf_counter() - started, server_cpu(pgid) - cpu_before
    for proc in procs:
        proc.join()
    return collected, wall, cpu


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(port: int, target: Target, run: str, clients: int, pgid: int,
            cold: bool) -> Figures:
    cold_ms = None
    if cold:  # the first request of this URL, then three more
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        cold_ms = send(conn, target.requests[0])[0] * 1000
        for _ in range(3):
            send(conn, target.requests[0])
        conn.close()
    results, wall, cpu = load(port, target.requests, clients, pgid)
    times = [t for t, _s, _h in results]
    return Figures(target.name, run, cold_ms, statistics.median(times) * 1000,
                   percentile(times, 0.95) * 1000, max(times) * 1000, len(results) / wall,
                   sum(1 for _t, s, _h in results if s != 200),
                   sum(1 for _t, _s, hit in results if hit), len(results),
                   cpu / len(results) * 1000)


def start_server(build_dir: Path, processes: int, threads: int
                 ) -> tuple[subprocess.Popen[bytes], int, float]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    command = [sys.executable, "-m", "libgraph.cli", "serve", "--build", str(build_dir),
               "--port", str(port), "--workers", "2", "--threads", str(threads),
               "--processes", str(processes), "--timeout", "60",
               # every client is 127.0.0.1 and all of them may queue: no 503s for fairness
               "--per-client", "1000", "--queue", "1000"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    while True:
        if process.poll() is not None:
            raise RuntimeError("server exited")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql", timeout=2):
                return process, port, time.perf_counter() - started
        except OSError:
            time.sleep(0.2)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def named_query_text(name: str = NAMED, values: dict[str, str] | None = None) -> str:
    from libgraph import query as lgquery

    named = lgquery.find_query(name)
    return lgquery.prepare(named, values or {}).sparql


def select(port: int, query: str) -> list[str]:
    form = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/sparql", data=form,
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=300) as response:
        rows = json.load(response)["results"]["bindings"]
    return [next(iter(row.values()))["value"] for row in rows]


def get_json(port: int, path: str) -> dict[str, object]:
    url = f"http://127.0.0.1:{port}{path}"
    with urllib.request.urlopen(url, timeout=300) as response:
        return json.load(response)  # type: ignore[no-any-return]


def local(iri: str) -> str:
    return "/id/" + iri.split("/id/", 1)[1]


def entity_paths(port: int, count: int) -> list[str]:
    """``count`` different entity pages, taking meetings, people, organisations, projects in
    turn (a seeded sample of each kind; label languages vary when a kind runs out)."""
    rng = random.Random(1)
    pools = []
    for kind in KINDS:
        iris = select(port, ENTITIES.format(kind=kind))
        rng.shuffle(iris)
        pools.append([local(i) for i in iris])
    paths: list[str] = []
    for lang in LANGS:
        for i in range(max(len(p) for p in pools)):
            for pool in pools:
                if i < len(pool):
                    paths.append(pool[i] if lang == "sv" else f"{pool[i]}?lang={lang}")
                if len(paths) == count:
                    return paths
    return paths


def list_paths(port: int, count: int) -> list[str]:
    """``count`` different list pages: facet values, facet combinations, pages, languages,
    found by following the facet links of the lists' JSON twins breadth first."""
    seen: list[str] = []
    queue = [f"/{name}" for name in LISTS]
    budget = max(8, count // len(LANGS) + 1)
    while queue and len(seen) < budget:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.append(path)
        stem, _q, query = path.partition("?")
        page = get_json(port, f"{stem}.json" + (f"?{query}" if query else ""))
        links = [v["href"] for f in page.get("facets", [])  # type: ignore[attr-defined]
                 for v in f["values"] if not v.get("active")]
        if page.get("next"):
            links.append(page["next"])
        queue.extend(link for link in links if link not in seen)
    paths = [p if lang == "sv" else p + ("&" if "?" in p else "?") + f"lang={lang}"
             for lang in LANGS for p in seen]
    return paths[:count]


def repeated_targets(port: int, requests: int) -> list[Target]:
    """One URL per target, sent ``requests`` times: the best-attended meeting, a faceted
    list, a named query, a search."""
    meeting = local(select(port, FIND_MEETING)[0])
    return [
        Target("entity page (a meeting)", [Request(meeting)] * requests),
        Target("list page (/people?country=se)", [Request("/people?country=se")] * requests),
        named_target(requests),
        Target("search (/search?q=bibliotek)", [Request("/search?q=bibliotek")] * requests),
    ]


def named_target(requests: int, fresh: bool = False) -> Target:
    """The same aggregate named query ``requests`` times; ``fresh``: never from the cache."""
    query = urllib.parse.urlencode({"query": named_query_text()}).encode()
    name = (f"named query ({NAMED}, JSON, Cache-Control: no-cache)" if fresh
            else f"named query ({NAMED}, JSON)")
    return Target(name, [Request("/sparql", query, JSON_RESULTS, fresh)] * requests)


def named_distinct(port: int, requests: int) -> Target:
    """Named queries about one thing, each for a different thing: the attendance of a meeting
    and the people of an organisation, in turn while both last (each a different text)."""
    rng = random.Random(2)
    pools = []
    for kind, name, param in (("lg:Meeting", "attendance", "meeting"),
                              ("org:Organization", "people", "organization")):
        iris = select(port, ENTITIES.format(kind=kind))
        rng.shuffle(iris)
        pools.append([(name, {param: iri}) for iri in iris[:requests]])
    chosen = [q for pair in itertools.zip_longest(*pools) for q in pair if q][:requests]
    bodies = [urllib.parse.urlencode({"query": named_query_text(n, v)}).encode()
              for n, v in chosen]
    return Target("named queries (attendance of a meeting, people of an organisation; JSON)",
                  [Request("/sparql", body, JSON_RESULTS) for body in bodies])


def distinct_targets(port: int, requests: int) -> list[Target]:
    """``requests`` different URLs (or query texts) per target, and the aggregate named query
    run afresh every time."""
    # whole words and prefixes (full-text search matches words; "bib*" every word so begun)
    searches = [f"/search?q={urllib.parse.quote(w[:n])}{'*' if n < len(w) else ''}"
                + (f"&lang={lang}" if lang != "sv" else "")
                for lang in LANGS for n in (3, 4, 5, 6) for w in WORDS]
    searches = list(dict.fromkeys(searches))[:requests]
    return [
        Target("entity pages (meetings, people, organisations, projects)",
               [Request(p) for p in entity_paths(port, requests)]),
        Target("list pages (facets, pages, languages)",
               [Request(p) for p in list_paths(port, requests)]),
        named_distinct(port, requests),
        Target("search (different words)", [Request(p) for p in searches]),
        named_target(requests, fresh=True),
    ]


def warm(port: int) -> None:
    """What ``libgraph serve`` does in the background at start (list orders, facet indexes,
    the search index), done before measuring the distinct run."""
    from libgraph.web.warmup import PAGES

    for page in PAGES:
        if not page.startswith("/compare"):
            get_json(port, page)


def wait_for_compare(port: int, processes: int, seconds: float = 900) -> float:
    """Wait until every page process has the comparison (which ``libgraph serve`` computes in
    the background after start, once for all processes), so that it does not run during the
    measurements; returns the seconds waited."""
    started = time.perf_counter()
    in_a_row = 0
    while in_a_row < 2 * processes and time.perf_counter() - started < seconds:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/compare.json", timeout=60):
                in_a_row += 1
        except OSError:  # 503 while it is being computed
            in_a_row = 0
            time.sleep(1)
    return time.perf_counter() - started


URL_FILES = {"entity pages": "entity.tsv", "list pages": "list.tsv", "named queries": "named.tsv",
             "search": "search.tsv", "named query": "aggregate.tsv"}


def save_urls(directory: Path, targets: list[Target]) -> None:
    """Each distinct target's requests, one a line (a path, or a path, a tab and the POSTed
    form), for another load generator (``benchmarks/load_curl.py``) to send."""
    directory.mkdir(parents=True, exist_ok=True)
    for target in targets:
        name = next(f for prefix, f in URL_FILES.items() if target.name.startswith(prefix))
        lines = [r.path + ("\t" + r.body.decode() if r.body is not None else "")
                 for r in target.requests]
        (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def triples_in(build_dir: Path) -> int:
    with (build_dir / "graph.nt").open("rb") as handle:
        return sum(1 for _line in handle)


def run_dataset(name: str, build_dir: Path, args: argparse.Namespace) -> dict[str, object]:
    clients, requests = args.clients, args.requests
    process, port, startup = start_server(build_dir, args.processes, args.threads)
    compare_wait = wait_for_compare(port, args.processes)
    load_before = os.getloadavg()[0]
    try:
        figures = [measure(port, t, "repeated", clients, process.pid, True)
                   for t in repeated_targets(port, requests)]
        warm(port)
        distinct = distinct_targets(port, requests)
        if args.save_urls is not None:
            save_urls(args.save_urls, distinct)
        figures += [measure(port, t, "distinct", clients, process.pid, False)
                    for t in distinct]
    finally:
        stop_server(process)
    return {"name": name, "triples": triples_in(build_dir), "startup": startup,
            "compare_wait": compare_wait,
            "figures": figures, "load": (load_before, os.getloadavg()[0])}


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


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def report(results: list[dict[str, object]], args: argparse.Namespace) -> str:
    import pyoxigraph

    lines = ["# Explorer response times", "",
             f"`python benchmarks/bench_web.py --clients {args.clients} --requests "
             f"{args.requests} --processes {args.processes} --threads {args.threads}`: "
             f"`libgraph serve --processes {args.processes} --threads {args.threads} "
             f"--workers 2` on 127.0.0.1 ({args.processes} page processes of {args.threads} "
             "request threads, 2 SPARQL worker processes in all, the default caches: 64 MB of "
             f"pages and 16 MB of query answers per process), {args.clients} concurrent clients "
             "(separate processes, each sending its requests one after another on one HTTP/1.1 "
             "connection, reopened when the server closes it, which it does after every "
             "response when there are several page processes; no pause between requests), "
             f"{args.requests} requests per target and run. Machine: {os.cpu_count()} CPUs, "
             f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}. "
             "Times in milliseconds.", "",
             "- *start*: until the server answers (graph loaded, caches filled before the page "
             "processes fork); *comparison*: then until every process has the country "
             "comparison, which serve computes once in the background; the runs start after.",
             "- *repeated*: one URL (or query) per target, requested once (*cold*: the first "
             "request of it, not yet in any cache), three more times, then by all clients; "
             "later requests are answered from the response cache or, for the named query, the "
             "query-answer cache (*cache hits*; each process has its own caches).",
             "- *distinct*: every request a different URL or query text: entity pages of "
             "meetings, people, organisations and projects in turn (then the same in other "
             "label languages), list pages found by following facet and next-page links (then "
             "in other languages), named queries about one meeting or organisation each, "
             "searches for different words; and the aggregate named query sent with "
             "`Cache-Control: no-cache`, so that every request runs it. No page comes from the "
             "response cache; what the pages share is the graph's data already looked up "
             "(labels, list-row cells, list orders and facet indexes).",
             "- *server CPU*: CPU time of the server's processes (page processes and SPARQL "
             "workers) per request during the run.", ""]
    for result in results:
        before, after = result["load"]  # type: ignore[misc]
        lines += [f"## {result['name']}: {result['triples']:,} triples".replace(",", " "), "",
                  f"Start {result['startup']:.1f} s, comparison "
                  f"{result['compare_wait']:.1f} s more; load average {before:.1f} before the "
                  f"runs, {after:.1f} after.", "",
                  "| run | target | cold | p50 | p95 | max | requests/s | server CPU | "
                  "cache hits | errors |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for f in result["figures"]:  # type: ignore[attr-defined]
            lines.append(f"| {f.run} | {f.target} | {_ms(f.cold_ms)} | {f.p50_ms:.0f} | "
                         f"{f.p95_ms:.0f} | {f.max_ms:.0f} | {f.per_second:.1f} | "
                         f"{_ms(f.cpu_ms)} | {f.hits}/{f.count} | {f.errors} |")
        lines.append("")
    lines += ["## Targets", "", "p95 of what a reader waits for, with "
              f"{args.clients} clients: a page under {PAGE_LIMIT} ms, a search under "
              f"{SEARCH_LIMIT} ms, a named query under {QUERY_LIMIT} ms.", "",
              "| graph | target | p95 | limit | |", "|---|---|---:|---:|---|"]
    for result in results:
        for f in result["figures"]:  # type: ignore[attr-defined]
            limit = (QUERY_LIMIT if "named quer" in f.target else PAGE_LIMIT if "page" in f.target
                     else SEARCH_LIMIT if f.target.startswith("search") else None)
            if limit is not None:
                verdict = "met" if f.p95_ms < limit and not f.errors else "**missed**"
                lines.append(f"| {result['name']} | {f.run}: {f.target} | {f.p95_ms:.0f} | "
                             f"{limit} | {verdict} |")
    lines.append("")
    lines += ["## Reading the figures", "",
              "The clients never pause, so the server is saturated and the times are mostly "
              "queueing: by Little's law the mean time is clients ÷ requests per second. A p95 "
              "under 60 ms with 16 clients needs roughly 400 requests per second. Pages are "
              "rendered by Python, one core per page process, so the processes and the 16 "
              "client processes share the machine's cores. A cache hit costs well under 1 ms; "
              "a page rendered from the graph costs the *server CPU* column of the distinct "
              "run. A named query costs what Oxigraph needs to answer it, in a SPARQL worker "
              "process, plus a pipe round trip, unless its answer is kept.", ""]
    return "\n".join(lines)


def cpu_per_page(build_dir: Path, url_dir: Path, save: Path | None) -> None:
    """CPU per page in this process (``--cpu-pages URLS``): the app over ``build_dir`` with
    the response cache off, warmed as ``libgraph serve`` warms it, then every line of
    ``entity.tsv``, ``list.tsv`` and ``search.tsv`` (from ``--save-urls``) requested once
    through WSGI, and again (*warm*: labels, links and cells already kept). No sockets, no
    other process: the figure is what rendering a page costs, unlike the walls above, which
    are mostly the queue for a core. ``save``: write every response there, to diff versions.
    """
    from werkzeug.test import EnvironBuilder

    from libgraph.web import create_app
    from libgraph.web.warmup import PAGES, warm_up

    app = create_app(config={"BUILD_DIR": str(build_dir), "RESPONSE_CACHE_BYTES": 0})
    warm_up(app, tuple(p for p in PAGES if not p.startswith("/compare")), background=False)
    statuses: list[str] = []

    def start_response(status: str, _headers: object, _exc: object = None) -> None:
        statuses.append(status)

    for name in ("entity", "list", "search"):
        paths = (url_dir / f"{name}.tsv").read_text(encoding="utf-8").split()
        environs = [EnvironBuilder(path=p.split("?")[0], query_string=p.partition("?")[2],
                                   headers={"Accept": HTML}).get_environ() for p in paths]
        for run in ("first", "warm"):
            answers = []
            started = time.process_time()
            for environ in environs:
                body = b"".join(app(dict(environ), start_response))
                answers.append(f"=== {environ['PATH_INFO']}?{environ['QUERY_STRING']} "
                               f"{statuses[-1]}\n".encode() + body)
            spent = time.process_time() - started
            print(f"{name} ({run} visit): {spent / len(paths) * 1000:.2f} ms CPU per page, "
                  f"{len(paths)} pages")
            if save is not None and run == "first":
                save.mkdir(parents=True, exist_ok=True)
                (save / f"{name}.txt").write_bytes(b"\n".join(answers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=320)
    parser.add_argument("--processes", type=int, default=2, help="libgraph serve --processes")
    parser.add_argument("--threads", type=int, default=8, help="libgraph serve --threads")
    parser.add_argument("--synthetic", type=int, default=1_000_000,
                        help="triples of the synthetic graph (0: skip it)")
    parser.add_argument("--build", type=Path, default=None,
                        help="measure this build instead of building the demo")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "web.md")
    parser.add_argument("--save-urls", type=Path, default=None, metavar="DIR",
                        help="write the distinct runs' URL lists here (for load_curl.py)")
    parser.add_argument("--cpu-pages", type=Path, default=None, metavar="URLS",
                        help="with --build: CPU per page of the URL lists in URLS, in this "
                        "process (no server); see cpu_per_page")
    parser.add_argument("--save-pages", type=Path, default=None, metavar="DIR",
                        help="with --cpu-pages: write the responses here (to diff versions)")
    args = parser.parse_args()
    if args.cpu_pages is not None:
        if args.build is None:
            parser.error("--cpu-pages needs --build")
        cpu_per_page(args.build, args.cpu_pages, args.save_pages)
        return
    results = []
    with tempfile.TemporaryDirectory(prefix="libgraph-bench-web-") as tmp:
        work = Path(tmp)
        demo = args.build or demo_build(work)
        results.append(run_dataset(f"Build `{args.build}`" if args.build else "Demo build",
                                   demo, args))
        synthetic = synthetic_build(work, args.synthetic)
        if synthetic is not None:
            results.append(run_dataset("Synthetic graph", synthetic, args))
    text = report(results, args)
    print(text)
    if args.out.name != "-":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
