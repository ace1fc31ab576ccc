"""The extraction pipeline's contract: declared reads and writes, checked at definition and
enforced by a guarded context while running; the documented table matches the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from libgraph.extract.context import ExtractionContext
from libgraph.extract.contract import ContractError, check_pipeline, pipeline_table, step
from libgraph.extract.pipeline import PIPELINE, extract
from libgraph.ingest import discover, read_document

from helpers import doc

ROOT = Path(__file__).resolve().parents[1]
SNIPPET = ("Protokoll styrelsemöte 4 april 2023, Ekby\n\nNärvarande:\nAnna Holmvik, "
           "Ekby bibliotek\nPer Tallmo, Granlia kommun\n\n§1. Mötet öppnades.\n")


def _steps(*names: str):
    by_name = {item.name: item for item in PIPELINE}
    return tuple(by_name[name] for name in names)


def test_the_pipeline_declarations_hold() -> None:
    check_pipeline(PIPELINE)  # also run at import; here so that a failure names this test
    assert PIPELINE[-1].name == "finish_record"


def test_a_step_before_the_writer_of_what_it_reads_fails() -> None:
    wrong = _steps("read_meeting", "read_attendance", "resolve_aliases", "read_people")
    with pytest.raises(ContractError, match=r"resolve_aliases reads.*short_mentions"):
        check_pipeline(wrong)
    check_pipeline(_steps("read_meeting", "read_attendance", "read_people", "resolve_aliases"))


def test_a_second_writer_of_an_unshared_field_fails() -> None:
    def also_places(ctx: ExtractionContext) -> None:
        ctx.add_place("Ekby")

    with pytest.raises(ContractError, match="also_places writes 'places'"):
        check_pipeline((*PIPELINE, step(also_places, writes=("places",))))


def test_an_unknown_field_name_is_refused() -> None:
    with pytest.raises(ContractError, match="unknown"):
        step(lambda ctx: None, reads=("person",))


def test_the_guard_catches_an_undeclared_write() -> None:
    def sneaky(ctx: ExtractionContext) -> None:
        ctx.attendance_spans.append((0, 1))  # declared as read, not as written

    def assigner(ctx: ExtractionContext) -> None:
        ctx.minute_taker = "Per Tallmo"

    pipeline = (*PIPELINE[:-1], step(sneaky, reads=("attendance_spans",)), PIPELINE[-1])
    with pytest.raises(ContractError, match="sneaky writes 'attendance_spans'"):
        extract(doc(SNIPPET), pipeline, guard=True)
    with pytest.raises(ContractError, match="assigner writes 'minute_taker'"):
        extract(doc(SNIPPET), (*PIPELINE[:-1], step(assigner), PIPELINE[-1]), guard=True)
    extract(doc(SNIPPET), pipeline, guard=False)  # unguarded, the same step goes unnoticed


def test_the_guard_catches_a_change_inside_a_table_declared_read_only() -> None:
    def renamer(ctx: ExtractionContext) -> None:
        for person in ctx.persons.values():
            person.role = "chair"

    pipeline = (*PIPELINE[:-1], step(renamer, reads=("persons",)), PIPELINE[-1])
    with pytest.raises(ContractError, match="renamer writes 'persons'"):
        extract(doc(SNIPPET), pipeline, guard=True)


def test_the_guard_catches_an_undeclared_read() -> None:
    def peeker(ctx: ExtractionContext) -> None:
        ctx.find_person("Anna Holmvik")  # reads ctx.persons

    pipeline = (*PIPELINE[:-1], step(peeker), PIPELINE[-1])
    with pytest.raises(ContractError, match="peeker reads 'persons'"):
        extract(doc(SNIPPET), pipeline, guard=True)


def _guarded_equals_plain(directory: Path) -> int:
    count = 0
    for path in discover([directory]):
        document = read_document(path)
        assert extract(document, guard=True).to_dict() == extract(document).to_dict(), path
        count += 1
    return count


def test_the_demo_corpus_runs_under_the_guard_with_the_same_records() -> None:
    assert _guarded_equals_plain(ROOT / "data" / "minutes") >= 5


def test_a_generated_corpus_runs_under_the_guard_with_the_same_records(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--docs", "40",
                    "--seed", "3", "--out", str(tmp_path)], check=True, capture_output=True)
    assert _guarded_equals_plain(tmp_path) >= 30


def test_the_architecture_document_lists_the_pipeline_as_declared() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    start = text.index("<!-- pipeline-table:start -->\n") + len("<!-- pipeline-table:start -->\n")
    end = text.index("\n<!-- pipeline-table:end -->")
    assert text[start:end] == pipeline_table(PIPELINE)
