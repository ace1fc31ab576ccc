"""Each build stage on its own (``libgraph.build``), and the whole build against a second path.

The stages are run by hand on a :class:`BuildState`, in process (``jobs=1``), so that each
test looks at one stage's output; the last tests check that no path through the stages (full,
serial, worker processes, patched) changes the graph, and that the graph equals the one made
without the build's machinery: each document extracted, curated and mapped into rdflib.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import libgraph.build.triples as triples_module
import libgraph.build.workers as workers_module
from libgraph.build import (
    BuildState,
    DocCache,
    Duplicate,
    ReadDocument,
    Settings,
    Task,
    build,
    build_graph,
    default_curation_path,
    merge_sorted,
    write_build,
)
from libgraph.build.extract import process
from libgraph.build.plan import plan
from libgraph.build.profile import Profile
from libgraph.build.read import read, select
from libgraph.build.resolve import curate, entry_id
from libgraph.build.triples import (
    EarlyStore,
    _python_merge,
    piece_lines,
    start_early_store,
    triples,
)
from libgraph.build.validate import check_piece, non_local_subjects, shared_subjects, validate
from libgraph.build.workers import Workers, current, init_worker
from libgraph.ingest.duplicates import shingles, sketch
from libgraph.ns import DEFAULT_BASE
from libgraph.resolve.curation import Curation
from libgraph.store import NT_FILE, TTL_FILE, open_store

from conftest import DEMO

TROMS = "no-2015-06-02-troms-biblioteksjefmote.txt"
BIBK = "se-2018-01-24-bibk-chefsmote.txt"
BIBK_MAY = "se-2018-05-22-bibk-bibliotekschefsmote.txt"


def _state(tmp_path: Path, roots: list[Path], out: Path | None = None,
           curation: Curation | None = None) -> BuildState:
    settings = Settings(tuple(roots), DEFAULT_BASE, curation or Curation(tmp_path / "none"),
                        out, 1, 120.0)
    staging = tmp_path / "staging"
    staging.mkdir(exist_ok=True)
    old = out / "cache" if out is not None else None
    return BuildState(settings, staging, DocCache(staging / "cache", old))


def _corpus(tmp_path: Path, *names: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(DEMO / name, corpus / name)
    return corpus


# -- plan --------------------------------------------------------------------------------------

def test_plan_keys_files_by_content_and_takes_unchanged_ones_from_the_cache(tmp_path: Path
                                                                             ) -> None:
    corpus = _corpus(tmp_path, TROMS, BIBK)
    out = tmp_path / "build"
    build([corpus], out, jobs=1)
    (corpus / TROMS).write_text((corpus / TROMS).read_text(encoding="utf-8") + "\nSlutt.\n",
                                encoding="utf-8")
    state = _state(tmp_path, [corpus], out,
                   Curation.for_corpus(default_curation_path(), [corpus]))
    plan(state)
    tasks = [t for t in state.planned if isinstance(t, Task)]
    assert sorted(t.path.name for t in tasks) == [TROMS, BIBK]
    assert [t.path.name for t in state.todo] == [TROMS]  # only the changed one
    assert [r.name for r in state.records.values()] == [BIBK] and state.report.reused == 1
    assert state.static is not None and state.static.lines
    assert len({t.key for t in tasks}) == 2


def test_plan_finds_each_language_override_once_and_the_read_stage_takes_it(tmp_path: Path
                                                                            ) -> None:
    corpus = _corpus(tmp_path, TROMS, BIBK)
    (corpus / ".libgraph-language").write_text("nn\n", encoding="utf-8")
    (corpus / (BIBK + ".lang")).write_text("sv\n", encoding="utf-8")
    state = _state(tmp_path, [corpus], None,
                   Curation.for_corpus(default_curation_path(), [corpus]))
    plan(state)
    assert {t.path.name: t.language for t in state.todo} == {TROMS: "nn", BIBK: "sv"}
    # read with the languages the cache keys were made from, not searched for again
    (corpus / ".libgraph-language").unlink()
    (corpus / (BIBK + ".lang")).unlink()
    with Workers(state) as workers:
        read(state, workers)
    assert {d.task.path.name: d.document.language for d in state.documents} == \
        {TROMS: "nn", BIBK: "sv"}


def test_without_an_override_at_plan_the_read_stage_does_not_search_again(tmp_path: Path
                                                                          ) -> None:
    """No override when planned: the read stage detects the language (as the cache key
    says), and an override file that appears meanwhile is not looked for."""
    corpus = _corpus(tmp_path, TROMS)
    state = _state(tmp_path, [corpus], None,
                   Curation.for_corpus(default_curation_path(), [corpus]))
    plan(state)
    assert [t.language for t in state.todo] == [None]
    (corpus / ".libgraph-language").write_text("da\n", encoding="utf-8")
    with Workers(state) as workers:
        read(state, workers)
    assert [d.document.language for d in state.documents] == ["nb"]


# -- read and select -----------------------------------------------------------------------------

def test_read_gives_documents_and_caches_unreadable_files_as_failed(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, TROMS)
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    state = _state(tmp_path, [corpus])
    plan(state)
    with Workers(state) as workers:
        read(state, workers)
    assert [d.document.name for d in state.documents] == [TROMS]
    assert state.documents[0].document.language == "nb"
    (failed,) = state.records.values()
    assert failed.name == "binary.txt" and not failed.ok and "binary" in failed.reason
    key = next(t.key for t in state.todo if t.path.name == "binary.txt")
    assert state.cache.get(key) == failed  # not read again until it changes


def _drop_copies(documents: list[ReadDocument]) -> tuple[list[ReadDocument], list[Duplicate]]:
    """A selector that keeps the first of documents with the same text."""
    seen: dict[str, str] = {}
    kept, copies = [], []
    for item in documents:
        first = seen.setdefault(item.document.sha256, item.document.name)
        if first == item.document.name:
            kept.append(item)
        else:
            copies.append(Duplicate(str(item.task.path), first, "same text"))
    return kept, copies


def test_select_is_where_duplicates_are_left_out(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, TROMS)
    shutil.copy(corpus / TROMS, corpus / "copy.txt")
    state = _state(tmp_path, [corpus])
    plan(state)
    with Workers(state) as workers:
        read(state, workers)
    assert len(state.documents) == 2
    select(state)  # the default leaves out copies (ingest/duplicates.py)
    assert len(state.documents) == 1
    assert [Path(d.path).name for d in state.duplicates] in (["copy.txt"], [TROMS])
    result = build_graph([corpus], jobs=1, selector=_drop_copies)  # a selector of one's own
    assert len(result.report.documents) == 1 and result.report.failed == []
    assert [(Path(d.path).name, d.kept) for d in result.duplicates] == [("copy.txt", TROMS)] \
        or [(Path(d.path).name, d.kept) for d in result.duplicates] == [(TROMS, "copy.txt")]
    assert result.report.duplicates == [{"path": d.path, "of": d.kept}
                                        for d in result.duplicates]
    assert result.report.conforms  # with both copies the minutes node would have two sources


def test_read_hashes_the_words_once_and_select_drops_the_hashes(tmp_path: Path) -> None:
    """The read worker makes the shingle hashes that select compares; the extract call and
    the cache record keep only the sketch (the same as hashing the text afresh)."""
    corpus = _corpus(tmp_path, TROMS, BIBK)
    state = _state(tmp_path, [corpus])
    plan(state)
    with Workers(state) as workers:
        read(state, workers)
        for item in state.documents:
            assert item.shingles is not None
            assert frozenset(item.shingles) == shingles(item.document.text)
            assert item.sketch == sketch(shingles(item.document.text))
        select(state)
        assert [d.shingles for d in state.documents] == [None, None]  # not sent on
        record, _times = process(state.documents[0])
    assert record.sketch == list(sketch(shingles(state.documents[0].document.text)))


# -- extract (and resolve, triples, validate of one document) -----------------------------------

def test_process_caches_the_piece_and_the_record_of_one_document(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, TROMS)
    state = _state(tmp_path, [corpus])
    plan(state)
    with Workers(state) as workers:
        read(state, workers)
        record, times = process(state.documents[0])
    assert record.ok and record.triples > 500 and record.violations == []
    assert list(times) == ["extract", "resolve", "triples", "validate"]
    lines = state.cache.nt_path(state.todo[0].key).read_text(encoding="utf-8").splitlines()
    assert len(lines) == record.triples and lines == sorted(set(lines))
    assert state.cache.get(state.todo[0].key) == record


def test_resolve_applies_the_curation_and_names_the_entries_that_matched(tmp_path: Path
                                                                         ) -> None:
    from libgraph.extract import extract
    from libgraph.ingest import read_document

    rules = tmp_path / "curation.toml"
    rules.write_text(f'[[reject]]\nname = "Weine Sundell"\ndocument = "{BIBK}"\n'
                     '[[reject]]\nname = "Nobody Here"\n', encoding="utf-8")
    curation = Curation.load(rules)
    extracted = extract(read_document(DEMO / BIBK))
    assert "Weine Sundell" in {p.name for p in extracted.persons}
    curated, matched = curate(curation, extracted)
    assert "Weine Sundell" not in {p.name for p in curated.persons}
    assert matched == [entry_id(curation.entries[0])]


# -- triples -------------------------------------------------------------------------------------

def test_piece_lines_are_sorted_unique_ntriples_of_the_document(tmp_path: Path) -> None:
    from libgraph.extract import extract
    from libgraph.ingest import read_document

    init_worker(str(tmp_path / "cache"), str(_static_nt(tmp_path)), DEFAULT_BASE,
                Curation(tmp_path / "none"), 120.0)
    document = read_document(DEMO / TROMS)
    lines = piece_lines(current().builder, document, extract(document))
    assert lines == sorted(set(lines)) and all(line.endswith(" .") for line in lines)
    graph = Graph().parse(data="\n".join(lines), format="nt")
    assert len(graph) == len(lines)


def _static_nt(tmp_path: Path) -> Path:
    from libgraph.build.cache import code_version
    from libgraph.build.static import static_piece

    return static_piece(DocCache(tmp_path / "static-cache"), DEFAULT_BASE, code_version()).nt


def test_merge_keeps_one_of_each_line_in_byte_order(tmp_path: Path) -> None:
    pieces = []
    for name, lines in (("a", [b"<a> <p> \"\xc3\xa5\" .", b"<b> <p> <c> ."]),
                        ("b", [b"<a> <p> <b> .", b"<b> <p> <c> ."]), ("c", [])):
        piece = tmp_path / f"{name}.nt"
        piece.write_bytes(b"".join(line + b"\n" for line in sorted(lines)))
        pieces.append(piece)
    merge_sorted(pieces, tmp_path / "sort.nt")
    _python_merge(pieces, tmp_path / "python.nt", fan_in=2)
    expected = sorted({line for p in pieces for line in p.read_bytes().splitlines()})
    assert (tmp_path / "sort.nt").read_bytes().splitlines() == expected
    assert (tmp_path / "python.nt").read_bytes() == (tmp_path / "sort.nt").read_bytes()


# -- validate ------------------------------------------------------------------------------------

def test_check_piece_finds_a_violation_and_lists_the_shared_subjects(tmp_path: Path) -> None:
    from libgraph.validate import StaticContext

    context = StaticContext([])
    person = "<https://w3id.org/libgraph/id/person/anna-berg>"
    local = "<https://w3id.org/libgraph/id/minutes/abcdef0123456789>"
    lines = sorted([f"{person} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                    "<http://xmlns.com/foaf/0.1/Person> .",
                    f"{local} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                    "<https://w3id.org/libgraph/ontology#Minutes> ."])
    violations, shared = check_piece(lines, context, "abcdef0123456789" + "0" * 48)
    assert {v.focus for v in violations} >= {person[1:-1]}  # a person needs a name
    assert shared == [person[1:-1]]
    assert non_local_subjects(["x/abcdef/y", "x/other"], "abcdef99") == ["x/other"]


def test_validate_after_triples_gives_the_counts_and_the_verdict(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, BIBK, BIBK_MAY)  # Kristina Hedberg attended both
    state = _state(tmp_path, [corpus])
    plan(state)
    with Workers(state) as workers:
        read(state, workers)
        select(state)
        for item in state.documents:
            state.records[item.task.index] = process(item)[0]
    triples(state)
    validate(state)
    assert state.validation is not None and state.validation.conforms
    assert state.report.triples == len((state.staging / NT_FILE).read_bytes().splitlines())
    assert state.report.classes["lg:Meeting"] == 2
    assert (state.staging / "pieces.json").is_file()
    assert state.static is not None
    shared = shared_subjects([state.records[t.index] for t in state.ok_tasks],
                             [state.cache.nt_path(t.key) for t in state.ok_tasks], state.static)
    assert shared == sorted(shared)
    graph_nt = (state.staging / NT_FILE).read_text(encoding="utf-8").splitlines()
    (kristina,) = {line.split(" ")[0][1:-1] for line in graph_nt
                   if '<http://xmlns.com/foaf/0.1/name> "Kristina Hedberg"' in line}
    assert kristina in shared


# -- profile -------------------------------------------------------------------------------------

def test_profile_nests_sub_stages_and_totals_the_top_ones() -> None:
    profile = Profile()
    with profile.stage("triples"), profile.stage("triples/merge"):
        sum(range(10_000))
    with profile.stage("validate"):
        pass
    profile.add_document({"extract": (0.5, 0.25)}, "extract")
    assert list(profile.stages) == ["triples", "triples/merge", "validate", "extract"]
    assert profile.stages["extract"].cpu == 0.25
    text = profile.format()
    assert "\n  merge " in text and "extract (1 docs)" in text
    total = next(line for line in text.splitlines() if line.startswith("total"))
    top = sum(profile.stages[n].wall for n in ("triples", "validate", "extract"))
    assert float(total.split()[1]) == pytest.approx(top, abs=0.01)


# -- the whole build: every path gives the same graph --------------------------------------------

def _reference_graph() -> Graph:
    """The demo graph without the build's machinery: each document read, extracted, curated
    and mapped into one rdflib graph, with the static part (no cache, no pieces, no merge,
    no store)."""
    from libgraph.extract import extract
    from libgraph.ingest import discover, read_document
    from libgraph.rdf.mapping import GraphBuilder, static_graph

    graph = static_graph(DEFAULT_BASE)
    curation = Curation.for_corpus(default_curation_path(), [DEMO])
    builder = GraphBuilder(graph, DEFAULT_BASE)
    for path in discover([DEMO]):
        document = read_document(path, root=DEMO)
        builder.add(document, curation.apply(extract(document)))
    return graph


@pytest.mark.slow
def test_the_demo_graph_is_the_same_through_every_path(demo_build, tmp_path: Path,
                                                       monkeypatch) -> None:
    """Same graph from: the shared demo build; the build here in worker processes; in this
    process; a rebuild patched from a previous build; and the reference path above."""
    out, _ = demo_build
    expected = (out / NT_FILE).read_bytes()
    monkeypatch.setattr(workers_module, "POOL_MIN_DOCUMENTS", 1)
    pooled = tmp_path / "pooled"
    build([DEMO], pooled, jobs=2)
    serial = tmp_path / "serial"
    build([DEMO], serial, jobs=1)
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO, corpus)
    patched = tmp_path / "patched"
    kept = corpus / TROMS
    text = kept.read_bytes()
    kept.unlink()
    build([corpus], patched, jobs=1)
    kept.write_bytes(text)
    again = build([corpus], patched, jobs=1)
    assert again.reused == 4  # the rebuild patched in one piece
    for other in (pooled, serial, patched):
        assert (other / NT_FILE).read_bytes() == expected, other
    # the pooled build loaded its store during extraction, piece by piece; the others from
    # graph.nt or by patching: the same triples, each once
    dumps = [_store_lines(d) for d in (pooled, serial, patched)]
    assert dumps[0] == dumps[1] == dumps[2]
    assert len(dumps[0]) == len(expected.splitlines())
    assert (patched / TTL_FILE).read_bytes() == (serial / TTL_FILE).read_bytes()
    built = Graph().parse(out / NT_FILE, format="nt")
    assert isomorphic(built, _reference_graph())


def _store_lines(build_dir: Path) -> list[str]:
    """Every triple of the build's store as an N-Triples line, sorted (duplicates kept)."""
    store = open_store(build_dir)
    try:
        return sorted(f"{q.subject} {q.predicate} {q.object} ." for q in store)
    finally:
        del store


def test_write_build_swaps_in_the_staging_directory(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, TROMS)
    out = tmp_path / "build"
    result = build_graph([corpus], out=out, jobs=1)
    staging = result.staging
    assert staging.parent == out.parent and (staging / NT_FILE).is_file()
    write_build(result, out)
    assert not staging.exists() and (out / TTL_FILE).is_file()
    assert set(result.report.timings) >= {"plan", "read", "extract", "triples", "validate",
                                          "write"}


@pytest.mark.slow
def test_build_profile_prints_every_stage(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from libgraph.cli import main

    corpus = _corpus(tmp_path, TROMS)
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "b"),
                                       "--profile"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0] for line in result.output.splitlines() if line.strip()}
    assert {"plan", "read", "select", "extract", "triples", "validate", "write",
            "total"} <= rows
    assert "wall s" in result.output and "CPU s" in result.output


@pytest.mark.slow
def test_a_build_that_fails_after_extraction_stops_the_early_store(tmp_path: Path,
                                                                   monkeypatch) -> None:
    """The store loading during extraction is stopped and its directory removed when a
    later stage fails; the previous build stays."""
    import threading

    import libgraph.build.pipeline as pipeline

    corpus = _corpus(tmp_path, TROMS, BIBK)
    out = tmp_path / "build"
    monkeypatch.setattr(workers_module, "POOL_MIN_DOCUMENTS", 1)

    def broken(_state: BuildState) -> None:
        raise RuntimeError("disk full")

    started = []

    def early(state: BuildState) -> EarlyStore:
        started.append(state.staging)
        return start_early_store(state)

    monkeypatch.setattr(pipeline, "triples", broken)
    monkeypatch.setattr(pipeline, "start_early_store", early)
    with pytest.raises(RuntimeError, match="disk full"):
        build([corpus], out, jobs=2)
    assert len(started) == 1 and not started[0].exists()
    assert not any(t.name == "libgraph-store" for t in threading.enumerate())
    assert list(tmp_path.glob(".build.tmp-*")) == [] and not out.exists()


@pytest.mark.slow
def test_a_built_document_left_out_as_a_copy_leaves_no_triples_in_the_store(
        tmp_path: Path, monkeypatch) -> None:
    """The store loading during extraction already holds the cached piece of a document that
    the select stage then leaves out (a richer copy came): the store must be loaded afresh."""
    import docx

    corpus = _corpus(tmp_path, TROMS, BIBK)
    out = tmp_path / "build"
    build([corpus], out, jobs=1)
    (out / "pieces.json").unlink()  # no patch: a full build that reuses the cached pieces
    copy = docx.Document()
    for line in (corpus / TROMS).read_text(encoding="utf-8").splitlines():
        copy.add_paragraph(line)
    copy.save(str(corpus / "troms.docx"))
    monkeypatch.setattr(workers_module, "POOL_MIN_DOCUMENTS", 1)
    monkeypatch.setattr(triples_module, "EARLY_BATCH_LINES", 1)  # every piece at once
    import libgraph.build.pipeline as pipeline

    def loaded_early(state: BuildState) -> EarlyStore:
        early = start_early_store(state)  # the static piece and the two cached ones
        deadline = time.monotonic() + 60
        while early.loaded < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert early.loaded == 3
        return early

    monkeypatch.setattr(pipeline, "start_early_store", loaded_early)
    report = build([corpus], out, jobs=2)
    assert [Path(d["path"]).name for d in report.duplicates] == [TROMS]
    lines = (out / NT_FILE).read_bytes().splitlines()
    assert len(_store_lines(out)) == len(lines) == report.triples


def test_the_early_store_is_read_while_it_is_compacted_then_closed(tmp_path: Path) -> None:
    """finish() loads what is left and compacts in the background; the store answers
    meanwhile (the cross-document validation reads it), and close() leaves it on disk."""
    pieces = []
    for n in range(3):
        piece = tmp_path / f"p{n}.nt"
        piece.write_text(f"<http://example.org/s{n}> <http://example.org/p> \"{n}\" .\n",
                         encoding="utf-8")
        pieces.append(piece)
    staging = tmp_path / "staging"
    staging.mkdir()
    early = EarlyStore(staging)
    for piece in pieces:
        early.add(piece, 1)
    early.finish()
    reader = early.reader()
    assert reader is not None and len(list(reader)) == 3
    del reader
    early.close()
    assert early.reader() is None
    assert len(_store_lines(staging)) == 3
    early.cancel()  # a later stage failed: the store goes
    assert not (staging / "store").exists()
