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
