"""The authority list: known organisations of the Nordic library sector and how to find them.

Minutes name the same body in many ways: "Kungliga biblioteket", "KB", "KB:s"; "Kulturrådet",
"Kur", "KUR"; "SKL" years after it became SKR. And the same short name can mean different
bodies in different countries: "KB" is Kungliga biblioteket in Sweden but Det Kgl. Bibliotek in
Denmark, "Kulturrådet" exists in Sweden and Norway. The authority list gives each body one key
(a stable IRI slug) and resolves those forms, preferring the body of the document's country.

Data: ``data/authority/organisations.csv`` (hand-curated bodies, see ``data/SOURCES.md``) and
``data/authority/libraries.csv`` (public libraries per municipality, derived from KB's library
statistics and Wikidata's ISIL records by ``scripts/build_gazetteer.py``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from libgraph.resolve.textnorm import (
    PhraseMatch,
    PhraseMatcher,
    fold_key,
    is_sentence_initial,
    slugify,
)
from libgraph.resources import resource

__all__ = ["Authority", "OrgEntry", "is_abbreviation"]

#: Names of bodies that are also ordinary words ("bilda" = to form, "sikt" = visibility,
#: "Kulturens" = the culture's): not trusted where they open a sentence.
_WORDLIKE = frozenset({"Bilda", "Kulturens", "Sikt", "Unit", "Unio", "Sensus", "Interreg"})
#: Abbreviations that are also the Latin "nota bene" ("NB: kom ihåg ...", "NB!").
_NOTA_BENE = frozenset({"NB"})
_POSSESSIVE = re.compile(r"(?::s|['’]s|['’])$")


@dataclass(frozen=True, slots=True)
class OrgEntry:
    """One known organisation. ``key`` is its stable slug (``id:org/{key}``)."""

    key: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str
    region_codes: tuple[str, ...]
    wikidata: str
    isil: str
    municipality_code: str
    sigel: str = ""
    note: str = ""
    valid_from: int | None = None  # first year the body existed under this name, if known
    valid_to: int | None = None  # last year, for bodies that were merged or renamed away
    # further types beside ``kind``: a Danish centralbibliotek is a public library and the
    # regional library agency of its area ("public_library|regional_library_agency" in the CSV)
    also_kinds: tuple[str, ...] = ()

    def valid_in(self, year: int) -> bool:
        """Whether the body existed in ``year`` (unknown bounds count as open)."""
        return (self.valid_from is None or self.valid_from <= year) and (
            self.valid_to is None or year <= self.valid_to)

    @property
    def labels(self) -> tuple[str, ...]:
        """The name followed by its aliases, without repeats."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))

    @property
    def abbreviations(self) -> tuple[str, ...]:
        """The labels that are abbreviations or short forms ("KB", "BiBK", "Kur")."""
        return tuple(label for label in self.labels if is_abbreviation(label))


def is_abbreviation(label: str) -> bool:
    """Short forms that must be matched letter for letter in running text.

    One word of at most four letters ("KB", "Kur", "Sikt"), or a word of at most eight with two
    or more capitals ("BiBK", "EBLIDA", "PostNord"). Everything else is a name.
    """
    if not label or any(ch.isspace() for ch in label):
        return False
    capitals = sum(ch.isupper() for ch in label)
    return len(label) <= 4 or (len(label) <= 8 and capitals >= 2)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split("|") if v)


#: Look-up answers kept before the memo starts again (a bound on memory).
LOOKUP_MEMO_SIZE = 50_000


class Authority:
    """Look-ups of organisations by name, in running text, and by municipality."""

    def __init__(self, entries: Iterable[OrgEntry], main_libraries: dict[tuple[str, str], str]):
        self._entries = list(entries)
        self._order = {e.key: i for i, e in enumerate(self._entries)}
        self._by_key = {e.key: e for e in self._entries}
        self._names: dict[str, list[OrgEntry]] = {}
        self._abbrevs: dict[str, list[OrgEntry]] = {}
        self._matcher: PhraseMatcher[OrgEntry] = PhraseMatcher()
        for entry in self._entries:
            for label in entry.labels:
                abbreviation = is_abbreviation(label)
                index = self._abbrevs if abbreviation else self._names
                bucket = index.setdefault(fold_key(label), [])
                if entry not in bucket:
                    bucket.append(entry)
                self._matcher.add(label, entry, exact_case=abbreviation)
        self._main_library = main_libraries
        # Answers of candidates() by its arguments (the list never changes once built).
        self._candidates: dict[tuple[str, str | None], tuple[OrgEntry, ...]] = {}

    # ---------------------------------------------------------------- loading and listing

    @classmethod
    def load(cls) -> Authority:
        """The shipped authority list, read once per process."""
        return _load()

    def entries(self, country: str | None = None, kind: str | None = None) -> list[OrgEntry]:
        """All entries (organisations first, then libraries), optionally filtered."""
        return [e for e in self._entries
                if (country is None or e.country == country) and (kind is None or e.kind == kind)]

    def get(self, key: str) -> OrgEntry | None:
        return self._by_key.get(key)

    # ---------------------------------------------------------------- by name

    def candidates(self, name: str, country: str | None = None) -> list[OrgEntry]:
        """Every entry ``name`` may stand for, the likeliest first (see :meth:`lookup`)."""
        args = (name, country)
        found = self._candidates.get(args)
        if found is None:
            if len(self._candidates) >= LOOKUP_MEMO_SIZE:
                self._candidates.clear()
            found = self._candidates[args] = tuple(self._find_candidates(name, country))
        return list(found)

    def _find_candidates(self, name: str, country: str | None) -> list[OrgEntry]:
        text = _POSSESSIVE.sub("", name.strip())
        key = fold_key(text)
        if not key:
            return []
        short = " " not in key and len(key) <= 8
        keys = [key]
        words = key.split()
        if len(words[-1]) > 3 and words[-1].endswith("s"):  # Kulturrådets, Kungliga bibliotekets
            keys.append(" ".join([*words[:-1], words[-1][:-1]]))
        for k in keys:
            found = list(self._names.get(k, ()))
            if short:
                found += [e for e in self._abbrevs.get(k, ()) if e not in found]
            if found:
                return self._rank(found, country)
        return []

    def lookup(self, name: str, country: str | None = None) -> OrgEntry | None:
        """The organisation ``name`` stands for, or None.

        Case- and diacritic-insensitive on names ("kungliga biblioteket", "Kungl. biblioteket"),
        tolerant of genitives and possessives ("Kulturrådets", "KB:s", "SKL:s"). Abbreviations
        ("KB", "BiBK", "Kur") are matched case-insensitively only when the query is itself one
        short token. When several bodies share the name, the one of ``country`` wins, then an
        international one, then the first in the list.
        """
        found = self.candidates(name, country)
        return found[0] if found else None

    def _rank(self, entries: list[OrgEntry], country: str | None) -> list[OrgEntry]:
        def key(e: OrgEntry) -> tuple[int, int]:
            if country and e.country == country.upper():
                tier = 0
            elif not e.country:
                tier = 1
            else:
                tier = 2
            return tier, self._order[e.key]

        return sorted(entries, key=key)

    # ---------------------------------------------------------------- in running text

    def find_all(self, text: str, country: str | None = None) -> list[tuple[int, int, OrgEntry]]:
        """Every mention of a known organisation in ``text``, as ``(start, end, entry)``.

        Names and aliases match on word boundaries, longest first, and need their capital
        letters ("kungliga biblioteket" in lower case is prose, not a name). Abbreviations match
        only as written ("KB" but not "kb"), with a possessive if there is one ("KB:s",
        "BiBK:s"). Nothing inside a URL or e-mail address counts ("digitaltforst.blogg.kb.se").
        One entry per mention: for a shared name the one :meth:`lookup` would choose.
        """
        def accept(match: PhraseMatch[OrgEntry]) -> bool:
            written = match.text
            if match.n_tokens == 1 and _strip_possessive(written) in _WORDLIKE:
                return not is_sentence_initial(text, match.start)
            after = text[match.end:match.end + 2]
            if written in _NOTA_BENE:  # "NB!", "NB: glöm inte": nota bene, not a body
                return not (after[:1] == "!" or after in (": ", ":\n"))
            return True

        grouped: dict[tuple[int, int], list[OrgEntry]] = {}
        for match in self._matcher.find(text, accept=accept):
            bucket = grouped.setdefault((match.start, match.end), [])
            if match.value not in bucket:
                bucket.append(match.value)
        return [(start, end, self._rank(found, country)[0])
                for (start, end), found in grouped.items()]

    # ---------------------------------------------------------------- by region

    def regional_agencies(self, country: str | None, region_code: str,
                          year: int | None = None) -> list[OrgEntry]:
        """Regional library agencies serving a region (gazetteer code), most specific first.

        Without ``year`` only bodies that still exist are returned (Akershus fylkesbibliotek for
        NO 32, not Viken fylkesbibliotek); with it, those existing that year, a body with a
        stated period before an open-ended one (Viken fylkesbibliotek for 32 in 2021).
        """
        found = [e for e in self._entries
                 if e.kind == "regional_library_agency" and region_code in e.region_codes
                 and (country is None or e.country == country.upper())
                 and (e.valid_to is None if year is None else e.valid_in(year))]

        def key(e: OrgEntry) -> tuple[bool, int, int]:
            dated = e.valid_from is not None and e.valid_to is not None
            return (not dated, len(e.region_codes), self._order[e.key])

        return sorted(found, key=key)

    # ---------------------------------------------------------------- by municipality

    def public_library_of(self, country: str, municipality_code: str) -> OrgEntry | None:
        """The main public library of a municipality, or None where the sources have none.

        A curated entry wins (Deichman for Oslo, the Danish centralbiblioteker), then the main
        library of ``libraries.csv``.
        """
        key = self._main_library.get((country.upper(), municipality_code))
        return self._by_key.get(key) if key else None


def _strip_possessive(written: str) -> str:
    return _POSSESSIVE.sub("", written)


def _year(value: str | None) -> int | None:
    return int(value) if value else None


def _kinds(row: dict[str, str]) -> tuple[str, ...]:
    """The kind, then any further kinds ("public_library|regional_library_agency")."""
    return _split(row["kind"]) or ("other",)


def _org_entries(rows: Iterable[dict[str, str]]) -> list[OrgEntry]:
    return [
        OrgEntry(r["key"], r["name"], _split(r["aliases"]), _kinds(r)[0], r["country"],
                 _split(r["region_code"]), r["wikidata"], r["isil"], r["municipality_code"],
                 note=r["note"], valid_from=_year(r.get("valid_from")),
                 valid_to=_year(r.get("valid_to")), also_kinds=_kinds(r)[1:])
        for r in rows
    ]


def _library_entries(rows: Iterable[dict[str, str]], orgs: list[OrgEntry],
                     ) -> tuple[list[OrgEntry], dict[tuple[str, str], str]]:
    """Entries for libraries.csv rows, and the main library key per municipality.

    A row whose ISIL belongs to a curated entry is that entry, not a second one.
    """
    by_isil = {e.isil: e for e in orgs if e.isil}
    main: dict[tuple[str, str], str] = {}
    for e in orgs:
        if e.kind == "public_library" and e.municipality_code and e.country:
            main.setdefault((e.country, e.municipality_code), e.key)
    taken = {e.key for e in orgs}
    out: list[OrgEntry] = []
    for r in rows:
        place = (r["country"], r["municipality_code"])
        if r["isil"] and r["isil"] in by_isil:
            if r["main"] == "1":
                main.setdefault(place, by_isil[r["isil"]].key)
            continue
        key = slugify(f"{r['country']} {r['name']}")
        if key in taken:
            key = f"{key}-{r['municipality_code']}"
        taken.add(key)
        out.append(OrgEntry(key, r["name"], _split(r["aliases"]), "public_library", r["country"],
                            (), r["wikidata"], r["isil"], r["municipality_code"], r["sigel"],
                            r["note"]))
        if r["main"] == "1":
            main.setdefault(place, key)
    return out, main


@cache
def _load() -> Authority:
    base = resource("data", "authority")
    orgs = _org_entries(_read(base / "organisations.csv"))
    libraries, main = _library_entries(_read(base / "libraries.csv"), orgs)
    return Authority([*orgs, *libraries], main)
