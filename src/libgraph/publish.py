"""Push a build as named graphs (see :mod:`libgraph.dataset`), graph by graph, resumably.

Each graph goes in its own request(s): a Graph Store Protocol ``PUT`` of its N-Triples
(replacing it), or, where the server has no GSP, ``DROP SILENT GRAPH`` + ``INSERT DATA`` in
chunks. Only one graph is in memory at a time (a document's graph is ~0.3 MB), so a push of
any size runs in bounded memory. After each graph the server accepted, the build's push
record (:mod:`libgraph.push_state`) is appended to, so:

* ``--changed`` sends only the graphs whose content differs from what the record says the
  server holds, and deletes the graphs of documents no longer in the build;
* a push cut off (connection lost after the retries) is continued by ``push --changed``:
  the graphs already accepted are not sent again.

A full push (without ``--changed``) sends every graph and deletes the libgraph graphs the
server holds that the build has not (those in the record, and those it lists under
``https://w3id.org/libgraph/graph/``), so the server ends up holding exactly the build.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .dataset import GRAPH_BASE, Dataset, NamedGraph, plan
from .push import (
    _NO_GSP,
    DEFAULT_CHUNK,
    Auth,
    ConnectionLost,
    Endpoints,
    HttpStatusError,
    PushError,
    _send,
    gsp_url,
    send_update,
)
from .push_state import PushState

#: Tries per request when the connection drops, and the pause before each retry (seconds).
RETRIES = 3
RETRY_PAUSE = 1.0

Progress = Callable[[int, int, int], None]  # graphs done, graphs to do, triples sent


@dataclass
class DatasetPush:
    """What a push did, for the report."""

    method: str = "gsp"
    url: str = ""
    sent: int = 0
    triples: int = 0
    unchanged: int = 0
    deleted: int = 0
    requests: int = 0
    graphs: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


class _Transport:
    """Replace or delete one graph by GSP, falling back to UPDATE if the server has no GSP."""

    def __init__(self, endpoints: Endpoints, auth: Auth | None, method: str, chunk: int):
        if method not in ("auto", "gsp", "update"):
            raise PushError(f"unknown method {method!r} (auto, gsp or update)")
        self.endpoints, self.auth, self.chunk = endpoints, auth, chunk
        self.method = "gsp" if method in ("auto", "gsp") and endpoints.store else "update"
        self.may_fall_back = method == "auto" and bool(endpoints.update)
        if method == "gsp" and not endpoints.store:
            raise PushError("no graph store endpoint (give --endpoint or --store-endpoint)")
        if self.method == "update" and not endpoints.update:
            raise PushError("no update endpoint (give --endpoint or --update-endpoint)")
        self.requests = 0

    @property
    def url(self) -> str:
        return str(self.endpoints.store if self.method == "gsp" else self.endpoints.update)

    def replace(self, iri: str, lines: Callable[[], Iterator[str]]) -> None:
        if self.method == "gsp":
            try:
                return self._put(iri, lines)
            except HttpStatusError as err:
                if not (self.may_fall_back and err.status in _NO_GSP):
                    raise
                self.method = "update"
        self._update(iri, lines)

    def delete(self, iri: str) -> None:
        if self.method == "gsp":
            try:
                _send("DELETE", gsp_url(str(self.endpoints.store), iri), None,
                      "application/n-triples", self.auth)
            except HttpStatusError as err:
                if err.status != 404:  # not there: nothing to delete
                    raise
        else:
            send_update(str(self.endpoints.update), f"DROP SILENT GRAPH <{iri}>", self.auth)
        self.requests += 1

    def _put(self, iri: str, lines: Callable[[], Iterator[str]]) -> None:
        body = "".join(f"{line}\n" for line in lines()).encode("utf-8")
        url = gsp_url(str(self.endpoints.store), iri)
        try:
            _send("PUT", url, body, "application/n-triples", self.auth, len(body))
        except HttpStatusError as err:
            if err.status != 415:
                raise
            _send("PUT", url, body, "text/turtle", self.auth, len(body))  # N-Triples is Turtle
        self.requests += 1

    def _update(self, iri: str, lines: Callable[[], Iterator[str]]) -> None:
        first = f"DROP SILENT GRAPH <{iri}>"
        for chunk in _batches(lines(), self.chunk):
            body = "\n".join(chunk)
            insert = f"INSERT DATA {{ GRAPH <{iri}> {{\n{body}\n}} }}"
            send_update(str(self.endpoints.update), f"{first} ;\n{insert}" if first else insert,
                        self.auth)
            self.requests += 1
            first = ""
        if first:  # an empty graph: just drop it
            send_update(str(self.endpoints.update), first, self.auth)
            self.requests += 1


def _batches(lines: Iterator[str], size: int) -> Iterator[list[str]]:
    while batch := list(itertools.islice(lines, size)):
        yield batch


def _retrying(action: Callable[[], None], pause: float = RETRY_PAUSE) -> None:
    """Run ``action``; on a lost connection try again (``RETRIES`` tries in all)."""
    for attempt in range(1, RETRIES + 1):
        try:
            return action()
        except ConnectionLost:
            if attempt == RETRIES:
                raise
            time.sleep(pause * attempt)


def push_dataset(build_dir: Path, endpoints: Endpoints, auth: Auth | None = None,
                 method: str = "auto", changed: bool = False, chunk: int = DEFAULT_CHUNK,
                 progress: Progress | None = None) -> DatasetPush:
    """Send the build's named graphs; only the changed ones with ``changed``."""
    started = time.perf_counter()
    dataset = plan(build_dir)
    transport = _Transport(endpoints, auth, method, chunk)
    target = str(endpoints.store or endpoints.update)
    state = PushState(build_dir)
    held = state.graphs(target)
    result = DatasetPush(graphs=len(dataset.graphs))
    if not changed:
        for iri in server_graphs(endpoints, auth, result):
            held.setdefault(iri, "")
        held = {iri: "" for iri in held}  # a full push sends everything again
    wanted = dataset.by_iri()
    todo = [g for g in dataset.graphs if held.get(g.iri) != g.digest]
    gone = sorted(iri for iri in held if iri not in wanted)
    result.unchanged = len(dataset.graphs) - len(todo)
    try:
        for graph in todo:
            _retrying(lambda g=graph: transport.replace(g.iri, _lines_of(dataset, g)))
            state.record(target, graph.iri, graph.digest)
            result.sent += 1
            result.triples += graph.triples
            if progress:
                progress(result.sent, len(todo), result.triples)
        for iri in gone:
            _retrying(lambda i=iri: transport.delete(i))
            state.record(target, iri, None)
            result.deleted += 1
    except PushError as err:
        if result.sent == 0 and not isinstance(err, ConnectionLost):
            raise
        raise PushError(f"{err} — {result.sent} of {len(todo)} graphs were pushed; "
                        "`libgraph push --changed` sends the rest") from err
    state.compact()
    result.method, result.url, result.requests = transport.method, transport.url, \
        transport.requests
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _lines_of(dataset: Dataset, graph: NamedGraph) -> Callable[[], Iterator[str]]:
    return lambda: graph.ntriples(dataset.skip)


def server_graphs(endpoints: Endpoints, auth: Auth | None, result: DatasetPush) -> list[str]:
    """The libgraph graphs (under ``…/graph/``) the server holds, where it will say."""
    from .store import RemoteStore, StoreError

    if not endpoints.query:
        return []
    store = RemoteStore(endpoints.query, auth.user if auth else None,
                        auth.password if auth else None)
    sparql = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
              f'FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}")) }}')
    try:
        return sorted(str(row[0]) for row in store.query(sparql).rows)
    except StoreError as err:
        result.notes.append(f"could not list the server's graphs ({err}); graphs of removed "
                            "documents that this build never pushed may remain")
        return []
