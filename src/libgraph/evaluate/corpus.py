"""Scoring whole records and corpora; loading gold files and pairing them with predictions."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import Any

from libgraph.evaluate.fields import score_document_fields, score_meetings
from libgraph.evaluate.lists import (
    flag,
    role_same,
    score_actions,
    score_attribute,
    score_decisions,
    score_funders,
    score_funding,
    score_named,
    score_places,
    score_project_funders,
    text_value,
)
from libgraph.evaluate.matching import greedy_match, name_rank, same_entity
from libgraph.evaluate.scores import CorpusScore, DocumentScore
from libgraph.evaluate.side import Side, items


def _as_dict(record: Any) -> dict[str, Any]:
    """Accept gold-schema dicts or objects with ``to_dict()`` (``MinutesRecord``)."""
    return record if isinstance(record, dict) else record.to_dict()


def score_document(gold: dict[str, Any], predicted: dict[str, Any]) -> DocumentScore:
    """Score one predicted record against its gold record."""
    g, p = Side.of(_as_dict(gold)), Side.of(_as_dict(predicted))
    persons = greedy_match(g.persons, p.persons, name_rank)

    def same_affiliation(a: str, b: str) -> bool:
        return same_entity(a, g.orgs, b, p.orgs)

    places, place_kinds = score_places(g, p)
    actions, action_agents = score_actions(g, p)
    meetings, meeting_fields = score_meetings(g, p)
    lists = {
        "meetings": meetings,
        "persons": score_named(g.persons, p.persons),
        "attendance": score_attribute(g, p, persons, flag("attended"), lambda a, b: True),
        "absentees": score_attribute(g, p, persons, flag("absent"), lambda a, b: True),
        "affiliations": score_attribute(g, p, persons, text_value("affiliation"), same_affiliation),
        "roles": score_attribute(g, p, persons, text_value("role"), role_same),
        "organizations": score_named(
            items(g.record, "organizations"), items(p.record, "organizations")
        ),
        "places": places,
        "projects": score_named(items(g.record, "projects"), items(p.record, "projects")),
        "funders": score_funders(g, p),
        "project_funder_pairs": score_project_funders(g, p),
        "funding": score_funding(g, p),
        "decisions": score_decisions(g, p),
        "actions": actions,
    }
    fields = {
        **meeting_fields,
        **score_document_fields(g, p),
        "place_kinds": place_kinds,
        "action_agents": action_agents,
    }
    document = str(g.record.get("document") or p.record.get("document") or "")
    return DocumentScore(document=document, lists=lists, fields=fields)


def score_corpus(pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> CorpusScore:
    """Micro-averaged score: TP/FP/FN and field counts summed over documents, so a
    document with forty persons weighs more than one with two, as it should for a
    corpus-level precision. Per-document scores are kept under ``documents``."""
    corpus = CorpusScore()
    for gold, predicted in pairs:
        corpus.add(score_document(gold, predicted))
    return corpus


def _doc_key(document: Any) -> str:
    """Documents are matched by file name, so a prediction that stores a path still pairs."""
    return PurePath(str(document)).name if document else ""


def load_gold_dir(path: str | Path) -> dict[str, dict[str, Any]]:
    """All gold files (``*.json``) in a directory, keyed by their "document" value."""
    gold: dict[str, dict[str, Any]] = {}
    for file in sorted(Path(path).glob("*.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        gold[str(data.get("document") or file.with_suffix(".txt").name)] = data
    return gold


def pair_records(
    gold: dict[str, dict[str, Any]], predicted: Iterable[Any]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(gold, predicted) per gold document, in gold order.

    A prediction without gold is ignored (nothing to score it against); a gold document
    without prediction is paired with an empty record, so everything in it is missed. If a
    document was predicted twice the first prediction counts.
    """
    by_doc: dict[str, dict[str, Any]] = {}
    for record in predicted:
        data = _as_dict(record)
        by_doc.setdefault(_doc_key(data.get("document")), data)
    return [(g, by_doc.get(_doc_key(doc)) or {"document": doc}) for doc, g in gold.items()]
