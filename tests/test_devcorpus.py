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

from libgraph.evaluate.run import evaluate_paths

# Beside the checkout, as CI has it; LIBGRAPH_DEVCORPUS points elsewhere (a git worktree
# lives one level deeper than a plain checkout).
DEVCORPUS = Path(os.environ.get("LIBGRAPH_DEVCORPUS") or
                 Path(__file__).resolve().parents[1].parent / "shared" / "devcorpus")

#: F1 floor per list.
LIST_FLOORS = {
    "meetings": 0.99,
    "persons": 0.99,
    "attendance": 0.99,
    "absentees": 0.99,
    "affiliations": 0.95,
    "roles": 0.97,
    "organizations": 0.89,
    "places": 0.90,
    "projects": 0.61,
    "decisions": 0.51,
}
#: Accuracy floor per meeting and document field (nulls included).
FIELD_FLOORS = {
    "meeting.start_date": 0.91,
    "meeting.end_date": 0.99,
    "meeting.place": 0.87,
    "meeting.municipality": 0.79,
    "meeting.organizer": 0.71,
    "meeting.minute_taker": 0.99,
    "meeting.type": 0.95,
    "document.language": 0.95,
    "document.country": 0.99,
    "document.kind": 0.64,
}


@pytest.fixture(scope="module")
def score():
    if not (DEVCORPUS / "docs").is_dir() or not (DEVCORPUS / "gold").is_dir():
        pytest.skip(f"development corpus not found at {DEVCORPUS} (it lives beside the "
                    "checkout, in ../shared/devcorpus, and is not part of the project)")
    # an unreadable document scores as all-missed, which the floors catch
    return evaluate_paths([DEVCORPUS / "docs"], DEVCORPUS / "gold")[0]


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
