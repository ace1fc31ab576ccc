"""Lists of meetings, people, organisations and projects, with facets, paging and downloads."""

from __future__ import annotations

from flask import Blueprint, Response, request

from ..data.lists import all_rows, csv_table, list_page
from ..data.listspecs import SPECS, ListSpec
from ..render import (
    csv_response,
    json_response,
    known_params,
    render_page,
    twin_route,
    wants_json,
)
from ..state import page_context

bp = Blueprint("lists", __name__)


def _args(spec: ListSpec) -> list[tuple[str, str]]:
    """The list's known URL arguments (unknown ones are not carried into links), facet
    values lower-cased as the slugs they name are (``country=SE`` is ``country=se``)."""
    known = known_params() - {"all", "format"}
    facets = {facet.name for facet in spec.facets}
    return [(k, v.lower() if k in facets else v) for k, v in request.args.items(multi=True)
            if k in known][:40]


def _page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 7 else 1


@twin_route(bp, "/<any(meetings, people, organisations, projects):name>")
def listing(name: str) -> Response:
    """One page of a list (``?all=1`` on the JSON twin gives every row)."""
    spec = SPECS[name]
    ctx = page_context()
    if wants_json() and request.args.get("all") == "1":
        rows = all_rows(ctx, spec, _args(spec))
        return json_response({"name": name, "total": len(rows), "rows": rows})
    data = list_page(ctx, spec, _args(spec), _page_number(), f"/{name}")
    return render_page("lists/list.html", data)


@bp.route("/<any(meetings, people, organisations, projects):name>.csv")
def listing_csv(name: str) -> Response:
    """Every row of a (filtered) list as CSV."""
    spec = SPECS[name]
    header, table = csv_table(spec, all_rows(page_context(), spec, _args(spec)))
    return csv_response(header, table, f"{name}.csv")
