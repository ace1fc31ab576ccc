"""The comparison as one JSON-ready dict of stable shape (documented in docs/compare.md).

Shape, in short::

    {format, version, lang, min_meetings, selection, bootstrap, columns: [{id, label, iri,
     meetings, attendees, few_meetings, warning}], groups: [{id, title, sparql: {name: query},
     metrics: [row], breakdowns: [{id, title, rows: [row]}], rankings: [{id, title,
     values: {col: [entry]}}]}], differences: [difference]}

    row   = {id, label, values: {column: cell}}
    cell  = {value, n, share, per_meeting, per_attendee, warning, ci, per_meeting_ci}
    difference = {group, metric, field, label, a, b, difference, ci, shown, reading}
    entry = {iri, label, value}

Every cell has every key (None where it does not apply), so readers never need to guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import networkx as nx

from . import breakdowns, intervals, metrics, queries
from .facts import Slice, participation
from .model import Comparison, hub_orgs, hub_staff
from .networks import sides

FORMAT = "libgraph-compare"
VERSION = 2
TOP_K = 5

Cell = dict[str, Any]
Row = dict[str, Any]
Group = dict[str, Any]

FUNDER_LABELS = {
    "national": "national", "regional": "regional", "municipal": "municipal",
    "eu": "EU / international", "private_foundation": "private foundation", "other": "other",
}


def build_report(cmp: Comparison) -> dict[str, Any]:
    """The whole comparison as a dict (see the module docstring and docs/compare.md)."""
    report = {
        "format": FORMAT,
        "version": VERSION,
        "lang": cmp.lang,
        "min_meetings": cmp.min_meetings,
        "selection": cmp.selection.describe(),
        "bootstrap": intervals.describe(cmp),
        "columns": [_column(cmp, c) for c in cmp.columns],
        "groups": [builder(cmp) for builder in GROUPS],
    }
    intervals.attach(report, cmp)
    report["differences"] = intervals.differences(report, cmp)
    report["by_year"] = breakdowns.by_year(cmp)
    report["by_region"] = breakdowns.by_region(cmp)
    report["borders"] = breakdowns.borders(cmp)
    return report


def _column(cmp: Comparison, column: str) -> dict[str, Any]:
    return {
        "id": column,
        "label": cmp.column_label(column),
        "iri": cmp.facts.country_iri.get(column),
        "meetings": cmp.meetings(column),
        "attendees": cmp.attendees(column),
        "few_meetings": cmp.few_meetings(column),
        "warning": cmp.warning(column),
    }


# --- cells and rows ----------------------------------------------------------------------------

def _number(value: Any) -> Any:
    """JSON-friendly numbers: Decimal → int or float, floats rounded to 6 places."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        return round(value, 6)
    return value


def cell(cmp: Comparison, column: str, value: Any, n: int | None, *, share: float | None = None,
         normalise: bool = False, per_attendee: bool = True) -> Cell:
    """One figure with its sample size, optional share and per-meeting/per-attendee rates
    (``normalise``; ``per_attendee=False`` where that rate is 1 by construction)."""
    attendee_rate = normalise and per_attendee
    return {
        "value": _number(value),
        "n": n,
        "share": _number(share),
        "per_meeting": _number(metrics.per(value, cmp.meetings(column))) if normalise else None,
        "per_attendee": (_number(metrics.per(value, cmp.attendees(column)))
                         if attendee_rate else None),
        "warning": cmp.warning(column),
        "ci": None,
        "per_meeting_ci": None,
    }


def row(cmp: Comparison, row_id: str, label: str,
        make: Callable[[str], Cell]) -> Row:
    """A row: one cell per column, made by ``make(column)``."""
    return {"id": row_id, "label": label, "values": {c: make(c) for c in cmp.columns}}


def count_row(cmp: Comparison, row_id: str, label: str, count: Callable[[Slice], int],
              normalise: bool = True, per_attendee: bool = True) -> Row:
    """A count per column, with n = meetings and the per-meeting/per-attendee rates."""
    return row(cmp, row_id, label, lambda c: cell(cmp, c, count(cmp.parts[c]), cmp.meetings(c),
                                                  normalise=normalise,
                                                  per_attendee=per_attendee))


def _group(group_id: str, title: str, query_names: Iterable[str], metric_rows: list[Row],
           breakdowns: list[dict[str, Any]] | None = None,
           rankings: list[dict[str, Any]] | None = None) -> Group:
    return {
        "id": group_id,
        "title": title,
        "sparql": {name: queries.full(name) for name in query_names},
        "metrics": metric_rows,
        "breakdowns": breakdowns or [],
        "rankings": rankings or [],
    }


# --- groups --------------------------------------------------------------------------------

def corpus_group(cmp: Comparison) -> Group:
    """How much material each country has: the base of every other figure."""
    def kind(k: str) -> Callable[[Slice], int]:
        return lambda p: sum(1 for o in p.outcomes if o[2] == k)

    rows = [
        count_row(cmp, "meetings", "meetings", lambda p: len(p.meetings), normalise=False),
        count_row(cmp, "attendances", "attendances (person × meeting)",
                  lambda p: len(p.attendance)),
        count_row(cmp, "attendees", "distinct attendees", lambda p: len(p.attendees),
                  per_attendee=False),
        count_row(cmp, "people", "people in the minutes", lambda p: len(p.people)),
        count_row(cmp, "organisations", "organisations", lambda p: len(p.orgs)),
        count_row(cmp, "projects", "projects", lambda p: len(p.projects)),
        count_row(cmp, "funders", "funders", lambda p: len({t.funder for t in p.funding})),
        count_row(cmp, "grants", "grants", lambda p: len(p.grants)),
        count_row(cmp, "decisions", "decisions", kind("decision")),
        count_row(cmp, "action_items", "action items", kind("action")),
    ]
    return _group("corpus", "Corpus", ["meetings", "attendance", "mentioned", "memberships",
                                       "organizers", "funding", "outcomes"], rows)


def _coverage(cmp: Comparison, column: str) -> metrics.Coverage:
    facts = cmp.facts
    orgs = {o for _, o in participation(facts, cmp.parts[column])}
    represented = {pair for o in orgs for pair in facts.areas.get(o, ())}
    return metrics.coverage(represented, facts.region_sizes)


def coverage_group(cmp: Comparison) -> Group:
    """Municipalities represented at the meetings against those of the regions involved."""
    cov = {c: _coverage(cmp, c) for c in cmp.columns}
    rows = [
        row(cmp, "municipalities_represented", "municipalities represented",
            lambda c: cell(cmp, c, cov[c].represented, cmp.meetings(c), normalise=True)),
        row(cmp, "municipalities_in_regions", "municipalities in those regions",
            lambda c: cell(cmp, c, cov[c].total, cmp.meetings(c))),
        row(cmp, "regions", "regions involved",
            lambda c: cell(cmp, c, len(cov[c].by_region), cmp.meetings(c))),
        row(cmp, "coverage", "coverage (represented / in regions)",
            lambda c: cell(cmp, c, cov[c].share, cov[c].total, share=cov[c].share)),
    ]
    regions = sorted({r for c in cmp.columns for r in cov[c].by_region}, key=cmp.label)
    region_rows = [_region_row(cmp, cov, r) for r in regions]
    return _group("coverage", "Municipal coverage",
                  ["meetings", "attendance", "memberships", "organizers", "areas",
                   "region_sizes"], rows,
                  breakdowns=[{"id": "by_region", "title": "coverage per region",
                               "rows": region_rows}])


def _region_row(cmp: Comparison, cov: dict[str, metrics.Coverage], region: str) -> Row:
    def make(c: str) -> Cell:
        represented, total = cov[c].by_region.get(region, (0, 0))
        if not total:
            return cell(cmp, c, None, None)
        return cell(cmp, c, represented, total, share=represented / total)

    return {**row(cmp, region, cmp.label(region), make), "iri": region}


def grants_group(cmp: Comparison) -> Group:
    """Grants and the amounts named in the minutes, summed per currency (never converted)."""
    rows = [
        count_row(cmp, "grants", "grants", lambda p: len(p.grants)),
        count_row(cmp, "grants_with_amount", "grants with an amount",
                  lambda p: len({t.grant for t in p.funding if t.grant and t.value is not None})),
    ]
    currencies = sorted({t.currency for p in cmp.parts.values() for t in p.funding
                         if t.currency and t.value is not None})
    return _group("grants", "Grants and amounts", ["mentioned", "funding"], rows,
                  breakdowns=[{"id": "amount_by_currency", "title": "amount by currency",
                               "rows": [_currency_row(cmp, cur) for cur in currencies]}])


def _currency_row(cmp: Comparison, currency: str) -> Row:
    def make(c: str) -> Cell:
        amounts = {t.grant: t.value for t in cmp.parts[c].funding
                   if t.grant and t.currency == currency and t.value is not None}
        return cell(cmp, c, sum(amounts.values(), Decimal(0)), len(amounts), normalise=True)

    return row(cmp, currency, currency, make)


def _network_rows(cmp: Comparison, key: str) -> tuple[list[Row], list[dict[str, Any]]]:
    graphs = {c: cmp.networks[c][key] for c in cmp.columns}
    parts = {c: metrics.communities(g) for c, g in graphs.items()}

    def net(row_id: str, label: str, fn: Callable[[nx.Graph], Any]) -> Row:
        return row(cmp, row_id, label,
                   lambda c: cell(cmp, c, fn(graphs[c]), graphs[c].number_of_nodes()))

    rows = [
        net("nodes", "nodes", nx.Graph.number_of_nodes),
        net("edges", "ties", nx.Graph.number_of_edges),
        net("density", "density", metrics.density),
        net("mean_degree", "mean degree", metrics.mean_degree),
        net("clustering", "mean clustering", metrics.clustering),
        net("components", "connected components", metrics.components),
        net("largest_component", "largest component (nodes)", metrics.largest_component),
        net("centralisation", "degree centralisation (Freeman)", metrics.freeman_centralisation),
        row(cmp, "communities", "communities (Louvain)",
            lambda c: cell(cmp, c, len(parts[c]), graphs[c].number_of_nodes())),
        row(cmp, "modularity", "modularity",
            lambda c: cell(cmp, c, metrics.modularity(graphs[c], parts[c]),
                           graphs[c].number_of_nodes())),
    ]
    rankings = [
        _ranking(cmp, "degree", "most central by degree",
                 {c: metrics.top(nx.degree_centrality(g), TOP_K) if len(g) > 1 else []
                  for c, g in graphs.items()}),
        _ranking(cmp, "betweenness", "most central by betweenness",
                 {c: metrics.top(metrics.betweenness(g), TOP_K, positive=True)
                  for c, g in graphs.items()}),
    ]
    return rows, rankings


def _ranking(cmp: Comparison, ranking_id: str, title: str,
             values: dict[str, list[tuple[str, float]]]) -> dict[str, Any]:
    return {"id": ranking_id, "title": title,
            "values": {c: [{"iri": iri, "label": cmp.label(iri), "value": _number(v)}
                           for iri, v in values[c]] for c in cmp.columns}}


def people_network_group(cmp: Comparison) -> Group:
    """Persons tied by meetings attended together."""
    rows, rankings = _network_rows(cmp, "people")
    return _group("people_network", "People network (shared meetings)", ["meetings",
                  "attendance"], rows, rankings=rankings)


def org_network_group(cmp: Comparison) -> Group:
    """Organisations tied by shared meetings and shared projects."""
    rows, rankings = _network_rows(cmp, "orgs")
    return _group("org_network", "Organisation network (shared meetings and projects)",
                  ["meetings", "attendance", "memberships", "organizers", "mentioned",
                   "project_members"], rows, rankings=rankings)


def hubs(cmp: Comparison) -> set[str]:
    """Organisations classified as regional library agency (lgv:orgtype/regional_library_agency),
    as their only type or beside another (model.hub_orgs)."""
    return hub_orgs(cmp.facts)


def hub_people(cmp: Comparison) -> set[str]:
    """Persons who are members of a regional library agency."""
    return hub_staff(cmp.facts)


def hub_group(cmp: Comparison) -> Group:
    """How much of the cooperation runs through the regional library agencies."""
    agencies, staff = hubs(cmp), hub_people(cmp)

    def on(key: str, fn: Callable[[nx.Graph, set[str]], Any], who: set[str]) -> Callable:
        return lambda c: cell(cmp, c, fn(cmp.networks[c][key], who),
                              cmp.networks[c][key].number_of_nodes())

    def present(graph: nx.Graph, who: set[str]) -> int:
        return len(who & set(graph))

    rows = [
        row(cmp, "org_hubs", "agencies in the organisation network",
            on("orgs", present, agencies)),
        row(cmp, "org_tie_share", "organisation ties at an agency",
            on("orgs", metrics.hub_tie_share, agencies)),
        row(cmp, "org_brokerage", "organisation paths through an agency",
            on("orgs", metrics.hub_brokerage, agencies)),
        row(cmp, "people_hubs", "agency staff in the people network",
            on("people", present, staff)),
        row(cmp, "people_tie_share", "people ties at agency staff",
            on("people", metrics.hub_tie_share, staff)),
        row(cmp, "people_brokerage", "people paths through agency staff",
            on("people", metrics.hub_brokerage, staff)),
    ]
    listed = {c: _agency_degrees(cmp.networks[c]["orgs"], agencies) for c in cmp.columns}
    return _group("hub_dependence", "Dependence on the regional library agency",
                  ["meetings", "attendance", "memberships", "organizers", "org_types",
                   "project_members"], rows,
                  rankings=[_ranking(cmp, "agencies",
                                     "regional library agencies by degree centrality",
                                     listed)])


def _agency_degrees(graph: nx.Graph, agencies: set[str]) -> list[tuple[str, float]]:
    """The agencies present in ``graph`` with their degree centrality, highest first."""
    scores = nx.degree_centrality(graph) if len(graph) > 1 else dict.fromkeys(graph, 0.0)
    return metrics.top({a: scores[a] for a in agencies if a in graph}, k=len(agencies))


def _two_mode_group(cmp: Comparison, key: str, group_id: str, title: str, actor: str,
                    query_names: list[str]) -> Group:
    shapes = {}
    for c in cmp.columns:
        graph = cmp.networks[c][key]
        actors, projects = sides(graph)
        shapes[c] = (metrics.two_mode(graph, actors, projects), graph.number_of_nodes())

    def field(name: str, label: str) -> Row:
        return row(cmp, name, label,
                   lambda c: cell(cmp, c, getattr(shapes[c][0], name), shapes[c][1]))

    rows = [
        field("actors", f"{actor}s"),
        field("projects", "projects"),
        field("edges", "ties"),
        field("density", "bipartite density"),
        field("projects_per_actor", f"projects per {actor}"),
        field("actors_per_project", f"{actor}s per project"),
        field("components", "connected components"),
    ]
    return _group(group_id, title, query_names, rows)


def org_project_group(cmp: Comparison) -> Group:
    """Which organisations take part in which projects."""
    return _two_mode_group(cmp, "org_project", "org_project_network",
                           "Organisation–project network", "organisation",
                           ["mentioned", "project_members"])


def funder_project_group(cmp: Comparison) -> Group:
    """Which funders fund which projects."""
    return _two_mode_group(cmp, "funder_project", "funder_project_network",
                           "Funder–project network", "funder", ["mentioned", "funding"])


def funder_mix_group(cmp: Comparison) -> Group:
    """Funding ties by the type of funder."""
    facts = cmp.facts
    mixes = {c: metrics.funder_mix(cmp.parts[c].funding, facts.org_type, facts.regional_orgs)
             for c in cmp.columns}
    rows = [row(cmp, "funding_ties", "funding ties (funder × item)",
                lambda c: cell(cmp, c, sum(mixes[c].values()), cmp.meetings(c), normalise=True))]
    return _group("funder_mix", "Funder mix", ["mentioned", "funding", "org_types",
                                               "regions_served"], rows,
                  breakdowns=[{"id": "by_funder_type", "title": "funding ties by funder type",
                               "rows": _share_rows(cmp, mixes, metrics.FUNDER_CATEGORIES,
                                                   FUNDER_LABELS.get)}])


def _share_rows(cmp: Comparison, counts: dict[str, Counter[str]], keys: Iterable[str],
                label: Callable[[str], str | None]) -> list[Row]:
    totals = {c: sum(counts[c].values()) for c in cmp.columns}
    fractions = {c: metrics.shares(counts[c]) for c in cmp.columns}

    def make(key: str) -> Callable[[str], Cell]:
        return lambda c: cell(cmp, c, counts[c].get(key, 0), totals[c],
                              share=fractions[c].get(key, 0.0) if totals[c] else None)

    return [row(cmp, key, label(key) or key, make(key)) for key in keys]


def topics_group(cmp: Comparison) -> Group:
    """What the meetings talk about: the share of topic assignments per SKOS topic."""
    profiles = {c: metrics.topic_profile(cmp.parts[c].topics) for c in cmp.columns}
    overall = profiles.get("ALL", Counter())
    topics = sorted({t for p in profiles.values() for t in p},
                    key=lambda t: (-overall.get(t, 0), cmp.label(t)))
    rows = [
        count_row(cmp, "tagged_items", "topic-tagged items",
                  lambda p: len({t.item for t in p.topics})),
        count_row(cmp, "assignments", "topic assignments",
                  lambda p: sum(metrics.topic_profile(p.topics).values())),
    ]
    topic_rows = [{**r, "iri": r["id"]} for r in _share_rows(cmp, profiles, topics, cmp.label)]
    return _group("topics", "Topic profile", ["topics"], rows,
                  breakdowns=[{"id": "by_topic", "title": "share of topic assignments",
                               "rows": topic_rows}])


GROUPS: list[Callable[[Comparison], Group]] = [
    corpus_group,
    coverage_group,
    grants_group,
    people_network_group,
    org_network_group,
    hub_group,
    org_project_group,
    funder_project_group,
    funder_mix_group,
    topics_group,
]
