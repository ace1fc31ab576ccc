"""Sections for projects, places (municipality, region, country), topics and minutes."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ...ns import PROV
from ..backend import LocalBackend, Term
from ..rdfterms import sparql_iri
from ..state import Ctx
from . import evidence_local as local
from .cells import EVIDENCE, opt, prefetch_rows, section, text
from .minutes_text import minutes_section

Sections = list[dict[str, Any]]
DERIVED_FROM = str(PROV.wasDerivedFrom)
MENTIONED_IN = """SELECT DISTINCT ?m ?date WHERE {{
  {{ ?men oa:hasBody {node} ; oa:hasTarget ?t . ?t oa:hasSource ?doc }}
  UNION {{ {node} prov:wasDerivedFrom ?doc }}
  ?m lg:minutes ?doc . OPTIONAL {{ ?m schema:startDate ?date }} }} ORDER BY ?date ?m"""


def mentioned_in_meetings(ctx: Ctx, iri: str, out: dict[str, list[Term]]) -> dict[str, Any]:
    """Meetings whose minutes mention ``iri`` (through evidence or derivation); on a build
    from the mentions index (a quarter of a project page's CPU as a query), else asked."""
    rows = _local_meetings(ctx, iri, out)
    if rows is None:
        rows = ctx.backend.select(MENTIONED_IN.format(node=sparql_iri(iri)))
    prefetch_rows(ctx, rows, ["m"])
    return section("mentioned-in", "Mentioned in the minutes of", ["Date", "Meeting"],
                   [[text(opt(r, "date")), ctx.link(r["m"].value)] for r in rows])


def project_sections(ctx: Ctx, iri: str, out: dict[str, list[Term]]) -> Sections:
    """Participants, funders and grants of a project, and where it is mentioned."""
    node = sparql_iri(iri)
    grants = ctx.backend.select(f"""SELECT ?g ?funder ?value ?cur ?written WHERE {{
      ?g schema:fundedItem {node} . OPTIONAL {{ ?g schema:funder ?funder }}
      OPTIONAL {{ ?g schema:amount ?a . ?a schema:value ?value
                  OPTIONAL {{ ?a schema:currency ?cur }} }}
      OPTIONAL {{ ?g lg:amountText ?written }} }}""")
    members = [t.value for t in out.get("http://schema.org/member", [])]
    funders = [t.value for t in out.get("http://schema.org/funder", [])]
    prefetch_rows(ctx, grants, ["g", "funder"])
    ctx.labeller.prefetch(members + funders)
    said = ctx.witnesses().need([*members, *funders, *(r["g"].value for r in grants)],
                                within=iri)
    return [
        section("participants", "Participants", ["Participant", EVIDENCE],
                [[ctx.link(m), said.about(m, also=iri)] for m in members]),
        section("funders", "Funders", ["Funder", EVIDENCE],
                [[ctx.link(f), said.about(f, also=iri)] for f in funders]),
        section("grants", "Grants", ["Grant", "Funder", "Amount", "As written", EVIDENCE],
                [[ctx.link(r["g"].value), ctx.link(r["funder"].value) if "funder" in r else None,
                  text(" ".join(filter(None, [opt(r, "value"), opt(r, "cur")])) or None),
                  text(opt(r, "written")), said.about(r["g"].value, also=iri, alone=True)]
                 for r in grants]),
        mentioned_in_meetings(ctx, iri, out),
    ]


def _local_meetings(ctx: Ctx, iri: str, out: dict[str, list[Term]]
                    ) -> list[dict[str, Term]] | None:
    if not isinstance(ctx.backend, LocalBackend):
        return None
    derived = [t.value for t in out.get(DERIVED_FROM, []) if isinstance(t, ox.NamedNode)]
    found = local.meetings_mentioning(ctx.backend, iri, derived)
    if found is None:
        return None
    return [{"m": ox.NamedNode(m), **({"date": date} if date is not None else {})}
            for m, date in found]


def _served(node: str) -> str:
    """Organisations serving the area or a municipality inside it."""
    return (f"{{ ?o schema:areaServed {node} }} UNION "
            f"{{ ?o schema:areaServed ?inner . ?inner schema:containedInPlace {node} }}")


def place_sections(ctx: Ctx, iri: str, out: dict[str, list[Term]]) -> Sections:
    """Libraries, people and meetings of a municipality or region; a region's municipalities."""
    node = sparql_iri(iri)
    orgs = ctx.backend.select(f"SELECT DISTINCT ?o WHERE {{ {_served(node)} }} ORDER BY ?o")
    people = ctx.backend.select(f"""SELECT DISTINCT ?p ?o WHERE {{ {_served(node)}
      ?p org:memberOf ?o }} ORDER BY ?p""")
    meetings = ctx.backend.select(f"""SELECT DISTINCT ?m ?date WHERE {{ ?m a lg:Meeting .
      {{ ?m schema:location {node} }} UNION {{ ?m schema:location ?pl .
         ?pl schema:containedInPlace+ {node} }} UNION {{ ?m schema:organizer ?o . {_served(node)} }}
      OPTIONAL {{ ?m schema:startDate ?date }} }} ORDER BY DESC(?date)""")
    inside = ctx.backend.select(f"""SELECT ?x WHERE {{ ?x schema:containedInPlace {node} }}
      ORDER BY ?x""")
    prefetch_rows(ctx, orgs + people + meetings + inside, ["o", "p", "m", "x"])
    return [
        section("libraries", "Libraries and organisations", ["Organisation"],
                [[ctx.link(r["o"].value)] for r in orgs]),
        section("people", "People", ["Person", "Organisation"],
                [[ctx.link(r["p"].value), ctx.link(r["o"].value)] for r in people]),
        section("meetings", "Meetings", ["Date", "Meeting"],
                [[text(opt(r, "date")), ctx.link(r["m"].value)] for r in meetings]),
        section("contains", "Contains", ["Place"], sorted(
            [[ctx.link(r["x"].value)] for r in inside], key=lambda row: row[0]["label"])),
    ]


def topic_sections(ctx: Ctx, iri: str, out: dict[str, list[Term]]) -> Sections:
    """Meetings, decisions and projects about a topic."""
    rows = ctx.backend.select(f"""SELECT ?x ?date ?meeting WHERE {{
      ?x dcterms:subject {sparql_iri(iri)} . OPTIONAL {{ ?x schema:startDate ?date }}
      OPTIONAL {{ ?x prov:wasGeneratedBy ?meeting }} }} ORDER BY DESC(?date) ?x""")
    prefetch_rows(ctx, rows, ["x", "meeting"])
    kinds: dict[str, list[list[Any]]] = {"meeting": [], "decision": [], "project": []}
    for r in rows:
        kind = ctx.link(r["x"].value)["kind"]
        if kind in kinds:
            kinds[kind].append([ctx.link(r["x"].value), text(opt(r, "date")),
                                ctx.link(r["meeting"].value) if "meeting" in r else None])
    return [section(f"{k}s", title, ["", "Date", "Meeting"], kinds[k]) for k, title in
            (("meeting", "Meetings"), ("decision", "Decisions"), ("project", "Projects"))]


def country_sections(ctx: Ctx, iri: str, out: dict[str, list[Term]]) -> Sections:
    """A country's meetings and organisations (the full lists are one click away)."""
    node = sparql_iri(iri)
    meetings = ctx.backend.select(f"""SELECT ?m ?date WHERE {{ ?m lg:country {node} ; a lg:Meeting .
      OPTIONAL {{ ?m schema:startDate ?date }} }} ORDER BY DESC(?date)""")
    orgs = ctx.backend.select(f"""SELECT ?o WHERE {{ ?o lg:country {node} ;
      a org:Organization }} ORDER BY ?o""")
    prefetch_rows(ctx, meetings + orgs, ["m", "o"])
    return [
        section("meetings", "Meetings", ["Date", "Meeting"],
                [[text(opt(r, "date")), ctx.link(r["m"].value)] for r in meetings]),
        section("organisations", "Organisations", ["Organisation"],
                sorted([[ctx.link(r["o"].value)] for r in orgs], key=lambda x: x[0]["label"])),
    ]


def minutes_sections(ctx: Ctx, iri: str, out: dict[str, list[Term]]) -> Sections:
    """The meeting these minutes record, and the text with every mention highlighted."""
    rows = ctx.backend.select(f"SELECT ?m WHERE {{ ?m lg:minutes {sparql_iri(iri)} }}")
    prefetch_rows(ctx, rows, ["m"])
    meeting = section("meeting", "Minutes of", ["Meeting"],
                      [[ctx.link(r["m"].value)] for r in rows])
    return [meeting, minutes_section(ctx, iri, out)]


def topic_like(ctx: Ctx, iri: str, out: dict[str, list[Term]]) -> Sections:
    """Concepts: topics get their usage; other concepts (roles, types) their users."""
    return [*topic_sections(ctx, iri, out), _users(ctx, iri)]


def _users(ctx: Ctx, iri: str) -> dict[str, Any]:
    rows = ctx.backend.select(f"""SELECT ?x WHERE {{ ?x ?p {sparql_iri(iri)}
      FILTER(?p IN (org:classification, org:role, lg:meetingType)) }} ORDER BY ?x""")
    prefetch_rows(ctx, rows, ["x"])
    return section("used-by", "Used by", ["Thing"], [[ctx.link(r["x"].value)] for r in rows])


MORE_BUILDERS = {"project": project_sections, "municipality": place_sections,
                 "region": place_sections, "place": place_sections, "topic": topic_like,
                 "country": country_sections, "minutes": minutes_sections}

