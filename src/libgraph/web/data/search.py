"""The search page: full-text hits in the minutes and in the names of things, with facets.

The index is :mod:`libgraph.fulltext` (SQLite FTS5, one file per build). This module turns its
hits into page data: labelled links in the reader's language, snippets whose every highlighted
word links to its place in the minutes, facet values with counts and toggle links, paging.
Hits on an alternative label show as ``KUR → Statens kulturråd``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ... import fulltext
from ...ns import LG, RDF, SCHEMA
from ..backend import LocalBackend
from ..querystring import encode
from ..rdfterms import values_clause
from ..state import Ctx
from .evidence import minutes_href

MAX_QUERY = fulltext.MAX_QUERY
PAGE_SIZE = fulltext.PAGE_SIZE
MAX_PAGE = 500
FACET_TITLES = {"kind": "Kind", "country": "Country", "year": "Year", "org": "Organisation",
                "type": "Meeting type"}
FACET_VALUES_SHOWN = 12
IRI_FACETS = {"country", "org", "type"}
TYPE, COUNTRY, INSIDE = str(RDF.type), str(LG.country), str(SCHEMA.containedInPlace)


def search_page(ctx: Ctx, index: fulltext.Index, query: str, filters: list[tuple[str, str]],
                page: int) -> dict[str, Any]:
    """Hits, facets and paging for ``query`` under ``filters`` (``(facet, value)`` pairs)."""
    query = query[:MAX_QUERY]
    page = min(max(1, page), MAX_PAGE)
    found = index.search(query, filters, page, PAGE_SIZE)
    widened = None
    if not found.total and query.strip() and not query.rstrip().endswith(("*", '"')):
        # nothing for the words as typed: take the last one as the start of a word, as a
        # reader typing "Trom" means (the page says so)
        widened = query.rstrip() + "*"
        found = index.search(widened, filters, page, PAGE_SIZE)
    _prefetch(ctx, found)
    facts = _types_and_countries(ctx, [h.iri for h in found.hits if h.kind != "minutes"])
    pages = max(1, -(-found.total // PAGE_SIZE))
    return {
        "query": query, "widened": widened if found.total else None,
        "page": page, "pages": pages, "size": PAGE_SIZE, "total": found.total,
        "error": "The query could not be read." if found.error else None,
        "terms": [{"words": list(t.words), "prefix": t.prefix} for t in found.terms],
        "filters": [_filter(ctx, query, filters, f, v) for f, v in filters],
        "facets": _facets(ctx, query, filters, found.facets),
        "results": [_hit(ctx, h, facts) for h in found.hits],
        "prev": _href(query, filters, page - 1) if page > 1 else None,
        "next": _href(query, filters, page + 1) if page < pages else None,
    }


def _href(query: str, filters: list[tuple[str, str]], page: int = 1) -> str:
    params = [("q", query), *filters] + ([("page", str(page))] if page > 1 else [])
    return "/search?" + encode(params)


def _prefetch(ctx: Ctx, found: fulltext.Results) -> None:
    iris = {h.iri for h in found.hits} | {h.meeting for h in found.hits if h.meeting}
    iris |= {v for f, values in found.facets.items() if f in IRI_FACETS
             for v, _n in values[:FACET_VALUES_SHOWN]}
    ctx.labeller.prefetch(iris)


def _value_label(ctx: Ctx, facet: str, value: str) -> str:
    return ctx.labeller.label(value) if facet in IRI_FACETS else value


def _filter(ctx: Ctx, query: str, filters: list[tuple[str, str]], facet: str,
            value: str) -> dict[str, Any]:
    rest = [f for f in filters if f != (facet, value)]
    return {"facet": facet, "title": FACET_TITLES[facet], "value": value,
            "label": _value_label(ctx, facet, value), "remove": _href(query, rest)}


def _facets(ctx: Ctx, query: str, filters: list[tuple[str, str]],
            counts: dict[str, list[tuple[str, int]]]) -> list[dict[str, Any]]:
    out = []
    for facet, title in FACET_TITLES.items():
        values = []
        for value, n in counts.get(facet, [])[:FACET_VALUES_SHOWN]:
            active = (facet, value) in filters
            toggled = [f for f in filters if f != (facet, value)] if active \
                else [*filters, (facet, value)]
            values.append({"value": value, "label": _value_label(ctx, facet, value),
                           "count": n, "active": active, "href": _href(query, toggled)})
        out.append({"name": facet, "title": title, "values": values})
    return out


def _hit(ctx: Ctx, hit: fulltext.Hit, facts: dict[str, dict[str, list[str]]]) -> dict[str, Any]:
    link = ctx.link(hit.iri)
    lang = ctx.lang if ctx.lang_explicit else None
    matched = hit.matched_label
    shown = matched[0] if matched and matched[0] != link["label"] else None
    snippet = []
    for piece in hit.snippet:
        item = {"text": piece["text"], "mark": piece["mark"]}
        if piece["mark"]:
            item["href"] = minutes_href(hit.iri, ctx.base, piece["start"], piece["end"], lang)
        snippet.append(item)
    first = next((p for p in snippet if p["mark"]), None)
    if first is not None:  # the result opens the minutes at its first highlighted word
        link = {**link, "href": first["href"]}
    own = facts.get(hit.iri, {})
    return {**link, "kind": hit.kind, "date": hit.date,
            "meeting": ctx.link(hit.meeting) if hit.meeting else None,
            "matched": shown, "matched_alt": bool(matched and matched[1]),
            "hits": hit.spans, "snippet": snippet,
            "types": [ctx.link(t) for t in own.get("types", [])],
            "countries": [ctx.link(c) for c in own.get("countries", [])]}


def _types_and_countries(ctx: Ctx, iris: list[str]) -> dict[str, dict[str, list[str]]]:
    if not iris:
        return {}
    out: dict[str, dict[str, list[str]]] = {i: {"types": [], "countries": []} for i in iris}
    if isinstance(ctx.backend, LocalBackend):
        _local_facts(ctx.backend, out)
    else:
        values = values_clause("s", iris)
        asked = (("types", "?s a ?x"), ("countries", "?s lg:country ?x"),
                 ("countries", "?s schema:containedInPlace ?in . ?in lg:country ?x"))
        for key, pattern in asked:  # three small queries: a UNION of them is planned badly
            for r in ctx.backend.select(f"SELECT ?s ?x WHERE {{ {values} {pattern} }}"):
                _add(out[r["s"].value][key], r["x"].value)
    ctx.labeller.prefetch(x for f in out.values() for x in f["types"] + f["countries"])
    return out


def _local_facts(backend: LocalBackend, out: dict[str, dict[str, list[str]]]) -> None:
    """The three queries' rows by index look-ups on a build (each thing's types, its country,
    then the countries of the places it is in, each in the store's order), which cost less
    than parsing and planning the queries (three per search page)."""
    for iri, facts in out.items():
        for term in backend.objects(iri, TYPE):
            _add(facts["types"], term.value)
        for term in backend.objects(iri, COUNTRY):
            _add(facts["countries"], term.value)
        for place in backend.objects(iri, INSIDE):
            if not isinstance(place, ox.Literal):  # a literal is in no place
                for term in backend.objects(place, COUNTRY):
                    _add(facts["countries"], term.value)


def _add(slot: list[str], value: str) -> None:
    if value not in slot:
        slot.append(value)


def locate_index(backend: object, base: str) -> Path:
    """The build's full-text index, written there on first use when the build has none (or
    one of another graph); over a remote endpoint or a read-only build, a private copy."""
    import tempfile

    build_dir = getattr(backend, "build_dir", None)
    if build_dir is not None:
        stamp = fulltext.graph_stamp(Path(build_dir) / "graph.nt")
        try:
            return fulltext.ensure_index(backend, Path(build_dir) / fulltext.INDEX_FILE,  # type: ignore[arg-type]
                                         base, stamp)
        except OSError:
            pass  # a read-only build: index into a temporary directory instead
    private = Path(tempfile.mkdtemp(prefix="libgraph-fulltext-")) / fulltext.INDEX_FILE
    fulltext.write_index(backend, private, base)  # type: ignore[arg-type]
    return private
