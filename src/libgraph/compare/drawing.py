"""Layout helpers for the network pictures: component packing and labels that do not overlap.

networkx's own drawing puts every label on its node and lets a force layout throw small
components to the corners; both make the demo's pictures unreadable. These helpers are small
and dependency-free (no adjustText).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

SEED = 42
GAP = 1.6  # data units between packed components (room for labels)


def packed_layout(graph: nx.Graph) -> tuple[dict, dict]:
    """Lay out each connected component on its own and pack them in rows, biggest first.

    A force layout of the whole graph pushes small components far away and crams the big
    one; packing keeps every part readable. Returns node positions and, per node, the centre
    of its component (labels are pushed away from it)."""
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), sorted(c)))
    radii = [0.6 + 0.8 * len(c) ** 0.5 for c in parts]
    area = sum((2 * r + GAP) ** 2 for r in radii)
    row_width = max(2 * max(radii), (1.8 * area) ** 0.5)
    pos, centres = {}, {}
    x = y = row_height = 0.0
    for part, radius in zip(parts, radii, strict=True):
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y - row_height - GAP, 0.0
        centre = (x + radius, y - radius)
        for node, (px, py) in component_layout(graph.subgraph(part), radius).items():
            pos[node] = (centre[0] + px, centre[1] + py)
            centres[node] = centre
        x += 2 * radius + GAP
        row_height = max(row_height, 2 * radius)
    return pos, centres


def component_layout(graph: nx.Graph, radius: float) -> dict:
    """Kamada–Kawai for small components (even spacing), spring above 150 nodes.

    Both start from positions that depend on node order, and set order changes from run to
    run (string hashing), so the component is rebuilt in sorted order first."""
    if len(graph) == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph))
    ordered.add_edges_from(sorted(tuple(sorted(e)) for e in graph.edges()))
    graph = ordered
    raw = nx.kamada_kawai_layout(graph) if len(graph) <= 150 else nx.spring_layout(graph,
                                                                                   seed=SEED)
    return nx.rescale_layout_dict(raw, scale=radius * (0.6 if len(graph) <= 3 else 1.0))


def extent(pos: dict) -> tuple[float, float]:
    """Width and height of a layout in data units."""
    if not pos:
        return 0.0, 0.0
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    return max(xs) - min(xs), max(ys) - min(ys)


def radial_label(ax, text: str, xy: tuple[float, float], centre: tuple[float, float],
                 offset: float = 9.0, **style) -> Annotation:
    """A label beside its node on the side facing away from ``centre``, so that the labels of
    a star fan out instead of piling up on the hub; :func:`repel` adds a faint leader line
    if it has to move the label."""
    dx, dy = xy[0] - centre[0], xy[1] - centre[1]
    norm = (dx * dx + dy * dy) ** 0.5
    ux, uy = (dx / norm, dy / norm) if norm > 1e-6 else (0.0, -1.0)
    return ax.annotate(
        text, xy, xytext=(offset * ux, offset * uy), textcoords="offset points",
        ha="left" if ux > 0.35 else "right" if ux < -0.35 else "center",
        va="bottom" if uy > 0.35 else "top" if uy < -0.35 else "center", zorder=5,
        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
        **style)


def marker_box(ax, xy: tuple[float, float], radius_pt: float) -> Bbox:
    """The display-space box of a node marker of ``radius_pt`` points centred on ``xy``."""
    x, y = ax.transData.transform(xy)
    half = radius_pt * ax.figure.dpi / 72.0
    return Bbox.from_extents(x - half, y - half, x + half, y + half)


def repel(figure: Figure, texts: list[Annotation], ax=None,
          markers: Iterable[tuple[tuple[float, float], float]] = (), iterations: int = 300,
          pad: float = 2.0) -> int:
    """Move labels off each other and off the node ``markers`` ((x, y) in data units of
    ``ax``, radius in points; they stay put) until nothing overlaps or the budget is spent;
    returns the overlaps left.

    The figure must have a fixed layout (no constrained layout), else the next draw would
    move the axes under the labels. ``figure.canvas.draw()`` is called once to measure."""
    if not texts:
        return 0
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    obstacles = [marker_box(ax, xy, r) for xy, r in markers] if ax is not None else []
    shifts = [[0.0, 0.0] for _ in texts]
    overlaps = 0
    for _ in range(iterations):
        overlaps = _push_apart(boxes, shifts, pad) + _push_off(boxes, shifts, obstacles, pad)
        if not overlaps:
            break
    to_points = 72.0 / figure.dpi
    for text, (sx, sy) in zip(texts, shifts, strict=True):
        x, y = text.xyann
        text.xyann = (x + sx * to_points, y + sy * to_points)
        if ax is not None and abs(sx) + abs(sy) > 3:
            _leader(ax, text)
    return overlaps


def _leader(ax, text: Annotation) -> None:
    """A faint line from a moved label back to its node, drawn under nodes and labels (so
    neither end needs clipping, which is slow in matplotlib)."""
    ax.annotate("", text.xy, xytext=text.xyann, textcoords="offset points", zorder=2,
                arrowprops={"arrowstyle": "-", "color": "#9e9e9e", "lw": 0.5, "shrinkA": 0,
                            "shrinkB": 0, "patchA": None})


def _overlap(a: Bbox, b: Bbox) -> tuple[float, float]:
    return min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)


def _move(boxes: list[Bbox], shifts: list[list[float]], k: int, axis: int, amount: float) -> None:
    move = (0.0, amount) if axis else (amount, 0.0)
    boxes[k] = boxes[k].translated(*move)
    shifts[k][axis] += amount


def _direction(a: Bbox, b: Bbox, axis: int) -> float:
    """+1 when ``a`` lies above (or right of) ``b`` along ``axis``, else −1."""
    ca = (a.y0 + a.y1) if axis else (a.x0 + a.x1)
    cb = (b.y0 + b.y1) if axis else (b.x0 + b.x1)
    return 1.0 if ca >= cb else -1.0


def _push_apart(boxes: list[Bbox], shifts: list[list[float]], pad: float) -> int:
    """One pass: each overlapping pair moves apart by half the overlap along the shorter axis."""
    overlaps = 0
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            ox, oy = _overlap(boxes[i], boxes[j])
            if ox <= -pad or oy <= -pad:
                continue
            overlaps += 1
            axis = 1 if oy <= ox else 0
            amount = ((oy if axis else ox) + pad) / 2
            sign = _direction(boxes[i], boxes[j], axis)
            _move(boxes, shifts, i, axis, sign * amount)
            _move(boxes, shifts, j, axis, -sign * amount)
    return overlaps


def _push_off(boxes: list[Bbox], shifts: list[list[float]], obstacles: list[Bbox],
              pad: float) -> int:
    """One pass: a label on a node marker moves off it (the marker stays where it is)."""
    overlaps = 0
    for i in range(len(boxes)):
        for obstacle in obstacles:
            ox, oy = _overlap(boxes[i], obstacle)
            if ox <= 0 or oy <= 0:
                continue
            overlaps += 1
            axis = 1 if oy <= ox else 0
            amount = (oy if axis else ox) + pad
            _move(boxes, shifts, i, axis, _direction(boxes[i], obstacle, axis) * amount)
    return overlaps
