"""Robustness to extraction errors: the development corpus compared from its gold records and
from extraction (read in place; skipped where ../shared/devcorpus is absent). The figures are
in docs/compare.md; here the table is checked to be complete and consistent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from libgraph.compare import bootstrap
from libgraph.compare.robustness import compare_reports, markdown, run, summary

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "devcorpus"

pytestmark = pytest.mark.skipif(not (CORPUS / "gold").is_dir(),
                                reason=f"{CORPUS} is absent (the shared development corpus)")


@pytest.fixture(scope="module")
def table():
    return run(CORPUS, resamples=200, seed=1)


def test_gold_graph_has_the_meetings_of_the_gold_files(table) -> None:
    _, _, sizes = table
    gold = [json.loads(p.read_text(encoding="utf-8")) for p in (CORPUS / "gold").glob("*.json")]
    for code in ("SE", "NO", "DK"):
        assert sizes[code][0] == sum(len(g["meetings"]) for g in gold if g["country"] == code)
    assert all(extracted > 0 for _, extracted in sizes.values())


def test_every_figure_and_country_pair_is_compared(table) -> None:
    rows, labels, _ = table
    expected = [k for k in bootstrap.KEYS if not (k[0] == "corpus" and k[2] == "value")]
    assert [tuple(r["key"]) for r in rows] == expected
    for row in rows:
        assert set(row["pairs"]) == {"SE-NO", "SE-DK", "NO-DK"}
        for pair in row["pairs"].values():
            both = pair["gold_sign"] is not None and pair["extracted_sign"] is not None
            assert (pair["agree"] is not None) == both
            if both:
                assert pair["agree"] == (pair["gold_sign"] == pair["extracted_sign"])
    counts = summary(rows)
    assert counts["agree"] + counts["disagree"] == counts["compared"] > 0
    text = markdown(rows, labels)
    assert len(text.splitlines()) == len(rows) + 2


def test_a_graph_compared_with_itself_agrees_everywhere(table) -> None:
    rows, _, _ = table
    fake = {"columns": [{"id": c} for c in ("SE", "NO", "DK", "ALL")], "groups": [
        {"id": r["key"][0], "metrics": [{"id": r["key"][1], "values": {
            c: {r["key"][2]: v["gold"]} for c, v in r["values"].items()}}]} for r in rows]}
    same = compare_reports(fake, fake)
    assert all(p["agree"] in (True, None) for r in same for p in r["pairs"].values())
    assert all(v["difference"] in (0, None) for r in same for v in r["values"].values())
