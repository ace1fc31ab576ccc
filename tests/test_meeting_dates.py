"""Meeting dates in the forms minutes and event pages write them (own invented texts)."""

import pytest

from helpers import record


def dates(text: str, language: str = "sv") -> tuple:
    m = record(text, language).meetings[0]
    return m.start_date, m.end_date, m.date_inferred


@pytest.mark.parametrize(("text", "language", "expected"), [
    # an event field: the label, then the date under it
    ("Information:\n\nDatum, tid och plats\n\n2023-05-09\n10:00 - 15:00\n\nKiruna\n\n"
     "Nätverksträff\n", "sv", ("2023-05-09", None, False)),
    # two full dates with times and weekdays make one multi-day meeting
    ("Biblioteksjefmøte\n\nTidspunkt\nOnsdag 11.10.2023 10.00 - torsdag 12.10.2023 15.00\n",
     "nb", ("2023-10-11", "2023-10-12", False)),
    # the weekday fixes the year among those the text mentions
    ("Referat af bestyrelsesmøde tirsdag den 6. november, Hotel Lindholm\n\nBudget 2013 og "
     "regnskab 2012 blev gennemgået.\n", "da", ("2012-11-06", None, True)),
    # a date with its weekday is the meeting's, not a page's publication date
    ("oktober\n\nMøde i Formidlingsudvalget\n\nTirsdag den 16. okt. 2012 kl. 9.30 – 12.00\n\n"
     "Referat af møde den 10. februar 2012 godkendt.\n", "da", ("2012-10-16", None, False)),
    ("Møte i nettverket\n\nMøtet fann stad 12. 04.2023 i Bodø.\n", "nb",
     ("2023-04-12", None, False)),
])
def test_meeting_date_layouts(text: str, language: str, expected: tuple) -> None:
    assert dates(text, language) == expected


def test_the_date_of_earlier_minutes_is_not_the_meeting_date() -> None:
    text = ("oktober\n\nMøde i Læseudvalget\n\nDagsorden\n\n1. Godkendelse af referat fra "
            "1. juni 2012\n")
    assert dates(text, "da")[0] is None


def test_page_headers_and_programme_days_are_not_further_meetings() -> None:
    rec = record("Årsmöte 2015, 26 maj – Lövmo bibliotekförening\n\nNärvarande: Ebba Lund\n\n"
                 "Lövmo bibliotekförening, årsmöte 2015-05-26, sid 1\n§ 1 Öppnande\n"
                 "Lövmo bibliotekförening, årsmöte 2015-05-26, sid 2\n"
                 "Vi hänvisade till referat från mötet den 2 oktober 2014.\n")
    assert [m.start_date for m in rec.meetings] == ["2015-05-26"]


@pytest.mark.parametrize(("title", "language", "kind"), [
    ("Biblioteksledermøder i Sydvest 2018", "da", "directors_meeting"),
    ("Årsmöte 2016 – Lövmo bibliotekförening", "sv", "network_meeting"),
    ("Läsnätverkets möte 3 maj 2016", "sv", "network_meeting"),
    ("Dialogmøte om bibliotekplaner 4. mai 2022", "nb", "workshop"),
    ("Referat fra møte i Læseudvalget 3. maj 2016", "da", "steering_group"),
    ("Referat frå møte i fagrådet 3. mai 2016", "nn", "steering_group"),
])
def test_meeting_types_named_by_body_or_purpose(title: str, language: str, kind: str) -> None:
    assert record(f"{title}\n\nTil stede: Kari Holm\n", language).meetings[0].type == kind


def test_a_removed_date_leaves_no_stray_punctuation_in_the_name() -> None:
    rec = record("Årsmöte 2019, 14 maj - Länsbibliotekens förening\n\nDeltagare:\nEbba Lund\n")
    assert rec.meetings[0].name == "Årsmöte - Länsbibliotekens förening"


def test_the_words_leading_into_a_removed_date_leave_the_name_too() -> None:
    rec = record("Möte med föreningens styrelse den 2 mars 2020\n\nNärvarande: Ebba Lund\n")
    assert rec.meetings[0].name == "Möte med föreningens styrelse"


def test_a_transcripts_letterhead_date_gives_way_to_the_meetings_weekday_date() -> None:
    """A PDF transcript on one line: page number, the letter's date, then the meeting's."""
    text = ("1 12. marts 2015 Foreningens Forretningsudvalg Tirsdag den 10. marts 2015, kl. 10 "
            "REFERAT Til stede: Anne Holm, Peter Lund. Afbud: Mette Dahl. 1. Godkendelse af "
            "dagsorden Dagsordenen blev godkendt.")
    meeting = record(text, "da").meetings[0]
    assert meeting.start_date == "2015-03-10"
    assert meeting.name == "Foreningens Forretningsudvalg"
    assert meeting.type == "steering_group"


def test_a_field_label_ends_a_run_on_title() -> None:
    text = ("1 Foreningens Forretningsudvalg Referat Forretningsudvalgsmøde TID: onsdag den 8. "
            "april 2015, kl. 10. MØDESTED: Hotel Fjord, Vejle Afbud: Mette Dahl")
    assert record(text, "da").meetings[0].name == \
        "Foreningens Forretningsudvalg Forretningsudvalgsmøde"


def test_an_agenda_system_page_with_hyphenated_dates_and_a_publication_stamp() -> None:
    """A municipal agenda system: the body's name, a publication stamp, then the weekday
    and date of the meeting, members and those absent."""
    text = ("Kulturudvalget\n\nPubliceret 02-03-2015\n\nTirsdag den 03-03-2015 kl. 16:00\n\n"
            "Medlemmer:\n\nAnne Holm Peter Lund\nMette Dahl\n\nFraværende:\nMette Dahl\n\n"
            "1. Budget\n\nBeslutning\nBudgettet blev godkendt.\n")
    rec = record(text, "da")
    meeting = rec.meetings[0]
    assert (meeting.name, meeting.start_date, meeting.type) == (
        "Kulturudvalget", "2015-03-03", "steering_group")
    assert {p.name: (p.attended, p.absent) for p in rec.persons} == {
        "Anne Holm": (True, False), "Peter Lund": (True, False), "Mette Dahl": (False, True)}
    assert [d.text for d in rec.decisions] == ["Budgettet blev godkendt."]


def test_a_full_stop_inside_a_date_ends_no_sentence() -> None:
    text = ("Bestyrelsesmøde, 15. april 2014\n\nReferat af bestyrelsesmøde i foreningen, mandag "
            "d.15.4. 2014 på Kolding Bibliotek\n\nTilstede: Anne Holm, Peter Lund\n")
    meeting = record(text, "da").meetings[0]
    assert (meeting.place, meeting.municipality) == ("Kolding Bibliotek", "Kolding")
