"""``libgraph build --records DIR``: the graph of extraction records (the gold schema), so a
researcher can correct a record by hand and rebuild."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from libgraph.cli import main
from libgraph.store import open_store

from conftest import DEMO, GOLD

PEOPLE = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> }"
NAMED = 'ASK { ?p <http://xmlns.com/foaf/0.1/name> "Ingrid Handskrift" }'


def _people(out: Path) -> int:
    store = open_store(out)
    return int(next(iter(store.query(PEOPLE)))["n"].value)


def test_gold_records_build_a_conforming_graph_and_a_hand_fix_shows(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(GOLD, records, ignore=shutil.ignore_patterns("*.md"))
    out = tmp_path / "build"
    first = CliRunner().invoke(main, ["build", "--records", str(records), str(DEMO),
                                      "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert "Documents:      5 read" in first.output and "SHACL:          conforms" in first.output
    before = _people(out)
    target = sorted(records.glob("*.json"))[0]
    data = json.loads(target.read_text(encoding="utf-8"))
    data["persons"].append({"name": "Ingrid Handskrift", "attended": True})
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = CliRunner().invoke(main, ["build", "--records", str(records), str(DEMO),
                                      "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert _people(out) == before + 1
    assert open_store(out).query(NAMED)


def test_a_record_that_is_not_one_is_named(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (records / "broken.json").write_text("{not json", encoding="utf-8")
    (records / "ok.json").write_text((GOLD / sorted(p.name for p in GOLD.glob("*.json"))[0])
                                     .read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--records", str(records), str(DEMO),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"skipped {records / 'broken.json'}: is not JSON" in result.output
