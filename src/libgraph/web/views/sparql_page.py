"""The editor page's data: named queries as tabs, the query, and a server-rendered table."""

from __future__ import annotations

from typing import Any

from flask import current_app

from ...ns import PREFIXES
from ...query import NamedQuery
from ..backend import term_to_json
from ..named import describe
from ..rdfterms import curie, href
from ..sparql.protocol import with_prefixes
from ..sparql.service import Outcome
from ..state import explorer

HTML_ROWS = 1000
DEFAULT_QUERY = """SELECT ?meeting ?date ?country WHERE {
  ?meeting a lg:Meeting ; schema:startDate ?date ; lg:country ?country .
}
ORDER BY DESC(?date)
LIMIT 20"""


def editor_data(named: list[NamedQuery], query: str | None, name: str | None,
                values: dict[str, str], outcome: Outcome | None,
                error: str | None) -> dict[str, Any]:
    """Everything the editor page and its script need."""
    chosen = next((q for q in named if q.name == name), None)
    described = [describe(q, values if q is chosen else {}) for q in named]
    current = next((d for d in described if chosen and d["name"] == chosen.name), None)
    if query is not None:
        text = with_prefixes(query)
    else:
        text = current["query"] if current else with_prefixes(DEFAULT_QUERY)
    cfg = current_app.config
    return {
        "query": text, "name": chosen.name if chosen else None,
        "named": described, "problem": current["problem"] if current else None,
        "description": current["description"] if current else "",
        "params": current["params"] if current else [],
        "values": {k: v for k, v in values.items() if chosen and chosen.param(k) is not None},
        "prefixes": {p: str(ns) for p, ns in PREFIXES.items()},
        "base": explorer().base, "row_limit": cfg["SPARQL_ROW_LIMIT"],
        "timeout": cfg["SPARQL_TIMEOUT"], "error": error,
        "result": _table(outcome) if outcome is not None else None,
    }


def _cell(binding: dict[str, str] | None, base: str) -> dict[str, Any] | None:
    if binding is None:
        return None
    if binding["type"] == "uri":
        return {"text": curie(binding["value"]), "href": href(binding["value"], base),
                "title": binding["value"]}
    return {"text": binding["value"], "lang": binding.get("xml:lang"),
            "datatype": curie(binding["datatype"]) if "datatype" in binding else None}


def _table(outcome: Outcome) -> dict[str, Any]:
    base = explorer().base
    if outcome.kind == "ask":
        return {"kind": "ask", "boolean": outcome.boolean}
    if outcome.kind == "graph":
        rows = [[_cell(term_to_json(x), base) for x in (t.subject, t.predicate, t.object)]
                for t in outcome.triples[:HTML_ROWS]]
        return {"kind": "graph", "names": ["subject", "predicate", "object"], "rows": rows,
                "total": len(outcome.triples), "truncated": outcome.truncated,
                "shown": len(rows)}
    rows = [[_cell(b, base) for b in row] for row in outcome.rows[:HTML_ROWS]]
    return {"kind": "select", "names": outcome.names, "rows": rows, "total": len(outcome.rows),
            "truncated": outcome.truncated, "shown": len(rows)}
