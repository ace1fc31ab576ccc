"""The named queries of ``queries/*.rq`` for the editor, read with :mod:`libgraph.query`.

``libgraph.query`` owns the header format and the safe parameter substitution; here a query
becomes the text the editor shows: parameters bound to their defaults (or to values given in
the URL, ``/sparql?name=attendance&meeting=id:meeting/x``) and project PREFIX lines added for
the prefixes it uses, so the text also runs on other endpoints. The explorer ships a few
examples of its own for builds installed without ``queries/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import query as lgquery
from .sparql.protocol import with_prefixes

EXAMPLES = Path(__file__).resolve().parent / "examples"


def load_named(directory: Path | None = None) -> list[lgquery.NamedQuery]:
    """Every named query (``directory``, else ``queries/``; the examples if there are none)."""
    try:
        found = lgquery.list_queries(directory)
    except (FileNotFoundError, lgquery.QueryUsageError):
        found = []
    return found or lgquery.list_queries(EXAMPLES)


def editor_text(query: lgquery.NamedQuery, values: Mapping[str, str]) -> tuple[str, str | None]:
    """The query with parameters bound and prefixes declared; and a problem, if any."""
    wanted = {k: v for k, v in values.items() if query.param(k) is not None}
    try:
        bound = lgquery.bind_values(query, wanted)
    except lgquery.QueryUsageError as err:
        return with_prefixes(query.text), str(err)
    return with_prefixes(lgquery.substitute(query.text, bound)), None


def describe(query: lgquery.NamedQuery, values: Mapping[str, str]) -> dict[str, Any]:
    """Plain data about a named query for pages and JSON."""
    text, problem = editor_text(query, values)
    return {"name": query.name, "title": query.title or query.name,
            "description": query.description, "form": query.form, "query": text,
            "problem": problem,
            "params": [{"name": p.name, "default": p.default, "type": p.type,
                        "allowed": list(p.allowed), "description": p.description}
                       for p in query.params]}
