"""Bad input of every kind: each is reported with a reason, the build goes on, nothing hangs.

One corpus made here holds a good document and one file of each kind of bad input: empty,
binary, truncated .docx and .pdf, just over the 50 MB limit, text in several encodings,
zero-width and right-to-left characters, HTML with scripts, a line of a million characters
and minutes in a language libgraph does not read. The corpus is built once (module fixture).

``LIBGRAPH_SLOW=1`` adds the heavy cases: a text file exactly at the 50 MB limit and a line
of a million characters of each shape through the extractor itself (some recognisers are
quadratic on such lines; those cases are expected failures that name the function).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from libgraph.build import build
from libgraph.extract import extract
from libgraph.ingest.formats import TEXT_LIMIT
from libgraph.ns import OA, SCHEMA
from libgraph.store import NT_FILE

from helpers import doc, make_docx, make_pdf

SLOW = os.environ.get("LIBGRAPH_SLOW") == "1"
slow = pytest.mark.skipif(not SLOW, reason="heavy case: set LIBGRAPH_SLOW=1")

GOOD = """Minnesanteckningar från chefsmöte 2019-03-04

Närvarande: Anna Berg, Växjö, Lars Ekström, Alvesta, Karin Holm, Ljungby

§ 1 Regional biblioteksplan
Regionbiblioteket informerade om arbetet med den nya regionala biblioteksplanen. Mötet
diskuterade hur kommunerna kan bidra och vilka frågor som är viktigast för folkbiblioteken.
Mötet beslutade att bilda en arbetsgrupp för läsfrämjande.

§ 2 Nästa möte
Nästa möte hålls i Alvesta den 12 september.
"""

NORWEGIAN = """Referat fra biblioteksjefmøte 2021-05-10

Til stede: Kari Nordmann, Tromsø, Ola Hansen, Harstad

Sak 3/21 Bibliotekplan
Fylkesbiblioteket orienterte om arbeidet med ny regional bibliotekplan. Møtet drøftet
hvordan kommunene kan bidra, og hva som er viktigst for folkebibliotekene framover.
Vedtak: Det opprettes en arbeidsgruppe for lesestimulering.
"""

ENGLISH = ("Minutes of the library directors' meeting. Present: John Smith and Mary Jones. "
           "The meeting discussed the regional library plan and agreed to meet again. ") * 5




BAD = {
    "empty.txt": ("empty", b""),
    "binary.txt": ("binary", bytes(range(256)) * 64),
    "truncated.docx": ("docx", make_docx(GOOD)[:700]),
    "truncated.pdf": ("pdf", make_pdf([GOOD.splitlines()])[:300]),
    "english.txt": ("language", ENGLISH.encode()),
}


def _zero_width_rtl() -> str:
    """The good minutes with zero-width spaces, joiners, BOMs and direction marks inside."""
    text = GOOD.replace("Anna Berg", "An\u200bna\u200d Berg\u200e")
    text = text.replace("Lars Ekström", "\u202bLars\u202c Ekström\u2067")
    return "\ufeff" + text.replace("Mötet beslutade", "Mötet\u200f beslutade")


def _html() -> bytes:
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Chefsmöte</title>
<script>var x = "Närvarande: Eve Script, Mallory Hacker"; alert(x);</script>
<style>body {{ color: red }}</style></head><body>
<nav>Hem | Om oss | Kontakt</nav>
<article>{''.join(f'<p>{line}</p>' for line in GOOD.splitlines() if line)}</article>
<script>document.write("Beslut: Eve Script får all makt.")</script>
</body></html>""".encode()


def _long_line() -> str:
    """Minutes with one line of a million characters (a PDF transcript gone wrong)."""
    names = "Anna Berg Lars Ek Per Holm Karin Lund "
    return GOOD + "\n" + (names * (1_000_000 // len(names) + 1))[:1_000_000] + "\n"


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("robust")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, (_reason, data) in BAD.items():
        (corpus / name).write_bytes(data)
    with (corpus / "too-large.txt").open("wb") as handle:  # sparse: no 50 MB in memory
        handle.truncate(TEXT_LIMIT + 1)
    (corpus / "cp1252.txt").write_bytes(GOOD.encode("cp1252"))
    (corpus / "utf16.txt").write_bytes(NORWEGIAN.encode("utf-16"))
    (corpus / "latin1.txt").write_bytes(NORWEGIAN.replace("Sak 3/21", "Sak 4/21").encode(
        "latin-1"))
    mixed = GOOD.replace("Växjö", "V\xe4xj\xf6").encode("utf-8").replace(
        "V\xe4xj\xf6".encode(), "V\xe4xj\xf6".encode("cp1252"))
    (corpus / "mixed.txt").write_bytes(mixed)
    (corpus / "invisible.txt").write_text(_zero_width_rtl(), encoding="utf-8")
    (corpus / "scripts.html").write_bytes(_html())
    (corpus / "long-line.txt").write_text(_long_line(), encoding="utf-8")
    out = root / "build"
    # Two jobs: the documents go to worker processes, where the time limit is hard (a worker
    # stuck in native code past it is killed); in one process only an alarm applies, which
    # native code can hold off (that is how a CI run once spun for 18 minutes here).
    report = build([corpus], out, jobs=2, doc_timeout=5)
    return out, report


def _reasons(report) -> dict[str, str]:
    return {Path(f.path).name: f.reason for f in report.failed}


def test_each_bad_file_is_reported_with_its_reason(corpus_build) -> None:
    _out, report = corpus_build
    reasons = _reasons(report)
    for name, (word, _data) in BAD.items():
        assert word in reasons[name], (name, reasons.get(name))
    assert "too large" in reasons["too-large.txt"]


def _built_or_copied(report) -> set[str]:
    """Files built, and files left out as copies of one that was (the same minutes in
    another encoding are the same words, so they are one document)."""
    return {Path(p).name for p in report.documents} | \
        {Path(d["path"]).name for d in report.duplicates}


def test_the_build_goes_on_with_the_good_files(corpus_build) -> None:
    out, report = corpus_build
    read = _built_or_copied(report)
    assert {"good.txt", "cp1252.txt", "utf16.txt", "latin1.txt", "invisible.txt",
            "scripts.html"} <= read
    # UTF-8 with stray cp1252 bytes: repaired and read, or refused with a reason.
    assert "mixed.txt" in read or "decode" in _reasons(report)["mixed.txt"], _reasons(report)
    assert (out / NT_FILE).is_file() and report.triples > 0


def test_a_file_over_the_limit_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    """A sparse file of zeros over the limit: read, it would be refused as binary, so the
    reason "too large" shows that the size is checked first (how much memory and time that
    saves is measured by benchmarks/bench_robustness.py, not asserted here)."""
    large = tmp_path / "large"
    large.mkdir()
    with (large / "too-large.txt").open("wb") as handle:
        handle.write("Chefsmöte 2019-03-04\n".encode() * 1000)
        handle.truncate(TEXT_LIMIT + 1)
    report = build([large], tmp_path / "out", jobs=1)
    reason = _reasons(report)["too-large.txt"]
    assert reason.startswith("file too large (") and "limit" in reason
    from libgraph.ingest import IngestError, read_document

    with pytest.raises(IngestError, match="too large"):
        read_document(large / "too-large.txt")


def test_encodings_give_the_same_words(corpus_build) -> None:
    """The same minutes in cp1252, or with invisible characters, are the same text (hash)."""
    out, report = corpus_build
    corpus = Path(report.documents[0]).parent
    from libgraph.ingest import read_document

    hashes = {name: read_document(corpus / name).sha256
              for name in ("good.txt", "cp1252.txt", "invisible.txt")}
    assert len(set(hashes.values())) == 1, hashes
    for name in ("utf16.txt", "latin1.txt"):
        assert "Tromsø" in read_document(corpus / name).text
    graph = Graph().parse(out / NT_FILE)
    texts = [str(t) for t in graph.objects(None, SCHEMA.text)]
    assert sum("Växjö" in t for t in texts) == 1  # the copies in other encodings: one document
    assert sum("Tromsø" in t for t in texts) == 1  # utf-16 and latin-1 differ in one item only


def test_invisible_and_direction_characters_are_removed(corpus_build) -> None:
    out, _report = corpus_build
    graph = Graph().parse(out / NT_FILE)
    for text in graph.objects(None, SCHEMA.text):
        assert not set(str(text)) & {"\u200b", "\u200d", "\u200e", "\u200f", "\u202b", "\u202c",
                                     "\u2067", "\ufeff"}
    for exact in graph.objects(None, OA.exact):
        assert "\u200b" not in str(exact)


def test_html_scripts_never_reach_the_graph(corpus_build) -> None:
    out, _report = corpus_build
    nt = (out / NT_FILE).read_text(encoding="utf-8")
    assert "Eve Script" not in nt and "Mallory" not in nt and "alert(" not in nt


def test_a_million_character_line_does_not_stall_the_build(corpus_build) -> None:
    """Either extracted, or given up after the per-document time limit (5 s here) with a
    reason that says so; the other documents are built either way."""
    _out, report = corpus_build
    read = _built_or_copied(report)
    assert "long-line.txt" in read or "longer than 5 s" in _reasons(report)["long-line.txt"], \
        _reasons(report).get("long-line.txt")
    assert "good.txt" in read


def test_unknown_language_is_named(corpus_build) -> None:
    _out, report = corpus_build
    assert "unknown language" in _reasons(report)["english.txt"]


# -- heavy cases (LIBGRAPH_SLOW=1) -----------------------------------------------------------

@slow
def test_a_text_file_at_the_limit_is_handled(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = GOOD + ("Mötet diskuterade läsfrämjande och samverkan i regionen.\n" * 10)
    data = (body * (TEXT_LIMIT // len(body.encode()) + 1)).encode()[:TEXT_LIMIT]
    (corpus / "huge.txt").write_bytes(data[: data.rfind(b"\n") + 1])
    report = build([corpus], tmp_path / "out", jobs=1, doc_timeout=300)
    assert report.documents or "longer than" in report.failed[0].reason


LONG_LINES = {
    "prose": ("biblioteket diskuterade läsfrämjande och samverkan ", None),
    "digits": ("1234567890 ", None),
    "sentences": ("Mötet beslutade att Kulturrådet har beviljat 500 000 kronor. ", None),
    "names": ("Anna Berg, ", "extract/context.py _add_span: `span not in spans` on a list "
              "(one name repeated n times: O(n^2))"),
    "capitalised": ("Anna Berg Lars Ek Per Holm ", "extract/context.py _add_span on the names "
                    "repeated (the orgs _PHRASE backtracking is gone: orgs.org_phrases is linear)"),
    "one-word": ("a", "extract/meetings.py MEETING_WORD `[\\w-]*(?:möte|...)\\b` searched in "
                 "_place_scopes: O(n^2) on one long word"),
}


@slow
@pytest.mark.parametrize("shape", sorted(LONG_LINES))
def test_extraction_of_a_million_character_line(shape: str) -> None:
    unit, known = LONG_LINES[shape]
    if known:
        pytest.xfail(f"quadratic recogniser (reported, not fixed here): {known}")
    text = GOOD + "\n" + (unit * (1_000_000 // len(unit) + 1))[:1_000_000] + "\n"
    assert extract(doc(text)).meetings  # finishes (the build's time limit bounds it too)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
