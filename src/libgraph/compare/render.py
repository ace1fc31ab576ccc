"""The report dict as a terminal table or as long-format CSV.

Both read only the dict of ``compare.report`` (never the graph), so what the table shows is
exactly what ``--format json`` gives.
"""

from __future__ import annotations

import csv
import io
from typing import Any

LABEL_WIDTH = 38
CELL_WIDTH = 17
WARN = "!"

CSV_FIELDS = ("group", "section", "key", "label", "iri", "column", "value", "n", "share",
              "per_meeting", "per_attendee", "warning", "ci_low", "ci_high",
              "per_meeting_ci_low", "per_meeting_ci_high")


# --- numbers ----------------------------------------------------------------------------------

def fmt(value: Any) -> str:
    """A number for the table: integers with thin grouping, other values with 3 decimals."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and
                                  abs(value) >= 1000):
        return f"{int(value):,}".replace(",", " ")
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:.1f}"
    return str(value)


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


# --- table -------------------------------------------------------------------------------------

def format_table(report: dict[str, Any]) -> str:
    """The comparison for a terminal: one block per figure group, countries side by side."""
    columns = [c["id"] for c in report["columns"]]
    lines = _preamble(report)
    for group in report["groups"]:
        lines += ["", f"== {group['title']} ==", _header(columns)]
        for metric in group["metrics"]:
            lines += _metric_lines(metric, columns)
        for breakdown in group["breakdowns"]:
            lines += _breakdown_lines(breakdown, columns)
        for ranking in group["rankings"]:
            lines += _ranking_lines(ranking, columns)
    lines += _difference_lines(report)
    return "\n".join(lines)


def interval_text(ci: list[float] | None, whole: bool = False) -> str:
    """``[low, high]`` for the table, or blank where there is no interval; ``whole`` for the
    interval of a count, whose ends are then written as integers where they are."""
    if ci is None:
        return ""
    low, high = (int(v) if whole and float(v).is_integer() else float(v) for v in ci)
    return f"[{fmt(low)}, {fmt(high)}]"


def _difference_lines(report: dict[str, Any]) -> list[str]:
    """Country differences: the shown ones with their interval, the rest counted."""
    found = report.get("differences") or []
    if not found:
        return []
    boot = report["bootstrap"]
    lines = ["", f"== Differences between countries (bootstrap, {boot['resamples']} "
             f"resamples of meetings, {100 * boot['level']:.0f}% interval) =="]
    shown = [d for d in found if d["shown"]]
    for d in shown:
        lines.append(f"  {d['label'][:44]:<45} {d['a']}−{d['b']} {fmt(d['difference']):>9} "
                     f"{interval_text(d['ci'])}")
    lines.append(f"  {len(found) - len(shown)} of {len(found)} differences not shown: their "
                 "interval includes 0, or a country has fewer than 2 meetings.")
    return lines


def _preamble(report: dict[str, Any]) -> list[str]:
    lines = [f"libgraph compare (labels: {report['lang']})", "Sample:"]
    for column in report["columns"]:
        mark = f"  {WARN} fewer than {report['min_meetings']} meetings" if \
            column["few_meetings"] else ""
        lines.append(f"  {column['id']:<4} {column['label']:<16} {column['meetings']:>5} "
                     f"meetings {column['attendees']:>6} attendees{mark}")
    lines.append("[n] after a figure is its sample size: meetings for counts, nodes for "
                 "networks; see docs/compare.md.")
    if any(c["few_meetings"] for c in report["columns"]):
        lines.append(f"{WARN} marks a figure from fewer than {report['min_meetings']} "
                     "meetings: it describes those meetings, not the country.")
    return lines


def _header(columns: list[str]) -> str:
    return " " * LABEL_WIDTH + "".join(c.rjust(CELL_WIDTH) for c in columns)


def _line(label: str, texts: list[str]) -> str:
    label = label if len(label) <= LABEL_WIDTH - 1 else label[:LABEL_WIDTH - 2] + "…"
    return (label.ljust(LABEL_WIDTH) + "".join(t.rjust(CELL_WIDTH) for t in texts)).rstrip()


def _cell_text(cell: dict[str, Any], value: Any, n: Any) -> str:
    mark = WARN if cell["warning"] else " "
    size = f" [{fmt(n)}]" if n is not None else ""
    return f"{value}{size}{mark}"


def _metric_lines(metric: dict[str, Any], columns: list[str]) -> list[str]:
    cells = [metric["values"][c] for c in columns]
    lines = [_line(metric["label"], [_cell_text(x, fmt(x["value"]), x["n"]) for x in cells])]
    if any(x["per_meeting"] is not None for x in cells):
        lines.append(_line("  per meeting", [_cell_text(x, fmt(x["per_meeting"]), None)
                                             for x in cells]))
    if any(x.get("ci") is not None for x in cells):
        lines.append(_line("  95% interval", [interval_text(x.get("ci"), isinstance(
            x["value"], int)) for x in cells]))
    if any(x.get("per_meeting_ci") is not None for x in cells):
        lines.append(_line("  per meeting, 95% interval",
                           [interval_text(x.get("per_meeting_ci")) for x in cells]))
    if any(x["per_attendee"] is not None for x in cells):
        lines.append(_line("  per attendee", [_cell_text(x, fmt(x["per_attendee"]), None)
                                              for x in cells]))
    return lines


def _breakdown_lines(breakdown: dict[str, Any], columns: list[str]) -> list[str]:
    lines = [f"-- {breakdown['title']}"]
    if not breakdown["rows"]:
        return [*lines, "  (none)"]
    for item in breakdown["rows"]:
        cells = [item["values"][c] for c in columns]
        texts = [_cell_text(x, _share_text(x), x["n"]) for x in cells]
        lines.append(_line(f"  {item['label']}", texts))
    return lines


def _share_text(cell: dict[str, Any]) -> str:
    if cell["share"] is None:
        return fmt(cell["value"])
    return f"{fmt(cell['value'])}={pct(cell['share'])}"


def _ranking_lines(ranking: dict[str, Any], columns: list[str]) -> list[str]:
    lines = [f"-- {ranking['title']}"]
    for column in columns:
        entries = ranking["values"][column]
        text = "; ".join(f"{e['label']} {fmt(e['value'])}" for e in entries) or "–"
        lines.append(f"  {column:<4} {text}")
    return lines


# --- CSV ---------------------------------------------------------------------------------------

def format_csv(report: dict[str, Any]) -> str:
    """Long format: one line per (group, section, key, column) with every cell field."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in csv_records(report):
        writer.writerow(record)
    return out.getvalue()


def csv_records(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The CSV lines as dicts (metrics, then breakdown rows, then ranking entries)."""
    records = []
    for group in report["groups"]:
        for metric in group["metrics"]:
            records += _row_records(group["id"], "metric", metric)
        for breakdown in group["breakdowns"]:
            for item in breakdown["rows"]:
                records += _row_records(group["id"], f"breakdown:{breakdown['id']}", item)
        for ranking in group["rankings"]:
            records += _ranking_records(group["id"], ranking)
    records += [_difference_record(d) for d in report.get("differences") or []]
    return records


def _difference_record(d: dict[str, Any]) -> dict[str, Any]:
    low, high = d["ci"] or ("", "")
    return {"group": d["group"], "section": f"difference:{d['field']}", "key": d["metric"],
            "label": d["label"], "iri": "", "column": f"{d['a']}-{d['b']}",
            "value": "" if d["difference"] is None else d["difference"], "n": "", "share": "",
            "per_meeting": "", "per_attendee": "", "warning": d["reading"],
            "ci_low": low, "ci_high": high, "per_meeting_ci_low": "", "per_meeting_ci_high": ""}


def _row_records(group: str, section: str, item: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"group": group, "section": section, "key": item["id"], "label": item["label"],
             "iri": item.get("iri", ""), "column": column, **_blank_none(cell)}
            for column, cell in item["values"].items()]


def _ranking_records(group: str, ranking: dict[str, Any]) -> list[dict[str, Any]]:
    records = []
    for column, entries in ranking["values"].items():
        for rank, entry in enumerate(entries, 1):
            records.append({"group": group, "section": f"ranking:{ranking['id']}",
                            "key": rank, "label": entry["label"], "iri": entry["iri"],
                            "column": column, "value": entry["value"], "n": "", "share": "",
                            "per_meeting": "", "per_attendee": "", "warning": "",
                            "ci_low": "", "ci_high": "", "per_meeting_ci_low": "",
                            "per_meeting_ci_high": ""})
    return records


def _blank_none(cell: dict[str, Any]) -> dict[str, Any]:
    out = {k: ("" if v is None else v) for k, v in cell.items()
           if k not in ("ci", "per_meeting_ci")}
    for key in ("ci", "per_meeting_ci"):
        low, high = cell.get(key) or ("", "")
        out[f"{key}_low"], out[f"{key}_high"] = low, high
    return out
