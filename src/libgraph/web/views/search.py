"""Full-text search of the minutes and of the names of things (``/search``, ``/search.json``)."""

from __future__ import annotations

from flask import Blueprint, Response, request

from ... import fulltext
from ..data.search import FACET_TITLES, MAX_QUERY, locate_index, search_page
from ..render import render_page, twin_route
from ..state import explorer, page_context

bp = Blueprint("search", __name__)
MAX_FILTERS = 10


@twin_route(bp, "/search")
def search() -> Response:
    """Hits for ``?q=``, narrowed by facets (``?kind=person&country=…&year=2018``),
    ``?page=`` for more."""
    state = explorer()
    index = state.cached("fulltext-index",
                         lambda: fulltext.Index(locate_index(state.backend, state.base)))
    query = request.args.get("q", "")[:MAX_QUERY]
    filters = [(facet, value[:300]) for facet in FACET_TITLES
               for value in request.args.getlist(facet) if value][:MAX_FILTERS]
    page = request.args.get("page", "1")
    data = search_page(page_context(), index, query, filters,
                       int(page) if page.isdigit() and len(page) < 6 else 1)
    return render_page("search/search.html", data)
