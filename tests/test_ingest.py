"""Ingest: every format, encoding and kind of bad input, with fixtures made here in tmp_path.

Real libraries throughout (python-docx writes the .docx, a hand-written PDF with a
Helvetica text stream is read by pypdf, trafilatura reads the HTML); nothing is mocked.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from libgraph.ingest import (
    Document,
    IngestError,
    discover,
    document_text,
    document_title,
    normalise_text,
    read_document,
)
from libgraph.ingest.encoding import cp1252_or_latin1
from libgraph.ingest.html import fallback_text, pipe_tables_to_tabs

from helpers import make_pdf

SWEDISH = (
    "Minnesanteckningar från styrgruppsmöte för länets folkbibliotek den 14 mars 2023 i "
    "Östersund. Närvarande var bibliotekscheferna från Bräcke, Krokom och Ragunda samt "
    "länsbibliotekarien. Mötet inleddes med en genomgång av den regionala biblioteksplanen. "
    "Styrgruppen beslutade att ansöka om medel från Kulturrådet för ett gemensamt "
    "läsfrämjandeprojekt. Nästa möte hålls i Strömsund i juni."
)
# Only characters that cp1252, latin-1 and UTF-16 can all hold, plus cp1252's “ ” – €.
SWEDISH_CP1252 = (
    "Chefsmöte 2018-01-24\n\nNärvarande: Åsa Öberg, Växjö; Per Ås, Älmhult.\n\n"
    "Kristina informerade om “Digital först” – projektet har fått 250 000 € i stöd. "
    "Mötet beslutade att bibliotekscheferna ska ta fram en gemensam plan för läsfrämjande.\n"
)
DANISH_LATIN1 = (
    "Referat fra mødet i styregruppen for folkebibliotekerne i Århus den 5. maj 2022.\n"
    "Til stede var bibliotekscheferne fra Aarhus, Silkeborg og Viborg samt en konsulent. "
    "Mødet blev indledt med en drøftelse af den fælles strategi for læsefremme og ændringer "
    "i økonomien. Næste møde afholdes i Ærø i september.\n"
)
ENGLISH = (
    "Minutes of the steering group meeting held in London on 4 March 2023. Present were the "
    "heads of the public libraries of Camden, Hackney and Islington. The meeting opened with "
    "a review of the regional library plan. The group agreed to apply for funding from the "
    "Arts Council for a joint reading project."
)
GERMAN = (
    "Protokoll der Sitzung der Lenkungsgruppe der öffentlichen Bibliotheken am 4. März 2023 "
    "in Hamburg. Anwesend waren die Leiterinnen und Leiter der Stadtbibliotheken aus Altona, "
    "Harburg und Wandsbek. Die Sitzung begann mit einer Besprechung des regionalen "
    "Bibliotheksplans. Die Gruppe beschloss, Fördermittel für ein gemeinsames "
    "Leseförderungsprojekt zu beantragen."
)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def reason_of(path: Path, **kwargs: object) -> str:
    with pytest.raises(IngestError) as caught:
        read_document(path, **kwargs)  # type: ignore[arg-type]
    assert caught.value.path == path
    assert str(path) in str(caught.value)
    return caught.value.reason


PDF_PAGES = [
    [
        "Minnesanteckningar styrgruppsmöte 2023-03-14",
        "Närvarande: Åsa Öberg (Kalmar), Per Ås (Växjö) och Lina Holmér (Ljungby).",
        "Mötet beslutade att ansöka om medel för läsfrämjande – 250 000 kronor.",
    ],
    ["Nästa möte hålls i Alvesta den 12 september. Mötet avslutades."],
]


def make_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Protokoll från chefsmöte 2018-05-22", level=1)
    document.add_paragraph("Mötet hölls på Rådmannen i Alvesta.")
    document.add_paragraph("Närvarande:")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Namn", "Kommun", "Roll"), strict=True):
        cell.text = text
    for row in (
        ("Maria Sköldqvist", "Växjö", "bibliotekschef"),
        ("Elin Björkman", "Karlshamn", "bibliotekschef"),
        ("Anders Nylander", "Olofström", "kulturchef"),
    ):
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.add_paragraph(
        "Kerstin Olsson från Kungliga biblioteket berättade om Digital först. Gruppen "
        "beslutade att ta fram en gemensam plan för läsfrämjande under hösten."
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


HTML_PAGE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Chefsmöte | Regionbiblioteket</title>
<style>body { font-family: Stilmallsfont; }</style>
<script>var spionkod = "trackingPixelSecret"; window.dataLayer = [];</script></head>
<body>
<header><nav><ul><li><a href="/">Startsida</a></li><li><a href="/kontakt">Kontaktuppgifter</a>
</li><li><a href="/evenemang">Evenemangskalender</a></li></ul></nav></header>
<main><article>
<h1>Chefsmöte i Växjö den 22 maj 2018</h1>
<p>Närvarande: Maria Sköldqvist, Elin Björkman, Anders Nylander och Therese Emilsson.</p>
<p>Mötet inleddes med en presentationsrunda. Kerstin Olsson från Kungliga biblioteket
berättade om arbetet med Digital först och den nationella biblioteksstrategin.</p>
<p>Gruppen beslutade att bibliotekscheferna ska ta fram en gemensam plan för läsfrämjande
under hösten. Nästa möte hålls i Alvesta den 12 september.</p>
<table><tr><th>Namn</th><th>Kommun</th></tr><tr><td>Lina Holmér</td><td>Ljungby</td></tr>
</table>
</article>
<section class="teasers"><h2>Läs också</h2>
<div class="teaser"><a href="/a">Sommarboken lockade rekordmånga barn</a></div>
<div class="teaser"><a href="/b">Nya öppettider på stadsbiblioteket</a></div>
</section></main>
<footer><p>Regionbiblioteket Kronoberg · Cookiepolicy · Tillgänglighetsredogörelse</p></footer>
<script>document.write("annonsblockerare")</script>
</body></html>"""


# --- text formats and encodings -----------------------------------------------------------


def test_txt_utf8(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "se-mote.txt", "\n\n" + SWEDISH + "\n"))
    assert isinstance(doc, Document)
    assert doc.text == SWEDISH
    assert (doc.format, doc.encoding, doc.language, doc.country) == ("txt", "utf-8", "sv", "SE")
    assert doc.name == "se-mote.txt"
    assert doc.sha256 == sha(SWEDISH)
    assert doc.title == SWEDISH[:200].rstrip()  # one long line: the title is cut at 200


@pytest.mark.parametrize(
    ("encoding", "recorded"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # Python writes the BOM
        ("utf-16-be", "utf-16"),
        ("cp1252", "cp1252"),
    ],
)
def test_encodings_decode_to_the_same_text_and_sha256(
    tmp_path: Path, encoding: str, recorded: str
) -> None:
    data = SWEDISH_CP1252.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    doc = read_document(write(tmp_path, f"mote-{encoding}.txt", data))
    assert doc.encoding == recorded
    assert doc.text == SWEDISH_CP1252.strip()
    assert "“Digital först” – projektet har fått 250 000 €" in doc.text
    assert doc.sha256 == sha(SWEDISH_CP1252.strip())


def test_cp1252_and_utf8_files_share_sha256(tmp_path: Path) -> None:
    as_utf8 = read_document(write(tmp_path, "a.txt", SWEDISH_CP1252.encode("utf-8")))
    as_cp1252 = read_document(write(tmp_path, "b.txt", SWEDISH_CP1252.encode("cp1252")))
    crlf = SWEDISH_CP1252.replace("\n", "\r\n").encode("cp1252")
    as_windows = read_document(write(tmp_path, "c.txt", crlf))
    assert as_utf8.sha256 == as_cp1252.sha256 == as_windows.sha256
    assert (as_utf8.encoding, as_cp1252.encoding) == ("utf-8", "cp1252")


def test_latin1_without_c1_bytes(tmp_path: Path) -> None:
    data = DANISH_LATIN1.encode("latin-1")
    assert not any(0x80 <= byte <= 0x9F for byte in data)
    doc = read_document(write(tmp_path, "dk.txt", data))
    assert doc.encoding == "latin-1"
    assert doc.text == DANISH_LATIN1.strip()
    for word in ("mødet", "Århus", "fælles", "ændringer", "økonomien", "Ærø"):
        assert word in doc.text
    assert doc.language == "da"


def test_cp1252_or_latin1_rule() -> None:
    assert cp1252_or_latin1("“smart” – €".encode("cp1252")) == "cp1252"
    assert cp1252_or_latin1("å ä ö æ ø".encode("latin-1")) == "latin-1"
    assert cp1252_or_latin1(b"caf\xe9 \x81") == "latin-1"  # 0x81 is undefined in cp1252


def test_double_encoded_utf8_is_repaired(tmp_path: Path) -> None:
    garbled = SWEDISH.encode("utf-8").decode("cp1252").encode("utf-8")
    assert "MÃ¶tet" in garbled.decode("utf-8")
    doc = read_document(write(tmp_path, "mojibake.txt", garbled))
    assert doc.text == SWEDISH
    assert doc.encoding == "utf-8 (mojibake repaired)"


def test_markdown_is_kept_as_written(tmp_path: Path) -> None:
    markdown = f"# Styrgruppsmöte 2023-03-14\n\n**Närvarande:** Eva Lund, Bo Ek\n\n{SWEDISH}\n"
    doc = read_document(write(tmp_path, "mote.md", markdown))
    assert doc.format == "md"
    assert doc.text == markdown.strip()
    assert doc.title == "Styrgruppsmöte 2023-03-14"
    start = doc.text.index("Eva Lund")
    assert doc.text[start : start + 8] == "Eva Lund"


# --- HTML ---------------------------------------------------------------------------------


def test_html_keeps_the_article_only(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "mote.html", HTML_PAGE))
    assert (doc.format, doc.encoding, doc.language) == ("html", "utf-8", "sv")
    for words in ("Chefsmöte i Växjö", "Maria Sköldqvist", "Kungliga biblioteket", "Alvesta"):
        assert words in doc.text
    assert "Lina Holmér\tLjungby" in doc.text  # table row as one tab-separated line
    for words in ("trackingPixelSecret", "spionkod", "Stilmallsfont", "annonsblockerare"):
        assert words not in doc.text  # scripts and styles
    for words in ("Startsida", "Kontaktuppgifter", "Evenemangskalender", "Cookiepolicy"):
        assert words not in doc.text  # navigation and footer
    assert "Sommarboken" not in doc.text  # teasers
    assert "|" not in doc.text


def test_html_fallback_drops_scripts_and_navigation() -> None:
    text = fallback_text(HTML_PAGE)
    assert "Maria Sköldqvist" in text
    assert "Lina Holmér\tLjungby" in text
    for words in ("trackingPixelSecret", "Stilmallsfont", "Startsida", "Cookiepolicy"):
        assert words not in text


def test_html_without_article_falls_back_to_body_text(tmp_path: Path) -> None:
    page = "<html><body><script>hemlig()</script><p>Chefsmöte i Korrö.</p></body></html>"
    doc = read_document(write(tmp_path, "kort.htm", page), language="sv")
    assert doc.text == "Chefsmöte i Korrö."


def test_html_declared_latin1_is_read_as_cp1252(tmp_path: Path) -> None:
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace(
        "Digital först", "“Digital först”"
    )
    page = page.replace("·", "-")
    doc = read_document(write(tmp_path, "latin.html", page.encode("cp1252")))
    assert doc.encoding == "cp1252"
    assert "“Digital först”" in doc.text


def test_pipe_tables_to_tabs() -> None:
    assert pipe_tables_to_tabs("Närvaro\n| Namn | Kommun |\n|---|---|\n| Bo Ek | Åre |") == (
        "Närvaro\nNamn\tKommun\nBo Ek\tÅre"
    )


# --- DOCX and PDF -------------------------------------------------------------------------


def test_docx_paragraphs_and_attendee_table_in_order(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "mote.docx", make_docx()))
    assert (doc.format, doc.encoding, doc.language) == ("docx", None, "sv")
    assert doc.title == "Protokoll från chefsmöte 2018-05-22"
    lines = doc.text.split("\n")
    assert "Maria Sköldqvist\tVäxjö\tbibliotekschef" in lines
    assert "Anders Nylander\tOlofström\tkulturchef" in lines
    order = [doc.text.index(s) for s in ("Rådmannen", "Namn\tKommun", "Elin", "Kerstin Olsson")]
    assert order == sorted(order)


def test_pdf_text_layer(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "mote.pdf", make_pdf(PDF_PAGES)))
    assert (doc.format, doc.encoding, doc.language) == ("pdf", None, "sv")
    for words in ("Åsa Öberg (Kalmar)", "Lina Holmér", "läsfrämjande – 250 000 kronor"):
        assert words in doc.text
    first, second = doc.text.split("\n\n")
    assert "Nästa möte hålls i Alvesta" in second and "Alvesta" not in first
    assert doc.title == "Minnesanteckningar styrgruppsmöte 2023-03-14"


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", make_pdf([[""], [""]], text_layer=False))
    assert reason_of(path) == "no text layer (scanned PDF?)"


# --- bad input ----------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    assert reason_of(write(tmp_path, "tom.txt", b"")) == "empty file"


def test_whitespace_only(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.md", " \n\t\r\n\u00a0\u200b\n")
    assert reason_of(path) == "no text"


def test_binary_file(tmp_path: Path) -> None:
    noise = bytes(random.Random(7).randrange(256) for _ in range(4096)) + b"\x00\x00"
    assert reason_of(write(tmp_path, "bild.txt", noise)) == "binary file (not text)"
    assert reason_of(write(tmp_path, "bild.html", noise)) == "binary file (not text)"


def test_undecodable_text(tmp_path: Path) -> None:
    junk = bytes(range(0x80, 0x100)) * 8  # high bytes only: no language reads like this
    reason = reason_of(write(tmp_path, "junk.txt", junk))
    assert reason == "cannot decode text (tried utf-8, cp1252, latin-1)"


def test_truncated_docx(tmp_path: Path) -> None:
    reason = reason_of(write(tmp_path, "trasig.docx", make_docx()[:100]))
    assert reason.startswith("corrupt .docx (")


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    reason = reason_of(write(tmp_path, "fel.docx", SWEDISH))
    assert reason.startswith("corrupt .docx (")


def test_truncated_pdf(tmp_path: Path) -> None:
    reason = reason_of(write(tmp_path, "trasig.pdf", make_pdf(PDF_PAGES)[:100]))
    assert reason.startswith("corrupt .pdf (")


def test_pdf_that_is_not_a_pdf(tmp_path: Path) -> None:
    assert reason_of(write(tmp_path, "fel.pdf", SWEDISH)) == "corrupt .pdf (no PDF header)"


def test_unsupported_suffix(tmp_path: Path) -> None:
    assert reason_of(write(tmp_path, "mote.xyz", SWEDISH)) == "unsupported file type '.xyz'"
    assert reason_of(write(tmp_path, "mote.doc", SWEDISH)) == "unsupported file type '.doc'"


def test_too_large(tmp_path: Path) -> None:
    path = write(tmp_path, "stor.txt", SWEDISH)
    reason = reason_of(path, max_bytes=100)
    assert reason.startswith("file too large (") and "100 bytes limit" in reason
    assert read_document(path, max_bytes=10_000).language == "sv"


def test_missing_file(tmp_path: Path) -> None:
    assert reason_of(tmp_path / "finns-inte.txt") == "no such file"


@pytest.mark.parametrize(("text", "detected"), [(ENGLISH, "en"), (GERMAN, "de")])
def test_unknown_language(tmp_path: Path, text: str, detected: str) -> None:
    reason = reason_of(write(tmp_path, "foreign.txt", text))
    assert reason.startswith(f"unknown language (detected {detected}")


def test_explicit_language_overrides_detection(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "foreign.txt", ENGLISH), language="da")
    assert (doc.language, doc.country) == ("da", "DK")
    assert read_document(write(tmp_path, "sv.txt", SWEDISH), language=" NN ").language == "nn"


def test_unsupported_language_code(tmp_path: Path) -> None:
    reason = reason_of(write(tmp_path, "sv.txt", SWEDISH), language="no")
    assert reason.startswith("unsupported language code 'no'")


# --- normalisation ------------------------------------------------------------------------


def test_invisible_characters_removed(tmp_path: Path) -> None:
    raw = (
        "\ufeffMötet\u200b hölls\u200c i\u200d Växjö\u2060.\r\n"
        "\u200eNärvarande:\u200f \u202aAnna\u202c \u2066Persson\u2069 och Bo\u00a0Ek"
        "\u202fmed\u2009kollegor.\r"
        "Biblio\u00adteks\u00adplan\x07\x1b\x7f\x85 klar.\t \n"
    )
    doc = read_document(write(tmp_path, "osynlig.txt", raw), language="sv")
    assert doc.text == (
        "Mötet hölls i Växjö.\nNärvarande: Anna Persson och Bo Ek med kollegor.\n"
        "Biblioteksplan\n klar."
    )


def test_normalise_rules() -> None:
    assert normalise_text("a\r\nb\rc") == "a\nb\nc"
    assert normalise_text("\n\n  \n  Rubrik\n\n\n\n\n\nText  \t\n\n") == "  Rubrik\n\n\nText"
    assert normalise_text("a\tb") == "a\tb"
    assert normalise_text("Mo\u0308tet") == "Mötet"  # NFC
    assert normalise_text("a\u2028b\u2029c\x0cd") == "a\nb\n\nc\nd"


@pytest.mark.slow
@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


def test_title_rules() -> None:
    assert document_title("\n## Protokoll ##\ntext") == "Protokoll"
    assert document_title("x" * 300) == "x" * 200
    assert document_title("   ") is None


# --- discover -----------------------------------------------------------------------------


def test_discover_walks_sorts_and_skips(tmp_path: Path) -> None:
    root = tmp_path / "minutes"
    for relative in (
        "se/b.txt",
        "se/a.md",
        "no/2015/troms.html",
        "dk/mode.docx",
        "dk/mode.pdf",
        "a.htm",
        "SOURCES.md",
        "README.md",
        "dk/readme.txt",
        "LICENSE.txt",
        "se/b.txt.lang",
        ".hidden.txt",
        ".git/x.txt",
        "se/notes.doc",
        "se/data.csv",
    ):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = discover([root])
    assert [p.relative_to(root).as_posix() for p in found] == [
        "a.htm",
        "dk/mode.docx",
        "dk/mode.pdf",
        "no/2015/troms.html",
        "se/a.md",
        "se/b.txt",
    ]
    explicit = discover([root / "se/notes.doc", root / "se", root / "se/a.md"])
    assert [p.name for p in explicit] == ["notes.doc", "a.md", "b.txt"]


def test_discover_missing_path(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file or directory"):
        discover([tmp_path / "saknas"])


def test_discover_reads_every_demo_file() -> None:
    minutes = Path(__file__).resolve().parents[1] / "data" / "minutes"
    found = discover([minutes])
    assert found and all(p.suffix == ".txt" for p in found)
    assert "SOURCES.md" not in {p.name for p in found}
    assert found == sorted(found)
    for path in found:
        doc = read_document(path)
        assert doc.text and doc.sha256 == sha(doc.text) and doc.encoding == "utf-8"


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_discover_does_not_follow_symlinked_directories(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    assert discover([tmp_path / "tree"]) == []


def test_document_text_is_the_documents_text_without_deciding_its_language(tmp_path: Path
                                                                          ) -> None:
    from conftest import DEMO

    for path in discover([DEMO]):
        assert document_text(path) == read_document(path).text, path.name
    english = tmp_path / "minutes.txt"
    english.write_text("Minutes of the board meeting. The board decided to adopt the plan "
                       "for the coming year and to meet again in the spring.\n",
                       encoding="cp1252")
    with pytest.raises(IngestError, match="unknown language"):
        read_document(english)
    assert document_text(english).startswith("Minutes of the board meeting.")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(IngestError, match="no text"):
        document_text(empty)


def test_the_docx_and_pdf_libraries_load_only_when_such_a_file_is_read(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "import libgraph.build, libgraph.cli\n"
        "print(sorted(m for m in ('docx', 'pypdf') if m in sys.modules))\n"
        "from libgraph.ingest import read_document\n"
        f"read_document({str(tmp_path / 'm.docx')!r}, 'sv')\n"
        "print(sorted(m for m in ('docx', 'pypdf') if m in sys.modules))\n")
    document = docx.Document()
    document.add_paragraph("Protokoll från mötet med biblioteken i regionen.")
    document.save(str(tmp_path / "m.docx"))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split("\n")
    assert out[:2] == ["[]", "['docx']"]
