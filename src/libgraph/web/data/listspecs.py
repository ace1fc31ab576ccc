"""What each list page shows: its class, sort key, columns and facets, as SPARQL patterns.

Patterns use three placeholders, filled in by :mod:`.lists`: ``$ITEM`` (the listed thing),
``$V`` (the column or facet value) and ``$_`` (a prefix that makes helper variables unique, so
several facets can be combined in one query).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...ns import VOCAB

ATTENDED = "schema:attendee|lg:absentee|lg:minuteTaker"
MENTIONED_DOC = ("{ ?$_men oa:hasBody $ITEM ; oa:hasTarget ?$_t . ?$_t oa:hasSource ?$_doc } "
                 "UNION { $ITEM prov:wasDerivedFrom ?$_doc }")


@dataclass(frozen=True)
class Column:
    """One column of a list: ``kind`` is ``iri`` (links), ``text`` or ``count``."""

    name: str
    title: str
    pattern: str
    kind: str = "iri"


@dataclass(frozen=True)
class Facet:
    """A facet: values are IRIs under ``prefix`` (shown as their slug) or years."""

    name: str
    title: str
    pattern: str
    prefix: str | None = None  # None: the value is a year (an integer)


@dataclass(frozen=True)
class ListSpec:
    """A list page."""

    name: str
    title: str
    item_type: str
    sort: str
    descending: bool
    columns: tuple[Column, ...]
    facets: tuple[Facet, ...]
    item_title: str = "Name"


def country_facet(pattern: str) -> Facet:
    return Facet("country", "Country", pattern, prefix="id:country/")


def year_facet(pattern: str) -> Facet:
    return Facet("year", "Year", pattern + " BIND(YEAR(?$_date) AS $V)")


MEETING_YEAR = "?$_m lg:minutes ?$_doc ; schema:startDate ?$_date ."
DOC_COUNTRY = "?$_m lg:minutes ?$_doc ; lg:country $V ."

SPECS: dict[str, ListSpec] = {s.name: s for s in (
    ListSpec("meetings", "Meetings", "lg:Meeting", "$ITEM schema:startDate $V", True, (
        Column("date", "Date", "$ITEM schema:startDate $V", "text"),
        Column("country", "Country", "$ITEM lg:country $V"),
        Column("type", "Type", "$ITEM lg:meetingType $V"),
        Column("place", "Place", "$ITEM schema:location $V"),
        Column("organiser", "Organiser", "$ITEM schema:organizer $V"),
        Column("attendees", "Attendees", "$ITEM schema:attendee $V", "count"),
    ), (
        country_facet("$ITEM lg:country $V"),
        year_facet("$ITEM schema:startDate ?$_date ."),
        Facet("type", "Meeting type", "$ITEM lg:meetingType $V",
              prefix=f"{VOCAB}meetingtype/"),
        Facet("topic", "Topic", "$ITEM dcterms:subject $V", prefix=f"{VOCAB}topic/"),
    ), "Meeting"),
    ListSpec("people", "People", "foaf:Person", "$ITEM foaf:name $V", False, (
        Column("organisations", "Organisations", "$ITEM org:memberOf $V"),
        Column("roles", "Roles", "?$_ms org:member $ITEM ; org:role $V"),
        Column("meetings", "Meetings", f"$V {ATTENDED} $ITEM", "count"),
    ), (
        country_facet(f"{{ ?$_m {ATTENDED} $ITEM ; lg:country $V }} UNION "
                      f"{{ {MENTIONED_DOC} {DOC_COUNTRY} }}"),
        year_facet(f"?$_m {ATTENDED} $ITEM ; schema:startDate ?$_date ."),
        Facet("role", "Role", "?$_ms org:member $ITEM ; org:role $V", prefix=f"{VOCAB}role/"),
        Facet("topic", "Topic of their meetings",
              f"?$_m {ATTENDED} $ITEM ; dcterms:subject $V", prefix=f"{VOCAB}topic/"),
    ), "Person"),
    ListSpec("organisations", "Organisations", "org:Organization", "$ITEM skos:prefLabel $V",
             False, (
        Column("type", "Type", "$ITEM org:classification $V"),
        Column("country", "Country", "$ITEM lg:country $V"),
        Column("alt", "Also called", "$ITEM skos:altLabel $V", "text"),
        Column("identifier", "ISIL", "$ITEM org:identifier $V", "text"),
        Column("people", "People", "$V org:memberOf $ITEM", "count"),
    ), (
        country_facet("$ITEM lg:country $V"),
        year_facet(f"{MENTIONED_DOC} {MEETING_YEAR}"),
        Facet("type", "Type", "$ITEM org:classification $V", prefix=f"{VOCAB}orgtype/"),
        Facet("topic", "Topic of their meetings",
              "?$_m schema:organizer|schema:attendee/org:memberOf $ITEM ; dcterms:subject $V",
              prefix=f"{VOCAB}topic/"),
    ), "Organisation"),
    ListSpec("projects", "Projects", "schema:Project", "$ITEM schema:name $V", False, (
        Column("funders", "Funders", "$ITEM schema:funder $V"),
        Column("participants", "Participants", "$ITEM schema:member $V"),
        Column("topics", "Topics", "$ITEM dcterms:subject $V"),
    ), (
        country_facet(f"{MENTIONED_DOC} {DOC_COUNTRY}"),
        year_facet(f"{MENTIONED_DOC} {MEETING_YEAR}"),
        Facet("type", "Funder type", "$ITEM schema:funder ?$_f . ?$_f org:classification $V",
              prefix=f"{VOCAB}orgtype/"),
        Facet("topic", "Topic", "$ITEM dcterms:subject $V", prefix=f"{VOCAB}topic/"),
    ), "Project"),
)}
