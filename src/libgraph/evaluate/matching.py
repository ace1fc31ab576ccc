"""Alias tables and one-to-one matching between gold and predicted items.

Matching is one-to-one because a set comparison with many-to-one matches rewards
duplicates: an extractor that emits "Kristina Hedberg" and "Kristina" as two persons
would otherwise get two true positives for one gold person. With one-to-one matching the
second copy is a false positive, which is what it is: an unmerged duplicate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from libgraph.evaluate.text import normalise

G = TypeVar("G")
P = TypeVar("P")


def names_of(entry: dict[str, Any]) -> frozenset[str]:
    """Normalised name and aliases of a person, organization or project (empties dropped)."""
    raw = [entry.get("name"), *(entry.get("aliases") or [])]
    return frozenset(key for key in map(normalise, raw) if key)


@dataclass
class AliasIndex:
    """Every normalised name or alias of one side's entities, mapped to all names of the
    entity (or entities, if an alias is ambiguous) it belongs to.

    Each side is interpreted through its own table: the gold file says that "BiBK" is
    "Biblioteksutveckling Blekinge Kronoberg", the prediction may say so too. Two strings
    from different sides denote the same thing when their equivalence sets overlap, so it
    does not matter which side used the short form or which side listed the alias.
    """

    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    canon: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: Iterable[dict[str, Any]]) -> AliasIndex:
        index = cls()
        for entry in entries:
            keys = names_of(entry)
            canonical = normalise(entry.get("name")) or min(keys, default="")
            for key in keys:
                index.classes[key] = index.classes.get(key, frozenset()) | keys
                index.canon.setdefault(key, canonical)
        return index

    def equivalents(self, s: str | None) -> frozenset[str]:
        key = normalise(s)
        if not key:
            return frozenset()
        return self.classes.get(key, frozenset({key}))

    def canonical(self, s: str | None) -> str:
        """One representative per entity: used to deduplicate values within one side."""
        key = normalise(s)
        return self.canon.get(key, key)


def same_entity(a: str | None, index_a: AliasIndex, b: str | None, index_b: AliasIndex) -> bool:
    """Whether ``a`` (read through ``index_a``) and ``b`` (through ``index_b``) co-refer."""
    return bool(index_a.equivalents(a) & index_b.equivalents(b))


def name_rank(gold: dict[str, Any], pred: dict[str, Any]) -> int | None:
    """Preference tier for matching two named entries, lower is better, None = no match.

    0: same name; 1: the name of one is an alias of the other; 2: shared alias only.
    Exact names go first so that a predicted "Anna" does not take the gold "Anna Persson"
    (alias "Anna") away from a predicted "Anna Persson".
    """
    gname, pname = normalise(gold.get("name")), normalise(pred.get("name"))
    gkeys, pkeys = names_of(gold), names_of(pred)
    if gname and gname == pname:
        return 0
    if gname in pkeys or pname in gkeys:
        return 1
    if gkeys & pkeys:
        return 2
    return None


def greedy_match(
    gold: Sequence[G], pred: Sequence[P], rank: Callable[[G, P], float | None]
) -> dict[int, int]:
    """One-to-one matching, best-ranked pairs first (ties by document order).

    Returns gold index -> predicted index. Greedy rather than optimal assignment: lists are
    short, the rank tiers make ties rare, and the result is easy to explain in a report.
    """
    candidates: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            r = rank(g, p)
            if r is not None:
                candidates.append((r, gi, pi))
    candidates.sort()
    matches: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in candidates:
        if gi not in matches and pi not in used:
            matches[gi] = pi
            used.add(pi)
    return matches
