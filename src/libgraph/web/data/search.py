"""Search over labels and alternative labels, built once per app as an in-memory index.

A scan of a few hundred thousand lower-cased strings takes milliseconds and needs no
full-text engine; it also works the same on a remote endpoint. Hits on an alternative label
are shown as ``KUR → Kulturrådet`` with the thing's type and country.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from ..backend import Backend
from ..labelling import LABEL_PROPERTIES
from ..rdfterms import iri_kind, values_clause
from ..state import Ctx

ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
MAX_QUERY = 200
MAX_HITS = 50
SKIP_KINDS = {"mention", "membership"}


@dataclass(frozen=True)
class Entry:
    """One label of one thing."""

    key: str
    plain: str
    text: str
    iri: str
    alt: bool


def fold(text: str) -> str:
    """Lower case without diacritics, so ``kulturradet`` finds ``Kulturrådet``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class SearchIndex:
    """The entries, plus their keys joined into two long strings (case-folded, and without
    diacritics) so that ``str.find`` — a C loop — finds the candidates of a query; only those
    are ranked in Python. A million-triple graph has ~100,000 labels."""

    entries: list[Entry]
    keys: str
    plains: str
    starts: list[int]
    plain_starts: list[int]

    @classmethod
    def of(cls, entries: list[Entry]) -> SearchIndex:
        keys, starts = _joined([e.key for e in entries])
        plains, plain_starts = _joined([e.plain for e in entries])
        return cls(entries, keys, plains, starts, plain_starts)

    def candidates(self, needle: str, plain: str) -> list[Entry]:
        """Entries whose key contains ``needle`` or whose plain form contains ``plain``."""
        found: set[int] = set()
        for blob, starts, want in ((self.keys, self.starts, needle),
                                   (self.plains, self.plain_starts, plain)):
            pos = blob.find(want)
            while pos != -1:
                found.add(bisect_right(starts, pos) - 1)
                pos = blob.find(want, pos + 1)
        return [self.entries[i] for i in sorted(found)]


def _joined(keys: list[str]) -> tuple[str, list[int]]:
    starts, offset = [], 0
    for key in keys:
        starts.append(offset)
        offset += len(key) + 1
    return "\n".join(keys) + "\n", starts


def build_index(backend: Backend, base: str) -> SearchIndex:
    """Every label and alternative label of every thing except evidence records."""
    props = " ".join(f"<{p}>" for p in (*LABEL_PROPERTIES, ALT))
    rows = backend.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {props} }} ?s ?p ?o "
                          "FILTER(isIRI(?s) && isLiteral(?o)) }")
    seen = set()
    entries = []
    for r in rows:
        iri, text = r["s"].value, r["o"].value
        if iri_kind(iri, base) in SKIP_KINDS or (iri, text) in seen:
            continue
        seen.add((iri, text))
        key = " ".join(text.casefold().split())
        entries.append(Entry(key, fold(key), text, iri, r["p"].value == ALT))
    return SearchIndex.of(entries)


def _rank(entry: Entry, needle: str, plain: str) -> int | None:
    for hay, want in ((entry.key, needle), (entry.plain, plain)):
        if hay == want:
            return 0
        if hay.startswith(want):
            return 1
        if f" {want}" in f" {hay}":
            return 2
    return 3 if needle in entry.key or plain in entry.plain else None


def search(index: SearchIndex, query: str) -> list[tuple[Entry, int]]:
    """The best hit per thing, best first."""
    needle = " ".join(query.casefold().split())[:MAX_QUERY]
    if not needle:
        return []
    plain = fold(needle)
    best: dict[str, tuple[int, int, int, Entry]] = {}
    for entry in index.candidates(needle, plain):
        rank = _rank(entry, needle, plain)
        if rank is None:
            continue
        score = (rank, int(entry.alt), len(entry.text), entry)
        if entry.iri not in best or score[:3] < best[entry.iri][:3]:
            best[entry.iri] = score
    ordered = sorted(best.values(), key=lambda s: (s[0], s[1], s[2], s[3].text))
    return [(s[3], s[0]) for s in ordered]


def search_page(ctx: Ctx, index: SearchIndex, query: str, kind: str | None) -> dict[str, Any]:
    """Hits with label, matched alternative label, type and country."""
    hits = [(e, r) for e, r in search(index, query)
            if kind is None or iri_kind(e.iri, ctx.base) == kind]
    shown = hits[:MAX_HITS]
    iris = [e.iri for e, _ in shown]
    facts = _types_and_countries(ctx, iris)
    ctx.labeller.prefetch(iris + [t for f in facts.values() for t in f["types"] + f["countries"]])
    results = []
    for entry, _rank_value in shown:
        link = ctx.link(entry.iri)
        matched = entry.text if entry.text != link["label"] else None
        results.append({**link, "matched": matched, "matched_alt": entry.alt,
                        "types": [ctx.link(t) for t in facts.get(entry.iri, {}).get("types", [])],
                        "countries": [ctx.link(c) for c in
                                      facts.get(entry.iri, {}).get("countries", [])]})
    return {"query": query[:MAX_QUERY], "kind": kind, "total": len(hits), "results": results}


def _types_and_countries(ctx: Ctx, iris: list[str]) -> dict[str, dict[str, list[str]]]:
    if not iris:
        return {}
    out: dict[str, dict[str, list[str]]] = {i: {"types": [], "countries": []} for i in iris}
    values = values_clause("s", iris)
    asked = (("types", "?s a ?x"), ("countries", "?s lg:country ?x"),
             ("countries", "?s schema:containedInPlace ?in . ?in lg:country ?x"))
    for key, pattern in asked:  # three small queries: a UNION of them is planned badly
        for r in ctx.backend.select(f"SELECT ?s ?x WHERE {{ {values} {pattern} }}"):
            slot = out[r["s"].value][key]
            if r["x"].value not in slot:
                slot.append(r["x"].value)
    return out
