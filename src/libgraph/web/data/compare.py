"""The comparison page: ``libgraph.compare``'s report for SE, NO, DK side by side.

The figures and their SPARQL come from :func:`libgraph.compare.build_report` unchanged (one
computation for the CLI, the JSON and this page); here they only get display strings and
"show the SPARQL" links that open each query in the editor.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from ...compare import build_report, compare


def comparison_report(store: ox.Store, lang: str) -> dict[str, Any]:
    """The report (see docs/compare.md), computed once per language by the caller's cache."""
    return build_report(compare(store, lang=lang))


def number(value: Any) -> str:
    """A figure as text: integers as they are, fractions to three decimals, none as a dash."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    return str(value)


def _cell(cell: dict[str, Any] | None) -> dict[str, Any]:
    if cell is None:
        return {"text": "–"}
    share = cell.get("share")
    return {"text": number(cell.get("value")),
            "share": f"{share * 100:.0f} %" if isinstance(share, int | float) else None,
            "per_meeting": number(cell["per_meeting"]) if cell.get("per_meeting") is not None
            else None,
            "n": cell.get("n"), "warning": cell.get("warning")}


def _rows(rows: list[dict[str, Any]], columns: list[str]) -> list[dict[str, Any]]:
    return [{"id": r["id"], "label": r["label"], "iri": r.get("iri"),
             "cells": [_cell(r["values"].get(c)) for c in columns]} for r in rows]


def _sparql(queries: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "text": text, "href": "/sparql?" + urlencode({"query": text})}
            for name, text in queries.items()]


def compare_page(report: dict[str, Any]) -> dict[str, Any]:
    """The report plus display strings, with the raw report kept for the JSON twin."""
    columns = [c["id"] for c in report["columns"]]
    groups = [{"id": g["id"], "title": g["title"], "sparql": _sparql(g["sparql"]),
               "metrics": _rows(g["metrics"], columns),
               "breakdowns": [{"id": b["id"], "title": b["title"],
                               "rows": _rows(b["rows"], columns)} for b in g["breakdowns"]],
               "rankings": [{"id": k["id"], "title": k["title"],
                             "values": [[{**e, "text": number(e.get("value"))}
                                         for e in k["values"].get(c, [])] for c in columns]}
                            for k in g["rankings"]]}
              for g in report["groups"]]
    return {"columns": report["columns"], "groups": groups, "lang": report["lang"],
            "min_meetings": report["min_meetings"], "report": report}
