"""Countries, regions and municipalities from the gazetteer as RDF.

Every area is loaded, not only those the minutes name, so that a municipality a later
document names already has its IRI, code and containment, and so that coverage ("municipalities
represented against all of the region's") can be computed.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..ns import DCTERMS, LG, SCHEMA, SKOS, WD
from .iris import IriMinter

COUNTRIES = {"SE": ("Sverige", "Sweden", "Q34"), "NO": ("Norge", "Norway", "Q20"),
             "DK": ("Danmark", "Denmark", "Q35")}
LANG = {"SE": "sv", "NO": "nb", "DK": "da"}


def add_countries(graph: Graph, minter: IriMinter) -> None:
    for code, (native, english, qid) in COUNTRIES.items():
        iri = minter.country(code)
        graph.add((iri, RDF.type, SCHEMA.Country))
        graph.add((iri, DCTERMS.identifier, Literal(code)))
        graph.add((iri, RDFS.label, Literal(native, lang=LANG[code])))
        graph.add((iri, RDFS.label, Literal(english, lang="en")))
        graph.add((iri, SCHEMA.name, Literal(native, lang=LANG[code])))
        graph.add((iri, OWL.sameAs, WD[qid]))


def area_iri(minter: IriMinter, area) -> URIRef:
    return minter.area(area.kind, area.country, area.code)


def add_areas(graph: Graph, minter: IriMinter, gazetteer) -> None:
    add_countries(graph, minter)
    for area in gazetteer.areas():
        _add_area(graph, minter, gazetteer, area)


def _add_area(graph: Graph, minter: IriMinter, gazetteer, area) -> None:
    iri = area_iri(minter, area)
    country = minter.country(area.country)
    graph.add((iri, RDF.type, SCHEMA.AdministrativeArea))
    graph.add((iri, RDF.type, LG.Municipality if area.kind == "municipality" else LG.Region))
    graph.add((iri, RDFS.label, Literal(area.name)))
    graph.add((iri, SCHEMA.name, Literal(area.name)))
    graph.add((iri, DCTERMS.identifier, Literal(area.code)))
    graph.add((iri, LG.country, country))
    for alias in area.aliases:
        if alias and alias != area.name:
            graph.add((iri, SKOS.altLabel, Literal(alias)))
    parent = gazetteer.region_of(area) if area.kind == "municipality" else None
    graph.add((iri, SCHEMA.containedInPlace, area_iri(minter, parent) if parent else country))
    if area.wikidata:
        graph.add((iri, OWL.sameAs, WD[area.wikidata]))
