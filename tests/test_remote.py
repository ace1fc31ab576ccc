"""Real SPARQL servers (Oxigraph, Virtuoso, Fuseki; see ``tests/servers.py``): push the demo
build as named graphs, then every named query and every parameter case must give the same
rows, in the same order, as the embedded store. Also ``--changed``, resuming a push cut off
by a dropped connection, the UPDATE method, ``--graph`` (one graph), credentials and shutdown.
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

import libgraph.publish
from libgraph.build import build
from libgraph.cli import main
from libgraph.dataset import GRAPH_BASE, document_graph, plan
from libgraph.push import Endpoints, query_endpoint, resolve_endpoints, triple_chunks
from libgraph.push_state import STATE_FILE, carry_over
from libgraph.query import list_queries, run
from libgraph.store import EmbeddedStore, QuerySyntaxError, RemoteStore
from param_cases import cases
from servers import STARTERS, Server, answers, free_port, oxigraph

from conftest import DEMO

DEMO_GRAPH = "https://w3id.org/libgraph/graph/demo"


@pytest.fixture(scope="module", params=sorted(STARTERS))
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Server]:
    with STARTERS[request.param](tmp_path_factory.mktemp(request.param)) as running:
        yield running


@pytest.fixture(scope="module")
def own_build(demo_build: tuple[Path, object], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo build: pushing records what it sent in the build directory."""
    copy = tmp_path_factory.mktemp("pushed") / "build"
    shutil.copytree(demo_build[0], copy)
    return copy


@pytest.fixture(scope="module")
def pushed(server: Server, own_build: Path) -> Server:
    result = invoke("push", "--endpoint", server.endpoint, "--layout", server.layout,
                    "--build", str(own_build))
    assert "by Graph Store Protocol" in result.output
    return server


def invoke(*args: str, code: int = 0) -> object:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result


def graph_counts(query_url: str) -> dict[str, int]:
    """Triples per libgraph graph on the server."""
    rows = RemoteStore(query_url).query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}")) }} GROUP BY ?g')
    return {str(g): int(n) for g, n in rows.rows}


def planned_counts(build_dir: Path) -> dict[str, int]:
    return {g.iri: g.triples for g in plan(build_dir).graphs}


def nt_lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


# --- the store holds the build's quads, and answers as the embedded store does ------------------


def test_one_graph_per_document_holding_exactly_the_build(pushed: Server, own_build: Path
                                                          ) -> None:
    counts = graph_counts(pushed.query)
    assert counts == planned_counts(own_build)
    assert sum(counts.values()) == nt_lines(own_build / "graph.nt")
    for name in ("se-2009-12-10-jamtland-styrgruppsmote.txt",
                 "no-2015-06-02-troms-biblioteksjefmote.txt"):
        assert counts[document_graph(name)] > 100


def test_every_named_query_gives_the_same_answer(pushed: Server, own_build: Path) -> None:
    remote = RemoteStore(pushed.query)
    with EmbeddedStore.open(own_build) as local:
        params = {c.query: c.values for c in reversed(cases(local)) if c.match}
        for query in list_queries():
            values = params[query.name] if query.name in ("evidence", "describe", "attended") \
                else {}
            mine, theirs = run(local, query, values, "nt"), run(remote, query, values, "nt")
            assert theirs.form == mine.form, query.name
            if mine.rows is not None:
                assert theirs.rows is not None
                assert theirs.rows.variables == mine.rows.variables, query.name
                assert theirs.rows.rows == mine.rows.rows, query.name  # same rows, same order
            elif mine.boolean is not None:
                assert theirs.boolean is mine.boolean is True, query.name
            else:
                assert sorted((theirs.graph or "").splitlines()) == sorted(
                    (mine.graph or "").splitlines()), query.name


def test_every_parameter_case_gives_the_same_answer(pushed: Server, own_build: Path) -> None:
    remote = RemoteStore(pushed.query)
    with EmbeddedStore.open(own_build) as local:
        for case in cases(local):
            mine, theirs = run(local, case.query, case.values, "nt"), run(
                remote, case.query, case.values, "nt")
            if mine.rows is not None:
                assert theirs.rows is not None and theirs.rows.rows == mine.rows.rows, case.id
            elif mine.boolean is not None:
                assert theirs.boolean is mine.boolean, case.id
            else:
                assert sorted((theirs.graph or "").splitlines()) == sorted(
                    (mine.graph or "").splitlines()), case.id


def test_cli_query_on_the_endpoint(pushed: Server, own_build: Path) -> None:
    local = invoke("query", "meetings-by-country-year", "--build", str(own_build),
                   "--format", "csv")
    remote = invoke("query", "meetings-by-country-year", "--endpoint", pushed.query,
                    "--format", "csv")
    assert remote.output == local.output  # type: ignore[attr-defined]
    assert "SE,2018,2" in remote.output.splitlines()  # type: ignore[attr-defined]


def test_a_second_changed_push_sends_nothing(pushed: Server, own_build: Path) -> None:
    again = invoke("push", "--changed", "--endpoint", pushed.endpoint, "--layout",
                   pushed.layout, "--build", str(own_build))
    assert "Pushed 0 of 7 graphs (0 triples)" in again.output  # type: ignore[attr-defined]
    assert "7 unchanged, deleted 0" in again.output  # type: ignore[attr-defined]


def test_push_by_update_gives_the_same_graphs(pushed: Server, own_build: Path) -> None:
    result = invoke("push", "--endpoint", pushed.endpoint, "--layout", pushed.layout,
                    "--method", "update", "--chunk-size", "700", "--build", str(own_build),
                    "--quiet")
    assert "by SPARQL UPDATE" in result.output  # type: ignore[attr-defined]
    assert graph_counts(pushed.query) == planned_counts(own_build)


# --- --changed: a changed document, a removed one -----------------------------------------------


@pytest.fixture
def fresh_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    with STARTERS[request.param](tmp_path) as running:
        yield running


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "minutes"
    shutil.copytree(DEMO, corpus)
    return corpus


@pytest.mark.parametrize("fresh_server", sorted(STARTERS), indirect=True)
def test_changed_sends_only_what_changed_and_deletes_removed_documents(
        fresh_server: Server, tmp_path: Path) -> None:
    corpus, first, second = _corpus(tmp_path), tmp_path / "b1", tmp_path / "b2"
    build([corpus], first)
    invoke("push", "--endpoint", fresh_server.endpoint, "--layout", fresh_server.layout,
           "--build", str(first), "--quiet")
    changed = corpus / "no-2015-06-02-troms-biblioteksjefmote.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Troms", "Tromsø", 1),
                       encoding="utf-8")
    (corpus / "dk-2021-11-04-centralbibliotekerne-strategisk-folkebiblioteksmode.txt").unlink()
    build([corpus], second)
    carry_over(first, second)  # what the build's write stage does when it replaces a build
    old, new = plan(first).by_iri(), plan(second).by_iri()
    differ = [iri for iri, g in new.items() if iri not in old or old[iri].digest != g.digest]
    assert document_graph(changed.name) in differ and len(differ) < len(new)
    result = invoke("push", "--changed", "--endpoint", fresh_server.endpoint, "--layout",
                    fresh_server.layout, "--build", str(second), "--quiet")
    assert (f"Pushed {len(differ)} of {len(new)} graphs" in result.output  # type: ignore[attr-defined]
            and "deleted 1;" in result.output), result.output  # type: ignore[attr-defined]
    assert graph_counts(fresh_server.query) == planned_counts(second)
    with EmbeddedStore.open(second) as local:
        for name in ("meetings", "attendance", "people"):
            assert run(RemoteStore(fresh_server.query), name).rows == run(local, name).rows


# --- a push cut off by a dropped connection goes on where it stopped -----------------------------


class DroppingProxy:
    """A real TCP proxy that, while ``dropping``, closes every connection whose request is a
    PUT after the first ``allow`` of them without answering (a connection lost mid-push)."""

    def __init__(self, upstream_port: int, allow: int) -> None:
        self.upstream, self.allow, self.puts, self.dropping = upstream_port, allow, 0, True
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(client,), daemon=True).start()

    def _one(self, client: socket.socket) -> None:
        with client:
            first = client.recv(65536)
            if first.startswith(b"PUT "):
                self.puts += 1
                if self.dropping and self.puts > self.allow:
                    return  # closed without an answer
            with socket.create_connection(("127.0.0.1", self.upstream)) as upstream:
                upstream.sendall(first)
                pump = threading.Thread(target=_pipe, args=(client, upstream), daemon=True)
                pump.start()
                _pipe(upstream, client)
                pump.join(timeout=30)

    def close(self) -> None:
        self.listener.close()


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
        target.shutdown(socket.SHUT_WR)
    except OSError:
        pass


@contextmanager
def dropping_proxy(port: int, allow: int) -> Iterator[DroppingProxy]:
    proxy = DroppingProxy(port, allow)
    try:
        yield proxy
    finally:
        proxy.close()


def test_a_cut_off_push_resumes_without_sending_again(tmp_path: Path, own_build: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(libgraph.publish, "RETRY_PAUSE", 0.05)
    build_dir = tmp_path / "build"
    shutil.copytree(own_build, build_dir)
    (build_dir / STATE_FILE).unlink(missing_ok=True)
    with oxigraph(tmp_path) as server, dropping_proxy(server.port, allow=3) as proxy:
        endpoint = f"http://127.0.0.1:{proxy.port}"
        cut = invoke("push", "--endpoint", endpoint, "--build", str(build_dir), "--quiet", code=1)
        assert "3 of 7 graphs were pushed; `libgraph push --changed` sends the rest" in \
            cut.output  # type: ignore[attr-defined]
        assert "Traceback" not in cut.output  # type: ignore[attr-defined]
        assert proxy.puts == 3 + libgraph.publish.RETRIES
        proxy.dropping, proxy.puts = False, 0
        resumed = invoke("push", "--changed", "--endpoint", endpoint, "--build", str(build_dir),
                         "--quiet")
        assert "Pushed 4 of 7 graphs" in resumed.output  # type: ignore[attr-defined]
        assert proxy.puts == 4
        assert graph_counts(server.query) == planned_counts(build_dir)


# --- one graph (--graph), UPDATE fallback, blank nodes -------------------------------------------


def test_chunked_update_into_one_named_graph(tmp_path: Path, own_build: Path) -> None:
    total = nt_lines(own_build / "graph.nt")
    with oxigraph(tmp_path, union=False) as server:
        args = ["push", "--endpoint", server.base, "--build", str(own_build), "--graph",
                DEMO_GRAPH, "--method", "update", "--chunk-size", "4000"]
        for _ in range(2):  # the second push replaces the first: no stale or doubled triples
            result = invoke(*args)
            chunks = -(-total // 4000)
            assert f"by SPARQL UPDATE ({chunks + 1} requests" in result.output  # type: ignore[attr-defined]
            assert graph_counts(server.query) == {DEMO_GRAPH: total}


def test_update_fallback_when_there_is_no_graph_store(tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    (build_dir / "graph.nt").write_text(
        '<urn:a> <urn:p> "x" .\n'
        '_:b1 <urn:p> <urn:a> .\n'
        '<urn:a> <urn:q> _:b1 .\n'
        '<urn:a> <urn:r> "not _:b2 ." .\n'
        '<urn:c> <urn:p> "y"@sv .\n', encoding="utf-8")
    graph = GRAPH_BASE + "test-fallback"
    with oxigraph(tmp_path, union=False) as server:
        result = invoke("push", "--store-endpoint", f"{server.base}/no-such-store",
                        "--update-endpoint", f"{server.base}/update", "--query-endpoint",
                        server.query, "--graph", graph, "--chunk-size", "1", "--build",
                        str(build_dir))
        assert "by SPARQL UPDATE" in result.output  # type: ignore[attr-defined]
        assert graph_counts(server.query) == {graph: 5}
        # both blank-node lines went in one request, so they still share one node
        rows = RemoteStore(server.query).query(
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


# --- errors, conventions, shutdown ----------------------------------------------------------------


def test_remote_syntax_error_has_line_and_column(pushed: Server) -> None:
    result = CliRunner().invoke(main, ["query", "-", "--endpoint", pushed.query],
                                input="SELECT * WHERE {\n  ?s ?p\n}\n")
    assert result.exit_code == 1
    assert "SPARQL syntax error at line 3, column 1" in result.output
    with pytest.raises(QuerySyntaxError):
        RemoteStore(pushed.query).query("SELECT * WHERE { ?s ?p }")


def test_push_errors(own_build: Path, tmp_path: Path) -> None:
    down = invoke("push", "--endpoint", f"http://127.0.0.1:{free_port()}", "--build",
                  str(own_build), code=1)
    assert "cannot reach the server" in down.output  # type: ignore[attr-defined]
    invoke("push", "--build", str(own_build), code=2)
    invoke("push", "--endpoint", "http://h", "--changed", "--graph", DEMO_GRAPH, code=2)
    no_build = invoke("push", "--endpoint", "http://127.0.0.1:1", "--build", str(tmp_path),
                      code=1)
    assert "run `libgraph build` first" in no_build.output  # type: ignore[attr-defined]
    bad_graph = invoke("push", "--endpoint", "http://127.0.0.1:1", "--graph", "not an iri",
                       "--build", str(own_build), code=1)
    assert "not an absolute IRI" in bad_graph.output  # type: ignore[attr-defined]
    password = invoke("push", "--endpoint", "http://h", "--password", "secret", code=2)
    assert "No such option '--password'" in password.output  # type: ignore[attr-defined]


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
    with oxigraph(tmp_path) as running:
        assert answers(running.base + "/")
        process, port = running.process, running.port
    assert process.poll() is not None
    with socket.socket() as sock, pytest.raises(OSError):
        sock.settimeout(1)
        sock.connect(("127.0.0.1", port))
