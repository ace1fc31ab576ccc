"""Single-valued fields: meetings (aligned one-to-one), next meeting, document metadata."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rapidfuzz import fuzz

from libgraph.evaluate.lists import count
from libgraph.evaluate.matching import greedy_match, same_entity
from libgraph.evaluate.scores import FieldScore, ListScore
from libgraph.evaluate.side import Side, items
from libgraph.evaluate.text import normalise

#: Compare two non-null values, each read through its own side.
Comparator = Callable[[Any, Any, Side, Side], bool]


def _equal(g: Any, p: Any, gold: Side, pred: Side) -> bool:
    return normalise(g) == normalise(p)


def _same_org(g: Any, p: Any, gold: Side, pred: Side) -> bool:
    return same_entity(g, gold.orgs, p, pred.orgs)


def _same_person(g: Any, p: Any, gold: Side, pred: Side) -> bool:
    return same_entity(g, gold.people, p, pred.people)


MEETING_FIELDS: dict[str, Comparator] = {
    "start_date": _equal,
    "end_date": _equal,
    "place": _equal,
    "municipality": _equal,
    "organizer": _same_org,
    "minute_taker": _same_person,
    "type": _equal,
}


def _given(value: Any) -> Any:
    """Null, empty and punctuation-only values all mean "not given"."""
    return value if normalise(value) else None


def record_field(
    score: FieldScore, g: Any, p: Any, gold: Side, pred: Side, same: Comparator, label: str
) -> None:
    """A null gold value is correct only against a null prediction, and vice versa."""
    g, p = _given(g), _given(p)
    ok = (g is None and p is None) or (g is not None and p is not None and same(g, p, gold, pred))
    score.record(g, p, ok, label)


def meeting_rank(g: dict[str, Any], p: dict[str, Any]) -> float:
    """Lower is better: same start date counts 1, the name similarity up to 1 more.

    Every pair is a candidate, so a single gold meeting is always compared with the single
    predicted one even if its name was read differently: the field errors then say what
    went wrong, instead of the whole meeting silently counting as unaligned.
    """
    gd, pd = normalise(g.get("start_date")), normalise(p.get("start_date"))
    same_date = 1.0 if gd and gd == pd else 0.0
    names = fuzz.ratio(normalise(g.get("name")), normalise(p.get("name"))) / 100
    return -(same_date + names)


def score_meetings(gold: Side, pred: Side) -> tuple[ListScore, dict[str, FieldScore]]:
    """Meetings as a list (aligned pairs, unaligned gold missed, extra predictions
    invented) and per-field accuracy over them.

    An unaligned gold meeting is compared with an all-null prediction. A predicted meeting
    that the gold does not have is penalised twice: it is a false positive in the
    ``meetings`` list, and each field it fills counts as wrong (gold says nothing there), so
    a document split into five meetings cannot score like one read right.
    """
    gm, pm = items(gold.record, "meetings"), items(pred.record, "meetings")
    matches = greedy_match(gm, pm, meeting_rank)
    listed = count(gm, pm, matches, meeting_label)
    scores = {f"meeting.{name}": FieldScore() for name in MEETING_FIELDS}
    for gi, g in enumerate(gm):
        p = pm[matches[gi]] if gi in matches else {}
        label = meeting_label(g)
        for name, same in MEETING_FIELDS.items():
            record_field(
                scores[f"meeting.{name}"], g.get(name), p.get(name), gold, pred, same, label
            )
    used = set(matches.values())
    for pi, p in enumerate(pm):
        if pi in used:
            continue
        label = f"extra meeting {meeting_label(p)}"
        for name in MEETING_FIELDS:
            if _given(p.get(name)) is not None:
                scores[f"meeting.{name}"].record(None, p.get(name), False, label)
    return listed, scores


def meeting_label(meeting: dict[str, Any]) -> str:
    """How a meeting is named in reports: its name and start date, as far as given."""
    parts = [str(meeting.get(k)) for k in ("name", "start_date") if _given(meeting.get(k))]
    return " ".join(parts) or "(unnamed meeting)"


def score_document_fields(gold: Side, pred: Side) -> dict[str, FieldScore]:
    """Next meeting date and place, and the document's language, country and kind."""
    scores: dict[str, FieldScore] = {}
    gn = gold.record.get("next_meeting") or {}
    pn = pred.record.get("next_meeting") or {}
    for name in ("date", "place"):
        score = scores[f"next_meeting.{name}"] = FieldScore()
        record_field(score, gn.get(name), pn.get(name), gold, pred, _equal, "next_meeting")
    for name in ("language", "country", "kind"):
        score = scores[f"document.{name}"] = FieldScore()
        g, p = gold.record.get(name), pred.record.get(name)
        record_field(score, g, p, gold, pred, _equal, "document")
    return scores
