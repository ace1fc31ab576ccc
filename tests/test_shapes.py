"""One conforming and one violating example for every SHACL shape and SPARQL constraint.

Every example starts from ``tests/shapes/base.ttl`` (one of everything in docs/graph.md, with
all optional properties filled in) merged with the ontology and vocabularies, exactly as a build
validates. A case then

* adds ``ok`` / removes ``ok_drop`` to get the conforming graph (usually nothing: the base), and
* from that removes ``drop``, adds ``add``, runs the SPARQL ``update`` and ``rename``s one IRI to
  get the violating graph,

and states the exact set of (sh:sourceShape, sh:resultPath) pairs the violating graph reports.
``about`` names the shapes and constraints the case exercises; a test checks that every named
shape and constraint in shapes/ is the ``about`` of some case.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path as FilePath

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from libgraph.ns import DCTERMS, FOAF, LG, OA, ORG, PROV, RDF, RDFS, SCHEMA, SH, SKOS
from libgraph.resources import resource

LGSH = Namespace("https://w3id.org/libgraph/shapes#")
ID = "https://w3id.org/libgraph/id/"
SHAPES_DIR = resource("shapes")
ONTOLOGY_DIR = resource("ontology")
BASE_FILE = FilePath(__file__).parent / "shapes" / "base.ttl"

_NAMESPACES = {
    "lg": "https://w3id.org/libgraph/ontology#",
    "lgv": "https://w3id.org/libgraph/vocab/",
    "ot": "https://w3id.org/libgraph/vocab/orgtype/",
    "mt": "https://w3id.org/libgraph/vocab/meetingtype/",
    "ro": "https://w3id.org/libgraph/vocab/role/",
    "tp": "https://w3id.org/libgraph/vocab/topic/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "schema": "http://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
}
TURTLE_PROLOGUE = f"@base <{ID}> .\n" + "".join(
    f"@prefix {p}: <{ns}> .\n" for p, ns in _NAMESPACES.items()
)
SPARQL_PROLOGUE = f"BASE <{ID}>\n" + "".join(
    f"PREFIX {p}: <{ns}>\n" for p, ns in _NAMESPACES.items()
)

# Nodes of tests/shapes/base.ttl, relative to the data base IRI.
MEETING = "<meeting/se-2018-01-24-chefsmote>"
MINUTES = "<minutes/91cb6a6dddcdbdec>"
ANNA = "<person/anna-persson>"
LINA = "<person/lina-holmer>"
MEMBERSHIP = "<membership/anna-persson-bibk>"
BIBK = "<org/bibk>"
KUR = "<org/kulturradet>"
PROJECT = "<project/starkta-bibliotek>"
GRANT = "<grant/kulturradet-starkta-bibliotek>"
AMOUNT = "<grant/kulturradet-starkta-bibliotek-amount>"
DECISION = "<decision/se-2018-01-24-chefsmote-1>"
ACTION = "<action/se-2018-01-24-chefsmote-1>"
SE = "<country/se>"
REGION = "<region/se-07>"
REGION_DK = "<region/dk-1082>"
MUNICIPALITY = "<municipality/se-0780>"
MUNICIPALITY_DK = "<municipality/dk-0630>"
PLACE = "<place/korro>"
M_ANNA = "<mention/chefsmote-anna>"
M_LINA = "<mention/chefsmote-lina>"
M_BIBK = "<mention/chefsmote-bibk>"
T_BIBK = "<mention/chefsmote-bibk-target>"
POS_BIBK = "<mention/chefsmote-bibk-pos>"
QUOTE_BIBK = "<mention/chefsmote-bibk-quote>"
POS_ANNA = "<mention/chefsmote-anna-pos>"
QUOTE_ANNA = "<mention/chefsmote-anna-quote>"


def iri(ref: str) -> str:
    """The absolute IRI of a ``<relative>`` node above."""
    return ID + ref.strip("<>")


Path = URIRef | tuple | None


@dataclass(frozen=True)
class Case:
    about: tuple[str, ...]
    expect: frozenset[tuple[str, Path]]
    ok: str = ""
    ok_drop: str = ""
    drop: str = ""
    add: str = ""
    update: str = ""
    rename: tuple[str, str] | None = None


def case(about, expect, *, id=None, **kwargs):
    about = (about,) if isinstance(about, str) else tuple(about)
    if isinstance(expect, tuple):
        expect = [expect]
    return pytest.param(Case(about, frozenset(expect), **kwargs), id=id or about[0])


INV_IN_SCHEME = ("^", SKOS.inScheme)
QUOTES = ("MinutesQuotesShape", ("^", OA.hasSource))

CASES = [
    # --- every node ------------------------------------------------------------------------
    case("LabelledShape", [("LabelledShape", None), ("PersonShape", None)],
         add=f'[] a foaf:Person ; rdfs:label "X" ; foaf:name "X" ;'
             f' prov:wasDerivedFrom {MINUTES} .'),
    case("LabelShape", ("LabelShape", RDFS.label), drop=f'{PLACE} rdfs:label "Korrö" .'),
    # --- value shapes and holders ----------------------------------------------------------
    case(("SubjectHolderShape", "SubjectTopicShape", "TopicConcept", "TopicInSchemeShape"),
         ("SubjectTopicShape", DCTERMS.subject), add=f"{DECISION} dcterms:subject mt:workshop ."),
    case("SubjectTopicShape", ("SubjectTopicShape", DCTERMS.subject),
         add=f"{PROJECT} dcterms:subject {ANNA} .", id="SubjectTopicShape-not-a-concept"),
    case(("CountryHolderShape", "CountryValueShape"), ("CountryValueShape", LG.country),
         add=f"{PLACE} lg:country {REGION} ."),
    case(("StringLiteral", "LangStringLiteral", "MembershipRoleLabelShape"),
         ("MembershipRoleLabelShape", LG.roleLabel),
         ok=f'{MEMBERSHIP} lg:roleLabel "Regionbibliotekarie"@sv .',
         add=f"{MEMBERSHIP} lg:roleLabel 42 ."),
    # --- country, region, municipality, place ------------------------------------------------
    case("CountryShape", ("CountryShape", None),
         rename=(iri(SE), ID + "country/sweden")),
    case(("CountryIdentifierShape", "OutsideTheNordics", "NoNordicCountryShape",
          "NordicCountryCode"), ("CountryIdentifierShape", DCTERMS.identifier),
         drop=f'{SE} dcterms:identifier "SE" .', add=f'{SE} dcterms:identifier "SWE" .'),
    case("RegionShape", ("RegionShape", None), rename=(iri(REGION), ID + "region/kronoberg")),
    case("RegionTypeShape", ("RegionTypeShape", RDF.type),
         drop=f"{REGION} a schema:AdministrativeArea ."),
    case("RegionIdentifierShape", ("RegionIdentifierShape", DCTERMS.identifier),
         drop=f'{REGION} dcterms:identifier "07" .'),
    case(("RegionCodeShape", "SwedishRegionCode", "InSweden", "TwoDigitCode"),
         ("RegionCodeShape", None),
         drop=f'{REGION} dcterms:identifier "07" .', add=f'{REGION} dcterms:identifier "7" .',
         id="RegionCode-SE"),
    case(("RegionCodeShape", "DanishRegionCode", "InDenmark", "DanishRegionCodePattern"),
         ("RegionCodeShape", None),
         drop=f'{REGION_DK} dcterms:identifier "1082" .',
         add=f'{REGION_DK} dcterms:identifier "82" .', id="RegionCode-DK"),
    case(("RegionCodeShape", "NorwegianRegionCode", "InNorway"), ("RegionCodeShape", None),
         ok='<country/no> a schema:Country ; rdfs:label "Norge"@nb ; dcterms:identifier "NO" .'
            '<region/no-55> a schema:AdministrativeArea , lg:Region ; rdfs:label "Troms"@nb ;'
            ' dcterms:identifier "55" ; schema:containedInPlace <country/no> ;'
            ' lg:country <country/no> .',
         drop='<region/no-55> dcterms:identifier "55" .',
         add='<region/no-55> dcterms:identifier "5501" .', id="RegionCode-NO"),
    case("RegionContainedInShape", ("RegionContainedInShape", SCHEMA.containedInPlace),
         drop=f"{REGION} schema:containedInPlace {SE} ."),
    case(("RegionCountryShape", "OutsideTheNordics"), ("RegionCountryShape", LG.country),
         drop=f"{REGION} lg:country {SE} ."),
    case("MunicipalityShape", ("MunicipalityShape", None),
         rename=(iri(MUNICIPALITY), ID + "municipality/vaxjo")),
    case("MunicipalityTypeShape", ("MunicipalityTypeShape", RDF.type),
         drop=f"{MUNICIPALITY} a schema:AdministrativeArea ."),
    case("MunicipalityIdentifierShape", ("MunicipalityIdentifierShape", DCTERMS.identifier),
         drop=f'{MUNICIPALITY} dcterms:identifier "0780" .',
         add=f'{MUNICIPALITY} dcterms:identifier "0780"@sv .'),
    case(("MunicipalityCodeShape", "SwedishMunicipalityCode", "FourDigitCode"),
         ("MunicipalityCodeShape", None),
         drop=f'{MUNICIPALITY} dcterms:identifier "0780" .',
         add=f'{MUNICIPALITY} dcterms:identifier "780" .', id="MunicipalityCode-SE"),
    case(("MunicipalityCodeShape", "DanishMunicipalityCode"), ("MunicipalityCodeShape", None),
         drop=f'{MUNICIPALITY_DK} dcterms:identifier "0630" .',
         add=f'{MUNICIPALITY_DK} dcterms:identifier "630" .', id="MunicipalityCode-DK"),
    case(("MunicipalityCodeShape", "NorwegianMunicipalityCode"), ("MunicipalityCodeShape", None),
         ok='<country/no> a schema:Country ; rdfs:label "Norge"@nb ; dcterms:identifier "NO" .'
            '<region/no-55> a schema:AdministrativeArea , lg:Region ; rdfs:label "Troms"@nb ;'
            ' dcterms:identifier "55" ; schema:containedInPlace <country/no> ;'
            ' lg:country <country/no> .'
            '<municipality/no-5501> a schema:AdministrativeArea , lg:Municipality ;'
            ' rdfs:label "Tromsø"@nb ; dcterms:identifier "5501" ;'
            ' schema:containedInPlace <region/no-55> ; lg:country <country/no> .',
         drop='<municipality/no-5501> dcterms:identifier "5501" .',
         add='<municipality/no-5501> dcterms:identifier "55-01" .', id="MunicipalityCode-NO"),
    case("MunicipalityContainedInShape",
         ("MunicipalityContainedInShape", SCHEMA.containedInPlace),
         drop=f"{MUNICIPALITY} schema:containedInPlace {REGION} .",
         add=f"{MUNICIPALITY} schema:containedInPlace {SE} ."),
    case("MunicipalityCountryShape", ("MunicipalityCountryShape", LG.country),
         drop=f"{MUNICIPALITY} lg:country {SE} ."),
    case("PlaceShape", ("PlaceShape", None), rename=(iri(PLACE), "https://example.org/korro")),
    case("PlaceNameShape", ("PlaceNameShape", SCHEMA.name),
         drop=f'{PLACE} schema:name "Korrö" .'),
    case(("PlaceContainedInShape", "IsPlace"),
         ("PlaceContainedInShape", SCHEMA.containedInPlace),
         ok=f'{PLACE} schema:containedInPlace {SE} , {MUNICIPALITY} .',
         add=f"{PLACE} schema:containedInPlace {ANNA} ."),
    # --- minutes ---------------------------------------------------------------------------
    case("MinutesShape", [("MinutesShape", None), ("MinutesHashShape", DCTERMS.identifier)],
         rename=(iri(MINUTES), ID + "document/91cb6a6dddcdbdec")),
    case("MinutesTypeShape", ("MinutesTypeShape", RDF.type),
         drop=f"{MINUTES} a foaf:Document ."),
    case("MinutesIdentifierShape", ("MinutesIdentifierShape", DCTERMS.identifier),
         drop=f'{MINUTES} dcterms:identifier '
              '"91cb6a6dddcdbdec1d9eff5ae8b3f57e30c4112e0abd1ac30b88f49cfd8e119f" .'),
    case(("MinutesHashShape", "MinutesHashConstraint"),
         ("MinutesHashShape", DCTERMS.identifier),
         update='DELETE { ?m schema:text ?t } INSERT { ?m schema:text ?t2 } '
                'WHERE { ?m a lg:Minutes ; schema:text ?t BIND (CONCAT(?t, " Slut.") AS ?t2) }'),
    case("MinutesLanguageShape", ("MinutesLanguageShape", DCTERMS.language),
         drop=f'{MINUTES} dcterms:language "sv" .',
         add=f'{MINUTES} dcterms:language "Swedish" .'),
    case("MinutesTextShape", ("MinutesTextShape", SCHEMA.text),
         update='DELETE { ?m schema:text ?t } INSERT { ?m schema:text ?t2 } '
                'WHERE { ?m a lg:Minutes ; schema:text ?t BIND (STRLANG(?t, "sv") AS ?t2) }'),
    case("MinutesTitleShape", ("MinutesTitleShape", DCTERMS.title),
         add=f"{MINUTES} dcterms:title {PLACE} ."),
    case("MinutesSourceShape", ("MinutesSourceShape", DCTERMS.source),
         add=f'{MINUTES} dcterms:source "other.txt" .'),
    # --- meeting ---------------------------------------------------------------------------
    case("MeetingShape", ("MeetingShape", None), rename=(iri(MEETING), ID + "event/chefsmote")),
    case("MeetingTypeShape", ("MeetingTypeShape", RDF.type), drop=f"{MEETING} a schema:Event ."),
    case("MeetingNameShape", ("MeetingNameShape", SCHEMA.name),
         add=f"{MEETING} schema:name {PLACE} ."),
    case("MeetingStartDateShape", ("MeetingStartDateShape", SCHEMA.startDate),
         add=f'{MEETING} schema:startDate "2018-01-23"^^xsd:date .'),
    case("MeetingStartDateShape", ("MeetingStartDateShape", SCHEMA.startDate),
         drop=f'{MEETING} schema:startDate "2018-01-24"^^xsd:date ; '
              'schema:endDate "2018-01-24"^^xsd:date .',
         add=f'{MEETING} schema:startDate "24 januari 2018" .', id="MeetingStartDate-datatype"),
    case("MeetingEndDateShape", ("MeetingEndDateShape", SCHEMA.endDate),
         add=f'{MEETING} schema:endDate "2018-01-25"^^xsd:date .'),
    case("MeetingDateOrderShape", ("MeetingDateOrderShape", SCHEMA.startDate),
         ok_drop=f'{MEETING} schema:endDate "2018-01-24"^^xsd:date .',
         ok=f'{MEETING} schema:endDate "2018-01-25"^^xsd:date .',
         drop=f'{MEETING} schema:startDate "2018-01-24"^^xsd:date .',
         add=f'{MEETING} schema:startDate "2018-01-26"^^xsd:date .'),
    case("MeetingDateInferredShape", ("MeetingDateInferredShape", LG.dateInferred),
         drop=f"{MEETING} lg:dateInferred false .", add=f'{MEETING} lg:dateInferred "no" .'),
    case("MeetingCountryShape", ("MeetingCountryShape", LG.country),
         drop=f"{MEETING} lg:country {SE} ."),
    case("MeetingMinutesShape", ("MeetingMinutesShape", LG.minutes),
         drop=f"{MEETING} lg:minutes {MINUTES} ."),
    case(("MeetingLocationShape", "IsAdministrativeArea", "IsCountry"),
         ("MeetingLocationShape", SCHEMA.location),
         ok=f"{MEETING} schema:location {MUNICIPALITY} , {SE} .",
         add=f"{MEETING} schema:location {KUR} ."),
    case("MeetingOrganizerShape", ("MeetingOrganizerShape", SCHEMA.organizer),
         add=f"{MEETING} schema:organizer {REGION} ."),
    case("MeetingAttendeeShape", ("MeetingAttendeeShape", SCHEMA.attendee),
         add=f"{MEETING} schema:attendee {KUR} ."),
    case("MeetingAttendeeShape", ("MeetingAttendeeShape", SCHEMA.attendee),
         add=f"{MEETING} schema:attendee {LINA} .", id="MeetingAttendee-disjoint-absentee"),
    case("MeetingAbsenteeShape", ("MeetingAbsenteeShape", LG.absentee),
         add=f"{MEETING} lg:absentee {KUR} ."),
    case(("MeetingAttendeeEvidenceShape", "AttendanceEvidenceConstraint"),
         ("MeetingAttendeeEvidenceShape", SCHEMA.attendee),
         drop=f"{M_ANNA} lg:evidenceOf schema:attendee ."),
    case(("MeetingAttendeeEvidenceShape", "AttendanceEvidenceConstraint"),
         ("MeetingAttendeeEvidenceShape", SCHEMA.attendee),
         ok_drop=f"{M_ANNA} lg:evidenceOf schema:attendee .",
         ok=f"{ANNA} prov:wasDerivedFrom {MINUTES} .",
         drop=f"{ANNA} prov:wasDerivedFrom {MINUTES} .", id="AttendanceEvidence-derived"),
    case(("MeetingAbsenteeEvidenceShape", "AttendanceEvidenceConstraint"),
         ("MeetingAbsenteeEvidenceShape", LG.absentee),
         drop=f"{M_LINA} lg:evidenceOf lg:absentee ."),
    case("MeetingMinuteTakerShape", ("MeetingMinuteTakerShape", LG.minuteTaker),
         add=f"{MEETING} lg:minuteTaker {BIBK} ."),
    case(("MeetingMeetingTypeShape", "MeetingTypeConcept", "MeetingTypeInSchemeShape"),
         ("MeetingMeetingTypeShape", LG.meetingType),
         drop=f"{MEETING} lg:meetingType mt:directors_meeting .",
         add=f"{MEETING} lg:meetingType tp:funding ."),
    case("MeetingMeetingTypeShape", ("MeetingMeetingTypeShape", LG.meetingType),
         add=f"{MEETING} lg:meetingType mt:conference .", id="MeetingMeetingType-two"),
    # --- person, affiliation, organization -------------------------------------------------
    case("PersonShape", ("PersonShape", None), rename=(iri(LINA), ID + "people/lina-holmer")),
    case("PersonNameShape", ("PersonNameShape", FOAF.name),
         drop=f'{LINA} foaf:name "Lina Holmér" .'),
    case("PersonMemberOfShape", ("PersonMemberOfShape", ORG.memberOf),
         add=f"{ANNA} org:memberOf {PROJECT} ."),
    case("MembershipShape", ("MembershipShape", None),
         rename=(iri(MEMBERSHIP), ID + "affiliation/anna-persson-bibk")),
    case("MembershipMemberShape", ("MembershipMemberShape", ORG.member),
         drop=f"{MEMBERSHIP} org:member {ANNA} ."),
    case("MembershipOrganizationShape", ("MembershipOrganizationShape", ORG.organization),
         drop=f"{MEMBERSHIP} org:organization {BIBK} ."),
    case(("OrganizationMembershipsShape", "MembershipShortcutConstraint"),
         ("OrganizationMembershipsShape", ("^", ORG.organization)),
         drop=f"{ANNA} org:memberOf {BIBK} ."),
    case(("MembershipDuringShape", "DayInterval", "DayInstant", "DayIntervalBeginning",
          "DayIntervalEnd", "DayInstantDate"),
         ("MembershipDuringShape", ORG.memberDuring),
         ok=(f"{MEMBERSHIP} org:memberDuring <interval/2018-01-24> . "
             '<interval/2018-01-24> a time:Interval ; rdfs:label "2018-01-24" ; '
             "time:hasBeginning <instant/2018-01-24> ; time:hasEnd <instant/2018-01-24> . "
             '<instant/2018-01-24> a time:Instant ; rdfs:label "2018-01-24" ; '
             'time:inXSDDate "2018-01-24"^^xsd:date .'),
         add='<instant/2018-01-24> time:inXSDDate "24 januari 2018" .'),
    case(("MembershipRoleShape", "RoleConcept", "RoleInSchemeShape"),
         ("MembershipRoleShape", ORG.role), add=f"{MEMBERSHIP} org:role ot:funder ."),
    case("OrganizationShape", ("OrganizationShape", None),
         rename=(iri(KUR), ID + "organisation/kulturradet")),
    case("OrganizationPrefLabelShape", ("OrganizationPrefLabelShape", SKOS.prefLabel),
         update="DELETE WHERE { <org/kulturradet> skos:prefLabel ?l }"),
    case("OrganizationPrefLabelShape", ("OrganizationPrefLabelShape", SKOS.prefLabel),
         add=f'{KUR} skos:prefLabel "Statens kulturråd"@sv .', id="OrganizationPrefLabel-unique"),
    case("OrganizationAltLabelShape", ("OrganizationAltLabelShape", SKOS.altLabel),
         add=f"{BIBK} skos:altLabel {PLACE} ."),
    case(("OrganizationClassificationShape", "OrgTypeConcept", "OrgTypeInSchemeShape"),
         ("OrganizationClassificationShape", ORG.classification),
         add=f"{KUR} org:classification tp:funding ."),
    case(("LibraryTypeShape", "IsLibrary", "NotClassifiedAsLibrary",
          "NoLibraryClassificationShape", "LibraryOrgType"), ("LibraryTypeShape", None),
         drop=f"{BIBK} a schema:Library ."),
    case("OrganizationAreaServedShape", ("OrganizationAreaServedShape", SCHEMA.areaServed),
         ok=f"{BIBK} schema:areaServed {MUNICIPALITY} , {PLACE} .",
         add=f"{KUR} schema:areaServed {PROJECT} ."),
    case("OrganizationIdentifierShape", ("OrganizationIdentifierShape", ORG.identifier),
         add=f"{BIBK} org:identifier {PLACE} ."),
    # --- project, grant, amount ------------------------------------------------------------
    case("ProjectShape", ("ProjectShape", None), rename=(iri(PROJECT), ID + "projekt/starkta")),
    case("ProjectNameShape", ("ProjectNameShape", SCHEMA.name),
         drop=f'{PROJECT} schema:name "Stärkta bibliotek" .'),
    case("ProjectFunderShape", ("ProjectFunderShape", SCHEMA.funder),
         add=f"{PROJECT} schema:funder {ANNA} ."),
    case(("ProjectMemberShape", "IsOrganization"), ("ProjectMemberShape", SCHEMA.member),
         add=f"{PROJECT} schema:member {ANNA} ."),
    case("GrantShape", ("GrantShape", None), rename=(iri(GRANT), ID + "funding/starkta")),
    case("GrantFunderShape", ("GrantFunderShape", SCHEMA.funder),
         drop=f"{GRANT} schema:funder {KUR} ."),
    case("GrantFundedItemShape", ("GrantFundedItemShape", SCHEMA.fundedItem),
         drop=f"{GRANT} schema:fundedItem {PROJECT} ."),
    case(("GrantFundedItemShape", "IsProject"), ("GrantFundedItemShape", SCHEMA.fundedItem),
         ok=f"{GRANT} schema:fundedItem {BIBK} , {MUNICIPALITY} .",
         add=f"{GRANT} schema:fundedItem {ANNA} .", id="GrantFundedItem-class"),
    case("GrantAmountShape", ("GrantAmountShape", SCHEMA.amount),
         add=f"{GRANT} schema:amount {PLACE} ."),
    case("GrantAmountTextShape", ("GrantAmountTextShape", LG.amountText),
         add=f"{GRANT} lg:amountText {PLACE} ."),
    case("MonetaryAmountShape", ("MonetaryAmountShape", None),
         rename=(iri(AMOUNT), ID + "amount/starkta")),
    case("AmountValueShape", ("AmountValueShape", SCHEMA.value),
         drop=f"{AMOUNT} schema:value 225000000.0 .", add=f'{AMOUNT} schema:value "225 milj" .'),
    case("AmountValueShape", ("AmountValueShape", SCHEMA.value),
         drop=f"{AMOUNT} schema:value 225000000.0 .", add=f"{AMOUNT} schema:value -5.0 .",
         id="AmountValue-negative"),
    case("AmountCurrencyShape", ("AmountCurrencyShape", SCHEMA.currency),
         ok_drop=f'{AMOUNT} schema:currency "SEK" .', ok=f'{AMOUNT} schema:currency "EUR" .',
         drop=f'{AMOUNT} schema:currency "EUR" .', add=f'{AMOUNT} schema:currency "kr" .'),
    # --- decision, action item -------------------------------------------------------------
    case("DecisionShape", ("DecisionShape", None), rename=(iri(DECISION), ID + "beslut/1")),
    case("DecisionDescriptionShape", ("DecisionDescriptionShape", DCTERMS.description),
         drop=f'{DECISION} dcterms:description "Nästa möte 15 mars i Växjö." .'),
    case("DecisionGeneratedByShape", ("DecisionGeneratedByShape", PROV.wasGeneratedBy),
         drop=f"{DECISION} prov:wasGeneratedBy {MEETING} ."),
    case("ActionItemShape", ("ActionItemShape", None), rename=(iri(ACTION), ID + "task/1")),
    case("ActionItemTypeShape", ("ActionItemTypeShape", RDF.type),
         drop=f"{ACTION} a schema:Action ."),
    case(("ActionItemAgentShape", "IsPerson"), ("ActionItemAgentShape", SCHEMA.agent),
         add=f"{ACTION} schema:agent {PROJECT} ."),
    case("ActionItemAgentShape", ("ActionItemAgentShape", SCHEMA.agent),
         drop=f"{ACTION} schema:agent {ANNA} , {BIBK} .", id="ActionItemAgent-missing"),
    case("ActionItemDescriptionShape", ("ActionItemDescriptionShape", DCTERMS.description),
         drop=f'{ACTION} dcterms:description "kallar till nästa möte" .'),
    case("ActionItemGeneratedByShape", ("ActionItemGeneratedByShape", PROV.wasGeneratedBy),
         add=f"{ACTION} prov:wasGeneratedBy {PROJECT} ."),
    # --- evidence --------------------------------------------------------------------------
    case(("EvidenceShape", "Derived", "DerivedFromShape"), ("EvidenceShape", None),
         drop=f"{KUR} prov:wasDerivedFrom {MINUTES} ."),
    case(("EvidenceShape", "Mentioned", "MentionedByShape", "MentionValue"),
         ("EvidenceShape", None),
         drop=f"{M_BIBK} a lg:Mention .", id="Evidence-annotation-not-a-mention"),
    case(("EvidenceShape", "MinutesValue"), ("EvidenceShape", None),
         drop=f"{KUR} prov:wasDerivedFrom {MINUTES} .",
         add=f"{KUR} prov:wasDerivedFrom {PLACE} .", id="Evidence-derived-not-from-minutes"),
    case("MentionShape", ("MentionShape", None), rename=(iri(M_BIBK), ID + "evidence/bibk")),
    case("MentionTypeShape", ("MentionTypeShape", RDF.type), drop=f"{M_BIBK} a oa:Annotation ."),
    case("MentionBodyShape", ("MentionBodyShape", OA.hasBody),
         add=f'{M_BIBK} oa:hasBody "BiBK" .'),
    case("MentionTargetShape", ("MentionTargetShape", OA.hasTarget),
         drop=f"{M_BIBK} oa:hasTarget {T_BIBK} ."),
    case("MentionRuleShape", ("MentionRuleShape", LG.rule),
         add=f'{M_BIBK} lg:rule "another_rule" .'),
    case("MentionEvidenceOfShape", ("MentionEvidenceOfShape", LG.evidenceOf),
         add=f"{M_ANNA} lg:evidenceOf lg:minuteTaker ."),
    case(("MinutesMentionStatementsShape", "EvidenceOfStatementConstraint"),
         ("MinutesMentionStatementsShape", (("^", OA.hasSource), ("^", OA.hasTarget))),
         ok=f"{M_BIBK} oa:hasBody {MEETING} .",
         add=f"{M_BIBK} lg:evidenceOf schema:organizer .", drop=f"{M_BIBK} oa:hasBody {MEETING} ."),
    case("SpecificResourceShape", ("SpecificResourceShape", None),
         rename=(iri(T_BIBK), ID + "mention/chefsmote-bibk/target")),
    case("TargetSourceShape", ("TargetSourceShape", OA.hasSource),
         drop=f"{T_BIBK} oa:hasSource {MINUTES} ."),
    case(("TargetPositionSelectorShape", "PositionSelectorValue"),
         ("TargetPositionSelectorShape", OA.hasSelector),
         drop=f"{T_BIBK} oa:hasSelector {POS_BIBK} ."),
    case(("TargetQuoteSelectorShape", "QuoteSelectorValue"),
         ("TargetQuoteSelectorShape", OA.hasSelector),
         drop=f"{T_BIBK} oa:hasSelector {QUOTE_BIBK} ."),
    case("TargetQuoteSelectorShape",
         [("TargetQuoteSelectorShape", OA.hasSelector), QUOTES],
         add=f"{T_BIBK} oa:hasSelector {QUOTE_ANNA} .", id="TargetQuoteSelector-two"),
    case("TextPositionSelectorShape", ("TextPositionSelectorShape", None),
         rename=(iri(POS_BIBK), ID + "mention/chefsmote-bibk-position")),
    case("SelectorStartShape", ("SelectorStartShape", OA.start),
         drop=f'{POS_BIBK} oa:start "57"^^xsd:nonNegativeInteger .'),
    case("SelectorStartShape", ("SelectorStartShape", OA.start),
         drop=f'{POS_BIBK} oa:start "57"^^xsd:nonNegativeInteger .',
         add=f"{POS_BIBK} oa:start 57 .", id="SelectorStart-datatype"),
    case("SelectorEndShape", ("SelectorEndShape", OA.end),
         drop=f'{POS_BIBK} oa:end "61"^^xsd:nonNegativeInteger .',
         add=f'{POS_BIBK} oa:end "61"^^xsd:int .'),
    case("SelectorOrderShape",
         [("SelectorOrderShape", OA.start), QUOTES],
         drop=f'{POS_ANNA} oa:start "43"^^xsd:nonNegativeInteger .',
         add=f'{POS_ANNA} oa:start "55"^^xsd:nonNegativeInteger .'),
    case("TextQuoteSelectorShape", ("TextQuoteSelectorShape", None),
         rename=(iri(QUOTE_BIBK), ID + "mention/chefsmote-bibk-exact")),
    case("QuoteExactShape", ("QuoteExactShape", OA.exact), drop=f'{QUOTE_BIBK} oa:exact "BiBK" .'),
    case("QuoteExactShape", ("QuoteExactShape", OA.exact),
         drop=f'{QUOTE_BIBK} oa:exact "BiBK" .', add=f'{QUOTE_BIBK} oa:exact "BiBK"@sv .',
         id="QuoteExact-datatype"),
    case(("MinutesQuotesShape", "QuoteMatchesTextConstraint"), QUOTES,
         drop=f'{QUOTE_BIBK} oa:exact "BiBK" .', add=f'{QUOTE_BIBK} oa:exact "BIBK" .'),
    case(("MinutesQuotesShape", "QuoteMatchesTextConstraint"), QUOTES,
         drop=f'{POS_BIBK} oa:end "61"^^xsd:nonNegativeInteger .',
         add=f'{POS_BIBK} oa:end "62"^^xsd:nonNegativeInteger .', id="QuoteMatchesText-length"),
    # --- vocabularies ----------------------------------------------------------------------
    case("ConceptShape", ("ConceptShape", None),
         add='<https://w3id.org/libgraph/vocab/topic/Web-2> a skos:Concept ;'
             ' skos:inScheme lgv:topic ; rdfs:label "Web 2"@en ; skos:prefLabel "Webb 2"@sv ,'
             ' "Nett 2"@nb , "Net 2"@da , "Web 2"@en ; skos:definition "Web again."@en .'),
    case("ConceptInSchemeShape", ("ConceptInSchemeShape", SKOS.inScheme),
         drop="tp:web skos:inScheme lgv:topic ."),
    case("ConceptPrefLabelShape", ("ConceptPrefLabelShape", SKOS.prefLabel),
         add='tp:web skos:prefLabel "Webben"@sv .'),
    case("ConceptPrefLabelShape", ("ConceptPrefLabelShape", SKOS.prefLabel),
         add='tp:web skos:prefLabel "Web"@de .', id="ConceptPrefLabel-language"),
    *[
        case((f"ConceptPrefLabel{tag.title()}Shape", literal_shape),
             (f"ConceptPrefLabel{tag.title()}Shape", SKOS.prefLabel),
             update="DELETE { tp:web skos:prefLabel ?l } "
                    f'WHERE {{ tp:web skos:prefLabel ?l FILTER (LANG(?l) = "{tag}") }}')
        for tag, literal_shape in [("sv", "SwedishLiteral"), ("nb", "BokmaalLiteral"),
                                   ("da", "DanishLiteral"), ("en", "EnglishLiteral")]
    ],
    case("ConceptAltLabelShape", ("ConceptAltLabelShape", SKOS.altLabel),
         add='tp:web skos:altLabel "webseite"@de .'),
    case("ConceptDefinitionShape", ("ConceptDefinitionShape", SKOS.definition),
         update="DELETE WHERE { tp:web skos:definition ?d }"),
    case("ConceptSchemeShape", ("ConceptSchemeShape", None),
         add='<https://w3id.org/libgraph/vocab/Test_Scheme> a skos:ConceptScheme ;'
             ' rdfs:label "Test"@en ; skos:prefLabel "Test"@en ; skos:hasTopConcept tp:web .'),
    case("SchemePrefLabelShape", ("SchemePrefLabelShape", SKOS.prefLabel),
         update="DELETE WHERE { lgv:meetingtype skos:prefLabel ?l }"),
    case("SchemeTopConceptShape", ("SchemeTopConceptShape", SKOS.hasTopConcept),
         update="DELETE WHERE { lgv:meetingtype skos:hasTopConcept ?c }"),
    case(("TopicSchemeShape", "TopicAltLabelLowerCaseShape"),
         ("TopicAltLabelLowerCaseShape", (INV_IN_SCHEME, SKOS.altLabel)),
         add='tp:web skos:altLabel "Webbplats"@sv .'),
]


# --- machinery ------------------------------------------------------------------------------


@functools.cache
def _prepared(text: str, base: str | None, namespaces: frozenset) -> object:
    return translateQuery(parseQuery(text), base, dict(namespaces))


@pytest.fixture(scope="module", autouse=True)
def _cache_sparql_parsing():
    """pySHACL re-parses every SPARQL constraint on every run; parse each once (tests only).

    rdflib's prepared queries are reusable, so this changes speed, not results.
    """
    original = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            strOrQuery = _prepared(strOrQuery, base, frozenset((initNs or {}).items()))
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(processor.SPARQLProcessor, "query", query)
        yield


@functools.cache
def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path)
    return graph


@functools.cache
def ontology_graph() -> Graph:
    graph = Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        graph.parse(path)
    return graph


@functools.cache
def base_graph() -> Graph:
    return Graph().parse(BASE_FILE)


_SCHEME_PREFIX = {"orgtype": "ot", "meetingtype": "mt", "role": "ro", "topic": "tp"}


@functools.cache
def lean_ontology_graph() -> Graph:
    """The ontology and vocabularies with only the concepts the examples mention.

    Violating examples are validated against it to keep the suite fast; the conforming
    examples and test_full_ontology_and_vocabularies_conform_on_their_own use everything.
    """
    full = ontology_graph()
    texts = BASE_FILE.read_text(encoding="utf-8") + "".join(
        str(value) for param in CASES for value in vars(param.values[0]).values()
    )
    unused = set()
    for concept in full.subjects(RDF.type, SKOS.Concept):
        scheme, slug = str(concept).rsplit("/", 2)[-2:]
        if f"{_SCHEME_PREFIX[scheme]}:{slug}" not in texts and str(concept) not in texts:
            unused.add(concept)
    lean = Graph()
    for s, p, o in full:
        if s not in unused and o not in unused:
            lean.add((s, p, o))
    return lean


def _turtle(snippet: str) -> Graph:
    return Graph().parse(data=TURTLE_PROLOGUE + snippet, format="turtle")


def _rename(graph: Graph, old: str, new: str) -> Graph:
    old_ref, new_ref = URIRef(old), URIRef(new)
    assert (old_ref, None, None) in graph, f"rename: {old} is not a subject"
    swap = {old_ref: new_ref}
    renamed = Graph()
    for s, p, o in graph:
        renamed.add((swap.get(s, s), p, swap.get(o, o)))
    return renamed


def _remove(graph: Graph, snippet: str) -> None:
    for triple in _turtle(snippet):
        assert triple in graph, f"not in the graph, cannot drop: {triple}"
        graph.remove(triple)


def conforming_graph(c: Case, *, lean: bool = False) -> Graph:
    graph = Graph()
    graph += lean_ontology_graph() if lean else ontology_graph()
    graph += base_graph()
    if c.ok_drop:
        _remove(graph, c.ok_drop)
    if c.ok:
        graph += _turtle(c.ok)
    return graph


def violating_graph(c: Case) -> Graph:
    graph = conforming_graph(c, lean=True)
    if c.drop:
        _remove(graph, c.drop)
    if c.add:
        graph += _turtle(c.add)
    if c.update:
        before = set(graph)
        graph.update(SPARQL_PROLOGUE + c.update)
        assert set(graph) != before, f"update changed nothing: {c.update}"
    if c.rename:
        graph = _rename(graph, *c.rename)
    return graph


def _path_key(graph: Graph, path) -> Path:
    """A comparable form of an sh:resultPath: an IRI, ("^", iri) or a tuple (sequence)."""
    if path is None or isinstance(path, URIRef):
        return path
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return ("^", _path_key(graph, inverse))
    if isinstance(path, BNode) and graph.value(path, RDF.first) is not None:
        return tuple(_path_key(graph, step) for step in Collection(graph, path))
    raise AssertionError(f"unexpected path form {path!r}")


def _local(node) -> str:
    text = str(node)
    return text[len(str(LGSH)):] if text.startswith(str(LGSH)) else text


@dataclass(frozen=True)
class Outcome:
    conforms: bool
    results: frozenset[tuple[str, Path]]
    constraints: frozenset[str]
    text: str


def run(graph: Graph) -> Outcome:
    conforms, report, text = validate(
        graph, shacl_graph=shapes_graph(), ont_graph=None, inference="none", advanced=True,
        inplace=True,
    )
    results, constraints = set(), set()
    for report_node in report.subjects(RDF.type, SH.ValidationReport):
        for result in report.objects(report_node, SH.result):
            shape = _local(report.value(result, SH.sourceShape))
            results.add((shape, _path_key(report, report.value(result, SH.resultPath))))
            constraint = report.value(result, SH.sourceConstraint)
            if constraint is not None:
                constraints.add(_local(constraint))
    return Outcome(bool(conforms), frozenset(results), frozenset(constraints), text)


@functools.cache
def _run_conforming(ok: str, ok_drop: str) -> Outcome:
    return run(conforming_graph(Case((), frozenset(), ok=ok, ok_drop=ok_drop)))


# --- tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize("c", CASES)
def test_conforming_example_conforms(c: Case) -> None:
    outcome = _run_conforming(c.ok, c.ok_drop)
    assert outcome.conforms, outcome.text


@pytest.mark.parametrize("c", CASES)
def test_violating_example_reports_the_expected_shape_and_path(c: Case) -> None:
    outcome = run(violating_graph(c))
    assert not outcome.conforms
    assert outcome.results == c.expect, outcome.text
    for name in c.about:
        if (LGSH[name], RDF.type, SH.SPARQLConstraint) in shapes_graph():
            assert name in outcome.constraints, outcome.text


def _named_shapes() -> set[str]:
    graph = shapes_graph()
    names = set()
    for kind in (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint):
        names |= {_local(s) for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    return names


def test_every_shape_and_constraint_has_examples() -> None:
    covered = {name for param in CASES for name in param.values[0].about}
    assert _named_shapes() - covered == set()
    assert covered - _named_shapes() == set(), "cases name shapes that do not exist"


def test_shapes_are_named_typed_and_explained() -> None:
    graph = shapes_graph()
    for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.property, SH.path):
        for subject in graph.subjects(predicate, None):
            assert isinstance(subject, URIRef), f"blank-node shape with {predicate}"
            assert str(subject).startswith(str(LGSH)), subject
    for shape in graph.subjects(SH.property, None):
        assert (shape, RDF.type, SH.NodeShape) in graph, shape
    for shape in graph.subjects(SH.path, None):
        assert (shape, RDF.type, SH.PropertyShape) in graph, shape
    for name in _named_shapes():
        node = LGSH[name]
        if (node, SH.sparql, None) in graph:
            continue  # the message is on the SPARQL constraint
        messages = list(graph.objects(node, SH.message))
        assert messages, f"{name} has no sh:message"
    for constraint in graph.subjects(RDF.type, SH.SPARQLConstraint):
        assert (constraint, SH.message, None) in graph, constraint
        assert (constraint, SH.prefixes, None) in graph, constraint


def test_sparql_constraints_start_from_a_bound_node() -> None:
    """rdflib runs one-variable patterns first; "$this a <Class>" keeps the join anchored.

    Without it a pattern like "?x a oa:TextPositionSelector" scans the whole graph for every
    focus node (see the comment at the top of the shapes file).
    """
    graph = shapes_graph()
    for constraint in graph.subjects(RDF.type, SH.SPARQLConstraint):
        query = str(graph.value(constraint, SH.select))
        body = query.split("WHERE", 1)[1].lstrip(" \n{")
        assert re.match(r"\$this a \w+:\w+ \.", body), constraint
        for type_pattern in re.findall(r"(\?\w+) a \w+:\w+", query):
            assert type_pattern == "?value", (constraint, type_pattern)


def test_sparql_constraints_survive_a_textual_rewrite() -> None:
    """src/libgraph/validate.py runs each constraint over the whole graph by replacing $this
    and $PATH in its text, so $PATH only stands for plain IRI paths, and messages only use
    variables that it fills in."""
    graph = shapes_graph()
    for shape, constraint in graph.subject_objects(SH.sparql):
        query = str(graph.value(constraint, SH.select))
        if "$PATH" in query:
            assert isinstance(graph.value(shape, SH.path), URIRef), (shape, constraint)
        message = str(graph.value(constraint, SH.message))
        assert set(re.findall(r"\{[?$](\w+)\}", message)) <= {"value", "start", "end"}, message


def test_full_ontology_and_vocabularies_conform_on_their_own() -> None:
    outcome = run(Graph() + ontology_graph())
    assert outcome.conforms, outcome.text


def test_base_example_has_one_of_everything() -> None:
    graph = base_graph()
    for cls in (SCHEMA.Country, LG.Region, LG.Municipality, SCHEMA.Place, LG.Minutes,
                LG.Meeting, FOAF.Person, ORG.Membership, ORG.Organization, SCHEMA.Project,
                SCHEMA.MonetaryGrant, SCHEMA.MonetaryAmount, LG.Decision, LG.ActionItem,
                LG.Mention, OA.SpecificResource, OA.TextPositionSelector,
                OA.TextQuoteSelector):
        assert (None, RDF.type, cls) in graph, cls
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)
