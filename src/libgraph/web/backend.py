"""Where the explorer's pages get their data: the build in memory, or a remote SPARQL endpoint.

Pages only ever ask SPARQL SELECT and CONSTRUCT questions through :class:`Backend`, so one set
of data functions serves both an in-memory pyoxigraph store (the default: joins are fast and the
demo build loads in well under a second, about 2.3 s per million triples) and any SPARQL 1.1
endpoint reached with SPARQLWrapper (``libgraph serve --endpoint URL``). Rows come back as
pyoxigraph terms in both cases, so no caller needs to know which backend it talks to.

Why not ``libgraph.store.Store``: that interface turns literals into plain Python values, which
drops language tags and datatypes; the explorer needs both (label fallback, ``lang``
attributes, typed values on entity pages). Loading still goes through ``libgraph.store``'s
:func:`~libgraph.store.open_store`, so there is one way to open a build.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from ..ns import sparql_prologue
from ..store import NT_FILE, STORE_DIR, open_store

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = dict[str, Term]

PROLOGUE = sparql_prologue()
DEFAULT_GRAPH = ox.DefaultGraph()  # what the pages' SPARQL queries read


class BackendError(RuntimeError):
    """The store or the remote endpoint failed to answer a page's query."""


class Backend(Protocol):
    """What the explorer needs from a graph: SELECT rows and CONSTRUCT triples."""

    description: str

    def select(self, query: str) -> list[Row]:
        """Rows of a SELECT query (the project prefixes are prepended)."""
        ...

    def construct(self, query: str) -> list[ox.Triple]:
        """Triples of a CONSTRUCT or DESCRIBE query (the project prefixes are prepended)."""
        ...

    def ntriples_path(self) -> Path | None:
        """An N-Triples dump of the whole graph, if there is one, for SPARQL worker processes."""
        ...


@dataclass
class LocalBackend:
    """A pyoxigraph store held by this process (normally in memory)."""

    store: ox.Store
    build_dir: Path | None = None
    description: str = "in-memory store"
    _kept: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def kept(self, key: str, build: Callable[[ox.Store], Any]) -> Any:
        """``build(store)``, computed once for this backend and kept: a structure derived
        from the graph (the mentions index of ``data/evidence_local.py``), which a served
        build never changes. One lock: such a structure is built once, at the warm-up."""
        if key not in self._kept:
            with self._lock:
                if key not in self._kept:
                    self._kept[key] = build(self.store)
        return self._kept[key]

    def select(self, query: str) -> list[Row]:
        try:
            solutions = self.store.query(PROLOGUE + query)
        except (SyntaxError, OSError) as err:
            raise BackendError(str(err)) from err
        names = [v.value for v in solutions.variables]
        # A solution iterates its values in the order of the variables (None when unbound).
        return [{name: term for name, term in zip(names, solution, strict=True) if term is not None}
                for solution in solutions]

    def construct(self, query: str) -> list[ox.Triple]:
        try:
            return list(self.store.query(PROLOGUE + query))
        except (SyntaxError, OSError) as err:
            raise BackendError(str(err)) from err

    def about(self, iri: str, limit: int | None = None) -> list[ox.Triple]:
        """The triples with ``iri`` as subject, in the store's order, as ``SELECT ?p ?o WHERE
        { <iri> ?p ?o }`` gives them: one index look-up, without the SPARQL parser and
        planner (a tenth of the cost for a page's small questions)."""
        quads = self.store.quads_for_pattern(ox.NamedNode(iri), None, None, DEFAULT_GRAPH)
        if limit is None:
            return [q.triple for q in quads]
        return [q.triple for q in itertools.islice(quads, limit)]

    def quads_about(self, node: ox.NamedNode) -> Iterator[ox.Quad]:
        """The default graph's quads with ``node`` as subject, unmade into triples (store
        order): for a caller that keeps a few of many by predicate."""
        return iter(self.store.quads_for_pattern(node, None, None, DEFAULT_GRAPH))

    def objects(self, subject: str | ox.NamedNode | ox.BlankNode, prop: str,
                limit: int | None = None) -> list[Term]:
        """The objects of ``<subject> <prop> ?o`` (an IRI, or a node: a blank one too;
        store order; the first ``limit``)."""
        node = ox.NamedNode(subject) if isinstance(subject, str) else subject
        quads = self.store.quads_for_pattern(node, ox.NamedNode(prop), None, DEFAULT_GRAPH)
        return [q.object for q in itertools.islice(quads, limit)]

    def incoming(self, iri: str, limit: int) -> dict[str, list[Term]] | None:
        """The subjects of the statements with ``iri`` as object, by property (in the order
        the store gives them), or None when there are more than ``limit``."""
        quads = self.store.quads_for_pattern(None, None, ox.NamedNode(iri), DEFAULT_GRAPH)
        found: dict[str, list[Term]] = {}
        for n, quad in enumerate(quads):
            if n == limit:
                return None
            found.setdefault(quad.predicate.value, []).append(quad.subject)
        return found

    def subjects(self, prop: str, iri: str) -> list[str]:
        """The IRIs ``?s`` of ``?s <prop> <iri>`` (store order)."""
        quads = self.store.quads_for_pattern(None, ox.NamedNode(prop), ox.NamedNode(iri),
                                             DEFAULT_GRAPH)
        return [q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)]

    def ntriples_path(self) -> Path | None:
        if self.build_dir is not None and (self.build_dir / NT_FILE).is_file():
            return self.build_dir / NT_FILE
        return None


@dataclass
class RemoteBackend:
    """A SPARQL 1.1 endpoint, asked with SPARQLWrapper (JSON results, N-Triples graphs)."""

    endpoint: str
    timeout: float = 30.0
    description: str = "remote endpoint"

    def _wrapper(self, query: str, fmt: str, prologue: bool = True) -> Any:
        from SPARQLWrapper import POST, SPARQLWrapper

        client = SPARQLWrapper(self.endpoint, agent="libgraph-explorer")
        client.setMethod(POST)
        client.setTimeout(max(1, int(self.timeout)))
        client.setQuery(PROLOGUE + query if prologue else query)
        client.setReturnFormat(fmt)
        return client

    def select_raw(self, query: str) -> tuple[list[str], list[Row]]:
        """A user's SELECT query as written (no prologue added): variables and rows."""
        try:
            data = self._wrapper(query, "json", prologue=False).queryAndConvert()
        except Exception as err:
            raise BackendError(f"{self.endpoint}: {err}") from err
        rows = [_row_from_json(b) for b in data["results"]["bindings"]]
        return list(data["head"].get("vars", [])), rows

    def ask_raw(self, query: str) -> bool:
        """A user's ASK query as written."""
        try:
            data = self._wrapper(query, "json", prologue=False).queryAndConvert()
        except Exception as err:
            raise BackendError(f"{self.endpoint}: {err}") from err
        return bool(data.get("boolean"))

    def construct_raw(self, query: str) -> list[ox.Triple]:
        """A user's CONSTRUCT or DESCRIBE query as written."""
        try:
            raw = self._wrapper(query, "turtle", prologue=False).query().response.read()
            return list(ox.parse(raw, format=ox.RdfFormat.TURTLE))
        except Exception as err:
            raise BackendError(f"{self.endpoint}: {err}") from err

    def select(self, query: str) -> list[Row]:
        try:
            data = self._wrapper(query, "json").queryAndConvert()
        except Exception as err:  # SPARQLWrapper raises many unrelated types
            raise BackendError(f"{self.endpoint}: {err}") from err
        return [_row_from_json(b) for b in data["results"]["bindings"]]

    def construct(self, query: str) -> list[ox.Triple]:
        try:
            raw = self._wrapper(query, "turtle").query().response.read()
            return list(ox.parse(raw, format=ox.RdfFormat.TURTLE))
        except Exception as err:
            raise BackendError(f"{self.endpoint}: {err}") from err

    def ntriples_path(self) -> Path | None:
        return None


def _row_from_json(binding: Mapping[str, Mapping[str, str]]) -> Row:
    return {name: term_from_json(value) for name, value in binding.items()}


def term_from_json(value: Mapping[str, str]) -> Term:
    """A pyoxigraph term from a SPARQL 1.1 JSON results binding."""
    kind = value.get("type")
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(value["value"])
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    if "datatype" in value:
        return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(value["value"])


def term_to_json(term: Term) -> dict[str, str]:
    """The SPARQL 1.1 JSON results form of a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def load_build(build_dir: Path) -> LocalBackend:
    """Load a build into an in-memory store, with the project's :func:`open_store`."""
    nt = build_dir / NT_FILE
    if not nt.is_file():
        raise FileNotFoundError(f"{build_dir}: no {NT_FILE} (run `libgraph build` first)")
    if (build_dir / STORE_DIR).is_dir():
        store = open_store(build_dir, in_memory=True)
    else:  # a bare graph.nt (e.g. a synthetic graph for benchmarks): load it the same way
        store = ox.Store()
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    return LocalBackend(store, build_dir, description=f"build {build_dir}")


def open_backend(build_dir: Path | None, endpoint: str | None, timeout: float) -> Backend:
    """The backend ``libgraph serve`` uses: a remote endpoint if given, else the build."""
    if endpoint:
        return RemoteBackend(endpoint, timeout, description=f"endpoint {endpoint}")
    return load_build(build_dir or Path("build"))


def iter_chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    """Slices of at most ``size`` items, to keep VALUES clauses of bounded length."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def dumps_json(data: object) -> str:
    """Compact JSON that keeps non-ASCII text readable."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
