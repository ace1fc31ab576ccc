"""Language detection and overrides, on minutes-like paragraphs and on the demo corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from libgraph.ingest import IngestError, detect_language, language_override, read_document
from libgraph.ingest.language import (
    SAMPLE_HEAD,
    SAMPLE_MIDDLE,
    _detector,
    language_sample,
    norwegian_standard,
)

MINUTES = Path(__file__).resolve().parents[1] / "data" / "minutes"

PARAGRAPHS = {
    "sv": (
        "Protokoll fört vid styrgruppsmöte för länets folkbibliotek den 14 mars 2023 i "
        "Östersund. Närvarande var bibliotekscheferna från Bräcke, Krokom och Ragunda samt "
        "länsbibliotekarien. Mötet inleddes med en genomgång av den regionala "
        "biblioteksplanen. Styrgruppen beslutade att ansöka om medel från Kulturrådet för ett "
        "gemensamt läsfrämjandeprojekt. Nästa möte hålls i Strömsund i juni."
    ),
    "nb": (
        "Referat fra møte i biblioteksjefnettverket i Troms den 12. oktober 2022. Til stede "
        "var biblioteksjefene fra Tromsø, Harstad og Lenvik, samt rådgivere fra "
        "fylkesbiblioteket. Møtet ble ledet av fylkesbiblioteksjefen, som ønsket velkommen og "
        "gikk gjennom sakslisten. Det ble vedtatt at kommunene skal samarbeide om felles "
        "innkjøp av e-bøker. Neste møte holdes i Harstad i januar."
    ),
    "nn": (
        "Referat frå møte i biblioteknettverket i Sogn og Fjordane den 3. mars 2023. Møtet "
        "vart halde i Førde. Til stades var biblioteksjefane frå Førde, Florø og Sogndal og "
        "to rådgjevarar frå fylkesbiblioteket. Møteleiar ønskte velkomen og gjekk gjennom "
        "saklista. Det vart vedteke at kommunane skal samarbeide om ei felles lesekampanje, "
        "men det er ikkje avklart kven som skal leie arbeidet."
    ),
    "da": (
        "Referat fra mødet i styregruppen for de kommunale folkebiblioteker i Region "
        "Midtjylland den 5. maj 2022. Til stede var bibliotekscheferne fra Aarhus, Silkeborg "
        "og Viborg samt en konsulent fra centralbiblioteket. Mødet blev indledt med en "
        "drøftelse af den fælles strategi for læsefremme. Styregruppen besluttede at søge "
        "midler hos Slots- og Kulturstyrelsen til et fælles projekt. Næste møde afholdes i "
        "Viborg i september."
    ),
}
FOREIGN = {
    "en": (
        "Minutes of the steering group meeting held in London on 4 March 2023. Present were "
        "the heads of the public libraries of Camden, Hackney and Islington. The meeting "
        "opened with a review of the regional library plan. The group agreed to apply for "
        "funding from the Arts Council for a joint reading project."
    ),
    "de": (
        "Protokoll der Sitzung der Lenkungsgruppe der öffentlichen Bibliotheken am 4. März "
        "2023 in Hamburg. Anwesend waren die Leiterinnen und Leiter der Stadtbibliotheken aus "
        "Altona, Harburg und Wandsbek. Die Sitzung begann mit einer Besprechung des "
        "regionalen Bibliotheksplans."
    ),
    "fi": (
        "Kirjastonjohtajien kokous pidettiin Tampereella 4. maaliskuuta 2023. Paikalla olivat "
        "Tampereen, Nokian ja Ylöjärven kirjastojen johtajat. Kokouksessa käsiteltiin "
        "alueellista kirjastosuunnitelmaa ja päätettiin hakea rahoitusta yhteiseen "
        "lukuhankkeeseen."
    ),
}


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_minutes_paragraphs(code: str) -> None:
    detected, confidence = detect_language(PARAGRAPHS[code])
    assert detected == code
    assert 0.5 < confidence <= 1.0


@pytest.mark.parametrize("code", sorted(FOREIGN))
def test_other_languages_are_not_ours(code: str) -> None:
    detected, _ = detect_language(FOREIGN[code])
    assert detected is None


@pytest.mark.parametrize("text", ["", "   \n", "2023-03-14", "Möte", "Bo Ek, KB"])
def test_too_short_is_unknown(text: str) -> None:
    assert detect_language(text) == (None, 0.0)


DEMO = sorted(p for p in MINUTES.glob("*.txt"))
EXPECTED = {"se": "sv", "dk": "da", "no": "nb"}


def test_demo_corpus_is_there() -> None:
    assert len(DEMO) >= 5


@pytest.mark.parametrize("path", DEMO, ids=lambda p: p.name)
def test_demo_minutes(path: Path) -> None:
    expected = EXPECTED[path.name.split("-")[0]]
    assert detect_language(path.read_text(encoding="utf-8"))[0] == expected
    assert read_document(path).language == expected


def test_nynorsk_words_settle_a_near_tie() -> None:
    nynorsk = "Eg veit ikkje kva møteleiar sa, men det vart berre kaffi."
    bokmal = "Jeg vet ikke hva møteleder sa, men det ble bare kaffe."
    assert norwegian_standard(nynorsk, "nb", 0.52, 0.48) == "nn"
    assert norwegian_standard(bokmal, "nn", 0.48, 0.52) == "nb"
    assert norwegian_standard(nynorsk, "nb", 0.99, 0.01) == "nb"  # clear margin: lingua wins
    assert norwegian_standard("Møte i Bergen.", "nn", 0.5, 0.5) == "nn"  # no evidence


def test_long_text_is_sampled() -> None:
    long_text = (PARAGRAPHS["da"] + "\n") * 400
    sample = language_sample(long_text)
    assert len(sample) <= SAMPLE_HEAD + SAMPLE_MIDDLE + 1
    assert long_text.startswith(sample[:SAMPLE_HEAD])
    assert language_sample(PARAGRAPHS["da"]) == PARAGRAPHS["da"]


def test_detector_is_built_once_and_reads_long_text() -> None:
    assert _detector() is _detector()
    words = " ".join([PARAGRAPHS["sv"]] * 40).split()[:2000]
    assert detect_language(" ".join(words))[0] == "sv"


# --- overrides ----------------------------------------------------------------------------


def _tree(tmp_path: Path) -> Path:
    """tmp/corpus/norge/vestland/mote.txt with a Bokmål text (nynorsk by declaration)."""
    folder = tmp_path / "corpus" / "norge" / "vestland"
    folder.mkdir(parents=True)
    (folder / "mote.txt").write_text(PARAGRAPHS["nb"], encoding="utf-8")
    return folder / "mote.txt"


def test_no_override(tmp_path: Path) -> None:
    path = _tree(tmp_path)
    assert language_override(path, tmp_path / "corpus") is None
    assert read_document(path, root=tmp_path / "corpus").language == "nb"


def test_directory_file_in_an_ancestor(tmp_path: Path) -> None:
    path = _tree(tmp_path)
    (tmp_path / "corpus" / "norge" / ".libgraph-language").write_text("nn\n", encoding="utf-8")
    assert language_override(path, tmp_path / "corpus") == "nn"
    assert read_document(path, root=tmp_path / "corpus").language == "nn"


def test_nearest_directory_file_wins(tmp_path: Path) -> None:
    path = _tree(tmp_path)
    (tmp_path / "corpus" / ".libgraph-language").write_text("nb", encoding="utf-8")
    (path.parent / ".libgraph-language").write_text("# Vestland\nnn\n", encoding="utf-8")
    assert language_override(path, tmp_path / "corpus") == "nn"


def test_directory_file_above_root_is_ignored(tmp_path: Path) -> None:
    path = _tree(tmp_path)
    (tmp_path / ".libgraph-language").write_text("da", encoding="utf-8")
    assert language_override(path, tmp_path / "corpus") is None
    assert language_override(path) == "da"  # without a root every ancestor counts


def test_sidecar_wins_over_directory_file(tmp_path: Path) -> None:
    path = _tree(tmp_path)
    (path.parent / ".libgraph-language").write_text("nn", encoding="utf-8")
    (path.parent / "mote.txt.lang").write_text("da\n", encoding="utf-8")
    assert language_override(path) == "da"
    assert read_document(path).language == "da"
    assert read_document(path, language="sv").language == "sv"  # the argument wins


def test_invalid_override_names_the_file(tmp_path: Path) -> None:
    path = _tree(tmp_path)
    sidecar = path.parent / "mote.txt.lang"
    sidecar.write_text("norsk", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert caught.value.path == sidecar
    assert caught.value.reason.startswith("unsupported language code 'norsk'")
    sidecar.write_text("nb\nnn\n", encoding="utf-8")
    with pytest.raises(IngestError, match="exactly one code"):
        language_override(path)


def test_a_memo_searches_each_directory_once_and_sidecars_still_win(tmp_path: Path) -> None:
    path = _tree(tmp_path)
    root = tmp_path / "corpus"
    (path.parent / ".libgraph-language").write_text("nn", encoding="utf-8")
    other = path.with_name("annat.txt")
    other.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (path.parent / "annat.txt.lang").write_text("da", encoding="utf-8")
    memo: dict[tuple[Path, Path | None], str | None] = {}
    assert language_override(path, root, memo) == "nn"
    assert memo == {(path.parent, root): "nn"}
    (path.parent / ".libgraph-language").write_text("nb", encoding="utf-8")
    assert language_override(path, root, memo) == "nn"  # the directory is not searched again
    assert language_override(path, root) == "nb"  # (without the memo it is)
    assert language_override(other, root, memo) == "da"  # a file's own sidecar first
