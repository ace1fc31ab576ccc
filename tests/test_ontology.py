"""The ontology (ontology/libgraph.ttl) and the SKOS vocabularies (ontology/*.ttl)."""

from __future__ import annotations

import functools
import re
from collections import defaultdict

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from libgraph.ns import DCTERMS, FOAF, LG, OA, PROV, RDF, RDFS, SCHEMA, SKOS, VOCAB
from libgraph.resources import resource

ONTOLOGY_IRI = URIRef("https://w3id.org/libgraph/ontology")
LANGUAGES = ("en", "sv", "nb", "da")

OWN_CLASSES = {"Meeting", "Minutes", "Mention", "Decision", "ActionItem", "Municipality", "Region"}
OWN_PROPERTIES = {
    "country", "minutes", "absentee", "minuteTaker", "meetingType", "dateInferred",
    "roleLabel", "amountText", "rule", "evidenceOf",
}

# scheme file -> (scheme IRI, concepts that must be there)
SCHEMES = {
    "orgtypes.ttl": (VOCAB["orgtype"], {
        "public_library", "regional_library_agency", "national_library", "national_agency",
        "funder", "municipality_body", "company", "association", "study_association", "museum",
        "international", "other", "working_group", "school_library", "research_library",
        "foundation",
    }),
    "meetingtypes.ttl": (VOCAB["meetingtype"], {
        "directors_meeting", "steering_group", "network_meeting", "conference", "workshop",
        "other",
    }),
    "roles.ttl": (VOCAB["role"], {
        "library_director", "county_librarian", "regional_librarian", "chair", "secretary",
        "project_leader", "coordinator", "consultant", "director", "board_member", "member",
        "head_of_department", "librarian",
    }),
    "topics.ttl": (VOCAB["topic"], {
        "digital_inclusion", "reading_promotion", "democracy_free_speech", "legal_gdpr",
        "media_supply_emedia", "competence_development", "library_plans_strategy",
        "accessibility", "children_young_people", "multilingual_media",
        "staffless_open_libraries", "marketing_communication", "web", "statistics", "funding",
        "collaboration_networks", "library_spaces", "school_libraries", "source_criticism_mil",
        "events_literature", "library_systems_cataloguing", "evaluation_quality",
        "sustainability",
    }),
}

# Topic altLabels that would fire on nearly every minutes document.
TOO_GENERIC = {
    "bibliotek", "biblioteket", "biblioteken", "bibliotekene", "bibliotekerne", "plan", "planen",
    "möte", "mötet", "møte", "møtet", "møde", "mødet", "stöd", "støtte", "arbete", "arbeid",
    "arbejde", "program", "information", "kommun", "kommune", "år", "året",
}


@functools.cache
def ontology() -> Graph:
    return Graph().parse(resource("ontology", "libgraph.ttl"))


@functools.cache
def scheme_graph(filename: str) -> Graph:
    return Graph().parse(resource("ontology", filename))


@functools.cache
def everything() -> Graph:
    graph = Graph()
    for path in sorted(resource("ontology").glob("*.ttl")):
        graph.parse(path)
    return graph


def _langs(graph: Graph, subject, predicate) -> set[str]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def _concepts(filename: str) -> list[URIRef]:
    graph = scheme_graph(filename)
    scheme, _ = SCHEMES[filename]
    return sorted(graph.subjects(SKOS.inScheme, scheme))


def _words(text: str, label: str) -> bool:
    """Case-insensitive whole-word match, as an extractor would do it."""
    return re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text, re.IGNORECASE) is not None


# --- the ontology -------------------------------------------------------------------------


def test_ontology_header() -> None:
    graph = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert (ONTOLOGY_IRI, OWL.versionIRI, URIRef(f"{ONTOLOGY_IRI}/0.1.0")) in graph
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert (ONTOLOGY_IRI, DCTERMS.license,
            URIRef("https://creativecommons.org/licenses/by/4.0/")) in graph
    assert graph.value(ONTOLOGY_IRI, DCTERMS.creator) is not None
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert _langs(graph, ONTOLOGY_IRI, predicate) >= set(LANGUAGES), predicate


def test_own_terms_are_exactly_the_documented_few() -> None:
    graph = ontology()
    own = {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(LG))}
    assert own == {LG[name] for name in OWN_CLASSES | OWN_PROPERTIES}
    for name in OWN_CLASSES:
        assert (LG[name], RDF.type, OWL.Class) in graph
    for name in OWN_PROPERTIES:
        kinds = set(graph.objects(LG[name], RDF.type))
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


@pytest.mark.parametrize("name", sorted(OWN_CLASSES | OWN_PROPERTIES))
def test_own_term_is_labelled_explained_and_anchored(name: str) -> None:
    graph, term = ontology(), LG[name]
    assert _langs(graph, term, RDFS.label) >= set(LANGUAGES)
    assert _langs(graph, term, RDFS.comment) >= set(LANGUAGES)
    for predicate in (RDFS.label, RDFS.comment):  # one of each per language
        langs = [o.language for o in graph.objects(term, predicate)]
        assert len(langs) == len(set(langs)), (name, predicate)
    supers = set(graph.objects(term, RDFS.subClassOf)) | set(
        graph.objects(term, RDFS.subPropertyOf)
    )
    assert any(not s.startswith(str(LG)) for s in supers), f"{name} specialises no reused term"
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in graph


@pytest.mark.parametrize(
    ("term", "predicate", "parent"),
    [
        (LG.Meeting, RDFS.subClassOf, SCHEMA.Event),
        (LG.Minutes, RDFS.subClassOf, FOAF.Document),
        (LG.Minutes, RDFS.subClassOf, PROV.Entity),
        (LG.Mention, RDFS.subClassOf, OA.Annotation),
        (LG.Decision, RDFS.subClassOf, PROV.Entity),
        (LG.ActionItem, RDFS.subClassOf, SCHEMA.Action),
        (LG.Municipality, RDFS.subClassOf, SCHEMA.AdministrativeArea),
        (LG.Region, RDFS.subClassOf, SCHEMA.AdministrativeArea),
        (LG.minuteTaker, RDFS.subPropertyOf, SCHEMA.contributor),
        (LG.meetingType, RDFS.subPropertyOf, DCTERMS.type),
    ],
)
def test_documented_specialisations(term, predicate, parent) -> None:
    assert (term, predicate, parent) in ontology()


def test_absentee_is_not_an_attendee() -> None:
    graph = ontology()
    assert SCHEMA.attendee not in set(graph.transitive_objects(LG.absentee, RDFS.subPropertyOf))


def test_schema_org_is_http() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in resource("ontology").glob("*.ttl"))
    assert "https://schema.org" not in text


# --- the vocabularies ---------------------------------------------------------------------


@pytest.mark.parametrize("filename", sorted(SCHEMES))
def test_scheme(filename: str) -> None:
    graph = scheme_graph(filename)
    scheme, required = SCHEMES[filename]
    assert list(graph.subjects(RDF.type, SKOS.ConceptScheme)) == [scheme]
    assert _langs(graph, scheme, SKOS.prefLabel) >= set(LANGUAGES)
    assert graph.value(scheme, RDFS.label) is not None
    concepts = set(_concepts(filename))
    assert concepts == set(graph.subjects(RDF.type, SKOS.Concept))
    assert {URIRef(f"{scheme}/{slug}") for slug in required} <= concepts
    assert set(graph.objects(scheme, SKOS.hasTopConcept)) == concepts
    for concept in concepts:
        assert (concept, SKOS.topConceptOf, scheme) in graph


def test_enough_topics() -> None:
    assert len(_concepts("topics.ttl")) >= 20


@pytest.mark.parametrize(
    ("filename", "concept"),
    [(f, c) for f in sorted(SCHEMES) for c in _concepts(f)],
    ids=lambda v: v if isinstance(v, str) and v.endswith(".ttl") else str(v).rsplit("/", 1)[-1],
)
def test_concept(filename: str, concept: URIRef) -> None:
    graph = scheme_graph(filename)
    assert re.fullmatch(r"[a-z0-9_]+", str(concept).rsplit("/", 1)[-1])
    prefs = {o.language: str(o) for o in graph.objects(concept, SKOS.prefLabel)}
    assert len(prefs) == len(list(graph.objects(concept, SKOS.prefLabel))), "one per language"
    assert set(prefs) >= set(LANGUAGES)
    assert set(prefs) <= {*LANGUAGES, "nn"}
    if "nn" in prefs:
        assert prefs["nn"] != prefs["nb"], "nn prefLabel only where it differs from nb"
    assert list(graph.objects(concept, RDFS.label)) == [Literal(prefs["en"], lang="en")]
    assert _langs(graph, concept, SKOS.definition) == {"en"}
    alt_langs = _langs(graph, concept, SKOS.altLabel)
    assert {"sv", "nb", "nn", "da"} <= alt_langs <= {"sv", "nb", "nn", "da", "en"}
    for alt in graph.objects(concept, SKOS.altLabel):
        assert str(alt) == str(alt).strip() != "", repr(alt)
        assert alt not in set(graph.objects(concept, SKOS.prefLabel)), "altLabel equals prefLabel"


@pytest.mark.parametrize("filename", sorted(SCHEMES))
def test_no_label_names_two_concepts_of_a_scheme(filename: str) -> None:
    graph = scheme_graph(filename)
    owners = defaultdict(set)
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for concept, label in graph.subject_objects(predicate):
            owners[(str(label).casefold(), label.language)].add(concept)
    clashes = {label: owner for label, owner in owners.items() if len(owner) > 1}
    assert clashes == {}


def test_topic_alt_labels_are_lower_case_and_specific() -> None:
    graph = scheme_graph("topics.ttl")
    labels = [str(o) for o in graph.objects(None, SKOS.altLabel)]
    assert [label for label in labels if label != label.lower()] == []
    assert sorted(set(labels) & TOO_GENERIC) == []


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Chefsmöte 2018-01-24", "meetingtype/directors_meeting"),
        ("Minnesanteckningar bibliotekschefsmöte 22 maj", "meetingtype/directors_meeting"),
        ("2015 Biblioteksjefmøte", "meetingtype/directors_meeting"),
        ("Minnesanteckningar Styrgruppsmöte 2009-12-10", "meetingtype/steering_group"),
        ("Strategisk Folkebiblioteksmøde 2021", "meetingtype/conference"),
        ("Nätverksträff för barnbibliotekarier", "meetingtype/network_meeting"),
        ("Växjö stadsbibliotek", "orgtype/public_library"),
        ("Troms fylkesbibliotek", "orgtype/regional_library_agency"),
        ("Jämtlands läns bibliotek", "orgtype/regional_library_agency"),
        ("Centralbibliotekerne", "orgtype/regional_library_agency"),
        ("Det Kongelige Bibliotek", "orgtype/national_library"),
        ("Nordea-fonden", "orgtype/funder"),
        ("Arbetets museum", "orgtype/museum"),
        ("konsulentfirmaet I Pluss", "orgtype/company"),
        ("Fylkesbiblioteksjef Birgit Larsen", "role/county_librarian"),
        ("Bodil Köpsén Länsbibliotekarie", "role/county_librarian"),
        ("tidigare regionbibliotekarie i Östergötland", "role/regional_librarian"),
        ("Läsfrämjandepengar till regionbiblioteken", "topic/reading_promotion"),
        ("Databaser och filmstreaming", "topic/media_supply_emedia"),
        ("GDPR – BiBK försöka ordna en dag om biblioteksjuridik", "topic/legal_gdpr"),
        ("investeringar till Meröppet", "topic/staffless_open_libraries"),
        ("Gemensam webb för biblioteken i länet", "topic/web"),
        ("Webbstatistik: Alla kommuner spanar", "topic/statistics"),
        ("den nye bibliotekplanprosessen", "topic/library_plans_strategy"),
        ("fokuserer på kompetanseheving", "topic/competence_development"),
        ("digitaliseringens strategiske og videre potentiale", "topic/digitalisation"),
    ],
)
def test_alt_labels_find_what_the_demo_corpus_says(text: str, concept: str) -> None:
    graph = everything()
    iri = VOCAB[concept]
    labels = [str(o) for o in graph.objects(iri, SKOS.altLabel)]
    assert labels, f"no such concept {iri}"
    assert any(_words(text, label) for label in labels), (text, concept)


def test_ontology_and_vocabularies_conform_to_the_shapes() -> None:
    shapes = Graph()
    for path in sorted(resource("shapes").glob("*.ttl")):
        shapes.parse(path)
    conforms, _, text = validate(
        everything(), shacl_graph=shapes, ont_graph=None, inference="none", advanced=True
    )
    assert conforms, text
