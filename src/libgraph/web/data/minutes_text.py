"""The minutes text with every mention highlighted and linked, built from offsets.

The text is cut at every mention start and end into elementary segments; each segment knows
the mentions covering it. Templates escape each segment's text, so no markup is ever built
by string concatenation. Overlapping and nested mentions (the same words can be a person
mention and an attendance mention) are handled because segments never overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ...ns import LG
from ..backend import Term
from ..rdfterms import sparql_iri
from ..state import Ctx

MEETING = str(LG.Meeting)


@dataclass(frozen=True)
class Span:
    """One mention's place in the text and what it is about."""

    start: int
    end: int
    bodies: tuple[str, ...]
    rule: str | None


def highlight_range(raw: str | None) -> tuple[int, int] | None:
    """``?hl=12-40`` as a pair, or None for a missing or malformed value."""
    if not raw:
        return None
    start, sep, end = raw.partition("-")
    if not (sep and start.isdigit() and end.isdigit() and len(raw) < 24):
        return None
    return int(start), int(end)


def fetch_spans(ctx: Ctx, minutes: str, length: int) -> list[Span]:
    """Every mention whose target's source is ``minutes``, with valid offsets."""
    rows = ctx.backend.select(f"""SELECT ?m ?start ?end ?body ?rule WHERE {{
      ?m oa:hasTarget ?t . ?t oa:hasSource {sparql_iri(minutes)} ; oa:hasSelector ?ps .
      ?ps oa:start ?start ; oa:end ?end . ?m oa:hasBody ?body
      OPTIONAL {{ ?m lg:rule ?rule }} }} ORDER BY ?start ?m ?body""")
    grouped: dict[str, dict[str, Any]] = {}
    for r in rows:
        item = grouped.setdefault(r["m"].value, {"start": r["start"].value, "end": r["end"].value,
                                                 "bodies": [], "rule": r.get("rule")})
        item["bodies"].append(r["body"].value)
    spans = []
    for item in grouped.values():
        start, end = _int(item["start"]), _int(item["end"])
        if start is not None and end is not None and 0 <= start < end <= length:
            rule = item["rule"].value if item["rule"] is not None else None
            spans.append(Span(start, end, tuple(item["bodies"]), rule))
    return spans


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def segments(text: str, spans: list[Span],
             extra: tuple[int, ...] = ()) -> list[tuple[int, int, list[Span]]]:
    """``(start, end, covering spans)`` for consecutive pieces of ``text``, also cut at the
    ``extra`` offsets (a highlighted range that is not a mention: a search hit)."""
    inside = (c for c in extra if 0 < c < len(text))
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans), *inside})
    pending = sorted(spans, key=lambda s: s.start)
    active: list[Span] = []
    pieces = []
    for start, end in pairwise(cuts):
        while pending and pending[0].start <= start:
            active.append(pending.pop(0))
        active = [s for s in active if s.end > start]
        pieces.append((start, end, list(active)))
    return pieces


def _primary_body(ctx: Ctx, covering: list[Span], meetings: set[str]) -> str:
    innermost = min(covering, key=lambda s: (s.end - s.start, s.start))
    for body in innermost.bodies:
        if body not in meetings:
            return body
    return innermost.bodies[0]


def render_segments(ctx: Ctx, text: str, spans: list[Span],
                    hl: tuple[int, int] | None) -> list[dict[str, Any]]:
    """Plain dicts the template turns into escaped text, marks, links and anchors."""
    ctx.labeller.prefetch(b for s in spans for b in s.bodies)
    meetings = _meetings(ctx, spans)
    out = []
    for start, end, covering in segments(text, spans, hl or ()):
        piece: dict[str, Any] = {"text": text[start:end]}
        anchors = {f"m-{s.start}-{s.end}" for s in covering if s.start == start}
        if hl and hl[0] == start:
            anchors.add(f"m-{hl[0]}-{hl[1]}")
        if anchors:
            piece["anchors"] = sorted(anchors)
        if hl and hl[0] <= start and end <= hl[1]:
            piece["hl"] = True
        if covering:
            body = _primary_body(ctx, covering, meetings)
            labels = dict.fromkeys(ctx.labeller.label(b) for s in covering for b in s.bodies)
            piece.update(href=ctx.href(body), title=" · ".join(labels),
                         hl=bool(hl and hl[0] <= start and end <= hl[1]))
        out.append(piece)
    return out


def _meetings(ctx: Ctx, spans: list[Span]) -> set[str]:
    bodies = sorted({b for s in spans for b in s.bodies if len(s.bodies) > 1})
    if not bodies:
        return set()
    from ..rdfterms import values_clause

    rows = ctx.backend.select(
        f"SELECT ?b WHERE {{ {values_clause('b', bodies)} ?b a {sparql_iri(MEETING)} }}")
    return {r["b"].value for r in rows}


def minutes_section(ctx: Ctx, iri: str, out: dict[str, list[Term]]) -> dict[str, Any]:
    """The text section of a minutes page."""
    texts = out.get("http://schema.org/text", [])
    text = texts[0].value if texts else ""
    spans = fetch_spans(ctx, iri, len(text))
    return {"id": "text", "title": "Text", "type": "text", "total": 1 if text else 0,
            "columns": [], "rows": [], "mentions": len(spans),
            "segments": render_segments(ctx, text, spans, ctx.highlight)}
