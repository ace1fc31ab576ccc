"""`libgraph serve` as a real server on 127.0.0.1, and SPARQLWrapper as a real client of /sparql."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


@contextmanager
def running_server(build_dir: Path, *options: str) -> Iterator[str]:
    """``libgraph serve`` on a free port of 127.0.0.1; stopped (its own process group) after."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep
           + os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen(
        [sys.executable, "-m", "libgraph.cli", "serve", "--build", str(build_dir),
         "--host", "127.0.0.1", "--port", str(port), *options],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/index.json", process)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def server(demo_build: tuple[Path, object]) -> Iterator[str]:
    with running_server(demo_build[0], "--workers", "1", "--timeout", "2") as base:
        yield base


def client(base: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    wrapper = SPARQLWrapper(base + "/sparql")
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    wrapper.setMethod(method)
    wrapper.setTimeout(30)
    return wrapper


PREFIXES = "PREFIX lg: <https://w3id.org/libgraph/ontology#>\n"


def test_select_ask_and_construct_with_sparqlwrapper(server: str) -> None:
    rows = client(server, PREFIXES + "SELECT ?m WHERE { ?m a lg:Meeting }", JSON).queryAndConvert()
    assert len(rows["results"]["bindings"]) == 5
    posted = client(server, PREFIXES + "SELECT ?m WHERE { ?m a lg:Meeting }", JSON, "POST")
    assert len(posted.queryAndConvert()["results"]["bindings"]) == 5
    xml = client(server, PREFIXES + "SELECT ?m WHERE { ?m a lg:Meeting }", XML).queryAndConvert()
    assert len(xml.getElementsByTagName("result")) == 5
    ask = client(server, PREFIXES + "ASK { ?m a lg:Meeting }", JSON).queryAndConvert()
    assert ask["boolean"] is True
    construct = client(server, PREFIXES + "CONSTRUCT { ?m a lg:Meeting } WHERE { ?m a lg:Meeting }",
                       TURTLE).query().response.read()
    assert len(list(ox.parse(construct, format=ox.RdfFormat.TURTLE))) == 5


def test_updates_and_service_are_refused_over_http(server: str) -> None:
    update = SPARQLWrapper(server + "/sparql")
    update.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    update.setMethod("POST")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        update.query()
    service = client(server, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", JSON)
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        service.query()


def test_time_limit_over_http(server: str) -> None:
    slow = client(server, "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", JSON)
    started = time.monotonic()
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        slow.query()
    assert time.monotonic() - started < 15
    fine = client(server, "ASK { ?s ?p ?o }", JSON).queryAndConvert()
    assert fine["boolean"] is True


def test_pages_and_linked_data_over_http(server: str) -> None:
    request = urllib.request.Request(server + "/id/country/se",
                                     headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers.get_content_type() == "text/turtle"
        assert "Accept" in response.headers["Vary"]
        assert b"schema:Country" in response.read()
    with urllib.request.urlopen(server + "/", timeout=10) as response:
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert b"Nordic library cooperation" in response.read()


def test_explorer_over_a_remote_endpoint(server: str, tmp_path: Path) -> None:
    """``--endpoint``: a second explorer whose pages come from the first one's /sparql."""
    with running_server(tmp_path, "--endpoint", server + "/sparql", "--no-warm") as remote:
        with urllib.request.urlopen(remote + "/meetings.json", timeout=60) as response:
            assert json.load(response)["total"] == 5
        with urllib.request.urlopen(remote + "/id/country/se.json", timeout=60) as response:
            assert json.load(response)["label"] == "Sverige"
        request = urllib.request.Request(remote + "/id/country/se",
                                         headers={"Accept": "application/n-triples"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert b"<http://schema.org/Country>" in response.read()
        rows = client(remote, PREFIXES + "SELECT ?m WHERE { ?m a lg:Meeting }", JSON)
        assert len(rows.queryAndConvert()["results"]["bindings"]) == 5


def test_a_port_in_use_is_one_line_and_exit_1(server: str, demo_build) -> None:
    port = server.rsplit(":", 1)[1]
    done = subprocess.run([sys.executable, "-m", "libgraph.cli", "serve", "--build",
                           str(demo_build[0]), "--port", port], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: already in use (choose another --port)"]
