"""The build's embedded SPARQL store (pyoxigraph), remote SPARQL endpoints, and one interface
over both.

A build directory holds ``graph.nt`` (sorted N-Triples, the canonical dump), ``graph.ttl``,
``store/`` (a persistent Oxigraph store that opens in milliseconds) and ``report.json``.
Readers open the store read-only, so several can share one build.

Reading commands talk to a :class:`Store`: :class:`EmbeddedStore` over the build's Oxigraph
store, or :class:`RemoteStore` over any SPARQL 1.1 endpoint (Oxigraph, Fuseki, GraphDB,
Virtuoso). Both give the same plain Python values, so a query's rows can be compared across
them and printed without knowing where they came from.

On disk or in memory (figures in ``benchmarks/results/queries.md``): opening the RocksDB
store read-only takes 10–25 ms whatever its size, while loading ``graph.nt`` into an
in-memory store takes about 4 s per million triples on the shared 2-core machine measured
(3.3–5.7 s; the issue's note says 2.3 s). In memory, the named queries run 1.5–6× faster
(co-attendance on 10⁶ triples: 2.6 s instead of 15.8 s).
For one query from the command line the load soon costs more than it saves, so
``in_memory=None`` (what the commands use) loads into memory only builds whose ``graph.nt``
is at most :data:`AUTO_IN_MEMORY_BYTES` (the demo build is 2.4 MB) and opens larger ones on
disk; a long-running reader (the explorer) should pass ``in_memory=True`` and load once.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .ns import PREFIXES, XSD

STORE_DIR = "store"
NT_FILE = "graph.nt"
TTL_FILE = "graph.ttl"
REPORT_FILE = "report.json"

#: ``open_store(..., in_memory=None)`` loads into memory only up to this size of graph.nt:
#: 8 MB is ~60,000 triples, loaded in 0.2–0.35 s; above it the load costs more than it saves.
AUTO_IN_MEMORY_BYTES = 8_000_000


def write_store(build_dir: Path, ntriples: Path) -> None:
    """Bulk-load the N-Triples dump into a new persistent store under ``build_dir``.

    The build's N-Triples are written by its own writer (``build/ntriples.py``) from terms
    that rdflib made, and SHACL-checked piece by piece, so the loads here and in the build
    are ``lenient``: Oxigraph skips validating every IRI again, a quarter to a third of its
    parsing (about 2 s of CPU for 1.7 million triples); the quads stored are the same."""
    store = ox.Store(str(build_dir / STORE_DIR))
    store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    store.flush()
    store.optimize()
    del store


def open_store(build_dir: Path, in_memory: bool | None = False) -> ox.Store:
    """Open a build's store: read-only on disk, or loaded into memory for fast joins.

    ``in_memory=None`` decides by the size of ``graph.nt`` (see :data:`AUTO_IN_MEMORY_BYTES`).
    """
    path = build_dir / STORE_DIR
    if not path.is_dir():
        raise FileNotFoundError(f"{build_dir}: no store (run `libgraph build` first)")
    nt_path = build_dir / NT_FILE
    if in_memory is None:
        in_memory = nt_path.is_file() and nt_path.stat().st_size <= AUTO_IN_MEMORY_BYTES
    if not in_memory:
        return ox.Store.read_only(str(path))
    store = ox.Store()
    store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return store


# --- results as plain Python values ------------------------------------------------------


class IRI(str):
    """An IRI in a result row: a plain ``str`` that output code can still tell from a literal."""

    __slots__ = ()


class BNode(str):
    """A blank node label in a result row (``_:`` is not part of the value)."""

    __slots__ = ()


@dataclass(frozen=True)
class Rows:
    """The answer to a SELECT: variable names and rows of plain values (``None`` if unbound)."""

    variables: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by variable name, for code that wants names, not positions."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        """The values of one variable, in row order."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]


_INTEGER_TYPES = {
    str(XSD[name]) for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
        "unsignedShort", "unsignedByte",
    )
}
_CONVERTERS = {
    str(XSD.decimal): Decimal,
    str(XSD.double): float,
    str(XSD.float): float,
    str(XSD.boolean): lambda v: v.strip() in ("true", "1"),
    str(XSD.date): date.fromisoformat,
    str(XSD.dateTime): datetime.fromisoformat,
}


def literal_value(lexical: str, datatype: str | None) -> Any:
    """The Python value of a literal; its lexical form when the datatype is not a known one.

    Both stores go through this one function, so the same literal gives the same value
    whether it came from the embedded store or over HTTP.
    """
    if datatype in _INTEGER_TYPES:
        convert: Any = int
    else:
        convert = _CONVERTERS.get(datatype or "")
    if convert is None:
        return lexical
    try:
        return convert(lexical)
    except (ValueError, InvalidOperation):
        return lexical


def term_value(term: Any) -> Any:
    """A pyoxigraph term as a plain value."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return IRI(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return literal_value(term.value, term.datatype.value)
    return str(term)


def binding_value(binding: dict[str, str] | None) -> Any:
    """One binding of the SPARQL 1.1 JSON results format as a plain value."""
    if binding is None:
        return None
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return IRI(value)
    if kind == "bnode":
        return BNode(value)
    return literal_value(value, binding.get("datatype"))


# --- errors ---------------------------------------------------------------------------


class StoreError(Exception):
    """A store or endpoint could not answer (not there, unreachable, refused)."""


class QueryError(StoreError):
    """The store refused a query: bad syntax or an evaluation error."""


class QuerySyntaxError(QueryError):
    """A SPARQL syntax error, with the line and column (1-based) of the query text sent."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 source: str | None = None):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column
        self.source = source  # the query file, once known

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return f"line {self.line}, column {self.column}: {self.message}"


_OX_POSITION = re.compile(r"error at (\d+):(\d+)(?:-\d+:\d+)?:\s*", re.S)


def syntax_error_from(err: Exception) -> QuerySyntaxError:
    """Oxigraph says ``error at 4:2: expected ...``; keep the position, tidy the message."""
    text = str(err)
    match = _OX_POSITION.search(text)
    message = text[match.end():] if match else text
    message = " ".join(message.split())
    if "Prefix not found" in message:
        message = "unknown prefix (not declared with PREFIX)"
    elif len(message) > 200:
        message = message[:200] + "…"
    if not match:
        return QuerySyntaxError(message)
    return QuerySyntaxError(message, int(match.group(1)), int(match.group(2)))


# --- the interface --------------------------------------------------------------------


class Store(ABC):
    """What reading commands need from a SPARQL store, wherever it is."""

    #: Where the answers come from, for messages ("build/store", "http://…/query").
    location: str = ""

    @abstractmethod
    def query(self, sparql: str) -> Rows:
        """Run a SELECT query."""

    @abstractmethod
    def construct(self, sparql: str, fmt: str = "turtle") -> str:
        """Run a CONSTRUCT or DESCRIBE query; the triples as Turtle, N-Triples or JSON-LD."""

    @abstractmethod
    def ask(self, sparql: str) -> bool:
        """Run an ASK query."""

    def close(self) -> None:  # noqa: B027 - optional hook, nothing to free by default
        """Free what the store holds; using it afterwards is an error."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json": ox.RdfFormat.JSON_LD,
}


def serialize_triples(triples: Any, fmt: str) -> str:
    """Triples in an RDF syntax, with the project's prefixes where the syntax has them."""
    rdf_format = _RDF_FORMATS.get(fmt)
    if rdf_format is None:
        raise ValueError(f"unknown RDF format {fmt!r} (turtle, ntriples or jsonld)")
    prefixes = None
    if rdf_format is ox.RdfFormat.TURTLE:
        # Data and vocabulary IRIs (id:, lgv:) have slashes in their local part, which Turtle
        # would have to escape (id:person\/x); they read better written in full.
        prefixes = {p: str(ns) for p, ns in PREFIXES.items() if p not in ("id", "lgv")}
    data = ox.serialize(list(triples), format=rdf_format, prefixes=prefixes)
    return data.decode("utf-8")


class EmbeddedStore(Store):
    """The build's Oxigraph store, in process: no server, no parsing of Turtle."""

    def __init__(self, store: ox.Store, location: str = "memory"):
        self._store: ox.Store | None = store
        self.location = location

    @classmethod
    def open(cls, build_dir: Path, in_memory: bool | None = None) -> EmbeddedStore:
        """Open a build's store (see :func:`open_store` for on disk vs in memory)."""
        try:
            store = open_store(build_dir, in_memory=in_memory)
        except OSError as err:
            raise StoreError(str(err)) from err
        return cls(store, str(build_dir / STORE_DIR))

    def _run(self, sparql: str) -> Any:
        if self._store is None:
            raise StoreError(f"{self.location}: store is closed")
        try:
            return self._store.query(sparql)
        except SyntaxError as err:
            raise syntax_error_from(err) from err
        except (OSError, ValueError, RuntimeError) as err:
            raise QueryError(str(err)) from err

    def query(self, sparql: str) -> Rows:
        result = self._run(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        names = [v.value for v in result.variables]
        rows = [tuple(term_value(solution[n]) for n in names) for solution in result]
        return Rows(names, rows)

    def construct(self, sparql: str, fmt: str = "turtle") -> str:
        result = self._run(sparql)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        return serialize_triples(result, fmt)

    def ask(self, sparql: str) -> bool:
        result = self._run(sparql)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("not an ASK query")
        return bool(result)

    def close(self) -> None:
        self._store = None


class RemoteStore(Store):
    """A SPARQL 1.1 query endpoint over HTTP, through SPARQLWrapper.

    Queries are POSTed (URL-encoded), so long queries with many parameters still fit.
    """

    def __init__(self, endpoint: str, user: str | None = None, password: str | None = None,
                 timeout: float = 120.0):
        self.location = endpoint
        self._auth = (user, password) if user else None
        self._timeout = timeout

    def _wrapper(self, sparql: str, return_format: str) -> Any:
        from SPARQLWrapper import POST, SPARQLWrapper

        wrapper = SPARQLWrapper(self.location)
        wrapper.setMethod(POST)
        wrapper.setTimeout(int(self._timeout))
        wrapper.setReturnFormat(return_format)
        wrapper.setQuery(sparql)
        if self._auth:
            wrapper.setCredentials(*self._auth)
        return wrapper

    def _send(self, sparql: str, return_format: str) -> Any:
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

        try:
            return self._wrapper(sparql, return_format).query().convert()
        except QueryBadFormed as err:
            raise self._bad_query(sparql, err) from err
        except SPARQLWrapperException as err:
            raise QueryError(f"{self.location}: {_first_line(err)}") from err
        except OSError as err:  # URLError, timeouts, refused connections
            reason = getattr(err, "reason", err)
            raise StoreError(f"{self.location}: cannot reach the endpoint ({reason})") from err

    def _bad_query(self, sparql: str, err: Exception) -> QueryError:
        """The server's 400, with line and column from the local parser where it agrees."""
        try:
            ox.Store().query(sparql)
        except SyntaxError as local:
            return syntax_error_from(local)
        except Exception:  # only the parser's verdict matters here
            pass
        return QuerySyntaxError(f"{self.location} refused the query: {_first_line(err)}")

    def query(self, sparql: str) -> Rows:
        from SPARQLWrapper import JSON

        data = self._send(sparql, JSON)
        if not isinstance(data, dict) or "results" not in data:
            raise QueryError(f"{self.location}: not a SELECT result")
        names = list(data.get("head", {}).get("vars", []))
        rows = [tuple(binding_value(b.get(n)) for n in names) for b in data["results"]["bindings"]]
        return Rows(names, rows)

    def construct(self, sparql: str, fmt: str = "turtle") -> str:
        from SPARQLWrapper import N3

        data = self._send(sparql, N3)  # asks for Turtle; N-Triples answers parse as Turtle too
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not isinstance(data, bytes):
            raise QueryError(f"{self.location}: not an RDF result")
        try:
            triples = ox.parse(data, format=ox.RdfFormat.TURTLE)
            return serialize_triples(triples, fmt)
        except SyntaxError as err:
            raise QueryError(f"{self.location}: unreadable RDF in the answer: {err}") from err

    def ask(self, sparql: str) -> bool:
        from SPARQLWrapper import JSON

        data = self._send(sparql, JSON)
        if isinstance(data, dict) and "boolean" not in data:
            data = _virtuoso_ask(data)
        if not isinstance(data, dict) or "boolean" not in data:
            raise QueryError(f"{self.location}: not an ASK result")
        return bool(data["boolean"])


def _virtuoso_ask(data: dict[str, Any]) -> dict[str, Any]:
    """Virtuoso 7 answers ASK as a SELECT of ``__ASK_RETVAL``: one row (1) or none (false)."""
    try:
        if data["head"]["vars"] != ["__ASK_RETVAL"]:
            return data
        bindings = data["results"]["bindings"]
        return {"boolean": any(str(b["__ASK_RETVAL"]["value"]) in ("1", "true")
                               for b in bindings)}
    except (KeyError, TypeError):
        return data


def _first_line(err: Exception) -> str:
    text = " ".join(str(err).split())
    return text[:300]


def connect(build_dir: Path | None = None, endpoint: str | None = None,
            user: str | None = None, password: str | None = None,
            in_memory: bool | None = None) -> Store:
    """The store a reading command should use: the endpoint if one is given, else the build.

    ``in_memory=None`` lets the size of the build decide (see :func:`open_store`).
    """
    if endpoint:
        return RemoteStore(endpoint, user, password)
    if build_dir is None:
        raise StoreError("no build directory and no endpoint")
    return EmbeddedStore.open(build_dir, in_memory=in_memory)
