"""HTTP to SPARQL 1.1 servers: endpoint layouts, credentials, and loading ``graph.nt`` into one
graph (``push --graph``). The default push, one named graph per document, resumable and
incremental, is :mod:`libgraph.publish`, built on the requests here.

The Graph Store Protocol (GSP) sends ``graph.nt`` in one streamed request: ``PUT`` replaces
the target graph, ``POST`` adds to it. Servers without GSP (or where it is switched off) get
``INSERT DATA`` requests of at most ``chunk`` triples each (5,000 by default: ~0.7 MB per
request, well under the usual request-size limits), after a ``CLEAR`` of the graph unless
appending. Only the standard library (urllib) is used for HTTP.

Servers name their endpoints differently; :func:`resolve_endpoints` turns a base URL (or a
query endpoint URL) into the three endpoints by a layout:

=========  ==========================  ==========================  ==============================
layout     query                       update                      graph store (GSP)
=========  ==========================  ==========================  ==============================
oxigraph   {base}/query                {base}/update               {base}/store
fuseki     {base}/query  (base=/ds)    {base}/update               {base}/data
graphdb    {base}  (/repositories/X)   {base}/statements           {base}/rdf-graphs/service
virtuoso   {base}/sparql               {base}/sparql               {base}/sparql-graph-crud
=========  ==========================  ==========================  ==============================

``auto`` recognises ``/repositories/X`` (GraphDB), ``…/sparql`` (Virtuoso) and ``…/query``
(Oxigraph; Fuseki's GSP is then not found and UPDATE is used), and treats any other URL as
an Oxigraph base URL. Explicit endpoints always win.
"""

from __future__ import annotations

import base64
import netrc
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LAYOUTS: dict[str, tuple[str, str, str]] = {
    "oxigraph": ("query", "update", "store"),
    "fuseki": ("query", "update", "data"),
    "graphdb": ("", "statements", "rdf-graphs/service"),
    "virtuoso": ("sparql", "sparql", "sparql-graph-crud"),
}
DEFAULT_CHUNK = 5000
TIMEOUT = 300.0
#: GSP answers that mean "no Graph Store Protocol here": fall back to SPARQL UPDATE.
_NO_GSP = {404, 405, 406, 415, 501}


class PushError(Exception):
    """The graph could not be loaded; the message says where and why."""


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of a SPARQL server; any may be None when unknown."""

    query: str | None
    update: str | None
    store: str | None


@dataclass(frozen=True)
class PushResult:
    """What was sent where, for the report."""

    method: str  # "gsp" or "update"
    triples: int
    requests: int
    url: str
    graph: str | None


def resolve_endpoints(url: str | None, layout: str = "auto", query: str | None = None,
                      update: str | None = None, store: str | None = None) -> Endpoints:
    """The query, update and store endpoints from a base URL and layout, or explicit ones."""
    derived = Endpoints(None, None, None)
    if url:
        derived = _derive(url.rstrip("/"), layout)
    return Endpoints(query or derived.query, update or derived.update, store or derived.store)


def query_endpoint(url: str) -> str:
    """The query endpoint for ``--endpoint`` of reading commands.

    A bare server URL (``http://localhost:7878``) gets Oxigraph's ``/query``; any URL with a
    path is taken to be the query endpoint itself (``…/ds/query``, ``…/sparql``,
    ``…/repositories/X``, ``https://query.wikidata.org/sparql``).
    """
    parts = urllib.parse.urlsplit(url)
    if parts.path in ("", "/") and not parts.query:
        return url.rstrip("/") + "/query"
    return url


def _derive(url: str, layout: str) -> Endpoints:
    if layout == "auto":
        layout, url = _detect(url)
    elif layout not in LAYOUTS:
        raise PushError(f"unknown layout {layout!r} (one of {', '.join(LAYOUTS)})")
    else:
        url = _strip_suffix(url, LAYOUTS[layout][0])
    return Endpoints(*(_join(url, part) for part in LAYOUTS[layout]))


def _detect(url: str) -> tuple[str, str]:
    path = urllib.parse.urlsplit(url).path
    if re.search(r"/repositories/[^/]+$", path):
        return "graphdb", url
    for layout, suffix in (("virtuoso", "sparql"), ("oxigraph", "query")):
        if path.endswith("/" + suffix):
            return layout, url[: -len(suffix) - 1]
    return "oxigraph", url


def _strip_suffix(url: str, suffix: str) -> str:
    return url[: -len(suffix) - 1] if suffix and url.endswith("/" + suffix) else url


def _join(base: str, part: str) -> str:
    return f"{base}/{part}" if part else base


def check_iri(iri: str) -> str:
    """A graph name must be an absolute IRI that can be written ``<…>``."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$", iri):
        raise PushError(f"--graph {iri!r} is not an absolute IRI")
    return iri


# --- HTTP ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Auth:
    """HTTP basic credentials, sent with the first request (no challenge round trip)."""

    user: str
    password: str

    def header(self) -> str:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"


class HttpStatusError(PushError):
    """The server answered with an error status."""

    def __init__(self, url: str, status: int, body: str):
        super().__init__(f"{url}: HTTP {status} {_short(body)}".rstrip())
        self.status = status


def _short(body: str) -> str:
    return " ".join(body.split())[:300]


class ConnectionLost(PushError):
    """No answer (refused, reset, timed out): worth trying again, unlike an HTTP error."""


def credentials(url: str, user: str | None = None) -> Auth | None:
    """Basic credentials for ``url``, never from the command line's arguments.

    ``LIBGRAPH_USER``/``LIBGRAPH_PASSWORD`` first (``--user`` may name the user), else the
    netrc file (``$NETRC`` or ``~/.netrc``) entry of the URL's host; None when neither has any.
    """
    user = user or os.environ.get("LIBGRAPH_USER") or None
    password = os.environ.get("LIBGRAPH_PASSWORD")
    if user and password is not None:
        return Auth(user, password)
    host = urllib.parse.urlsplit(url).hostname or ""
    entry = _netrc_entry(host)
    if entry and (user is None or entry[0] == user):
        return Auth(entry[0], entry[1])
    if user:
        return Auth(user, password or "")
    return None


def _netrc_entry(host: str) -> tuple[str, str] | None:
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        found = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError) as err:
        raise PushError(f"{path}: unreadable netrc file ({err})") from err
    if not found or not found[0]:
        return None
    return found[0], found[2] or ""


def _send(method: str, url: str, data: object, content_type: str, auth: Auth | None,
          length: int | None = None) -> int:
    """One request; the status on success, :class:`HttpStatusError` or PushError otherwise.

    Basic credentials go with the first request. If the server answers 401, a request without
    a body asks it for a challenge, and where it wants Digest (Virtuoso's ``…-auth``
    endpoints) the request is made again with a Digest answer, where the body can be sent
    twice (bytes, not a file). A server that refuses credentials often answers before it has
    read a large body and closes the connection, which the client sees as a broken pipe: a
    lost connection is therefore checked with a request without a body, so that a refusal
    is reported as one (401/403), not as a network failure to retry.
    """
    headers = {"Content-Type": content_type}
    if length is not None:
        headers["Content-Length"] = str(length)
    try:
        return _with_credentials(url, method, data, headers, auth)
    except urllib.error.HTTPError as err:
        body = err.read().decode("utf-8", "replace")
        if err.code in (401, 403):
            raise PushError(f"{url}: HTTP {err.code}, {_refusal(err.code, auth)}") from err
        raise HttpStatusError(url, err.code, body) from err
    except (urllib.error.URLError, OSError) as err:
        refused = _probe(url, auth) if data is not None else None
        if refused in (401, 403):
            raise PushError(f"{url}: HTTP {refused}, {_refusal(refused, auth)}") from err
        if isinstance(err, urllib.error.URLError):
            raise ConnectionLost(f"{url}: cannot reach the server ({err.reason})") from err
        raise ConnectionLost(f"{url}: connection lost ({err})") from err


def _with_credentials(url: str, method: str, data: object, headers: dict[str, str],
                      auth: Auth | None) -> int:
    """Basic credentials first; Digest where the server refuses them and challenges."""
    first: Exception
    try:
        return _open(url, method, data, headers, _basic(auth))
    except urllib.error.HTTPError as err:
        if not (err.code == 401 and auth and isinstance(data, bytes | None)):
            raise
        err.read()
        first = err
    except OSError as err:  # perhaps refused before the body was read, and closed
        if not (auth and isinstance(data, bytes) and _probe(url, auth) == 401):
            raise
        first = err
    assert auth is not None
    digest = _digest(url, method, auth)
    if digest is None:
        raise first
    return _open(url, method, data, headers, digest)


def _basic(auth: Auth | None) -> dict[str, str]:
    return {"Authorization": auth.header()} if auth else {}


def _open(url: str, method: str, data: object, headers: dict[str, str],
          extra: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=data, method=method,  # type: ignore[arg-type]
                                     headers={**headers, **extra})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        response.read()
        return int(response.status)


def _challenge(url: str, auth: Auth | None) -> tuple[int, str]:
    """Status and ``WWW-Authenticate`` of a GET of ``url`` without a body (0 if unreachable)."""
    request = urllib.request.Request(url, method="GET", headers=_basic(auth))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return int(response.status), ""
    except urllib.error.HTTPError as err:
        err.read()
        return err.code, (err.headers.get("WWW-Authenticate", "") if err.headers else "")
    except OSError:
        return 0, ""


def _probe(url: str, auth: Auth | None) -> int:
    return _challenge(url, auth)[0]


def _digest(url: str, method: str, auth: Auth) -> dict[str, str] | None:
    """The ``Authorization`` header answering the server's Digest challenge, if it has one."""
    status, challenge = _challenge(url, None)
    scheme, _, params = challenge.partition(" ")
    if status != 401 or scheme.lower() != "digest":
        return None
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, auth.user, auth.password)
    handler = urllib.request.HTTPDigestAuthHandler(passwords)
    fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(params))
    answer = handler.get_authorization(urllib.request.Request(url, method=method), fields)
    return {"Authorization": f"Digest {answer}"} if answer else None


def _refusal(status: int, auth: Auth | None) -> str:
    if status == 403:
        who = f"user {auth.user!r}" if auth else "an anonymous client"
        return f"{who} may not write here (the server refused: check the user's rights)"
    if auth:
        return f"the server did not accept the password of user {auth.user!r}"
    return ("the server wants credentials (set LIBGRAPH_USER and LIBGRAPH_PASSWORD, "
            "or a netrc entry for its host)")


# --- Graph Store Protocol -----------------------------------------------------------------


def gsp_url(store: str, graph: str | None) -> str:
    """The GSP URL of a graph: ``?graph=<iri>`` or ``?default``."""
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    return f"{store}{'&' if '?' in store else '?'}{query}"


def push_gsp(nt_path: Path, store: str, graph: str | None, auth: Auth | None,
             append: bool = False) -> PushResult:
    """PUT (replace) or POST (add) the whole file; N-Triples first, Turtle if refused (415)."""
    url = gsp_url(store, graph)
    method = "POST" if append else "PUT"
    size = nt_path.stat().st_size
    try:
        with nt_path.open("rb") as body:
            _send(method, url, body, "application/n-triples", auth, size)
    except HttpStatusError as err:
        if err.status != 415:
            raise
        with nt_path.open("rb") as body:  # N-Triples is Turtle, for servers that want that
            _send(method, url, body, "text/turtle", auth, size)
    return PushResult("gsp", count_triples(nt_path), 1, url, graph)


# --- SPARQL UPDATE ------------------------------------------------------------------------


def count_triples(nt_path: Path) -> int:
    """Statements in an N-Triples file (non-blank, non-comment lines)."""
    with nt_path.open(encoding="utf-8") as lines:
        return sum(1 for line in lines if line.strip() and not line.lstrip().startswith("#"))


def triple_chunks(nt_path: Path, size: int) -> Iterator[list[str]]:
    """Lines of the file in chunks of at most ``size``.

    A blank node is scoped to one INSERT DATA request, so every line with a blank node goes
    into one last chunk, whatever its length: split, ``_:b1`` would become two nodes. (The
    builds libgraph writes have no blank nodes; other files may.)
    """
    chunk: list[str] = []
    with_bnodes: list[str] = []
    with nt_path.open(encoding="utf-8") as lines:
        for line in lines:
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            if _has_bnode(text):
                with_bnodes.append(text)
                continue
            chunk.append(text)
            if len(chunk) >= size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk
    if with_bnodes:
        yield with_bnodes


_OBJECT_BNODE = re.compile(r'\s_:[^\s"]+\s*\.$')


def _has_bnode(line: str) -> bool:
    """True if the subject or the object of an N-Triples line is a blank node.

    The object test is anchored at the final `` .``, so ``_:`` inside a literal never counts.
    """
    return line.startswith("_:") or bool(_OBJECT_BNODE.search(line))


def insert_data(lines: list[str], graph: str | None) -> str:
    """One ``INSERT DATA`` request body for N-Triples lines (valid SPARQL as they are)."""
    body = "\n".join(lines)
    if graph:
        return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"
    return f"INSERT DATA {{\n{body}\n}}"


def clear_graph(graph: str | None) -> str:
    """The UPDATE that empties the target graph before a replacing push."""
    return f"CLEAR SILENT GRAPH <{graph}>" if graph else "CLEAR SILENT DEFAULT"


def send_update(update_url: str, text: str, auth: Auth | None) -> None:
    """POST one SPARQL UPDATE, URL-encoded (the form every SPARQL 1.1 server accepts)."""
    data = urllib.parse.urlencode({"update": text}).encode("utf-8")
    _send("POST", update_url, data, "application/x-www-form-urlencoded; charset=UTF-8", auth)


def push_update(nt_path: Path, update_url: str, graph: str | None, auth: Auth | None,
                append: bool = False, chunk: int = DEFAULT_CHUNK) -> PushResult:
    """CLEAR (unless appending), then INSERT DATA in chunks of at most ``chunk`` triples."""
    requests = 0
    if not append:
        send_update(update_url, clear_graph(graph), auth)
        requests += 1
    triples = 0
    for lines in triple_chunks(nt_path, chunk):
        send_update(update_url, insert_data(lines, graph), auth)
        requests += 1
        triples += len(lines)
    return PushResult("update", triples, requests, update_url, graph)


# --- both ---------------------------------------------------------------------------------


def push_graph(nt_path: Path, endpoints: Endpoints, graph: str | None = None,
               auth: Auth | None = None, method: str = "auto", append: bool = False,
               chunk: int = DEFAULT_CHUNK) -> PushResult:
    """Load the file by GSP, or by UPDATE when asked or when the server has no GSP."""
    if not nt_path.is_file():
        raise PushError(f"{nt_path}: not found (run `libgraph build` first)")
    if graph:
        check_iri(graph)
    if method not in ("auto", "gsp", "update"):
        raise PushError(f"unknown method {method!r} (auto, gsp or update)")
    if method in ("auto", "gsp") and endpoints.store:
        try:
            return push_gsp(nt_path, endpoints.store, graph, auth, append)
        except HttpStatusError as err:
            if method == "gsp" or err.status not in _NO_GSP or not endpoints.update:
                raise
    elif method == "gsp":
        raise PushError("no graph store endpoint (give --endpoint or --store-endpoint)")
    if not endpoints.update:
        raise PushError("no update endpoint (give --endpoint or --update-endpoint)")
    return push_update(nt_path, endpoints.update, graph, auth, append, chunk)


def remote_count(query_url: str, graph: str | None, auth: Auth | None) -> int | None:
    """Triples the server now holds in the graph (None if it will not say)."""
    from .store import RemoteStore, StoreError

    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    store = RemoteStore(query_url, auth.user if auth else None, auth.password if auth else None)
    try:
        rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    except StoreError:
        return None
    value = rows.rows[0][0] if rows.rows else None
    return value if isinstance(value, int) else None
