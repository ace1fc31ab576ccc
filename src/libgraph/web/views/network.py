"""Network views: around any entity, or a country's network; drawn, as tables, or GraphML."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from ..data.network import build_graph, country_seeds, graphml_bytes, grow, network_data
from ..data.rdf import is_known
from ..render import json_response, render_page, with_query
from ..state import explorer, page_context

bp = Blueprint("network", __name__)
COUNTRIES = ("se", "no", "dk")


def _respond(data: dict[str, object], graph: object, fmt: str | None) -> Response:
    if fmt == "graphml":
        response = Response(graphml_bytes(graph), mimetype="application/graphml+xml")  # type: ignore[arg-type]
        response.headers["Content-Disposition"] = 'attachment; filename="network.graphml"'
        return response
    if fmt == "json":
        return json_response(data)
    data["table"] = request.args.get("view") == "table"
    path = request.path
    data["links"] = {"json": with_query(path + ".json"), "graphml": with_query(path + ".graphml"),
                     "table": with_query(path, {**request.args, "view": "table"}),
                     "drawing": with_query(path, {k: v for k, v in request.args.items()
                                                  if k != "view"})}
    return render_page("network/network.html", data)


@bp.route("/network")
@bp.route("/network.<any(json, graphml):fmt>")
def around(fmt: str | None = None) -> Response:
    """The neighbourhood of ``?iri=`` (``?hops=1`` or ``2``); without an IRI, an index."""
    iri = request.args.get("iri", "")
    if not iri:
        return render_page("network/index.html", {"countries": list(COUNTRIES)})
    if len(iri) > 2000:
        abort(400, "IRI too long.")
    hops = 1 if request.args.get("hops") == "1" else 2
    ctx = page_context()
    try:
        nodes, capped = grow(ctx, [iri], hops)
    except ValueError:
        abort(400, "Not a valid IRI.")
    graph = build_graph(ctx, nodes)
    if not graph.number_of_edges() and not is_known(ctx.backend, iri):
        abort(404, "The graph says nothing about this IRI.")
    title = f"Around {ctx.labeller.label(iri)}"
    data = network_data(ctx, graph, title, capped, iri)
    data["alone"] = not graph.number_of_edges()  # a thing linked only to papers and concepts
    return _respond(data, graph, fmt)


@bp.route("/network/country/<cc>")
@bp.route("/network/country/<cc>.<any(json, graphml):fmt>")
def country(cc: str, fmt: str | None = None) -> Response:
    """The network of one country's meetings and organisations and their neighbours."""
    if cc not in COUNTRIES:
        abort(404)
    ctx = page_context()
    iri = explorer().base + f"id/country/{cc}"
    def compute() -> tuple[dict[str, object], object]:
        seeds, total = country_seeds(ctx, iri)
        nodes, capped = grow(ctx, seeds, 2)
        graph = build_graph(ctx, nodes)
        graph.remove_nodes_from([n for n, degree in list(graph.degree()) if degree == 0])
        scope = (f"its {len(seeds)} latest meetings of {total}" if total > len(seeds)
                 else f"its {total} meetings")
        title = f"Network of {ctx.labeller.label(iri)}: {scope}"
        return network_data(ctx, graph, title, capped, None), graph
    data, graph = ctx.cache(f"network:{cc}:{ctx.lang}:{ctx.lang_explicit}", compute)
    return _respond(dict(data), graph, fmt)
