"""Every page is a plain data dict, rendered as HTML or as its JSON twin.

The JSON twin lives at the same path plus ``.json`` (``/`` has ``/index.json``) and is
announced with a ``Link: <...>; rel="alternate"; type="application/json"`` header and a
``<link rel="alternate">`` element, as datasette does, so scripts never need to scrape HTML.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from flask import Blueprint, Response, render_template, request

JSON_MIME = "application/json"


def json_path(path: str) -> str:
    """The JSON twin's path for a page path."""
    if path.endswith(".json"):
        return path
    return "/index.json" if path == "/" else path.rstrip("/") + ".json"


def html_path(path: str) -> str:
    """The HTML page's path for a JSON twin path."""
    if path == "/index.json":
        return "/"
    return path[: -len(".json")] if path.endswith(".json") else path


# Parameters some page reads; any other is dropped from the links a page writes, so a
# made-up parameter cannot be echoed into (and multiply) cached pages.
PAGE_PARAMS = {"lang", "q", "kind", "page", "hl", "view", "hops", "iri", "name", "all",
               "format", "sort", "org"}  # "org": a facet of the search page


@cache
def known_params() -> frozenset[str]:
    """:data:`PAGE_PARAMS` and the list pages' facet names (made once: both are fixed)."""
    from .data.listspecs import SPECS

    return frozenset(PAGE_PARAMS | {f.name for spec in SPECS.values() for f in spec.facets})


def with_query(path: str, args: Mapping[str, str] | None = None) -> str:
    """``path`` with the current (known) parameters (or ``args``), for alternate links."""
    from urllib.parse import urlencode

    if args is None:
        known = known_params()
        pairs = [(k, v) for k, v in request.args.items(multi=True) if k in known]
        query = urlencode(pairs)
    else:
        query = urlencode(list(args.items()))
    return f"{path}?{query}" if query else path


def wants_json() -> bool:
    """Whether this request asked for the JSON twin (``.json`` or ``?format=json``)."""
    return request.path.endswith(".json") or request.args.get("format") == "json"


def json_response(data: Any, status: int = 200) -> Response:
    """Pretty, UTF-8 JSON (readable in a browser, diffable in tests)."""
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(body + "\n", status=status, mimetype=JSON_MIME)


def alternate_links(extra: Iterable[tuple[str, str]] = ()) -> list[dict[str, str]]:
    """The page's alternates: its JSON twin first, then any ``(href, type)`` given."""
    twin = with_query(json_path(request.path))
    return [{"href": twin, "type": JSON_MIME}] + [{"href": h, "type": t} for h, t in extra]


def link_header(alternates: list[dict[str, str]]) -> str:
    """An HTTP ``Link`` header value listing the alternates."""
    return ", ".join(f'<{a["href"]}>; rel="alternate"; type="{a["type"]}"' for a in alternates)


def render_page(template: str, data: dict[str, Any], status: int = 200,
                extra_alternates: Iterable[tuple[str, str]] = ()) -> Response:
    """The page as HTML (``template`` gets ``page=data``) or as its JSON twin."""
    alternates = alternate_links(extra_alternates)
    if wants_json():
        response = json_response(data, status)
        alternates = [{"href": with_query(html_path(request.path)), "type": "text/html"}]
    else:
        html = render_template(template, page=data, alternates=alternates)
        response = Response(html, status=status, mimetype="text/html")
    response.headers["Link"] = link_header(alternates)
    response.vary.add("Accept")
    return response


def csv_safe(cell: Any) -> Any:
    """A cell a spreadsheet will not run as a formula (OWASP: a leading ``'`` before ``=``,
    ``+``, ``-``, ``@``, tab or carriage return); numbers, even negative ones, are kept."""
    if not isinstance(cell, str) or not cell or cell[0] not in "=+-@\t\r":
        return cell
    try:
        float(cell)
    except ValueError:
        return "'" + cell
    return cell


def csv_response(columns: list[str], rows: Iterable[Iterable[Any]], filename: str) -> Response:
    """A CSV download (UTF-8, header row) of rows already reduced to plain strings."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_safe(c) for c in columns])
    for row in rows:
        writer.writerow(["" if cell is None else csv_safe(cell) for cell in row])
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def twin_route(bp: Blueprint, rule: str, **options: Any) -> Callable[[Callable[..., Any]],
                                                                     Callable[..., Any]]:
    """Register a view at ``rule`` and at its JSON twin ``rule.json``."""
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        bp.add_url_rule(rule, view_func=view, **options)
        bp.add_url_rule(json_path(rule), endpoint=view.__name__ + "_json", view_func=view,
                        **options)
        return view
    return decorator
