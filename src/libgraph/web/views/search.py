"""Search over labels and alternative labels."""

from __future__ import annotations

from flask import Blueprint, Response, request

from ..data.search import MAX_QUERY, build_index, search_page
from ..render import render_page, twin_route
from ..state import explorer, page_context

bp = Blueprint("search", __name__)
KINDS = ("meeting", "person", "org", "project", "municipality", "region", "topic", "place",
         "grant", "decision", "action", "minutes", "country")


@twin_route(bp, "/search")
def search() -> Response:
    """Hits for ``?q=`` (optionally only one ``?kind=``)."""
    state = explorer()
    index = state.cached("search-index", lambda: build_index(state.backend, state.base))
    query = request.args.get("q", "")[:MAX_QUERY]
    kind = request.args.get("kind")
    data = search_page(page_context(), index, query, kind if kind in KINDS else None)
    data["kinds"] = list(KINDS)
    return render_page("search/search.html", data)
