"""Municipalities, regions and countries of Sweden, Norway and Denmark, and how minutes name them.

Minutes rarely write a place the way a register does. They write "Kronobergs län", "Region
Kronoberg", "Jämtlands läns bibliotek", "Växjö kommuns", "i Troms", "Tromsøs", or a name that no
longer exists ("Troms og Finnmark", the Tromsø of code 1902). This module resolves all of those
to the current (2024) division, so that the graph has one node per real area whatever the year
of the minutes.

Data (``data/gazetteer/``, built by ``scripts/build_gazetteer.py``; origins in
``data/SOURCES.md``): ``areas.csv`` (current areas), ``history.csv`` (former Norwegian codes
and names with their 2024 successors), ``localities.csv`` (towns from postal registers),
``countries.csv`` and ``common_words.txt`` (names that are also ordinary words).

Lookups are diacritic- and case-insensitive (:func:`~libgraph.resolve.textnorm.fold`);
scanning running text with :meth:`Gazetteer.find_all` is not: there a name must be capitalised,
so the noun "berg" never becomes the municipality Berg.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from libgraph.resolve.textnorm import PhraseMatch, PhraseMatcher, fold_key, is_sentence_initial
from libgraph.resources import resource

__all__ = ["Area", "Country", "Gazetteer", "HistoricalArea"]

COUNTRIES = ("SE", "NO", "DK")
KINDS = ("region", "municipality")

# Words that say which kind of area a name stands for, in the three languages (folded).
_SUFFIX_KIND = {
    "kommun": "municipality", "kommune": "municipality", "stad": "municipality",
    "regionskommune": "municipality", "lan": "region", "fylke": "region",
    "fylkeskommune": "region", "fylkeskommun": "region", "landsting": "region",
}
_PREFIX_KIND = {"region": "region", "regionen": "region", "landstinget": "region"}
_LocalityRow = tuple[str, str, tuple[str, ...]]  # country, name, municipality codes
_PREPOSITIONS = {"i", "pa", "fra", "fran", "till", "til", "ved", "vid", "av", "af", "for", "in"}


@dataclass(frozen=True, slots=True)
class Area:
    """A municipality or region of the current (2024) division."""

    country: str
    kind: str
    code: str
    name: str
    official_name: str
    region_code: str
    wikidata: str
    aliases: tuple[str, ...]

    @property
    def slug(self) -> str:
        """Stable IRI segment, e.g. ``se-0780``; codes are unique per country and kind."""
        return f"{self.country.lower()}-{self.code}"

    @property
    def labels(self) -> tuple[str, ...]:
        """Every name of the area: name, official name and aliases, without repeats."""
        return tuple(dict.fromkeys((self.name, self.official_name, *self.aliases)))


@dataclass(frozen=True, slots=True)
class HistoricalArea:
    """A former area (Norway before 2024), with the current areas that took it over."""

    country: str
    kind: str
    code: str
    name: str
    valid_from: int
    valid_to: int | None
    successor_codes: tuple[str, ...]
    wikidata: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    wikidata: str
    aliases: tuple[str, ...]

    @property
    def slug(self) -> str:
        return self.code.lower()


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split("|") if v)


#: Look-up answers kept per lexicon before the memo starts again (a bound on memory).
LOOKUP_MEMO_SIZE = 50_000


class Gazetteer:
    """All areas, with look-ups by code, by name (inflected or old) and in running text."""

    def __init__(self, areas: Iterable[Area], history: Iterable[HistoricalArea],
                 countries: Iterable[Country], localities: Iterable[_LocalityRow],
                 common_words: Iterable[str]) -> None:
        self._areas = list(areas)
        self._by_code = {(a.country, a.kind, a.code): a for a in self._areas}
        self._history = list(history)
        self._hist_by_code = {(h.country, h.kind, h.code): h for h in self._history}
        self._countries = {c.code: c for c in countries}
        self._common = frozenset(common_words)
        self._names: dict[str, list[Area]] = {}
        self._by_length: dict[int, list[str]] | None = None
        self._old_names: dict[str, list[HistoricalArea]] = {}
        self._localities: dict[str, list[_LocalityRow]] = {}
        # Answers of lookup() by its arguments: the gazetteer never changes once built, and
        # extraction asks about the same words again and again (every list entry, every
        # capitalised word of a run), the fuzzy look-up dearly.
        self._lookups: dict[tuple[str, str | None, str | None, bool], tuple[Area, ...]] = {}
        self._matcher: PhraseMatcher[Area | HistoricalArea] = PhraseMatcher()
        for area in self._areas:
            for label in area.labels:
                self._names.setdefault(fold_key(label), []).append(area)
                self._matcher.add(label, area)
        for old in self._history:
            for label in dict.fromkeys((old.name, *old.aliases)):
                key = fold_key(label)
                self._old_names.setdefault(key, []).append(old)
                if key not in self._names:  # a current name always wins over an old one
                    self._matcher.add(label, old)
        for country, name, codes in localities:
            self._localities.setdefault(fold_key(name), []).append((country, name, codes))

    # ---------------------------------------------------------------- loading and listing

    @classmethod
    def load(cls) -> Gazetteer:
        """The shipped gazetteer, read once per process (about 0.1 s)."""
        return _load()

    def areas(self, country: str | None = None, kind: str | None = None) -> list[Area]:
        """Current areas, optionally of one country and/or kind, in file order."""
        return [a for a in self._areas
                if (country is None or a.country == country) and (kind is None or a.kind == kind)]

    def countries(self) -> list[Country]:
        return list(self._countries.values())

    def country(self, code: str) -> Country | None:
        return self._countries.get(code.upper())

    def historical(self, country: str | None = None) -> list[HistoricalArea]:
        """Former areas (currently Norway's pre-2024 kommuner and fylker)."""
        return [h for h in self._history if country is None or h.country == country]

    # ---------------------------------------------------------------- by code

    def get(self, country: str, kind: str, code: str) -> Area | None:
        """The current area with this official code, or None (old codes: :meth:`successors`)."""
        return self._by_code.get((country.upper(), kind, code))

    def region_of(self, area: Area) -> Area | None:
        """The region a municipality lies in (a region is its own region)."""
        if area.kind == "region":
            return area
        return self.get(area.country, "region", area.region_code)

    def successors(self, country: str, kind: str, code: str) -> list[Area]:
        """The current area(s) an old or current code stands for: NO 5401 and 1902 → [5501]."""
        current = self.get(country, kind, code)
        if current is not None:
            return [current]
        old = self._hist_by_code.get((country.upper(), kind, code))
        return self._resolve_old([old]) if old else []

    def _resolve_old(self, olds: Iterable[HistoricalArea]) -> list[Area]:
        out: dict[tuple[str, str, str], Area] = {}
        for old in olds:
            for code in old.successor_codes:
                area = self.get(old.country, old.kind, code)
                if area is not None:
                    out.setdefault((area.country, area.kind, area.code), area)
        return list(out.values())

    # ---------------------------------------------------------------- by name

    def lookup(self, text: str, country: str | None = None, kind: str | None = None,
               *, fuzzy: bool = False) -> list[Area]:
        """Current areas a name stands for, tolerant of the ways minutes write names.

        Handles official and short forms ("Kronobergs län", "Region Kronoberg", "Troms
        fylkeskommune", "Vejle Kommune"), genitives ("Växjös", "Jämtlands läns", "Växjö
        kommuns"), a leading preposition ("i Troms"), a kind word in another language
        ("Tromsø kommun") and names that no longer exist ("Troms og Finnmark" → Troms and
        Finnmark). ``country`` is a preference: areas of that country are returned when there
        are any, others otherwise. ``kind`` is a filter. ``fuzzy`` also accepts one typo in
        names of five letters or more ("Krokomb" → Krokom).
        """
        args = (text, country, kind, fuzzy)
        found = self._lookups.get(args)
        if found is None:
            if len(self._lookups) >= LOOKUP_MEMO_SIZE:
                self._lookups.clear()
            found = self._lookups[args] = tuple(self._lookup(text, country, kind, fuzzy))
        return list(found)

    def _lookup(self, text: str, country: str | None, kind: str | None, fuzzy: bool
                ) -> list[Area]:
        key = fold_key(text)
        if not key:
            return []
        for candidate_key, implied_kind in _key_variants(key):
            want = kind or implied_kind
            if kind and implied_kind and kind != implied_kind:
                continue
            found = self._by_key(candidate_key, want)
            if found:
                return _prefer(found, country)
        if fuzzy:
            return _prefer(self._fuzzy(key, kind), country)
        return []

    def _by_key(self, key: str, kind: str | None) -> list[Area]:
        found = [a for a in self._names.get(key, ()) if kind is None or a.kind == kind]
        if found:
            return found
        olds = [h for h in self._old_names.get(key, ()) if kind is None or h.kind == kind]
        return self._resolve_old(olds)

    def _fuzzy(self, key: str, kind: str | None) -> list[Area]:
        from rapidfuzz import fuzz, process

        if len(key) < 5:
            return []
        by_length = self._single_words_by_length()
        choices = [k for n in (len(key) - 1, len(key), len(key) + 1) for k in by_length.get(n, ())]
        best = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=85, limit=3)
        if not best:
            return []
        top = best[0][1]
        keys = [k for k, score, _ in best if score == top]
        return [a for k in keys for a in self._names[k] if kind is None or a.kind == kind]

    def _single_words_by_length(self) -> dict[int, list[str]]:
        """One-word name keys grouped by length, built on first use: the fuzzy look-up
        compares only names within one letter of the query's length."""
        if self._by_length is None:
            groups: dict[int, list[str]] = {}
            for k in self._names:
                if " " not in k:
                    groups.setdefault(len(k), []).append(k)
            self._by_length = groups
        return self._by_length

    def locality(self, text: str, country: str | None = None) -> list[tuple[str, Area]]:
        """Towns and villages from the postal registers, with their municipality.

        ``locality("Skruv") == [("Skruv", <Lessebo>)]``. A locality whose postcodes span
        several municipalities returns each, the likeliest first. Swedish and Norwegian only
        (no Danish source); ``country`` is a preference as in :meth:`lookup`.
        """
        key = fold_key(text)
        rows = self._localities.get(key) or (
            self._localities.get(key[:-1], []) if key.endswith("s") else [])
        out = []
        for row_country, name, codes in rows:
            for code in codes:
                area = self.get(row_country, "municipality", code)
                if area is not None:
                    out.append((name, area))
        preferred = [pair for pair in out if pair[1].country == country]
        return preferred or out

    def is_common_word(self, name: str) -> bool:
        """Whether an area name is also an ordinary word or a common surname ("Vara", "Lund")."""
        return name in self._common

    # ---------------------------------------------------------------- in running text

    def find_all(self, text: str, country: str | None = None) -> list[tuple[int, int, Area]]:
        """Every mention of an area in ``text`` as ``(start, end, area)``, in text order.

        ``text[start:end]`` is the words as written, including a kind word or genitive that is
        part of the name ("Kronobergs län", "Växjö kommuns", "Växjös"); the longest name wins
        ("Region Gotland" over "Gotland"). A name
        shared by several areas ("Kalmar": län and kommun; "Herøy": two kommuner) yields one
        tuple per area with the same offsets; with ``country`` given, only that country's areas
        are kept for such a name when it has any. Names that are also ordinary words ("Vara",
        "Time") are skipped where they open a sentence. Names inside URLs and e-mail addresses
        are never mentions.
        """
        def accept(match: PhraseMatch[Area | HistoricalArea]) -> bool:
            value = match.value
            if match.n_tokens == 1 and value.name in self._common:
                return not is_sentence_initial(text, match.start)
            return True

        grouped: dict[tuple[int, int], list[Area]] = {}
        for match in self._matcher.find(text, accept=accept):
            value = match.value
            areas = [value] if isinstance(value, Area) else self._resolve_old([value])
            bucket = grouped.setdefault((match.start, match.end), [])
            bucket.extend(a for a in areas if a not in bucket)
        out: list[tuple[int, int, Area]] = []
        for (start, end), areas in grouped.items():
            for area in _prefer(areas, country):
                out.append((start, end, area))
        return out


def _key_variants(key: str) -> Iterable[tuple[str, str | None]]:
    """The key itself, then forms without genitive, preposition or kind word, in that order."""
    seen: set[tuple[str, str | None]] = set()

    def emit(k: str, kind: str | None) -> Iterable[tuple[str, str | None]]:
        if k and (k, kind) not in seen:
            seen.add((k, kind))
            yield k, kind

    words = key.split()
    if len(words) > 1 and words[0] in _PREPOSITIONS:
        words = words[1:]
    bases = [" ".join(words)]
    if len(words[-1]) > 3 and words[-1].endswith("s"):
        bases.append(" ".join([*words[:-1], words[-1][:-1]]))
    for base in bases:
        yield from emit(base, None)
    for base in bases:
        parts = base.split()
        if len(parts) > 1 and parts[-1] in _SUFFIX_KIND:
            stem = parts[:-1]
            yield from emit(" ".join(stem), _SUFFIX_KIND[parts[-1]])
            if len(stem[-1]) > 3 and stem[-1].endswith("s"):  # "Kronobergs län", "Lunds kommun"
                yield from emit(" ".join([*stem[:-1], stem[-1][:-1]]), _SUFFIX_KIND[parts[-1]])
        if len(parts) > 1 and parts[0] in _PREFIX_KIND:
            yield from emit(" ".join(parts[1:]), _PREFIX_KIND[parts[0]])


def _prefer(areas: list[Area], country: str | None) -> list[Area]:
    """Areas of ``country`` when there are any, otherwise all; regions before municipalities."""
    if country:
        preferred = [a for a in areas if a.country == country.upper()]
        areas = preferred or areas
    return sorted(areas, key=lambda a: (KINDS.index(a.kind), COUNTRIES.index(a.country), a.code))


@cache
def _load() -> Gazetteer:
    base = resource("data", "gazetteer")
    areas = [
        Area(r["country"], r["kind"], r["code"], r["name"], r["official_name"], r["region_code"],
             r["wikidata"], _split(r["aliases"]))
        for r in _read(base / "areas.csv")
    ]
    history = [
        HistoricalArea(r["country"], r["kind"], r["code"], r["name"], int(r["valid_from"]),
                       int(r["valid_to"]) if r["valid_to"] else None,
                       _split(r["successor_codes"]), r["wikidata"], _split(r["aliases"]))
        for r in _read(base / "history.csv")
    ]
    countries = [Country(r["code"], r["name"], r["wikidata"], _split(r["aliases"]))
                 for r in _read(base / "countries.csv")]
    localities = [(r["country"], r["name"], _split(r["municipality_codes"]))
                  for r in _read(base / "localities.csv")]
    common = (base / "common_words.txt").read_text(encoding="utf-8").split()
    return Gazetteer(areas, history, countries, localities, common)
