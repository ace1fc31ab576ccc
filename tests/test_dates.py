"""Dates as Swedish, Norwegian and Danish minutes write them."""

from datetime import date

import pytest

from libgraph.extract.dates import find_dates, find_years, infer_year


@pytest.mark.parametrize(
    ("text", "start", "end", "quote"),
    [
        ("Chefsmöte 2018-01-24", date(2018, 1, 24), None, "2018-01-24"),
        ("2. og 3. juni 2015 arrangerte vi", date(2015, 6, 2), date(2015, 6, 3),
         "2. og 3. juni 2015"),
        ("Nätverksträff 21–22 mars 2019 i Umeå", date(2019, 3, 21), date(2019, 3, 22),
         "21–22 mars 2019"),
        ("Torsdag, 7. september 2023 - 10:00", date(2023, 9, 7), None, "7. september 2023"),
        ("Møte 05.11.21 kl. 12", date(2021, 11, 5), None, "05.11.21"),
        ("Mødet 30. mai–1. juni 2022 i Odense", date(2022, 5, 30), date(2022, 6, 1),
         "30. mai–1. juni 2022"),
        ("Dato: 14. marts 2023", date(2023, 3, 14), None, "14. marts 2023"),
        ("hon börjar 1/2-18.", date(2018, 2, 1), None, "1/2-18"),
        ("Møtedato: 3. desember 2020", date(2020, 12, 3), None, "3. desember 2020"),
        ("12. oktober, 2021", date(2021, 10, 12), None, "12. oktober, 2021"),
    ],
)
def test_dates_with_year(text: str, start: date, end: date | None, quote: str) -> None:
    found = find_dates(text)
    assert found, text
    first = found[0]
    assert (first.value, first.end_value) == (start, end)
    assert text[first.start:first.end] == quote
    assert first.year_explicit


def test_date_without_year_is_marked_and_inferred_after_a_reference() -> None:
    (mention,) = find_dates("Nästa möte 15 mars. Beslutas att det ska vara i Växjö.")
    assert mention.year is None and not mention.year_explicit
    assert infer_year(mention, date(2018, 1, 24)).value == date(2018, 3, 15)
    (january,) = find_dates("Nästa möte 26 januari 10-16.")
    assert infer_year(january, date(2009, 12, 10)).value == date(2010, 1, 26)


def test_times_prices_and_counts_are_not_dates() -> None:
    assert find_dates("kl 10-16, 25:- per film, 3- 4 pers, 1800:- ca") == []


def test_years_are_found_as_context() -> None:
    assert [y for _s, _e, y in find_years("Strategisk Folkebiblioteksmøde 2021")] == [2021]
    assert find_years("tel 2018-01-24") == []


def test_numeric_dates_at_the_end_of_a_sentence_and_spaced() -> None:
    from libgraph.extract.dates import find_dates

    found = [(d.day, d.month, d.year) for d in find_dates("Møtet var 12.04.2023. Neste gang "
                                                          "fann det stad 3. 05.2023.")]
    assert found == [(12, 4, 2023), (3, 5, 2023)]
    assert find_dates("versjon 10.10.10.10") == []
