"""What each list page shows: its class, sort key, columns and facets, as SPARQL patterns.

Patterns use three placeholders, filled in by :mod:`.lists`: ``$ITEM`` (the listed thing),
``$V`` (the column or facet value) and ``$_`` (a prefix that keeps helper variables apart).
A facet may have several alternative patterns; they are asked as separate queries and merged
in Python, because on large graphs Oxigraph plans a UNION joined with other patterns badly
(minutes instead of milliseconds at a million triples).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...ns import VOCAB

ATTENDED = "schema:attendee|lg:absentee|lg:minuteTaker"
#: The two ways a thing is tied to a minutes document ``?$_doc``.
IN_DOC = ("?$_men oa:hasBody $ITEM ; oa:hasTarget ?$_t . ?$_t oa:hasSource ?$_doc .",
          "$ITEM prov:wasDerivedFrom ?$_doc .")
MEETING_YEAR = "?$_m lg:minutes ?$_doc ; schema:startDate ?$_date ."
DOC_COUNTRY = "?$_m lg:minutes ?$_doc ; lg:country $V ."


@dataclass(frozen=True)
class Column:
    """One column of a list: ``kind`` is ``iri`` (links), ``text`` or ``count``."""

    name: str
    title: str
    pattern: str
    kind: str = "iri"


@dataclass(frozen=True)
class Facet:
    """A facet: values are IRIs under ``prefix`` (shown as their slug) or years.

    ``patterns`` are alternatives whose results are merged; each binds ``$V`` for ``$ITEM``.
    """

    name: str
    title: str
    patterns: tuple[str, ...]
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


def country_facet(*patterns: str) -> Facet:
    return Facet("country", "Country", patterns, prefix="id:country/")


def year_facet(*patterns: str) -> Facet:
    return Facet("year", "Year", tuple(p + " BIND(YEAR(?$_date) AS $V)" for p in patterns))


def facet(name: str, title: str, pattern: str, scheme: str) -> Facet:
    return Facet(name, title, (pattern,), prefix=f"{VOCAB}{scheme}/")


def in_doc(then: str) -> tuple[str, ...]:
    """Both ways of reaching a minutes document, each followed by ``then``."""
    return tuple(f"{way} {then}" for way in IN_DOC)


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
        facet("type", "Meeting type", "$ITEM lg:meetingType $V", "meetingtype"),
        facet("topic", "Topic", "$ITEM dcterms:subject $V", "topic"),
    ), "Meeting"),
    ListSpec("people", "People", "foaf:Person", "$ITEM foaf:name $V", False, (
        Column("organisations", "Organisations", "$ITEM org:memberOf $V"),
        Column("roles", "Roles", "?$_ms org:member $ITEM ; org:role $V"),
        Column("meetings", "Meetings", f"$V {ATTENDED} $ITEM", "count"),
    ), (
        country_facet(f"?$_m {ATTENDED} $ITEM ; lg:country $V .", *in_doc(DOC_COUNTRY)),
        year_facet(f"?$_m {ATTENDED} $ITEM ; schema:startDate ?$_date ."),
        facet("role", "Role", "?$_ms org:member $ITEM ; org:role $V", "role"),
        facet("topic", "Topic of their meetings", f"?$_m {ATTENDED} $ITEM ; dcterms:subject $V",
              "topic"),
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
        year_facet(*in_doc(MEETING_YEAR)),
        facet("type", "Type", "$ITEM org:classification $V", "orgtype"),
        facet("topic", "Topic of their meetings",
              "?$_m schema:organizer|schema:attendee/org:memberOf $ITEM ; dcterms:subject $V",
              "topic"),
    ), "Organisation"),
    ListSpec("projects", "Projects", "schema:Project", "$ITEM schema:name $V", False, (
        Column("funders", "Funders", "$ITEM schema:funder $V"),
        Column("participants", "Participants", "$ITEM schema:member $V"),
        Column("topics", "Topics", "$ITEM dcterms:subject $V"),
    ), (
        country_facet(*in_doc(DOC_COUNTRY)),
        year_facet(*in_doc(MEETING_YEAR)),
        facet("type", "Funder type", "$ITEM schema:funder ?$_f . ?$_f org:classification $V",
              "orgtype"),
        facet("topic", "Topic", "$ITEM dcterms:subject $V", "topic"),
    ), "Project"),
)}
