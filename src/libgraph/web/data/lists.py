"""List pages with facets held in the URL, paging, and downloads of every row.

One query finds the (filtered, sorted) items; facet counts and the columns of the rows on the
page are then asked with ``VALUES`` over those items only. Facet values in URLs are short slugs
(``country=se``, ``topic=web``, ``year=2019``); a value is always re-checked before it goes into
SPARQL (IRIs through pyoxigraph's parser, years as integers), so a URL cannot inject a query.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Any
from urllib.parse import urlencode

from ..backend import iter_chunks
from ..querystring import encode
from ..rdfterms import is_iri, values_clause
from ..state import Ctx
from .listspecs import Column, Facet, ListSpec

PAGE_SIZE = 50
FACET_VALUES = 30
SLUG = re.compile(r"^[A-Za-z0-9_.-]{1,120}$")
SEP = "\u001f"
CELLS_LIMIT = 500_000  # list-row cells (item x column) an app keeps


@dataclass(frozen=True)
class Filter:
    """One active facet value, already checked: ``raw`` is the IRI or the year."""

    facet: Facet
    value: str  # the slug or year as in the URL
    raw: str


def resolve_prefix(prefix: str, base: str) -> str:
    """A facet's IRI prefix (``id:`` means the configurable data base)."""
    return base + "id/" + prefix[3:] if prefix.startswith("id:") else prefix


def parse_filters(spec: ListSpec, args: Iterable[tuple[str, str]], base: str) -> list[Filter]:
    """The valid facet filters among the URL arguments (invalid ones are ignored); values
    are matched without regard to case, as the slugs they name are all lower-case."""
    facets = {f.name: f for f in spec.facets}
    found: list[Filter] = []
    for name, given in args:
        facet = facets.get(name)
        value = given.lower()  # slugs are lower-case: country=SE is country=se
        raw = facet_raw(facet, value, base) if facet else None
        if facet and raw and all((f.facet.name, f.value) != (name, value) for f in found):
            found.append(Filter(facet, value, raw))
    return found


def facet_raw(facet: Facet, value: str, base: str) -> str | None:
    """The IRI (or year) a URL value stands for, or None if the value is not acceptable."""
    if facet.prefix is None:
        return value if value.isdigit() and len(value) == 4 else None
    if not SLUG.match(value):
        return None
    iri = resolve_prefix(facet.prefix, base) + value
    return iri if is_iri(iri) else None


def fill(pattern: str, item: str, value: str, tag: str) -> str:
    """A pattern with its placeholders replaced (``tag`` keeps helper variables apart)."""
    return pattern.replace("$ITEM", item).replace("$V", value).replace("$_", f"h{tag}_")


def class_items(ctx: Ctx, spec: ListSpec) -> list[str]:
    """Every item of the list's class, sorted (computed once per app: the graph is fixed)."""
    def compute() -> list[str]:
        sort = fill(spec.sort, "?item", "?s", "s")
        rows = ctx.backend.select(f"""SELECT ?item (MIN(STR(?s)) AS ?key) WHERE {{
          ?item a {spec.item_type} . OPTIONAL {{ {sort} }} }} GROUP BY ?item""")
        keyed = [(r["key"].value if "key" in r else "", r["item"].value) for r in rows]
        present = sorted((k, i) for k, i in keyed if k)
        if spec.descending:
            present.sort(key=lambda ki: ki[0], reverse=True)
        return [i for _k, i in present] + sorted(i for k, i in keyed if not k)
    return ctx.cache(f"list-items:{spec.name}", compute)  # type: ignore[no-any-return]


def facet_index(ctx: Ctx, spec: ListSpec, facet: Facet) -> dict[str, set[str]]:
    """Each value of a facet with the items that have it (computed once per app)."""
    def compute() -> dict[str, set[str]]:
        members = set(class_items(ctx, spec))
        index: dict[str, set[str]] = {}
        for n, pattern in enumerate(facet.patterns):
            body = fill(pattern, "?item", "?v", f"p{n}")
            for r in ctx.backend.select(f"SELECT DISTINCT ?item ?v WHERE {{ {body} }}"):
                item = r["item"].value
                if item in members:
                    index.setdefault(r["v"].value, set()).add(item)
        return index
    return ctx.cache(f"facet:{spec.name}:{facet.name}", compute)  # type: ignore[no-any-return]


def list_items(ctx: Ctx, spec: ListSpec, filters: list[Filter]) -> list[str]:
    """The items that pass every filter, in the list's order."""
    items = class_items(ctx, spec)
    if not filters:
        return items
    keep: set[str] | None = None
    for flt in filters:  # the index's sets are shared: intersect into new sets only
        members = facet_index(ctx, spec, flt.facet).get(flt.raw, set())
        keep = members if keep is None else keep & members
    return list(filter(keep.__contains__, items))  # type: ignore[union-attr]


def facet_by_item(ctx: Ctx, spec: ListSpec, facet: Facet) -> dict[str, tuple[str, ...]]:
    """Each item of the list with its values of a facet: the facet index turned around
    (computed once per app), so counting under filters is one pass over the matching items."""
    def compute() -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {item: [] for item in class_items(ctx, spec)}
        for raw, items in facet_index(ctx, spec, facet).items():
            for item in items:
                found[item].append(raw)
        return {item: tuple(values) for item, values in found.items()}
    return ctx.cache(f"facet-by-item:{spec.name}:{facet.name}",  # type: ignore[no-any-return]
                     compute)


def facet_counts(ctx: Ctx, spec: ListSpec, filters: list[Filter], path: str,
                 args: list[tuple[str, str]], items: list[str] | None = None
                 ) -> list[dict[str, Any]]:
    """Each facet's values with counts under the current filters, and toggle links
    (``items``: the matching items, when the caller has them already)."""
    current = list_items(ctx, spec, filters) if items is None else items
    out = []
    chosen = "|".join(sorted(f"{f.facet.name}={f.raw}" for f in filters))
    for facet in spec.facets:
        def top_values(facet: Facet = facet) -> list[tuple[str, int]]:
            if filters:
                by_item = facet_by_item(ctx, spec, facet)
                counts = list(Counter(chain.from_iterable(map(by_item.__getitem__,
                                                              current))).items())
            else:  # every item matches: the counts are the sizes of the index's sets
                counts = [(raw, len(members))
                          for raw, members in facet_index(ctx, spec, facet).items()]
            return sorted((c for c in counts if c[1]),
                          key=lambda rc: (-rc[1], rc[0]))[:FACET_VALUES]
        top = ctx.memo(f"facet-top:{spec.name}:{facet.name}:{chosen}", top_values)
        ctx.labeller.prefetch(raw for raw, _n in top if facet.prefix)
        values = [_facet_value(ctx, facet, raw, n, path, args) for raw, n in top]
        out.append({"name": facet.name, "title": facet.title,
                    "values": [v for v in values if v is not None]})
    return out


def _facet_value(ctx: Ctx, facet: Facet, raw: str, count: int, path: str,
                 args: list[tuple[str, str]]) -> dict[str, Any] | None:
    if facet.prefix is None:
        value, label = raw, raw
    else:
        prefix = resolve_prefix(facet.prefix, ctx.base)
        if not raw.startswith(prefix):
            return None
        value, label = raw[len(prefix):], ctx.labeller.label(raw)
    active = (facet.name, value) in args
    kept = [(k, v) for k, v in args if k != "page" and (k, v) != (facet.name, value)]
    toggled = kept if active else [*kept, (facet.name, value)]
    return {"value": value, "label": label, "count": count, "active": active,
            "href": path + ("?" + encode(toggled) if toggled else "")}


def column_values(ctx: Ctx, column: Column, items: list[str]) -> dict[str, list[str]]:
    """A column's values for the given items (IRIs or texts; a count as one text).

    On a fixed graph (a build) the values of each item are kept in ``ctx.cells``, shared by
    every page: most list pages show items that an earlier page (another facet, language or
    page number) showed already, and asking the store for five columns of 50 items is most
    of what a list page costs on a large graph. The cells stop growing at ``CELLS_LIMIT``.
    """
    known = None if ctx.cells is None else ctx.cells.setdefault((column.kind, column.pattern),
                                                                 {})
    wanted = items if known is None else [i for i in items if i not in known]
    found = _query_column(ctx, column, wanted) if wanted else {}
    empty = ["0"] if column.kind == "count" else []
    if known is None:
        return {item: found.get(item, empty) for item in items}
    if sum(map(len, ctx.cells.values())) < CELLS_LIMIT:  # type: ignore[union-attr]
        known.update({item: found.get(item, empty) for item in wanted})
    return {item: known[item] if item in known else found.get(item, empty) for item in items}


def _query_column(ctx: Ctx, column: Column, items: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    pattern = fill(column.pattern, "?item", "?v", "c")
    agg = ("(COUNT(DISTINCT ?v) AS ?vals)" if column.kind == "count"
           else f'(GROUP_CONCAT(DISTINCT STR(?v); separator="{SEP}") AS ?vals)')
    for chunk in iter_chunks(items, 400):
        rows = ctx.backend.select(f"""SELECT ?item {agg} WHERE {{ {values_clause('item', chunk)}
          {pattern} }} GROUP BY ?item""")
        for r in rows:
            found[r["item"].value] = sorted(r["vals"].value.split(SEP)) if r["vals"].value else []
    return found


def rows_for(ctx: Ctx, spec: ListSpec, items: list[str]) -> list[dict[str, Any]]:
    """Labelled rows (one dict per item) for the page's items."""
    columns = {c.name: column_values(ctx, c, items) for c in spec.columns}
    ctx.labeller.prefetch(items)
    ctx.labeller.prefetch(v for c in spec.columns if c.kind == "iri"
                          for vals in columns[c.name].values() for v in vals)
    rows = []
    for item in items:
        row: dict[str, Any] = {"item": ctx.link(item)}
        for c in spec.columns:
            vals = columns[c.name][item]
            row[c.name] = [ctx.link(v) for v in vals] if c.kind == "iri" else vals
        rows.append(row)
    return rows


def list_page(ctx: Ctx, spec: ListSpec, args: list[tuple[str, str]], page: int,
              path: str) -> dict[str, Any]:
    """The page dict: facets, the rows of one page, paging and download links."""
    filters = parse_filters(spec, args, ctx.base)
    items = list_items(ctx, spec, filters)
    pages = max(1, -(-len(items) // PAGE_SIZE))
    page = min(max(1, page), pages)
    shown = items[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    kept = [(k, v) for k, v in args if k != "page"]
    query = urlencode(kept)
    return {
        "name": spec.name, "title": spec.title, "item_title": spec.item_title,
        "total": len(items), "page": page,
        "pages": pages, "page_size": PAGE_SIZE,
        "columns": [{"name": c.name, "title": c.title, "kind": c.kind} for c in spec.columns],
        "filters": [{"facet": f.facet.name, "title": f.facet.title, "value": f.value}
                    for f in filters],
        "facets": facet_counts(ctx, spec, filters, path, kept, items),
        "rows": rows_for(ctx, spec, shown),
        "prev": _page_href(path, kept, page - 1) if page > 1 else None,
        "next": _page_href(path, kept, page + 1) if page < pages else None,
        "downloads": {"csv": f"{path}.csv" + (f"?{query}" if query else ""),
                      "json": f"{path}.json?" + urlencode([*kept, ("all", "1")])},
    }


def _page_href(path: str, args: list[tuple[str, str]], page: int) -> str:
    return path + "?" + encode([*args, ("page", str(page))])


def all_rows(ctx: Ctx, spec: ListSpec, args: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Every matching row (for the CSV and ``?all=1`` JSON downloads)."""
    items = list_items(ctx, spec, parse_filters(spec, args, ctx.base))
    return rows_for(ctx, spec, items)


def csv_table(spec: ListSpec, rows: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """Header and cells for CSV: labels for readers, IRIs for joins."""
    header = ["iri", "label"]
    for c in spec.columns:
        header += [c.name, f"{c.name}_iri"] if c.kind == "iri" else [c.name]
    table = []
    for row in rows:
        cells = [row["item"]["iri"], row["item"]["label"]]
        for c in spec.columns:
            vals = row[c.name]
            if c.kind == "iri":
                cells += ["; ".join(v["label"] for v in vals), " ".join(v["iri"] for v in vals)]
            else:
                cells.append("; ".join(vals))
        table.append(cells)
    return header, table
