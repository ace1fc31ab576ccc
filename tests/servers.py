"""Real SPARQL servers for the tests, each on 127.0.0.1 with a temporary database.

* Oxigraph: the ``oxigraph`` CLI of the PyPI package, with ``--union-default-graph``;
* Virtuoso Open Source 7: Debian's ``virtuoso-opensource`` (``virtuoso-t``), with a
  generated ``virtuoso.ini`` (non-default ports, the database in the temporary directory);
* Apache Jena Fuseki 5.6.0: ``jena-fuseki-main`` and its dependencies, fetched with Maven by
  ``scripts/install_test_servers.sh`` into ``$LIBGRAPH_SERVERS`` (default
  ``~/.cache/libgraph/servers``), started with a TDB2 dataset whose default graph is the
  union of its named graphs.

A server that is not installed makes its tests skip, saying why and how to install it. Each
server is stopped (terminated, then killed) however the test ends.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVERS_DIR = Path(os.environ.get("LIBGRAPH_SERVERS", Path.home() / ".cache/libgraph/servers"))
INSTALL = "scripts/install_test_servers.sh"
VIRTUOSO_PASSWORD = "dba"  # the fresh database's own default; the server is bound to 127.0.0.1


@dataclass
class Server:
    """A running server: what to give ``--endpoint`` and ``--layout``, and its query URL."""

    name: str
    endpoint: str
    layout: str
    query: str
    process: subprocess.Popen[bytes]
    port: int
    directory: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers(url: str) -> bool:
    """True once the server answers HTTP at all (a 401 of a protected server counts)."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


def _wait(process: subprocess.Popen[bytes], url: str, name: str, log: Path,
          seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{name} did not start ({url}):\n{tail}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def _running(command: list[str], directory: Path, name: str, ready: str
             ) -> Iterator[subprocess.Popen[bytes]]:
    log = directory / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=directory, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait(process, ready, name, log)
            yield process
        finally:
            _stop(process)


# --- Oxigraph --------------------------------------------------------------------------------


@contextmanager
def oxigraph(directory: Path, union: bool = True) -> Iterator[Server]:
    beside = Path(sys.executable).parent / "oxigraph"  # the venv's, when it is not on PATH
    binary = shutil.which("oxigraph") or (str(beside) if beside.is_file() else None)
    if binary is None:
        pytest.skip("the oxigraph CLI is not installed (pip install oxigraph)")
    port = free_port()
    command = [binary, "serve", "--location", str(directory / "db"), "--bind",
               f"127.0.0.1:{port}"] + (["--union-default-graph"] if union else [])
    with _running(command, directory, "oxigraph", f"http://127.0.0.1:{port}/") as process:
        base = f"http://127.0.0.1:{port}"
        yield Server("oxigraph", base, "oxigraph", f"{base}/query", process, port, directory)


# --- Virtuoso --------------------------------------------------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = ., {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 8
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""

#: What the SPARQL user needs to write through /sparql and /sparql-graph-crud (a server
#: open to others would use /sparql-auth and /sparql-graph-crud-auth with a real user).
VIRTUOSO_GRANTS = ('grant SPARQL_UPDATE to "SPARQL";',
                   "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")


def virtuoso_binaries() -> tuple[str, str] | None:
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    return (server, isql) if server and isql else None


@contextmanager
def virtuoso(directory: Path, buffers: int = 20000) -> Iterator[Server]:
    found = virtuoso_binaries()
    if found is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource, "
                    f"or {INSTALL})")
    binary, isql = found
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=directory, sql_port=sql_port, http_port=http_port,
                                       buffers=buffers, dirty=buffers * 3 // 4), encoding="utf-8")
    base = f"http://127.0.0.1:{http_port}"
    ready = f"{base}/sparql?query=ASK%7B%7D"
    with _running([binary, "+foreground", "+configfile", str(ini)], directory, "virtuoso",
                  ready) as process:
        for statement in VIRTUOSO_GRANTS:
            subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", VIRTUOSO_PASSWORD,
                            f"exec={statement}"], check=True, capture_output=True, timeout=60)
        yield Server("virtuoso", f"{base}/sparql", "virtuoso", f"{base}/sparql", process,
                     http_port, directory)


# --- Fuseki ----------------------------------------------------------------------------------

FUSEKI_CONFIG = """\
@prefix fuseki: <http://jena.apache.org/fuseki#> .
@prefix tdb2:   <http://jena.apache.org/2016/tdb#> .
@prefix ja:     <http://jena.hpl.hp.com/2005/11/Assembler#> .

<#service> a fuseki:Service ;
    fuseki:name "ds" ;
    {users}
    fuseki:endpoint [ fuseki:operation fuseki:query ; fuseki:name "query" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:update ; fuseki:name "update" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:gsp-rw ; fuseki:name "data" ] ;
    fuseki:dataset <#dataset> .

# the default graph of queries is the union of the named graphs (one per document)
<#dataset> a tdb2:DatasetTDB2 ;
    tdb2:location "{location}" ;
    tdb2:unionDefaultGraph true .
"""


def fuseki_classpath() -> str | None:
    lib = SERVERS_DIR / "fuseki" / "lib"
    jars = sorted(lib.glob("*.jar")) if lib.is_dir() else []
    if not any(j.name.startswith("jena-fuseki-main") for j in jars) or not shutil.which("java"):
        return None
    return f"{lib}/*"


@contextmanager
def fuseki(directory: Path, user: tuple[str, str] | None = None) -> Iterator[Server]:
    classpath = fuseki_classpath()
    if classpath is None:
        pytest.skip(f"Fuseki is not installed in {SERVERS_DIR / 'fuseki'} (run {INSTALL}: it "
                    "fetches org.apache.jena:jena-fuseki-main:5.6.0 with Maven, which needs "
                    "Maven Central)")
    port = free_port()
    users = f'fuseki:allowedUsers "{user[0]}" ;' if user else ""
    config = directory / "config.ttl"
    config.write_text(FUSEKI_CONFIG.format(users=users, location=directory / "tdb2"),
                      encoding="utf-8")
    command = ["java", "-Xmx1g", "-cp", classpath, "org.apache.jena.fuseki.main.cmds.FusekiMainCmd",
               "--localhost", "--port", str(port), "--config", str(config)]
    if user:
        passwd = directory / "passwd"
        passwd.write_text(f"{user[0]}: {user[1]}\n", encoding="utf-8")
        command += ["--passwd", str(passwd), "--auth", "basic"]
    base = f"http://127.0.0.1:{port}"
    with _running(command, directory, "fuseki", f"{base}/ds/query?query=ASK%7B%7D") as process:
        yield Server("fuseki", f"{base}/ds", "fuseki", f"{base}/ds/query", process, port,
                     directory)


STARTERS = {"oxigraph": oxigraph, "virtuoso": virtuoso, "fuseki": fuseki}
