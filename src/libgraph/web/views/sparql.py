"""``/sparql``: the read-only SPARQL 1.1 endpoint, the editor page and the named queries.

One URL, three behaviours (as rdflib-endpoint does): a query gives results in the negotiated
format; no query gives the editor to a browser and the service description to anything else;
a browser that submits the plain form (no JavaScript) gets a server-rendered table.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request

from ...query import NamedQuery
from ..conneg import serialize
from ..named import describe, load_named
from ..render import render_page, twin_route
from ..sparql.description import service_description
from ..sparql.guard import Refused
from ..sparql.pool import PoolBusy, QueryTimeout, WorkerFailed
from ..sparql.protocol import parse_request, result_mime, wants_html
from ..sparql.results import MIME, SELECT_TYPES, WRITERS, ask_json, ask_xml
from ..sparql.service import Outcome, SparqlService
from ..state import explorer
from .sparql_page import editor_data

bp = Blueprint("sparql", __name__)
RESERVED = {"query", "name", "format", "lang", "default-graph-uri", "named-graph-uri"}
RETRY_AFTER = "5"  # seconds a client told "busy" should wait


def sparql_service() -> SparqlService:
    """The app's query engine (worker pool or remote endpoint), made on first use."""
    cfg = current_app.config
    state = explorer()
    return state.cached("sparql", lambda: SparqlService(  # type: ignore[no-any-return]
        state.backend, float(cfg["SPARQL_TIMEOUT"]), int(cfg["SPARQL_ROW_LIMIT"]),
        int(cfg["SPARQL_WORKERS"]), int(cfg["SPARQL_CACHE_BYTES"] or 0),
        int(cfg.get("SPARQL_MEMORY_BYTES") or 0), cfg.get("SPARQL_QUEUE"),
        int(cfg.get("SPARQL_PER_CLIENT") or 2)))


def named_queries() -> list[NamedQuery]:
    """``queries/*.rq`` (or ``QUERIES_DIR``), read once per app."""
    configured = current_app.config.get("QUERIES_DIR")
    return explorer().cached(  # type: ignore[no-any-return]
        "named-queries", lambda: load_named(Path(configured) if configured else None))


def _param_values() -> dict[str, str]:
    return {k: v for k, v in request.args.items() if k not in RESERVED}


def _text(message: str, status: int, **headers: str) -> Response:
    response = Response(message + "\n", status=status, mimetype="text/plain")
    response.headers.update(headers)
    return response


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """The SPARQL 1.1 Protocol."""
    try:
        req = parse_request(request)
    except Refused as err:
        return _text(str(err), err.status)
    if req.update is not None:
        return _text("This endpoint is read-only: SPARQL Update is not accepted.", 403)
    if req.query is None:
        return _editor_or_description()
    html = wants_html(request)
    try:
        outcome = sparql_service().run(req.query, req.default_graphs, req.named_graphs,
                                       fresh=_wants_fresh(), client=request.remote_addr or "")
    except Refused as err:
        return _failed(req.query, html, str(err), err.status)
    except (QueryTimeout, PoolBusy, WorkerFailed) as err:
        status = 504 if isinstance(err, QueryTimeout) else 503
        message = f"Query stopped: {err}." if isinstance(err, QueryTimeout) else f"{err}."
        return _failed(req.query, html, message, status,
                       **({"Retry-After": RETRY_AFTER} if status == 503 else {}))
    if outcome.kind == "error":
        return _failed(req.query, html, outcome.error, 400)
    return _editor(req.query, outcome=outcome) if html else _results(outcome)


def _failed(query: str, html: bool, message: str, status: int, **headers: str) -> Response:
    """A refused or failed query: the editor with the message, or the message as text."""
    if html:
        response = _editor(query, error=message, status=status)
        response.headers.update(headers)
        return response
    return _text(message, status, **headers)


def _wants_fresh() -> bool:
    """``Cache-Control: no-cache`` (or ``Pragma: no-cache``): run the query again."""
    control = request.headers.get("Cache-Control", "") + request.headers.get("Pragma", "")
    return "no-cache" in control.lower()


def _editor_or_description() -> Response:
    if wants_html(request):
        return _editor(None)
    cfg = current_app.config
    text = service_description(request.base_url, None, cfg["SPARQL_ROW_LIMIT"],
                               cfg["SPARQL_TIMEOUT"])
    return Response(text, mimetype="text/turtle")


def _editor(query: str | None, outcome: Outcome | None = None, error: str | None = None,
            status: int = 200) -> Response:
    name = request.args.get("name")
    data = editor_data(named_queries(), query, name, _param_values(), outcome, error)
    html = render_template("sparql/editor.html", page=data)
    response = Response(html, status=status, mimetype="text/html")
    response.vary.add("Accept")
    return response


def _results(outcome: Outcome) -> Response:
    kind = "graph" if outcome.kind == "graph" else "select"
    mime = result_mime(request, kind)
    if mime is None:
        offered = "graph" if kind == "graph" else "results"
        return _text(f"Not acceptable: ask for one of the SPARQL {offered} formats.", 406)
    if outcome.kind == "graph":
        key = {"text/turtle": "ttl", "application/ld+json": "jsonld",
               "application/rdf+xml": "rdf"}.get(mime, "nt")
        try:
            body: str | bytes = serialize(outcome.triples, key)
        except (ValueError, OSError, SyntaxError) as err:  # e.g. RDF 1.2 triple terms
            return _text(f"This result cannot be written as {mime} ({err}); ask for "
                         "N-Triples or Turtle.", 406)
    elif outcome.kind == "ask":
        fmt = SELECT_TYPES[mime]
        body = ask_xml(outcome.boolean) if fmt == "xml" else (
            ask_json(outcome.boolean) if fmt == "json" else str(outcome.boolean).lower())
        mime = MIME.get(fmt, mime) if fmt in ("json", "xml") else "text/plain"
    else:
        fmt = SELECT_TYPES[mime]
        body = WRITERS[fmt](outcome.names, outcome.rows)
        mime = MIME[fmt] if mime != "application/json" else mime
    response = Response(body, mimetype=mime)
    response.vary.add("Accept")
    if sparql_service().answers is not None:
        response.headers["X-Cache"] = "hit" if outcome.cached else "miss"
    if outcome.truncated:
        limit = current_app.config["SPARQL_ROW_LIMIT"]
        response.headers["X-SPARQL-Truncated"] = f"true; limit={limit}"
    return response


@twin_route(bp, "/queries")
def queries() -> Response:
    """The named queries, each with a link that opens it in the editor."""
    items = [{**describe(q, {}), "href": f"/sparql?name={q.name}"} for q in named_queries()]
    return render_page("sparql/queries.html", {"queries": items})
