"""A SPARQL worker process: holds its own in-memory copy of the graph and runs one query at
a time, sending back plain data (SPARQL-JSON-style bindings, or N-Triples bytes).

Why processes: a pyoxigraph query cannot be interrupted from another thread, so the only way to
enforce a time limit is to run it where it can be killed. The parent kills a worker that
overruns and starts a fresh one. Each worker loads the graph once (about 2.3 s per million
triples) and then answers queries at in-memory speed.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from ..backend import term_to_json

Message = tuple[Any, ...]

def binding(term: Any) -> dict[str, str] | None:
    """The SPARQL 1.1 JSON results form of a pyoxigraph term (None when unbound)."""
    return None if term is None else term_to_json(term)


def _dataset(default: list[str], named: list[str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if default:
        options["default_graph"] = [ox.NamedNode(g) for g in default]
    if named:
        options["named_graphs"] = [ox.NamedNode(g) for g in named]
    return options


def run_query(store: ox.Store, query: str, limit: int, prefixes: dict[str, str],
              default: list[str], named: list[str]) -> Message:
    """One query's outcome: ``select``, ``ask``, ``graph`` or ``error`` with its data."""
    try:
        result = store.query(query, prefixes=prefixes, **_dataset(default, named))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows, truncated = [], False
            for solution in result:
                if len(rows) >= limit:
                    truncated = True
                    break
                rows.append([binding(solution[n]) for n in names])
            return ("select", names, rows, truncated)
        if isinstance(result, ox.QueryBoolean):
            return ("ask", bool(result))
        triples, truncated = [], False
        for triple in result:
            if len(triples) >= limit:
                truncated = True
                break
            triples.append(triple)
        return ("graph", ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), truncated)
    except SyntaxError as err:
        return ("error", "syntax", str(err))
    except Exception as err:
        return ("error", "evaluation", str(err))


def worker_main(conn: Connection, ntriples: str, prefixes: dict[str, str]) -> None:
    """Load the graph, say ready, then answer ``(query, limit, default, named)`` messages."""
    store = ox.Store()
    store.bulk_load(path=ntriples, format=ox.RdfFormat.N_TRIPLES)
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        query, limit, default, named = message
        conn.send(run_query(store, query, limit, prefixes, default, named))
