"""How far extraction errors move the comparison: the same minutes compared twice, once from
the hand-made gold records and once from extraction, figure by figure.

For every resampled figure and country: the gold value, the extracted value and their
difference; for every two countries: whether the difference between them has the same sign
in both graphs, and whether the bootstrap shows it in each. The table of docs/compare.md
("Robustness to extraction errors") is :func:`markdown` of the development corpus.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from . import bootstrap
from .model import ALL

Report = dict[str, Any]


def _value(report: Report, key: bootstrap.Key, column: str) -> float | None:
    for group in report["groups"]:
        if group["id"] == key[0]:
            for metric in group["metrics"]:
                if metric["id"] == key[1]:
                    cell = metric["values"].get(column)
                    return None if cell is None else cell[key[2]]
    return None


def _keys() -> list[bootstrap.Key]:
    return [k for k in bootstrap.KEYS if not (k[0] == "corpus" and k[2] == "value")]


def _sign(value: float | None) -> int | None:
    return None if value is None else (value > 0) - (value < 0)


def _shown(report: Report, key: bootstrap.Key, a: str, b: str) -> bool | None:
    for d in report.get("differences") or []:
        if (d["group"], d["metric"], d["field"], d["a"], d["b"]) == (*key, a, b):
            return d["shown"]
    return None


def compare_reports(gold: Report, extracted: Report) -> list[dict[str, Any]]:
    """One row per figure: per country gold, extracted, difference; per pair of countries the
    sign in each graph, whether they agree, and whether each shows the difference."""
    countries = [c["id"] for c in gold["columns"] if c["id"] != ALL]
    rows = []
    for key in _keys():
        values = {}
        for c in countries:
            g, e = _value(gold, key, c), _value(extracted, key, c)
            values[c] = {"gold": g, "extracted": e,
                         "difference": None if g is None or e is None else e - g}
        pairs = {}
        for a, b in combinations(countries, 2):
            ga, gb = values[a]["gold"], values[b]["gold"]
            ea, eb = values[a]["extracted"], values[b]["extracted"]
            gs = _sign(None if ga is None or gb is None else ga - gb)
            es = _sign(None if ea is None or eb is None else ea - eb)
            pairs[f"{a}-{b}"] = {"gold_sign": gs, "extracted_sign": es,
                                 "agree": None if gs is None or es is None else gs == es,
                                 "gold_shown": _shown(gold, key, a, b),
                                 "extracted_shown": _shown(extracted, key, a, b)}
        rows.append({"key": list(key), "values": values, "pairs": pairs})
    return rows


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if float(value).is_integer() and abs(value) >= 10 else f"{value:.3g}"


def _agreement(pair: dict[str, Any]) -> str:
    if pair["agree"] is None:
        return "–"
    text = "yes" if pair["agree"] else "**no**"
    flags = "".join("g" if pair["gold_shown"] else "" for _ in [0]) + \
        ("e" if pair["extracted_shown"] else "")
    return f"{text} ({flags})" if flags else text


def markdown(rows: list[dict[str, Any]], labels: dict[str, str] | None = None) -> str:
    """The table: figure; per country gold → extracted; per pair sign agreement, with g / e
    where the gold / extracted bootstrap shows that difference."""
    if not rows:
        return ""
    countries = list(rows[0]["values"])
    pairs = list(rows[0]["pairs"])
    head = ["figure", *(f"{c} gold → extr." for c in countries),
            *(f"sign {p}" for p in pairs)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        key = ".".join(row["key"])
        name = (labels or {}).get(key, key)
        cells = [f"{_num(v['gold'])} → {_num(v['extracted'])}" for v in row["values"].values()]
        cells += [_agreement(row["pairs"][p]) for p in pairs]
        lines.append("| " + " | ".join([name, *cells]) + " |")
    return "\n".join(lines)


def summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Counts of sign comparisons: agreeing, disagreeing, and among the disagreeing, those
    that the gold bootstrap shows (a finding that extraction would turn round)."""
    pairs = [p for r in rows for p in r["pairs"].values() if p["agree"] is not None]
    return {"compared": len(pairs), "agree": sum(p["agree"] for p in pairs),
            "disagree": sum(not p["agree"] for p in pairs),
            "disagree_shown_in_gold": sum(bool(not p["agree"] and p["gold_shown"])
                                          for p in pairs)}


# --- the two graphs of a corpus ------------------------------------------------------------------

def _store(graph: Any) -> Any:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(graph.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def extracted_inputs(gold_inputs: list[Any]) -> list[Any]:
    """The same documents as the gold records, each with the record extraction makes of it
    (no curation: the question is how far extraction alone can be trusted)."""
    from ..extract import extract
    from ..records import RecordInput

    return [RecordInput(i.path, extract(i.document), i.document, i.source)
            for i in gold_inputs if i.source is not None]


def run(corpus: Any, resamples: int = bootstrap.RESAMPLES, seed: int = bootstrap.SEED
        ) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, tuple[int, int]]]:
    """Compare ``corpus/gold`` (with sources in ``corpus/docs``) against extraction of the
    same documents: the rows of :func:`compare_reports`, labels of the figures, and meetings
    per country in each graph."""
    from pathlib import Path

    from ..records import load_records, records_graph
    from .model import compare
    from .report import build_report

    corpus = Path(corpus)
    gold_inputs = [i for i in load_records(corpus / "gold", sources=[corpus / "docs"])
                   if i.source is not None]
    settings = bootstrap.Settings(resamples, seed)
    reports = []
    for inputs in (gold_inputs, extracted_inputs(gold_inputs)):
        comparison = compare(_store(records_graph(inputs)), settings=settings)
        reports.append(build_report(comparison))
    gold, extracted = reports
    labels = {}
    for group in gold["groups"]:
        for metric in group["metrics"]:
            for field in ("value", "per_meeting"):
                suffix = " per meeting" if field == "per_meeting" else ""
                labels[f"{group['id']}.{metric['id']}.{field}"] = \
                    f"{group['title'].split(' (')[0]}: {metric['label']}{suffix}"
    sizes = {c["id"]: (c["meetings"], e["meetings"])
             for c, e in zip(gold["columns"], extracted["columns"], strict=True)}
    return compare_reports(gold, extracted), labels, sizes
