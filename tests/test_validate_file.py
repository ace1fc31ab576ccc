"""``libgraph validate FILE`` on one document's graph checks it as the build does: no false
alarms for the vocabularies and places it points to, real violations still found."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
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


def _key(report) -> set[tuple[str, str, str | None]]:
    return {(v.shape, v.focus, v.path) for v in report.violations}


@pytest.mark.slow
def test_a_build_is_validated_piece_by_piece_with_the_same_verdict(tmp_path: Path) -> None:
    """Two copies kept on purpose (a cross-document violation) and a correction that puts a
    start after an end (a violation inside one piece): piecewise and whole agree."""
    from libgraph.build import build_graph, keep_all, write_build
    from libgraph.build.revalidate import validate_build
    from libgraph.resolve.curation import Curation
    from libgraph.store import NT_FILE
    from libgraph.validate import validate_file

    corpus, out = tmp_path / "corpus", tmp_path / "build"
    corpus.mkdir()
    text = (DEMO / "se-2018-05-22-bibk-bibliotekschefsmote.txt").read_bytes()
    (corpus / "a.txt").write_bytes(text)
    (corpus / "b.txt").write_bytes(text)
    name = "no-2015-06-02-troms-biblioteksjefmote.txt"
    (corpus / name).write_bytes((DEMO / name).read_bytes())
    rules = tmp_path / "fix.toml"
    rules.write_text(f'[[set_date]]\ndocument = "{name}"\ndate = "2015-06-10"\n',
                     encoding="utf-8")
    result = build_graph([corpus], out=out, jobs=1, selector=keep_all,
                         curation=Curation.load(rules))
    write_build(result, out)
    piecewise = validate_build(out, jobs=2)
    assert piecewise is not None and not piecewise.conforms
    whole = validate_file(out / NT_FILE)
    assert _key(piecewise) == _key(whole) == _key(result.validation)
    shapes = {v.shape.rsplit("#", 1)[-1] for v in piecewise.violations}
    assert {"MinutesSourceShape", "MeetingDateOrderShape"} <= shapes
    cli = CliRunner().invoke(main, ["validate", "--build", str(out)])
    assert cli.exit_code == 1 and "piece by piece" in cli.stderr
    # graph.nt edited by hand: it is no longer the union of the pieces, so it is checked whole
    with (out / NT_FILE).open("a", encoding="utf-8") as handle:
        handle.write('<https://w3id.org/libgraph/id/x> '
                     '<http://www.w3.org/2000/01/rdf-schema#label> "x" .\n')
    assert validate_build(out) is None


def test_without_pyshacl_turbo_pyshacl_finds_the_same(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """``LIBGRAPH_SHACL=pyshacl`` (as without pyshacl-turbo) validates with pySHACL, which is
    imported only then: the same violation, and none where the graph conforms."""
    import sys

    from libgraph import validate

    target = _extract_ttl(tmp_path)
    text = target.read_text(encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text(re.sub(r'(schema:startDate "2009-12-10"\^\^xsd:date)',
                          r'\1, "2010-01-01"^^xsd:date', text, count=1), encoding="utf-8")
    turbo = {str(p): validate.validate_file(p) for p in (target, bad)}
    monkeypatch.setenv("LIBGRAPH_SHACL", "pyshacl")
    validate._turbo.cache_clear()
    try:
        assert validate.engine_name().startswith("pyshacl ")
        plain = {str(p): validate.validate_file(p) for p in (target, bad)}
        assert "pyshacl" in sys.modules
    finally:
        validate._turbo.cache_clear()
    assert plain[str(target)].conforms and turbo[str(target)].conforms
    assert not plain[str(bad)].conforms
    assert _key(plain[str(bad)]) == _key(turbo[str(bad)])
    assert any("startDate" in (v.path or "") for v in plain[str(bad)].violations)
