"""Hostile queries against a running ``libgraph serve``, written from the SPARQL grammar.

A canary HTTP server on 127.0.0.1 stands where an attacker's ``SERVICE`` (or ``LOAD``) would
point: the endpoint must never connect to it, whatever the spelling. The spellings are
generated: every way the grammar (and the store's parser) lets a ``SERVICE`` keyword, its
target and the whitespace or comments around it be written, in every place a graph pattern
may stand, in every query form. A control test proves the canary counts a real ``SERVICE``
call (a plain pyoxigraph process does connect), and another that the worker sandbox alone,
without the parse check, stops it.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import json
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from test_web_server import ROOT, free_port, wait_until_up

TIMEOUT = 3  # the server's --timeout in this module


# --- the canary and the server ---------------------------------------------------------------

@dataclass
class Canary:
    """A TCP server that counts connections and answers any request with an empty result."""

    port: int
    hits: list[str] = field(default_factory=list)


def _canary() -> tuple[Canary, socketserver.ThreadingTCPServer]:
    canary = Canary(0)

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            canary.hits.append(str(self.client_address))
            self.request.settimeout(2)
            with contextlib.suppress(OSError):
                self.request.recv(65536)
            body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
            self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+"
                                 b"json\r\nContent-Length: " + str(len(body)).encode()
                                 + b"\r\nConnection: close\r\n\r\n" + body)

    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    canary.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return canary, server


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    """The canary the endpoint must never reach (checked by the last test of the module)."""
    found, server = _canary()
    yield found
    server.shutdown()
    server.server_close()


@dataclass
class Served:
    base: str
    pid: int
    log: Path


@pytest.fixture(scope="module")
def served(demo_build: tuple[Path, object], tmp_path_factory: pytest.TempPathFactory,
           canary: Canary) -> Iterator[Served]:
    """``libgraph serve`` with 2 workers, a 3 s limit, 256 MB per query, 2 queries per client
    (4 with their own X-Forwarded-For, one proxy hop trusted)."""
    log = tmp_path_factory.mktemp("hostile") / "serve.log"
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep
           + os.environ.get("PYTHONPATH", "")}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "libgraph.cli", "serve", "--build", str(demo_build[0]),
             "--host", "127.0.0.1", "--port", str(port), "--workers", "2", "--timeout",
             str(TIMEOUT), "--query-memory-mb", "256", "--per-client", "2", "--proxy-hops",
             "1", "--no-warm", "--row-limit", "2000"],
            env=env, stdout=out, stderr=out, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/index.json", process)
        yield Served(base, process.pid, log)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def send(served: Served, method: str, path: str, body: bytes | None = None,
         headers: dict[str, str] | None = None, client: str = "") -> Reply:
    """One raw HTTP request (http.client: no client-side encoding or checks)."""
    parts = urllib.parse.urlsplit(served.base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = dict(headers or {})
    if client:
        headers["X-Forwarded-For"] = client
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return Reply(response.status, response.read(),
                     {k.lower(): v for k, v in response.getheaders()})
    finally:
        connection.close()


_clients = itertools.count(1)


def fresh_client() -> str:
    """A client address of its own (per-client limits never mix tests up)."""
    return f"2001:db8::{next(_clients):x}"  # the documentation prefix: never a real client


def query(served: Served, text: str, method: str = "POST", accept: str = "application/json",
          client: str | None = None) -> Reply:
    """A query by POST (form) or GET, from a client address of its own."""
    who = client or fresh_client()
    if method == "GET":
        return send(served, "GET", "/sparql?" + urllib.parse.urlencode({"query": text}),
                    headers={"Accept": accept}, client=who)
    return send(served, "POST", "/sparql", urllib.parse.urlencode({"query": text}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, who)


# --- generated SERVICE spellings -------------------------------------------------------------

def service_spellings(port: int) -> list[str]:
    """Queries that call the canary through SERVICE, generated from the grammar."""
    url = f"http://127.0.0.1:{port}/sparql"
    prologue = f"PREFIX c: <http://127.0.0.1:{port}/>\nBASE <http://127.0.0.1:{port}/>\n"
    keywords = ["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "S\\u0045RVICE",
                "\\u0073\\u0065rvice", "\\U00000053ERVICE", "SERVICE SILENT", "service silent",
                "SERVICE\tSILENT", "SERVICE\nSILENT", "SERVICE\rSILENT", "SERVICE#c\nSILENT",
                "SERVICE#c\rSILENT", "SERVICE \\u0053ILENT", "SERVICESILENT"]
    targets = [f"<{url}>", "<sparql>", "<./sparql>", f"<//127.0.0.1:{port}/sparql>",
               "c:sparql", "c:", "c:sp\\.arql", "c:sp%61rql", "c:\\#x", "c:\\'x",
               f"<http://127.0.0.1:{port}/%73parql>", "?svc"]
    gaps = [" ", "", "\t", "\n", "\r", "\r\n", "#c\n", "#c\r", "# x \r\n", "\f", "\v",
            "\u00a0", "\u2028", "\u0085", "#\u2028\n", "\\u0020"]
    contexts = ["{ %s }", "{ { %s } }", "{ ?a ?b ?c OPTIONAL { %s } }",
                "{ ?a ?b ?c MINUS { %s } }", "{ { ?a ?b ?c } UNION { %s } }",
                "{ ?a ?b ?c FILTER EXISTS { %s } }", "{ ?a ?b ?c FILTER NOT EXISTS { %s } }",
                "{ ?a ?b ?c LATERAL { %s } }", "{ { SELECT * WHERE { %s } } }",
                "{ GRAPH ?g { %s } }", "{ ?a ?b ?c . %s }", "{ ?a ?b c: .%s }",
                "{ ?a ?b c:x.%s }", "{ ?a c:p/c:q ?c %s }", "{ ?a (c:p|c:q)* ?c %s }",
                "{ ?a ?b ?c FILTER(?c<\"x\") %s }", "{ ?a ?b \"\\\"\" %s }",
                "{ ?a ?b '''x''' %s }", "{ BIND(IRI(\"URL\") AS ?x) %s }".replace("URL", url),
                "{ VALUES ?svc { <URL> } %s }".replace("URL", url),
                "{ BIND(URI(CONCAT(\"http://127.0.0.1:\", \"PORT/sparql\")) AS ?svc) %s }"
                .replace("PORT", str(port))]
    forms = ["SELECT * WHERE %s", "SELECT * %s", "ASK %s", "CONSTRUCT { ?a ?b ?c } WHERE %s",
             "DESCRIBE ?a WHERE %s", "SELECT (COUNT(*) AS ?n) WHERE %s",
             "SELECT * WHERE { { SELECT ?a WHERE %s } }"]
    pattern = "{ ?s ?p ?o }"
    queries: list[str] = []
    # Each dimension in full against the defaults of the others (the product would be
    # millions), then a sampled product.
    for keyword in keywords:
        queries.append(forms[0] % (contexts[0] % f"{keyword} <{url}> {pattern}"))
    for target in targets:
        queries.append(forms[0] % (contexts[-1] % f"SERVICE {target} {pattern}"))
    for gap in gaps:
        queries.append(forms[0] % (contexts[0] % f"SERVICE{gap}<{url}>{gap}{pattern}"))
        queries.append(forms[0] % (contexts[10] % f"{gap}SERVICE{gap}c:{gap}{pattern}"))
    for context in contexts:
        queries.append(forms[0] % (context % f"SERVICE <{url}> {pattern}"))
    for form in forms:
        queries.append(form % (contexts[0] % f"SERVICE SILENT <{url}> {pattern}"))
    for i, (k, t, g, c, f) in enumerate(itertools.product(keywords, targets, gaps, contexts,
                                                           forms)):
        if i % 4001 == 0:  # a spread sample of the product
            queries.append(f % (c % f"{k}{g}{t}{g}{pattern}"))
    return [prologue + q for q in queries]


def update_forms(port: int) -> list[str]:
    """Every SPARQL 1.1 Update operation, LOAD pointing at the canary."""
    url = f"http://127.0.0.1:{port}/data.ttl"
    return [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }", "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } INSERT { ?o ?p ?s } WHERE { ?s ?p ?o }",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        f"LOAD <{url}>", f"LOAD SILENT <{url}>", f"LOAD <{url}> INTO GRAPH <urn:g>",
        f"load\\u0020<{url}>", f"LOAD#c\r<{url}>", "CLEAR ALL", "CLEAR DEFAULT",
        "CLEAR SILENT GRAPH <urn:g>", "DROP ALL", "DROP NAMED", "CREATE GRAPH <urn:g>",
        "ADD DEFAULT TO <urn:g>", "MOVE DEFAULT TO <urn:g>", "COPY DEFAULT TO <urn:g>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> } ; DROP ALL",
        f"PREFIX c: <http://127.0.0.1:{port}/> LOAD c:data.ttl",
        f"BASE <http://127.0.0.1:{port}/> LOAD <data.ttl>",
        "\\u0044ROP ALL", "CLEAR\tALL", "# comment\rDROP ALL",
    ]


MENTIONS = [
    "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
    "SELECT $service WHERE { $service ?p ?o } LIMIT 1",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o != \"SERVICE <http://127.0.0.1:9/> {}\") } LIMIT 1",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o != '''SERVICE\n<http://127.0.0.1:9/>''') } LIMIT 1",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\nLIMIT 1",
    "SELECT * WHERE { ?s ?p ?o FILTER(?p != <http://example.org/SERVICE>) } LIMIT 1",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ?p ?o FILTER(?p != ex:SERVICE) } "
    "LIMIT 1",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ?p ?o FILTER(?p != ex:service.x) } "
    "LIMIT 1",
    "SELECT (\"service\" AS ?word) WHERE {}",
    "SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), \"LOAD\")) } LIMIT 1",
    "SELECT ?drop ?insert ?load WHERE { ?drop ?insert ?load } LIMIT 1",
    "ASK { ?s ?p ?o FILTER(?o < \"x\") }",
    "PREFIX lg: <https://w3id.org/libgraph/ontology#> SELECT ?m WHERE { ?m a lg:Meeting }",
    "SELECT ?m WHERE { ?m a lg:Meeting }",  # a project prefix, not declared
    "SELECT * WHERE { ?s ?p ?o FILTER(?o != \"a\\u0020SERVICE\") } LIMIT 1",
    "SELECT * WHERE { ?s ?p ?o }\r\nLIMIT 1",
]


# --- the tests -------------------------------------------------------------------------------

def test_the_canary_counts_a_real_service_call(tmp_path: Path) -> None:
    """Control: an unsandboxed pyoxigraph process does connect to a canary, so zero hits on
    the endpoint's canary mean something."""
    control, server = _canary()
    try:
        code = ("import pyoxigraph as ox; s = ox.Store()\n"
                "try: list(s.query('SELECT * { SERVICE <http://127.0.0.1:PORT/sparql> "
                "{ ?s ?p ?o } }'))\nexcept Exception as e: print(e)"
                ).replace("PORT", str(control.port))
        subprocess.run([sys.executable, "-c", code], timeout=60, check=False,
                       capture_output=True)
        assert control.hits
    finally:
        server.shutdown()
        server.server_close()


def test_the_sandbox_alone_stops_service() -> None:
    """Defence in depth: with the parse check skipped, a sandboxed process still cannot
    connect (the store's HTTP client meets a network with no interface up)."""
    control, server = _canary()
    try:
        code = ("import pyoxigraph as ox\n"
                "from libgraph.web.sparql.sandbox import isolate_network\n"
                "state = isolate_network(); print(state)\n"
                "try: list(ox.Store().query('SELECT * { SERVICE <http://127.0.0.1:PORT/> "
                "{ ?s ?p ?o } }'))\nexcept Exception as e: print('failed:', e)"
                ).replace("PORT", str(control.port))
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        done = subprocess.run([sys.executable, "-c", code], timeout=60, check=False,
                              capture_output=True, text=True, env=env)
        if not done.stdout.startswith("isolated"):
            pytest.skip(f"this OS does not allow a network namespace: {done.stdout.strip()}")
        assert "failed:" in done.stdout and control.hits == []
    finally:
        server.shutdown()
        server.server_close()


def test_workers_run_isolated_and_capped(served: Served) -> None:
    assert query(served, "ASK { ?s ?p ?o }").status == 200
    if "workers are not isolated" in served.log.read_text(errors="replace"):
        pytest.skip("this OS does not allow a network namespace (the server logged why)")
    workers = worker_pids(served.pid)
    assert workers
    for pid in workers:
        limits = Path(f"/proc/{pid}/limits").read_text()
        line = next(x for x in limits.splitlines() if x.startswith("Max address space"))
        assert "unlimited" not in line
        assert os.readlink(f"/proc/{pid}/ns/net") != os.readlink("/proc/self/ns/net")


def test_every_service_spelling_is_refused(served: Served, canary: Canary) -> None:
    spellings = service_spellings(canary.port)
    assert len(spellings) > 150
    statuses: dict[int, int] = {}
    for i, text in enumerate(spellings):
        reply = query(served, text, "GET" if i % 2 else "POST")
        statuses[reply.status] = statuses.get(reply.status, 0) + 1
        assert reply.status in (400, 403), (text, reply.status, reply.text)
    assert statuses.get(403, 0) > 50  # most are refused as SERVICE, not as bad syntax
    assert canary.hits == []


@pytest.mark.parametrize("text", MENTIONS)
def test_queries_that_only_mention_the_word_run(served: Served, text: str) -> None:
    reply = query(served, text)
    assert reply.status == 200, reply.text


def test_every_update_form_is_refused_every_way(served: Served, canary: Canary) -> None:
    before = query(served, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", accept="text/csv").text
    form = "application/x-www-form-urlencoded"
    tried = 0
    for text in update_forms(canary.port):
        for name in ("query", "update"):
            encoded = urllib.parse.urlencode({name: text})
            replies = [
                send(served, "GET", "/sparql?" + encoded),
                send(served, "POST", "/sparql", encoded.encode(), {"Content-Type": form}),
                send(served, "POST", "/sparql", *multipart(name, text)),
            ]
            for reply in replies:
                tried += 1
                assert reply.status in (400, 403), (name, text, reply.status, reply.text)
        for mime in ("application/sparql-query", "application/sparql-update", "text/plain",
                     "application/sparql-update; charset=latin-1"):
            reply = send(served, "POST", "/sparql", text.encode(), {"Content-Type": mime})
            tried += 1
            assert reply.status in (400, 403, 415), (mime, text, reply.status)
    assert tried > 250
    assert query(served, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", accept="text/csv").text \
        == before
    assert canary.hits == []


def multipart(name: str, value: str) -> tuple[bytes, dict[str, str]]:
    boundary = "libgraphboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
            f"{value}\r\n--{boundary}--\r\n").encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def test_protocol_oddities_never_give_500(served: Served) -> None:
    ask = urllib.parse.quote("ASK { ?s ?p ?o }")
    cases: list[tuple[str, str, bytes | None, dict[str, str], tuple[int, ...]]] = [
        ("GET", f"/sparql?query={ask}&query={ask}", None, {}, (400,)),
        ("GET", f"/sparql?query={ask}&update={ask}", None, {}, (400,)),
        ("GET", "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%22%ff%fe%22%20%7D", None, {},
         (200, 400)),
        ("GET", "/sparql?query=%", None, {}, (400,)),
        ("GET", "/sparql?query=ASK%00%7B%7D", None, {}, (400,)),
        ("POST", "/sparql", b"ASK { ?s ?p \"\xff\xfe\" }",
         {"Content-Type": "application/sparql-query"}, (200, 400)),
        ("POST", "/sparql", b"query=ASK%20%7B%7D%ff", {"Content-Type":
                                                     "application/x-www-form-urlencoded"},
         (200, 400)),
        ("POST", "/sparql", b"garbage", {"Content-Type": "multipart/form-data; boundary=x"},
         (200, 400)),  # no query in it: the service description
        ("POST", "/sparql", b"x" * (2 << 20), {"Content-Type": "application/sparql-query"},
         (413,)),
        ("POST", "/sparql", ("ASK {} #" + "x" * (2 << 20)).encode(),
         {"Content-Type": "application/x-www-form-urlencoded"}, (400, 413)),
        ("GET", f"/sparql?query={ask}&" + "&".join(["default-graph-uri=urn:g"] * 2000), None,
         {}, (400, 431, 414)),
        ("GET", f"/sparql?query={ask}&default-graph-uri=not%20an%20iri", None, {}, (400,)),
        ("GET", f"/sparql?query={ask}&named-graph-uri=" + "a" * 5000, None, {}, (400,)),
        ("GET", f"/sparql?query={ask}&format=application/x-nonsense", None, {}, (406,)),
        ("GET", f"/sparql?query={ask}", None, {"Accept": "image/png"}, (406,)),
        ("PUT", "/sparql", b"ASK {}", {"Content-Type": "application/sparql-query"}, (405,)),
        ("GET", "/sparql?query=" + urllib.parse.quote("ASK {} #" + "x" * 120_000), None, {},
         (400, 413, 414, 431)),
    ]
    wrong = []
    for method, path, body, headers, expected in cases:
        reply = send(served, method, path, body, headers, fresh_client())
        if reply.status not in expected:
            wrong.append((method, path[:60], body and body[:30], reply.status, reply.text[:120]))
    assert wrong == []


def test_chunked_body(served: Served) -> None:
    parts = urllib.parse.urlsplit(served.base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    body = [b"ASK { ?s ", b"?p ?o }"]
    connection.request("POST", "/sparql", body=iter(body), encode_chunked=True,
                       headers={"Content-Type": "application/sparql-query",
                                "Transfer-Encoding": "chunked", "Accept": "application/json"})
    response = connection.getresponse()
    assert response.status == 200 and json.loads(response.read())["boolean"] is True
    connection.close()


def nested(kind: str, n: int) -> str:
    """A query nesting one construct ``n`` deep (or ``n`` long, for chains)."""
    inner = "?s ?p ?o"
    shapes = {
        "braces": lambda: "SELECT * " + "{" * n + inner + "}" * n,
        "parens": lambda: "SELECT * { ?s ?p ?o FILTER(" + "(" * n + "?o" + ")" * n + ") }",
        "function": lambda: "SELECT * { ?s ?p ?o FILTER(" + "STR(" * n + "?o" + ")" * n + ") }",
        "concat": lambda: "SELECT * { ?s ?p ?o BIND(" + "CONCAT(" * n + "?o" + ")" * n
        + " AS ?x) }",
        "if": lambda: "SELECT * { ?s ?p ?o BIND(" + "IF(true, " * n + "1" + ", 0)" * n
        + " AS ?x) }",
        "exists": lambda: "SELECT * { ?s ?p ?o " + "FILTER EXISTS { ?s ?p ?o " * n + "}" * n
        + " }",
        "optional-nested": lambda: "SELECT * { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * n
        + "}" * n + " }",
        "optional-chain": lambda: "SELECT * { ?s ?p ?o " + "OPTIONAL { ?s ?p ?x } " * n + "}",
        "minus-chain": lambda: "SELECT * { ?s ?p ?o " + "MINUS { ?s ?p ?x } " * n + "}",
        "union-chain": lambda: "SELECT * { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
        "not": lambda: "SELECT * { ?s ?p ?o FILTER(" + "!(" * n + "true" + ")" * n + ") }",
        "minus-sign": lambda: "SELECT * { ?s ?p ?o FILTER(" + "-(" * n + "1" + ")" * n
        + " < 5) }",
        "plus": lambda: "SELECT * { ?s ?p ?o FILTER(" + "+".join(["1"] * n) + " > 0) }",
        "or": lambda: "SELECT * { ?s ?p ?o FILTER(" + " || ".join(["false"] * n) + ") }",
        "and": lambda: "SELECT * { ?s ?p ?o FILTER(" + " && ".join(["true"] * n) + ") }",
        "path-seq": lambda: "SELECT * { ?s " + "/".join(["<urn:p>"] * n) + " ?o }",
        "path-alt": lambda: "SELECT * { ?s " + "|".join(["<urn:p>"] * n) + " ?o }",
        "path-parens": lambda: "SELECT * { ?s " + "(" * n + "<urn:p>" + ")" * n + " ?o }",
        "path-inverse": lambda: "SELECT * { ?s " + "^(" * n + "<urn:p>" + ")" * n + " ?o }",
        "bnode-lists": lambda: "SELECT * { ?s ?p " + "[ <urn:p> " * n + "?o" + " ]" * n + " }",
        "collections": lambda: "SELECT * { ?s ?p " + "( " * n + "?o" + " )" * n + " }",
        "subquery": lambda: "SELECT * " + "{ SELECT * " * n + "{ ?s ?p ?o }" + " }" * n,
        "graph": lambda: "SELECT * { " + "GRAPH ?g { " * n + inner + " }" * n + " }",
        "bind-chain": lambda: "SELECT * { ?s ?p ?o " + " ".join(
            f"BIND(?o AS ?v{i})" for i in range(n)) + " }",
        "in-list": lambda: "SELECT * { ?s ?p ?o FILTER(?o IN (" + ", ".join(["1"] * n) + ")) }",
    }
    return shapes[kind]()


NESTED_KINDS = ["braces", "parens", "function", "concat", "if", "exists", "optional-nested",
                "optional-chain", "minus-chain", "union-chain", "not", "minus-sign", "plus",
                "or", "and", "path-seq", "path-alt", "path-parens", "path-inverse",
                "bnode-lists", "collections", "subquery", "graph", "bind-chain", "in-list"]


@pytest.mark.slow
@pytest.mark.parametrize("kind", NESTED_KINDS)
def test_deep_nesting_is_a_400_not_a_crash(served: Served, kind: str) -> None:
    shallow = query(served, nested(kind, 5))
    assert shallow.status == 200, shallow.text  # ordinary depth still runs
    for n in (1000, 5000):
        reply = query(served, nested(kind, n))
        assert reply.status != 500, (kind, n, reply.text[:200])
        if kind not in ("bind-chain", "in-list"):  # long, but flat: may run
            assert reply.status in (400, 413), (kind, n, reply.status, reply.text[:200])
        assert reply.text.strip()  # a message saying why
    assert query(served, "ASK { ?s ?p ?o }").status == 200  # the workers are still there


@pytest.mark.slow
def test_runaway_queries_are_stopped(served: Served) -> None:
    """Cartesian products and memory bombs end in 504/503 (worker killed and replaced);
    regex bombs cost nothing (the store's regex engine is linear); a huge result is cut."""
    cartesian = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    reply = query(served, cartesian)
    assert reply.status == 504 and time.monotonic() - started < TIMEOUT + 5
    doubling = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(40))
    bomb = f"SELECT (STRLEN(?v40) AS ?n) {{ BIND(\"xxxxxxxxxxxxxxxx\" AS ?v0) {doubling} }}"
    reply = query(served, bomb)
    assert reply.status in (400, 503, 504), reply.text
    sorted_product = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY DESC(?c) ?f"
    assert query(served, sorted_product).status in (200, 503, 504)
    regex = ("SELECT * { ?s ?p ?o FILTER(REGEX(CONCAT(STR(?o), \"" + "a" * 5000
             + "!\"), \"^(a+)+$\")) } LIMIT 5")
    assert query(served, regex).status in (200, 400)
    huge_regex = "SELECT * { ?s ?p ?o FILTER(REGEX(?o, \"((a{1,1000}){1,1000}){1,1000}\")) }"
    assert query(served, huge_regex).status in (200, 400, 504)  # compiled per row: stopped
    big = query(served, "SELECT * { ?a ?b ?c . ?d ?e ?f }")
    assert big.status == 200 and big.headers.get("x-sparql-truncated", "").startswith("true")
    assert query(served, "ASK { ?s ?p ?o }").status == 200  # fresh workers took over


@pytest.mark.slow
def test_busy_clients_get_503_and_pages_do_not_wait(served: Served) -> None:
    """Per-client limit and bounded queue: a third concurrent query of one client is told
    to retry at once; pages answer while every worker is busy."""
    slow = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    who = fresh_client()
    replies: list[Reply] = []
    threads = [threading.Thread(target=lambda: replies.append(query(served, slow, client=who)))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    third = query(served, "ASK { ?s ?p ?o FILTER(?o != 'third') }", client=who)  # not cached
    assert third.status == 503 and third.headers.get("retry-after"), (third, replies)
    crowd: list[Reply] = []
    waiting = [threading.Thread(target=lambda: crowd.append(query(served, "ASK { ?s ?p ?o }")))
               for _ in range(4)]  # two may wait in the queue, the others are told to retry
    for thread in waiting:
        thread.start()
    time.sleep(0.3)
    page = send(served, "GET", "/people.json")
    assert page.status == 200  # while both workers run the slow queries
    for thread in threads + waiting:
        thread.join()
    assert sorted(r.status for r in replies) == [504, 504]
    assert all(r.status in (200, 503) for r in crowd)


def test_rdf12_triple_term_as_jsonld_is_not_a_500(served: Served) -> None:
    text = "CONSTRUCT { <urn:a> <urn:b> <<( ?s ?p ?o )>> } WHERE { ?s ?p ?o } LIMIT 1"
    reply = query(served, text, accept="application/ld+json")
    assert reply.status in (400, 406) and reply.text.strip(), reply


def test_errors_are_logged_one_line_each(served: Served) -> None:
    for _ in range(3):
        query(served, "SELECT * WHERE { ?s ?p }")
    lines = served.log.read_text(errors="replace").splitlines()
    assert not any(line.startswith("Traceback") or line.startswith("  File ")
                   for line in lines)


@pytest.mark.slow
def test_a_remote_endpoint_gets_only_checked_queries(served: Served, canary: Canary,
                                                     tmp_path: Path) -> None:
    """``--endpoint``: the check runs in sandboxed workers before a query is forwarded."""
    from test_web_server import running_server

    with running_server(tmp_path, "--endpoint", served.base + "/sparql", "--no-warm",
                        "--timeout", "10") as remote:
        refused = query(Served(remote, 0, served.log), service_spellings(canary.port)[0])
        assert refused.status == 403
        fine = query(Served(remote, 0, served.log), "ASK { ?s ?p ?o }")
        assert fine.status == 200 and json.loads(fine.body)["boolean"] is True


def test_zz_the_canary_was_never_reached(canary: Canary) -> None:
    """Runs last in the module: no request of the whole suite reached the canary."""
    assert canary.hits == []


def worker_pids(server_pid: int) -> list[int]:
    """The SPARQL worker processes of a server (its children running spawn_main)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = next((int(x.split()[1]) for x in status.splitlines() if x.startswith("PPid:")), 0)
        if ppid == server_pid and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def test_socket_level_garbage(served: Served) -> None:
    """Bytes that are no HTTP at all get a 400 from the server, never a 500."""
    parts = urllib.parse.urlsplit(served.base)
    for raw in (b"GET /sparql?query=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
                b"GET /sparql?query=" + b"\xff" * 50 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
                b"\x00\x01\x02\r\n\r\n"):
        with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
            sock.sendall(raw)
            head = sock.recv(64)
        assert not head.startswith(b"HTTP/1.1 500"), head
