"""``libgraph push`` and named queries on real SPARQL servers, beside the embedded store.

    python benchmarks/bench_push.py --build DIR [--servers oxigraph,virtuoso,fuseki]

Not a test. ``DIR`` is a build of generated minutes (``generate.py --docs 600`` gives about
a million triples; ``bench_entity_queries.py`` uses the same corpus). For each server,
started on 127.0.0.1 with a temporary database by ``tests/servers.py``:

1. a full push of the build (wall time, and the peak resident memory of the ``libgraph push``
   process, from GNU time);
2. an incremental push: one document of the corpus changed, the build rebuilt
   (incrementally) into a copy, the push record carried over as the build's write stage
   does, then ``libgraph push --changed``;
3. entity named queries (one meeting, person, organisation, project: 20 different things
   each) and aggregate named queries (5 runs each), through ``RemoteStore`` as
   ``libgraph query --endpoint`` sends them; the same on the embedded store opened on disk
   (what ``libgraph query`` does with a build this size). p50 and p95 in milliseconds.

Figures go to stdout and, with ``--out``, to a Markdown file.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from libgraph.dataset import plan  # noqa: E402
from libgraph.push_state import carry_over  # noqa: E402
from libgraph.query import run  # noqa: E402
from libgraph.store import EmbeddedStore, RemoteStore, Store, StoreError  # noqa: E402

ENTITY = {"attendance": ("meeting", "https://w3id.org/libgraph/ontology#Meeting"),
          "evidence": ("iri", "http://xmlns.com/foaf/0.1/Person"),
          "people": ("organization", "http://www.w3.org/ns/org#Organization"),
          "projects": ("project", "http://schema.org/Project")}
AGGREGATE = ["meetings-by-country-year", "top-attendees", "topic-profile",
             "decisions-per-topic"]
SAMPLE = 20
REPEAT = 5


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def timed_process(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident MiB and output of one process.

    The peak comes from GNU time (``%M``): a child forked from this process would report
    this process's own resident size in its ``ru_maxrss`` (the kernel keeps the high-water
    mark across ``exec``), and this process holds the embedded store.
    """
    gnu_time = shutil.which("time") or "/usr/bin/time"
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        started = time.perf_counter()
        done = subprocess.run([gnu_time, "-f", "%M", "-o", rss.name, *args], capture_output=True,
                              text=True)
        seconds = time.perf_counter() - started
        peak_kib = int(rss.read().strip().splitlines()[-1])
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{output}")
    return seconds, peak_kib / 1024, output


def libgraph(*args: str) -> list[str]:
    return [sys.executable, "-m", "libgraph.cli", *args]


def changed_build(build_dir: Path, corpus: Path, work: Path) -> tuple[Path, float]:
    """The build again with one document changed, rebuilt incrementally into a copy."""
    from libgraph.build import build

    copy_corpus, copy_build = work / "minutes", work / "build"
    shutil.copytree(corpus, copy_corpus)
    shutil.copytree(build_dir, copy_build)
    (copy_build / "push-state.jsonl").unlink(missing_ok=True)
    document = sorted(copy_corpus.glob("*.txt"))[0]
    document.write_text(document.read_text(encoding="utf-8").replace("a", "á", 1),
                        encoding="utf-8")
    started = time.perf_counter()
    build([copy_corpus], copy_build)
    return copy_build, time.perf_counter() - started


def samples(store: Store) -> dict[str, list[str]]:
    rng = random.Random(1)
    found = {}
    for name, (_param, kind) in ENTITY.items():
        rows = store.query(f"SELECT ?x WHERE {{ ?x a <{kind}> }} ORDER BY ?x").rows
        things = [str(r[0]) for r in rows]
        found[name] = rng.sample(things, min(SAMPLE, len(things)))
    return found


def time_queries(store: Store, things: dict[str, list[str]]) -> dict[str, list[float]]:
    """Milliseconds per run; a run the server refuses is left out and listed in "failed"."""
    times: dict[str, list[float]] = {"entity": [], "aggregate": []}
    failed: list[str] = []
    for name, (param, _kind) in ENTITY.items():
        _ms(lambda n=name, p=param: run(store, n, {p: things[n][0]}), failed, name)  # warm-up
        for thing in things[name]:
            _keep(times["entity"], _ms(lambda n=name, p=param, t=thing: run(store, n, {p: t}),
                                       failed, f"{name} {param}={thing.rsplit('/', 1)[-1]}"))
    for name in AGGREGATE:
        _ms(lambda n=name: run(store, n), failed, name)
        for _ in range(REPEAT):
            _keep(times["aggregate"], _ms(lambda n=name: run(store, n), failed, name))
    times["failed"] = failed  # type: ignore[assignment]
    return times


def _keep(into: list[float], value: float | None) -> None:
    if value is not None:
        into.append(value)


def _ms(action: Callable[[], object], failed: list[str], label: str) -> float | None:
    started = time.perf_counter()
    try:
        action()
    except StoreError as err:
        failed.append(f"{label}: {' '.join(str(err).split())[:160]}")
        return None
    return (time.perf_counter() - started) * 1000


def bench_server(name: str, build_dir: Path, changed: Path, things: dict[str, list[str]]
                 ) -> dict[str, object]:
    import pytest

    from servers import STARTERS

    work = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    try:
        with STARTERS[name](work) as server:
            full_dir = work / "pushed"
            shutil.copytree(build_dir, full_dir)
            (full_dir / "push-state.jsonl").unlink(missing_ok=True)
            full = timed_process(libgraph("push", "--endpoint", server.endpoint, "--layout",
                                          server.layout, "--build", str(full_dir), "--quiet"))
            carry_over(full_dir, changed)
            incremental = timed_process(libgraph("push", "--changed", "--endpoint",
                                                 server.endpoint, "--layout", server.layout,
                                                 "--build", str(changed), "--quiet"))
            (changed / "push-state.jsonl").unlink()
            times = time_queries(RemoteStore(server.query, timeout=600), things)
    except pytest.skip.Exception as skipped:
        return {"server": name, "skipped": str(skipped)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"server": name, "full_s": full[0], "full_mib": full[1], "full_out": full[2].strip(),
            "inc_s": incremental[0], "inc_mib": incremental[1],
            "inc_out": incremental[2].strip(), **_summary(times)}


def _summary(times: dict[str, list[float]]) -> dict[str, object]:
    found: dict[str, object] = {f"{kind}_{label}": percentile(times[kind], share)
                                for kind in ("entity", "aggregate")
                                for label, share in (("p50", 0.5), ("p95", 0.95))}
    found["runs"] = {kind: len(times[kind]) for kind in ("entity", "aggregate")}
    found["failed"] = times.get("failed", [])
    return found


def report(rows: list[dict[str, object]], triples: int, graphs: int, rebuild_s: float) -> str:
    lines = [f"### Push and named queries on servers: {triples:,} triples, {graphs} graphs",
             "", f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
             f"load average {os.getloadavg()[0]:.1f} at the end; incremental rebuild of the "
             f"changed build: {rebuild_s:.1f} s (not part of the push figures).", "",
             "| store | full push | peak client memory | incremental push (1 document) | "
             "entity queries p50 / p95 | aggregate queries p50 / p95 |",
             "|---|---:|---:|---:|---:|---:|"]
    for row in rows:
        if "skipped" in row:
            lines.append(f"| {row['server']} | not run: {row['skipped']} | | | | |")
            continue
        full = f"{row['full_s']:.1f} s" if "full_s" in row else "—"
        memory = f"{row['full_mib']:.0f} MiB" if "full_mib" in row else "—"
        inc = f"{row['inc_s']:.2f} s ({row['inc_mib']:.0f} MiB)" if "inc_s" in row else "—"
        lines.append(f"| {row['server']} | {full} | {memory} | {inc} | "
                     f"{row['entity_p50']:.1f} / {row['entity_p95']:.1f} ms | "
                     f"{row['aggregate_p50']:.0f} / {row['aggregate_p95']:.0f} ms |")
    for row in rows:
        if "full_out" in row:
            lines += ["", f"{row['server']}: `{row['full_out']}`; `{row['inc_out']}`"]
        if row.get("failed"):
            runs = row["runs"]
            lines += ["", f"{row['server']}: {len(row['failed'])} runs failed (left out of the "
                      f"percentiles, which cover {runs['entity']} entity and "  # type: ignore[index]
                      f"{runs['aggregate']} aggregate runs):"]  # type: ignore[index]
            lines += [f"- {failure}" for failure in sorted(set(row["failed"]))[:10]]  # type: ignore[call-overload]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, help="the minutes the build was made from "
                        "(default: the documents its report lists)")
    parser.add_argument("--servers", default="oxigraph,virtuoso,fuseki")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    dataset = plan(args.build)
    corpus = args.corpus or _corpus_of(args.build)
    work = Path(tempfile.mkdtemp(prefix="bench-push-"))
    try:
        changed, rebuild_s = changed_build(args.build, corpus, work)
        with EmbeddedStore.open(args.build) as local:
            things = samples(local)
            rows: list[dict[str, object]] = [
                {"server": "embedded (on disk)", **_summary(time_queries(local, things))}]
        print(rows[0], flush=True)
        for name in args.servers.split(","):
            rows.append(bench_server(name, args.build, changed, things))
            print({k: v for k, v in rows[-1].items() if not k.endswith("_out")}, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(rows, dataset.triples, len(dataset.graphs), rebuild_s)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


def _corpus_of(build_dir: Path) -> Path:
    import json

    documents = json.loads((build_dir / "report.json").read_text(encoding="utf-8"))["documents"]
    return Path(documents[0]).parent


if __name__ == "__main__":
    main()
