"""Linked data that stands alone: an entity's RDF names and types what it links to, its
JSON-LD is compacted with the shipped context, and JSON-LD profiles are accepted."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from libgraph.export import jsonld_context
from libgraph.store import NT_FILE, STORE_DIR
from libgraph.web.backend import LocalBackend
from libgraph.web.data.rdf import BUSY, NAMES_KEY, entity_triples
from libgraph.web.labelling import LABEL_PROPERTIES as LABELS

ID = "https://w3id.org/libgraph/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FOAF_NAME = "http://xmlns.com/foaf/0.1/name"
ATTENDEE = "http://schema.org/attendee"


@pytest.fixture(scope="module")
def client(explorer: Flask) -> FlaskClient:
    return explorer.test_client()


@pytest.fixture(scope="module")
def meeting(client: FlaskClient) -> str:
    rows = client.get("/meetings.json").get_json()["rows"]
    return next(r["item"]["href"] for r in rows
                if client.get(r["item"]["href"] + ".json").get_json()["sections"][1:])


def graph(data: bytes, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value)
            for t in ox.parse(data, format=fmt)}


def test_the_rdf_names_and_types_what_it_links_to(client: FlaskClient, meeting: str) -> None:
    triples = graph(client.get(meeting + ".ttl").data, ox.RdfFormat.TURTLE)
    iri = ID + meeting.removeprefix("/id/")
    attendees = {o for s, p, o in triples if s == iri and p == ATTENDEE}
    assert attendees
    for person in attendees:
        assert (person, RDF_TYPE, "http://xmlns.com/foaf/0.1/Person") in triples
        assert any(s == person and p == FOAF_NAME for s, p, _o in triples)
    # only names and types of the linked things, not everything about them
    assert {p for s, p, _o in triples if s in attendees} <= {
        RDF_TYPE, FOAF_NAME, "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://www.w3.org/2000/01/rdf-schema#label", "http://schema.org/name"}
    same = graph(client.get(meeting + ".nt").data, ox.RdfFormat.N_TRIPLES)
    assert same == triples  # one set of triples in every syntax


@pytest.mark.parametrize("accept", [
    'application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"',
    'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded", text/html;q=0.5',
    "application/ld+json",
])
def test_json_ld_is_compacted_with_the_shipped_context(client: FlaskClient, meeting: str,
                                                       accept: str) -> None:
    response = client.get(meeting, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    doc = json.loads(response.data)
    assert doc["@context"] == jsonld_context()
    keys = {k for node in doc["@graph"] for k in node}
    assert not any(k.startswith("http") for k in keys)  # terms, not full IRIs
    iri = ID + meeting.removeprefix("/id/")
    turtle = graph(client.get(meeting + ".ttl").data, ox.RdfFormat.TURTLE)
    assert graph(response.data, ox.RdfFormat.JSON_LD) == turtle
    assert any(s == iri and p == ATTENDEE for s, p, _o in turtle)


def test_other_parameters_and_qualities_still_negotiate(client: FlaskClient,
                                                        meeting: str) -> None:
    html = client.get(meeting, headers={"Accept": "text/html;level=1, text/turtle;q=0.2"})
    assert html.mimetype == "text/html"
    turtle = client.get(meeting, headers={"Accept": "text/turtle;charset=utf-8, */*;q=0.1"})
    assert turtle.mimetype == "text/turtle"
    assert client.get(meeting, headers={"Accept": "image/png;q=1"}).status_code == 406
    assert client.get(meeting, headers={"Accept": "text/turtle;q=x"}).status_code == 406


class _SparqlOnly:
    """The same store asked only by SPARQL: ``entity_triples`` then takes the path it takes
    over a remote endpoint (two CONSTRUCT queries), which the index look-ups must match."""

    def __init__(self, local: LocalBackend) -> None:
        self.construct = local.construct


def _in_link_order(local: LocalBackend, iri: str) -> list[ox.Triple]:
    """The order the page promises: its own triples in store order, then each linked
    thing's labels and types in the order of the links, each once, none of its own again."""
    own = local.about(iri)
    out = list(own)
    for triple in own:
        if isinstance(triple.object, ox.NamedNode) and triple.object.value != iri:
            out += [t for t in local.about(triple.object.value)
                    if t.predicate.value in (*LABELS, RDF_TYPE) and t not in out]
    return out


@pytest.mark.parametrize("kind", ["memory", "disk"])
def test_the_look_ups_give_what_the_construct_queries_give(
        demo_build: tuple[Path, object], kind: str) -> None:
    build = demo_build[0]
    if kind == "memory":
        store = ox.Store()
        store.bulk_load(path=str(build / NT_FILE), format=ox.RdfFormat.N_TRIPLES)
    else:
        store = ox.Store.read_only(str(build / STORE_DIR))
    local = LocalBackend(store)
    subjects = sorted({q.subject.value for q in store.quads_for_pattern(None, None, None)
                       if isinstance(q.subject, ox.NamedNode)})
    assert len(subjects) > 500
    linked = 0
    for iri in subjects:
        by_lookup = entity_triples(local, iri)
        by_query = entity_triples(_SparqlOnly(local), iri)  # type: ignore[arg-type]
        assert set(by_lookup) == set(by_query), iri
        assert by_lookup == _in_link_order(local, iri), iri
        linked += len(by_lookup) - len(local.about(iri))
    assert linked > 1000  # the labels and types of linked things are there
    kept = local.kept(NAMES_KEY, dict)  # the busy things' answers, kept between pages
    assert kept and all(len(local.about(node.value)) >= BUSY for node in kept)
    assert len(kept) < len(subjects) // 2  # only the busy ones
    for iri in subjects:  # answered again from what was kept: the same
        assert entity_triples(local, iri) == _in_link_order(local, iri), iri
