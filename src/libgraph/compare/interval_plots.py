"""Pictures of the bootstrap intervals (matplotlib, Agg canvas, read from the report dict).

* ``intervals``: every resampled figure, one panel each, a point per country with its 95 %
  interval as a bar; a country with fewer than 2 meetings has a point and no bar.
* ``by-year``: the headline figures per year, one line per country, intervals as bars.

Both read the report dict, so a picture shows exactly the numbers of ``--format json``.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from matplotlib.figure import Figure

from .breakdowns import HEADLINE_LABELS, key_id
from .model import ALL

COUNTRY_COLOURS = {"SE": "#1f6fb4", "NO": "#c8372d", "DK": "#e8a21a"}
OTHER_COLOUR = "#7f7f7f"
PANEL_COLUMNS = 3


def _colour(column: str) -> str:
    return COUNTRY_COLOURS.get(column, OTHER_COLOUR)


def _resampled(report: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(group, metric, field, label) of every figure that has an interval somewhere."""
    found = []
    for group in report["groups"]:
        for metric in group["metrics"]:
            cells = metric["values"].values()
            for field, key in (("value", "ci"), ("per_meeting", "per_meeting_ci")):
                if group["id"] == "corpus" and field == "value":
                    continue  # the per-meeting rate says the same without the sample size
                if any(c.get(key) is not None for c in cells):
                    label = metric["label"] + (" per meeting" if field == "per_meeting" else "")
                    found.append((group["id"], metric["id"], field, f"{group['title']}: {label}"))
    return found


def interval_figure(report: dict[str, Any]) -> Figure:
    """Each resampled figure per country with its bootstrap interval."""
    panels = _resampled(report)
    columns = [c["id"] for c in report["columns"] if c["id"] != ALL]
    rows = max(1, math.ceil(len(panels) / PANEL_COLUMNS))
    figure = Figure(figsize=(4.2 * PANEL_COLUMNS, 2.4 * rows), layout="constrained")
    metrics = {(g["id"], m["id"]): m for g in report["groups"] for m in g["metrics"]}
    for i, (group, metric, field, label) in enumerate(panels):
        ax = figure.add_subplot(rows, PANEL_COLUMNS, i + 1)
        cells = metrics[(group, metric)]["values"]
        ci_key = "ci" if field == "value" else "per_meeting_ci"
        for x, column in enumerate(columns):
            cell = cells[column]
            value = cell[field]
            if value is None:
                continue
            ci = cell.get(ci_key)
            err = None if ci is None else [[max(value - ci[0], 0)], [max(ci[1] - value, 0)]]
            ax.errorbar([x], [value], yerr=err, fmt="o", color=_colour(column), capsize=4)
        ax.set_xticks(range(len(columns)), columns)
        ax.set_xlim(-0.5, len(columns) - 0.5)
        ax.set_title(_wrap(label), fontsize=9, loc="left")
        ax.grid(axis="y", alpha=0.3)
    boot = report.get("bootstrap") or {}
    figure.suptitle(f"Figures with {100 * boot.get('level', 0.95):.0f}% bootstrap intervals "
                    f"({boot.get('resamples', 0)} resamples of meetings)", fontsize=12,
                    x=0.01, ha="left")
    return figure


def _wrap(text: str, width: int = 52) -> str:
    return textwrap.fill(text, width, max_lines=2, placeholder="…")


def year_figure(report: dict[str, Any]) -> Figure:
    """The headline figures per year and country, with their intervals."""
    block = report.get("by_year") or {"metrics": [], "rows": []}
    keys = [m["id"] for m in block["metrics"]]
    rows = max(1, math.ceil(len(keys) / PANEL_COLUMNS))
    figure = Figure(figsize=(4.2 * PANEL_COLUMNS, 2.6 * rows), layout="constrained")
    labels = {key_id(k): v for k, v in HEADLINE_LABELS.items()}
    columns = sorted({r["column"] for r in block["rows"]},
                     key=lambda c: (list(COUNTRY_COLOURS).index(c)
                                    if c in COUNTRY_COLOURS else 9, c))
    for i, key in enumerate(keys):
        ax = figure.add_subplot(rows, PANEL_COLUMNS, i + 1)
        for column in columns:
            points = [(int(r["year"]), r["figures"][key]) for r in block["rows"]
                      if r["column"] == column and r["figures"][key]["value"] is not None]
            if not points:
                continue
            xs = [x for x, _ in points]
            ys = [f["value"] for _, f in points]
            lows = [y - (f["ci"] or [y, y])[0] for y, (_, f) in zip(ys, points, strict=True)]
            highs = [(f["ci"] or [y, y])[1] - y for y, (_, f) in zip(ys, points, strict=True)]
            ax.errorbar(xs, ys, yerr=[[max(v, 0) for v in lows], [max(v, 0) for v in highs]],
                        fmt="o-", color=_colour(column), capsize=3, label=column)
        ax.set_title(labels.get(key, key), fontsize=9, loc="left")
        ax.grid(alpha=0.3)
        ax.xaxis.get_major_locator().set_params(integer=True)
        if i == 0 and columns:
            ax.legend(fontsize=8, frameon=False)
    figure.suptitle("Per year and country (bars: bootstrap intervals; a year with one meeting "
                    "has none)", fontsize=12, x=0.01, ha="left")
    return figure
