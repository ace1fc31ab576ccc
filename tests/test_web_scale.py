"""What lets the explorer serve many readers: answers of /sparql kept on a fixed graph,
list-row cells shared by pages, and several page processes (``serve --processes``) that
compute the slow comparison once between them.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from libgraph.web import create_app
from libgraph.web.shared import make_shared_dir, shared_value
from libgraph.web.sparql.guard import check_query
from libgraph.web.views.sparql import sparql_service
from test_web_server import ROOT, free_port, wait_until_up

JSON_RESULTS = {"Accept": "application/sparql-results+json"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a lg:Meeting }"


def post(app: Flask, query: str, **headers: str) -> tuple[str, bytes, str | None]:
    response = app.test_client().post("/sparql", data={"query": query},
                                      headers={**JSON_RESULTS, **headers})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.headers.get("X-Cache", ""), response.get_data(), response.mimetype


# --- answers of /sparql ---------------------------------------------------------------------

def test_a_query_run_before_is_answered_from_the_cache(explorer: Flask) -> None:
    query = COUNT + " # first"
    first = post(explorer, query)
    second = post(explorer, query)
    assert first[0] == "miss" and second[0] == "hit"
    assert second[1] == first[1] and int(json.loads(first[1])["results"]["bindings"][0]["n"]
                                          ["value"]) > 0
    # The kept answer is written in whatever format the next client asks for.
    csv = explorer.test_client().post("/sparql", data={"query": query},
                                      headers={"Accept": "text/csv"})
    assert csv.headers["X-Cache"] == "hit" and csv.get_data(as_text=True).startswith("n\r\n")


def test_no_cache_runs_the_query_again(explorer: Flask) -> None:
    query = COUNT + " # fresh"
    post(explorer, query)
    assert post(explorer, query, **{"Cache-Control": "no-cache"})[0] == "miss"
    assert post(explorer, query, Pragma="no-cache")[0] == "miss"
    assert post(explorer, query)[0] == "hit"


def test_volatile_functions_and_errors_are_never_kept(explorer: Flask) -> None:
    volatile = "SELECT (STRUUID() AS ?u) (NOW() AS ?t) WHERE {}"
    first, second = post(explorer, volatile), post(explorer, volatile)
    assert (first[0], second[0]) == ("miss", "miss") and first[1] != second[1]
    client = explorer.test_client()
    for _ in range(2):
        bad = client.post("/sparql", data={"query": "SELECT ?x WHERE { ?x ?y }"},
                          headers=JSON_RESULTS)
        assert bad.status_code == 400 and "X-Cache" not in bad.headers


def test_the_dataset_is_part_of_the_key(explorer: Flask) -> None:
    query = "ASK { ?s a lg:Meeting }"
    client = explorer.test_client()
    union = client.post("/sparql", data={"query": query}, headers=JSON_RESULTS)
    empty = client.post("/sparql", data={"query": query, "default-graph-uri": "urn:x:none"},
                        headers=JSON_RESULTS)
    assert union.get_json()["boolean"] is True
    assert empty.get_json()["boolean"] is False and empty.headers["X-Cache"] == "miss"


def test_the_answer_cache_is_bounded_and_can_be_off(demo_build: tuple[Path, object]) -> None:
    small = create_app(None, {"BUILD_DIR": str(demo_build[0]), "SPARQL_WORKERS": 1,
                              "SPARQL_CACHE_BYTES": 8_000})
    off = create_app(None, {"BUILD_DIR": str(demo_build[0]), "SPARQL_WORKERS": 1,
                            "SPARQL_CACHE_BYTES": 0})
    try:
        for i in range(30):
            post(small, f"SELECT ?m WHERE {{ ?m a lg:Meeting }} LIMIT {i + 1}")
        with small.app_context():
            answers = sparql_service().answers
            assert answers is not None and 0 < answers.bytes <= 8_000 and answers.evictions
        assert post(off, COUNT)[0] == "" and post(off, COUNT)[0] == ""
    finally:
        for app in (small, off):
            with app.app_context():
                sparql_service().close()


@pytest.mark.parametrize(("query", "volatile"), [
    ("SELECT (NOW() AS ?t) {}", True), ("SELECT (rand() AS ?r) {}", True),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o BIND(BNODE() AS ?b) }", True),
    ("SELECT (UUID() AS ?u) {}", True), ("SELECT ?now ?rand WHERE { ?now ?rand ?x }", False),
    ('SELECT ?s WHERE { ?s rdfs:label "NOW() RAND()" }', False),
    ("SELECT ?s WHERE { ?s <http://example.org/NOW> ?o } # RAND()", False),
])
def test_which_queries_count_as_volatile(query: str, volatile: bool) -> None:
    assert check_query(query, 10_000).volatile is volatile


# --- list-row cells ------------------------------------------------------------------------

LIST_PATHS = ["/people", "/people?lang=en", "/people?country=se", "/meetings",
              "/meetings?lang=da", "/organisations", "/organisations?lang=nb", "/projects",
              "/people.csv", "/meetings.json?all=1"]


def test_shared_cells_give_the_same_pages(demo_build: tuple[Path, object]) -> None:
    config = {"BUILD_DIR": str(demo_build[0]), "RESPONSE_CACHE_BYTES": 0}
    shared = create_app(None, config)
    fresh = create_app(None, config)
    fresh.extensions["libgraph"].cells = None  # every page asks the store
    for path in LIST_PATHS * 2:
        ours = shared.test_client().get(path, headers={"Accept": "text/html"})
        theirs = fresh.test_client().get(path, headers={"Accept": "text/html"})
        assert ours.status_code == theirs.status_code == 200, path
        assert ours.get_data() == theirs.get_data(), path
    cells = shared.extensions["libgraph"].cells
    assert cells and all(isinstance(v, list) for column in cells.values() for v in
                         column.values())


# --- values computed once for several processes ---------------------------------------------

def _compute(directory: str, log: str, results: mp.Queue, arrived: Any,  # type: ignore[type-arg]
             release: Any) -> None:
    def build() -> dict[str, object]:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        release.wait(30)  # held until every process has asked for the value
        return {"figure": 42, "by": os.getpid(), "tuple": (1, 2)}
    with arrived.get_lock():
        arrived.value += 1
    results.put(shared_value(Path(directory), "compare-sv", build))


def test_shared_value_is_computed_by_one_process_of_several(tmp_path: Path) -> None:
    """Four processes ask at once; the one that computes is held until all four have asked,
    so the other three meet the value being computed, wait for it, and read it."""
    context = mp.get_context("fork")
    results: mp.Queue = context.Queue()  # type: ignore[type-arg]
    arrived, release = context.Value("i", 0), context.Event()
    log = tmp_path / "calls.log"
    procs = [context.Process(target=_compute,
                             args=(str(tmp_path), str(log), results, arrived, release))
             for _ in range(4)]
    for proc in procs:
        proc.start()
    deadline = time.monotonic() + 30
    while (arrived.value < 4 or not log.exists()) and time.monotonic() < deadline:
        time.sleep(0.01)  # polling a condition, with a deadline
    assert arrived.value == 4 and results.empty()  # nobody has a value while it is held
    release.set()
    values = [results.get(timeout=30) for _ in procs]
    for proc in procs:
        proc.join(timeout=10)
    assert len(log.read_text().split()) == 1  # built once
    assert all(v == values[0] for v in values) and values[0]["tuple"] == [1, 2]


def test_the_shared_directory_is_removed_only_by_its_maker() -> None:
    code = ("import os, sys; from libgraph.web.shared import make_shared_dir\n"
            "d = make_shared_dir(); print(d, flush=True)\n"
            "pid = os.fork()\n"
            "if pid == 0: sys.exit(0)\n"
            "os.waitpid(pid, 0); print(d.is_dir(), flush=True)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    directory, alive_after_child = out.stdout.split()
    assert alive_after_child == "True" and not Path(directory).exists()
    assert make_shared_dir().is_dir()


# --- serve --processes ----------------------------------------------------------------------

def _processes() -> Iterator[tuple[int, list[str]]]:
    """Every process as (pid, the fields of /proc/PID/stat after the name)."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                yield int(entry), Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue


def _children(pid: int) -> list[int]:
    return [child for child, stat in _processes() if int(stat[1]) == pid]


def _group_alive(pgid: int) -> list[int]:
    return [p for p, stat in _processes() if int(stat[2]) == pgid and stat[0] != "Z"]


def test_serve_with_two_processes(demo_build: tuple[Path, object]) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "libgraph.cli", "serve", "--build", str(demo_build[0]),
         "--port", str(port), "--processes", "2", "--workers", "2", "--timeout", "5"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/index.json", process)
        deadline = time.monotonic() + 30
        while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(_children(process.pid)) >= 2  # two page processes under the gunicorn parent
        for path in ("/", "/people", "/meetings.json", "/search?q=bibliotek"):
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200
        query = urllib.parse.urlencode({"query": COUNT}).encode()
        counts = set()
        for _ in range(6):  # new connections: both processes answer queries
            request = urllib.request.Request(base + "/sparql", data=query, headers=JSON_RESULTS)
            with urllib.request.urlopen(request, timeout=60) as response:
                counts.add(json.load(response)["results"]["bindings"][0]["n"]["value"])
        assert len(counts) == 1
        compare = None
        for _ in range(60):
            try:
                with urllib.request.urlopen(base + "/compare.json", timeout=60) as response:
                    compare = json.load(response)
                    break
            except urllib.error.HTTPError as err:  # 503 while it is being computed
                assert err.code == 503
                time.sleep(1)
        assert compare is not None and compare["columns"]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    deadline = time.monotonic() + 15
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _group_alive(process.pid) == []  # page processes and SPARQL workers are gone
