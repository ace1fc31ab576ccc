"""A SPARQL worker process: holds its own in-memory copy of the graph and runs one query at
a time, sending back plain data (SPARQL-JSON-style bindings, or N-Triples bytes).

Why processes: a pyoxigraph query cannot be interrupted from another thread, so the only way to
enforce a time limit is to run it where it can be killed. The parent kills a worker that
overruns and starts a fresh one. Each worker loads the graph once (about 2.3 s per million
triples) and then answers queries at in-memory speed.

A worker is also the sandbox for what users send (see :mod:`.sandbox`): it parses and checks
each query itself (:func:`.guard.inspect`, which may take seconds on a large query), it has no
network, and its address space is capped, so a query that grows without bound ends this
process, not the server.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections import OrderedDict
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from ..backend import term_to_json
from .guard import Checked, Refused, inspect
from .results import sort_concatenated
from .sandbox import cap_memory, isolate_network

Message = tuple[Any, ...]
STACK_BYTES = 256 << 20  # the query thread's stack: rdflib and the store both recurse
RECURSION_LIMIT = 200_000
ISOLATED = False  # set once this process has no network (see sandbox.py)
# Queries checked before, by text: rdflib's parse costs 15-25 ms for a named query, as much
# as running it on a million triples, and the same texts come again and again (named
# queries, the editor's examples, a client's Cache-Control: no-cache). Only accepted queries
# are kept, and only short ones (a check is a pure function of the text and the prefixes).
CHECKED_KEPT = 256
CHECKED_MAX_TEXT = 16_000
_checked: OrderedDict[tuple[str, tuple[tuple[str, str], ...]], Checked] = OrderedDict()


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


def _size(cell: dict[str, str] | None) -> int:
    return 8 if cell is None else 16 + sum(len(v) for v in cell.values())


def run_query(store: ox.Store, query: str, limit: int, prefixes: dict[str, str],
              default: list[str], named: list[str], max_bytes: int = 1 << 62) -> Message:
    """One query's outcome: ``select``, ``ask``, ``graph`` or ``error`` with its data.

    Stops at ``limit`` rows or ``max_bytes`` of values, whichever comes first (truncated).
    """
    try:
        result = store.query(query, prefixes=prefixes, **_dataset(default, named))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows, truncated, size = [], False, 0
            for solution in result:
                if len(rows) >= limit or size > max_bytes:
                    truncated = True
                    break
                row = [binding(solution[n]) for n in names]
                size += sum(_size(cell) for cell in row)
                rows.append(row)
            sort_concatenated(query, names, rows)
            return ("select", names, rows, truncated)
        if isinstance(result, ox.QueryBoolean):
            return ("ask", bool(result))
        triples, truncated, size = [], False, 0
        for triple in result:
            if len(triples) >= limit or size > max_bytes:
                truncated = True
                break
            size += len(str(triple))
            triples.append(triple)
        return ("graph", ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), truncated)
    except SyntaxError as err:
        return ("error", "syntax", str(err))
    except MemoryError:
        return ("refused", "The query needed more memory than a query may use.", 503)
    except Exception as err:
        return ("error", "evaluation", str(err))


def answer(store: ox.Store, message: tuple[Any, ...], prefixes: dict[str, str]) -> bytes:
    """The pickled ``(outcome, volatile)`` for one request: checked first, then run.

    ``("check", text)`` only checks (for a remote endpoint, which runs it elsewhere).
    """
    kind, text = message[0], message[1]
    try:
        checked = check(text, prefixes)
    except Refused as err:
        reason = (_store_syntax_error(text, prefixes) if err.syntax and ISOLATED else None)
        return pickle.dumps((("refused", reason or str(err), err.status), False))
    except RecursionError:
        return pickle.dumps((("refused", "The query nests too deeply to parse.", 400), False))
    if kind == "check":
        return pickle.dumps((("checked", checked.form), checked.volatile))
    limit, default, named, max_bytes = message[2:6]
    outcome = run_query(store, checked.text, limit, prefixes, default, named, max_bytes)
    return pickle.dumps((outcome, checked.volatile))


def check(text: str, prefixes: dict[str, str]) -> Checked:
    """:func:`.guard.inspect`, remembered for the last ``CHECKED_KEPT`` accepted texts."""
    key = (text, tuple(prefixes.items()))
    checked = _checked.get(key)
    if checked is not None:
        _checked.move_to_end(key)
        return checked
    checked = inspect(text, prefixes)  # raises Refused: a refusal is not kept
    if len(text) <= CHECKED_MAX_TEXT:
        _checked[key] = checked
        while len(_checked) > CHECKED_KEPT:
            _checked.popitem(last=False)
    return checked


def _store_syntax_error(text: str, prefixes: dict[str, str]) -> str | None:
    """The store's own message for a query rdflib could not parse, if the store cannot parse
    it either: it names the line and column of the fault, where rdflib's often points at the
    start of the query. Asked of an empty store, and only in a worker without a network, so a
    query the check refused can neither read the graph nor reach anything; None when the
    store parses it (then rdflib's refusal stands)."""
    try:
        ox.Store().query(text, prefixes=prefixes)
    except SyntaxError as err:
        return f"Syntax error: {err}"
    except Exception:  # the store parsed it (and failed to run it on nothing): rdflib's word
        return None
    return None


def _serve(conn: Connection, store: ox.Store, prefixes: dict[str, str]) -> None:
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        conn.send_bytes(answer(store, message, prefixes))


def _quiet_stderr() -> None:
    """Send this process's stderr to /dev/null: the store writes two lines when it dies of a
    failed allocation, and the pool logs one line of its own for every worker that dies."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def worker_main(conn: Connection, ntriples: str | None, prefixes: dict[str, str],
                memory_bytes: int = 0) -> None:
    """Load the graph (none: a worker that only checks queries), shut the network off, say
    ready (with the sandbox's state), then answer requests in a thread with a deep stack."""
    # A failed allocation ends the worker with one line on stderr, not a backtrace per death.
    os.environ["RUST_BACKTRACE"] = os.environ["RUST_LIB_BACKTRACE"] = "0"
    global ISOLATED
    network = isolate_network()
    ISOLATED = network == "isolated"
    store = ox.Store()
    if ntriples:
        store.bulk_load(path=ntriples, format=ox.RdfFormat.N_TRIPLES)
    sys.setrecursionlimit(RECURSION_LIMIT)
    inspect("ASK {}", prefixes)  # imports rdflib and builds its grammar before "ready"
    threading.stack_size(STACK_BYTES)
    thread = threading.Thread(target=_serve, args=(conn, store, prefixes),
                              name="libgraph-query", daemon=True)
    thread.start()
    memory = cap_memory(memory_bytes) if memory_bytes else "no cap"
    _quiet_stderr()
    conn.send(("ready", network, memory))
    thread.join()
