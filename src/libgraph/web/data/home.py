"""The home page: what the dataset holds per country, and the latest meetings."""

from __future__ import annotations

from typing import Any

from ..state import Ctx
from .cells import opt

IN_MINUTES_OF_COUNTRY = (  # attended, or mentioned in / derived from the minutes
    "{ ?m lg:country ?c ; schema:attendee|lg:absentee|lg:minuteTaker ?x } UNION "
    "{ ?x prov:wasDerivedFrom ?doc . ?m lg:minutes ?doc ; lg:country ?c } UNION "
    "{ ?men oa:hasBody ?x ; oa:hasTarget ?t . ?t oa:hasSource ?doc . "
    "?m lg:minutes ?doc ; lg:country ?c }")
PER_COUNTRY = {
    "meetings": "?x a lg:Meeting ; lg:country ?c .",
    "minutes": "?m lg:minutes ?x ; lg:country ?c .",
    "people": f"?x a foaf:Person . {IN_MINUTES_OF_COUNTRY}",
    "organisations": "?x a org:Organization ; lg:country ?c .",
    "projects": f"?x a schema:Project . {IN_MINUTES_OF_COUNTRY}",
    "decisions": "?x a lg:Decision ; prov:wasGeneratedBy ?m . ?m lg:country ?c .",
}
LATEST = 10


def country_counts(ctx: Ctx) -> list[dict[str, Any]]:
    """Counts of meetings, minutes, people, organisations, projects and decisions by country."""
    countries = ctx.backend.select("SELECT ?c ?code WHERE { ?c a schema:Country . "
                                   "OPTIONAL { ?c dcterms:identifier ?code } } ORDER BY ?code")
    table = {r["c"].value: {"code": opt(r, "code"), "counts": {}} for r in countries}
    for name, pattern in PER_COUNTRY.items():
        rows = ctx.backend.select(
            f"SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }} GROUP BY ?c")
        for r in rows:
            table.setdefault(r["c"].value, {"code": None, "counts": {}})["counts"][name] = \
                int(r["n"].value)
    years = ctx.backend.select("SELECT ?c (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE { "
                               "?m lg:country ?c ; schema:startDate ?d } GROUP BY ?c")
    spans = {r["c"].value: (opt(r, "first"), opt(r, "last")) for r in years}
    ctx.labeller.prefetch(table)
    return [{"country": ctx.link(c), "code": v["code"],
             "slug": c.rsplit("/", 1)[-1],
             "counts": {k: v["counts"].get(k, 0) for k in PER_COUNTRY},
             "first": spans.get(c, (None, None))[0], "last": spans.get(c, (None, None))[1]}
            for c, v in table.items()]


def latest_meetings(ctx: Ctx) -> list[dict[str, Any]]:
    """The most recent meetings, newest first."""
    rows = ctx.backend.select(f"""SELECT ?m ?date ?c WHERE {{ ?m a lg:Meeting .
      OPTIONAL {{ ?m schema:startDate ?date }} OPTIONAL {{ ?m lg:country ?c }} }}
      ORDER BY DESC(?date) ?m LIMIT {LATEST}""")
    ctx.labeller.prefetch([r["m"].value for r in rows] + [r["c"].value for r in rows if "c" in r])
    return [{"meeting": ctx.link(r["m"].value), "date": opt(r, "date"),
             "country": ctx.link(r["c"].value) if "c" in r else None} for r in rows]


def home_data(ctx: Ctx) -> dict[str, Any]:
    """Everything the home page shows."""
    total = ctx.backend.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return {"triples": int(total[0]["n"].value) if total else 0,
            "countries": country_counts(ctx), "latest": latest_meetings(ctx),
            "lists": ["meetings", "people", "organisations", "projects"]}
