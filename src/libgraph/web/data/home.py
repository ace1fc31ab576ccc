"""The home page: what the dataset holds per country, and the latest meetings."""

from __future__ import annotations

from typing import Any

from ..state import Ctx
from .cells import opt

#: Attended, mentioned in, or derived from the minutes of a meeting in country ?c. Asked as
#: separate queries and merged here: a UNION joined with more patterns is planned badly by
#: Oxigraph on large graphs (minutes instead of a fraction of a second at a million triples).
IN_MINUTES_OF_COUNTRY = (
    "?m lg:country ?c ; schema:attendee|lg:absentee|lg:minuteTaker ?x .",
    "?x prov:wasDerivedFrom ?doc . ?m lg:minutes ?doc ; lg:country ?c .",
    "?m lg:minutes ?doc ; lg:country ?c . ?t oa:hasSource ?doc . ?men oa:hasTarget ?t ; "
    "oa:hasBody ?x .",
)
PER_COUNTRY: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "meetings": (None, ("?x a lg:Meeting ; lg:country ?c .",)),
    "minutes": (None, ("?m lg:minutes ?x ; lg:country ?c .",)),
    "people": ("foaf:Person", IN_MINUTES_OF_COUNTRY),
    "organisations": (None, ("?x a org:Organization ; lg:country ?c .",)),
    "projects": ("schema:Project", IN_MINUTES_OF_COUNTRY),
    "decisions": (None, ("?x a lg:Decision ; prov:wasGeneratedBy ?m . ?m lg:country ?c .",)),
}
LATEST = 10


def country_counts(ctx: Ctx) -> list[dict[str, Any]]:
    """Counts of meetings, minutes, people, organisations, projects and decisions by country."""
    countries = ctx.backend.select("SELECT ?c ?code WHERE { ?c a schema:Country . "
                                   "OPTIONAL { ?c dcterms:identifier ?code } } ORDER BY ?code")
    table = {r["c"].value: {"code": opt(r, "code"), "counts": {}} for r in countries}
    for name, (kind, patterns) in PER_COUNTRY.items():
        for country, count in _count_by_country(ctx, kind, patterns).items():
            table.setdefault(country, {"code": None, "counts": {}})["counts"][name] = count
    years = ctx.backend.select("SELECT ?c (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE { "
                               "?m lg:country ?c ; schema:startDate ?d } GROUP BY ?c")
    spans = {r["c"].value: (opt(r, "first"), opt(r, "last")) for r in years}
    ctx.labeller.prefetch(table)
    return [{"country": ctx.link(c), "code": v["code"],
             "slug": c.rsplit("/", 1)[-1],
             "counts": {k: v["counts"].get(k, 0) for k in PER_COUNTRY},
             "first": spans.get(c, (None, None))[0], "last": spans.get(c, (None, None))[1]}
            for c, v in table.items()]


def _count_by_country(ctx: Ctx, kind: str | None, patterns: tuple[str, ...]) -> dict[str, int]:
    """Distinct ?x per ?c over the alternative patterns (of class ``kind`` if given)."""
    members = None
    if kind is not None:
        members = {r["x"].value for r in ctx.backend.select(f"SELECT ?x WHERE {{ ?x a {kind} }}")}
    pairs: set[tuple[str, str]] = set()
    for pattern in patterns:
        rows = ctx.backend.select(f"SELECT DISTINCT ?c ?x WHERE {{ {pattern} }}")
        pairs.update((r["c"].value, r["x"].value) for r in rows
                     if members is None or r["x"].value in members)
    counts: dict[str, int] = {}
    for country, _x in pairs:
        counts[country] = counts.get(country, 0) + 1
    return counts


def latest_meetings(ctx: Ctx) -> list[dict[str, Any]]:
    """The most recent meetings, newest first."""
    rows = ctx.backend.select(f"""SELECT ?m ?date ?c WHERE {{ ?m a lg:Meeting .
      OPTIONAL {{ ?m schema:startDate ?date }} OPTIONAL {{ ?m lg:country ?c }} }}
      ORDER BY DESC(?date) ?m LIMIT {LATEST}""")
    ctx.labeller.prefetch([r["m"].value for r in rows] + [r["c"].value for r in rows if "c" in r])
    return [{"meeting": ctx.link(r["m"].value), "date": opt(r, "date"),
             "country": ctx.link(r["c"].value) if "c" in r else None} for r in rows]


def home_data(ctx: Ctx) -> dict[str, Any]:
    """Everything the home page shows (computed once per language: the graph is fixed)."""
    def compute() -> dict[str, Any]:
        total = ctx.backend.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return {"triples": int(total[0]["n"].value) if total else 0,
                "countries": country_counts(ctx), "latest": latest_meetings(ctx),
                "lists": ["meetings", "people", "organisations", "projects"]}
    key = f"home:{ctx.lang}:{ctx.lang_explicit}"
    return ctx.cache(key, compute)  # type: ignore[no-any-return]
