"""Rows of the entity pages' small queries by index look-ups on a build.

A meeting page asked two small SPARQL queries (its decisions and action items), a person page
two (meetings, affiliations) and an organisation page three (people, meetings, projects): a
tenth to a fifth of such a page's CPU went to Oxigraph's parse and plan for a dozen triples.
These functions give the same rows from the store's look-ups, in the order the queries give
them, or None where a row or its order would be the engine's to decide: rows an ``ORDER BY``
leaves tied (a meeting a person attended in two roles, two meetings of a day), a ``SAMPLE``
among several values, a ``GROUP_CONCAT`` of two different things; the caller then asks the
query. Where a query has no ``ORDER BY`` (affiliations, projects) or concatenates one
property's values (a decision's topics), the rows follow the store's order of the
statements, as Oxigraph's evaluation meets them: the tests compare each function with its
query for every thing of the demo, on both kinds of store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import pyoxigraph as ox

from ...ns import DCTERMS, LG, ORG, PROV, RDF, SCHEMA
from ..backend import Backend, LocalBackend, Row, Term
from ..rdfterms import plain_date, sparql_iri

GENERATED_BY, TYPE = str(PROV.wasGeneratedBy), str(RDF.type)
DESCRIPTION, SUBJECT, AGENT = str(DCTERMS.description), str(DCTERMS.subject), str(SCHEMA.agent)
DECISION, ACTION = ox.NamedNode(str(LG.Decision)), ox.NamedNode(str(LG.ActionItem))
ROLES = (str(SCHEMA.attendee), str(LG.absentee), str(LG.minuteTaker))  # the query's VALUES
START_DATE, COUNTRY = str(SCHEMA.startDate), str(LG.country)
MEMBER, ORGANIZATION, MEMBER_OF = str(ORG.member), str(ORG.organization), str(ORG.memberOf)
ORGANIZER, ATTENDEE = str(SCHEMA.organizer), str(SCHEMA.attendee)
PROJECT_LINKS = ((str(SCHEMA.funder), "funder"), (str(SCHEMA.member), "participant"),
                 (str(SCHEMA.fundedItem), "funded"))  # the query's UNION branches, in order
ROLE, ROLE_LABEL = str(ORG.role), str(LG.roleLabel)


def _of_type(backend: LocalBackend, meeting: str, kind: ox.NamedNode) -> list[str]:
    """``?x prov:wasGeneratedBy <meeting> ; a kind`` ordered by ``?x``."""
    return sorted(x for x in backend.subjects(GENERATED_BY, meeting)
                  if kind in backend.objects(x, TYPE))


def decision_rows(backend: LocalBackend, meeting: str) -> list[Row] | None:
    """The rows of ``SELECT ?d ?desc (GROUP_CONCAT(STR(?t); separator=" ") AS ?topics)``
    for ``meeting`` (grouped by decision and description, ordered by decision)."""
    rows: list[Row] = []
    for decision in _of_type(backend, meeting, DECISION):
        descriptions = backend.objects(decision, DESCRIPTION)
        if len(descriptions) > 1:
            return None
        topics = backend.objects(decision, SUBJECT)
        row: Row = {"d": ox.NamedNode(decision)}
        if descriptions:
            row["desc"] = descriptions[0]
        if topics:  # (Oxigraph leaves the concatenation of nothing unbound)
            row["topics"] = ox.Literal(" ".join(t.value for t in topics))
        rows.append(row)
    return rows


def action_rows(backend: LocalBackend, meeting: str) -> list[Row] | None:
    """The rows of ``SELECT ?a ?desc ?agent`` for ``meeting``, ordered by action."""
    rows: list[Row] = []
    for action in _of_type(backend, meeting, ACTION):
        descriptions = backend.objects(action, DESCRIPTION)
        agents = backend.objects(action, AGENT)
        if len(descriptions) > 1 or len(agents) > 1:
            return None
        row: Row = {"a": ox.NamedNode(action)}
        if descriptions:
            row["desc"] = descriptions[0]
        if agents:
            row["agent"] = agents[0]
        rows.append(row)
    return rows


def person_meeting_rows(backend: LocalBackend, person: str) -> list[Row] | None:
    """The rows of ``SELECT ?m ?role ?date ?country`` for ``person`` (``?m ?role <person>``
    for the three attendance roles), ordered by date (none first), then meeting."""
    rows: list[Row] = []
    for role in ROLES:
        for meeting in backend.subjects(role, person):
            dates = backend.objects(meeting, START_DATE)
            countries = backend.objects(meeting, COUNTRY)
            if len(dates) > 1 or len(countries) > 1 or not all(map(plain_date, dates)):
                return None
            row: Row = {"m": ox.NamedNode(meeting), "role": ox.NamedNode(role)}
            if dates:
                row["date"] = dates[0]
            if countries:
                row["country"] = countries[0]
            rows.append(row)
    keys = [(r["m"].value, _date(r)) for r in rows]
    if len(set(keys)) < len(keys):  # one meeting in two roles: tied
        return None
    return sorted(rows, key=lambda r: ("date" in r, _date(r), r["m"].value))


def affiliation_rows(backend: LocalBackend, person: str) -> list[Row]:
    """The rows of ``SELECT ?ms ?org ?role ?written`` for ``person`` (its memberships, each
    organisation, role and role as written), in the store's order."""
    rows: list[Row] = []
    for membership in backend.subjects(MEMBER, person):
        for org in backend.objects(membership, ORGANIZATION):
            for role in backend.objects(membership, ROLE) or [None]:
                for written in backend.objects(membership, ROLE_LABEL) or [None]:
                    row: Row = {"ms": ox.NamedNode(membership), "org": org}
                    if role is not None:
                        row["role"] = role
                    if written is not None:
                        row["written"] = written
                    rows.append(row)
    return rows


def org_people_rows(backend: LocalBackend, org: str) -> list[Row] | None:
    """The rows of ``SELECT ?p (SAMPLE(?r) AS ?role) (SAMPLE(?w) AS ?written)`` for ``org``
    (its members, directly or through a membership), one per person, in no promised order
    (the page sorts them); None when a person has two roles or two written roles there (the
    engine's SAMPLE would choose)."""
    found: dict[str, tuple[set[Term], set[Term]]] = {
        p: (set(), set()) for p in backend.subjects(MEMBER_OF, org)}
    for membership in backend.subjects(ORGANIZATION, org):
        for person in backend.objects(membership, MEMBER):
            if isinstance(person, ox.NamedNode):
                roles, written = found.setdefault(person.value, (set(), set()))
                roles.update(backend.objects(membership, ROLE))
                written.update(backend.objects(membership, ROLE_LABEL))
    rows: list[Row] = []
    for person, (roles, written) in found.items():
        if len(roles) > 1 or len(written) > 1:
            return None
        row: Row = {"p": ox.NamedNode(person)}
        if roles:
            row["role"] = next(iter(roles))
        if written:
            row["written"] = next(iter(written))
        rows.append(row)
    return rows


def org_meeting_rows(backend: LocalBackend, org: str) -> list[Row] | None:
    """The rows of ``SELECT ?m (SAMPLE(?d) AS ?date) (GROUP_CONCAT(DISTINCT ?how ...)``
    for ``org`` (meetings it organised, then meetings its people attended), newest first;
    None when two meetings share a date or have none (tied under ``ORDER BY DESC(?date)``),
    a meeting has two dates, or it came both ways (organised, and attended by its people:
    the engine orders the two in the concatenation as it meets them)."""
    hows: dict[str, list[str]] = {}
    for meeting in backend.subjects(ORGANIZER, org):
        hows.setdefault(meeting, []).append("organiser")
    for person in backend.subjects(MEMBER_OF, org):
        for meeting in backend.subjects(ATTENDEE, person):
            if "its people attended" not in hows.setdefault(meeting, []):
                hows[meeting].append("its people attended")
    rows: list[Row] = []
    for meeting, how in hows.items():
        dates = backend.objects(meeting, START_DATE)
        if len(dates) > 1 or not all(map(plain_date, dates)) or len(how) > 1:
            return None  # (both ways: the concatenation's order is the engine's)
        row: Row = {"m": ox.NamedNode(meeting), "hows": ox.Literal(how[0])}
        if dates:
            row["date"] = dates[0]
        rows.append(row)
    if len({_date(r) if "date" in r else None for r in rows}) < len(rows):
        return None  # tied: the same date, or no date, twice
    return sorted(rows, key=lambda r: ("date" in r, _date(r)), reverse=True)


def org_project_rows(backend: LocalBackend, org: str) -> list[Row]:
    """The rows of ``SELECT ?x ?how`` for ``org``: what it funds, takes part in and is funded
    by (the query's three UNION branches in turn, each in the store's order)."""
    return [{"x": ox.NamedNode(x), "how": ox.Literal(how)}
            for prop, how in PROJECT_LINKS for x in backend.subjects(prop, org)]


def _date(row: Row) -> str:
    return row["date"].value if "date" in row else ""


class Question(NamedTuple):
    """A page's query about one thing (``{node}``: the thing's IRI in SPARQL), and the
    look-up that gives its rows on a build (or None when it cannot promise them)."""

    query: str
    lookup: Callable[[LocalBackend, str], list[Row] | None]


def ask(backend: Backend, iri: str, question: Question) -> list[Row]:
    """The rows of ``question`` about ``iri``: looked up on a build where the look-up can
    promise them, asked otherwise (over an endpoint, or where the engine decides)."""
    rows = question.lookup(backend, iri) if isinstance(backend, LocalBackend) else None
    if rows is not None:
        return rows
    return backend.select(question.query.format(node=sparql_iri(iri)))


DECISIONS = Question("""SELECT ?d ?desc (GROUP_CONCAT(STR(?t); separator=" ") AS ?topics)
  WHERE {{ ?d prov:wasGeneratedBy {node} ; a lg:Decision .
  OPTIONAL {{ ?d dcterms:description ?desc }} OPTIONAL {{ ?d dcterms:subject ?t }} }}
  GROUP BY ?d ?desc ORDER BY ?d""", decision_rows)
ACTIONS = Question("""SELECT ?a ?desc ?agent WHERE {{
  ?a prov:wasGeneratedBy {node} ; a lg:ActionItem .
  OPTIONAL {{ ?a dcterms:description ?desc }} OPTIONAL {{ ?a schema:agent ?agent }} }}
  ORDER BY ?a""", action_rows)
PERSON_MEETINGS = Question("""SELECT ?m ?role ?date ?country WHERE {{
  VALUES ?role {{ schema:attendee lg:absentee lg:minuteTaker }} ?m ?role {node} .
  OPTIONAL {{ ?m schema:startDate ?date }} OPTIONAL {{ ?m lg:country ?country }} }}
  ORDER BY ?date ?m""", person_meeting_rows)
AFFILIATIONS = Question("""SELECT ?ms ?org ?role ?written WHERE {{
  ?ms org:member {node} ; org:organization ?org .
  OPTIONAL {{ ?ms org:role ?role }} OPTIONAL {{ ?ms lg:roleLabel ?written }} }}""",
                        affiliation_rows)
ORG_PEOPLE = Question("""SELECT ?p (SAMPLE(?r) AS ?role) (SAMPLE(?w) AS ?written)
  WHERE {{ {{ ?p org:memberOf {node} }} UNION {{ ?ms org:organization {node} ;
  org:member ?p . OPTIONAL {{ ?ms org:role ?r }} OPTIONAL {{ ?ms lg:roleLabel ?w }} }} }}
  GROUP BY ?p""", org_people_rows)
ORG_MEETINGS = Question("""SELECT ?m (SAMPLE(?d) AS ?date)
  (GROUP_CONCAT(DISTINCT ?how; separator=", ") AS ?hows) WHERE {{
  {{ ?m schema:organizer {node} BIND("organiser" AS ?how) }} UNION
  {{ ?m schema:attendee ?p . ?p org:memberOf {node} BIND("its people attended" AS ?how) }}
  OPTIONAL {{ ?m schema:startDate ?d }} }} GROUP BY ?m ORDER BY DESC(?date)""",
                        org_meeting_rows)
ORG_PROJECTS = Question("""SELECT ?x ?how WHERE {{
  {{ ?x schema:funder {node} BIND("funder" AS ?how) }} UNION
  {{ ?x schema:member {node} BIND("participant" AS ?how) }} UNION
  {{ ?x schema:fundedItem {node} BIND("funded" AS ?how) }} }}""", org_project_rows)
