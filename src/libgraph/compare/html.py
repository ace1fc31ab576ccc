"""``compare --report DIR``: one self-contained HTML page (no CDN, no script) with the method,
the tables with their intervals, the pictures and the caveats, and beside it the data files.

Layout of DIR::

    index.html
    plots/*.png, plots/*.svg        the pictures of --plots
    data/compare.json, compare.csv   the report as --format json / csv
    data/{people,org}-network.{gexf,graphml,csv}   the networks (compare.exports)

The page reads only the report dict and the files written beside it, so it shows exactly the
numbers of ``--format json``.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from .exports import write_exports
from .model import Comparison
from .plots import write_plots
from .render import fmt, format_csv, interval_text

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 75rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: right;
         vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
td .ci { color: #555; font-size: 0.8rem; display: block; }
.warn { color: #a33; }
.muted { color: #777; }
figure { margin: 1rem 0 2rem; }
figure img { max-width: 100%; border: 1px solid #eee; }
"""

METHOD = [
    "Every figure is computed from the build's RDF graph by SPARQL (the queries are in the "
    "JSON file, per figure group) and networkx. A meeting belongs to the country of its "
    "minutes; people, organisations, projects and grants belong to the countries of the "
    "meetings whose minutes speak of them.",
    "People are tied when they attended the same meeting; organisations when they took part "
    "in the same meeting (a member attended, or it organised it) or are members of the same "
    "project. Regional library agencies (länsbibliotek/regionbibliotek, fylkesbibliotek, "
    "centralbibliotek) are the hubs of the dependence measures; a Danish centralbibliotek is "
    "a public library and a regional agency at once and counts as both.",
    "Uncertainty: the meetings of each column are resampled with replacement (the bootstrap); "
    "each interval holds the middle 95 % of the figure over the resamples (percentile "
    "method). A difference between two countries is computed on independent resamples of "
    "each; when its interval includes 0 the difference is not shown as a finding.",
]

CAVEATS = [
    "The graph is what extraction found in the minutes: missed or merged names change every "
    "network figure (see the robustness table of docs/compare.md).",
    "A column with fewer meetings than the warning threshold describes those meetings, not "
    "the country; a column with one meeting has no interval at all.",
    "Resampling meetings treats them as independent; meetings of the same body in the same "
    "year are not, so the intervals are if anything too narrow.",
    "Clustering, components, communities, betweenness and brokerage are not resampled (their "
    "cost per resample is that of the whole measure); they carry no interval.",
    "Counts of distinct things (attendees, organisations) in a resample are biased downwards, "
    "because a meeting drawn twice brings no new names; read their intervals as a spread.",
]


def _cell(cell: dict[str, Any], field: str = "value") -> str:
    ci = cell.get("ci" if field == "value" else "per_meeting_ci")
    warn = ' <span class="warn" title="few meetings">!</span>' if cell.get("warning") else ""
    text = escape(fmt(cell[field]))
    if ci is not None:
        whole = field == "value" and isinstance(cell[field], int)
        text += f'<span class="ci">{escape(interval_text(ci, whole))}</span>'
    return f"<td>{text}{warn}</td>"


def _table(head: list[str], rows: list[str]) -> str:
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _groups(report: dict[str, Any]) -> str:
    columns = [c["id"] for c in report["columns"]]
    parts = []
    for group in report["groups"]:
        rows = []
        for metric in group["metrics"]:
            cells = metric["values"]
            rows.append(f"<tr><td>{escape(metric['label'])}</td>"
                        + "".join(_cell(cells[c]) for c in columns) + "</tr>")
            if any(cells[c]["per_meeting"] is not None for c in columns):
                rows.append("<tr><td>&nbsp;&nbsp;per meeting</td>"
                            + "".join(_cell(cells[c], "per_meeting") for c in columns)
                            + "</tr>")
        parts.append(f"<h3>{escape(group['title'])}</h3>" + _table(["", *columns], rows))
    return "".join(parts)


def _differences(report: dict[str, Any]) -> str:
    found = report.get("differences") or []
    if not found:
        return "<p class=muted>No intervals were computed (--resamples 0).</p>"
    rows = [f"<tr><td>{escape(d['label'])}</td><td>{d['a']} − {d['b']}</td>"
            f"<td>{escape(fmt(d['difference']))}</td><td>{escape(interval_text(d['ci']))}</td>"
            f"<td>{escape(d['reading'])}</td></tr>" for d in found]
    shown = sum(d["shown"] for d in found)
    return (f"<p>{shown} of {len(found)} differences have an interval that excludes 0; the "
            "others are <em>not shown</em> as findings.</p>"
            + _table(["figure", "countries", "difference", "95 % interval", "reading"], rows))


def _breakdown(block: dict[str, Any], what: str) -> str:
    heads = [m["label"] for m in block["metrics"]]
    rows = []
    for row in block["rows"]:
        name = row.get("label") or row[what]
        cells = "".join(_cell({**row["figures"][m["id"]],
                               "warning": row["few_meetings"]}) for m in block["metrics"])
        rows.append(f"<tr><td>{escape(row['column'])} {escape(str(name))}</td>"
                    f"<td>{row['meetings']}</td>{cells}</tr>")
    if not rows:
        return "<p class=muted>None.</p>"
    return _table([what, "meetings", *heads], rows)


def _borders(report: dict[str, Any]) -> str:
    block = report["borders"]
    rows = []
    for network, crossing in block["ties"].items():
        for place, figures in crossing.items():
            rows.append(f"<tr><td>{escape(network)} ties across {escape(place)}</td>"
                        f"<td>{figures['crossing_ties']}</td><td>{figures['placed_ties']}</td>"
                        f"<td>{escape(fmt(figures['share']))}</td></tr>")
    text = _table(["", "crossing", "with both ends placed", "share"], rows)
    for key, title in (("people_across_borders", "People at meetings of several countries"),
                       ("orgs_across_borders", "Organisations in several countries"),
                       ("nordic_bodies", "Nordic and international bodies")):
        items = block[key]["items"]
        listed = ", ".join(escape(i["label"]) + (f" ({'/'.join(i['countries'])})"
                                                 if "countries" in i else "") for i in items)
        text += f"<p><strong>{title}: {block[key]['count']}</strong>. {listed}</p>"
    return text


def _figures(names: list[str]) -> str:
    out = []
    for stem in names:
        out.append(f'<figure><img src="plots/{stem}.png" alt="{escape(stem)}">'
                   f'<figcaption><a href="plots/{stem}.svg">{escape(stem)}.svg</a>'
                   "</figcaption></figure>")
    return "".join(out)


def page(report: dict[str, Any], plots: list[str], data: list[str]) -> str:
    """The HTML of the report page."""
    sample = _table(["column", "meetings", "attendees", "warning"], [
        f"<tr><td>{escape(c['label'])} ({c['id']})</td><td>{c['meetings']}</td>"
        f"<td>{c['attendees']}</td><td>{escape(c['warning'] or '')}</td></tr>"
        for c in report["columns"]])
    selection = escape(json.dumps(report["selection"], ensure_ascii=False))
    links = " · ".join(f'<a href="data/{escape(n)}">{escape(n)}</a>' for n in data)
    body = [
        "<h1>Library cooperation in Sweden, Norway and Denmark</h1>",
        f"<p class=muted>libgraph compare, report format {report['version']}; "
        f"selection {selection}</p>",
        "<h2>Method</h2>", *[f"<p>{escape(p)}</p>" for p in METHOD],
        "<h2>Sample</h2>", sample,
        "<h2>Differences between countries</h2>", _differences(report),
        "<h2>Figures</h2>", _groups(report),
        "<h2>Per year</h2>", _breakdown(report["by_year"], "year"),
        "<h2>Per region</h2>", _breakdown(report["by_region"], "region"),
        "<h2>Across regions and borders</h2>", _borders(report),
        "<h2>Pictures</h2>", _figures(plots),
        "<h2>Caveats</h2>", "<ul>" + "".join(f"<li>{escape(c)}</li>" for c in CAVEATS) + "</ul>",
        "<h2>Data files</h2>", f"<p>{links}</p>",
    ]
    return ("<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
            "<title>libgraph compare</title>"
            f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n")


def write_report(cmp: Comparison, report: dict[str, Any], out_dir: Path) -> Path:
    """Write the page, its pictures and its data files into ``out_dir``; return the page."""
    data_dir = out_dir / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "compare.json").write_text(json.dumps(report, ensure_ascii=False, indent=2),
                                           encoding="utf-8")
    (data_dir / "compare.csv").write_text(format_csv(report), encoding="utf-8")
    exported = write_exports(cmp, data_dir)
    pictures = write_plots(cmp, out_dir / "plots", report=report)
    stems = sorted({p.stem for p in pictures}, key=lambda s: (not s.startswith("interval"),
                                                             s != "by-year", s))
    data = ["compare.json", "compare.csv", *(p.name for p in exported)]
    index = out_dir / "index.html"
    index.write_text(page(report, stems, data), encoding="utf-8")
    return index
