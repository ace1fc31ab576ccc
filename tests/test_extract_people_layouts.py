"""Person, attendance and role layouts of real minutes, each in a snippet of our own.

The snippets copy the *shape* of layouts met in public minutes (PDF transcripts that lost
their line breaks, run-on lists, group headers, meeting functions); names and bodies are
invented. Each test states what a careful reader takes from its snippet.
"""

from helpers import people, record


def present(rec) -> set[str]:
    return {p.name for p in rec.persons if p.attended}


def absent(rec) -> set[str]:
    return {p.name for p in rec.persons if p.absent}


# A PDF transcript: the list lost its line breaks, each entry is "Name, Body" and the next
# name follows the body without a comma; the absentee header has no colon.
RUN_ON_PDF = (
    "Nätverksträff mars 2016\n\nTranskript\n\n"
    "1 1 Nätverksträff mars 2016 Deltagare: Greta Sundin, Regionbibliotek Halland Moa Lind, "
    "Länsbiblioteket i Värmland Oskar Palm, Kungl. Biblioteket Tove Ek, Länsbibliotek "
    "Dalarna, endast 3 mars Britt Marie Dahl, Länsbibliotek Uppsala Ivar Holm KUR Nora Strand, "
    "Region Skåne Förhinder Lena Borg, Länsbibliotek Gävleborg Hans Vik, Länsbibliotek "
    "Sörmland 1 Mötet öppnades av Greta Sundin som hälsade välkommen.\n"
)


def test_run_on_pdf_list_with_bodies_between_names() -> None:
    rec = record(RUN_ON_PDF)
    ppl = people(rec)
    assert present(rec) == {"Greta Sundin", "Moa Lind", "Oskar Palm", "Tove Ek",
                            "Britt Marie Dahl", "Ivar Holm", "Nora Strand"}
    assert absent(rec) == {"Lena Borg", "Hans Vik"}
    assert ppl["Greta Sundin"].affiliation == "Regionbibliotek Halland"
    assert ppl["Moa Lind"].affiliation == "Länsbiblioteket i Värmland"
    assert ppl["Lena Borg"].affiliation == "Länsbibliotek Gävleborg"


def test_abbreviated_body_does_not_end_a_run_on_list() -> None:
    rec = record("Kvalitetsnätverket 12 okt 2015 Plats: KB Deltagare: Sara Nord, Kungl. "
                 "Biblioteket Eva Ström, Kungl. Biblioteket Ulf Berg, Region Skåne "
                 "Förhinder: representanter från Region Halland 1) Riksbibliotekarie Karin "
                 "Dahl hälsade välkommen.\n")
    assert present(rec) >= {"Sara Nord", "Eva Ström", "Ulf Berg"}
    assert "Karin Dahl" not in absent(rec)


def test_a_sentence_after_the_list_is_not_an_entry() -> None:
    rec = record("REFERAT\n\nTil stede: Jens Holm, Mette Lund (ref.)\n\n"
                 "Afbud: Peter Kragh og Sofie Bang Møller\n"
                 "Niels Aagaard Hansen er Peters suppleant og dermed nyt medlem.\n\n"
                 "1. Godkendelse af dagsorden\n", "da")
    assert absent(rec) == {"Peter Kragh", "Sofie Bang Møller"}
    assert "Niels Aagaard Hansen" not in absent(rec)
