"""Where the meeting was, in the layouts minutes and event pages use (own invented texts)."""

import pytest

from helpers import record


def place(text: str, language: str = "sv") -> tuple[str | None, str | None]:
    meeting = record(text, language).meetings[0]
    return meeting.place, meeting.municipality


@pytest.mark.parametrize(("text", "language", "expected"), [
    # a place field with a colon, a venue "i" its municipality
    ("Styrelsemöte 4 mars 2021\n\nPlats: Kulturhuset i Ronneby\n\nNärvarande: Ebba Lund\n",
     "sv", ("Kulturhuset", "Ronneby")),
    # the municipality written as "<name>s kommun" is the municipality itself
    ("Chefsmöte 4 mars 2021\n\nPlats: Västerviks kommun\n", "sv",
     ("Västerviks kommun", "Västervik")),
    # "Tid og sted" with the date first and an online room
    ("Styremøte 24.10.2019\n\nTid og sted: 24.10.19 på Teams\nTil stede: Kari Holm\n", "nb",
     ("Teams", None)),
    # event page fields: the label alone on its line, the value under it
    ("Biblioteksjefmøte\n\nTidspunkt\nTirsdag 12.10.2021 11.00 - onsdag 13.10.2021 15.00\n"
     "Sted\nFjordheim hotell Bodø\n\nVelkommen!\n", "nb", ("Fjordheim hotell", "Bodø")),
    # "Datum, tid och plats" block with times and "och digitalt"
    ("Information:\n\nDatum, tid och plats\n\n2023-05-09\n10:00 - 15:00\n\nKiruna och digitalt\n\n"
     "Nätverksträff\n\nVälkomna!\n", "sv", ("Kiruna", "Kiruna")),
    # a date line then the place line, as event pages print them
    ("Biblioteksledermøde den 3. marts\n\nFredag, 3. marts 2017 - 9:00\nVejle\n\nDeltagere:\n",
     "da", ("Vejle", "Vejle")),
    # date, time and venue with its municipality on one line
    ("Chefsmöte – länets chefer\n\n18 mars kl 09.00 – 12.00 Tegelbruket Sundbyberg\n\nAgenda\n",
     "sv", ("Tegelbruket", "Sundbyberg")),
    # an address block with a postcode line
    ("Møde i Formidlingsudvalget\n\nTirsdag den 16. okt. 2012 kl. 9.30 – 12.00\n"
     "Lindegården, Skovvej 12, 1. sal, 8000 Aarhus C\n\nREFERAT\n", "da",
     ("Lindegården", "Aarhus")),
    # prose on an event page
    ("Biblioteksjefmøte – oktober\n\nVelkommen til biblioteksjefmøte 16. og 17. oktober 2019. "
     "Møtet skal være på Fjordheim hotell i Harstad.\n", "nb", ("Fjordheim hotell", "Harstad")),
    ("Dialogmöte om planer\n\nMötet kommer att hållas digitalt i Zoom, den 29 mars 2022, "
     "kl 9-12.\n", "sv", ("Zoom", None)),
])
def test_meeting_place_layouts(text: str, language: str, expected: tuple) -> None:
    assert place(text, language) == expected


def test_an_agency_named_with_i_is_not_the_meeting_place() -> None:
    text = ("Medlemsmöte 13 februari 2014 Deltagare: Eva Holm, Länsbiblioteket i Jönköping, "
            "Per Ek, Regionbibliotek Gotland\n")
    assert place(text) == (None, None)


def test_a_foreign_municipality_is_not_taken_for_a_venue_word() -> None:
    # "Strand" is a Norwegian municipality; in a Danish text it is part of a hotel's name
    text = ("Referat af bestyrelsesmøde 6. november 2012\n\nSted: Hotel Lindholm Strand kl. 10 – "
            "12.\n")
    assert place(text, "da")[1] != "Strand"


def place_names(text: str, language: str) -> set[str]:
    return {p.name for p in record(text, language).places}


def test_no_place_is_carved_out_of_an_organisation_name() -> None:
    text = ("Medlemsmöte 13 februari 2014\n\nDeltagare: Eva Holm, Länsbiblioteket Norrbotten, "
            "Per Ek, Region Gotland, Ola Berg, Regionbiblioteket Uppsala län, Kari Lund, Ronneby "
            "bibliotek\n\nVi talade om läget i Kiruna och en studieresa till Oslo.\n")
    names = place_names(text, "sv")
    assert {"Kiruna", "Oslo"} <= names
    assert not names & {"Norrbotten", "Gotland", "Uppsala", "Ronneby"}


def test_a_foreign_municipality_needs_a_preposition_and_countries_are_places() -> None:
    text = ("Referat af bestyrelsesmøde 6. november 2012\n\nSted: Hotel Lindholm Strand\n\n"
            "Vi har været på studietur til Sverige og i Danmark.\n")
    names = place_names(text, "da")
    assert "Strand" not in names
    assert {"Sverige", "Danmark"} <= names


def test_a_former_county_is_kept_as_written() -> None:
    text = ("Biblioteksjefmøte 12. oktober 2021\n\nMøte for biblioteksjefene i Vestfold og "
            "Telemark på Tromsø bibliotek.\n")
    names = place_names(text, "nb")
    assert "Vestfold og Telemark" in names
    assert not names & {"Vestfold", "Telemark"}


def test_an_online_room_is_the_meeting_place_but_not_a_place() -> None:
    rec = record("Styremøte 24.10.2019\n\nTid og sted: 24.10.19 på Skype\n", "nb")
    assert rec.meetings[0].place == "Skype"
    assert "Skype" not in {p.name for p in rec.places}


def test_venues_libraries_and_common_nouns_before_a_preposition() -> None:
    text = ("Chefsmöte 4 mars 2021\n\nNärvarande: Ebba Lund\n\nSnart öppnar Lövhöjden i Ronneby "
            "kommun. Kurs för personal från Universitetsbiblioteket i Umeå.\n"
            "Arrangement på Kiruna stadsbibliotek. Flera arrangement planeras.\n")
    names = place_names(text, "sv")
    assert "Lövhöjden" in names
    assert not names & {"Universitetsbiblioteket", "Arrangement"}


def test_a_town_after_a_hotel_is_still_a_place() -> None:
    text = ("Biblioteksjefmøte 16. oktober 2019\n\nMøtet skal være på Fjordheim hotell i Harstad. "
            "Deltakere fra Tana/Vadsø bibliotek.\n")
    names = place_names(text, "nb")
    assert "Harstad" in names
    assert "Tana" not in names


def test_page_chrome_under_a_dated_title_is_not_a_place() -> None:
    text = ("Årsmöte 2016, 24 maj - Lövmo Bibliotekarier\n\nComments\n\nTranscription\n\n"
            "Deltagare:\n")
    assert place(text) == (None, None)


def test_a_short_name_under_a_dated_title_is_not_a_place() -> None:
    """The body's abbreviation beside its full name under the title names no town."""
    text = ("Årsmöte 2019, 14 maj - Länsbibliotekens förening\nLBF, Länsbibliotekens förening\n"
            "Deltagare:\nEbba Lund, Region Syd\n")
    assert place(text) == (None, None)


def test_a_sentence_about_another_days_event_gives_no_place() -> None:
    """A board meeting's minutes plan the annual meeting elsewhere: not this meeting's place."""
    text = ("Referat styremøte 11.03.2021\n\n • Tilstede: Kari Holm, Ola Dahl\n"
            " • Vi vil legge årsmøtet til bibliotekdagene i Molde 20.-21. april\n")
    assert place(text, "nb") == (None, None)
    same_day = ("Referat styremøte 11.03.2021\n\nStyremøtet holdes 11. mars i Molde.\n"
                "Tilstede: Kari Holm\n")
    assert place(same_day, "nb")[0] == "Molde"


def test_a_venue_line_with_its_date_after_it() -> None:
    text = ("Referat fra møte i styret 05.04.2017\n\nFylkesstyremøte i foreningen\n\n"
            "Levanger bibliotek, 05.04.2017\n\nTilstede: Kari Holm\n")
    assert place(text, "nb") == ("Levanger bibliotek", "Levanger")


def test_an_organisation_name_never_runs_over_a_blank_line() -> None:
    text = ("Referat fra møte i styret 05.04.2017\n\nForeningen avdeling Vestfold\n\n"
            "Levanger bibliotek, 05.04.2017\n\nTilstede: Kari Holm\n")
    names = {o.name for o in record(text, "nb").organizations}
    assert not any("\n" in name for name in names)
    assert "Levanger bibliotek" in names
