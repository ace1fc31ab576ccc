"""Bootstrap intervals in the report: beside each resampled figure, and for every difference
between two countries, with the rule that a difference whose interval includes 0 is not shown.

The resampling itself is ``compare.bootstrap``; this module only places its results in the
report dict (docs/compare.md, § 13).
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from . import bootstrap
from .model import ALL, Comparison

NOT_SHOWN = "not shown: the interval includes 0"
NO_INTERVAL = "no interval (fewer than 2 meetings, or undefined in most resamples)"


def _round(ci: bootstrap.Interval | None) -> list[float] | None:
    return None if ci is None else [round(ci[0], 6), round(ci[1], 6)]


def describe(cmp: Comparison) -> dict[str, Any] | None:
    """The ``bootstrap`` block: what was resampled and how."""
    result = cmp.intervals
    if result is None:
        return None
    settings = result.settings
    return {"unit": "meeting", "resamples": settings.resamples, "seed": settings.seed,
            "level": settings.level, "method": "percentile",
            "min_meetings": bootstrap.MIN_RESAMPLED,
            "metrics": [list(key) for key in bootstrap.KEYS]}


def attach(report: dict[str, Any], cmp: Comparison) -> None:
    """Set ``ci`` (of ``value``) and ``per_meeting_ci`` on every resampled cell."""
    result = cmp.intervals
    if result is None:
        return
    for group in report["groups"]:
        for metric in group["metrics"]:
            for column, cell in metric["values"].items():
                for field, into in (("value", "ci"), ("per_meeting", "per_meeting_ci")):
                    key = (group["id"], metric["id"], field)
                    if key in bootstrap.KEYS:
                        cell[into] = _round(result.ci(column, key))


def differences(report: dict[str, Any], cmp: Comparison) -> list[dict[str, Any]]:
    """Every resampled figure, for every two countries ``a`` − ``b`` with its interval;
    ``shown`` is False (and ``reading`` says why) when the interval includes 0 or is missing."""
    result = cmp.intervals
    if result is None:
        return []
    labels = {(g["id"], m["id"]): m["label"] for g in report["groups"] for m in g["metrics"]}
    countries = [c for c in cmp.columns if c != ALL]
    out = []
    for key in bootstrap.KEYS:
        if key[0] == "corpus" and key[2] == "value":
            continue  # raw counts differ with the number of meetings: compare the rates
        for a, b in combinations(countries, 2):
            value, ci = result.difference(a, b, key)
            shown = not bootstrap.crosses_zero(ci) and value is not None
            out.append({
                "group": key[0], "metric": key[1], "field": key[2],
                "label": labels.get(key[:2], key[1]) + (" per meeting"
                                                        if key[2] == "per_meeting" else ""),
                "a": a, "b": b, "difference": None if value is None else round(value, 6),
                "ci": _round(ci), "shown": shown,
                "reading": _reading(a, b, value, ci, shown),
            })
    return out


def _reading(a: str, b: str, value: float | None, ci: bootstrap.Interval | None,
             shown: bool) -> str:
    if ci is None or value is None:
        return NO_INTERVAL
    if not shown:
        return NOT_SHOWN
    return f"{a} {'higher' if value > 0 else 'lower'} than {b}"
