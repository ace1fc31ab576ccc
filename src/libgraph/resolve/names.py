"""Given names of Sweden, Norway and Denmark, for telling people from other capitalised words.

Attendance lists in minutes are runs of capitalised words: "Gunhild Åkerblom Berg, Loulou
Westlund Bräcke". Knowing that "Gunhild" and "Loulou" are given names (and "Berg" a place) is
what lets the extractor cut them into people and affiliations. The lexicon holds names borne by
at least about five people (no counts are shipped); ``ambiguous.txt`` lists the ones that are
also ordinary words or place names ("Dag", "Bo", "Per", "Liv", "Vilja", "Juni", "Kalmar"), for
which an extractor should want more evidence, such as a following surname.

Data: ``data/names/first_names.csv`` (name, countries) and ``data/names/ambiguous.txt``, built
by ``scripts/build_gazetteer.py``; origins in ``data/SOURCES.md``.
"""

from __future__ import annotations

import csv
from functools import cache

from libgraph.resolve.textnorm import fold
from libgraph.resources import resource

__all__ = ["FirstNames"]


class FirstNames:
    """Membership tests on the given-name lexicon; exact spelling first, then folded."""

    def __init__(self, names: dict[str, frozenset[str]], ambiguous: frozenset[str]) -> None:
        self._exact = names
        self._folded_index: dict[str, frozenset[str]] | None = None  # built on first miss
        self._ambiguous = ambiguous
        self._ambiguous_folded = frozenset(fold(n) for n in ambiguous)
        # Verdicts of is_first_name() by its arguments: a list asks about the same words
        # again and again, and the lexicon never changes once built.
        self._verdicts: dict[tuple[str, str | None], bool] = {}

    @property
    def _folded(self) -> dict[str, frozenset[str]]:
        """Folded spelling → countries; folding 47,000 names costs ~0.4 s, so only if needed."""
        if self._folded_index is None:
            index: dict[str, frozenset[str]] = {}
            for name, countries in self._exact.items():
                key = fold(name)
                index[key] = index.get(key, frozenset()) | countries
            self._folded_index = index
        return self._folded_index

    @classmethod
    def load(cls) -> FirstNames:
        """The shipped lexicon, read once per process."""
        return _load()

    def __len__(self) -> int:
        return len(self._exact)

    def countries_of(self, token: str) -> frozenset[str]:
        """Countries whose lists hold the name ("SE", "NO", "DK"); empty if none does."""
        token = token.strip()
        if token in self._exact:
            return self._exact[token]
        if not token[:1].isupper():
            return frozenset()
        return self._folded.get(fold(token), frozenset())

    def is_first_name(self, token: str, country: str | None = None) -> bool:
        """Whether ``token`` is a known given name (of ``country``, if given).

        Requires a capital initial: "anna" in lower case is not taken for a name. Hyphenated
        double names ("Anna-Karin") are looked up whole, then part by part. Spelling variants
        that differ only in diacritics ("Therése", "Therese") are accepted.
        """
        args = (token, country)
        verdict = self._verdicts.get(args)
        if verdict is None:
            if len(self._verdicts) >= 50_000:  # a bound on memory (a few MiB)
                self._verdicts.clear()
            verdict = self._verdicts[args] = self._is_first_name(token, country)
        return verdict

    def _is_first_name(self, token: str, country: str | None) -> bool:
        token = token.strip()
        if not token[:1].isupper():
            return False
        countries = self.countries_of(token)
        if not countries and "-" in token:
            parts = [p for p in token.split("-") if p]
            if parts and all(self.is_first_name(p[:1].upper() + p[1:], country) for p in parts):
                return True
        if not countries:
            return False
        return country is None or country.upper() in countries

    def is_ambiguous(self, token: str) -> bool:
        """Whether the name is also an ordinary word or a place name ("Dag", "Bo", "Lund")."""
        token = token.strip()
        return token in self._ambiguous or fold(token) in self._ambiguous_folded


@cache
def _load() -> FirstNames:
    base = resource("data", "names")
    names: dict[str, frozenset[str]] = {}
    country_sets: dict[str, frozenset[str]] = {}  # a handful of distinct values: share them
    with (base / "first_names.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        for name, countries in reader:
            if countries not in country_sets:
                country_sets[countries] = frozenset(countries.split("|"))
            names[name] = country_sets[countries]
    ambiguous = frozenset(
        line.strip() for line in (base / "ambiguous.txt").read_text(encoding="utf-8").splitlines()
        if line.strip())
    return FirstNames(names, ambiguous)
