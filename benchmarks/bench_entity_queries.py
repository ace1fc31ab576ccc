"""Named queries about one thing, on a built graph of about a million triples.

    python benchmarks/bench_entity_queries.py                 # generate 600 minutes, build, time
    python benchmarks/bench_entity_queries.py --build DIR     # time an existing build

Not a test. The issue's target: a query about one meeting, person, organisation or project
answers in under 50 ms at the 95th percentile. ``bench_queries.py`` times every named query
with one fixed set of parameters; this script binds the entity parameter of each
entity-scoped named query to many different things of a real build (generated minutes from
``generate.py``, built by ``libgraph build``), so the percentiles cover easy and hard cases:
the people with the most meetings, the largest organisations.

Each query runs on the build's store opened read-only on disk (what ``libgraph query``
does) and on the same graph loaded into memory (what ``libgraph serve`` does), in this
process, after one untimed run per query. Figures go to stdout and to a section of
``benchmarks/results/queries.md``.
"""

from __future__ import annotations

import argparse
import platform
import random
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

#: named query (":…" tells two uses apart) → (parameter, the kind of thing bound to it)
ENTITY_QUERIES: dict[str, tuple[str, str]] = {
    "attendance": ("meeting", "meeting"),
    "describe:meeting": ("iri", "meeting"),
    "describe:person": ("iri", "person"),
    "describe:organisation": ("iri", "organisation"),
    "describe:project": ("iri", "project"),
    "evidence:person": ("iri", "person"),
    "evidence:organisation": ("iri", "organisation"),
    "people": ("organization", "organisation"),
    "projects": ("project", "project"),
    "grants": ("funder", "funder"),
    "decisions-and-actions": ("agent", "person"),
}

SAMPLES = {
    "meeting": "SELECT ?x WHERE { ?x a <https://w3id.org/libgraph/ontology#Meeting> }",
    "person": "SELECT ?x WHERE { ?x a <http://xmlns.com/foaf/0.1/Person> }",
    "organisation": "SELECT ?x WHERE { ?x a <http://www.w3.org/ns/org#Organization> }",
    "project": "SELECT ?x WHERE { ?x a <http://schema.org/Project> }",
    "funder": "SELECT DISTINCT ?x WHERE { ?g <http://schema.org/funder> ?x }",
}
# The busiest things of each kind are always in the sample: they are the slow cases.
BUSIEST = {
    "person": "SELECT ?x (COUNT(*) AS ?n) WHERE { ?m <http://schema.org/attendee> ?x } "
              "GROUP BY ?x ORDER BY DESC(?n) LIMIT 5",
    "organisation": "SELECT ?x (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/ns/org#organization> "
                    "?x } GROUP BY ?x ORDER BY DESC(?n) LIMIT 5",
}


def build_corpus(docs: int, work: Path) -> Path:
    """Generate ``docs`` minutes (seed 1) and build them; returns the build directory."""
    corpus, out = work / f"corpus-{docs}", work / f"build-{docs}"
    if not (out / "store").is_dir():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--docs", str(docs),
                        "--seed", "1", "--out", str(corpus)], check=True)
        subprocess.run([sys.executable, "-m", "libgraph.cli", "build", str(corpus), "--out",
                        str(out)], check=False)  # generated minutes may not conform: fine
    return out


def things(store: Any, per_kind: int, rng: random.Random) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for kind, sparql in SAMPLES.items():
        every = sorted(row["x"].value for row in store.query(sparql))
        busiest = [row["x"].value for row in store.query(BUSIEST[kind])] if kind in BUSIEST \
            else []
        rest = [x for x in every if x not in busiest]
        out[kind] = busiest + rng.sample(rest, min(len(rest), per_kind - len(busiest)))
    return out


def timings(store: Any, sample: dict[str, list[str]]) -> dict[str, list[float]]:
    from libgraph.query import list_queries, prepare

    queries = {q.name: q for q in list_queries()}
    out: dict[str, list[float]] = {}
    for label, (param, kind) in ENTITY_QUERIES.items():
        query = queries[label.split(":")[0]]
        texts = [prepare(query, {param: f"<{iri}>"}).sparql for iri in sample[kind]]
        list(store.query(texts[0]))  # warm-up
        times = []
        for text in texts:
            started = time.perf_counter()
            result = store.query(text)
            if not isinstance(result, bool):
                list(result)
            times.append(time.perf_counter() - started)
        out[label] = times
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(build: Path, triples: int, results: dict[str, dict[str, list[float]]],
           opened: dict[str, float], per_kind: int) -> str:
    loadavg = Path("/proc/loadavg")
    load = loadavg.read_text().split()[:3] if loadavg.exists() else []
    lines = [
        f"## Queries about one thing: {triples:,} triples", "",
        f"`python benchmarks/bench_entity_queries.py` on {datetime.now(UTC):%Y-%m-%d}, "
        f"{platform.machine()}, {platform.python_version()}, load average "
        f"{' '.join(load)}. Graph: the build of `{build.name}` (generated minutes, seed 1). "
        f"Each query is bound to {per_kind} different things of its kind (the five busiest "
        "people and organisations among them), one run each after a warm-up. Target: 95th "
        "percentile under 50 ms.", "",
        f"Store opened read-only on disk in {opened['disk'] * 1000:.1f} ms; loaded into "
        f"memory in {opened['memory']:.2f} s.", "",
        "| query | bound to | on disk: median / p95 / max | in memory: median / p95 / max "
        "| p95 < 50 ms |",
        "|---|---|---:|---:|---|",
    ]
    for label, (param, kind) in ENTITY_QUERIES.items():
        cells = []
        for engine in ("disk", "memory"):
            t = results[engine][label]
            cells.append(f"{statistics.median(t) * 1000:.1f} / {percentile(t, 0.95) * 1000:.1f}"
                         f" / {max(t) * 1000:.1f} ms")
        ok = all(percentile(results[e][label], 0.95) < 0.05 for e in ("disk", "memory"))
        lines.append(f"| {label.split(':')[0]} | {param} = a {kind} | {cells[0]} | {cells[1]} "
                     f"| {'yes' if ok else '**no**'} |")
    return "\n".join(lines) + "\n"


def save_section(path: Path, section: str) -> None:
    """Replace this script's section of ``path`` (the other sections are kept)."""
    head = "## Queries about one thing"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Named queries\n"
    start = text.find(head)
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + text[end + 1:] if end >= 0 else text[:start]
    path.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, help="an existing build directory")
    parser.add_argument("--docs", type=int, default=600, help="minutes to generate and build")
    parser.add_argument("--work", type=Path, default=Path("/tmp/libgraph-entitybench"))
    parser.add_argument("--per-kind", type=int, default=60)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "queries.md")
    args = parser.parse_args(argv)
    import pyoxigraph as ox

    build = args.build or build_corpus(args.docs, args.work)
    started = time.perf_counter()
    disk = ox.Store.read_only(str(build / "store"))
    opened = {"disk": time.perf_counter() - started}
    started = time.perf_counter()
    memory = ox.Store()
    memory.bulk_load(path=str(build / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    opened["memory"] = time.perf_counter() - started
    sample = things(disk, args.per_kind, random.Random(1))
    results = {"disk": timings(disk, sample), "memory": timings(memory, sample)}
    section = report(build, len(memory), results, opened, args.per_kind)
    print(section)
    save_section(args.out, section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
