"""Evidence: the mentions (Web Annotations) that tie a thing to the words it came from.

A mention has one or two bodies (a person; or a meeting and a person for an attendance), a
target with the minutes document as source and two selectors (offsets and the exact quote).
Each mention becomes a link to the minutes page, anchored and highlighted at its offsets.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from ..backend import Backend
from ..rdfterms import local_path, resource_path, sparql_iri

EVIDENCE_LIMIT = 500


def minutes_href(doc: str, base: str, start: int, end: int, lang: str | None = None) -> str:
    """The minutes page, highlighting ``start``–``end`` and scrolled to it."""
    path = local_path(doc, base) or resource_path(doc)
    params = {"hl": f"{start}-{end}"}
    if lang:
        params["lang"] = lang
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}{urlencode(params)}#m-{start}-{end}"


def mentions_of(backend: Backend, iri: str) -> list[dict[str, Any]]:
    """Every mention whose body is ``iri``: quote, offsets, rule, the other bodies."""
    query = f"""SELECT ?m ?doc ?start ?end ?exact ?rule ?ev ?other WHERE {{
      ?m oa:hasBody {sparql_iri(iri)} ; oa:hasTarget ?t .
      ?t oa:hasSource ?doc ; oa:hasSelector ?ps, ?qs .
      ?ps oa:start ?start ; oa:end ?end . ?qs oa:exact ?exact .
      OPTIONAL {{ ?m lg:rule ?rule }} OPTIONAL {{ ?m lg:evidenceOf ?ev }}
      OPTIONAL {{ ?m oa:hasBody ?other FILTER(?other != {sparql_iri(iri)}) }}
    }} ORDER BY ?doc ?start ?m LIMIT {EVIDENCE_LIMIT}"""
    merged: dict[str, dict[str, Any]] = {}
    for row in backend.select(query):
        key = row["m"].value
        item = merged.setdefault(key, {
            "mention": key, "minutes": row["doc"].value, "quote": row["exact"].value,
            "start": int(row["start"].value), "end": int(row["end"].value),
            "rule": row["rule"].value if "rule" in row else None,
            "evidence_of": row["ev"].value if "ev" in row else None, "others": []})
        if "other" in row and row["other"].value not in item["others"]:
            item["others"].append(row["other"].value)
    return list(merged.values())


def by_other_body(mentions: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Mentions indexed by their other body: the evidence of a statement between the two."""
    index: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for mention in mentions:
        for other in mention["others"]:
            index[other].append(mention)
    return index


def evidence_ref(mention: dict[str, Any], base: str, lang: str | None) -> dict[str, Any]:
    """The short form shown next to a fact: the quote and where to read it."""
    return {"quote": mention["quote"], "rule": mention["rule"],
            "start": mention["start"], "end": mention["end"], "minutes": mention["minutes"],
            "href": minutes_href(mention["minutes"], base, mention["start"], mention["end"],
                                 lang)}
