"""Section tables: small, uniform dicts that one template macro renders.

A section is ``{id, title, columns, rows, total}``; a cell is a link dict (from
:meth:`Ctx.link`), ``{"text": ...}``, ``{"links": [...]}``, ``{"evidence": [...]}`` (¶ marks)
or ``{"quotes": [...], "more": n}`` (the words of the minutes, with the date of their
document; see ``evidence.Witnesses``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..backend import Row
from ..state import Ctx

SECTION_ROWS = 200
EVIDENCE = "In the minutes"  # the column of quotes beside each row's fact


def text(value: object | None, lang: str | None = None) -> dict[str, Any] | None:
    """A plain-text cell (None for a missing value)."""
    if value is None:
        return None
    return {"text": str(value), "lang": lang}


def links(ctx: Ctx, iris: Iterable[str]) -> dict[str, Any]:
    """A cell with several links."""
    return {"links": [ctx.link(i) for i in dict.fromkeys(iris)]}


def opt(row: Row, name: str) -> str | None:
    """A row's value as text, or None when the variable is unbound."""
    term = row.get(name)
    return term.value if term is not None else None


def section(sid: str, title: str, columns: list[str], rows: list[list[Any]],
            note: str | None = None) -> dict[str, Any]:
    """A table section, capped at :data:`SECTION_ROWS` rows with the total kept."""
    return {"id": sid, "title": title, "columns": columns, "rows": rows[:SECTION_ROWS],
            "total": len(rows), "note": note}


def prefetch_rows(ctx: Ctx, rows: list[Row], names: Iterable[str]) -> None:
    """Fetch the labels of every IRI in the given columns, in one round trip."""
    wanted = list(names)
    ctx.labeller.prefetch(r[n].value for r in rows for n in wanted if n in r)
