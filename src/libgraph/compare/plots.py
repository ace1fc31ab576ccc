"""Pictures of the comparison (matplotlib, Agg canvas; SVG and PNG).

* ``network-{cc}``: per country, the organisations (coloured by ``lgv:orgtype``) with the
  meetings and projects that tie them. This two-mode picture is what the organisation network
  is projected from: two organisations are tied when they share a square or a diamond.
* ``degree-distribution``: share of nodes per degree, people and organisation networks.
* ``topic-profile``: share of topic assignments per topic, countries as grouped bars.
* ``funder-mix``: funding ties by funder type, one 100 % bar per country.

Figures are built as ``matplotlib.figure.Figure`` objects on an Agg canvas, never through
pyplot, so drawing does not touch global state (the explorer may draw in several threads).
Output is deterministic: fixed layout seed, no dates in the SVG, a fixed SVG id salt.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import matplotlib as mpl
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import metrics
from .drawing import extent, packed_layout, radial_label, repel
from .facts import participation
from .interval_plots import interval_figure, year_figure
from .model import ALL, Comparison
from .report import FUNDER_LABELS

COUNTRY_COLOURS = {"SE": "#1f6fb4", "NO": "#c8372d", "DK": "#e8a21a"}
OTHER_COLOUR = "#7f7f7f"
INCH_PER_UNIT = 0.95
MEETING_COLOUR = "#333333"
PROJECT_COLOUR = "#ffffff"
FUNDER_COLOURS = {"national": "#1f6fb4", "regional": "#6baed6", "municipal": "#74c476",
                  "eu": "#9467bd", "private_foundation": "#e8a21a", "other": "#bdbdbd"}
_TYPE_PALETTE = [mpl.colormaps["tab20"](i) for i in range(20)]


def write_plots(cmp: Comparison, out_dir: Path, dpi: int = 150,
                report: dict[str, Any] | None = None) -> list[Path]:
    """Draw every figure into ``out_dir`` as SVG and PNG (``dpi`` for the PNG); return the
    files written. With the ``report`` of a comparison that has bootstrap intervals, also the
    interval and per-year pictures (``interval_plots``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = {f"network-{c.lower()}": network_figure(cmp, c) for c in countries(cmp)}
    figures["degree-distribution"] = degree_figure(cmp)
    figures["topic-profile"] = topic_figure(cmp)
    figures["funder-mix"] = funder_figure(cmp)
    if report is not None and report.get("bootstrap"):
        figures["intervals"] = interval_figure(report)
        figures["by-year"] = year_figure(report)
    written = []
    for name, figure in figures.items():
        written += save(figure, out_dir / name, dpi)
    return written


def countries(cmp: Comparison) -> list[str]:
    return [c for c in cmp.columns if c != ALL]


def save(figure: Figure, stem: Path, dpi: int = 150) -> list[Path]:
    """Write ``stem.svg`` and ``stem.png`` without run-dependent metadata."""
    FigureCanvasAgg(figure)
    svg, png = stem.with_suffix(".svg"), stem.with_suffix(".png")
    with mpl.rc_context({"svg.hashsalt": "libgraph", "svg.fonttype": "none"}):
        figure.savefig(svg, format="svg", metadata={"Date": None}, bbox_inches="tight")
    figure.savefig(png, format="png", dpi=dpi, metadata={"Software": None},
                   bbox_inches="tight")
    return [svg, png]


def _short(text: str, width: int = 26) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _meetings(n: int) -> str:
    return f"{n} meeting" if n == 1 else f"{n} meetings"


def footnote(figure: Figure, cmp: Comparison) -> None:
    """The small-sample caveat under a figure whose legend marks countries with "!"."""
    thin = [c for c in countries(cmp) if cmp.few_meetings(c)]
    if thin:
        figure.text(0.0, -0.01, f"! = fewer than {cmp.min_meetings} meetings "
                    f"({', '.join(thin)}): describes these meetings, not the country.",
                    ha="left", va="top", fontsize=9, color="#555555")


def _country_colour(column: str) -> str:
    return COUNTRY_COLOURS.get(column, OTHER_COLOUR)


# --- network per country ---------------------------------------------------------------------

def type_colours(cmp: Comparison) -> dict[str | None, tuple]:
    """One colour per organisation type, the same in every country's picture."""
    types = sorted({t for t in cmp.facts.org_type.values() if t})
    colours: dict[str | None, tuple] = {t: _TYPE_PALETTE[i % 20] for i, t in enumerate(types)}
    colours[None] = mpl.colors.to_rgba("#bdbdbd")
    return colours


def affiliation_graph(cmp: Comparison, column: str) -> nx.Graph:
    """Organisations tied to the meetings they took part in, the projects they are members of
    and the projects they fund; ``kind`` is org, meeting or project, ``tie`` the edge kind."""
    part, facts = cmp.parts[column], cmp.facts
    graph = nx.Graph()
    graph.add_nodes_from(sorted(part.meetings), kind="meeting")
    for meeting, org in sorted(participation(facts, part)):
        graph.add_node(org, kind="org")
        graph.add_edge(org, meeting, tie="meeting")
    for project, org in sorted(facts.project_members):
        if project in part.projects:
            graph.add_node(project, kind="project")
            graph.add_node(org, kind="org")
            graph.add_edge(org, project, tie="member")
    for funder, item in sorted({(t.funder, t.item) for t in part.funding}):
        if item in part.projects:
            graph.add_node(item, kind="project")
            graph.add_node(funder, kind="org")
            graph.add_edge(funder, item, tie="funder")
    return graph


def network_figure(cmp: Comparison, column: str) -> Figure:
    """The country's organisations, coloured by type, with their meetings and projects.

    The axes get a fixed place (left) and the legend the right-hand strip: a fixed layout
    lets ``drawing.repel`` move labels in display space without a later re-layout undoing it."""
    graph = affiliation_graph(cmp, column)
    pos, centres = packed_layout(graph)
    width, height = extent(pos)
    plot_w, plot_h = max(6.0, INCH_PER_UNIT * width), max(4.0, INCH_PER_UNIT * height)
    legend_w = 3.6
    figure = Figure(figsize=(plot_w + legend_w, plot_h + 0.8))
    FigureCanvasAgg(figure)
    total_w, total_h = figure.get_size_inches()
    ax = figure.add_axes((0.02, 0.02, plot_w / total_w - 0.02, plot_h / total_h - 0.02))
    ax.set_axis_off()
    figure.suptitle(f"{cmp.column_label(column)}: organisations and the meetings and "
                    "projects they share", x=0.02, ha="left", fontsize=13)
    colours = type_colours(cmp)
    if len(graph) == 0:
        ax.text(0.5, 0.5, "no meetings, organisations or projects", ha="center",
                transform=ax.transAxes)
        _network_legend(figure, cmp, graph, colours, column, anchor=plot_w / total_w)
        return figure
    _draw_edges(ax, graph, pos)
    _draw_nodes(ax, cmp, graph, pos, colours)
    ax.set_aspect("equal", adjustable="datalim")
    ax.margins(x=0.12, y=0.1)
    named = labelled(graph)
    texts = [_label(ax, cmp, node, kind, pos[node], centres[node], marker_radius(graph, node))
             for node, kind in graph.nodes(data="kind") if node in named]
    repel(figure, texts, ax, [(pos[n], marker_radius(graph, n)) for n in graph])
    _network_legend(figure, cmp, graph, colours, column,
                    anchor=max(plot_w / total_w, right_edge(figure, texts)))
    return figure


def marker_area(graph: nx.Graph, node: str) -> float:
    """Marker area in points²: fixed for meetings and projects, growing with ties for orgs."""
    kind = graph.nodes[node]["kind"]
    if kind == "meeting":
        return 260.0
    if kind == "project":
        return 150.0
    return min(90.0 + 50.0 * graph.degree(node), 700.0)


def marker_radius(graph: nx.Graph, node: str) -> float:
    """Half the marker's width in points (matplotlib's ``s`` is the width squared)."""
    return marker_area(graph, node) ** 0.5 / 2


def right_edge(figure: Figure, texts: list) -> float:
    """The right end of the rightmost label, as a fraction of the figure width, so the legend
    can start beyond the labels that stick out of the axes."""
    renderer = figure.canvas.get_renderer()
    right = max((t.get_window_extent(renderer).x1 for t in texts), default=0.0)
    return right / figure.bbox.width


def labelled(graph: nx.Graph, limit: int = 60) -> set[str]:
    """Every node of a small picture; in a big one the meetings, projects and the best-tied
    organisations up to ``limit`` labels, so the names that matter stay legible."""
    if len(graph) <= limit:
        return set(graph)
    ranked = sorted(graph, key=lambda n: (graph.nodes[n]["kind"] == "org", -graph.degree(n), n))
    return set(ranked[:limit])


def _label(ax, cmp: Comparison, node: str, kind: str, xy: tuple[float, float],
           centre: tuple[float, float], radius: float):
    """A node's label, meetings bold and projects italic; see ``drawing.radial_label``."""
    text = cmp.label(node)
    text = textwrap.fill(text, 26) if kind == "meeting" else _short(text, 26)
    return radial_label(ax, text, xy, centre, offset=radius + 3, fontsize=8,
                        fontweight="bold" if kind == "meeting" else "normal",
                        fontstyle="italic" if kind == "project" else "normal")


def _draw_edges(ax, graph: nx.Graph, pos: dict) -> None:
    for tie, style, colour in (("meeting", "solid", "#9e9e9e"), ("member", "solid", "#555555"),
                               ("funder", "dashed", "#c8372d")):
        segments = [(pos[u], pos[v]) for u, v, t in graph.edges(data="tie") if t == tie]
        if segments:
            ax.add_collection(LineCollection(segments, colors=colour, linestyles=style,
                                             linewidths=1.0, alpha=0.7, zorder=1))


def _draw_nodes(ax, cmp: Comparison, graph: nx.Graph, pos: dict, colours: dict) -> None:
    for kind, marker in (("meeting", "s"), ("project", "D")):
        nodes = sorted(n for n, k in graph.nodes(data="kind") if k == kind)
        if nodes:
            face = MEETING_COLOUR if kind == "meeting" else PROJECT_COLOUR
            ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes],
                       s=[marker_area(graph, n) for n in nodes], marker=marker, c=face,
                       edgecolors="#222222", linewidths=1.2, zorder=3)
    orgs = sorted(n for n, k in graph.nodes(data="kind") if k == "org")
    if orgs:
        ax.scatter([pos[n][0] for n in orgs], [pos[n][1] for n in orgs],
                   s=[marker_area(graph, n) for n in orgs],
                   c=[colours.get(cmp.facts.org_type.get(n), colours[None]) for n in orgs],
                   edgecolors="#222222", linewidths=0.8, zorder=4)


def _network_legend(figure: Figure, cmp: Comparison, graph: nx.Graph, colours: dict,
                    column: str, anchor: float) -> None:
    present = sorted({cmp.facts.org_type.get(n) for n, k in graph.nodes(data="kind")
                      if k == "org"}, key=lambda t: (t is None, cmp.label(t) if t else ""))
    handles = [Line2D([], [], marker="o", ls="", markersize=9, markerfacecolor=colours[t],
                      markeredgecolor="#222222",
                      label=cmp.label(t) if t else "type unknown") for t in present]
    handles += [
        Line2D([], [], marker="s", ls="", markersize=10, markerfacecolor=MEETING_COLOUR,
               markeredgecolor="#222222", label="meeting"),
        Line2D([], [], marker="D", ls="", markersize=8, markerfacecolor=PROJECT_COLOUR,
               markeredgecolor="#222222", label="project"),
        Line2D([], [], color="#9e9e9e", label="took part (member attended / organised)"),
        Line2D([], [], color="#555555", label="project member"),
        Line2D([], [], color="#c8372d", ls="--", label="funds project"),
    ]
    note = f"{_meetings(cmp.meetings(column))}; node size = ties"
    if cmp.few_meetings(column):
        note += f"\n! fewer than {cmp.min_meetings} meetings"
    figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(anchor + 0.01, 0.93),
                  fontsize=9.5, title=f"Organisation type\n({note})", title_fontsize=9.5,
                  alignment="left", frameon=False)


# --- degree distributions ------------------------------------------------------------------

def degree_figure(cmp: Comparison) -> Figure:
    """Share of nodes per degree in the people and the organisation network, per country."""
    figure = Figure(figsize=(12, 4.8), layout="constrained")
    axes = figure.subplots(1, 2)
    for ax, (key, title) in zip(axes, (("people", "People network (shared meetings)"),
                                       ("orgs", "Organisation network (meetings, projects)")),
                                strict=True):
        _degree_panel(ax, cmp, key)
        ax.set_title(title, fontsize=11)
    figure.suptitle("Degree distributions: share of nodes with each number of ties",
                    fontsize=13)
    footnote(figure, cmp)
    return figure


def _degree_panel(ax, cmp: Comparison, key: str) -> None:
    shown = [c for c in countries(cmp) if len(cmp.networks[c][key])]
    width = 0.8 / max(len(shown), 1)
    for i, column in enumerate(shown):
        graph = cmp.networks[column][key]
        counts = Counter(d for _, d in graph.degree())
        xs = sorted(counts)
        ys = [counts[x] / len(graph) for x in xs]
        warn = " !" if cmp.few_meetings(column) else ""
        nodes = "1 node" if len(graph) == 1 else f"{len(graph)} nodes"
        ax.bar([x + (i - (len(shown) - 1) / 2) * width for x in xs], ys, width=width,
               color=_country_colour(column), label=f"{cmp.column_label(column)} (n={nodes}){warn}")
    ax.set_xlabel("degree (number of partners)")
    ax.set_ylabel("share of nodes")
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    empty = [Line2D([], [], ls="", label=f"{cmp.column_label(c)}: no nodes")
             for c in countries(cmp) if c not in shown]
    handles = ax.get_legend_handles_labels()[0] + empty
    ax.legend(handles=handles, fontsize=9, frameon=False)
    if not shown:
        ax.text(0.5, 0.5, "no ties", ha="center", transform=ax.transAxes)


# --- topic profile -----------------------------------------------------------------------------

def topic_figure(cmp: Comparison) -> Figure:
    """Share of topic assignments per topic, countries side by side (horizontal bars)."""
    profiles = {c: metrics.topic_profile(cmp.parts[c].topics) for c in countries(cmp)}
    overall = metrics.topic_profile(cmp.parts[ALL].topics)
    topics = sorted(overall, key=lambda t: (-overall[t], cmp.label(t)))
    shown = [c for c in countries(cmp) if profiles[c]]
    figure = Figure(figsize=(10, 1.2 + 0.42 * max(len(topics), 3)), layout="constrained")
    ax = figure.add_subplot()
    height = 0.8 / max(len(shown), 1)
    for i, column in enumerate(shown):
        fractions = metrics.shares(profiles[column])
        total = sum(profiles[column].values())
        warn = " !" if cmp.few_meetings(column) else ""
        ax.barh([y + i * height for y in range(len(topics))],
                [fractions.get(t, 0.0) for t in topics], height=height,
                color=_country_colour(column),
                label=f"{cmp.column_label(column)} (n={total} assignments, "
                      f"{_meetings(cmp.meetings(column))}){warn}")
    ax.set_yticks([y + height * (len(shown) - 1) / 2 for y in range(len(topics))],
                  [_short(cmp.label(t), 48) for t in topics])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_xlabel("share of the country's topic assignments (agendas, decisions, actions)")
    ax.set_title("Topic profile", fontsize=13, loc="left")
    ax.grid(axis="x", alpha=0.3)
    if shown:
        ax.legend(loc="lower right", fontsize=9)
    footnote(figure, cmp)
    return figure


# --- funder mix -------------------------------------------------------------------------------

def funder_figure(cmp: Comparison) -> Figure:
    """Funding ties by funder type: one 100 % bar per country, counts written in the bars."""
    facts = cmp.facts
    mixes = {c: metrics.funder_mix(cmp.parts[c].funding, facts.org_type, facts.regional_orgs)
             for c in countries(cmp)}
    columns = countries(cmp)
    figure = Figure(figsize=(10, 1.6 + 0.7 * len(columns)), layout="constrained")
    ax = figure.add_subplot()
    for y, column in enumerate(columns):
        _funder_bar(ax, y, mixes[column])
    ax.set_yticks(range(len(columns)), [_funder_ylabel(cmp, c, mixes[c]) for c in columns])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_xlabel("share of funding ties (distinct funder × funded item)")
    ax.set_title("Funder mix by funder type", fontsize=13, loc="left")
    handles = [Patch(color=FUNDER_COLOURS[k], label=FUNDER_LABELS[k])
               for k in metrics.FUNDER_CATEGORIES]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=6,
              fontsize=9, frameon=False)
    footnote(figure, cmp)
    return figure


def _funder_ylabel(cmp: Comparison, column: str, mix: Counter[str]) -> str:
    warn = " !" if cmp.few_meetings(column) else ""
    return f"{cmp.column_label(column)}\n(n={sum(mix.values())} ties){warn}"


def _funder_bar(ax, y: int, mix: Counter[str]) -> None:
    total = sum(mix.values())
    if not total:
        ax.text(0.01, y, "no funding ties in the minutes", va="center", fontsize=9,
                color="#555555")
        return
    left = 0.0
    for key in metrics.FUNDER_CATEGORIES:
        share = mix.get(key, 0) / total
        if share:
            ax.barh(y, share, left=left, color=FUNDER_COLOURS[key], edgecolor="white",
                    height=0.6)
            ax.text(left + share / 2, y, str(mix[key]), ha="center", va="center", fontsize=9,
                    color="black")
            left += share
