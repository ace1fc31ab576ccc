"""compare: bootstrap intervals and country differences, filters, years, regions, borders,
the network exports (read back by networkx) and the HTML report.

The bootstrap is checked on hand-made facts whose resamples can be reasoned about, and on the
demo build against the report's own figures (every meeting drawn once must give the figure)."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from libgraph.commands.compare import command
from libgraph.compare import bootstrap, build_report, compare
from libgraph.compare.exports import write_exports
from libgraph.compare.facts import Facts
from libgraph.compare.html import write_report
from libgraph.compare.selection import Selection
from libgraph.store import open_store

SETTINGS = bootstrap.Settings(resamples=300, seed=7)


# --- the engine on hand-made facts -----------------------------------------------------------

def _facts(meetings: dict[str, tuple[str, list[str]]]) -> Facts:
    """Facts with meetings → (country, attendees); each person is a member of org "o-" + name."""
    facts = Facts()
    for meeting, (country, people) in meetings.items():
        facts.meeting_country[meeting] = country
        for person in people:
            facts.attendance.add((meeting, person))
            facts.memberships[person].add(f"o-{person}")
    return facts


def _people(start: int, n: int) -> list[str]:
    return [f"p{i:03d}" for i in range(start, start + n)]


BIG_AND_SMALL = _facts({
    **{f"a{i}": ("AA", _people(10 * i, 8)) for i in range(12)},
    **{f"b{i}": ("BB", _people(500 + 10 * i, 2)) for i in range(12)},
})


def test_every_meeting_once_gives_the_figures_of_the_networks() -> None:
    engine = bootstrap.Engine(BIG_AND_SMALL, set(), set())
    point, reps = engine.draws([f"a{i}" for i in range(12)], SETTINGS, "AA")
    # 12 disjoint meetings of 8: 96 nodes, 12·C(8,2) = 336 ties
    assert point[("people_network", "nodes", "value")] == 96
    assert point[("people_network", "edges", "value")] == 336
    assert point[("people_network", "density", "value")] == pytest.approx(336 / (96 * 95 / 2))
    assert point[("corpus", "attendances", "per_meeting")] == 8
    assert len(reps[("people_network", "edges", "value")]) == SETTINGS.resamples


def test_resampled_meetings_only_repeat_or_drop_ties() -> None:
    engine = bootstrap.Engine(BIG_AND_SMALL, set(), set())
    _, reps = engine.draws([f"a{i}" for i in range(12)], SETTINGS, "AA")
    edges = reps[("people_network", "edges", "value")]
    nodes = reps[("people_network", "nodes", "value")]
    # a resample holds some of the 12 disjoint cliques of 8: ties and nodes come in blocks
    assert np.all(edges % 28 == 0) and np.all(nodes % 8 == 0)
    assert np.all(edges / 28 == nodes / 8)
    assert edges.max() <= 336 and edges.min() >= 28
    # attendances per meeting are always 8: every meeting has 8 attendees
    assert np.all(reps[("corpus", "attendances", "per_meeting")] == 8)


def test_same_seed_same_intervals_other_seed_other_draws() -> None:
    engine = bootstrap.Engine(BIG_AND_SMALL, set(), set())
    meetings = [f"a{i}" for i in range(12)]
    key = ("people_network", "edges", "value")
    first = engine.draws(meetings, SETTINGS, "AA")[1][key]
    again = engine.draws(meetings, SETTINGS, "AA")[1][key]
    other = engine.draws(meetings, bootstrap.Settings(300, seed=8), "AA")[1][key]
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_a_clear_difference_is_shown_and_a_null_one_is_not() -> None:
    engine = bootstrap.Engine(BIG_AND_SMALL, set(), set())
    subsets = {"AA": [f"a{i}" for i in range(12)], "BB": [f"b{i}" for i in range(12)],
               "A1": [f"a{i}" for i in range(6)], "A2": [f"a{i}" for i in range(6, 12)]}
    result = bootstrap.resample(engine, subsets, SETTINGS)
    key = ("people_network", "mean_degree", "value")
    value, ci = result.difference("AA", "BB", key)
    assert value == pytest.approx(7 - 1)
    assert ci is not None and ci[0] > 0 and not bootstrap.crosses_zero(ci)
    # two halves of the same kind of meetings: same mean degree in every resample
    value, ci = result.difference("A1", "A2", key)
    assert value == 0 and bootstrap.crosses_zero(ci)


def test_interval_is_the_middle_of_the_replicates_and_needs_finite_values() -> None:
    values = np.arange(1001, dtype=float)
    assert bootstrap.interval(values, 0.95) == pytest.approx((25.0, 975.0))
    assert bootstrap.interval(np.array([np.nan] * 6 + [1.0] * 4)) is None
    assert bootstrap.interval(None) is None


def test_one_meeting_has_no_interval() -> None:
    engine = bootstrap.Engine(BIG_AND_SMALL, set(), set())
    point, reps = engine.draws(["a0"], SETTINGS, "one")
    assert point[("people_network", "edges", "value")] == 28 and reps == {}


def test_hub_tie_share_counts_a_meeting_drawn_twice_twice() -> None:
    facts = _facts({"m1": ("AA", ["h", "x"]), "m2": ("AA", ["y", "z"])})
    engine = bootstrap.Engine(facts, set(), {"h"})
    job = bootstrap._Job(engine, np.array([0, 1]))
    # rows are meetings, columns resamples
    measured = job.measure(np.array([[2, 0], [1, 2]], dtype=np.float32))
    share = measured[("hub_dependence", "people_tie_share", "value")]
    # m1 twice, m2 once: hub tie weight 2 of 3; m2 twice only: no hub tie
    assert share[0] == pytest.approx(2 / 3) and share[1] == 0


# --- on the demo build -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(demo_build):
    out, _ = demo_build
    comparison = compare(open_store(out, in_memory=True), settings=SETTINGS)
    return out, comparison, build_report(comparison)


def _cell(report: dict, group: str, metric: str, column: str) -> dict:
    found = next(g for g in report["groups"] if g["id"] == group)
    return next(m for m in found["metrics"] if m["id"] == metric)["values"][column]


def test_bootstrap_figures_equal_the_report_at_every_meeting_once(demo) -> None:
    _, cmp, report = demo
    for column in cmp.columns:
        for key in bootstrap.KEYS:
            cell = _cell(report, key[0], key[1], column)
            expected = cell[key[2]]
            got = cmp.intervals.point[column][key]
            if expected is None:
                assert math.isnan(got), (column, key)
            else:
                assert got == pytest.approx(expected, abs=1e-6), (column, key)


def test_json_cells_carry_intervals_and_differences_their_reading(demo) -> None:
    _, _, report = demo
    assert report["bootstrap"]["resamples"] == SETTINGS.resamples
    se = _cell(report, "people_network", "density", "SE")
    assert se["ci"] is not None and se["ci"][0] <= se["ci"][1]
    # one Norwegian meeting: a figure, no interval
    assert _cell(report, "people_network", "density", "NO")["ci"] is None
    assert _cell(report, "corpus", "attendances", "SE")["per_meeting_ci"] is not None
    for d in report["differences"]:
        assert d["shown"] == (d["ci"] is not None and not d["ci"][0] <= 0 <= d["ci"][1])
        assert d["shown"] or d["reading"].startswith(("not shown", "no interval"))
    pairs = {(d["a"], d["b"]) for d in report["differences"]}
    assert pairs == {("SE", "NO"), ("SE", "DK"), ("NO", "DK")}


def test_per_year_rows_add_up_to_the_dated_meetings(demo) -> None:
    _, cmp, report = demo
    block = report["by_year"]
    for column in ("SE", "NO", "DK"):
        years = [r for r in block["rows"] if r["column"] == column]
        assert sum(r["meetings"] for r in years) + block["undated_meetings"][column] == \
            cmp.meetings(column)
    se_years = {r["year"]: r["meetings"] for r in block["rows"] if r["column"] == "SE"}
    assert se_years == {"2009": 1, "2018": 2}


def test_borders_find_the_eu_in_two_countries(demo) -> None:
    _, _, report = demo
    items = report["borders"]["orgs_across_borders"]["items"]
    assert any(i["label"] == "EU" and i["countries"] == ["DK", "SE"] for i in items)
    for network in ("orgs", "people"):
        for crossing in report["borders"]["ties"][network].values():
            assert 0 <= crossing["crossing_ties"] <= crossing["placed_ties"]


# --- filters -----------------------------------------------------------------------------------

def test_period_filter_keeps_the_meetings_of_2018(demo_build) -> None:
    store = open_store(demo_build[0], in_memory=True)
    cmp = compare(store, selection=Selection(start="2018-01-01", end="2018-12-31"))
    assert cmp.meetings("SE") == 2 and cmp.meetings("NO") == 0 and cmp.meetings("ALL") == 2
    assert all(cmp.facts.meeting_date[m].startswith("2018") for m in cmp.parts["ALL"].meetings)


def test_country_kind_type_and_region_filters(demo_build) -> None:
    store = open_store(demo_build[0], in_memory=True)
    only_se = compare(store, selection=Selection(countries=frozenset({"SE"})))
    assert only_se.columns == ["SE", "ALL"] and only_se.meetings("ALL") == 3
    facts = only_se.facts
    kinds = {facts.meeting_kind.get(m) for m in facts.meeting_country}
    assert "minutes" in kinds
    for kind in kinds:
        chosen = compare(store, selection=Selection(kinds=frozenset({kind})))
        assert chosen.meetings("ALL") == sum(1 for m in facts.meeting_country
                                             if facts.meeting_kind.get(m) == kind)
    some_type = facts.meeting_type[sorted(facts.meeting_type)[0]]
    typed = compare(store, selection=Selection(meeting_types=frozenset({some_type})))
    assert typed.meetings("ALL") == sum(1 for t in facts.meeting_type.values() if t == some_type)
    region = sorted(facts.meeting_region.values())[0]
    slug = region.rsplit("/", 1)[-1]
    in_region = compare(store, selection=Selection(regions=frozenset({slug})))
    assert in_region.meetings("ALL") == sum(1 for r in facts.meeting_region.values()
                                            if r == region) > 0


def test_cli_dates_and_bad_dates(demo_build) -> None:
    runner = CliRunner()
    out = str(demo_build[0])
    result = runner.invoke(command, ["--build", out, "--format", "json", "--from", "2018",
                                     "--to", "2018-06", "--resamples", "50"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["selection"]["from"] == "2018-01-01" and data["selection"]["to"] == "2018-06-30"
    assert data["columns"][-1]["meetings"] == 2
    bad = runner.invoke(command, ["--build", out, "--from", "2018-13"])
    assert bad.exit_code == 2 and "not a date" in bad.output
    backwards = runner.invoke(command, ["--build", out, "--from", "2019", "--to", "2018"])
    assert backwards.exit_code == 2 and "after" in backwards.output


# --- exports and report ------------------------------------------------------------------------

def test_gexf_and_graphml_are_read_back_with_their_attributes(demo, tmp_path: Path) -> None:
    _, cmp, _ = demo
    written = write_exports(cmp, tmp_path)
    assert {p.name for p in written} == {f"{n}-network.{e}" for n in ("people", "org")
                                         for e in ("gexf", "graphml", "csv")}
    source = cmp.networks["ALL"]["orgs"]
    for reader, ext in ((nx.read_gexf, "gexf"), (nx.read_graphml, "graphml")):
        graph = reader(tmp_path / f"org-network.{ext}")
        assert graph.number_of_nodes() == source.number_of_nodes()
        assert graph.number_of_edges() == source.number_of_edges()
        bibk = next(n for n, d in graph.nodes(data=True) if d["label"] ==
                    "Biblioteksutveckling Blekinge Kronoberg")
        attrs = graph.nodes[bibk]
        assert attrs["country"] == "SE" and attrs["type"] == "regional_library_agency"
        assert attrs["first_meeting"] == "2018-01-24" and attrs["last_meeting"] == "2018-05-22"
        for u, v, data in graph.edges(data=True):
            assert float(data["weight"]) == source[u][v]["weight"]
            assert data["cross_border"] in {"yes", "no", ""}
            assert (data["first_meeting"] or "0") <= (data["last_meeting"] or "9")
    with (tmp_path / "people-network.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == cmp.networks["ALL"]["people"].number_of_edges()
    assert all(r["first_meeting"] <= r["last_meeting"] for r in rows)


@pytest.mark.slow
def test_report_page_is_self_contained_with_plots_and_data(demo, tmp_path: Path) -> None:
    _, cmp, report = demo
    page = write_report(cmp, report, tmp_path)
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "no CDN, no remote files"
    for ref in re.findall(r"""(?:src|href)="([^"#]+)\"""", html):
        assert (tmp_path / ref).is_file(), ref
    assert (tmp_path / "plots" / "intervals.png").is_file()
    assert (tmp_path / "plots" / "intervals.svg").is_file()
    assert (tmp_path / "plots" / "by-year.svg").is_file()
    for heading in ("Method", "Differences between countries", "Per year", "Per region",
                    "Caveats", "Data files"):
        assert f"<h2>{heading}</h2>" in html
    se = _cell(report, "people_network", "density", "SE")
    assert f"[{se['ci'][0]:.3f}, {se['ci'][1]:.3f}]" in html
    assert json.loads((tmp_path / "data" / "compare.json").read_text()) == report


def test_without_resampling_years_have_figures_and_no_intervals(demo_build) -> None:
    report = build_report(compare(open_store(demo_build[0], in_memory=True)))
    assert report["bootstrap"] is None and report["differences"] == []
    rows = report["by_year"]["rows"]
    se_2018 = next(r for r in rows if (r["column"], r["year"]) == ("SE", "2018"))
    assert se_2018["figures"]["corpus.attendances.per_meeting"]["value"] > 0
    assert all(f["ci"] is None for r in rows for f in r["figures"].values())


def test_csv_and_table_carry_intervals_differences_and_years(demo) -> None:
    from libgraph.compare import format_csv, format_table

    _, _, report = demo
    rows = list(csv.DictReader(format_csv(report).splitlines()))
    density = next(r for r in rows if (r["group"], r["key"], r["column"]) ==
                   ("people_network", "density", "SE") and r["section"] == "metric")
    se = _cell(report, "people_network", "density", "SE")
    assert [float(density["ci_low"]), float(density["ci_high"])] == se["ci"]
    differences = [r for r in rows if r["section"].startswith("difference")]
    assert len(differences) == len(report["differences"])
    year = next(r for r in rows if r["group"] == "by_year" and r["column"] == "SE 2018"
                and r["key"] == "corpus.attendances.per_meeting")
    assert year["n"] == "2" and year["ci_low"] != ""
    table = format_table(report)
    assert "95% interval" in table and "== Per year" in table
    assert f"{len(report['differences'])} differences not shown" in table or \
        "not shown" in table
