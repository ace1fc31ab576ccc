"""The special sections of an entity page, one builder per kind of thing.

Each builder runs a few SPARQL queries about the entity and returns section tables (see
:mod:`.cells`). The generic statement lists stay on the page too; sections put the same facts
in the order a reader of minutes expects (attendees with their organisations, meetings over
time, the libraries of a municipality).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from ...ns import LG, ORG, SCHEMA
from ..backend import LocalBackend, Term
from ..rdfterms import sparql_iri
from ..state import Ctx
from . import generated
from .cells import EVIDENCE, links, opt, prefetch_rows, section, text

Sections = list[dict[str, Any]]
# The meeting's people tables: each property as the queries write it, its IRI, its role.
CURIES = {"schema:attendee": str(SCHEMA.attendee), "lg:absentee": str(LG.absentee),
          "lg:minuteTaker": str(LG.minuteTaker)}
ATTENDANCE = dict(zip(CURIES.values(), ("present", "sent regrets", "minute taker"), strict=True))
MEMBER_OF = str(ORG.memberOf)
Builder = Callable[[Ctx, str, dict[str, list[Term]]], Sections]


def sections_for(ctx: Ctx, kind: str | None, iri: str, out: dict[str, list[Term]]) -> Sections:
    """The sections for an entity of ``kind`` (none for kinds without special sections)."""
    from .sections_more import MORE_BUILDERS

    builders: dict[str, Builder] = {"meeting": meeting_sections, "person": person_sections,
                                    "org": org_sections, **MORE_BUILDERS}
    builder = builders.get(kind or "")
    return [s for s in builder(ctx, iri, out) if s["total"]] if builder else []


def people_table(ctx: Ctx, sid: str, title: str, meeting: str, prop: str,
                 orgs: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """People linked to a meeting by ``prop``, with their organisations (``orgs``: what
    :func:`people_orgs` gives, when the caller has asked already)."""
    if orgs is None:
        orgs = people_orgs(ctx, meeting, prop)
    ctx.labeller.prefetch([*orgs, *(o for os in orgs.values() for o in os)])
    said = ctx.witnesses().need(orgs, meeting=meeting)
    table = [[ctx.link(p), links(ctx, os), said.about(p, also=meeting, meeting=meeting)]
             for p, os in orgs.items()]
    table.sort(key=lambda r: r[0]["label"])
    return section(sid, title, ["Person", "Organisation", EVIDENCE], table)


def people_orgs(ctx: Ctx, meeting: str, prop: str) -> dict[str, list[str]]:
    """The people of ``<meeting> prop ?p``, each with its organisations."""
    backend = ctx.backend
    if isinstance(backend, LocalBackend):
        return _people_orgs(backend, meeting, prop)
    rows = backend.select(f"""SELECT ?p (GROUP_CONCAT(STR(?o); separator=" ") AS ?orgs)
      WHERE {{ {sparql_iri(meeting)} {prop} ?p . OPTIONAL {{ ?p org:memberOf ?o }} }}
      GROUP BY ?p""")
    return {r["p"].value: (opt(r, "orgs") or "").split() for r in rows}


def _people_orgs(backend: LocalBackend, meeting: str, prop: str) -> dict[str, list[str]]:
    """The people of ``<meeting> prop ?p`` with their ``org:memberOf`` values, by index
    look-ups (store order, as the GROUP BY query gives them) instead of that query, whose
    parsing and planning cost more than its answer on a build (three per meeting page)."""
    found = {}
    for person in backend.objects(meeting, CURIES[prop]):
        orgs = [] if isinstance(person, ox.Literal) else backend.objects(person, MEMBER_OF)
        found[person.value] = " ".join(o.value for o in orgs).split()
    return found


MEETING_FACTS = (("Date", "http://schema.org/startDate"), ("Until", "http://schema.org/endDate"),
                 ("Type", "https://w3id.org/libgraph/ontology#meetingType"),
                 ("Country", "https://w3id.org/libgraph/ontology#country"),
                 ("Place", "http://schema.org/location"),
                 ("Organiser", "http://schema.org/organizer"),
                 ("Minutes", "https://w3id.org/libgraph/ontology#minutes"),
                 ("Topics", "http://purl.org/dc/terms/subject"))


def facts(ctx: Ctx, out: dict[str, list[Term]],
          wanted: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """A short "key facts" list from the entity's own statements."""
    ctx.labeller.prefetch(t.value for _l, p in wanted for t in out.get(p, [])
                          if isinstance(t, ox.NamedNode))
    items = [{"label": label, "values": [{**ctx.value(t), "datatype": None} for t in out[prop]]}
             for label, prop in wanted if out.get(prop)]
    return {"id": "facts", "title": "Key facts", "type": "facts", "items": items,
            "total": len(items), "columns": [], "rows": []}


def meeting_sections(ctx: Ctx, iri: str, out: dict[str, list[Term]]) -> Sections:
    """Key facts, attendees, absentees, minute taker, decisions and actions of a meeting."""
    decisions = generated.ask(ctx.backend, iri, generated.DECISIONS)
    actions = generated.ask(ctx.backend, iri, generated.ACTIONS)
    prefetch_rows(ctx, decisions + actions, ["d", "a", "agent"])
    ctx.labeller.prefetch(t for r in decisions for t in (opt(r, "topics") or "").split())
    inferred = [t.value for t in out.get("https://w3id.org/libgraph/ontology#dateInferred", [])]
    key = facts(ctx, out, MEETING_FACTS)
    said = ctx.witnesses().need(r[v].value for r in decisions + actions for v in ("d", "a")
                                if v in r)
    if inferred == ["true"]:
        key["note"] = "The date was inferred (it is not written in the minutes)."
    people = {prop: people_orgs(ctx, iri, prop) for prop in CURIES}
    # the evidence of the three tables in one question (each table's own finds it asked)
    said.need([p for orgs in people.values() for p in orgs], meeting=iri)
    return [
        key,
        people_table(ctx, "attendees", "Attendees", iri, "schema:attendee",
                     people["schema:attendee"]),
        people_table(ctx, "absentees", "Absentees (sent regrets)", iri, "lg:absentee",
                     people["lg:absentee"]),
        people_table(ctx, "minute-taker", "Minute taker", iri, "lg:minuteTaker",
                     people["lg:minuteTaker"]),
        section("decisions", "Decisions", ["Decision", "Topics", EVIDENCE],
                [[{**ctx.link(r["d"].value), "label": opt(r, "desc") or ctx.label(r["d"])},
                  links(ctx, (opt(r, "topics") or "").split()),
                  said.about(r["d"].value, meeting=iri, alone=True)] for r in decisions]),
        section("actions", "Action items", ["Action", "Who", EVIDENCE],
                [[{**ctx.link(r["a"].value), "label": opt(r, "desc") or ctx.label(r["a"])},
                  ctx.link(r["agent"].value) if "agent" in r else None,
                  said.about(r["a"].value, meeting=iri, alone=True)] for r in actions]),
    ]


def person_sections(ctx: Ctx, iri: str, out: dict[str, list[Term]]) -> Sections:
    """A person's meetings over time and affiliations."""
    meetings = generated.ask(ctx.backend, iri, generated.PERSON_MEETINGS)
    affiliations = generated.ask(ctx.backend, iri, generated.AFFILIATIONS)
    prefetch_rows(ctx, meetings + affiliations, ["m", "country", "ms", "org", "role"])
    said = ctx.witnesses().need([iri, *(r["ms"].value for r in affiliations)])
    said.need((r["org"].value for r in affiliations), within=iri)
    return [
        section("meetings", "Meetings over time", ["Date", "Meeting", "As", "Country", EVIDENCE],
                [[text(opt(r, "date")), ctx.link(r["m"].value),
                  text(ATTENDANCE.get(r["role"].value, r["role"].value)),
                  ctx.link(r["country"].value) if "country" in r else None,
                  said.about(iri, also=r["m"].value, meeting=r["m"].value)]
                 for r in meetings]),
        section("affiliations", "Affiliations", ["Organisation", "Role", "Role as written",
                                                 "Affiliation", EVIDENCE],
                [[ctx.link(r["org"].value), ctx.link(r["role"].value) if "role" in r else None,
                  text(opt(r, "written")), ctx.link(r["ms"].value),
                  said.about(r["ms"].value, alone=True)
                  or said.about(r["org"].value, also=iri)] for r in affiliations]),
    ]


def org_sections(ctx: Ctx, iri: str, out: dict[str, list[Term]]) -> Sections:
    """An organisation's people, meetings, projects and grants."""
    people = generated.ask(ctx.backend, iri, generated.ORG_PEOPLE)
    meetings = generated.ask(ctx.backend, iri, generated.ORG_MEETINGS)
    projects = generated.ask(ctx.backend, iri, generated.ORG_PROJECTS)
    prefetch_rows(ctx, people + meetings + projects, ["p", "role", "m", "x"])
    said = ctx.witnesses().need([iri, *(r["p"].value for r in people),
                                 *(r["x"].value for r in projects)], within=iri)
    return [
        section("people", "People", ["Person", "Role", "Role as written", EVIDENCE],
                sorted([[ctx.link(r["p"].value), ctx.link(r["role"].value) if "role" in r
                         else None, text(opt(r, "written")), said.about(r["p"].value, also=iri)]
                        for r in people], key=lambda row: (row[0]["label"], row[0]["iri"]))),
        section("meetings", "Meetings", ["Date", "Meeting", "How", EVIDENCE],
                [[text(opt(r, "date")), ctx.link(r["m"].value), text(opt(r, "hows")),
                  said.about(iri, meeting=r["m"].value)] for r in meetings]),
        section("projects", "Projects and grants", ["Project or grant", "As", EVIDENCE],
                [[ctx.link(r["x"].value), text(r["how"].value),
                  said.about(r["x"].value, also=iri, alone=True)] for r in projects]),
    ]
