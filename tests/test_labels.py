"""labels: one rule for the label of an IRI in a language, in Python and in SPARQL."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from libgraph.labels import (
    FALLBACK,
    Labels,
    fetch_labels,
    label,
    label_sparql,
    labels_query,
    local_name,
)
from libgraph.ns import FOAF, RDFS, SCHEMA, SKOS, sparql_prologue

TOPIC = "https://w3id.org/libgraph/vocab/topic/reading"
ORG = "https://w3id.org/libgraph/id/org/se-bibk"
COUNTRY = "https://w3id.org/libgraph/id/country/se"
PERSON = "https://w3id.org/libgraph/id/person/anna"
BARE = "https://w3id.org/libgraph/id/meeting/2018-01-24-chefsmote"

TURTLE = f"""
<{TOPIC}> <{SKOS.prefLabel}> "Läsfrämjande"@sv, "Leselyst"@nb, "Reading promotion"@en ;
          <{RDFS.label}> "Reading promotion"@en .
<{ORG}> <{SKOS.prefLabel}> "Biblioteksutveckling Blekinge Kronoberg" ;
        <{RDFS.label}> "BiBK"@en .
<{COUNTRY}> <{RDFS.label}> "Sweden"@en, "Sverige"@sv .
<{PERSON}> <{FOAF.name}> "Anna Persson" ; <{SCHEMA.name}> "A. P." .
"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(TURTLE.encode(), format=ox.RdfFormat.TURTLE)
    return store


def test_the_asked_language_wins(store: ox.Store) -> None:
    assert label(store, TOPIC, "nb") == "Leselyst"
    assert label(store, TOPIC, "en") == "Reading promotion"
    assert label(store, COUNTRY, "en") == "Sweden"


def test_missing_language_falls_back_sv_nb_nn_da_en(store: ox.Store) -> None:
    assert FALLBACK == ("sv", "nb", "nn", "da", "en")
    assert label(store, TOPIC, "da") == "Läsfrämjande"  # no da: sv comes first
    assert label(store, TOPIC, "nn") == "Läsfrämjande"
    assert label(store, COUNTRY, "nb") == "Sverige"


def test_an_untagged_name_beats_a_translation(store: ox.Store) -> None:
    # prefLabel (untagged) is the first property with a value, so rdfs:label@en is not used
    assert label(store, ORG, "en") == "Biblioteksutveckling Blekinge Kronoberg"
    labels = Labels()
    labels.add(ORG, str(SKOS.prefLabel), "", "Biblioteksutveckling Blekinge Kronoberg")
    labels.add(ORG, str(SKOS.prefLabel), "en", "Library Development Blekinge Kronoberg")
    assert label(labels, ORG, "en") == "Library Development Blekinge Kronoberg"
    assert label(labels, ORG, "sv") == "Biblioteksutveckling Blekinge Kronoberg"


def test_property_order_prefLabel_rdfs_label_foaf_name_schema_name(store: ox.Store) -> None:
    assert label(store, PERSON, "sv") == "Anna Persson"  # foaf:name before schema:name


def test_other_languages_are_used_last_and_in_a_fixed_order() -> None:
    labels = Labels()
    labels.add(TOPIC, str(SKOS.prefLabel), "fi", "Lukeminen")
    labels.add(TOPIC, str(SKOS.prefLabel), "de", "Lesen")
    assert label(labels, TOPIC, "sv") == "Lesen"


def test_no_label_gives_the_last_segment_of_the_iri(store: ox.Store) -> None:
    assert label(store, BARE, "sv") == "2018-01-24-chefsmote"
    assert local_name("https://w3id.org/libgraph/ontology#Meeting") == "Meeting"
    assert label(Labels(), f"<{BARE}>", "en") == "2018-01-24-chefsmote"


def test_fetch_labels_fills_an_index_for_many_iris(store: ox.Store) -> None:
    labels = fetch_labels(store, [TOPIC, ORG, f"<{COUNTRY}>", BARE])
    assert TOPIC in labels and COUNTRY in labels and BARE not in labels
    assert label(labels, COUNTRY, "sv") == "Sverige"
    assert "VALUES ?s" in labels_query([TOPIC])


@pytest.mark.parametrize("lang", ["sv", "nb", "nn", "da", "en"])
def test_the_sparql_rule_agrees_with_the_python_rule(store: ox.Store, lang: str) -> None:
    iris = (TOPIC, ORG, COUNTRY, PERSON, BARE)
    values = " ".join(f"<{i}>" for i in iris)
    query = (sparql_prologue() + f"SELECT ?x ?xLabel WHERE {{ VALUES ?x {{ {values} }}\n"
             + label_sparql("x", lang) + "\n}")
    rows = {r["x"].value: r["xLabel"].value for r in store.query(query)}
    assert rows == {iri: label(store, iri, lang) for iri in iris}
