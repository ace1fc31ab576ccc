"""Full-text search: the index (libgraph.fulltext) and the explorer's /search over HTTP.

The explorer fixture opens the demo build with no index in it, so the first search writes
``fulltext.sqlite`` into the build (as ``libgraph serve`` does on first start).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from libgraph import fulltext
from libgraph.cli import main
from libgraph.store import open_store

HTML = {"Accept": "text/html"}
MINUTES_NO = "no-2015-06-02-troms-biblioteksjefmote.txt"


@pytest.fixture(scope="module")
def client(explorer: Flask) -> FlaskClient:
    return explorer.test_client()


def hits(client: FlaskClient, query: str, **params: str) -> dict[str, object]:
    response = client.get("/search.json", query_string={"q": query, **params})
    assert response.status_code == 200, response.data
    return response.get_json()


def iris(data: dict[str, object]) -> list[str]:
    return [r["iri"] for r in data["results"]]


# --- folding and query parsing --------------------------------------------------------------

@pytest.mark.parametrize("spellings", [("Tromsø", "Tromso", "TROMSOE", "tromsö"),
                                       ("Århus", "Aarhus", "arhus", "AARHUS"),
                                       ("Växjö", "Vaxjo", "vaexjoe", "Væxjø"),
                                       ("Kulturrådet", "kulturradet", "KULTURRAADET")])
def test_spellings_of_one_name_fold_together(spellings: tuple[str, ...]) -> None:
    assert len({fulltext.fold(s) for s in spellings}) == 1


def test_different_words_stay_different() -> None:
    assert fulltext.fold("möte") != fulltext.fold("mette")
    assert fulltext.fold("bok") != fulltext.fold("bank")


def test_queries_never_become_fts_syntax() -> None:
    terms = fulltext.parse_query('"Hovedtema for møtets" bibliotek* NEAR(a b) OR -x 2018-05-22')
    assert [t.words for t in terms] == [("hovedtema", "for", "motets"), ("bibliotek",),
                                        ("near", "a"), ("b",), ("or",), ("x",),
                                        ("2018", "05", "22")]
    assert [t.prefix for t in terms] == [False, True, False, False, False, False, False]
    assert all(t.fts().startswith('"') for t in terms)


# --- the index on its own -------------------------------------------------------------------

def test_write_index_from_the_build_store(demo_build: tuple[Path, object],
                                          tmp_path: Path) -> None:
    """What the build's write stage calls: the index of its store, then searched."""
    store = open_store(demo_build[0])
    path = tmp_path / fulltext.INDEX_FILE
    count = fulltext.write_index(store, path, stamp="s1")
    assert count > 500 and fulltext.index_stamp(path) == "s1"
    found = fulltext.search(path, "Rystrom")
    assert found.total >= 1
    doc = next(h for h in found.hits if h.kind == "minutes")
    marks = [p["text"] for p in doc.snippet if p["mark"]]
    assert marks and all(m == "Rystrøm" for m in marks)  # the original spelling, not folded
    assert fulltext.ensure_index(store, path, stamp="s1") == path
    path.write_bytes(b"not a database")
    assert fulltext.index_stamp(path) is None
    fulltext.ensure_index(store, path, stamp="s2")  # unreadable: written again
    assert fulltext.index_stamp(path) == "s2"


# --- /search over HTTP ----------------------------------------------------------------------

def test_the_explorer_writes_the_index_into_the_build(client: FlaskClient,
                                                      demo_build: tuple[Path, object]) -> None:
    hits(client, "bibliotek")
    assert fulltext.index_stamp(demo_build[0] / fulltext.INDEX_FILE)  # stamped with graph.nt


def test_folding_finds_every_spelling(client: FlaskClient) -> None:
    found = {q: set(iris(hits(client, q))) for q in ("Tromsø", "tromso", "Tromsoe")}
    assert found["Tromsø"] and found["Tromsø"] == found["tromso"] == found["Tromsoe"]
    kinds = {r["kind"] for r in hits(client, "tromso")["results"]}
    assert {"minutes", "municipality"} <= kinds  # the words of the minutes and a place's name
    assert set(iris(hits(client, "Vaxjo"))) == set(iris(hits(client, "Växjö"))) != set()


def test_phrases_and_prefixes(client: FlaskClient) -> None:
    phrase = hits(client, '"Hovedtema for møtets"')
    assert phrase["total"] == 1 and phrase["results"][0]["kind"] == "minutes"
    assert hits(client, '"møtets for Hovedtema"')["total"] == 0  # the words, not in order
    assert hits(client, "møtets for Hovedtema")["total"] == 1   # all words, any order
    exact, prefix = hits(client, "biblioteksjef"), hits(client, "biblioteksjef*")
    assert prefix["total"] > exact["total"] >= 1


def test_snippets_mark_the_hits_and_link_to_their_place(client: FlaskClient) -> None:
    data = hits(client, "Rystrøm", kind="minutes")
    assert data["total"] == 1
    result = data["results"][0]
    marks = [p for p in result["snippet"] if p["mark"]]
    assert marks and all(fulltext.fold(m["text"]) == "rystrom" for m in marks)
    assert result["hits"] >= len(marks) and result["href"] == marks[0]["href"]
    target = urlsplit(marks[0]["href"])
    start, end = map(int, parse_qs(target.query)["hl"][0].split("-"))
    assert target.fragment == f"m-{start}-{end}"
    page = client.get(f"{target.path}?{target.query}", headers=HTML)
    tree = lxml.html.fromstring(page.get_data(as_text=True))
    assert tree.xpath(f"//*[@id='m-{start}-{end}']")  # the anchor the link scrolls to
    lit = tree.xpath("//div[@class='minutes-text']//*[self::mark or contains(@class,'hl')]")
    assert "".join(e.text_content() for e in lit) == "Rystrøm"
    html = client.get("/search?q=Rystrøm", headers=HTML).get_data(as_text=True)
    tree = lxml.html.fromstring(html)
    assert [m.text for m in tree.xpath("//p[@class='snippet']//a/mark")][:1] == ["Rystrøm"]


def test_paging_walks_every_hit_once(client: FlaskClient) -> None:
    first = hits(client, "bibliotek*")
    assert first["total"] > 2 * first["size"] and first["pages"] >= 3 and first["prev"] is None
    seen, page = [], first
    while True:
        seen += iris(page)
        if not page["next"]:
            break
        query = parse_qs(urlsplit(page["next"]).query)
        page = hits(client, query["q"][0], page=query["page"][0])
        assert page["prev"]
    assert len(seen) == len(set(seen)) == first["total"]
    beyond = hits(client, "bibliotek*", page="999")
    assert beyond["results"] == [] and beyond["total"] == first["total"]


def test_facets_count_and_narrow(client: FlaskClient) -> None:
    data = hits(client, "bibliotek*")
    facets = {f["name"]: f["values"] for f in data["facets"]}
    assert {"kind", "country", "year", "org", "type"} <= set(facets)
    for name in ("kind", "country", "year"):
        value = facets[name][0]
        narrowed = hits(client, "bibliotek*", **{name: value["value"]})
        assert narrowed["total"] == value["count"] < data["total"]
        active = [v for f in narrowed["facets"] if f["name"] == name for v in f["values"]
                  if v["active"]]
        assert [v["value"] for v in active] == [value["value"]]
    both = hits(client, "bibliotek*", kind="minutes", year="2018")
    assert both["total"] >= 1 and all(r["kind"] == "minutes" and r["date"].startswith("2018")
                                      for r in both["results"])
    assert [f["facet"] for f in both["filters"]] == ["kind", "year"]


def test_alternative_labels_show_what_matched(client: FlaskClient) -> None:
    data = hits(client, "KUR")
    hit = next(r for r in data["results"] if "kulturråd" in r["label"].lower())
    assert hit["matched"].lower() == "kur" and hit["matched_alt"]


@pytest.mark.parametrize("query", ['"', "*", "AND", "NEAR(", '"unclosed', "a OR", "^x", ":",
                                   "-", "'; DROP TABLE items; --", "é" * 300])
def test_odd_queries_answer_calmly(client: FlaskClient, query: str) -> None:
    response = client.get("/search", query_string={"q": query}, headers=HTML)
    assert response.status_code == 200
    assert client.get("/search.json", query_string={"q": query}).get_json()["error"] is None


def test_serve_get_prints_search_json(demo_build: tuple[Path, object], tmp_path: Path) -> None:
    """``libgraph serve --get`` on a copy of the build with no index: it is written, then used."""
    build = tmp_path / "build"
    shutil.copytree(demo_build[0], build, ignore=shutil.ignore_patterns(fulltext.INDEX_FILE))
    result = CliRunner().invoke(main, ["serve", "--build", str(build), "--no-warm",
                                       "--get", "/search.json?q=Rystroem"])
    assert result.exit_code == 0, result.output
    body = result.stdout[:result.stdout.rindex("}") + 1]
    assert json.loads(body)["total"] >= 1
    assert (build / fulltext.INDEX_FILE).is_file()


def test_a_word_begun_is_taken_as_a_prefix_when_nothing_matches(client: FlaskClient) -> None:
    begun = hits(client, "Rystr")  # what a reader has typed so far
    assert begun["total"] >= 1 and begun["widened"] == "Rystr*"
    assert hits(client, "Rystrøm")["widened"] is None
    assert hits(client, '"Rystr"')["total"] == 0  # a phrase is taken as written
    assert hits(client, "zzzqqq")["widened"] is None  # nothing either way: said plainly


def test_hit_types_and_countries_by_look_ups_are_what_the_queries_give() -> None:
    """On a build a hit's types and countries are read by index look-ups; on any other
    backend by three queries. Both on one graph with every case: several types, a country of
    its own, countries only through the places it is in (an IRI and a blank node), a place
    given as a literal, a repeated country, a thing with nothing."""
    import pyoxigraph as ox

    from libgraph.web.backend import LocalBackend
    from libgraph.web.data import search as search_data

    data = """
    @prefix lg: <https://w3id.org/libgraph/ontology#> . @prefix schema: <http://schema.org/> .
    @prefix ex: <https://example.org/> .
    ex:a a lg:Meeting, schema:Event ; lg:country ex:se ; schema:containedInPlace ex:p1 .
    ex:p1 lg:country ex:se, ex:no .
    ex:b schema:containedInPlace ex:p2, [ lg:country ex:dk ], "Växjö" .
    ex:p2 lg:country ex:fi .
    ex:c a schema:Place .
    ex:d schema:name "nothing to say" .
    """
    store = ox.Store()
    store.load(data.encode(), format=ox.RdfFormat.TURTLE)
    backend = LocalBackend(store, None)
    iris = [f"https://example.org/{x}" for x in "abcde"]

    class Remote:  # any backend that is not a build: the queries answer
        def select(self, query: str) -> list[dict[str, object]]:
            return backend.select(query)

    class Labeller:
        def prefetch(self, _iris: object) -> None:
            pass

    class Ctx:
        labeller = Labeller()

        def __init__(self, backend: object) -> None:
            self.backend = backend

    by_look_ups = search_data._types_and_countries(Ctx(backend), iris)  # type: ignore[arg-type]
    by_queries = search_data._types_and_countries(Ctx(Remote()), iris)  # type: ignore[arg-type]
    assert by_look_ups == by_queries
    ex = "https://example.org/"
    assert sorted(by_look_ups[ex + "b"]["countries"]) == [ex + "dk", ex + "fi"]
    assert sorted(by_look_ups[ex + "a"]["countries"]) == [ex + "no", ex + "se"]
    assert by_look_ups[ex + "d"] == {"types": [], "countries": []}


@pytest.mark.parametrize("query", ["tromso", "aarhus", '"kultur rådet"', "bibliot*", "möte"])
def test_the_word_places_of_a_text_serve_both_its_hits_and_its_snippet(query: str) -> None:
    """A hit's minutes are split into words once (``word_places``) for its hits and its
    snippet: the same spans and pieces as each finding them alone, folding included."""
    from libgraph import fulltext

    text = ("Møte i Tromsø 2018-05-22. Kulturrådet og kultur rådet i Århus (Aarhus) "
            "drøftet biblioteket, bibliotekene og et nytt møte; Tromsoe neste gang. ") * 5
    terms = fulltext.parse_query(query)
    places = fulltext.word_places(text)
    spans = fulltext.hit_spans(text, terms)
    assert spans and fulltext.hit_spans(text, terms, places) == spans
    assert all(text[s:e].strip() for s, e in spans)
    assert fulltext.snippet(text, spans, places=places) == fulltext.snippet(text, spans)
