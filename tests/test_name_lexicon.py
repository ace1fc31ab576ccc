"""The given-name lexicon (libgraph.resolve.names) on the shipped data."""

from __future__ import annotations

import csv

import pytest

from libgraph.resolve.names import FirstNames
from libgraph.resources import resource


@pytest.fixture(scope="module")
def names() -> FirstNames:
    return FirstNames.load()


def test_file_has_names_and_countries_only() -> None:
    with resource("data", "names", "first_names.csv").open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        assert next(reader) == ["name", "countries"]  # no counts are shipped
        rows = list(reader)
    assert len(rows) > 20000
    for name, countries in rows:
        assert len(name) >= 2 and name[0].isupper() and not name.isupper(), name
        assert set(countries.split("|")) <= {"SE", "NO", "DK"}


@pytest.mark.parametrize("name", [
    "Anna", "Kristina", "Tiffany", "Weine", "Loulou", "Gunhild", "Rigmor", "Birgit", "Mikkel",
    "Madeleine", "Anna-Karin", "Bodil", "Hugo", "Annette", "Therese", "Ib", "Bo", "Tone", "Kari",
])
def test_real_names(names: FirstNames, name: str) -> None:
    assert names.is_first_name(name)


@pytest.mark.parametrize("token", [
    "anna", "Thi", "M", "Program", "Torg", "Alla", "Som", "Mye", "Noe", "November", "Vi",
    "De", "En", "Chr", "Adm", "Fornavn", "",
])
def test_not_names(names: FirstNames, token: str) -> None:
    assert not names.is_first_name(token)


def test_country_filter(names: FirstNames) -> None:
    assert names.is_first_name("Birgit", "NO")
    assert names.is_first_name("Mikkel", "DK")
    assert not names.is_first_name("Weine", "DK")
    assert "SE" in names.countries_of("Anna")


def test_diacritic_variants(names: FirstNames) -> None:
    assert names.is_first_name("Andre") and names.is_first_name("André")
    assert names.is_first_name("Anna-Lotta")  # hyphenated: whole, or part by part
    assert names.is_first_name("Kristina-Weine")


@pytest.mark.parametrize(("name", "ambiguous"), [
    ("Dag", True), ("Bo", True), ("Per", True), ("Liv", True), ("Tone", True), ("Juni", True),
    ("Kalmar", True), ("Anna", False), ("Kristina", False), ("Tiffany", False),
])
def test_ambiguous(names: FirstNames, name: str, ambiguous: bool) -> None:
    assert names.is_ambiguous(name) is ambiguous
