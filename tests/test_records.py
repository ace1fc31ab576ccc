"""Records as build input (libgraph.records), dated affiliations, and the regional layer:
Danish centralbiblioteker dual-typed, Norwegian fylkesbiblioteker serving their county."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from libgraph.compare import compare
from libgraph.compare.model import hub_orgs
from libgraph.ns import ORG, SCHEMA, TIME, VOCAB
from libgraph.records import RecordError, load_records, records_graph
from libgraph.validate import validate_graph

from conftest import DEMO, GOLD


def _store(graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.fixture(scope="module")
def gold_graph():
    inputs = load_records(GOLD, sources=[DEMO])
    return inputs, records_graph(inputs)


def test_gold_records_map_to_a_conforming_graph_with_their_texts(gold_graph) -> None:
    inputs, graph = gold_graph
    assert len(inputs) == 5 and all(i.source is not None for i in inputs)
    report = validate_graph(graph)
    assert report.conforms, report.violations[:3]
    cmp = compare(_store(graph))
    gold = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]
    for code in ("SE", "NO", "DK"):
        assert cmp.meetings(code) == sum(len(g["meetings"]) for g in gold if g["country"] == code)
        attended = {p["name"] for g in gold if g["country"] == code for p in g["persons"]
                    if p["attended"] and not p["absent"]}
        assert cmp.attendees(code) == len(attended)


def test_affiliations_are_dated_by_the_meeting(gold_graph) -> None:
    inputs, graph = gold_graph
    store = _store(graph)
    rows = store.query(f"""
        SELECT ?name ?day WHERE {{
          ?m a <{ORG.Membership}> ; <{ORG.member}>/<http://xmlns.com/foaf/0.1/name> ?name ;
             <{ORG.memberDuring}>/<{TIME.hasBeginning}>/<{TIME.inXSDDate}> ?day .
        }}""")
    dated = {(r["name"].value, r["day"].value) for r in rows}
    expected = {(p["name"], g.record.meetings[0].start_date) for g in inputs
                for p in json.loads(g.path.read_text(encoding="utf-8"))["persons"]
                if p["affiliation"] and g.record.meetings[0].start_date}
    assert expected and expected <= dated


def test_a_record_without_its_source_still_maps_and_conforms(tmp_path: Path) -> None:
    shutil.copy(GOLD / "no-2015-06-02-troms-biblioteksjefmote.json", tmp_path)
    inputs = load_records(tmp_path)
    assert inputs[0].source is None
    report = validate_graph(records_graph(inputs))
    assert report.conforms, report.violations[:3]


def test_bad_records_name_the_file_and_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"document": "x.txt",\n "meetings": [', encoding="utf-8")
    with pytest.raises(RecordError, match=r"broken\.json: is not JSON \(line 2"):
        load_records(tmp_path)
    bad.write_text('["not", "a", "record"]', encoding="utf-8")
    with pytest.raises(RecordError, match="not an extraction record"):
        load_records(bad)
    with pytest.raises(RecordError, match="no such file"):
        load_records(tmp_path / "missing")


def _one_meeting(tmp_path: Path, country: str, language: str, orgs: list[dict],
                 persons: list[dict]) -> Path:
    record = {"document": "invented.txt", "language": language, "country": country,
              "kind": "minutes",
              "meetings": [{"name": "Møde", "type": "network_meeting",
                            "start_date": "2019-03-01", "organizer": orgs[0]["name"]}],
              "persons": persons, "organizations": orgs, "places": [], "projects": [],
              "funding": [], "decisions": [], "actions": []}
    path = tmp_path / "invented.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def test_a_danish_centralbibliotek_is_a_public_library_and_a_regional_agency(
        tmp_path: Path) -> None:
    path = _one_meeting(tmp_path, "DK", "da",
                        [{"name": "Vejle Centralbibliotek", "aliases": [],
                          "kind": "public_library"}],
                        [{"name": "Karen Invented", "attended": True, "absent": False,
                          "affiliation": "Vejle Centralbibliotek", "role": None}])
    graph = records_graph(load_records(path))
    library = next(s for s, o in graph.subject_objects(ORG.classification)
                   if o == VOCAB["orgtype/public_library"]
                   and (s, ORG.classification, VOCAB["orgtype/regional_library_agency"]) in graph)
    assert (library, ORG.classification, VOCAB["orgtype/public_library"]) in graph
    cmp = compare(_store(graph))
    assert str(library) in hub_orgs(cmp.facts)
    # its member's ties run through an agency: the Danish hub measures are no longer 0 by
    # construction
    assert cmp.networks["DK"]["orgs"].has_node(str(library))


def test_a_norwegian_fylkesbibliotek_serves_its_county(tmp_path: Path) -> None:
    path = _one_meeting(tmp_path, "NO", "nb",
                        [{"name": "Troms fylkesbibliotek", "aliases": [],
                          "kind": "regional_library_agency"}], [])
    graph = records_graph(load_records(path))
    agency = next(graph.subjects(ORG.classification, VOCAB["orgtype/regional_library_agency"]))
    served = {str(o) for o in graph.objects(agency, SCHEMA.areaServed)}
    assert any(o.endswith("/region/no-55") for o in served), served
