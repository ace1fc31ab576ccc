"""The authority list: shipped organisations and libraries, look-ups and text scanning."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from libgraph.resolve.authority import Authority, is_abbreviation
from libgraph.resolve.gazetteer import Gazetteer
from libgraph.resources import resource

MINUTES = Path(__file__).resolve().parents[1] / "data" / "minutes"
KINDS = {"public_library", "regional_library_agency", "national_library", "national_agency",
         "funder", "municipality_body", "company", "association", "study_association", "museum",
         "international", "other", "foundation"}


@pytest.fixture(scope="module")
def auth() -> Authority:
    return Authority.load()


def key(entry: object) -> str | None:
    return getattr(entry, "key", None)


# ------------------------------------------------------------------------- the data itself

def test_organisations_file_is_well_formed() -> None:
    gaz = Gazetteer.load()
    with resource("data", "authority", "organisations.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys))
    for r in rows:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r["key"]), r["key"]
        assert all(k in KINDS for k in r["kind"].split("|")), r
        assert r["country"] in {"SE", "NO", "DK", ""}
        assert r["wikidata"] == "" or re.fullmatch(r"Q\d+", r["wikidata"])
        for code in filter(None, r["region_code"].split("|")):
            assert gaz.get(r["country"], "region", code), r
        if r["municipality_code"]:
            assert gaz.get(r["country"], "municipality", r["municipality_code"]), r


def test_every_swedish_lan_and_norwegian_fylke_has_an_agency(auth: Authority) -> None:
    gaz = Gazetteer.load()
    for region in gaz.areas("SE", "region"):
        assert auth.regional_agencies("SE", region.code), region.name
    for region in gaz.areas("NO", "region"):
        if region.code != "03":  # Oslo has no fylkesbibliotek (Deichman)
            assert auth.regional_agencies("NO", region.code), region.name


@pytest.mark.parametrize("name", [
    "Kungliga biblioteket", "Kulturrådet", "Sveriges Kommuner och Regioner", "Svensk "
    "biblioteksförening", "DIK", "MSB", "Internetstiftelsen", "MTM", "Regionbibliotek Stockholm",
    "Region Skåne Kultur", "BiBK", "Regionbibliotek Halland", "Jämtlands läns bibliotek",
    "Länsbibliotek Västernorrland", "Libris", "BTJ", "Axiell", "Studiefrämjandet", "ABF",
    "Studieförbundet Vuxenskolan", "Sensus", "Bilda", "Medborgarskolan", "Folkuniversitetet",
    "Kulturens", "Arbetets museum", "Nasjonalbiblioteket", "Norsk kulturråd",
    "Kultur- og likestillingsdepartementet", "KS", "Norsk Bibliotekforening", "Fagforbundet",
    "Unio", "Biblioteksentralen", "Bibsent", "Troms fylkesbibliotek", "Viken fylkesbibliotek",
    "Deichman", "Sparebankstiftelsen DNB", "Fritt Ord", "Det Kgl. Bibliotek",
    "Slots- og Kulturstyrelsen", "Kommunernes Landsforening", "Danmarks Biblioteksforening",
    "Bibliotekschefforeningen", "DBC", "Det Digitale Folkebibliotek", "Danskernes Digitale "
    "Bibliotek", "Centralbibliotekerne", "Københavns Biblioteker", "Vejle Bibliotekerne", "Kombit",
    "Nordea-fonden", "A.P. Møller Fonden", "Novo Nordisk Fonden", "Kulturministeriet", "EU",
    "Europeiska unionen", "Den Europæiske Union", "EBLIDA", "IFLA", "Nordiska ministerrådet",
    "Nordisk Ministerråd", "Creative Europe", "Kreativa Europa",
])
def test_coverage(auth: Authority, name: str) -> None:
    assert auth.lookup(name) is not None, name


def test_qids_only_where_sourced(auth: Authority) -> None:
    with_qid = {e.key: e.wikidata for e in auth.entries() if e.wikidata and not e.sigel
                and e.key in {"se-kb", "dk-kb", "no-deichman", "eu"}}
    assert with_qid == {"se-kb": "Q953058", "dk-kb": "Q867885", "no-deichman": "Q1183139",
                        "eu": "Q458"}
    assert auth.lookup("Nasjonalbiblioteket").wikidata == ""  # not verified: left empty


# ------------------------------------------------------------------------- look-ups by name

@pytest.mark.parametrize(("name", "country", "expected"), [
    ("Kungliga biblioteket", None, "se-kb"),
    ("kungliga biblioteket", None, "se-kb"),
    ("Kungl. biblioteket", None, "se-kb"),
    ("Kungliga bibliotekets", None, "se-kb"),
    ("KB", "SE", "se-kb"),
    ("KB", "DK", "dk-kb"),
    ("kb", "DK", "dk-kb"),
    ("KB:s", "SE", "se-kb"),
    ("Kulturrådet", "SE", "se-kulturradet"),
    ("Kulturrådet", "NO", "no-kulturradet"),
    ("Kulturrådets", "NO", "no-kulturradet"),
    ("Kur", "SE", "se-kulturradet"),
    ("KUR", None, "se-kulturradet"),
    ("Kulturdepartementet", "NO", "no-kud"),
    ("Kulturdepartementet", "SE", "se-kulturdepartementet"),
    ("BF", "NO", "no-bf"),
    ("BF", "DK", "dk-bf"),
    ("SKL", None, "se-skr"),
    ("SKL:s", None, "se-skr"),
    ("Sveriges Kommuner och Landsting", None, "se-skr"),
    ("BiBK", None, "se-bibk"),
    ("bibk", None, "se-bibk"),
    ("BiBK:s", None, "se-bibk"),
    ("Det Kongelige Bibliotek", None, "dk-kb"),
    ("det kgl bibliotek", None, "dk-kb"),
    ("DDB", None, "dk-ddf"),
    ("fylkesbiblioteket i Troms", None, "no-fylkesbibliotek-troms"),
    ("Nasjonalbiblioteket", "SE", "no-nb"),  # country is a preference, not a filter
    ("Växjö stadsbibliotek", None, "se-vaxjo-stadsbibliotek"),
    ("Lessebo bibliotek", None, "se-lessebo-kommunbibliotek"),
])
def test_lookup(auth: Authority, name: str, country: str | None, expected: str) -> None:
    assert key(auth.lookup(name, country)) == expected


def test_abbreviations_only_as_short_queries(auth: Authority) -> None:
    assert auth.lookup("kb bibliotek") is None
    assert auth.lookup("Okänd förening") is None
    assert auth.lookup("") is None
    assert is_abbreviation("KB") and is_abbreviation("BiBK") and is_abbreviation("Kur")
    assert not is_abbreviation("Kulturrådet") and not is_abbreviation("Det Kgl. Bibliotek")


def test_candidates_rank_country_first(auth: Authority) -> None:
    assert [e.key for e in auth.candidates("KB", "DK")] == ["dk-kb", "se-kb"]
    assert [e.key for e in auth.candidates("KB", "SE")] == ["se-kb", "dk-kb"]


# ------------------------------------------------------------------------- in running text

def found(auth: Authority, text: str, country: str | None = None) -> list[tuple[str, str]]:
    return [(text[s:e], e_.key) for s, e, e_ in auth.find_all(text, country)]


def test_find_all_offsets_and_possessives(auth: Authority) -> None:
    text = ("Kerstin Olsson, KB, berättade. Rapporter fr KB:s kvalitetsgrupp och BiBK:s "
            "websida; SKL:s Idélabb; bidrag från KUR och Kulturrådets webb.")
    assert found(auth, text, "SE") == [
        ("KB", "se-kb"), ("KB:s", "se-kb"), ("BiBK:s", "se-bibk"), ("SKL:s", "se-skr"),
        ("KUR", "se-kulturradet"), ("Kulturrådets", "se-kulturradet")]


def test_find_all_skips_urls_and_lower_case(auth: Authority) -> None:
    text = ("Bloggen <https://digitaltforst.blogg.kb.se/> och [Digitaltforst.blogg.kb.se](#); "
            "skriv till kb@example.org; kb är inte KB.")
    assert found(auth, text, "SE") == [("KB", "se-kb")]


def test_find_all_prefers_document_country(auth: Authority) -> None:
    assert found(auth, "Møde med KB og Kulturministeriet", "DK") == [
        ("KB", "dk-kb"), ("Kulturministeriet", "dk-kulturministeriet")]
    assert found(auth, "Söknad till Kulturrådet", "NO") == [("Kulturrådet", "no-kulturradet")]


def test_find_all_longest_name_wins(auth: Authority) -> None:
    assert found(auth, "Studieförbundet Vuxenskolan och Det Kgl. Bibliotek") == [
        ("Studieförbundet Vuxenskolan", "se-vuxenskolan"), ("Det Kgl. Bibliotek", "dk-kb")]


def test_find_all_word_like_names_and_nota_bene(auth: Authority) -> None:
    assert found(auth, "Bilda en grupp. Samarbete med Bilda.") == [("Bilda", "se-bilda")]
    assert found(auth, "NB! Husk fristen. NB: ta med pc.", "NO") == []
    assert found(auth, "Innspill fra NB om digitalisering", "NO") == [("NB", "no-nb")]


def test_find_all_on_demo_minutes(auth: Authority) -> None:
    text = (MINUTES / "se-2018-05-22-bibk-bibliotekschefsmote.txt").read_text(encoding="utf-8")
    keys = {e.key for _s, _e, e in auth.find_all(text, "SE")}
    assert {"se-kb", "se-bibk", "se-kulturradet", "se-skr", "se-dik", "se-msb",
            "se-internetstiftelsen", "se-arbetets-museum", "se-libris", "se-btj"} <= keys
    text = (MINUTES / "dk-2021-11-04-centralbibliotekerne-strategisk-folkebiblioteksmode.txt"
            ).read_text(encoding="utf-8")
    keys = {e.key for _s, _e, e in auth.find_all(text, "DK")}
    assert {"dk-centralbibliotekerne", "dk-ddf", "dk-kombit", "dk-kb", "eblida", "eu",
            "dk-nordea-fonden"} <= keys


# ------------------------------------------------------------------------- by place

def test_public_library_of(auth: Authority) -> None:
    vaxjo = auth.public_library_of("SE", "0780")
    assert (vaxjo.name, vaxjo.sigel, vaxjo.kind) == (
        "Växjö stadsbibliotek", "Va1", "public_library")
    assert auth.public_library_of("SE", "1280").name == "Malmö stadsbibliotek"
    assert key(auth.public_library_of("NO", "0301")) == "no-deichman"
    assert key(auth.public_library_of("DK", "0630")) == "dk-vejle-bibliotekerne"
    assert auth.public_library_of("DK", "0147").isil == "DK-714700"
    assert auth.public_library_of("SE", "9999") is None


def test_regional_agencies(auth: Authority) -> None:
    assert [e.key for e in auth.regional_agencies("SE", "07")] == ["se-bibk"]
    assert [e.key for e in auth.regional_agencies("SE", "10")] == ["se-bibk"]
    assert [e.key for e in auth.regional_agencies("NO", "32")] == ["no-fylkesbibliotek-akershus"]
    assert auth.regional_agencies("NO", "32", year=2021)[0].key == "no-fylkesbibliotek-viken"
    assert [e.key for e in auth.regional_agencies("NO", "55", year=2015)] == [
        "no-fylkesbibliotek-troms"]
