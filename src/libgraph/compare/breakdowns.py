"""The headline figures per year and per region within each country, with bootstrap
intervals, and the ties and participants that cross regions and borders.

Years and regions are sets of meetings like a country's, so the bootstrap engine resamples
them the same way (each with its own random stream). A meeting without a date counts in no
year; a meeting without a region (no place or organiser with a known region) in no region;
both are counted so that the reader sees what is missing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from . import bootstrap, geography
from .facts import participation
from .model import ALL, Comparison

HEADLINE: tuple[bootstrap.Key, ...] = (
    ("corpus", "attendances", "per_meeting"),
    ("corpus", "organisations", "per_meeting"),
    ("people_network", "density", "value"),
    ("people_network", "mean_degree", "value"),
    ("org_network", "density", "value"),
    ("org_network", "mean_degree", "value"),
    ("org_network", "centralisation", "value"),
    ("hub_dependence", "org_tie_share", "value"),
    ("hub_dependence", "people_tie_share", "value"),
)
HEADLINE_LABELS = {
    HEADLINE[0]: "attendances per meeting",
    HEADLINE[1]: "organisations per meeting",
    HEADLINE[2]: "people network density",
    HEADLINE[3]: "people network mean degree",
    HEADLINE[4]: "organisation network density",
    HEADLINE[5]: "organisation network mean degree",
    HEADLINE[6]: "organisation network centralisation",
    HEADLINE[7]: "organisation ties at an agency",
    HEADLINE[8]: "people ties at agency staff",
}


def key_id(key: bootstrap.Key) -> str:
    """``group.metric.field``: how a headline figure is named in JSON and CSV."""
    return ".".join(key)


def headline() -> list[dict[str, str]]:
    """The figures given per year and per region, with their labels."""
    return [{"id": key_id(k), "label": HEADLINE_LABELS[k]} for k in HEADLINE]


def _countries(cmp: Comparison) -> list[str]:
    return [c for c in cmp.columns if c != ALL]


def _subsets(cmp: Comparison, attribute: dict[str, str]) -> dict[tuple[str, str], list[str]]:
    """(country, value of ``attribute``) → the chosen meetings with that value."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for country in _countries(cmp):
        for meeting in sorted(cmp.parts[country].meetings):
            if meeting in attribute:
                out[(country, attribute[meeting])].append(meeting)
    return dict(sorted(out.items()))


def _figures(cmp: Comparison, subsets: dict[tuple[str, str], list[str]], what: str
             ) -> list[dict[str, Any]]:
    engine = cmp.engine
    settings = cmp.intervals.settings if cmp.intervals else bootstrap.Settings(resamples=0)
    rows = []
    for (country, value), meetings in subsets.items():
        point, reps = ({}, {}) if engine is None else \
            engine.draws(meetings, settings, f"{what}:{country}:{value}")
        figures = {}
        for key in HEADLINE:
            number = point.get(key)
            ci = bootstrap.interval(reps.get(key), settings.level)
            figures[key_id(key)] = {
                "value": None if number is None or number != number else round(number, 6),
                "ci": None if ci is None else [round(ci[0], 6), round(ci[1], 6)]}
        rows.append({"column": country, what: value, "meetings": len(meetings),
                     "few_meetings": len(meetings) < cmp.min_meetings, "figures": figures})
    return rows


def by_year(cmp: Comparison) -> dict[str, Any]:
    """The headline figures per country and calendar year of the meeting date."""
    years = {m: d[:4] for m, d in cmp.facts.meeting_date.items()}
    undated = {c: sum(1 for m in cmp.parts[c].meetings if m not in years)
               for c in _countries(cmp)}
    return {"metrics": headline(), "undated_meetings": undated,
            "rows": _figures(cmp, _subsets(cmp, years), "year")}


def by_region(cmp: Comparison) -> dict[str, Any]:
    """The headline figures per country and region of the meeting (docs/compare.md, § 14)."""
    regions = cmp.facts.meeting_region
    unplaced = {c: sum(1 for m in cmp.parts[c].meetings if m not in regions)
                for c in _countries(cmp)}
    rows = _figures(cmp, _subsets(cmp, regions), "region")
    for row in rows:
        row["label"] = cmp.label(row["region"])
    return {"metrics": headline(), "meetings_without_region": unplaced, "rows": rows}


def borders(cmp: Comparison) -> dict[str, Any]:
    """Ties across regions and national borders (in the networks of all chosen meetings), and
    the persons and organisations that take part in meetings of more than one country."""
    facts, part = cmp.facts, cmp.parts[ALL]
    org_region = geography.org_regions(facts)
    person_region = geography.person_regions(facts, org_region)
    places = {"orgs": org_region, "people": person_region}
    ties = {}
    for key, region in places.items():
        graph = cmp.networks[ALL][key]
        country = geography.countries_of(region, facts)
        ties[key] = {name: _crossing(geography.crossing(graph, place))
                     for name, place in (("regions", region), ("countries", country))}
    people = geography.across_borders(geography.meeting_countries(part.attendance, facts))
    orgs = geography.across_borders(geography.meeting_countries(
        participation(facts, part) | {(m, o) for m, o in facts.mentioned.get("org", ())
                                      if m in part.meetings}, facts))
    nordic = [o for o in geography.nordic_bodies(facts, {o: cmp.label(o) for o in part.orgs})
              if o in part.orgs]
    return {
        "ties": ties,
        "people_across_borders": _listed(cmp, people),
        "orgs_across_borders": _listed(cmp, orgs),
        "nordic_bodies": {"count": len(nordic),
                          "items": [{"iri": o, "label": cmp.label(o)} for o in nordic]},
    }


def _crossing(found: geography.Crossing) -> dict[str, Any]:
    share = found.share
    return {"placed_ties": found.placed, "crossing_ties": found.crossing,
            "share": None if share is None else round(share, 6)}


def _listed(cmp: Comparison, found: dict[str, list[str]]) -> dict[str, Any]:
    return {"count": len(found),
            "items": [{"iri": iri, "label": cmp.label(iri), "countries": countries}
                      for iri, countries in found.items()]}
