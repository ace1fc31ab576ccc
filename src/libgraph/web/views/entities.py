"""Linked data: every IRI of the graph as a page, with HTML, JSON and RDF by ``Accept``.

``/id/{kind}/{slug}`` serves data IRIs, ``/vocab/...`` the controlled vocabularies, and
``/resource?iri=...`` any other IRI (ontology terms, Wikidata links, remote data). Suffixes
(``/id/x.ttl``) and ``?format=`` override ``Accept``.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request

from ...ns import VOCAB
from ..conneg import (
    VARIANTS,
    jsonld_for_html,
    negotiate,
    not_acceptable,
    rdf_response,
    split_suffix,
    variant_href,
    variant_links,
)
from ..data.entity import entity_data
from ..data.rdf import entity_triples, is_known
from ..rdfterms import local_path, resource_path, sparql_iri
from ..render import json_response
from ..state import explorer, page_context

bp = Blueprint("entities", __name__)
MAX_IRI = 2000


@bp.route("/id/<path:rest>")
def data_iri(rest: str) -> Response:
    """A data IRI ``{base}id/{rest}``."""
    stem, suffix = split_suffix(rest)
    return show(_valid_or_404(explorer().base + "id/" + stem), "/id/" + stem, suffix)


@bp.route("/vocab/<path:rest>")
def vocab_iri(rest: str) -> Response:
    """A concept or concept scheme of the project's vocabularies."""
    stem, suffix = split_suffix(rest)
    return show(_valid_or_404(str(VOCAB) + stem), "/vocab/" + stem, suffix)


def _valid_or_404(iri: str) -> str:
    """``iri`` if it is an IRI at all (``/id/person/%ff`` decodes to U+FFFD: no such page)."""
    try:
        sparql_iri(iri)
    except ValueError:
        abort(404)
    return iri


@bp.route("/resource")
def any_iri() -> Response:
    """Any IRI, given as ``?iri=``; IRIs with a local path redirect there (303)."""
    iri = request.args.get("iri", "")
    if not iri or len(iri) > MAX_IRI:
        abort(400, "Give an IRI as ?iri= (at most 2000 characters).")
    local = local_path(iri, explorer().base)
    if local:
        fmt = request.args.get("format")
        return redirect(variant_href(local, fmt) if fmt else local, code=303)  # type: ignore[return-value]
    try:
        return show(iri, resource_path(iri), None)
    except ValueError:
        abort(400, "Not a valid IRI.")


def show(iri: str, base_path: str, suffix: str | None) -> Response:
    """Negotiate, then serve the entity page, its JSON twin or one of its RDF variants."""
    key = negotiate(suffix)
    if key is None:
        return not_acceptable(base_path)
    ctx = page_context()
    if key == "html" or key == "json":
        data = entity_data(ctx, iri)
        if data is None:
            abort(404)
        response = json_response(data) if key == "json" else _html(iri, base_path, data)
        response.headers["Link"] = variant_links(base_path)
        response.vary.add("Accept")
        return response
    if not is_known(ctx.backend, iri):
        abort(404)
    return rdf_response(entity_triples(ctx.backend, iri), key, base_path)


def _html(iri: str, base_path: str, data: dict[str, object]) -> Response:
    triples = entity_triples(explorer().backend, iri)
    alternates = [{"href": variant_href(base_path, k), "type": m, "key": k}
                  for k, m in VARIANTS.items() if k != "html"]
    html = render_template("entities/entity.html", page=data, alternates=alternates,
                           jsonld=jsonld_for_html(triples))
    return Response(html, mimetype="text/html")
