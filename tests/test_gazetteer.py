"""The gazetteer: shipped area data and the ways minutes name places (real data, no mocks)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from libgraph.resolve.gazetteer import Area, Gazetteer
from libgraph.resolve.textnorm import fold, fold_key, slugify

MINUTES = Path(__file__).resolve().parents[1] / "data" / "minutes"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def codes(areas: list[Area]) -> list[str]:
    return [f"{a.country}:{a.kind[0]}:{a.code}" for a in areas]


# ------------------------------------------------------------------------- the data itself

@pytest.mark.parametrize(("country", "kind", "count"), [
    ("SE", "municipality", 290), ("SE", "region", 21),
    ("NO", "municipality", 357), ("NO", "region", 15),
    ("DK", "municipality", 98), ("DK", "region", 5),
])
def test_counts(gaz: Gazetteer, country: str, kind: str, count: int) -> None:
    assert len(gaz.areas(country, kind)) == count


@pytest.mark.parametrize(("country", "kind", "pattern"), [
    ("SE", "municipality", r"\d{4}"), ("SE", "region", r"\d{2}"),
    ("NO", "municipality", r"\d{4}"), ("NO", "region", r"\d{2}"),
    ("DK", "municipality", r"0\d{3}"), ("DK", "region", r"108[1-5]"),
])
def test_code_patterns(gaz: Gazetteer, country: str, kind: str, pattern: str) -> None:
    bad = [a.code for a in gaz.areas(country, kind) if not re.fullmatch(pattern, a.code)]
    assert bad == []


def test_every_municipality_has_an_existing_region(gaz: Gazetteer) -> None:
    for area in gaz.areas(kind="municipality"):
        region = gaz.region_of(area)
        assert region is not None, area
        assert region.country == area.country
        if area.country in ("SE", "NO"):
            assert area.code[:2] == region.code, area


def test_every_region_has_municipalities(gaz: Gazetteer) -> None:
    used = {(a.country, a.region_code) for a in gaz.areas(kind="municipality")}
    assert {(r.country, r.code) for r in gaz.areas(kind="region")} <= used


def test_slugs_unique_and_stable(gaz: Gazetteer) -> None:
    slugs = [(a.kind, a.slug) for a in gaz.areas()]
    assert len(slugs) == len(set(slugs))
    assert gaz.get("SE", "municipality", "0780").slug == "se-0780"
    assert gaz.get("NO", "region", "55").slug == "no-55"


def test_wikidata_only_well_formed_and_never_for_dk_or_se(gaz: Gazetteer) -> None:
    for area in gaz.areas():
        assert area.wikidata == "" or re.fullmatch(r"Q\d+", area.wikidata), area
        if area.country in ("SE", "DK"):
            assert area.wikidata == ""
    # 2020 QIDs carried only where code and name are unchanged
    assert gaz.get("NO", "region", "50").wikidata == "Q127676"
    assert gaz.get("NO", "municipality", "5501").wikidata == ""  # renumbered from 5401


def test_known_names_and_official_forms(gaz: Gazetteer) -> None:
    vaxjo = gaz.get("SE", "municipality", "0780")
    assert (vaxjo.name, vaxjo.official_name, vaxjo.region_code) == ("Växjö", "Växjö kommun", "07")
    assert gaz.get("SE", "municipality", "0880").official_name == "Kalmar kommun"
    assert gaz.get("SE", "municipality", "2080").official_name == "Falu kommun"
    assert gaz.get("NO", "municipality", "5636").name == "Nesseby"  # not the Sami-only name
    assert "Unjárga" in gaz.get("NO", "municipality", "5636").aliases
    assert gaz.get("DK", "municipality", "0411") is None  # Christiansø is outside the division
    assert gaz.region_of(gaz.get("DK", "municipality", "0630")).official_name == \
        "Region Syddanmark"


def test_countries(gaz: Gazetteer) -> None:
    assert {(c.code, c.wikidata) for c in gaz.countries()} == {
        ("SE", "Q34"), ("NO", "Q20"), ("DK", "Q35")}


def test_history_successors_exist(gaz: Gazetteer) -> None:
    history = gaz.historical("NO")
    assert len(history) > 400
    for old in history:
        assert old.successor_codes
        for code in old.successor_codes:
            assert gaz.get("NO", old.kind, code) is not None, old


# ------------------------------------------------------------------------- look-ups by name

@pytest.mark.parametrize(("text", "expected"), [
    ("Kronobergs län", ["SE:r:07"]),
    ("Jämtlands läns", ["SE:r:23"]),
    ("Region Kronoberg", ["SE:r:07"]),
    ("Region Sörmland", ["SE:r:04"]),
    ("Växjö kommun", ["SE:m:0780"]),
    ("Växjö kommuns", ["SE:m:0780"]),
    ("Växjös", ["SE:m:0780"]),
    ("vaxjo", ["SE:m:0780"]),
    ("Stockholms stad", ["SE:m:0180"]),
    ("Tromsø kommune", ["NO:m:5501"]),
    ("Tromsøs", ["NO:m:5501"]),
    ("Tromsö", ["NO:m:5501"]),
    ("Troms fylke", ["NO:r:55"]),
    ("Troms fylkeskommune", ["NO:r:55"]),
    ("i Troms", ["NO:r:55"]),
    ("Vejle Kommune", ["DK:m:0630"]),
    ("Vejle Kommunes", ["DK:m:0630"]),
    ("Region Syddanmark", ["DK:r:1083"]),
    ("Köpenhamn", ["DK:m:0101"]),
    ("Kalmar", ["SE:r:08", "SE:m:0880"]),
    ("Troms og Finnmark", ["NO:r:55", "NO:r:56"]),
    ("Viken", ["NO:r:31", "NO:r:32", "NO:r:33"]),
    ("Hordaland", ["NO:r:46"]),
])
def test_lookup(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert codes(gaz.lookup(text)) == expected


def test_lookup_kind_filter_and_country_preference(gaz: Gazetteer) -> None:
    assert codes(gaz.lookup("Kalmar", kind="municipality")) == ["SE:m:0880"]
    assert codes(gaz.lookup("Kalmar län", kind="municipality")) == []
    assert codes(gaz.lookup("Lund")) == ["SE:m:1281", "NO:m:1112"]
    assert codes(gaz.lookup("Lund", country="NO")) == ["NO:m:1112"]
    assert codes(gaz.lookup("Oslo", country="SE")) == ["NO:r:03", "NO:m:0301"]  # preference only


def test_lookup_unknown_and_typos(gaz: Gazetteer) -> None:
    assert gaz.lookup("Atlantis") == []
    assert gaz.lookup("") == []
    assert gaz.lookup("Krokomb") == []
    assert codes(gaz.lookup("Krokomb", fuzzy=True)) == ["SE:m:2309"]


def test_old_norwegian_codes_map_to_2024(gaz: Gazetteer) -> None:
    assert codes(gaz.successors("NO", "municipality", "5401")) == ["NO:m:5501"]
    assert codes(gaz.successors("NO", "municipality", "1902")) == ["NO:m:5501"]
    assert codes(gaz.successors("NO", "region", "19")) == ["NO:r:55"]
    assert codes(gaz.successors("NO", "region", "54")) == ["NO:r:55", "NO:r:56"]
    assert codes(gaz.successors("NO", "municipality", "5501")) == ["NO:m:5501"]
    # Haram left Ålesund again in 2024: the old Haram goes to the new Haram first
    assert codes(gaz.successors("NO", "municipality", "1534"))[0] == "NO:m:1580"
    assert gaz.successors("NO", "municipality", "9999") == []


def test_locality(gaz: Gazetteer) -> None:
    skruv = gaz.locality("Skruv")
    assert [(name, a.code) for name, a in skruv] == [("Skruv", "0761")]
    assert gaz.locality("Åhus")[0][1].name == "Kristianstad"
    assert gaz.locality("Brensholmen", country="NO")[0][1].code == "5501"
    assert gaz.locality("Växjö")[0][1].code == "0780"  # the same-named kommun first
    assert gaz.locality("Nowhere") == []


# ------------------------------------------------------------------------- in running text

def found(gaz: Gazetteer, text: str, country: str | None = None) -> list[tuple[str, str]]:
    return [(text[s:e], f"{a.country}:{a.kind[0]}:{a.code}")
            for s, e, a in gaz.find_all(text, country)]


def test_find_all_offsets_and_inflections(gaz: Gazetteer) -> None:
    text = ("Mötet i Växjö med Kronobergs län och Region Kronoberg. Växjö kommuns bibliotek, "
            "Jämtlands läns bibliotek och biblioteken i Troms. Tromsøs plan.")
    hits = gaz.find_all(text)
    for start, end, area in hits:
        assert area in gaz.lookup(text[start:end]), (text[start:end], area)
    assert found(gaz, text) == [
        ("Växjö", "SE:m:0780"), ("Kronobergs län", "SE:r:07"), ("Region Kronoberg", "SE:r:07"),
        ("Växjö kommuns", "SE:m:0780"), ("Jämtlands läns", "SE:r:23"), ("Troms", "NO:r:55"),
        ("Tromsøs", "NO:m:5501")]


def test_find_all_needs_capitals(gaz: Gazetteer) -> None:
    assert found(gaz, "vi gick upp på ett berg och såg ut över mark och skog") == []
    assert found(gaz, "Gunhild Åkerblom Berg, Loulou Westlund Bräcke") == [
        ("Berg", "SE:m:2326"), ("Bräcke", "SE:m:2305")]


def test_find_all_skips_common_words_opening_a_sentence(gaz: Gazetteer) -> None:
    assert found(gaz, "Vara med på mötet. Time til møtet.") == []
    assert found(gaz, "Från Vara kom två.") == [("Vara", "SE:m:1470")]
    assert found(gaz, "Vara kommun deltog.") == [("Vara kommun", "SE:m:1470")]


def test_find_all_longest_match_and_shared_names(gaz: Gazetteer) -> None:
    assert found(gaz, "Region Gotland och Kalmar län") == [
        ("Region Gotland", "SE:r:09"), ("Region Gotland", "SE:m:0980"),
        ("Kalmar län", "SE:r:08")]
    assert found(gaz, "Chefsinternat m Kalmar") == [("Kalmar", "SE:r:08"), ("Kalmar", "SE:m:0880")]
    assert found(gaz, "Vi var i Lund.", country="NO") == [("Lund", "NO:m:1112")]
    assert found(gaz, "Studieresa till Oslo.", country="SE") == [
        ("Oslo", "NO:r:03"), ("Oslo", "NO:m:0301")]


def test_find_all_old_names(gaz: Gazetteer) -> None:
    assert found(gaz, "Fylkesbiblioteket i Troms og Finnmark") == [
        ("Troms og Finnmark", "NO:r:55"), ("Troms og Finnmark", "NO:r:56")]


def test_find_all_ignores_urls(gaz: Gazetteer) -> None:
    assert found(gaz, "Se https://www.Lund.se/bibliotek och info@Malmo.se") == []


def test_find_all_on_demo_minutes(gaz: Gazetteer) -> None:
    text = (MINUTES / "se-2009-12-10-jamtland-styrgruppsmote.txt").read_text(encoding="utf-8")
    names = {text[s:e] for s, e, _ in gaz.find_all(text, "SE")}
    assert {"Jämtland", "Härjedalen", "Berg", "Bräcke", "Ragunda", "Östersund", "Åre",
            "Strömsund", "Jämtlands läns"} <= names


# ------------------------------------------------------------------------- text normalisation

def test_fold_and_slugify() -> None:
    assert fold("Tromsø") == fold("Tromso") == fold("TROMSÖ") == "tromso"
    assert fold("Æbeltoft") == "aebeltoft"
    assert fold_key("Det Kgl. Bibliotek") == "det kgl bibliotek"
    assert fold_key("Aurskog-Høland") == "aurskog holand"
    assert slugify("Växjö kommun") == "vaxjo-kommun"
    assert slugify("Biblioteksutveckling Blekinge Kronoberg (BiBK)") == \
        "biblioteksutveckling-blekinge-kronoberg-bibk"
    assert slugify("Ærø Kommune") == "aero-kommune"
