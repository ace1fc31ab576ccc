"""Build benchmarks: ``python benchmarks/run.py [--sizes 100,1000,10000] [--quick]``.

Prints and writes ``BENCHMARKS.md`` at the repository root with, for the machine it ran on:

* whole-build throughput (ingest → validated store, cold cache) and peak memory at each size,
  and the scaling ratio of the largest size against 1,000 documents;
* extraction time per document (median, p95) and of one ~2,000-word document;
* SHACL validation time and peak memory at ~10^5 and ~10^6 triples, with pyshacl-turbo and
  pySHACL on the same shapes and data, and whether they report the same violations;
* the rebuild time after one document of a 1,000-document corpus changed;
* the colleagues' results ``benchmarks/results/queries.md``, ``web.md``, ``extraction.md``,
  ``compare.md`` and ``servers.md``
  when present.

Every measurement runs in a child process (``run.py _child KIND ...``) so that its peak memory
is its own: the peak of the process tree is sampled from /proc every 0.1 s (the build's
worker processes included) and ``getrusage`` gives each process's own peak. Each result is
kept as JSON in ``benchmarks/results/build-*.json``; ``--reuse`` renders from those without
measuring again. Corpora come from ``benchmarks/generate.py`` (seed 1) under ``--work``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

# Issue 16's targets (issue 7 had 60 s, 11x and 5 s).
TARGETS = {
    "build_1000_s": 30.0, "scaling_max": 10.0, "peak_10000_gib": 2.0,
    "shacl_1m_s": 30.0, "shacl_1m_gib": 2.0, "incremental_s": 3.0,
}


# -- the machine -----------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(ram, 1),
            "python": platform.python_version(), "load": os.getloadavg()}


# -- measuring a child -----------------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _tree(root: int) -> dict[int, tuple[int, float]]:
    """Resident bytes and CPU seconds of ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    info: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        info[pid] = (rss, (int(fields[11]) + int(fields[12])) / _TICK)
    out, stack = {}, [root]
    while stack:
        pid = stack.pop()
        if pid in info:
            out[pid] = info[pid]
        stack.extend(children.get(pid, []))
    return out


def measure(kind: str, *args: str, timeout: float = 7200) -> dict[str, Any]:
    """Run ``run.py _child kind args`` and return its JSON result plus time and memory."""
    command = [sys.executable, str(Path(__file__).resolve()), "_child", kind, *args]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, text=True)
    peak, single = [0], [0]
    cpu: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            tree = _tree(proc.pid)
            peak[0] = max(peak[0], sum(rss for rss, _cpu in tree.values()))
            single[0] = max([single[0], *(rss for rss, _cpu in tree.values())])
            for pid, (_rss, seconds) in tree.items():
                cpu[pid] = max(cpu.get(pid, 0.0), seconds)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, _ = proc.communicate(timeout=timeout)
    finally:
        done.set()
        sampler.join()
        if proc.poll() is None:
            proc.kill()
    result = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    result.update({
        "wall_s": round(time.perf_counter() - started, 3),
        "cpu_s": round(sum(cpu.values()), 1),
        "peak_tree_mib": round(peak[0] / 2**20),
        "peak_process_mib": round(single[0] / 2**20),
        "returncode": proc.returncode, "load_after": os.getloadavg(),
    })
    return result


# -- children (run in their own process) ------------------------------------------------------

def child_build(corpus: str, out: str, jobs: str) -> dict[str, Any]:
    from libgraph.build import build_graph, write_build

    result = build_graph([Path(corpus)], out=Path(out), jobs=int(jobs) or None)
    write_build(result, Path(out))
    report = result.report
    profile = getattr(result, "profile", None)  # None: code before the build package
    return {"documents": len(report.documents), "failed": len(report.failed),
            "triples": report.triples, "violations": report.validation.get("violations"),
            "seconds": report.seconds, "timings": report.timings, "reused": report.reused,
            "profile": {k: [round(r.wall, 2), round(r.cpu, 2)]
                        for k, r in profile.stages.items()} if profile else None,
            "per_document_cpu": {k: round(r.cpu, 2) for k, r in profile.per_document.items()}
            if profile else None,
            "load_before": os.getloadavg()}


def child_extract(corpus: str, limit: str) -> dict[str, Any]:
    from libgraph.extract import extract
    from libgraph.ingest import IngestError, read_document

    times, words = [], []
    for path in sorted(Path(corpus).iterdir())[: int(limit)]:
        try:
            document = read_document(path)
        except IngestError:
            continue
        extract(document)  # warm-up of lazily loaded lexicons happens on the first call
        started = time.perf_counter()
        extract(document)
        times.append(time.perf_counter() - started)
        words.append(len(document.text.split()))
    from generate import make_document

    long_times, long_words = [], 0
    for index in range(5):
        _name, text = make_document(7, index, target_words=1950, language="sv")
        import hashlib

        from libgraph.ingest.model import Document

        doc = Document(path=Path("long.txt"), name="long.txt", text=text,
                       sha256=hashlib.sha256(text.encode()).hexdigest(), language="sv",
                       format="txt")
        started = time.perf_counter()
        extract(doc)
        long_times.append(time.perf_counter() - started)
        long_words = len(text.split())
    ordered = sorted(times)
    return {"documents": len(times), "median_s": statistics.median(times),
            "p95_s": ordered[int(0.95 * (len(ordered) - 1))], "mean_words": statistics.mean(words),
            "long_words": long_words, "long_median_s": statistics.median(long_times)}


def child_shacl(graph: str, engine: str) -> dict[str, Any]:
    """Whole-graph validation of an N-Triples file with one engine."""
    os.environ["LIBGRAPH_SHACL"] = engine
    from libgraph import validate

    started = time.perf_counter()
    if engine == "pyshacl":
        from rdflib import Graph

        data = Graph().parse(graph, format="nt")
        loaded = time.perf_counter()
        report = validate.validate_graph(data)
    else:
        text = Path(graph).read_text(encoding="utf-8")
        loaded = time.perf_counter()
        report = validate.validate_ntriples(text)
    finished = time.perf_counter()
    keys = sorted({f"{v.shape}|{v.focus}|{v.path}|{v.value}" for v in report.violations})
    return {"engine": validate.engine_name(), "load_s": round(loaded - started, 2),
            "validate_s": round(finished - loaded, 2), "violations": len(keys),
            "violation_keys_sha": _sha("\n".join(keys))}


def child_shacl_pieces(build_dir: str) -> dict[str, Any]:
    """The build's own validation of a built graph, in one process: every piece with its
    static context, the static part once, and the cross-document check on the store."""
    import pyoxigraph as ox

    from libgraph import validate as v
    from libgraph.build.cache import DocRecord
    from libgraph.build.ntriples import read_lines
    from libgraph.build.static import StaticPiece
    from libgraph.build.validate import shared_subjects

    cache = Path(build_dir) / "cache"
    static_nt = next(cache.glob("static-*.nt"))
    static_lines = read_lines(static_nt)
    records, pieces = [], []
    for path in sorted(cache.glob("*.json")):
        record = DocRecord.from_json(path.read_text(encoding="utf-8"))
        if record.ok and not path.name.startswith("static-"):
            records.append(record)
            pieces.append(path.with_suffix(".nt"))
    started = time.perf_counter()
    found = list(v.validate_ntriples("\n".join(static_lines) + "\n").violations)
    static_s = time.perf_counter() - started
    context = v.StaticContext(static_lines)
    triples = len(static_lines)
    for piece in pieces:
        lines = read_lines(piece)
        triples += len(lines)
        found += v.validate_piece(lines, context)
    pieces_s = time.perf_counter() - started - static_s
    store = ox.Store.read_only(str(Path(build_dir) / "store"))
    shared = shared_subjects(records, pieces, StaticPiece(static_nt, [], static_lines))
    axioms = [line for line in static_lines if "rdf-schema#subClassOf" in line]
    found += v.cross_document_violations(store, shared, axioms)
    total = time.perf_counter() - started
    keys = sorted({f"{x.shape}|{x.focus}|{x.path}|{x.value}" for x in found})
    return {"engine": f"piecewise, {v.engine_name()}", "pieces": len(pieces),
            "triples_in_pieces": triples, "static_s": round(static_s, 2),
            "pieces_s": round(pieces_s, 2), "cross_s": round(total - static_s - pieces_s, 2),
            "load_s": 0.0, "validate_s": round(total, 2), "violations": len(keys),
            "violation_keys_sha": _sha("\n".join(keys))}


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:16]


CHILDREN = {"build": child_build, "extract": child_extract, "shacl": child_shacl,
            "shacl_pieces": child_shacl_pieces}


# -- the benchmark ---------------------------------------------------------------------------

def corpus(work: Path, size: int) -> Path:
    from generate import generate

    path = work / f"corpus-{size}"
    if not path.is_dir() or len(list(path.iterdir())) != size:
        shutil.rmtree(path, ignore_errors=True)
        generate(size, 1, path)
    return path


def bench_build(work: Path, size: int) -> dict[str, Any]:
    out = work / f"build-{size}"
    shutil.rmtree(out, ignore_errors=True)
    result = measure("build", str(corpus(work, size)), str(out), "0")
    result["docs_per_s"] = round(size / result["wall_s"], 2)
    return result


INCREMENTAL_RUNS = 3
SETTLE_S = 10.0  # after the full build, so that its last writers and compaction are gone


def bench_incremental(work: Path) -> dict[str, Any]:
    """Build 1,000 documents, then three times change one and rebuild: the rebuilds are the
    measurement, and the median of the three (by wall time) is the result, with every run's
    wall time in ``runs_wall_s`` (single runs of a 3 s build vary by a second here)."""
    source = corpus(work, 1000)
    changed = work / "corpus-1000-changed"
    shutil.rmtree(changed, ignore_errors=True)
    shutil.copytree(source, changed)
    out = work / "build-incremental"
    shutil.rmtree(out, ignore_errors=True)
    base = measure("build", str(changed), str(out), "0")
    time.sleep(SETTLE_S)
    runs = []
    for n in range(INCREMENTAL_RUNS):
        victim = sorted(changed.iterdir())[500 + n]
        with victim.open("a", encoding="utf-8") as handle:
            handle.write("\nMötet beslutade att också pröva en ny mötesform.\n")
        runs.append(measure("build", str(changed), str(out), "0"))
    runs.sort(key=lambda r: r["wall_s"])
    result = runs[len(runs) // 2]
    result["runs_wall_s"] = [r["wall_s"] for r in runs]
    result["base_wall_s"] = base["wall_s"]
    return result


def shacl_graph(work: Path, triples: int) -> Path:
    """A built graph of about ``triples`` triples: the graph.nt of a generated corpus."""
    per_doc = 1750
    size = max(1, round((triples - 10_000) / per_doc))
    out = work / f"shacl-build-{size}"
    if not (out / "graph.nt").is_file():
        shutil.rmtree(out, ignore_errors=True)
        measure("build", str(corpus(work, size)), str(out), "0")
    return out / "graph.nt"


def bench_shacl(work: Path, triples: int, engines: list[str]) -> list[dict[str, Any]]:
    graph = shacl_graph(work, triples)
    with graph.open("rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    rows = [measure("shacl_pieces", str(graph.parent), timeout=3600)]
    rows[0]["triples"] = lines
    for engine in engines:
        row = measure("shacl", str(graph), engine, timeout=3600)
        row["triples"] = lines
        rows.append(row)
    return rows


def run(sizes: list[int], quick: bool, work: Path) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M")}
    work.mkdir(parents=True, exist_ok=True)
    results["extract"] = measure("extract", str(corpus(work, 100)), "100")
    _save("extract", results["extract"])
    results["builds"] = {}
    for size in [s for s in sizes if s <= 1000]:
        results["builds"][str(size)] = bench_build(work, size)
        _save(f"build-{size}", results["builds"][str(size)])
    if 1000 in sizes:
        results["incremental"] = bench_incremental(work)
        _save("incremental", results["incremental"])
    shacl_sizes = [100_000] if quick else [100_000, 1_000_000]
    results["shacl"] = {}
    for triples in shacl_sizes:
        # pySHACL (the reference) at 10^5 only: at 10^6 it needs minutes and gigabytes.
        engines = ["turbo", "pyshacl"] if triples <= 100_000 else ["turbo"]
        results["shacl"][str(triples)] = bench_shacl(work, triples, engines)
        _save(f"shacl-{triples}", results["shacl"][str(triples)])
    for size in [s for s in sizes if s > 1000]:  # the longest last
        results["builds"][str(size)] = bench_build(work, size)
        _save(f"build-{size}", results["builds"][str(size)])
    return results


def _save(name: str, data: Any) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"build-{name}.json").write_text(json.dumps(data, indent=2) + "\n")


def _load(name: str) -> Any:
    path = RESULTS / f"build-{name}.json"
    return json.loads(path.read_text()) if path.is_file() else None


def reuse() -> dict[str, Any]:
    results: dict[str, Any] = {"machine": machine(), "started": "(from saved results)"}
    results["extract"] = _load("extract")
    results["builds"] = {}
    for path in sorted(RESULTS.glob("build-build-*.json")):
        results["builds"][path.stem.split("-")[-1]] = json.loads(path.read_text())
    results["incremental"] = _load("incremental")
    results["shacl"] = {}
    for path in sorted(RESULTS.glob("build-shacl-*.json")):
        results["shacl"][path.stem.split("-")[-1]] = json.loads(path.read_text())
    return results


def only(steps: list[str], work: Path) -> dict[str, Any]:
    """Measure ``steps`` again and render them with the saved results of the others."""
    work.mkdir(parents=True, exist_ok=True)
    for step in steps:
        if step == "extract":
            _save("extract", measure("extract", str(corpus(work, 100)), "100"))
        elif step == "incremental":
            _save("incremental", bench_incremental(work))
        elif step.startswith("build-"):
            _save(step, bench_build(work, int(step.split("-")[1])))
        elif step.startswith("shacl-"):
            triples = int(step.split("-")[1])
            if triples > 100_000 and _load(step):  # keep the slow whole-graph rows
                graph = shacl_graph(work, triples)
                rows = [r for r in _load(step) if not r["engine"].startswith("piecewise")]
                row = measure("shacl_pieces", str(graph.parent), timeout=3600)
                row["triples"] = rows[0]["triples"] if rows else 0
                _save(step, [row, *rows])
                continue
            engines = ["turbo", "pyshacl"] if triples <= 100_000 else ["turbo"]
            _save(step, bench_shacl(work, triples, engines))
    return reuse()


# -- the report ------------------------------------------------------------------------------

def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = ["# Benchmarks", "",
             "Produced by `python benchmarks/run.py` (see its docstring); corpora from "
             "`benchmarks/generate.py --seed 1`.", "",
             f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, "
             f"Python {m['python']}; load average when rendered "
             f"{', '.join(f'{x:.1f}' for x in m['load'])}. Run: {results['started']}.", ""]
    lines += _render_targets(results)
    notes = RESULTS / "build-notes.md"
    if notes.is_file():
        lines += [notes.read_text(encoding="utf-8").strip(), ""]
    lines += _render_builds(results)
    lines += _render_extract(results.get("extract"))
    lines += _render_shacl(results.get("shacl") or {})
    lines += _render_incremental(results.get("incremental"))
    for name in ("queries", "web", "extraction", "compare", "servers"):
        path = RESULTS / f"{name}.md"
        lines += [f"## From colleagues: `benchmarks/results/{name}.md`", ""]
        if path.is_file():
            body = path.read_text(encoding="utf-8").strip().splitlines()
            lines += ["#" + line if line.startswith("#") else line for line in body]
        else:
            lines.append("(not present when this file was written)")
        lines.append("")
    return "\n".join(lines) + "\n"


def _render_targets(results: dict[str, Any]) -> list[str]:
    builds = results.get("builds") or {}
    shacl = (results.get("shacl") or {}).get("1000000") or []
    pieces = next((r for r in shacl if str(r.get("engine", "")).startswith("piecewise")), None)
    inc = results.get("incremental")
    rows = []

    def row(what: str, target: str, value: float | None, limit: float, unit: str,
            extra: str = "") -> None:
        if value is None:
            rows.append(f"| {what} | {target} | not measured | — |")
        else:
            rows.append(f"| {what} | {target} | {value:,.1f} {unit}{extra} | "
                        f"{'met' if value < limit else '**missed**'} |")

    b1 = builds.get("1000")
    b10 = builds.get("10000")
    loaded = _load("loaded-1000")  # the 1,000 build made under the same load as the 10,000
    row("1,000 documents, whole build", "≤ 30 s", b1 and b1["wall_s"],
        TARGETS["build_1000_s"], "s", (b1 and f" (CPU {b1['cpu_s']:.0f} s{_load_note(b1)})")
        or "")
    if b1 and b10 and loaded:
        row("10,000 ÷ 1,000 documents, both under the same load", "≤ 10×",
            b10["wall_s"] / loaded["wall_s"], TARGETS["scaling_max"] + 1e-9, "×",
            " (same code and load; the 10,000 build predates the current code)")
    else:
        row("10,000 ÷ 1,000 documents", "≤ 10×",
            b1 and b10 and b10["wall_s"] / b1["wall_s"], TARGETS["scaling_max"] + 1e-9, "×",
            " (one run of each; runs of the same build vary by 20–30 % on this machine)")
    row("10,000 documents, peak memory (process tree)", "< 2 GiB",
        b10 and b10["peak_tree_mib"] / 1024, TARGETS["peak_10000_gib"], "GiB")
    row("SHACL of 10^6 triples as the build does it (pieces + cross-document), wall",
        "< 30 s", pieces and pieces["validate_s"], TARGETS["shacl_1m_s"], "s",
        (pieces and f" (CPU {pieces['cpu_s']:.1f} s, one process)") or "")
    row("SHACL of 10^6 triples, peak memory", "< 2 GiB",
        pieces and pieces["peak_tree_mib"] / 1024, TARGETS["shacl_1m_gib"], "GiB")
    row("one changed document in 1,000", "< 3 s", inc and inc["wall_s"],
        TARGETS["incremental_s"], "s",
        (inc and f" (CPU {inc['cpu_s']:.1f} s{_load_note(inc)}"
         + (f"; median of {len(inc['runs_wall_s'])} runs"
            if inc.get("runs_wall_s") else "") + ")") or "")
    return ["## Targets", "", "| measure | target | measured | |", "|---|---|---:|---|", *rows,
            ""]


def _load_note(r: dict[str, Any]) -> str:
    """The one-minute load average when the measurement started, where it was recorded."""
    load = r.get("load_before")
    return f", load average {load[0]:.1f} on {os.cpu_count()} cores" if load else ""


def _render_builds(results: dict[str, Any]) -> list[str]:
    builds = results.get("builds") or {}
    lines = ["## Whole build (ingest → validated store, cold cache, 2 worker processes)", "",
             "| documents | triples | wall s | docs/s | CPU s (all processes) | peak RSS, process "
             "tree MiB | peak RSS, largest process MiB | stages: wall s (CPU s) |",
             "|---:|---:|---:|---:|---:|---:|---:|---|"]
    for size, r in sorted(builds.items(), key=lambda kv: int(kv[0])):
        stages = _stages(r)
        lines.append(f"| {int(size):,} | {r.get('triples', 0):,} | {r['wall_s']:.1f} | "
                     f"{r.get('docs_per_s', 0):.1f} | {r['cpu_s']:.0f} | {r['peak_tree_mib']:,} | "
                     f"{r['peak_process_mib']:,} | {stages} |")
    if "1000" in builds and "10000" in builds:
        ratio = builds["10000"]["wall_s"] / builds["1000"]["wall_s"]
        lines += ["", f"Scaling 10,000 ÷ 1,000 documents: {ratio:.1f}× the time "
                  f"(target ≤ {TARGETS['scaling_max']:.0f}×)."]
    return [*lines, ""]


def _stages(r: dict[str, Any]) -> str:
    """Per-stage wall (and CPU, from ``--profile``'s figures when the run recorded them)."""
    profile = r.get("profile")
    if not profile:
        return ", ".join(f"{k} {v:.1f}" for k, v in (r.get("timings") or {}).items())
    text = ", ".join(f"{k} {wall:.1f} ({cpu:.1f})" for k, (wall, cpu) in profile.items())
    per_doc = r.get("per_document_cpu") or {}
    if per_doc:
        text += "; per document, CPU summed over the workers: " + ", ".join(
            f"{k} {v:.1f}" for k, v in per_doc.items())
    return text


def _render_extract(r: dict[str, Any] | None) -> list[str]:
    if not r:
        return []
    return ["## Extraction per document", "",
            f"{r['documents']} generated documents (mean {r['mean_words']:.0f} words), warm: "
            f"median {r['median_s'] * 1000:.0f} ms, p95 {r['p95_s'] * 1000:.0f} ms. "
            f"One {r['long_words']:,}-word document: median {r['long_median_s'] * 1000:.0f} ms "
            "(5 documents).", ""]


def _render_shacl(shacl: dict[str, Any]) -> list[str]:
    if not shacl:
        return []
    lines = ["## SHACL validation of a whole built graph (all shapes)", "",
             "| triples | engine | load s | validate s | peak RSS MiB | violations | same "
             "violations as pySHACL |", "|---:|---|---:|---:|---:|---:|---|"]
    for _size, rows in sorted(shacl.items(), key=lambda kv: int(kv[0])):
        reference = next((r for r in rows if r.get("engine", "").startswith("pyshacl ")), None)
        for r in rows:
            same = "—" if reference is None or r is reference else (
                "yes" if r.get("violation_keys_sha") == reference.get("violation_keys_sha")
                else "NO")
            lines.append(f"| {r.get('triples', 0):,} | {r.get('engine', '?')} | "
                         f"{r.get('load_s', 0):.1f} | {r.get('validate_s', 0):.1f} | "
                         f"{r['peak_tree_mib']:,} | {r.get('violations', '?')} | {same} |")
    return [*lines, ""]


def _render_incremental(r: dict[str, Any] | None) -> list[str]:
    if not r:
        return []
    stages = _stages(r)
    runs = r.get("runs_wall_s")
    each = f" (median of {len(runs)} rebuilds, each after another document changed: " \
        f"{' / '.join(f'{w:.1f}' for w in runs)} s)" if runs else ""
    return ["## Incremental rebuild: one changed document in 1,000", "",
            f"{r['wall_s']:.1f} s wall{each} ({r.get('reused', 0)} documents reused from the "
            f"cache; stages: {stages}); peak RSS {r['peak_tree_mib']:,} MiB.", ""]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_child":
        print(json.dumps(CHILDREN[argv[1]](*argv[2:])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--quick", action="store_true",
                        help="sizes 100 and 1,000 only; SHACL at 10^5 only")
    parser.add_argument("--reuse", action="store_true", help="render saved results only")
    parser.add_argument("--only", default="",
                        help="comma list of steps to measure again (extract, build-N, "
                             "incremental, shacl-N); the rest comes from saved results")
    parser.add_argument("--work", type=Path, default=Path("/tmp/libgraph-buildbench"))
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.quick:
        sizes = [s for s in sizes if s <= 1000] or [100]
    if args.only:
        results = only(args.only.split(","), args.work)
    else:
        results = reuse() if args.reuse else run(sizes, args.quick, args.work)
    text = render(results)
    (ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
