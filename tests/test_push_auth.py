"""Credentials for ``libgraph push``: from LIBGRAPH_USER/LIBGRAPH_PASSWORD or a netrc file,
never the command line, and one clear line for 401 and 403.

Against a tiny real HTTP server (Basic auth, a Graph Store Protocol store that keeps what it
is sent), Virtuoso's Digest-protected ``/sparql-graph-crud-auth`` and Fuseki with a password
file (each where installed).
"""

from __future__ import annotations

import base64
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner, Result

from libgraph.cli import main
from libgraph.dataset import plan
from servers import fuseki, virtuoso

USERS = {"librarian": "s3cret", "reader": "only-reads"}
WRITERS = {"librarian"}


class _Store(BaseHTTPRequestHandler):
    """PUT and DELETE of ``/store?graph=…`` for a writer; 401 without valid credentials,
    403 for a user who may only read."""

    graphs: ClassVar[dict[str, int]] = {}
    seen: ClassVar[list[str]] = []

    def _allowed(self) -> bool:
        header = self.headers.get("Authorization", "")
        self.seen.append(header)
        user, _, password = "", "", ""
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        if USERS.get(user) != password or not user:
            self._refuse(401, {"WWW-Authenticate": 'Basic realm="libgraph test"'})
            return False
        if user not in WRITERS:
            self._refuse(403)
            return False
        return True

    def _refuse(self, status: int, headers: dict[str, str] | None = None) -> None:
        """Answer at once and close, the body unread, as Virtuoso does: a client still
        sending a large body sees a reset or a broken pipe, not the status."""
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _answer(self, status: int, headers: dict[str, str] | None = None) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()
        if status in (201, 204):
            self.graphs[self.path.split("graph=", 1)[-1]] = body.count(b"\n")

    def do_PUT(self) -> None:
        if self._allowed():
            self._answer(201)

    def do_GET(self) -> None:  # what push asks when a connection breaks off
        if self._allowed():
            self._answer(200)

    def do_DELETE(self) -> None:
        if self._allowed():
            self._answer(204)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def store() -> Iterator[str]:
    _Store.graphs, _Store.seen = {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Store)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def build_dir(demo_build: tuple[Path, object], tmp_path: Path) -> Path:
    copy = tmp_path / "build"
    shutil.copytree(demo_build[0], copy)
    return copy


def push(store_url: str, build_dir: Path, env: dict[str, str | None], *more: str) -> Result:
    blank: dict[str, str | None] = {"LIBGRAPH_USER": None, "LIBGRAPH_PASSWORD": None,
                                    "NETRC": str(build_dir / "no-netrc")}
    return CliRunner().invoke(main, ["push", "--store-endpoint", store_url, "--build",
                                     str(build_dir), "--quiet", *more], env={**blank, **env})


def error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def test_no_credentials_gives_one_line_saying_how_to_give_them(store: str, build_dir: Path
                                                               ) -> None:
    line = error_line(push(store, build_dir, {}))
    assert "HTTP 401, the server wants credentials (set LIBGRAPH_USER and " \
           "LIBGRAPH_PASSWORD, or a netrc entry for its host)" in line
    assert _Store.graphs == {}


def test_credentials_from_the_environment(store: str, build_dir: Path) -> None:
    result = push(store, build_dir, {"LIBGRAPH_USER": "librarian", "LIBGRAPH_PASSWORD": "s3cret"})
    assert result.exit_code == 0, result.output
    assert len(_Store.graphs) == len(plan(build_dir).graphs)
    assert sum(_Store.graphs.values()) == plan(build_dir).triples
    token = base64.b64encode(b"librarian:s3cret").decode()
    assert _Store.seen and set(_Store.seen) == {f"Basic {token}"}


def test_credentials_from_a_netrc_file(store: str, build_dir: Path, tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1\n  login librarian\n  password s3cret\n", encoding="utf-8")
    netrc.chmod(0o600)
    result = push(store, build_dir, {"NETRC": str(netrc)})
    assert result.exit_code == 0, result.output
    assert len(_Store.graphs) == len(plan(build_dir).graphs)


def test_a_wrong_password_and_a_user_who_may_not_write(store: str, build_dir: Path) -> None:
    wrong = error_line(push(store, build_dir, {"LIBGRAPH_USER": "librarian",
                                               "LIBGRAPH_PASSWORD": "guess"}))
    assert "HTTP 401, the server did not accept the password of user 'librarian'" in wrong
    assert "guess" not in wrong
    reader = error_line(push(store, build_dir, {"LIBGRAPH_USER": "reader",
                                                "LIBGRAPH_PASSWORD": "only-reads"}))
    assert "HTTP 403, user 'reader' may not write here" in reader
    assert _Store.graphs == {}


def test_the_password_cannot_be_given_on_the_command_line(store: str, build_dir: Path) -> None:
    result = push(store, build_dir, {}, "--user", "librarian", "--password", "s3cret")
    assert result.exit_code == 2 and "No such option '--password'" in result.output


def test_virtuoso_digest_endpoint(build_dir: Path, tmp_path: Path) -> None:
    with virtuoso(tmp_path) as server:
        crud = f"{server.base}/sparql-graph-crud-auth"
        line = error_line(push(crud, build_dir, {}))
        assert "HTTP 401, the server wants credentials" in line
        wrong = error_line(push(crud, build_dir, {"LIBGRAPH_USER": "dba",
                                                  "LIBGRAPH_PASSWORD": "guess"}))
        assert "HTTP 401, the server did not accept the password of user 'dba'" in wrong
        netrc = tmp_path / "netrc"
        netrc.write_text("machine 127.0.0.1 login dba password dba\n", encoding="utf-8")
        ok = push(crud, build_dir, {"NETRC": str(netrc)})
        assert ok.exit_code == 0 and "Pushed 7 of 7 graphs" in ok.output, ok.output


def test_fuseki_with_a_password_file(build_dir: Path, tmp_path: Path) -> None:
    with fuseki(tmp_path, user=("librarian", "s3cret")) as server:
        data = f"{server.endpoint}/data"
        assert "HTTP 401" in error_line(push(data, build_dir, {}))
        ok = push(data, build_dir, {"LIBGRAPH_USER": "librarian", "LIBGRAPH_PASSWORD": "s3cret"})
        assert ok.exit_code == 0 and "Pushed 7 of 7 graphs" in ok.output, ok.output
