"""Per-list scorers: entities, person attributes, funding and free-text lists."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from libgraph.evaluate.matching import greedy_match, name_rank, same_entity
from libgraph.evaluate.scores import FieldScore, ListScore
from libgraph.evaluate.side import Side, items, texts
from libgraph.evaluate.text import contains_words, jaccard, normalise

T = TypeVar("T")

#: Minimum Jaccard similarity of content words for two decisions (or action texts) to
#: match. Gold decisions are short quotes or paraphrases, so exact matching is hopeless;
#: half the distinct words in common keeps "Nästa möte 15 mars i Växjö" apart from other
#: sentences that merely mention a meeting.
TEXT_THRESHOLD = 0.5


def count(
    gold: Sequence[T], pred: Sequence[T], matches: dict[int, int], show: Callable[[T], str]
) -> ListScore:
    """TP = matched pairs; unmatched gold items are missed, unmatched predictions spurious."""
    score = ListScore(tp=len(matches))
    for gi, g in enumerate(gold):
        if gi not in matches:
            score.add_missed(show(g))
    used = set(matches.values())
    for pi, p in enumerate(pred):
        if pi not in used:
            score.add_spurious(show(p))
    return score


def _name(entry: dict[str, Any]) -> str:
    return str(entry.get("name") or "")


def score_named(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> ListScore:
    """Persons, organizations, projects: found if a name or alias matches (one-to-one)."""
    return count(gold, pred, greedy_match(gold, pred, name_rank), _name)


def score_attribute(
    gold: Side,
    pred: Side,
    matches: dict[int, int],
    value: Callable[[dict[str, Any]], Any],
    same: Callable[[Any, Any], bool],
) -> ListScore:
    """(person, value) pairs over matched persons, e.g. attendance, affiliation, role.

    A pair is found when the gold person is matched to a predicted person whose value
    agrees. A wrong value is both missed and spurious, as in any set-of-pairs comparison.
    """
    score = ListScore()
    found: set[int] = set()
    for gi, g in enumerate(gold.persons):
        gval = value(g)
        if gval is None:
            continue
        pi = matches.get(gi)
        pval = value(pred.persons[pi]) if pi is not None else None
        if pval is not None and same(gval, pval):
            score.tp += 1
            found.add(pi)  # type: ignore[arg-type]
        else:
            score.add_missed(_pair(g, gval))
    for pi, p in enumerate(pred.persons):
        pval = value(p)
        if pval is not None and pi not in found:
            score.add_spurious(_pair(p, pval))
    return score


def _pair(person: dict[str, Any], val: Any) -> str:
    return _name(person) if val is True else f"{_name(person)}: {val}"


def flag(key: str) -> Callable[[dict[str, Any]], bool | None]:
    """Value getter for a boolean attribute: True, or None when false (not a pair)."""
    return lambda person: True if person.get(key) else None


def text_value(key: str) -> Callable[[dict[str, Any]], str | None]:
    return lambda person: person.get(key) if normalise(person.get(key)) else None


def role_same(a: str, b: str) -> bool:
    """Roles are free text ("konsulent" vs "konsulent fra I Pluss"): equal after
    normalisation, or one contains the other as whole words."""
    return normalise(a) == normalise(b) or contains_words(a, b)


def score_places(gold: Side, pred: Side) -> tuple[ListScore, FieldScore]:
    """Places by normalised name; kind agreement over matched places as a field score.

    Kind and country are not part of the match: "Växjö" as a city instead of a municipality
    is still the right place, and the kind error shows up in ``place_kinds``.
    """
    gp, pp = items(gold.record, "places"), items(pred.record, "places")

    def rank(g: dict[str, Any], p: dict[str, Any]) -> int | None:
        key = normalise(g.get("name"))
        return 0 if key and key == normalise(p.get("name")) else None

    matches = greedy_match(gp, pp, rank)
    kinds = FieldScore()
    for gi, pi in matches.items():
        gk, pk = gp[gi].get("kind"), pp[pi].get("kind")
        kinds.record(gk, pk, normalise(gk) == normalise(pk), _name(gp[gi]))
    return count(gp, pp, matches, _name), kinds


def _dedupe(values: list[T], key: Callable[[T], Hashable]) -> list[T]:
    """Keep the first value per key: derived lists are sets (one funder named in both
    ``projects[].funders`` and ``funding[]`` is one funder)."""
    seen: dict[Hashable, T] = {}
    for v in values:
        seen.setdefault(key(v), v)
    return list(seen.values())


def funder_names(side: Side) -> list[str]:
    names = [str(f) for p in items(side.record, "projects") for f in p.get("funders") or []]
    names += [str(f["funder"]) for f in items(side.record, "funding") if f.get("funder")]
    return _dedupe([n for n in names if normalise(n)], side.orgs.canonical)


def score_funders(gold: Side, pred: Side) -> ListScore:
    gf, pf = funder_names(gold), funder_names(pred)
    matches = greedy_match(
        gf, pf, lambda g, p: 0 if same_entity(g, gold.orgs, p, pred.orgs) else None
    )
    return count(gf, pf, matches, str)


def project_funder_pairs(side: Side) -> list[tuple[str, str]]:
    """(project, funder) from project funders and from funding whose recipient is a
    project of this side (by name or alias)."""
    pairs = [
        (str(p.get("name")), str(f))
        for p in items(side.record, "projects")
        for f in p.get("funders") or []
    ]
    for f in items(side.record, "funding"):
        if f.get("funder") and normalise(f.get("recipient")) in side.projects.classes:
            pairs.append((str(f["recipient"]), str(f["funder"])))
    pairs = [(p, f) for p, f in pairs if normalise(p) and normalise(f)]
    return _dedupe(pairs, lambda pf: (side.projects.canonical(pf[0]), side.orgs.canonical(pf[1])))


def score_project_funders(gold: Side, pred: Side) -> ListScore:
    gp, pp = project_funder_pairs(gold), project_funder_pairs(pred)

    def rank(g: tuple[str, str], p: tuple[str, str]) -> int | None:
        project = same_entity(g[0], gold.projects, p[0], pred.projects)
        funder = same_entity(g[1], gold.orgs, p[1], pred.orgs)
        return 0 if project and funder else None

    return count(gp, pp, greedy_match(gp, pp, rank), lambda pf: f"{pf[0]} <- {pf[1]}")


def _amount(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def funding_triples(side: Side) -> list[tuple[str | None, float, str | None]]:
    """(funder, amount, currency) for funding entries that give an amount."""
    triples = [
        (f.get("funder"), amount, f.get("currency"))
        for f in items(side.record, "funding")
        if (amount := _amount(f.get("amount"))) is not None
    ]
    return _dedupe(triples, lambda t: (side.orgs.canonical(t[0]), t[1], normalise(t[2])))


def score_funding(gold: Side, pred: Side) -> ListScore:
    gt, pt = funding_triples(gold), funding_triples(pred)

    def rank(g: tuple[Any, float, Any], p: tuple[Any, float, Any]) -> int | None:
        both_null = not normalise(g[0]) and not normalise(p[0])
        funder = both_null or same_entity(g[0], gold.orgs, p[0], pred.orgs)
        same = funder and abs(g[1] - p[1]) < 0.5 and normalise(g[2]) == normalise(p[2])
        return 0 if same else None

    return count(gt, pt, greedy_match(gt, pt, rank), lambda t: f"{t[0]}, {t[1]:g} {t[2]}")


def text_rank(g: str | None, p: str | None) -> float | None:
    """Best-similarity-first rank for free-text items, None below the threshold."""
    sim = jaccard(g, p)
    return -sim if sim >= TEXT_THRESHOLD else None


def score_decisions(gold: Side, pred: Side) -> ListScore:
    gd, pd = texts(gold.record, "decisions"), texts(pred.record, "decisions")
    return count(gd, pd, greedy_match(gd, pd, text_rank), str)


def score_actions(gold: Side, pred: Side) -> tuple[ListScore, FieldScore]:
    """Actions matched on "what"; ``action_agents`` checks "who" on the matched ones, so an
    action with the right task but the wrong agent costs agent accuracy, not recall."""
    ga, pa = items(gold.record, "actions"), items(pred.record, "actions")
    matches = greedy_match(ga, pa, lambda g, p: text_rank(g.get("what"), p.get("what")))
    agents = FieldScore()
    for gi, pi in matches.items():
        gw, pw = ga[gi].get("who"), pa[pi].get("who")
        if not normalise(gw) or not normalise(pw):
            ok = not normalise(gw) and not normalise(pw)
        else:
            ok = same_entity(gw, gold.agents, pw, pred.agents)
        agents.record(gw if normalise(gw) else None, pw, ok, str(ga[gi].get("what")))
    return count(ga, pa, matches, lambda a: f"{a.get('who')}: {a.get('what')}"), agents
