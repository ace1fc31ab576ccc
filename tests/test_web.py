"""The explorer through Flask's test client: every route, every format, and hostile input."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import lxml.html
import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef

from libgraph.cli import main
from libgraph.web import create_app
from libgraph.web.views.sparql import sparql_service

ID = "https://w3id.org/libgraph/id/"
ATTENDEE = "http://schema.org/attendee"
HTML = {"Accept": "text/html"}
PICK = """
PREFIX lg: <https://w3id.org/libgraph/ontology#> PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#> PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?meeting ?minutes ?person (COUNT(DISTINCT ?a) AS ?n) (COUNT(DISTINCT ?d) AS ?made) WHERE {
  ?meeting a lg:Meeting ; lg:minutes ?minutes ; schema:attendee ?a, ?person .
  ?membership org:member ?person .
  OPTIONAL { ?d prov:wasGeneratedBy ?meeting }
} GROUP BY ?meeting ?minutes ?person ORDER BY DESC(?n) ?meeting ?person LIMIT 1"""


def _pick(build_dir: Path) -> dict[str, object]:
    """The things the tests look at, found in the build (slugs may change with extraction)."""
    from libgraph.store import open_store

    row = next(iter(open_store(build_dir, in_memory=True).query(PICK)))
    local = {k: row[k].value[len(ID):] for k in ("meeting", "minutes", "person")}
    return {**local, "attendees": int(row["n"].value), "generated": int(row["made"].value)}


@pytest.fixture(scope="session")
def known(demo_build: tuple[Path, object]) -> dict[str, object]:
    return _pick(demo_build[0])


@pytest.fixture(scope="session")
def pages(known: dict[str, object]) -> list[str]:
    return [f"/id/{known['meeting']}", f"/id/{known['person']}", f"/id/{known['minutes']}",
            f"/network?iri={quote(ID + str(known['person']))}"]


def _close(app: Flask) -> None:
    with app.app_context():
        sparql_service().close()


@pytest.fixture(scope="session")
def app(demo_build: tuple[Path, object]) -> Iterator[Flask]:
    build_dir, _report = demo_build
    app = create_app(None, {"BUILD_DIR": str(build_dir), "SPARQL_WORKERS": 1,
                            "SPARQL_TIMEOUT": 20})
    yield app
    _close(app)


@pytest.fixture(scope="session")
def strict_app(demo_build: tuple[Path, object]) -> Iterator[Flask]:
    """An app with a tiny row cap and a short time limit."""
    build_dir, _report = demo_build
    app = create_app(None, {"BUILD_DIR": str(build_dir), "SPARQL_WORKERS": 1,
                            "SPARQL_TIMEOUT": 1.0, "SPARQL_ROW_LIMIT": 5, "COMPARE_WAIT": 0})
    yield app
    _close(app)


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "json-ld": ox.RdfFormat.JSON_LD,
              "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML}


def triples(data: bytes, fmt: str) -> set[tuple[str, str, str]]:
    """The triples of an RDF document, as IRIs and lexical forms."""
    return {(t.subject.value, t.predicate.value, t.object.value)
            for t in ox.parse(data, format=OX_FORMATS[fmt])}


def html_of(response) -> lxml.html.HtmlElement:
    assert response.mimetype == "text/html", response.status
    return lxml.html.fromstring(response.get_data(as_text=True))


# --- every page, HTML and JSON -----------------------------------------------------------

PAGES = ["/", "/meetings", "/people", "/organisations", "/projects", "/search?q=kur",
         "/queries", "/compare", "/id/country/se", "/id/region/se-23", "/id/municipality/se-2380",
         "/vocab/topic/web", "/vocab/orgtype/public_library", "/network/country/se",
         "meeting", "person", "minutes", "network"]


def _path(path: str, pages: list[str]) -> str:
    """A fixed path, or one of the entity pages found in the build."""
    found = {"meeting": 0, "person": 1, "minutes": 2, "network": 3}
    return pages[found[path]] if path in found else path


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_html_and_a_json_twin(client: FlaskClient, pages: list[str],
                                             path: str) -> None:
    path = _path(path, pages)
    page = client.get(path, headers=HTML)
    assert page.status_code == 200, path
    tree = html_of(page)
    twin = tree.xpath("//link[@rel='alternate'][@type='application/json']/@href")
    assert twin, path
    assert 'rel="alternate"; type="application/json"' in page.headers["Link"]
    data = client.get(twin[0])
    assert data.status_code == 200 and data.mimetype == "application/json", twin[0]
    assert isinstance(json.loads(data.get_data(as_text=True)), dict)


@pytest.mark.parametrize("path", [*PAGES, "/sparql", "/network", "/nope"])
def test_security_headers_and_no_inline_script(client: FlaskClient, pages: list[str],
                                               path: str) -> None:
    response = client.get(_path(path, pages), headers=HTML)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    for script in html_of(response).xpath("//script"):
        kind = script.get("type", "")
        assert script.get("src") or kind in ("application/json", "application/ld+json"), path


def test_home_counts_per_country(client: FlaskClient) -> None:
    data = client.get("/index.json").get_json()
    codes = {c["code"]: c["counts"] for c in data["countries"]}
    assert set(codes) >= {"SE", "NO", "DK"}
    assert codes["SE"]["meetings"] == 3 and data["triples"] > 10_000
    assert data["latest"][0]["date"] >= data["latest"][-1]["date"]
    tree = html_of(client.get("/", headers=HTML))
    assert tree.xpath("//form[@action='/search']//input[@name='q']")


# --- entity pages -------------------------------------------------------------------------

def test_meeting_page_sections_statements_and_evidence(client: FlaskClient,
                                                       known: dict[str, object]) -> None:
    data = client.get(f"/id/{known['meeting']}.json").get_json()
    assert data["kind"] == "meeting" and data["label"]
    sections = {s["id"]: s for s in data["sections"]}
    assert {"facts", "attendees"} <= set(sections)
    assert sections["attendees"]["total"] == known["attendees"]
    attendees = next(g for g in data["outgoing"] if g["property"]["iri"] == ATTENDEE)
    assert all(v["evidence"] for v in attendees["values"])  # every attendance has its words
    ref = attendees["values"][0]["evidence"][0]
    assert ref["href"].startswith(f"/id/{known['minutes']}?hl=") and "#m-" in ref["href"]
    incoming = {g["property"]["curie"]: g for g in data["incoming"]}
    if known["generated"]:
        assert incoming["prov:wasGeneratedBy"]["count"] == known["generated"]


def test_person_page_has_meetings_affiliations_and_incoming_summary(
        client: FlaskClient, known: dict[str, object]) -> None:
    data = client.get(f"/id/{known['person']}.json").get_json()
    sections = {s["id"]: s for s in data["sections"]}
    assert sections["meetings"]["total"] >= 1 and sections["affiliations"]["total"] >= 1
    summaries = [g["summary"] for g in data["incoming"]]
    assert any(re.match(r"\d+ meetings? ha(s|ve) this as ", s) for s in summaries), summaries
    assert data["evidence"] and all(e["quote"] for e in data["evidence"])


def test_a_page_for_every_kind_of_thing(client: FlaskClient, app: Flask) -> None:
    from libgraph.web.state import Explorer

    state: Explorer = app.extensions["libgraph"]
    rows = state.backend.select(f"""SELECT ?kind (SAMPLE(?s) AS ?one) WHERE {{
      ?s ?p ?o . FILTER(STRSTARTS(STR(?s), "{ID}"))
      BIND(STRBEFORE(STRAFTER(STR(?s), "{ID}"), "/") AS ?kind) }} GROUP BY ?kind""")
    kinds = {r["kind"].value: r["one"].value for r in rows}
    assert {"meeting", "person", "org", "project", "grant", "decision", "action", "membership",
            "mention", "minutes", "municipality", "region", "country", "place"} <= set(kinds)
    for kind, iri in kinds.items():
        page = client.get("/id/" + iri[len(ID):], headers=HTML)
        assert page.status_code == 200, kind
        assert html_of(page).xpath("//h1/text()"), kind


def test_labels_follow_the_language_choice(app: Flask) -> None:
    client = app.test_client()  # its own cookies: the choice is remembered

    def label(lang: str | None) -> str:
        query = f"?lang={lang}" if lang else ""
        return client.get(f"/vocab/topic/web.json{query}").get_json()["label"]
    assert label(None) == "Webb"
    assert label("xx") == "Webb"  # unknown language, nothing chosen yet: the default
    assert label("en") == "Web and websites" and label("nb") == "Nettsider"
    assert label("nn") == "Nettstader" and label("da") == "Hjemmesider"
    assert label(None) == "Hjemmesider"  # the last choice holds (cookie) until changed
    assert label("xx") == "Hjemmesider"
    page = client.get("/vocab/topic/web?lang=en", headers=HTML).get_data(as_text=True)
    assert "?lang=en" in page  # links keep an explicit choice


def test_the_language_choice_holds_on_every_page(app: Flask, pages: list[str]) -> None:
    """Chosen once (``?lang=en``), then every page, list and search shows English labels,
    with the switch marking English; the cache keeps one copy per language."""
    client = app.test_client()
    first = client.get("/?lang=en", headers=HTML)
    assert "lang=en" in first.headers["Set-Cookie"] and "Cookie" in first.headers["Vary"]
    for path in ("/", pages[0], "/meetings", "/search?q=web", "/vocab/topic/web", "/queries"):
        page = client.get(path, headers=HTML)
        assert page.status_code == 200 and "Set-Cookie" not in page.headers, path
        current = html_of(page).xpath("//nav[@class='langs']/a[@aria-current='true']/text()")
        assert current == ["en"], path
    assert client.get("/vocab/topic/web.json").get_json()["label"] == "Web and websites"
    assert client.get("/meetings.json?topic=web").get_json()["facets"] is not None
    fresh = app.test_client()
    assert fresh.get("/vocab/topic/web.json").get_json()["label"] == "Webb"  # not the cache's
    again = fresh.get("/?lang=en", headers=HTML)  # from the cache, the cookie still comes
    assert again.headers["X-Cache"] == "hit" and "lang=en" in again.headers["Set-Cookie"]
    assert fresh.get("/vocab/topic/web.json").get_json()["label"] == "Web and websites"
    client.get("/?lang=nb")
    assert client.get("/vocab/topic/web.json").get_json()["label"] == "Nettsider"
    switch = html_of(client.get("/meetings?country=se&x=1", headers=HTML)).xpath(
        "//nav[@class='langs']/a[@hreflang='da']/@href")
    assert switch == ["/meetings?country=se&lang=da"]  # the page and what it reads are kept


def test_minutes_page_highlights_every_mention_safely(client: FlaskClient,
                                                     known: dict[str, object]) -> None:
    data = client.get(f"/id/{known['minutes']}.json").get_json()
    text_section = next(s for s in data["sections"] if s["id"] == "text")
    pieces = text_section["segments"]
    original = "".join(p["text"] for p in pieces)
    linked = [p for p in pieces if "href" in p]
    assert len(original) > 1000 and len(linked) >= 20
    first = next(p for p in pieces if p.get("anchors"))["anchors"][0]
    hl = first[2:]
    tree = html_of(client.get(f"/id/{known['minutes']}?hl={hl}", headers=HTML))
    shown = tree.xpath("//div[@class='minutes-text']")[0].text_content()
    assert shown == original  # markup added, not a character lost or gained
    assert tree.xpath(f"//span[@id='{first}']")
    assert tree.xpath("//a[contains(@class,'mention') and contains(@class,'hl')]")


@pytest.mark.parametrize(("accept", "mime", "fmt"), [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_linked_data_by_accept(client: FlaskClient, known: dict[str, object], accept: str,
                               mime: str, fmt: str) -> None:
    response = client.get(f"/id/{known['meeting']}", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == mime
    assert "Accept" in response.headers["Vary"]
    triple = (ID + str(known["meeting"]), ATTENDEE, ID + str(known["person"]))
    assert triple in triples(response.data, fmt)


def test_linked_data_overrides_and_406(client: FlaskClient, known: dict[str, object]) -> None:
    meeting = known["meeting"]
    assert client.get(f"/id/{meeting}.ttl").mimetype == "text/turtle"
    assert client.get(f"/id/{meeting}?format=jsonld").mimetype == "application/ld+json"
    assert client.get(f"/id/{meeting}", headers={"Accept": "text/html"}).mimetype == "text/html"
    assert client.get(f"/id/{meeting}", headers={"Accept": "*/*"}).mimetype == "text/html"
    refused = client.get(f"/id/{meeting}", headers={"Accept": "image/png"})
    assert refused.status_code == 406
    body = refused.get_data(as_text=True)
    for mime in ("text/html", "text/turtle", "application/ld+json", "application/n-triples",
                 "application/rdf+xml"):
        assert mime in body
    assert client.get(f"/id/{meeting}?format=pdf").status_code == 406
    assert client.get("/id/meeting/no-such-meeting", headers=HTML).status_code == 404
    assert client.get("/id/meeting/no-such-meeting.ttl").status_code == 404


def test_html_embeds_the_json_ld(client: FlaskClient, known: dict[str, object]) -> None:
    tree = html_of(client.get(f"/id/{known['meeting']}", headers=HTML))
    block = tree.xpath("//script[@type='application/ld+json']")[0].text
    triple = (ID + str(known["meeting"]), ATTENDEE, ID + str(known["person"]))
    assert triple in triples(block.encode(), "json-ld")


def test_any_iri_through_resource(client: FlaskClient, known: dict[str, object]) -> None:
    person = known["person"]
    term = "https://w3id.org/libgraph/ontology#Meeting"
    page = client.get(f"/resource?iri={quote(term)}", headers=HTML)
    assert page.status_code == 200 and "Möte" in page.get_data(as_text=True)
    assert client.get(f"/resource?iri={quote(term)}&format=ttl").mimetype == "text/turtle"
    local = client.get(f"/resource?iri={quote(ID + str(person))}")
    assert local.status_code == 303 and local.headers["Location"].endswith(f"/id/{person}")
    assert client.get("/resource").status_code == 400
    assert client.get("/resource?iri=http://example.org/unknown").status_code == 404


# --- lists --------------------------------------------------------------------------------

def test_list_facets_filters_and_downloads(client: FlaskClient) -> None:
    everything = client.get("/organisations.json").get_json()
    swedish = client.get("/organisations.json?country=se").get_json()
    assert 0 < swedish["total"] < everything["total"]
    country = next(f for f in everything["facets"] if f["name"] == "country")
    se = next(v for v in country["values"] if v["value"] == "se")
    assert se["count"] == swedish["total"] and se["href"] == "/organisations?country=se"
    active = next(f for f in swedish["facets"] if f["name"] == "country")
    assert next(v for v in active["values"] if v["value"] == "se")["href"] == "/organisations"
    rows = list(csv.reader(io.StringIO(client.get("/organisations.csv?country=se")
                                       .get_data(as_text=True))))
    assert rows[0][:2] == ["iri", "label"] and len(rows) - 1 == swedish["total"]
    full = client.get("/organisations.json?country=se&all=1").get_json()
    assert len(full["rows"]) == swedish["total"]


@pytest.mark.parametrize("path", ["/meetings?year=2018", "/meetings?type=steering_group",
                                  "/meetings?topic=web", "/people?country=se&year=2009",
                                  "/people?role=library_director", "/projects?country=se",
                                  "/organisations?type=public_library&topic=web"])
def test_each_facet_narrows_the_list(client: FlaskClient, path: str) -> None:
    base = path.split("?")[0]
    total = client.get(base + ".json").get_json()["total"]
    narrowed = client.get(path.replace("?", ".json?")).get_json()
    assert narrowed["filters"] and narrowed["total"] <= total, path


def test_list_paging_and_bad_values(client: FlaskClient) -> None:
    data = client.get("/people.json?page=999").get_json()
    assert data["page"] == data["pages"]
    assert client.get("/people.json?page=-1").get_json()["page"] == 1
    junk = client.get('/meetings.json?country="><script>alert(1)</script>&year=20x9').get_json()
    assert junk["filters"] == []  # values that are not slugs or years are ignored


# --- search -------------------------------------------------------------------------------

def test_search_finds_alternative_labels(client: FlaskClient) -> None:
    data = client.get("/search.json?q=KUR").get_json()
    hit = next(r for r in data["results"] if "kulturråd" in r["label"].lower())
    assert hit["matched"].lower() == "kur" and hit["matched_alt"]
    assert any(t["label"] for t in hit["types"]) and hit["countries"]
    page = client.get("/search?q=KUR", headers=HTML).get_data(as_text=True)
    assert "→" in page
    assert client.get("/search.json?q=kulturradet").get_json()["total"] >= 1  # no diacritics
    assert client.get("/search.json?q=ring&kind=person").get_json()["results"][0]["kind"] \
        == "person"


# --- SPARQL -------------------------------------------------------------------------------

SELECT = "SELECT ?m WHERE { ?m a lg:Meeting } ORDER BY ?m"


def test_sparql_get_post_and_result_formats(client: FlaskClient) -> None:
    got = client.get("/sparql", query_string={"query": SELECT})
    assert got.mimetype == "application/sparql-results+json"
    assert len(got.get_json()["results"]["bindings"]) == 5
    form = client.post("/sparql", data={"query": SELECT},
                       headers={"Accept": "application/sparql-results+xml"})
    assert form.mimetype == "application/sparql-results+xml" and b"<result>" in form.data
    direct = client.post("/sparql", data=SELECT.encode(),
                         headers={"Content-Type": "application/sparql-query",
                                  "Accept": "text/csv"})
    assert direct.mimetype == "text/csv" and direct.get_data(as_text=True).count("\r\n") == 6
    tsv = client.get("/sparql", query_string={"query": SELECT},
                     headers={"Accept": "text/tab-separated-values"})
    assert tsv.get_data(as_text=True).startswith("?m\n<https://")
    ask = client.get("/sparql", query_string={"query": "ASK { ?s a lg:Meeting }"})
    assert ask.get_json()["boolean"] is True
    assert client.get("/sparql", query_string={"query": SELECT},
                      headers={"Accept": "image/png"}).status_code == 406


def test_sparql_orders_group_concat_items_as_libgraph_query_does(client: FlaskClient) -> None:
    # VALUES order is the order Oxigraph concatenates in: not sorted, one item empty
    query = ('SELECT ?k (GROUP_CONCAT(?x; separator="; ") AS ?all) (COUNT(?x) AS ?n) '
             'WHERE { VALUES (?k ?x) { (1 "pear") (1 "apple") (1 "") (1 "fig") } } GROUP BY ?k')
    for fresh in ({}, {"Cache-Control": "no-cache"}):
        row = client.get("/sparql", query_string={"query": query},
                         headers=fresh).get_json()["results"]["bindings"][0]
        assert row["all"]["value"] == "apple; fig; pear" and row["n"]["value"] == "4"


def test_sparql_worker_keeps_the_checks_of_accepted_queries() -> None:
    from libgraph.web.sparql import worker
    from libgraph.web.sparql.guard import Refused

    text = "SELECT ?s WHERE { ?s ?p 'kept-check' }"
    first = worker.check(text, {})
    assert worker.check(text, {}) is first and first.form == "SELECT"
    with pytest.raises(Refused):
        worker.check("SELECT * WHERE { SERVICE <http://x.invalid/> { ?s ?p ?o } }", {})
    assert all("SERVICE" not in key[0] for key in worker._checked)


def test_sparql_construct_as_turtle_and_json_ld(client: FlaskClient,
                                                known: dict[str, object]) -> None:
    meeting, person = known["meeting"], known["person"]
    query = f"CONSTRUCT {{ <{ID}{meeting}> ?p ?o }} WHERE {{ <{ID}{meeting}> ?p ?o }}"
    ttl = client.get("/sparql", query_string={"query": query})
    assert ttl.mimetype == "text/turtle"
    assert len(Graph().parse(data=ttl.get_data(as_text=True), format="turtle")) > 20
    jsonld = client.get("/sparql", query_string={"query": f"DESCRIBE <{ID}{person}>"},
                        headers={"Accept": "application/ld+json"})
    assert jsonld.mimetype == "application/ld+json"
    assert len(triples(jsonld.data, "json-ld")) > 3


def test_sparql_service_description_and_editor(client: FlaskClient) -> None:
    described = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert described.mimetype == "text/turtle"
    graph = Graph().parse(data=described.get_data(as_text=True), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    tree = html_of(client.get("/sparql?name=meetings", headers=HTML))
    config = json.loads(tree.xpath("//script[@id='editor-config']")[0].text)
    assert config["endpoint"] == "/sparql" and config["name"] == "meetings"
    assert set(config["prefixes"]) >= {"lg", "schema", "id"}
    assert any(q["name"] == "meetings" for q in config["named"])
    assert "lg:Meeting" in tree.xpath("//textarea[@name='query']")[0].text
    for src in tree.xpath("//script/@src") + tree.xpath("//link[@rel='stylesheet']/@href"):
        assert client.get(src).status_code == 200, src  # vendored, never a CDN
        assert src.startswith("/static/")


def test_sparql_plain_form_renders_a_table(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": SELECT, "format": "html"}, headers=HTML)
    tree = html_of(response)
    links = tree.xpath("//table[@class='results']//a/@href")
    assert len(links) == 5 and all(h.startswith("/id/meeting/") for h in links)


@pytest.mark.parametrize(("data", "status"), [
    ({"update": "INSERT DATA { <a:b> <a:b> <a:b> }"}, 403),
    ({"query": "INSERT DATA { <a:b> <a:b> <a:b> }"}, 403),
    ({"query": "DROP ALL"}, 403),
    ({"query": "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}, 403),
    ({"query": "SELECT * { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, 403),
    ({"query": "SELECT * WHERE { ?s ?p }"}, 400),
    ({"query": ""}, 400),
])
def test_sparql_refuses_updates_service_and_bad_queries(client: FlaskClient, data: dict[str, str],
                                                        status: int) -> None:
    assert client.post("/sparql", data=data).status_code == status
    update = client.post("/sparql", data=b"CLEAR ALL",
                         headers={"Content-Type": "application/sparql-update"})
    assert update.status_code == 403


def test_sparql_row_cap_and_time_limit(strict_app: Flask) -> None:
    client = strict_app.test_client()
    capped = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"})
    assert len(capped.get_json()["results"]["bindings"]) == 5
    assert capped.headers["X-SPARQL-Truncated"].startswith("true")
    page = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }",
                                               "format": "html"})
    assert "cut at 5 rows" in page.get_data(as_text=True)
    slow = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    stopped = client.get("/sparql", query_string={"query": slow})
    assert stopped.status_code == 504 and b"longer than" in stopped.data
    again = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert again.get_json()["boolean"] is True  # a fresh worker took over


def test_named_queries_page(client: FlaskClient) -> None:
    data = client.get("/queries.json").get_json()
    names = {q["name"] for q in data["queries"]}
    assert {"meetings", "attendance"} <= names
    attendance = next(q for q in data["queries"] if q["name"] == "attendance")
    assert "$meeting" not in attendance["query"] and "UNDEF" in attendance["query"]


# --- network and comparison -------------------------------------------------------------------

def test_network_around_an_entity(client: FlaskClient, known: dict[str, object]) -> None:
    iri = quote(ID + str(known["person"]))
    data = client.get(f"/network.json?iri={iri}").get_json()
    ids = {n["id"] for n in data["nodes"]}
    assert ID + str(known["person"]) in ids and 1 < len(ids) <= 300
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    graphml = client.get(f"/network.graphml?iri={iri}")
    graph = nx.read_graphml(io.BytesIO(graphml.data))
    assert graph.number_of_nodes() == len(ids)
    table = html_of(client.get(f"/network?iri={iri}&view=table", headers=HTML))
    assert len(table.xpath("(//table)[1]/tbody/tr")) == len(ids)
    assert client.get("/network?iri=http://example.org/nothing").status_code == 404
    assert client.get("/network/country/xx").status_code == 404


def test_country_network_is_capped(client: FlaskClient) -> None:
    data = client.get("/network/country/se.json").get_json()
    kinds = set(data["kinds"])
    assert {"meeting", "person", "org"} <= kinds and len(data["nodes"]) <= 300


def test_comparison_side_by_side(client: FlaskClient) -> None:
    report = client.get("/compare.json").get_json()
    assert [c["id"] for c in report["columns"]][:3] == ["SE", "NO", "DK"]
    tree = html_of(client.get("/compare", headers=HTML))
    assert tree.xpath("//a[starts-with(@href, '/sparql?query=')]")  # show the SPARQL
    assert client.get("/compare.csv").mimetype == "text/csv"


def test_a_slow_comparison_says_it_is_being_computed(strict_app: Flask) -> None:
    client = strict_app.test_client()
    first = client.get("/compare", headers=HTML)
    if first.status_code == 503:  # computing in the background
        assert first.headers["Retry-After"] and b"being computed" in first.data
    deadline = time.monotonic() + 60
    while client.get("/compare.json").status_code != 200:
        assert time.monotonic() < deadline
        time.sleep(0.2)


# --- hostile input --------------------------------------------------------------------------

HOSTILE = ['<script>alert(1)</script>', '"><script>alert(1)</script>', "javascript:alert(1)",
           "x" * 5000, "\u202e\u0000<img src=x onerror=alert(1)>"]


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_is_always_escaped(client: FlaskClient, text: str) -> None:
    for path in ("/search", "/meetings", "/sparql", "/network", "/resource"):
        key = "iri" if path in ("/network", "/resource") else "q"
        response = client.get(path, query_string={key: text, "query": text, "name": text,
                                                   "lang": text, "country": text},
                              headers=HTML)
        assert response.status_code < 500, path
        body = response.get_data(as_text=True)
        assert "<script>alert(1)" not in body and "<img src=x" not in body, path
        assert 'href="javascript:' not in body, path


def test_a_javascript_iri_is_never_a_link(client: FlaskClient) -> None:
    query = 'SELECT ?x WHERE { BIND(<javascript:alert(1)> AS ?x) }'
    page = client.post("/sparql", data={"query": query, "format": "html"}, headers=HTML)
    assert b'href="javascript:' not in page.data
    assert b"/resource?iri=javascript%3Aalert%281%29" in page.data


def test_no_path_traversal_and_a_size_limit(client: FlaskClient, app: Flask) -> None:
    for path in ("/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
                 "/static/..%2f..%2fetc/passwd", "/id/../../etc/passwd"):
        response = client.get(path)
        assert response.status_code in (404, 400), path
        assert b"root:" not in response.data
    assert not app.debug
    big = client.post("/sparql", data={"query": "#" * (2 << 20)})
    assert big.status_code == 413


# --- the command ---------------------------------------------------------------------------

def test_serve_get_prints_one_page(demo_build: tuple[Path, object]) -> None:
    build_dir, _report = demo_build
    runner = CliRunner()
    ok = runner.invoke(main, ["serve", "--build", str(build_dir), "--get", "/meetings.json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["total"] == 5
    missing = runner.invoke(main, ["serve", "--build", str(build_dir), "--get", "/nope"])
    assert missing.exit_code == 1
    nobuild = runner.invoke(main, ["serve", "--build", str(build_dir / "nothing"),
                                   "--get", "/"])
    assert nobuild.exit_code == 2
