"""End-to-end: the demo corpus builds into a valid, traceable, stable graph."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF

import libgraph.build as build_module
import libgraph.build.write as write_stage
from libgraph.build import build
from libgraph.cli import main
from libgraph.ns import FOAF, LG, OA, ORG, SCHEMA
from libgraph.resolve.curation import Curation
from libgraph.store import NT_FILE, REPORT_FILE, TTL_FILE, open_store
from libgraph.validate import validate_file

from conftest import DEMO


def test_demo_build_conforms_and_has_every_kind_of_thing(demo_build) -> None:
    out, report = demo_build
    assert report.conforms, report.validation
    assert len(report.documents) == 5 and report.failed == []
    for name in ("lg:Meeting", "foaf:Person", "org:Organization", "org:Membership",
                 "lg:Municipality", "lg:Region", "schema:Country", "lg:Minutes", "lg:Mention",
                 "schema:Project", "lg:Decision", "lg:ActionItem", "skos:Concept",
                 "schema:MonetaryGrant", "schema:MonetaryAmount"):
        assert report.classes.get(name, 0) > 0, name
    for name in (NT_FILE, TTL_FILE, REPORT_FILE):
        assert (out / name).is_file()
    assert json.loads((out / REPORT_FILE).read_text())["triples"] == report.triples


def test_store_answers_sparql(demo_build) -> None:
    out, _ = demo_build
    store = open_store(out)
    rows = list(store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/libgraph/ontology#Meeting> }"))
    assert int(rows[0]["n"].value) == 5


def test_every_quote_equals_the_text_at_its_offsets(demo_build) -> None:
    out, _ = demo_build
    graph = Graph().parse(out / NT_FILE)
    texts = {m: str(t) for m, t in graph.subject_objects(SCHEMA.text)}
    checked = 0
    for mention in graph.subjects(predicate=OA.hasTarget):
        target = graph.value(mention, OA.hasTarget)
        source = graph.value(target, OA.hasSource)
        selectors = list(graph.objects(target, OA.hasSelector))
        start = next(int(graph.value(s, OA.start)) for s in selectors if graph.value(s, OA.start)
                     is not None)
        end = next(int(graph.value(s, OA.end)) for s in selectors if graph.value(s, OA.end)
                   is not None)
        exact = next(str(graph.value(s, OA.exact)) for s in selectors
                     if graph.value(s, OA.exact) is not None)
        assert texts[source][start:end] == exact
        checked += 1
    assert checked > 100


@pytest.mark.slow
def test_every_fact_is_traceable(demo_build) -> None:
    out, _ = demo_build
    graph = Graph().parse(out / NT_FILE)
    bodies = set(graph.objects(None, OA.hasBody))
    from libgraph.ns import PROV
    derived = set(graph.subjects(PROV.wasDerivedFrom, None))
    for cls in (LG.Meeting, FOAF.Person, ORG.Membership, SCHEMA.Project, LG.Decision,
                SCHEMA.MonetaryGrant):
        for thing in graph.subjects(RDF.type, cls):
            assert thing in bodies or thing in derived, thing
    for meeting, person in graph.subject_objects(SCHEMA.attendee):
        assert any((m, OA.hasBody, person) in graph for m in graph.subjects(OA.hasBody, meeting))


@pytest.mark.slow
def test_two_builds_give_identical_sorted_ntriples(demo_build, tmp_path: Path) -> None:
    out, _ = demo_build
    again = tmp_path / "again"
    build([DEMO], again)
    assert (again / NT_FILE).read_bytes() == (out / NT_FILE).read_bytes()


@pytest.mark.slow
def test_iris_do_not_depend_on_input_order(tmp_path: Path) -> None:
    files = sorted(DEMO.glob("*.txt"))
    forward, backward = tmp_path / "f", tmp_path / "b"
    build(files, forward)
    build(list(reversed(files)), backward)
    assert (forward / NT_FILE).read_bytes() == (backward / NT_FILE).read_bytes()


def test_same_person_in_two_minutes_is_one_iri(demo_build) -> None:
    out, _ = demo_build
    store = open_store(out)
    rows = list(store.query("""
        PREFIX schema: <http://schema.org/> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT ?p (COUNT(DISTINCT ?m) AS ?n) WHERE {
          ?m schema:attendee ?p . ?p foaf:name "Kristina Hedberg" } GROUP BY ?p"""))
    assert len(rows) == 1 and int(rows[0]["n"].value) == 2


def test_bad_files_are_reported_and_the_build_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_bytes((DEMO / "se-2018-01-24-bibk-chefsmote.txt").read_bytes())
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (corpus / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    (corpus / "english.txt").write_text("The quick brown fox jumps over the lazy dog. " * 20)
    (corpus / "nothing.txt").write_text("Hej. Det regnar idag och vi dricker kaffe. " * 5)
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    reasons = {Path(line.split(":")[0].strip().removeprefix("skipped ")).name: line
               for line in result.output.splitlines() if line.strip().startswith("skipped ")}
    assert set(reasons) == {"empty.txt", "binary.txt", "broken.docx", "broken.pdf",
                            "english.txt", "nothing.txt"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["binary.txt"]
    assert "docx" in reasons["broken.docx"] and "pdf" in reasons["broken.pdf"]
    assert "language" in reasons["english.txt"] and "no meeting" in reasons["nothing.txt"]
    assert "Documents:      1 read, 6 skipped" in result.output
    assert (tmp_path / "out" / NT_FILE).is_file()


@pytest.mark.slow
def test_failed_build_leaves_the_previous_one(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "build"
    build([DEMO], out)
    before = (out / NT_FILE).read_bytes()
    original = write_stage.write_files

    def write_then_fail(result: build_module.BuildResult, tmp: Path) -> None:
        original(result, tmp)
        raise OSError("disk full")

    monkeypatch.setattr(write_stage, "write_files", write_then_fail)
    with pytest.raises(OSError, match="disk full"):
        build([DEMO / "no-2015-06-02-troms-biblioteksjefmote.txt"], out)
    assert (out / NT_FILE).read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".build")]


@pytest.mark.slow
def test_killed_build_leaves_the_previous_one_usable(tmp_path: Path) -> None:
    out = tmp_path / "build"
    build([DEMO], out)
    before = (out / NT_FILE).read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "libgraph.cli", "build", str(DEMO), "--out",
                             str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        proc.stderr.read(8)  # the progress bar has started: the build is under way
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert (out / NT_FILE).read_bytes() == before
    assert isinstance(open_store(out), ox.Store)


def test_cli_validate_and_extract(demo_build, tmp_path: Path) -> None:
    out, _ = demo_build
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", "--build", str(out)])
    assert ok.exit_code == 0 and "conforms" in ok.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
                   "<https://w3id.org/libgraph/id/person/x> a foaf:Person .\n")
    res = runner.invoke(main, ["validate", str(bad)])
    assert res.exit_code == 1 and "does not conform" in res.output
    doc = DEMO / "no-2015-06-02-troms-biblioteksjefmote.txt"
    rec = json.loads(runner.invoke(main, ["extract", str(doc)]).output)
    assert rec["meetings"][0]["start_date"] == "2015-06-02"
    ttl = runner.invoke(main, ["extract", str(doc), "--format", "ttl"]).output
    assert "lg:Meeting" in ttl
    missing = runner.invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "nope.txt" in missing.output


# -- ISSUE 7: cache, incremental patching, piecewise validation --------------------------------

def _store_dump(out: Path) -> list[str]:
    store = open_store(out)
    try:
        return sorted(str(q) for q in store)
    finally:
        del store


@pytest.mark.slow
def test_rebuild_reuses_the_cache_and_patches_to_the_same_graph(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO, corpus)
    out, fresh = tmp_path / "build", tmp_path / "fresh"
    build([corpus], out, jobs=1)
    changed = corpus / "se-2018-01-24-bibk-chefsmote.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nMötet beslutade att ses igen.\n",
                       encoding="utf-8")
    (corpus / "no-2015-06-02-troms-biblioteksjefmote.txt").unlink()
    again = build([corpus], out, jobs=1)
    assert again.reused == 3  # two documents unchanged, plus none re-read of the removed one
    assert "no-2015-06-02" not in (out / NT_FILE).read_text(encoding="utf-8")
    again_fresh = build([corpus], fresh, jobs=1)
    assert again.triples == again_fresh.triples  # counted from the patch, not the file
    assert (out / NT_FILE).read_bytes() == (fresh / NT_FILE).read_bytes()
    assert (out / TTL_FILE).read_bytes() == (fresh / TTL_FILE).read_bytes()
    assert _store_dump(out) == _store_dump(fresh)
    cached = {p.stem for p in (out / "cache").glob("*.json") if not p.name.startswith("static")}
    assert len(cached) == 4  # the removed document's entry is gone with it


@pytest.mark.slow
def test_a_curation_change_invalidates_only_the_documents_it_names(tmp_path: Path) -> None:
    out = tmp_path / "build"
    rules = tmp_path / "curation.toml"
    rules.write_text("", encoding="utf-8")
    build([DEMO], out, curation=Curation.load(rules), jobs=1)
    rules.write_text('[[reject]]\nname = "Weine Sundell"\n'
                     'document = "se-2018-01-24-bibk-chefsmote.txt"\n', encoding="utf-8")
    report = build([DEMO], out, curation=Curation.load(rules), jobs=1)
    assert report.reused == 4 and report.curation == []
    attended = [line for line in (out / NT_FILE).read_text(encoding="utf-8").split("\n")
                if "2018-01-24" in line.split(" ")[0] and "schema.org/attendee" in line]
    assert attended and not any("weine-sundell" in line for line in attended)


@pytest.mark.slow
def test_piecewise_validation_finds_what_whole_graph_validation_finds(tmp_path: Path) -> None:
    """Two files with the same text under different names, both kept (no de-duplication):
    one minutes node with two dcterms:source values, a violation only the merged graph has
    (sh:maxCount 1)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (DEMO / "se-2018-05-22-bibk-bibliotekschefsmote.txt").read_bytes()
    (corpus / "a.txt").write_bytes(text)
    (corpus / "b.txt").write_bytes(text)
    out = tmp_path / "build"
    result = build_module.build_graph([corpus], out=out, jobs=1,
                                      selector=build_module.keep_all)
    build_module.write_build(result, out)
    whole = validate_file(out / NT_FILE)
    key = {(v.shape, v.focus, v.path, v.value) for v in whole.violations}
    assert key == {(v.shape, v.focus, v.path, v.value) for v in result.validation.violations}
    assert any(v.shape.endswith("MinutesSourceShape") for v in result.validation.violations)
    assert not result.report.conforms


def test_piece_lines_are_what_rdflib_writes(tmp_path: Path) -> None:
    """The fast N-Triples writer of the build agrees with rdflib's serializer."""
    from libgraph.extract import extract
    from libgraph.ingest import read_document
    from libgraph.rdf.mapping import GraphBuilder

    document = read_document(DEMO / "se-2018-01-24-bibk-chefsmote.txt")
    graph = GraphBuilder(Graph()).add(document, extract(document))
    sink = build_module.TripleSink()
    for triple in graph:
        sink.add(triple)
    expected = sorted({line for line in graph.serialize(format="nt").split("\n") if line})
    assert sink.lines() == expected
    written = build_module.TripleSink()  # the mentions written as lines, the rest as terms
    GraphBuilder(written).add(document, extract(document))  # type: ignore[arg-type]
    assert written.blocks and written.lines() == expected
