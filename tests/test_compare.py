"""compare: every measure on hand-made graphs whose values are worked out by hand, the SPARQL
on a tiny RDF graph, and the demo corpus against its gold files."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from itertools import permutations
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from libgraph.commands.compare import command
from libgraph.compare import build_report, compare, format_csv, format_table
from libgraph.compare import metrics as m
from libgraph.compare.facts import FundingTie, TopicTag
from libgraph.compare.networks import bipartite_network, org_network, people_network, sides
from libgraph.compare.plots import write_plots
from libgraph.ns import ID, PREFIXES, VOCAB, sparql_prologue
from libgraph.store import open_store

from conftest import GOLD

# --- network measures on constructed graphs --------------------------------------------------


def test_density_mean_degree_and_undefined_cases() -> None:
    assert m.density(nx.path_graph(3)) == pytest.approx(2 / 3)
    assert m.density(nx.complete_graph(4)) == 1.0
    assert m.density(nx.empty_graph(1)) is None
    assert m.mean_degree(nx.star_graph(4)) == pytest.approx(8 / 5)
    assert m.mean_degree(nx.Graph()) is None


def test_freeman_centralisation_star_is_1_complete_is_0_path_is_a_third() -> None:
    assert m.freeman_centralisation(nx.star_graph(5)) == pytest.approx(1.0)
    assert m.freeman_centralisation(nx.complete_graph(5)) == pytest.approx(0.0)
    # P4 degrees 1,2,2,1: (1+0+0+1) / (3·2)
    assert m.freeman_centralisation(nx.path_graph(4)) == pytest.approx(1 / 3)
    assert m.freeman_centralisation(nx.path_graph(2)) is None


def test_clustering_triangle_star_and_components() -> None:
    assert m.clustering(nx.complete_graph(3)) == pytest.approx(1.0)
    assert m.clustering(nx.star_graph(3)) == 0.0
    two = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3))
    assert m.components(two) == 2 and m.largest_component(two) == 3
    assert m.components(nx.Graph()) == 0


def test_modularity_of_two_disjoint_triangles_is_one_half() -> None:
    two = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3))
    found = m.communities(two)
    assert sorted(map(sorted, found)) == [[0, 1, 2], [3, 4, 5]]
    # each community: 3 of 6 edges, degree sum 6 of 12 → 2 · (1/2 − (1/2)²)
    assert m.modularity(two, found) == pytest.approx(0.5)
    assert m.modularity(nx.empty_graph(3), [{0}, {1}, {2}]) is None


def test_top_ranking_breaks_ties_by_iri() -> None:
    assert m.top({"b": 1.0, "a": 1.0, "c": 2.0, "d": 0.0}, 3) == [("c", 2.0), ("a", 1.0),
                                                                  ("b", 1.0)]
    assert m.top({"a": 0.0}, positive=True) == []


def test_hub_tie_share_is_the_weight_on_ties_at_a_hub() -> None:
    graph = nx.Graph()
    graph.add_edge("hub", "a", weight=2)
    graph.add_edge("hub", "b", weight=1)
    graph.add_edge("a", "b", weight=1)
    assert m.hub_tie_share(graph, {"hub"}) == pytest.approx(3 / 4)
    assert m.hub_tie_share(nx.empty_graph(2), {"hub"}) is None


def test_hub_brokerage_is_the_share_of_paths_through_a_hub() -> None:
    star = nx.star_graph(3)  # centre 0: every pair of leaves goes through it
    assert m.hub_brokerage(star, {0}) == pytest.approx(1.0)
    star.add_node(9)  # 6 pairs of other nodes, 3 of them through the hub
    assert m.hub_brokerage(star, {0}) == pytest.approx(0.5)
    assert m.hub_brokerage(nx.complete_graph(4), {0}) == pytest.approx(0.0)
    square = nx.cycle_graph(4)  # 0 and 2 are joined by two paths, one through hub 1
    assert m.hub_brokerage(square, {1}) == pytest.approx((2 * 0.5) / (3 * 2))
    assert m.hub_brokerage(star, {"absent"}) is None


def _enumerated_brokerage(graph: nx.Graph, hubs: set) -> float:
    others = [n for n in graph if n not in hubs]
    total = 0.0
    for s, t in permutations(others, 2):
        if nx.has_path(graph, s, t):
            paths = list(nx.all_shortest_paths(graph, s, t))
            total += sum(any(x in hubs for x in p[1:-1]) for p in paths) / len(paths)
    return total / (len(others) * (len(others) - 1))


@pytest.mark.parametrize("seed", range(8))
def test_hub_brokerage_agrees_with_enumerated_shortest_paths(seed: int) -> None:
    graph = nx.gnp_random_graph(11, 0.3, seed=seed)
    hubs = {0, 5, 7}
    assert m.hub_brokerage(graph, hubs) == pytest.approx(_enumerated_brokerage(graph, hubs))


def test_big_graphs_use_a_sample_of_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = nx.complete_graph(40)
    assert m.pivot_count(graph) is None
    monkeypatch.setattr(m, "WORK_BUDGET", 1000)
    assert m.pivot_count(graph) == m.MIN_PIVOTS
    assert m.hub_brokerage(graph, {0}) == pytest.approx(0.0)
    assert set(m.betweenness(graph)) == set(graph)


@pytest.mark.parametrize("seed", range(4))
def test_betweenness_equals_networkx_exact_and_sampled(seed: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    graph = nx.gnp_random_graph(50, 0.08, seed=seed)
    graph.add_node("alone")
    ours = m.betweenness(graph)
    theirs = nx.betweenness_centrality(graph, normalized=True)
    assert all(ours[v] == pytest.approx(theirs[v], abs=1e-12) for v in graph)
    monkeypatch.setattr(m, "WORK_BUDGET", 100)  # sampled: the same sources as networkx's
    k = m.pivot_count(graph)
    assert k is not None
    theirs = nx.betweenness_centrality(graph, k=k, normalized=True, seed=m.SEED)
    ours = m.betweenness(graph)
    assert all(ours[v] == pytest.approx(theirs[v], abs=1e-12) for v in graph)


def test_coverage_counts_the_regions_of_the_represented_municipalities() -> None:
    sizes = {"R1": 4, "R2": 2, "R3": 10}
    cov = m.coverage({("m1", "R1"), ("m2", "R1"), ("m5", "R2")}, sizes)
    assert (cov.represented, cov.total, cov.share) == (3, 6, 0.5)
    assert cov.by_region == {"R1": (2, 4), "R2": (1, 2)}
    assert m.coverage(set(), sizes).share is None


def test_funder_categories_and_mix() -> None:
    vocab = "https://w3id.org/libgraph/vocab/orgtype/"
    assert m.funder_category(vocab + "national_agency") == "national"
    assert m.funder_category(vocab + "regional_library_agency") == "regional"
    assert m.funder_category(vocab + "municipality_body") == "municipal"
    assert m.funder_category(vocab + "municipality_body", serves_region=True) == "regional"
    assert m.funder_category(vocab + "international") == "eu"
    assert m.funder_category(vocab + "foundation") == "private_foundation"
    assert m.funder_category(vocab + "company") == "other"
    assert m.funder_category(None) == "other"
    ties = [FundingTie("kur", "p1"), FundingTie("kur", "p1", "g1"), FundingTie("fond", "p2")]
    types = {"kur": vocab + "national_agency", "fond": vocab + "foundation"}
    assert m.funder_mix(ties, types) == {"national": 1, "private_foundation": 1}


def test_topic_profile_counts_each_item_and_topic_once() -> None:
    tags = [TopicTag("m", "m", "agenda", "t1"), TopicTag("m", "m", "agenda", "t2"),
            TopicTag("m", "d", "decision", "t1"), TopicTag("m", "d", "decision", "t1")]
    profile = m.topic_profile(tags)
    assert profile == {"t1": 2, "t2": 1}
    assert m.shares(profile) == pytest.approx({"t1": 2 / 3, "t2": 1 / 3})
    assert m.shares({}) == {}


def test_people_network_weights_shared_meetings_and_keeps_lone_attendees() -> None:
    graph = people_network({("m1", "a"), ("m1", "b"), ("m1", "c"), ("m2", "a"), ("m2", "b"),
                            ("m3", "d")})
    assert graph["a"]["b"]["weight"] == 2 and graph["a"]["c"]["weight"] == 1
    assert "d" in graph and graph.degree("d") == 0


def test_org_network_adds_shared_meetings_and_projects() -> None:
    graph = org_network({("m1", "x"), ("m1", "y"), ("m2", "x"), ("m2", "y")},
                        {("p", "x"), ("p", "y"), ("p", "z")})
    assert graph["x"]["y"] == {"meetings": 2, "projects": 1, "weight": 3}
    assert graph["x"]["z"] == {"meetings": 0, "projects": 1, "weight": 1}


def test_two_mode_network_sides_and_density() -> None:
    graph = bipartite_network({("o1", "p1"), ("o2", "p1"), ("o2", "p2")})
    actors, projects = sides(graph)
    assert actors == {"o1", "o2"} and projects == {"p1", "p2"}
    shape = m.two_mode(graph, actors, projects)
    assert (shape.edges, shape.density, shape.projects_per_actor) == (3, 0.75, 1.5)


# --- the whole pipeline on a tiny RDF graph --------------------------------------------------

TINY = """
ex:country/se a schema:Country ; dcterms:identifier "SE" ; rdfs:label "Sweden"@en, "Sverige"@sv .
ex:country/no a schema:Country ; dcterms:identifier "NO" ; rdfs:label "Norway"@en .
ex:country/dk a schema:Country ; dcterms:identifier "DK" ; rdfs:label "Denmark"@en .
ex:region/r1 a lg:Region ; rdfs:label "Region One" .
ex:region/r2 a lg:Region ; rdfs:label "Region Two" .
ex:municipality/m1 a lg:Municipality ; schema:containedInPlace ex:region/r1 .
ex:municipality/m2 a lg:Municipality ; schema:containedInPlace ex:region/r1 .
ex:municipality/m3 a lg:Municipality ; schema:containedInPlace ex:region/r1 .
ex:municipality/m4 a lg:Municipality ; schema:containedInPlace ex:region/r1 .
ex:municipality/m5 a lg:Municipality ; schema:containedInPlace ex:region/r2 .
ex:municipality/m6 a lg:Municipality ; schema:containedInPlace ex:region/r2 .
lgv:orgtype/regional_library_agency skos:inScheme lgv:orgtype .
lgv:orgtype/public_library skos:inScheme lgv:orgtype .
lgv:orgtype/national_agency skos:inScheme lgv:orgtype .
lgv:orgtype/foundation skos:inScheme lgv:orgtype .
lgv:orgtype/municipality_body skos:inScheme lgv:orgtype .
lgv:orgtype/international skos:inScheme lgv:orgtype .
lgv:topic/t1 skos:inScheme lgv:topic ; skos:prefLabel "Läsning"@sv, "Reading"@en .
lgv:topic/t2 skos:inScheme lgv:topic ; skos:prefLabel "Webb"@sv, "Web"@en .
ex:org/agency a org:Organization ; org:classification lgv:orgtype/regional_library_agency .
ex:org/lib1 a org:Organization ; org:classification lgv:orgtype/public_library ;
    schema:areaServed ex:municipality/m1 ; prov:wasDerivedFrom ex:minutes/d1 .
ex:org/lib2 a org:Organization ; org:classification lgv:orgtype/public_library ;
    schema:areaServed ex:municipality/m2 .
ex:org/lib5 a org:Organization ; org:classification lgv:orgtype/public_library ;
    schema:areaServed ex:municipality/m5 .
ex:org/kur a org:Organization ; org:classification lgv:orgtype/national_agency .
ex:org/fond a org:Organization ; org:classification lgv:orgtype/foundation .
ex:org/region a org:Organization ; org:classification lgv:orgtype/municipality_body ;
    schema:areaServed ex:region/r1 .
ex:org/eu a org:Organization ; org:classification lgv:orgtype/international .
ex:person/pa a foaf:Person ; org:memberOf ex:org/agency .
ex:person/p1 a foaf:Person ; org:memberOf ex:org/lib1 .
ex:person/p2 a foaf:Person ; org:memberOf ex:org/lib2 .
ex:person/p5 a foaf:Person ; org:memberOf ex:org/lib5 .
ex:person/q a foaf:Person .
ex:person/r a foaf:Person ; prov:wasDerivedFrom ex:minutes/d2 .
ex:meeting/m1 a lg:Meeting ; lg:country ex:country/se ; lg:minutes ex:minutes/d1 ;
    schema:organizer ex:org/agency ; schema:attendee ex:person/pa, ex:person/p1, ex:person/p2 ;
    dcterms:subject lgv:topic/t1, lgv:topic/t2 .
ex:meeting/m2 a lg:Meeting ; lg:country ex:country/se ; lg:minutes ex:minutes/d2 ;
    schema:attendee ex:person/pa, ex:person/p5 ; dcterms:subject lgv:topic/t2 .
ex:meeting/m3 a lg:Meeting ; lg:country ex:country/no ; lg:minutes ex:minutes/d3 ;
    schema:attendee ex:person/q .
ex:decision/d a lg:Decision ; prov:wasGeneratedBy ex:meeting/m1 ; dcterms:subject lgv:topic/t1 .
ex:project/p a schema:Project ; schema:member ex:org/lib1, ex:org/lib2 ;
    schema:funder ex:org/kur ; prov:wasDerivedFrom ex:minutes/d1 .
ex:grant/g a schema:MonetaryGrant ; schema:funder ex:org/fond ; schema:fundedItem ex:project/p ;
    schema:amount ex:grant/g-amount ; prov:wasDerivedFrom ex:minutes/d1 .
ex:grant/g-amount schema:value 1000.0 ; schema:currency "SEK" .
ex:grant/g2 a schema:MonetaryGrant ; schema:funder ex:org/region ; schema:fundedItem ex:org/lib5 ;
    schema:amount ex:grant/g2-amount ; prov:wasDerivedFrom ex:minutes/d2 .
ex:grant/g2-amount schema:value 500.0 ; schema:currency "SEK" .
ex:grant/g3 a schema:MonetaryGrant ; schema:funder ex:org/eu ; schema:fundedItem ex:project/p ;
    prov:wasDerivedFrom ex:minutes/d2 .
"""


def _turtle(text: str) -> str:
    """TINY as Turtle: the project prefixes, and ``ex:a/b``/``lgv:a/b`` (a slash is not
    allowed in a prefixed name) written out as full IRIs."""
    bases = {"ex": str(ID), "lgv": str(VOCAB)}
    text = re.sub(r"\b(ex|lgv):([\w/-]+)", lambda h: f"<{bases[h[1]]}{h[2]}>", text)
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + text


@pytest.fixture(scope="module")
def tiny() -> dict:
    store = ox.Store()
    store.load(_turtle(TINY).encode(), format=ox.RdfFormat.TURTLE)
    return build_report(compare(store, lang="sv"))


def _metric(report: dict, group: str, metric: str) -> dict:
    found = next(g for g in report["groups"] if g["id"] == group)
    return next(r for r in found["metrics"] if r["id"] == metric)["values"]


def _breakdown(report: dict, group: str, breakdown: str) -> dict:
    found = next(g for g in report["groups"] if g["id"] == group)
    rows = next(b for b in found["breakdowns"] if b["id"] == breakdown)["rows"]
    return {r["id"]: r["values"] for r in rows}


def _values(report: dict, group: str, metric: str, column: str = "SE") -> object:
    return _metric(report, group, metric)[column]["value"]


def test_tiny_graph_counts_per_country(tiny: dict) -> None:
    assert [c["id"] for c in tiny["columns"]] == ["SE", "NO", "DK", "ALL"]
    assert [c["label"] for c in tiny["columns"]][:2] == ["Sverige", "Norway"]
    expected = {"meetings": 2, "attendances": 5, "attendees": 4, "people": 5,
                "organisations": 4, "projects": 1, "grants": 3, "funders": 4, "decisions": 1}
    for metric, value in expected.items():
        assert _values(tiny, "corpus", metric) == value, metric
    people = _metric(tiny, "corpus", "people")["SE"]
    assert (people["n"], people["per_meeting"], people["per_attendee"]) == (2, 2.5, 1.25)
    assert _values(tiny, "corpus", "meetings", "NO") == 1
    assert _values(tiny, "corpus", "meetings", "DK") == 0


def test_tiny_graph_people_network(tiny: dict) -> None:
    # M1: pa, p1, p2 (a triangle); M2: pa, p5. Degrees 3, 2, 2, 1.
    assert _values(tiny, "people_network", "edges") == 4
    assert _values(tiny, "people_network", "density") == pytest.approx(4 / 6)
    assert _values(tiny, "people_network", "mean_degree") == 2
    assert _values(tiny, "people_network", "clustering") == pytest.approx(7 / 12)
    assert _values(tiny, "people_network", "centralisation") == pytest.approx(4 / 6)
    assert _values(tiny, "people_network", "density", "NO") is None
    assert _values(tiny, "people_network", "components", "ALL") == 2  # q is alone in Norway


def test_tiny_graph_hub_dependence(tiny: dict) -> None:
    # organisations: agency–lib1, agency–lib2, agency–lib5 (1 each), lib1–lib2 (meeting+project)
    assert _values(tiny, "hub_dependence", "org_tie_share") == pytest.approx(3 / 5)
    assert _values(tiny, "hub_dependence", "org_brokerage") == pytest.approx(2 / 3)
    assert _values(tiny, "hub_dependence", "people_tie_share") == pytest.approx(3 / 4)
    assert _values(tiny, "hub_dependence", "people_brokerage") == pytest.approx(2 / 3)


def test_tiny_graph_coverage(tiny: dict) -> None:
    assert _values(tiny, "coverage", "municipalities_represented") == 3
    assert _values(tiny, "coverage", "municipalities_in_regions") == 6
    assert _values(tiny, "coverage", "coverage") == 0.5
    regions = _breakdown(tiny, "coverage", "by_region")
    r1 = regions["https://w3id.org/libgraph/id/region/r1"]["SE"]
    assert (r1["value"], r1["n"], r1["share"]) == (2, 4, 0.5)
    assert _values(tiny, "coverage", "coverage", "NO") is None


def test_tiny_graph_funding_and_topics(tiny: dict) -> None:
    mix = _breakdown(tiny, "funder_mix", "by_funder_type")
    assert {k: v["SE"]["value"] for k, v in mix.items() if v["SE"]["value"]} == {
        "national": 1, "regional": 1, "eu": 1, "private_foundation": 1}
    assert mix["national"]["SE"]["share"] == 0.25
    sek = _breakdown(tiny, "grants", "amount_by_currency")["SEK"]["SE"]
    assert (sek["value"], sek["n"]) == (1500, 2)
    assert _values(tiny, "funder_project_network", "actors") == 3
    assert _values(tiny, "org_project_network", "density") == 1.0
    topics = _breakdown(tiny, "topics", "by_topic")
    t1 = topics["https://w3id.org/libgraph/vocab/topic/t1"]
    assert (t1["SE"]["value"], t1["SE"]["share"], t1["SE"]["n"]) == (2, 0.5, 4)
    labels = {r["id"]: r["label"] for g in tiny["groups"] if g["id"] == "topics"
              for b in g["breakdowns"] for r in b["rows"]}
    assert labels["https://w3id.org/libgraph/vocab/topic/t1"] == "Läsning"


def test_few_meetings_are_flagged_in_every_cell(tiny: dict) -> None:
    se = _metric(tiny, "corpus", "people")["SE"]
    assert se["warning"] and "2 meetings" in se["warning"]
    assert _metric(tiny, "corpus", "people")["ALL"]["warning"] == "only 3 meetings (< 5): " \
        "describes these meetings, not the country"
    assert "!" in format_table(tiny)


# --- the demo corpus -------------------------------------------------------------------------


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in text if not unicodedata.combining(c)).strip()


def _gold_per_country() -> dict[str, dict[str, set | int]]:
    per: dict[str, dict] = defaultdict(lambda: {"meetings": 0, "persons": set(),
                                                "attended": set()})
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        country = per[gold["country"]]
        country["meetings"] += len(gold["meetings"])
        country["persons"] |= {_norm(p["name"]) for p in gold["persons"]}
        country["attended"] |= {_norm(p["name"]) for p in gold["persons"] if p["attended"]}
    return per


@pytest.fixture(scope="module")
def demo(demo_build) -> tuple[Path, object, dict]:
    out, _ = demo_build
    comparison = compare(open_store(out, in_memory=True), lang="en")
    return out, comparison, build_report(comparison)


def test_demo_meetings_and_persons_per_country_follow_the_gold(demo) -> None:
    _, _, report = demo
    gold = _gold_per_country()
    assert {c: gold[c]["meetings"] for c in ("SE", "NO", "DK")} == {"SE": 3, "NO": 1, "DK": 1}
    for country in ("SE", "NO", "DK"):
        assert _values(report, "corpus", "meetings", country) == gold[country]["meetings"]
        assert _values(report, "corpus", "people", country) == len(gold[country]["persons"])
    # attendance is extracted exactly for Sweden and Denmark (Norway's summary lists one
    # of its two participants in prose the extractor does not read as attendance)
    for country in ("SE", "DK"):
        assert _values(report, "corpus", "attendees", country) == len(gold[country]["attended"])


def test_demo_counts_equal_the_build_content(demo) -> None:
    out, _, report = demo
    store = open_store(out)
    query = sparql_prologue() + """
        SELECT ?code (COUNT(DISTINCT ?o) AS ?orgs) (COUNT(DISTINCT ?p) AS ?people) WHERE {
          ?meeting lg:country/dcterms:identifier ?code ; lg:minutes ?doc .
          { ?x oa:hasBody ?o ; oa:hasTarget/oa:hasSource ?doc . ?o a org:Organization }
          UNION { ?o prov:wasDerivedFrom ?doc . ?o a org:Organization }
          UNION { ?meeting schema:organizer ?o }
          UNION { ?meeting schema:attendee/org:memberOf ?o }
          UNION { ?x oa:hasBody ?p ; oa:hasTarget/oa:hasSource ?doc . ?p a foaf:Person }
          UNION { ?p prov:wasDerivedFrom ?doc . ?p a foaf:Person }
        } GROUP BY ?code"""
    for row in store.query(query):
        code = row["code"].value
        assert _values(report, "corpus", "organisations", code) == int(row["orgs"].value)
        assert _values(report, "corpus", "people", code) == int(row["people"].value)
    meetings = {c: _values(report, "corpus", "meetings", c) for c in ("SE", "NO", "DK")}
    assert _values(report, "corpus", "meetings", "ALL") == sum(meetings.values())


def test_demo_report_has_the_documented_shape(demo) -> None:
    _, _, report = demo
    assert set(report) == {"format", "version", "lang", "min_meetings", "selection",
                           "bootstrap", "columns", "groups", "differences", "by_year",
                           "by_region", "borders"}
    assert (report["format"], report["version"]) == ("libgraph-compare", 2)
    assert set(report["columns"][0]) == {"id", "label", "iri", "meetings", "attendees",
                                         "few_meetings", "warning"}
    assert [g["id"] for g in report["groups"]] == [
        "corpus", "coverage", "grants", "people_network", "org_network", "hub_dependence",
        "org_project_network", "funder_project_network", "funder_mix", "topics"]
    cell_keys = {"value", "n", "share", "per_meeting", "per_attendee", "warning", "ci",
                 "per_meeting_ci"}
    for group in report["groups"]:
        assert set(group) == {"id", "title", "sparql", "metrics", "breakdowns", "rankings"}
        assert group["sparql"] and all("SELECT" in q for q in group["sparql"].values())
        rows = group["metrics"] + [r for b in group["breakdowns"] for r in b["rows"]]
        for row in rows:
            assert set(row["values"]) == {"SE", "NO", "DK", "ALL"}
            assert all(set(cell) == cell_keys for cell in row["values"].values())
        for ranking in group["rankings"]:
            for entries in ranking["values"].values():
                assert all(set(e) == {"iri", "label", "value"} for e in entries)
    json.dumps(report)  # serialisable as it is


def test_demo_sparql_of_a_group_runs_on_the_store(demo) -> None:
    out, _, report = demo
    store = open_store(out)
    corpus = next(g for g in report["groups"] if g["id"] == "corpus")
    rows = list(store.query(corpus["sparql"]["meetings"]))
    assert len(rows) == _values(report, "corpus", "meetings", "ALL")


def test_cli_json_csv_and_table(demo) -> None:
    out, _, report = demo
    runner = CliRunner()
    result = runner.invoke(command, ["--build", str(out), "--format", "json", "--lang", "sv",
                                     "--resamples", "0"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["lang"] == "sv" and data["columns"][0]["label"] == "Sverige"
    result = runner.invoke(command, ["--build", str(out), "--format", "csv", "--resamples", "0"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("group,section,key,label,iri,column,value")
    assert result.output == format_csv(report)
    result = runner.invoke(command, ["--build", str(out), "--resamples", "0"])
    assert result.exit_code == 0, result.output
    assert "Sample:" in result.output and "Topic profile" in result.output
    assert result.output.strip() == format_table(report)


@pytest.mark.slow
def test_plots_are_written_as_svg_and_png(demo, tmp_path: Path) -> None:
    _, comparison, _ = demo
    written = write_plots(comparison, tmp_path, dpi=40)  # low dpi: the test is about files
    names = {p.name for p in written}
    for stem in ("network-se", "network-no", "network-dk", "degree-distribution",
                 "topic-profile", "funder-mix"):
        assert {f"{stem}.svg", f"{stem}.png"} <= names
        assert (tmp_path / f"{stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (tmp_path / f"{stem}.png").stat().st_size > 2_000
        assert "<svg" in (tmp_path / f"{stem}.svg").read_text(encoding="utf-8")[:1000]


def test_cli_without_a_build_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["--build", str(tmp_path / "none")])
    assert result.exit_code == 1 and "no store" in result.output


def test_docs_show_every_query_group_and_metric(tiny: dict) -> None:
    from libgraph.compare import queries

    text = (GOLD.parents[1] / "docs" / "compare.md").read_text(encoding="utf-8")
    for name, query in queries.ALL.items():
        assert query in text, f"docs/compare.md lacks the current text of query {name!r}"
    for group in tiny["groups"]:
        assert f"`{group['id']}`" in text, group["id"]
        for metric in group["metrics"]:
            assert f"`{metric['id']}`" in text, metric["id"]
