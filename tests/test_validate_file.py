"""``libgraph validate FILE`` on one document's graph checks it as the build does: no false
alarms for the vocabularies and places it points to, real violations still found."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from libgraph.cli import main

from conftest import DEMO


def _extract_ttl(tmp_path: Path) -> Path:
    doc = DEMO / "se-2009-12-10-jamtland-styrgruppsmote.txt"
    result = CliRunner().invoke(main, ["extract", str(doc), "--format", "ttl"])
    assert result.exit_code == 0
    target = tmp_path / "one.ttl"
    target.write_text(result.stdout, encoding="utf-8")
    return target


def test_one_documents_graph_conforms_in_the_builds_context(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(_extract_ttl(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "conforms (0 violations)" in result.stdout
    assert "Validating" in result.stderr and re.search(r"Validated in \d+\.\d s", result.stderr)


def test_a_real_violation_in_one_document_is_still_found(tmp_path: Path) -> None:
    target = _extract_ttl(tmp_path)
    text = target.read_text(encoding="utf-8")
    # A second start date on the meeting: schema:startDate has sh:maxCount 1.
    text = re.sub(r'(schema:startDate "2009-12-10"\^\^xsd:date)',
                  r'\1, "2010-01-01"^^xsd:date', text, count=1)
    target.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(target)])
    assert result.exit_code == 1 and "startDate" in result.stdout
