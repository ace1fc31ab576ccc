"""The development corpus, scored in place, must not fall below its floors.

``../shared/devcorpus/`` (beside the checkout) holds real third-party minutes with gold
records; it is never copied into the project. Where it is absent (a fresh clone without it)
the test skips and says so; ``LIBGRAPH_DEVCORPUS=/path/to/devcorpus`` points elsewhere.
Floors only go up: set each just under what the extractor measures when it improves, so
that a change that loses ground on real minutes fails here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from libgraph.evaluate import load_gold_dir, pair_records, score_corpus
from libgraph.extract import extract
from libgraph.ingest import IngestError, discover, read_document

# Beside the checkout, as CI has it; LIBGRAPH_DEVCORPUS points elsewhere (a git worktree
# lives one level deeper than a plain checkout).
DEVCORPUS = Path(os.environ.get("LIBGRAPH_DEVCORPUS") or
                 Path(__file__).resolve().parents[1].parent / "shared" / "devcorpus")

#: F1 floor per list.
LIST_FLOORS = {
    "meetings": 0.99,
    "persons": 0.86,
    "attendance": 0.67,
    "absentees": 0.74,
    "affiliations": 0.68,
    "roles": 0.56,
    "organizations": 0.745,
    "places": 0.72,
    "projects": 0.32,
}
#: Accuracy floor per meeting and document field (nulls included).
FIELD_FLOORS = {
    "meeting.start_date": 0.87,
    "meeting.end_date": 0.99,
    "meeting.place": 0.83,
    "meeting.municipality": 0.75,
    "meeting.organizer": 0.59,
    "meeting.minute_taker": 0.87,
    "meeting.type": 0.51,
    "document.language": 0.95,
    "document.country": 0.99,
    "document.kind": 0.64,
}


@pytest.fixture(scope="module")
def score():
    if not (DEVCORPUS / "docs").is_dir() or not (DEVCORPUS / "gold").is_dir():
        pytest.skip(f"development corpus not found at {DEVCORPUS} (it lives beside the "
                    "checkout, in ../shared/devcorpus, and is not part of the project)")
    records = []
    for path in discover([DEVCORPUS / "docs"]):
        try:
            records.append(extract(read_document(path)).to_dict())
        except IngestError:
            continue  # an unreadable document scores as all-missed, which the floors catch
    return score_corpus(pair_records(load_gold_dir(DEVCORPUS / "gold"), records))


@pytest.mark.parametrize("name", sorted(LIST_FLOORS))
def test_list_f1_floor(score, name: str) -> None:
    result = score.lists[name]
    assert result.f1 >= LIST_FLOORS[name], (
        f"{name}: F1 {result.f1:.3f} < floor {LIST_FLOORS[name]}; missed {result.missed[:5]}, "
        f"invented {result.spurious[:5]}")


@pytest.mark.parametrize("name", sorted(FIELD_FLOORS))
def test_field_accuracy_floor(score, name: str) -> None:
    result = score.fields[name]
    assert result.accuracy >= FIELD_FLOORS[name], (
        f"{name}: accuracy {result.accuracy:.3f} < floor {FIELD_FLOORS[name]}; "
        f"wrong {result.wrong[:5]}")
