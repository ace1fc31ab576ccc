"""The libgraph explorer: a Flask app over a build (in memory) or a remote SPARQL endpoint.

``create_app(store, config)`` builds one app; nothing is kept in module globals, so tests can
make as many apps as they like. ``libgraph serve`` runs it with waitress.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from ..ns import DEFAULT_BASE
from . import language, security
from .backend import Backend, BackendError, LocalBackend, open_backend
from .cache import ByteLRU, ResponseCache
from .gate import FifoGate, PageGate
from .htmlparts import HELPERS
from .labelling import LANGUAGES
from .rdfterms import curie
from .state import Explorer, chosen_lang

DEFAULTS: dict[str, Any] = {
    "BUILD_DIR": None,            # the build to load when no store is given
    "ENDPOINT": None,             # a remote SPARQL endpoint instead of the build
    "BASE": DEFAULT_BASE,         # the base of data IRIs ({BASE}id/{kind}/{slug})
    "DEFAULT_LANG": "sv",
    "SPARQL_TIMEOUT": 10.0,       # seconds per query on /sparql
    "SPARQL_ROW_LIMIT": 10_000,   # rows (or triples) per response on /sparql
    "SPARQL_WORKERS": 2,          # worker processes that run /sparql queries
    "MAX_CONTENT_LENGTH": 1 << 20,  # 1 MiB: the longest query anyone should POST
    "COMPARE_WAIT": 20.0,         # seconds /compare waits before saying "being computed"
    "JSON_SORT_KEYS": False,
    "TEMPLATES_AUTO_RELOAD": False,
    "RESPONSE_CACHE_BYTES": 64 << 20,  # rendered pages kept in memory (0: no cache); see cache.py
    "SPARQL_CACHE_BYTES": 16 << 20,  # /sparql answers kept (0: none); see sparql/service.py
    "SEND_FILE_MAX_AGE_DEFAULT": 3600,  # Cache-Control max-age of /static/ files, in seconds
    "SHARED_DIR": None,           # set by `serve --processes N`: values computed once (shared.py)
}


def create_app(store: Backend | ox.Store | None = None,
               config: Mapping[str, Any] | None = None) -> Flask:
    """An explorer app over ``store`` (a backend, a pyoxigraph store, or the configured build)."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.update(config or {})
    app.debug = False
    backend = _backend(store, app.config)
    state = Explorer(backend=backend, base=app.config["BASE"])
    if isinstance(backend, LocalBackend):  # a remote graph may change: fetched per page
        state.labels = {}
        state.cells = {}
        state.chosen = {}
        state.links = {}
    app.extensions["libgraph"] = state
    _register(app)
    security.init_app(app)
    _template_helpers(app)
    _page_gate(app, state)
    _response_cache(app, state)
    return app


def _page_gate(app: Flask, state: Explorer) -> None:
    """Render one page at a time, in the order asked, when pages are this process's own CPU
    work (a local build); see gate.py. Inside the response cache, so a kept page never waits."""
    if isinstance(state.backend, LocalBackend):
        state.gate = FifoGate()
        app.wsgi_app = PageGate(app.wsgi_app, state.gate)  # type: ignore[method-assign]


def _response_cache(app: Flask, state: Explorer) -> None:
    """Wrap the app in the rendered-response cache when the graph is ours (a local build).

    Over ``--endpoint`` the remote graph may change while the explorer runs, so pages are not
    kept (the per-app caches of list orders and indexes are, as before).
    """
    size = int(app.config.get("RESPONSE_CACHE_BYTES") or 0)
    if size <= 0 or not isinstance(state.backend, LocalBackend):
        return
    state.responses = ByteLRU(size)
    app.wsgi_app = ResponseCache(app.wsgi_app, state.responses)  # type: ignore[method-assign]


def _backend(store: Backend | ox.Store | None, config: Mapping[str, Any]) -> Backend:
    if isinstance(store, ox.Store):
        build = config.get("BUILD_DIR")
        return LocalBackend(store, Path(build) if build else None)
    if store is not None:
        return store
    build = config.get("BUILD_DIR")
    return open_backend(Path(build) if build else None, config.get("ENDPOINT"),
                        float(config["SPARQL_TIMEOUT"]))


def _register(app: Flask) -> None:
    from .views import entities, home, lists, network, search, sparql

    for module in (home, entities, lists, search, sparql, network):
        app.register_blueprint(module.bp)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(BackendError, _backend_error)
    try:
        from .views import compare
    except ImportError:  # libgraph.compare is not there yet: no comparison page
        return
    app.register_blueprint(compare.bp)
    app.config["HAS_COMPARE"] = True


def _http_error(err: HTTPException) -> Response:
    """Errors as a small page (or JSON for JSON clients), never a stack trace."""
    from .render import json_response, wants_json

    status = err.code or 500
    message = err.description or err.name
    if wants_json() or request.accept_mimetypes.best == "application/json":
        return json_response({"error": err.name, "message": message}, status)
    html = render_template("error.html", status=status, title=err.name, message=message)
    return Response(html, status=status, mimetype="text/html")


def _backend_error(err: BackendError) -> Response:
    html = render_template("error.html", status=502, title="The graph did not answer",
                           message=str(err)[:500])
    return Response(html, status=502, mimetype="text/html")


def _template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(HELPERS)

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {"languages": LANGUAGES, "curie": curie,
                "has_compare": app.config.get("HAS_COMPARE", False),
                "current_lang": chosen_lang(), "lang_href": _lang_href}

    app.after_request(_remember_lang)


def _lang_href(lang: str) -> str:
    """This page with ``?lang=`` set (the other parameters it reads kept; made-up ones are
    dropped, so they are not echoed into cached pages)."""
    from .querystring import encode
    from .render import known_params

    known = known_params()
    args = [(k, v) for k, v in request.args.items(multi=True) if k in known and k != "lang"]
    return f"{request.path}?{encode([*args, ('lang', lang)])}"


def _remember_lang(response: Response) -> Response:
    """Keep a ``?lang=`` choice in a cookie, so it holds on every page until changed.

    Pages answer by that cookie, so they say ``Vary: Cookie``; the response cache keys on it
    (cache.py). A response that sets the cookie is not kept by the cache.
    """
    if request.path.startswith("/static/"):
        return response
    response.vary.add("Cookie")
    remember = language.to_remember(request.query_string.decode("latin-1"),
                                    request.headers.get("Cookie", ""))
    if remember:
        response.headers.add("Set-Cookie", language.set_cookie_header(remember))
    return response
