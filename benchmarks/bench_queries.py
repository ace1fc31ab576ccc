"""Time every named query on pyoxigraph (on disk and in memory) and on rdflib's Graph.

    python benchmarks/bench_queries.py --triples 100000
    python benchmarks/bench_queries.py --triples 1000000 --rdflib-timeout 60

Not a test. It generates (or takes, with ``--graph``) a synthetic graph shaped like a
build (``benchmarks/synthetic_graph.py``), bulk-loads an on-disk Oxigraph store from it,
then runs each engine in its own process, so that the peak memory reported
(``resource.getrusage``) is that engine's alone:

* ``oxigraph-disk``: the store opened read-only, as ``libgraph query`` does;
* ``oxigraph-memory``: ``graph.nt`` loaded into an in-memory store;
* ``rdflib``: ``graph.nt`` parsed into an in-memory ``rdflib.Graph``.

Each query runs once to warm up, then ``--runs`` times (median and 95th percentile). rdflib
can take minutes on aggregates, so each of its runs is cut at ``--rdflib-timeout`` seconds
(reported as "> T s") and its whole phase at ``--rdflib-budget``; the script always ends on
its own. Figures go to stdout and into a section of ``benchmarks/results/queries.md`` named
after the graph size (other sizes' sections are kept). Each engine's raw figures are kept
in the work directory, so ``--engines`` can re-run one engine and reuse the others.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

ENGINES = ("oxigraph-disk", "oxigraph-memory", "rdflib")
#: Values for the parameters that have no default, chosen to exist in the synthetic graph.
BENCH_PARAMS = {
    "evidence": {"iri": "id:person/p000001"},
    "describe": {"iri": "id:meeting/m000001"},
    "attended": {"person": "id:person/p000001", "date": "2010-06-01"},
}


class Timeout(BaseException):
    """Raised by SIGALRM inside rdflib; BaseException so that no ``except Exception`` eats it."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Timeout


def peak_rss_mb() -> float:
    """This process's peak resident memory.

    ``getrusage`` is the portable answer, but on Linux a child started by vfork/exec inherits
    its parent's high-water mark, so the mark of the process's own address space
    (``VmHWM``) is preferred where /proc has it.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


# --- one engine, in its own process -------------------------------------------------------


def prepared_queries() -> list[tuple[str, str, str]]:
    """(name, form, SPARQL text) of every named query with benchmark parameters."""
    from libgraph.query import list_queries, prepare

    out = []
    for query in list_queries():
        prepared = prepare(query, BENCH_PARAMS.get(query.name, {}))
        out.append((query.name, prepared.form, prepared.sparql))
    return out


def size_of(result: Any) -> int:
    """Rows, triples or 1/0 for ASK, whichever engine gave the result."""
    if isinstance(result, bool):
        return int(result)
    try:
        return len(result)
    except TypeError:
        return sum(1 for _ in result)


def worker(engine: str, graph: Path, store_dir: Path, runs: int, timeout: float,
           budget: float) -> dict[str, Any]:
    """Open the engine, time each query; a JSON-able report."""
    started = time.perf_counter()
    execute = open_engine(engine, graph, store_dir)
    report: dict[str, Any] = {"engine": engine, "open_s": time.perf_counter() - started,
                              "queries": {}}
    deadline = time.monotonic() + budget
    for name, _form, sparql in prepared_queries():
        if time.monotonic() > deadline:
            report["queries"][name] = {"skipped": True}
            continue
        report["queries"][name] = time_query(execute, sparql, runs, timeout, engine)
    report["peak_rss_mb"] = peak_rss_mb()
    return report


def open_engine(engine: str, graph: Path, store_dir: Path) -> Any:
    """A function running one SPARQL text and returning its materialised result."""
    if engine == "rdflib":
        from rdflib import Graph

        g = Graph()
        g.parse(graph, format="nt")

        def run_rdflib(sparql: str) -> Any:
            result = g.query(sparql)
            if result.type == "ASK":
                return bool(result.askAnswer)
            return list(result)

        return run_rdflib
    import pyoxigraph as ox

    if engine == "oxigraph-disk":
        store = ox.Store.read_only(str(store_dir))
    else:
        store = ox.Store()
        store.bulk_load(path=str(graph), format=ox.RdfFormat.N_TRIPLES)

    def run_oxigraph(sparql: str) -> Any:
        result = store.query(sparql)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        return list(result)

    return run_oxigraph


def time_query(execute: Any, sparql: str, runs: int, timeout: float, engine: str) -> dict:
    """Warm-up plus ``runs`` timed runs (rdflib: under a SIGALRM limit, no warm-up)."""
    times: list[float] = []
    size = None
    limited = engine == "rdflib"
    total = runs if limited else runs + 1
    for i in range(total):
        if limited:
            signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, timeout, 1.0)
        start = time.perf_counter()
        try:
            size = size_of(execute(sparql))
        except Timeout:
            return {"timeout": timeout, "times": times}
        except Exception as err:  # a failing engine is a finding, not a crash
            return {"error": f"{type(err).__name__}: {str(err)[:120]}", "times": times}
        finally:
            if limited:
                signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - start
        if limited or i > 0:
            times.append(elapsed)
    return {"times": times, "size": size}


# --- the driver -----------------------------------------------------------------------


def ensure_graph(args: argparse.Namespace) -> tuple[Path, float]:
    """The N-Triples file to use (generated and cached in the work dir unless given)."""
    if args.graph:
        return args.graph, 0.0
    from synthetic_graph import write

    path = args.workdir / f"synthetic-{args.triples}-seed{args.seed}.nt"
    if path.exists():
        return path, 0.0
    started = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    write(tmp, args.triples, args.seed)
    tmp.rename(path)
    return path, time.perf_counter() - started


def build_disk_store(graph: Path, store_dir: Path) -> float:
    """Bulk-load the on-disk store as ``libgraph build`` does; seconds taken."""
    import pyoxigraph as ox

    if store_dir.exists():
        shutil.rmtree(store_dir)
    started = time.perf_counter()
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(graph), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    store.optimize()
    del store
    return time.perf_counter() - started


def build_in_child(graph: Path, store_dir: Path) -> float:
    """Build the on-disk store in a child process, so that its memory stays out of ours."""
    cmd = [sys.executable, __file__, "--worker", "build", "--graph", str(graph),
           "--store-dir", str(store_dir)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=True)
    return float(json.loads(done.stdout)["build_s"])


def run_worker(engine: str, graph: Path, store_dir: Path, args: argparse.Namespace) -> dict:
    """The engine's report, from a child process (bounded by a hard wall-clock limit)."""
    runs = args.rdflib_runs if engine == "rdflib" else args.runs
    cmd = [sys.executable, __file__, "--worker", engine, "--graph", str(graph),
           "--store-dir", str(store_dir), "--runs", str(runs),
           "--rdflib-timeout", str(args.rdflib_timeout), "--rdflib-budget", str(args.rdflib_budget)]
    limit = args.rdflib_budget + 1800 if engine == "rdflib" else 1800
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "failed": f"no answer within {limit} s", "queries": {}}
    if done.returncode != 0:
        return {"engine": engine, "failed": done.stderr.strip()[-500:], "queries": {}}
    return json.loads(done.stdout)


def cell(entry: dict | None) -> str:
    if not entry or entry.get("skipped"):
        return "skipped"
    if "timeout" in entry:
        return f"> {entry['timeout']:g} s"
    if "error" in entry:
        return "error"
    times = entry["times"]
    return f"{fmt(statistics.median(times))} / {fmt(percentile(times, 0.95))}"


def fmt(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def median(entry: dict | None) -> float | None:
    if not entry or "times" not in entry or not entry["times"] or "error" in entry:
        return None
    if "timeout" in entry:
        return None
    return statistics.median(entry["times"])


def ratio(slow: dict | None, fast: dict | None) -> str:
    a, b = median(slow), median(fast)
    if slow and "timeout" in slow and b:
        return f"> {slow['timeout'] / b:,.0f}×"
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:,.1f}×"


def report_markdown(meta: dict, reports: dict[str, dict]) -> str:
    disk, mem, rdf = (reports.get(e, {}) for e in ENGINES)
    lines = [
        f"## {meta['triples']:,} triples",
        "",
        f"Measured {meta['when']} on {meta['machine']}; pyoxigraph {meta['pyoxigraph']}, "
        f"rdflib {meta['rdflib']}, Python {meta['python']}. Graph: `{meta['graph']}` "
        f"({meta['size_mb']:.0f} MB of N-Triples, seed {meta['seed']}). Times are median / "
        f"95th percentile of {meta['runs']} runs after one warm-up (rdflib: "
        f"{meta['rdflib_runs']} runs, no warm-up, each cut at {meta['rdflib_timeout']:g} s).",
        "",
        "| | oxigraph on disk | oxigraph in memory | rdflib |",
        "|---|---|---|---|",
        f"| open / load | {opened(disk)} | {opened(mem)} | {opened(rdf)} |",
        f"| peak memory (RSS) | {rss(disk)} | {rss(mem)} | {rss(rdf)} |",
        "",
        f"Building the on-disk store (bulk load, optimize): {fmt(meta['store_build_s'])}.",
        "",
        "| query | rows | on disk | in memory | rdflib | disk ÷ memory | rdflib ÷ disk |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in meta["queries"]:
        d, m, r = (x.get("queries", {}).get(name) for x in (disk, mem, rdf))
        size = (d or {}).get("size", "")
        mismatch = " ≠" if r and "size" in r and d and r["size"] != d.get("size") else ""
        lines.append(f"| {name} | {size}{mismatch} | {cell(d)} | {cell(m)} | {cell(r)} | "
                     f"{ratio(d, m)} | {ratio(r, d)} |")
    for engine, rep in reports.items():
        if rep.get("failed"):
            lines.append(f"\n{engine} failed: `{rep['failed']}`")
    lines.append("")
    return "\n".join(lines)


def opened(rep: dict) -> str:
    return fmt(rep["open_s"]) if "open_s" in rep else "–"


def rss(rep: dict) -> str:
    return f"{rep['peak_rss_mb']:,.0f} MB" if "peak_rss_mb" in rep else "–"


def save_section(path: Path, section: str) -> None:
    """Replace (or add) this size's section, keeping the file's other sections."""
    header = ("# Named queries: pyoxigraph on disk, in memory, and rdflib\n\n"
              "Written by `benchmarks/bench_queries.py`; see its docstring for method.\n")
    sections: dict[str, str] = {}
    if path.exists():
        for chunk in path.read_text(encoding="utf-8").split("\n## ")[1:]:
            title = chunk.splitlines()[0]
            sections[title] = "## " + chunk.rstrip() + "\n"
    title = section.splitlines()[0][3:]
    sections[title] = section.rstrip() + "\n"
    order = sorted(sections, key=lambda t: int(t.split()[0].replace(",", "")))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n" + "\n".join(sections[t] for t in order), encoding="utf-8")


def drive(args: argparse.Namespace) -> int:
    import pyoxigraph
    import rdflib

    args.workdir.mkdir(parents=True, exist_ok=True)
    graph, generated_s = ensure_graph(args)
    triples = sum(1 for _ in graph.open("rb"))
    print(f"graph: {graph} ({triples:,} triples; generated in {generated_s:.1f} s)", flush=True)
    store_dir = args.workdir / f"store-{graph.stem}"
    build_s = build_in_child(graph, store_dir)
    print(f"on-disk store built in {build_s:.1f} s", flush=True)
    reports = {}
    for engine in ENGINES:
        cached = args.workdir / f"report-{graph.stem}-{engine}.json"
        if engine not in args.engines:  # an earlier run's figures, if there are any
            if cached.exists():
                reports[engine] = json.loads(cached.read_text(encoding="utf-8"))
            continue
        print(f"running {engine} …", flush=True)
        reports[engine] = run_worker(engine, graph, store_dir, args)
        rep = reports[engine]
        if not rep.get("failed"):
            cached.write_text(json.dumps(rep), encoding="utf-8")
        print(f"  open {opened(rep)}, peak {rss(rep)} {rep.get('failed', '')}", flush=True)
    meta = {
        "triples": triples, "graph": graph.name, "size_mb": graph.stat().st_size / 1e6,
        "seed": args.seed, "runs": args.runs, "rdflib_runs": args.rdflib_runs,
        "rdflib_timeout": args.rdflib_timeout, "store_build_s": build_s,
        "when": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs (shared)",
        "pyoxigraph": pyoxigraph.__version__, "rdflib": rdflib.__version__,
        "python": platform.python_version(),
        "queries": [name for name, _f, _s in prepared_queries()],
    }
    section = report_markdown(meta, reports)
    print(section)
    save_section(args.out, section)
    if not args.keep:
        shutil.rmtree(store_dir, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--graph", type=Path, help="Use this N-Triples file instead.")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/libgraph-bench"))
    parser.add_argument("--out", type=Path, default=HERE / "results" / "queries.md")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rdflib-runs", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=60.0)
    parser.add_argument("--rdflib-budget", type=float, default=1800.0,
                        help="Seconds for all rdflib queries; later ones are skipped.")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--keep", action="store_true", help="Keep the on-disk store.")
    parser.add_argument("--worker", choices=[*ENGINES, "build"], help=argparse.SUPPRESS)
    parser.add_argument("--store-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker == "build":
        print(json.dumps({"build_s": build_disk_store(args.graph, args.store_dir)}))
        return 0
    if args.worker:
        rep = worker(args.worker, args.graph, args.store_dir, args.runs, args.rdflib_timeout,
                     args.rdflib_budget)
        print(json.dumps(rep))
        return 0
    return drive(args)


if __name__ == "__main__":
    sys.exit(main())
