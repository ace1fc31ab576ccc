"""Who organised the meeting (own invented texts, one per layout)."""

import pytest

from helpers import record


@pytest.mark.parametrize(("text", "language", "expected"), [
    # the body after the meeting word in the title
    ("Styrelsemöte i Lövmo bibliotekförening 12 mars 2021\n\nNärvarande: Ebba Lund, Per Ek\n",
     "sv", "Lövmo bibliotekförening"),
    ("Referat af bestyrelsesmøde I Ravnsø Læsekreds tirsdag den 6. november 2012\n\n"
     "Deltagere: Jens Holm, Mette Kvist\n", "da", "Ravnsø Læsekreds"),
    # an organisation named in the title
    ("Kungliga bibliotekets nätverksmöte 2013-11-22\n\nNärvarande: Ebba Lund\n", "sv",
     "Kungliga biblioteket"),
    # a verb of organising, the generic agency as subject
    ("Fylkesbiblioteket inviterer til arbeidsmøte om samarbeid i Fjordlia\n\nMøtet blir "
     "10. mars 2022.\n", "nb", "Fylkesbiblioteket"),
])
def test_organizer_layouts(text: str, language: str, expected: str) -> None:
    assert record(text, language).meetings[0].organizer == expected


def test_a_place_or_a_weekday_in_the_title_is_not_the_organizer() -> None:
    assert record("Biblioteksjefmøte i Tromsø 12. mars 2021\n\nTil stede: Kari Holm\n",
                  "nb").meetings[0].organizer is None
    assert record("Styrelsemöte – tisdag 12 mars 2019\n\nNärvarande: Ebba Lund\n"
                  ).meetings[0].organizer is None


def test_body_after_a_dated_title_and_theme_is_not_the_organizer() -> None:
    rec = record("Årsmöte 2016, 24 maj - Lövmo Bibliotekarier\n\nNärvarande: Ebba Lund\n")
    assert rec.meetings[0].organizer == "Lövmo Bibliotekarier"
    rec = record("Biblioteksledermøde den 3. marts 2017 Tema: Kilde Forlag og bibliotekerne\n\n"
                 "Deltagere: Jens Holm\n", "da")
    assert rec.meetings[0].organizer is None


def test_a_directors_meeting_is_convened_by_the_agency_the_page_calls_its_own() -> None:
    rec = record("Biblioteksledermøde fredag den 4. oktober 2019\n\nCentralbibliotekets "
                 "konsulenter lægger op til en proces om kompetenceudvikling.\n", "da")
    assert (rec.meetings[0].organizer or "").lower().startswith("centralbibliotek")


def test_a_board_meeting_is_held_by_the_association_its_minutes_name_most() -> None:
    text = ("Referat styremøte 13.02.2021\n\nTilstede: Kari Holm, Ola Dahl\n\n"
            "1. Økonomi i Lesefrøforeningen\nLesefrøforeningen har god økonomi. Vi søker "
            "Askvik bibliotek om lokale.\n2. Årsmøtet i Lesefrøforeningen holdes i mai.\n")
    assert record(text, "nb").meetings[0].organizer == "Lesefrøforeningen"


def test_the_members_own_bodies_do_not_hold_a_members_meeting() -> None:
    text = ("Medlemsmöte 14 maj 2021\n\nDeltagare:\nEva Lind, Regionbibliotek Norrmark\n"
            "Per Ek, Regionbibliotek Norrmark\nSara Berg, Regionbibliotek Söderland\n")
    assert record(text).meetings[0].organizer is None
