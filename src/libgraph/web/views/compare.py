"""``/compare``: Sweden, Norway and Denmark side by side (from ``libgraph.compare``).

Registered only when ``libgraph.compare`` can be imported; it needs the build in memory (a
pyoxigraph store), so with ``--endpoint`` the page says it is not available. On a large graph
the comparison takes minutes, so it is computed once, in the background, and the page asks the
reader to come back (503 with ``Retry-After``) until it is ready.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template

from ...compare.render import format_csv
from ..backend import LocalBackend
from ..data.compare import compare_page, comparison_report
from ..render import csv_response, render_page, twin_route, wants_json
from ..shared import shared_value
from ..state import explorer, page_context

bp = Blueprint("compare", __name__)


def _report() -> dict[str, Any] | None:
    state = explorer()
    if not isinstance(state.backend, LocalBackend):
        abort(404, "The comparison needs the build in memory (not available with --endpoint).")
    lang = page_context().lang
    store = state.backend.store

    def build() -> dict[str, Any]:
        return comparison_report(store, lang)

    shared = current_app.config.get("SHARED_DIR")  # several page processes: compute it once
    compute = partial(shared_value, Path(shared), f"compare-{lang}", build) if shared else build
    return state.cached_async(f"compare-{lang}", compute,  # type: ignore[no-any-return]
                              float(current_app.config["COMPARE_WAIT"]))


def _not_ready() -> Response:
    html = render_template("compare/computing.html")
    response = Response(html, status=503, mimetype="text/html")
    response.headers["Retry-After"] = "15"
    return response


@twin_route(bp, "/compare")
def comparison() -> Response:
    """The comparison tables with "show the SPARQL" links; the JSON twin is the raw report."""
    report = _report()
    if report is None:
        return _not_ready()
    if wants_json():
        return render_page("compare/compare.html", report)
    return render_page("compare/compare.html", compare_page(report))


@bp.route("/compare.csv")
def comparison_csv() -> Response:
    """The comparison in the long CSV format of ``libgraph compare --format csv``."""
    report = _report()
    if report is None:
        return _not_ready()
    response = csv_response([], [], "compare.csv")
    response.set_data(format_csv(report))
    return response
