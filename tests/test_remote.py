"""A real Oxigraph server: push the demo graph, then every named query must agree with the
embedded store. Also the chunked UPDATE fallback, endpoint conventions, and shutdown.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from libgraph.cli import main
from libgraph.push import Endpoints, query_endpoint, resolve_endpoints, triple_chunks
from libgraph.query import list_queries, run
from libgraph.store import EmbeddedStore, QuerySyntaxError, RemoteStore, Rows

DEMO_GRAPH = "https://w3id.org/libgraph/graph/demo"


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    port: int

    @property
    def query(self) -> str:
        return f"{self.base}/query"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def oxigraph_server(location: Path) -> Iterator[Server]:
    """``oxigraph serve`` on a free port; terminated (and waited for) however the test ends."""
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph CLI is not installed (pip install oxigraph)")
    port = free_port()
    log = (location.parent / f"oxigraph-{port}.log").open("wb")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, port)
    try:
        deadline = time.monotonic() + 20
        while not answers(server.base + "/"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"oxigraph did not start on port {port}")
            time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "db") as running:
        yield running


@pytest.fixture(scope="module")
def pushed(server: Server, demo_build: tuple[Path, object]) -> Server:
    result = CliRunner().invoke(main, ["push", "--endpoint", server.base,
                                       "--build", str(demo_build[0])])
    assert result.exit_code == 0, result.output
    assert "by Graph Store Protocol" in result.output
    return server


def nt_lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def remote_count(url: str, graph: str | None = None) -> int:
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    rows = RemoteStore(url).query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(rows.rows[0][0])


def canonical(value: object) -> object:
    """GROUP_CONCAT has no defined order (and two stores may differ): compare its parts."""
    if isinstance(value, str) and "; " in value:
        return "; ".join(sorted(value.split("; ")))
    return value


def ordered(rows: Rows) -> list[str]:
    return sorted(repr(tuple(canonical(v) for v in row)) for row in rows.rows)


def lookup_params(store: EmbeddedStore) -> dict[str, dict[str, str]]:
    """Values for parameters without defaults, found in the data by name."""
    people = run(store, "people").rows
    meetings = run(store, "meetings").rows
    assert people and meetings
    kristina = next(r["person"] for r in people.dicts() if r["name"] == "Kristina Hedberg")
    jamtland = next(r["meeting"] for r in meetings.dicts() if str(r["startDate"]) == "2009-12-10")
    return {"evidence": {"iri": kristina}, "describe": {"iri": jamtland},
            "attended": {"person": kristina, "date": "2018-01-24"}}


# --- the same answers over HTTP -----------------------------------------------------------


def test_push_loads_every_triple(pushed: Server, demo_build: tuple[Path, object]) -> None:
    assert remote_count(pushed.query) == nt_lines(demo_build[0] / "graph.nt")


def test_every_named_query_gives_the_same_rows(pushed: Server,
                                               demo_build: tuple[Path, object]) -> None:
    remote = RemoteStore(pushed.query)
    with EmbeddedStore.open(demo_build[0]) as local:
        params = lookup_params(local)
        for query in list_queries():
            values = params.get(query.name, {})
            mine, theirs = run(local, query, values, "nt"), run(remote, query, values, "nt")
            assert mine.form == theirs.form, query.name
            if mine.rows is not None:
                assert theirs.rows is not None
                assert theirs.rows.variables == mine.rows.variables, query.name
                assert ordered(theirs.rows) == ordered(mine.rows), query.name
            elif mine.boolean is not None:
                assert theirs.boolean == mine.boolean, query.name
            else:
                assert sorted((theirs.graph or "").splitlines()) == sorted(
                    (mine.graph or "").splitlines()), query.name


def test_parameters_work_the_same_remotely(pushed: Server,
                                           demo_build: tuple[Path, object]) -> None:
    remote = RemoteStore(pushed.query)
    cases = [("meetings", {"country": "SE", "year": "2018"}),
             ("attendance", {"date": "2009-12-10"}),
             ("topic-profile", {"lang": "nn", "country": "NO"}),
             ("grants", {"currency": "SEK"}),
             ("co-attendance", {"min": "1", "limit": "10"})]
    with EmbeddedStore.open(demo_build[0]) as local:
        for name, values in cases:
            mine, theirs = run(local, name, values).rows, run(remote, name, values).rows
            assert mine and theirs and mine.rows, name
            # ORDER BY makes these fully ordered (only concatenations may differ in order)
            assert [tuple(map(canonical, r)) for r in theirs.rows] == [
                tuple(map(canonical, r)) for r in mine.rows], name


def test_cli_query_on_the_endpoint(pushed: Server, demo_build: tuple[Path, object]) -> None:
    runner = CliRunner()
    for endpoint in (pushed.base, pushed.query):  # a base URL or the query endpoint
        remote = runner.invoke(main, ["query", "meetings-by-country-year", "--endpoint", endpoint,
                                      "--format", "csv"])
        assert remote.exit_code == 0, remote.output
        local = runner.invoke(main, ["query", "meetings-by-country-year", "--build",
                                     str(demo_build[0]), "--format", "csv"])
        assert remote.output == local.output
        assert "SE,2018,2" in remote.output.splitlines()


def test_remote_syntax_error_has_line_and_column(pushed: Server) -> None:
    result = CliRunner().invoke(main, ["query", "-", "--endpoint", pushed.query],
                                input="SELECT * WHERE {\n  ?s ?p\n}\n")
    assert result.exit_code == 1
    assert "SPARQL syntax error at line 3, column 1" in result.output
    with pytest.raises(QuerySyntaxError):
        RemoteStore(pushed.query).query("SELECT * WHERE { ?s ?p }")


# --- SPARQL UPDATE ------------------------------------------------------------------------


def test_chunked_update_into_a_named_graph(pushed: Server, demo_build: tuple[Path, object]) -> None:
    total = nt_lines(demo_build[0] / "graph.nt")
    args = ["push", "--endpoint", pushed.base, "--build", str(demo_build[0]), "--graph",
            DEMO_GRAPH, "--method", "update", "--chunk-size", "4000"]
    for _ in range(2):  # the second push replaces the first: no stale or doubled triples
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        chunks = -(-total // 4000)
        assert f"by SPARQL UPDATE ({chunks + 1} requests" in result.output  # CLEAR + chunks
        assert remote_count(pushed.query, DEMO_GRAPH) == total
    assert remote_count(pushed.query) == total  # the default graph is untouched


def test_update_fallback_when_there_is_no_graph_store(pushed: Server, tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    (build / "graph.nt").write_text(
        '<urn:a> <urn:p> "x" .\n'
        '_:b1 <urn:p> <urn:a> .\n'
        '<urn:a> <urn:q> _:b1 .\n'
        '<urn:a> <urn:r> "not _:b2 ." .\n'
        '<urn:c> <urn:p> "y"@sv .\n', encoding="utf-8")
    graph = "urn:libgraph:test:fallback"
    result = CliRunner().invoke(main, [
        "push", "--store-endpoint", f"{pushed.base}/no-such-store",
        "--update-endpoint", f"{pushed.base}/update", "--query-endpoint", pushed.query,
        "--graph", graph, "--chunk-size", "1", "--build", str(build)])
    assert result.exit_code == 0, result.output
    assert "by SPARQL UPDATE" in result.output
    assert remote_count(pushed.query, graph) == 5
    # both blank-node lines went in one request, so they still share one node
    rows = RemoteStore(pushed.query).query(
        f"SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?b <urn:p> <urn:a> . "
        "<urn:a> <urn:q> ?b } }")
    assert rows.rows == [(1,)]


def test_blank_nodes_stay_in_one_chunk(tmp_path: Path) -> None:
    path = tmp_path / "g.nt"
    lines = [f"<urn:s{i}> <urn:p> <urn:o> ." for i in range(7)]
    lines[2] = "_:x <urn:p> <urn:o> ."
    lines[5] = '<urn:s> <urn:p> _:x .'
    path.write_text("\n".join(lines) + "\n# a comment\n\n", encoding="utf-8")
    chunks = list(triple_chunks(path, 2))
    assert [len(c) for c in chunks] == [2, 2, 1, 2]
    assert chunks[-1] == [lines[2], lines[5]]


# --- errors, conventions, shutdown --------------------------------------------------------


def test_push_errors(demo_build: tuple[Path, object], tmp_path: Path) -> None:
    runner = CliRunner()
    down = runner.invoke(main, ["push", "--endpoint", f"http://127.0.0.1:{free_port()}",
                                "--build", str(demo_build[0])])
    assert down.exit_code == 1 and "cannot reach the server" in down.output
    assert runner.invoke(main, ["push", "--build", str(demo_build[0])]).exit_code == 2
    no_build = runner.invoke(main, ["push", "--endpoint", "http://127.0.0.1:1",
                                    "--build", str(tmp_path)])
    assert no_build.exit_code == 1 and "run `libgraph build` first" in no_build.output
    bad_graph = runner.invoke(main, ["push", "--endpoint", "http://127.0.0.1:1", "--graph",
                                     "not an iri", "--build", str(demo_build[0])])
    assert bad_graph.exit_code == 1 and "not an absolute IRI" in bad_graph.output


def test_endpoint_conventions() -> None:
    assert resolve_endpoints("http://localhost:7878") == Endpoints(
        "http://localhost:7878/query", "http://localhost:7878/update", "http://localhost:7878/store")
    assert resolve_endpoints("http://localhost:7878/query").store == "http://localhost:7878/store"
    assert resolve_endpoints("http://h:3030/ds", "fuseki") == Endpoints(
        "http://h:3030/ds/query", "http://h:3030/ds/update", "http://h:3030/ds/data")
    assert resolve_endpoints("http://h:3030/ds/query", "fuseki").store == "http://h:3030/ds/data"
    assert resolve_endpoints("http://h:7200/repositories/lib") == Endpoints(
        "http://h:7200/repositories/lib", "http://h:7200/repositories/lib/statements",
        "http://h:7200/repositories/lib/rdf-graphs/service")
    assert resolve_endpoints("http://h:8890/sparql") == Endpoints(
        "http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql-graph-crud")
    assert resolve_endpoints("http://h:8890", "virtuoso").query == "http://h:8890/sparql"
    assert resolve_endpoints("http://h", store="http://x/gsp").store == "http://x/gsp"
    assert query_endpoint("http://localhost:7878/") == "http://localhost:7878/query"
    assert query_endpoint("https://query.wikidata.org/sparql") == "https://query.wikidata.org/sparql"


def test_server_is_stopped_at_the_end(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "db") as running:
        assert answers(running.base + "/")
        process, port = running.process, running.port
    assert process.poll() is not None
    with socket.socket() as sock, pytest.raises(OSError):
        sock.settimeout(1)
        sock.connect(("127.0.0.1", port))
