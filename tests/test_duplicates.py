"""The same minutes in several files are found by their words, whatever the format."""

from __future__ import annotations

from pathlib import Path

import pytest

from libgraph.ingest import read_document
from libgraph.ingest.duplicates import Text, containment, find_duplicates, shingles

from helpers import make_docx, make_pdf

MINUTES = """Minnesanteckningar från chefsmöte i Nordvik 2021-03-04

Närvarande: Annika Berglund, Nordviks kommun, Johan Tallberg, Sjöstads kommun, Lisa Ström,
Regionbiblioteket

§ 1 Regional biblioteksplan
Regionbiblioteket berättade om arbetet med den nya regionala biblioteksplanen. Mötet
diskuterade hur kommunerna kan bidra och vilka frågor som är viktigast för folkbiblioteken
under de kommande åren, särskilt läsfrämjande för barn och unga.

§ 2 Digital kompetens
Johan Tallberg presenterade en kartläggning av personalens digitala kompetens. Mötet beslutade
att en arbetsgrupp tar fram ett förslag till gemensam fortbildning till nästa möte.

§ 3 Nästa möte
Nästa möte hålls i Sjöstad den 10 juni.
"""

OTHER = MINUTES.replace("Regional biblioteksplan", "Budget för fjärrlån").replace(
    "berättade om arbetet med den nya regionala biblioteksplanen",
    "redovisade kostnaderna för transporterna mellan biblioteken under förra året").replace(
    "presenterade en kartläggning av personalens digitala kompetens",
    "visade hur statistiken över utlån har förändrats sedan pandemin").replace(
    "en arbetsgrupp tar fram ett förslag till gemensam fortbildning",
    "kommunerna skickar in sina siffror före sommaren").replace("2021-03-04", "2021-09-14")




def _pdf_with_headers(text: str) -> bytes:
    """Two pages, each with the header and page number a word processor puts on a PDF."""
    lines = text.splitlines()
    half = len(lines) // 2
    return make_pdf([["Regionbiblioteket Nordvik   Sida 1 av 2", *lines[:half]],
                     ["Regionbiblioteket Nordvik   Sida 2 av 2", *lines[half:]]])


def _texts(folder: Path) -> list[Text]:
    docs = [read_document(path) for path in sorted(folder.iterdir())]
    return [Text(d.name, d.format, d.text) for d in docs]


def test_docx_pdf_html_and_text_copies_are_one_document(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(make_docx(MINUTES))
    (tmp_path / "b.pdf").write_bytes(_pdf_with_headers(MINUTES))
    (tmp_path / "c.txt").write_text(MINUTES.replace("\n", " \n"), encoding="cp1252")
    html = "".join(f"<p>{line}</p>" for line in MINUTES.splitlines() if line)
    (tmp_path / "d.html").write_text(f"<html><body><article>{html}</article></body></html>",
                                     encoding="utf-8")
    (tmp_path / "e.txt").write_text(OTHER, encoding="utf-8")
    found = find_duplicates(_texts(tmp_path))
    assert {(d.key, d.of) for d in found} == {("b.pdf", "a.docx"), ("c.txt", "a.docx"),
                                              ("d.html", "a.docx")}
    assert all(d.similarity >= 0.8 for d in found)


def test_minutes_of_the_same_body_in_the_same_template_are_not_copies() -> None:
    similar = containment(shingles(MINUTES), shingles(OTHER))
    assert similar < 0.8
    assert find_duplicates([Text("a", "txt", MINUTES), Text("b", "txt", OTHER)]) == []


def test_the_richest_format_is_kept_then_the_longest_text() -> None:
    texts = [Text("x.pdf", "pdf", MINUTES), Text("y.txt", "txt", MINUTES),
             Text("z.txt", "txt", MINUTES + "\nJusteras: Annika Berglund\n")]
    assert [(d.key, d.of) for d in find_duplicates(texts)] == [("x.pdf", "z.txt"),
                                                              ("y.txt", "z.txt")]


def test_boilerplate_shared_by_many_documents_pairs_none_of_them() -> None:
    """Fifty short notes with one long common footer and a different body each."""
    footer = " ".join(f"ord{i}" for i in range(60))
    texts = [Text(str(n), "txt", f"{' '.join(f'unik{n}x{i}' for i in range(300))} {footer}")
             for n in range(50)]
    assert find_duplicates(texts) == []


COPIES_QUERY = """PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?file ?minutes WHERE { ?file prov:alternateOf ?minutes } ORDER BY ?file"""
MEETINGS_QUERY = """PREFIX lg: <https://w3id.org/libgraph/ontology#>
SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a lg:Meeting }"""


@pytest.mark.slow
def test_the_build_makes_one_meeting_of_copies_and_says_so(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from libgraph.cli import main
    from libgraph.store import open_store

    corpus, out = tmp_path / "corpus", tmp_path / "build"
    corpus.mkdir()
    (corpus / "a.pdf").write_bytes(_pdf_with_headers(MINUTES))
    (corpus / "b.txt").write_text(OTHER, encoding="utf-8")
    first = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)])
    assert first.exit_code == 0, first.output
    # The Word original turns up later: it is richer, so it is built and the PDF left out,
    # although the PDF was built (and cached) before.
    (corpus / "c.docx").write_bytes(make_docx(MINUTES))
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"duplicate {corpus / 'a.pdf'}: same minutes as {corpus / 'c.docx'}" in result.output
    assert "Documents:      2 read" in result.output
    store = open_store(out)
    assert int(next(iter(store.query(MEETINGS_QUERY)))["n"].value) == 2
    copies = list(store.query(COPIES_QUERY))
    assert len(copies) == 1 and "/id/file/" in copies[0]["file"].value
    del store
    # The copy removed: a rebuild drops its triples too.
    (corpus / "a.pdf").unlink()
    again = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)])
    assert again.exit_code == 0 and "duplicate" not in again.output
    store = open_store(out)
    assert list(store.query(COPIES_QUERY)) == []


def test_a_document_that_holds_another_and_much_more_is_not_its_copy() -> None:
    appendix = "\n".join(f"Bilaga {n}: statistik över utlån i kommun nummer {n} under året."
                         for n in range(80))
    assert find_duplicates([Text("a.txt", "txt", MINUTES),
                            Text("b.txt", "txt", MINUTES + appendix)]) == []
