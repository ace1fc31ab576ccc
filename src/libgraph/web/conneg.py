"""Content negotiation for linked-data pages: HTML, the JSON twin, and four RDF syntaxes.

``Accept`` decides, unless a ``.ttl``-style suffix or ``?format=`` overrides it (handy in a
browser and in links). Unacceptable requests get 406 with the list of variants.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Response, request
from werkzeug.datastructures import MIMEAccept

from ..ns import PREFIXES

VARIANTS: dict[str, str] = {
    "html": "text/html",
    "json": "application/json",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
ALIASES = {"turtle": "ttl", "xml": "rdf", "rdfxml": "rdf", "json-ld": "jsonld",
           "ntriples": "nt", "htm": "html"}
EXTRA_MIMES = {"application/xhtml+xml": "html", "application/x-turtle": "ttl",
               "text/plain": "nt", "application/xml": "rdf"}
RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
               "nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML}
PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}


def split_suffix(path: str) -> tuple[str, str | None]:
    """``("meeting/x", "ttl")`` for ``meeting/x.ttl``; the suffix only if it is a variant."""
    stem, dot, ext = path.rpartition(".")
    key = ALIASES.get(ext, ext)
    if dot and "/" not in ext and key in VARIANTS:
        return stem, key
    return path, None


def negotiate(suffix: str | None = None) -> str | None:
    """The variant key to serve, or None when nothing acceptable is available (406)."""
    override = suffix or request.args.get("format")
    if override:
        key = ALIASES.get(override, override)
        return key if key in VARIANTS else None
    if not request.headers.get("Accept"):
        return "html"
    offered = list(VARIANTS.values()) + list(EXTRA_MIMES)
    best = accepted().best_match(offered)
    if best is None:
        return None
    return EXTRA_MIMES.get(best) or next(k for k, v in VARIANTS.items() if v == best)


def accepted() -> MIMEAccept:
    """The request's ``Accept`` with media-type parameters other than ``q`` set aside.

    ``application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"`` asks for JSON-LD
    in a form; werkzeug would only match a type offered with the same parameters (and answer
    406). Every JSON-LD served here is compacted with the project's context, which satisfies
    the JSON-LD profiles (``#compacted``, and ``#expanded``/``#flattened`` readers accept it).
    """
    items = []
    for part in request.headers.get("Accept", "").split(","):
        mime, *params = (p.strip() for p in part.split(";"))
        if not mime:
            continue
        quality = 1.0
        for param in params:
            name, _eq, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        items.append((mime.lower(), quality))
    return MIMEAccept(items)


def variant_href(base_path: str, key: str) -> str:
    """``/id/x.ttl`` for a path; ``/resource?iri=...&format=ttl`` for a query URL."""
    return f"{base_path}&format={key}" if "?" in base_path else f"{base_path}.{key}"


def not_acceptable(base_path: str) -> Response:
    """406 listing every variant with its address."""
    lines = [f"{mime}\t{variant_href(base_path, key)}" for key, mime in VARIANTS.items()]
    body = "Not acceptable. Available variants:\n" + "\n".join(lines) + "\n"
    response = Response(body, status=406, mimetype="text/plain")
    response.headers["Link"] = variant_links(base_path)
    response.vary.add("Accept")
    return response


def variant_links(base_path: str) -> str:
    """A ``Link`` header value with every variant of ``base_path``."""
    return ", ".join(f'<{variant_href(base_path, key)}>; rel="alternate"; type="{mime}"'
                     for key, mime in VARIANTS.items() if key != "html")


def serialize(triples: list[ox.Triple], key: str) -> bytes:
    """Triples in one of the RDF variants (prefixes for Turtle and RDF/XML; JSON-LD
    compacted with the project's shipped context, as ``libgraph export`` writes it)."""
    if key == "jsonld":
        from ..export import to_jsonld

        return to_jsonld(triples)
    fmt = RDF_FORMATS[key]
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        used = {p: ns for p, ns in PREFIX_MAP.items()
                if any(str(t).find(ns) >= 0 for t in triples)}
        return ox.serialize(triples, format=fmt, prefixes=used)
    return ox.serialize(triples, format=fmt)


def rdf_response(triples: list[ox.Triple], key: str, base_path: str) -> Response:
    """An RDF variant with ``Vary: Accept`` and links to the other variants."""
    response = Response(serialize(triples, key), mimetype=VARIANTS[key])
    if key == "jsonld" or key == "ttl":
        response.charset = "utf-8"
    response.headers["Link"] = variant_links(base_path)
    response.vary.add("Accept")
    return response


def jsonld_for_html(triples: list[ox.Triple]) -> object:
    """The JSON-LD of the entity as a Python value, for a safely escaped ``<script>`` block
    (expanded: compacting costs rdflib a few milliseconds on every page view)."""
    return json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
