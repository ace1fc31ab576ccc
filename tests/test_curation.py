"""Curation: human corrections applied to every build, surviving re-extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

from libgraph.build import build
from libgraph.resolve.curation import Curation, CurationError
from libgraph.store import open_store

from conftest import DEMO
from helpers import record

TEXT = ("Chefsmöte 2019-03-04\n\nNärvarande: Anna Berg, Växjö, Lars Ek, Alvesta, Kalle Anka\n\n"
        "Information\nLars berättade om läget.\n")


def curation(tmp_path: Path, body: str) -> Curation:
    path = tmp_path / "curation.toml"
    path.write_text(body, encoding="utf-8")
    return Curation.load(path)


def test_reject_rename_split_add_set_date(tmp_path: Path) -> None:
    rules = curation(tmp_path, """
[[reject]]
name = "Kalle Anka"
[[rename]]
from = "Lars Ek"
to = "Lars Eklund"
[[split]]
name = "Anna Berg"
document = "snippet.txt"
as = "Anna Berg (Växjö)"
[[add]]
document = "snippet.txt"
fact = { kind = "person", name = "Per Holm", attended = true, affiliation = "Ljungby" }
[[set_date]]
document = "snippet.txt"
date = "2019-03-05"
""")
    rec = rules.apply(record(TEXT))
    names = {p.name for p in rec.persons}
    assert "Kalle Anka" not in names
    assert {"Lars Eklund", "Anna Berg (Växjö)", "Per Holm"} <= names
    lars = next(p for p in rec.persons if p.name == "Lars Eklund")
    assert "Lars Ek" in lars.aliases and lars.affiliation == "Alvesta"
    assert rec.meetings[0].start_date == "2019-03-05"
    assert rules.unmatched() == []


def test_merge_variants_into_one_person(tmp_path: Path) -> None:
    rules = curation(tmp_path, """
[[merge]]
names = ["Lars Ek", "Anna Berg"]
into = "Anna Berg"
""")
    rec = rules.apply(record(TEXT))
    annas = [p for p in rec.persons if p.name == "Anna Berg"]
    assert len(annas) == 1 and "Lars Ek" in annas[0].aliases


def test_entry_that_matches_nothing_is_reported(tmp_path: Path) -> None:
    rules = curation(tmp_path, '[[reject]]\nname = "Nobody Atall"\n')
    rules.apply(record(TEXT))
    (warning,) = rules.unmatched()
    assert "Nobody Atall" in warning and "matched nothing" in warning


def test_bad_curation_files_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(CurationError, match="unknown section"):
        curation(tmp_path, '[[delete]]\nname = "x"\n')
    with pytest.raises(CurationError, match="lacks"):
        curation(tmp_path, '[[rename]]\nfrom = "x"\n')
    with pytest.raises(CurationError, match=r"curation\.toml"):
        curation(tmp_path, "[[reject]\n")


def test_curation_applies_in_every_build(tmp_path: Path) -> None:
    rules = curation(tmp_path, """
[[rename]]
from = "Kristina Hedberg"
to = "Kristina Hedberg-Lind"
""")
    out = tmp_path / "build"
    report_ = build([DEMO], out, curation=rules)
    assert report_.curation == []
    store = open_store(out)
    rows = list(store.query('PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?p WHERE '
                            '{ ?p foaf:name "Kristina Hedberg-Lind" }'))
    assert len(rows) == 1
    gone = list(store.query('PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?p WHERE '
                            '{ ?p foaf:name "Kristina Hedberg" }'))
    assert gone == []


def test_corrections_travel_with_their_corpus(tmp_path: Path) -> None:
    """The shipped default file warns about nothing on another corpus, and a curation.toml at
    the top of a corpus directory is applied to that corpus only."""

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = "se-2009-12-10-jamtland-styrgruppsmote.txt"
    (corpus / name).write_bytes((DEMO / name).read_bytes())
    report = build([corpus], tmp_path / "out", jobs=1)
    assert report.curation == []
    (corpus / "curation.toml").write_text(
        f'[[add]]\ndocument = "{name}"\nfact = {{ kind = "project", name = "Bokbussen" }}\n'
        '[[reject]]\nname = "Ingen Sådan"\n', encoding="utf-8")
    report = build([corpus], tmp_path / "out", jobs=1)
    assert report.curation == [f"{corpus / 'curation.toml'}: reject #1 "
                               "{'name': 'Ingen Sådan'} matched nothing"]
    assert "Bokbussen" in (tmp_path / "out" / "graph.nt").read_text(encoding="utf-8")
