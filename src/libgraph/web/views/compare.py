"""``/compare``: Sweden, Norway and Denmark side by side (from ``libgraph.compare``).

Registered only when ``libgraph.compare`` can be imported; it needs the build in memory (a
pyoxigraph store), so with ``--endpoint`` the page says it is not available.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort

from ...compare.render import format_csv
from ..backend import LocalBackend
from ..data.compare import compare_page, comparison_report
from ..render import csv_response, render_page, twin_route, wants_json
from ..state import explorer, page_context

bp = Blueprint("compare", __name__)


def _report() -> dict[str, object]:
    state = explorer()
    if not isinstance(state.backend, LocalBackend):
        abort(404, "The comparison needs the build in memory (not available with --endpoint).")
    lang = page_context().lang
    store = state.backend.store
    return state.cached(f"compare-{lang}",  # type: ignore[no-any-return]
                        lambda: comparison_report(store, lang))


@twin_route(bp, "/compare")
def comparison() -> Response:
    """The comparison tables with "show the SPARQL" links; the JSON twin is the raw report."""
    report = _report()
    if wants_json():
        return render_page("compare/compare.html", report)
    return render_page("compare/compare.html", compare_page(report))


@bp.route("/compare.csv")
def comparison_csv() -> Response:
    """The comparison in the long CSV format of ``libgraph compare --format csv``."""
    response = csv_response([], [], "compare.csv")
    response.set_data(format_csv(_report()))
    return response
