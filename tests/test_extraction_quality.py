"""Regression guard: extraction on the demo corpus meets the figures issue 3 sets.

The gold files were annotated by people; these thresholds are the project's targets, so a
change that makes extraction worse on any list fails here."""

from __future__ import annotations

import pytest

from libgraph.evaluate import load_gold_dir, pair_records, score_corpus
from libgraph.extract import extract
from libgraph.ingest import discover, read_document

from conftest import DEMO, GOLD

TARGETS = {
    "persons": 0.95, "attendance": 0.95, "affiliations": 0.9, "organizations": 0.9,
    "places": 0.9, "projects": 0.85, "funders": 0.85, "project_funder_pairs": 0.85,
}
EXACT_FIELDS = ("meeting.start_date", "meeting.end_date", "meeting.place", "meeting.organizer")


@pytest.fixture(scope="module")
def score():
    records = [extract(read_document(p)).to_dict() for p in discover([DEMO])]
    return score_corpus(pair_records(load_gold_dir(GOLD), records)).to_dict()


@pytest.mark.parametrize(("name", "target"), sorted(TARGETS.items()))
def test_list_f1_meets_target(score, name: str, target: float) -> None:
    assert score["lists"][name]["f1"] >= target, score["lists"][name]


@pytest.mark.parametrize("field", EXACT_FIELDS)
def test_meeting_fields_exact(score, field: str) -> None:
    assert score["fields"][field]["accuracy"] == 1.0, score["fields"][field]
