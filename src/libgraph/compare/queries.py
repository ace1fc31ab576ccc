"""The SPARQL behind the comparison: every figure is computed from the rows of these queries.

They are kept as plain text (with the project prologue) so that the JSON report can carry them
per figure group and the explorer can "show the SPARQL". Each query returns flat rows that
``compare.facts`` turns into per-meeting facts; nothing is aggregated in SPARQL that the
networks need per pair, because networkx needs the pairs.
"""

from __future__ import annotations

from ..ns import sparql_prologue

MEETINGS = """\
# Every meeting with the ISO code of its country.
SELECT ?meeting ?country WHERE {
  ?meeting a lg:Meeting ;
           lg:country/dcterms:identifier ?country .
}"""

ATTENDANCE = """\
# Who was present at which meeting (schema:attendee; lg:absentee is not attendance).
SELECT ?meeting ?person WHERE {
  ?meeting a lg:Meeting ;
           schema:attendee ?person .
}"""

MENTIONED = """\
# Persons, organisations, projects and grants that a meeting's minutes speak of: by an
# evidence annotation on the minutes, by prov:wasDerivedFrom the minutes, or (persons and
# organisations) as attendee, absentee, minute-taker or organiser of the meeting. Each branch
# names its own class test, so that the engine filters early (twice as fast at 10^6 triples).
SELECT DISTINCT ?meeting ?thing ?kind WHERE {
  VALUES (?class ?kind) {
    (foaf:Person "person") (org:Organization "org")
    (schema:Project "project") (schema:MonetaryGrant "grant")
  }
  {
    ?mention oa:hasTarget ?target .
    ?target oa:hasSource ?doc .
    ?meeting lg:minutes ?doc .
    ?mention oa:hasBody ?thing .
    ?thing a ?class .
  } UNION {
    ?meeting lg:minutes ?doc .
    ?thing prov:wasDerivedFrom ?doc ;
           a ?class .
  } UNION {
    ?meeting schema:attendee|lg:absentee|lg:minuteTaker|schema:organizer ?thing .
    ?thing a ?class .
  }
  ?meeting a lg:Meeting .
}"""

MEMBERSHIPS = """\
# The organisations each person belongs to (org:memberOf, the shortcut of org:Membership).
SELECT ?person ?org WHERE {
  ?person a foaf:Person ;
          org:memberOf ?org .
  ?org a org:Organization .
}"""

ORGANIZERS = """\
# The organiser of each meeting.
SELECT ?meeting ?org WHERE {
  ?meeting a lg:Meeting ;
           schema:organizer ?org .
}"""

ORG_TYPES = """\
# The type of every organisation (a concept of lgv:orgtype; unclassified ones have none).
SELECT ?org ?type WHERE {
  ?org a org:Organization .
  OPTIONAL { ?org org:classification ?type . ?type skos:inScheme lgv:orgtype . }
}"""

PROJECT_MEMBERS = """\
# Organisations taking part in projects (schema:member; places as members are left out).
SELECT ?project ?org WHERE {
  ?project a schema:Project ;
           schema:member ?org .
  ?org a org:Organization .
}"""

FUNDING = """\
# Funding ties: a project's schema:funder, and every grant's funder and funded item, with the
# amount and currency where the minutes give them.
SELECT ?funder ?item ?grant ?value ?currency WHERE {
  {
    ?item a schema:Project ;
          schema:funder ?funder .
  } UNION {
    ?grant a schema:MonetaryGrant ;
           schema:funder ?funder ;
           schema:fundedItem ?item .
    OPTIONAL {
      ?grant schema:amount ?amount .
      ?amount schema:value ?value ;
              schema:currency ?currency .
    }
  }
}"""

AREAS = """\
# The municipality each organisation serves, and the region that municipality lies in.
SELECT ?org ?municipality ?region WHERE {
  ?org a org:Organization ;
       schema:areaServed ?municipality .
  ?municipality a lg:Municipality ;
                schema:containedInPlace ?region .
  ?region a lg:Region .
}"""

REGIONS_SERVED = """\
# Organisations that serve a whole region (a regional government body funds as "regional").
SELECT ?org ?region WHERE {
  ?org a org:Organization ;
       schema:areaServed ?region .
  ?region a lg:Region .
}"""

REGION_SIZES = """\
# How many municipalities each region has (the denominator of coverage).
SELECT ?region (COUNT(DISTINCT ?municipality) AS ?municipalities) WHERE {
  ?municipality a lg:Municipality ;
                schema:containedInPlace ?region .
  ?region a lg:Region .
}
GROUP BY ?region"""

TOPICS = """\
# Topic assignments of the agenda (the meeting's own dcterms:subject), its decisions and its
# action items, each with the meeting it belongs to.
SELECT ?meeting ?item ?kind ?topic WHERE {
  {
    ?meeting a lg:Meeting ; dcterms:subject ?topic .
    BIND(?meeting AS ?item)
    BIND("agenda" AS ?kind)
  } UNION {
    ?item a lg:Decision ; prov:wasGeneratedBy ?meeting ; dcterms:subject ?topic .
    BIND("decision" AS ?kind)
  } UNION {
    ?item a lg:ActionItem ; prov:wasGeneratedBy ?meeting ; dcterms:subject ?topic .
    BIND("action" AS ?kind)
  }
  ?meeting a lg:Meeting .
  ?topic skos:inScheme lgv:topic .
}"""

OUTCOMES = """\
# Decisions and action items, with the meeting that produced them.
SELECT ?meeting ?item ?kind WHERE {
  VALUES (?class ?kind) { (lg:Decision "decision") (lg:ActionItem "action") }
  ?item a ?class ;
        prov:wasGeneratedBy ?meeting .
  ?meeting a lg:Meeting .
}"""

COUNTRIES = """\
# The countries of the graph with their ISO codes.
SELECT ?country ?code WHERE {
  ?country a schema:Country ;
           dcterms:identifier ?code .
}"""

MEETING_DETAILS = """\
# When each meeting was held, its type, and the kind of document (minutes, summary,
# announcement) that records it: what --from/--to, --meeting-type and --kind filter on.
SELECT ?meeting ?date ?type ?kind WHERE {
  ?meeting a lg:Meeting .
  OPTIONAL { ?meeting schema:startDate ?date . }
  OPTIONAL { ?meeting lg:meetingType ?type . }
  OPTIONAL { ?meeting lg:minutes/dcterms:type ?kind . }
}"""

MEETING_REGIONS = """\
# The region of each meeting: where it was held (its place or municipality lies in the
# region), else the region its organiser serves. ?via tells which.
SELECT DISTINCT ?meeting ?region ?via WHERE {
  ?meeting a lg:Meeting .
  {
    ?meeting schema:location/schema:containedInPlace* ?region .
    BIND("location" AS ?via)
  } UNION {
    ?meeting schema:organizer/schema:areaServed/schema:containedInPlace* ?region .
    BIND("organizer" AS ?via)
  }
  ?region a lg:Region .
}"""

REGION_COUNTRIES = """\
# The country of every region (for ties that cross a national border).
SELECT ?region ?country WHERE {
  ?region a lg:Region ;
          schema:containedInPlace ?c .
  ?c a schema:Country ;
     dcterms:identifier ?country .
}"""

ALL: dict[str, str] = {
    "meetings": MEETINGS,
    "meeting_details": MEETING_DETAILS,
    "meeting_regions": MEETING_REGIONS,
    "region_countries": REGION_COUNTRIES,
    "attendance": ATTENDANCE,
    "mentioned": MENTIONED,
    "memberships": MEMBERSHIPS,
    "organizers": ORGANIZERS,
    "org_types": ORG_TYPES,
    "project_members": PROJECT_MEMBERS,
    "funding": FUNDING,
    "areas": AREAS,
    "regions_served": REGIONS_SERVED,
    "region_sizes": REGION_SIZES,
    "topics": TOPICS,
    "outcomes": OUTCOMES,
    "countries": COUNTRIES,
}


def full(name: str) -> str:
    """The query ``name`` with the PREFIX lines it needs, ready to run or to show."""
    return sparql_prologue() + ALL[name]
