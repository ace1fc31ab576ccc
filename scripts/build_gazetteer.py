#!/usr/bin/env python3
"""Derive libgraph's shipped reference data from the copied sources in ``shared/gazetteer``.

Run from the repository root::

    python scripts/build_gazetteer.py [--shared ../shared/gazetteer] [--skip-names]

Writes (and overwrites) ``data/gazetteer/*.csv``, ``data/names/*`` and
``data/authority/libraries.csv``. ``data/authority/organisations.csv`` is curated by hand; this
script only checks it (kinds, region codes, QIDs) and fails loudly on a problem.

Why a script and not hand-edited files: the sources are third-party dumps with known faults
(wrong Swedish long names, Sami names glued onto Norwegian ones, codes without leading zeros),
and the fixes must be visible and repeatable when a source is refreshed. Everything here is
deterministic: same inputs, byte-identical outputs.

The names step additionally needs the Debian Hunspell dictionaries (``hunspell-sv``,
``hunspell-da``, ``hunspell-no``) and the ``wordfreq`` package, only to tell which given names are
also ordinary words; ``--skip-names`` leaves ``data/names`` untouched when they are missing.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"

# --------------------------------------------------------------------------------------------
# Hand-kept facts (each one small, named and commented; everything else comes from the sources)
# --------------------------------------------------------------------------------------------

#: SOURCE.md (sweden/): the rule-built long names are wrong for these four municipalities.
SE_LONG_NAME_FIXES = {
    "0880": "Kalmar kommun",
    "2080": "Falu kommun",
    "2513": "Överkalix kommun",
    "2514": "Kalix kommun",
}

#: Municipalities that call themselves "stad" (Stockholms stad, Göteborgs Stad, ...).
SE_STAD = {"0180", "0186", "0183", "0184", "0187", "1280", "1282", "1283", "1480", "1481",
           "1488", "1490", "1980", "2583"}

#: The regional authority's own name, where it is not simply "Region <short name>".
SE_REGION_BODY = {
    "01": ["Region Stockholm", "Stockholms läns landsting"],
    "04": ["Region Sörmland"],
    "06": ["Region Jönköpings län"],
    "08": ["Region Kalmar län"],
    "09": ["Region Gotland"],
    "14": ["Västra Götalandsregionen", "Region Västra Götaland"],
    "18": ["Region Örebro län"],
    "23": ["Region Jämtland Härjedalen", "Jämtland Härjedalen"],
}

#: Extra municipality aliases: exonyms used in the other two languages and well-known old
#: spellings. Kept short on purpose.
EXTRA_ALIASES = {
    ("SE", "1480"): ["Gothenburg"],
    ("SE", "0980"): ["Region Gotland", "Gotlands kommun"],
    ("DK", "0101"): ["Köpenhamn", "Copenhagen", "Københavns Kommune"],
    ("DK", "0217"): ["Helsingör"],
    ("DK", "0751"): ["Århus"],
    ("DK", "0851"): ["Ålborg"],
    ("DK", "0580"): ["Åbenrå"],
    ("DK", "0810"): ["Brønderslev-Dronninglund"],
    ("DK", "0400"): ["Bornholms Regionskommune", "Bornholms Kommune"],
    ("NO", "0301"): ["Oslo kommune"],
}

#: Official names that do not follow "<name> Kommune".
DK_OFFICIAL = {"0101": "Københavns Kommune", "0400": "Bornholms Regionskommune"}

#: Area names that are also ordinary words in Swedish, Norwegian or Danish ("Vara" = to be,
#: "Time" = hour, "Os" = us, "Stad" = town) or very common surnames ("Lund", "Berg"). Curated
#: from the area names whose lower-case form is a Hunspell word, keeping the frequent ones.
#: ``find_all`` skips them at the start of a sentence, where capitalisation proves nothing.
COMMON_WORD_PLACES = [
    "Berg", "Boden", "Fjord", "Frosta", "Gran", "Greve", "Grue", "Heim", "Hol", "Kil", "Kinn",
    "Leka", "Lier", "Lom", "Loppa", "Lund", "Mark", "Marker", "Mora", "Nes", "Odder", "Os",
    "Råde", "Røst", "Sande", "Sel", "Skara", "Sola", "Stad", "Stange", "Strand", "Stranda",
    "Time", "Tinn", "Valle", "Vang", "Vara", "Varde", "Vik", "Ydre", "Ål", "Åre", "Ås",
]

#: Given names dropped outright: junk tokens noticed in the sources, and function words that
#: the dictionaries miss ("Noe" = something, Norwegian; opens many sentences).
NAME_JUNK = {"Thi", "Fornavn", "Efternavn", "Mellemnavn", "Vs", "Nn", "Ukendt", "Baby", "Pige",
             "Dreng", "Mor", "Far", "Tvilling", "Noe"}

#: Two-letter given names kept (all other two-letter tokens are mostly words or initials).
TWO_LETTER_NAMES = {"Bo", "Ib", "Ea", "My", "Jo", "Lo", "Li", "Al", "Ed"}

#: Names also flagged as ambiguous whatever the dictionaries say (abbreviations, English words).
EXTRA_AMBIGUOUS = {"Tex", "Mac", "Will", "Hope", "Rich", "Bill", "Sky", "May", "June", "Dawn",
                   "Grace", "Ray", "Jack", "Rose", "Art", "Pia"}

VOWELS = re.compile(r"[aeiouyåäöæøéèáíóúüAEIOUYÅÄÖÆØÉ]")

ORG_KINDS = {
    "public_library", "regional_library_agency", "national_library", "national_agency", "funder",
    "municipality_body", "company", "association", "study_association", "museum", "international",
    "other", "foundation", "working_group", "school_library", "research_library",
}

# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def read_csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def write_csv(path: Path, header: list[str], rows: Iterable[Iterable[str]]) -> int:
    """Write UTF-8 CSV with '\\n' line ends (stable diffs); returns the number of data rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(list(row))
        count += 1
    path.write_text(buf.getvalue(), encoding="utf-8")
    return count


def uniq(items: Iterable[str]) -> list[str]:
    """Order-preserving de-duplication that also drops empty strings."""
    seen: set[str] = set()
    out = []
    for item in items:
        item = item.strip()
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def sv_genitive(name: str) -> str:
    """The form Swedish uses before "stad": Stockholms stad, Malmö stad, Borås Stad.

    Consonant endings take -s, vowel endings and s/x/z take nothing. Only used for the few
    "stad" aliases built here; the long "kommun" names come from the source.
    """
    if name[-1] in "sxz":
        return name
    if name[-1].lower() in "aeiouyåäö":
        return name
    return name + "s"


def qid(uri: str) -> str:
    match = re.search(r"(Q\d+)$", uri or "")
    return match.group(1) if match else ""


@dataclass
class AreaRow:
    country: str
    kind: str
    code: str
    name: str
    official_name: str
    region_code: str = ""
    wikidata: str = ""
    aliases: list[str] = field(default_factory=list)

    def row(self) -> list[str]:
        aliases = [a for a in uniq(self.aliases) if a != self.name]
        return [self.country, self.kind, self.code, self.name, self.official_name,
                self.region_code, self.wikidata, "|".join(aliases)]


@dataclass
class HistoryRow:
    country: str
    kind: str
    code: str
    name: str
    valid_from: str
    valid_to: str
    successors: list[str]
    wikidata: str = ""
    aliases: list[str] = field(default_factory=list)

    def row(self) -> list[str]:
        aliases = [a for a in uniq(self.aliases) if a != self.name]
        return [self.country, self.kind, self.code, self.name, self.valid_from, self.valid_to,
                "|".join(self.successors), self.wikidata, "|".join(aliases)]


# --------------------------------------------------------------------------------------------
# Sweden
# --------------------------------------------------------------------------------------------


def build_sweden(src: Path) -> list[AreaRow]:
    rows: list[AreaRow] = []
    for county in read_csv(src / "sweden" / "counties.csv"):
        code, short = county["county_code"], county["county_name_short"]
        bodies = SE_REGION_BODY.get(code, [f"Region {short}"])
        rows.append(AreaRow("SE", "region", code, short, county["county_name"], "", "",
                            [county["county_name"], *bodies]))
    for muni in read_csv(src / "sweden" / "municipalities.csv"):
        code, short = muni["municipality_code"], muni["municipality_name_short"]
        long_name = SE_LONG_NAME_FIXES.get(code, muni["municipality_name"])
        aliases = [long_name]
        if code in SE_STAD:
            aliases.append(f"{sv_genitive(short)} stad")
        aliases += EXTRA_ALIASES.get(("SE", code), [])
        official = "Region Gotland" if code == "0980" else long_name
        rows.append(AreaRow("SE", "municipality", code, short, official, muni["county_code"], "",
                            aliases))
    return rows


# --------------------------------------------------------------------------------------------
# Norway
# --------------------------------------------------------------------------------------------


def split_sami(name: str, norwegian: set[str]) -> tuple[str, list[str]]:
    """'Gáivuotna-Kåfjord-Kaivuono' → ('Kåfjord', ['Gáivuotna', 'Kaivuono']).

    FHI glues the Sami/Kven forms onto the Norwegian one with hyphens. Only split when one part
    is a known Norwegian name, so genuine hyphenated names (Nord-Odal) stay whole.
    """
    if "-" not in name or name in norwegian:
        return name, []
    parts = name.split("-")
    for part in parts:
        if part in norwegian:
            return part, [p for p in parts if p != part]
    return name, []


def fhi_code(value: str) -> str:
    match = re.search(r"(\d+)$", value or "")
    return match.group(1) if match else ""


def build_norway(src: Path) -> tuple[list[AreaRow], list[HistoryRow], dict[str, set[str]]]:
    """2024 division from aprestmo, history from FHI, Sami names and 2020 QIDs from Artsdatabanken.

    Returns the current areas, the historical areas and the postal places per municipality.
    """
    nor = src / "norway"
    munis = json.loads((nor / "aprestmo_municipalities-2025.json").read_text(encoding="utf-8"))
    counties = json.loads((nor / "aprestmo_counties-2025.json").read_text(encoding="utf-8"))
    ad_k = json.loads((nor / "artsdatabanken_kommune_2020.json").read_text(encoding="utf-8"))
    ad_f = json.loads((nor / "artsdatabanken_fylke_2020.json").read_text(encoding="utf-8"))
    fhi = read_csv(nor / "fhi_csdata_norway_locations_history.csv")

    current_m = {m["id"]: m for m in munis}
    current_f = {c["id"]: c for c in counties}
    norwegian_names = {m["name_no"] for m in munis} | {c["name"] for c in counties}
    ad2020 = {k["autorkode"]: k for k in ad_k["items"]}
    ad2020_f = {f["autorkode"]: f for f in ad_f["items"]}
    norwegian_names |= {k["tittel"]["nob"] for k in ad2020.values()}
    norwegian_names |= {f["tittel"]["nob"] for f in ad2020_f.values()}
    norwegian_names |= {"Sogn og Fjordane", "Aust-Agder", "Vest-Agder", "Sør-Trøndelag",
                        "Nord-Trøndelag"}

    # --- successor chains (FHI) ---------------------------------------------------------
    succ: dict[str, list[tuple[str, float]]] = defaultdict(list)
    spans: dict[str, tuple[int, int]] = {}
    names: dict[str, str] = {}
    county_of: dict[str, str] = {}
    county_names: dict[str, str] = {}
    for row in fhi:
        code = fhi_code(row["municip_code"])
        if not row["municip_code"].startswith("municip_nor"):
            continue
        names.setdefault(code, row["municip_name"])
        county = fhi_code(row["county_code"])
        county_of.setdefault(code, county)
        county_names.setdefault(county, row["county_name"])
        start, end = int(row["year_start"]), int(row["year_end"] or 9999)
        old = spans.get(code, (start, end))
        spans[code] = (min(old[0], start), max(old[1], end))
        if row["year_end"] and row["municip_code_end"]:
            succ[code].append((fhi_code(row["municip_code_end"]), float(row["weighting"] or 1)))

    def final(code: str, weight: float = 1.0, depth: int = 0) -> dict[str, float]:
        if code in current_m or depth > 10:
            return {code: weight}
        out: dict[str, float] = defaultdict(float)
        for nxt, w in succ.get(code, []):
            for c, ww in final(nxt, weight * w, depth + 1).items():
                out[c] += ww
        return out

    def ordered(weights: dict[str, float], name: str = "") -> list[str]:
        """Successors by share; a successor bearing the old name first (1534 Haram → 1580)."""
        def key(kv: tuple[str, float]) -> tuple[bool, float, str]:
            return (current_m[kv[0]]["name_no"] != name if kv[0] in current_m else True,
                    -kv[1], kv[0])
        return [c for c, _ in sorted(weights.items(), key=key)]

    # --- Sami / Kven names per current municipality ---------------------------------------
    sami: dict[str, list[str]] = defaultdict(list)
    for code, m in current_m.items():
        if m["name"] != m["name_no"]:
            sami[code].append(m["name"])
        _, extra = split_sami(names.get(code, m["name_no"]), norwegian_names)
        sami[code] += extra
    for code, k in ad2020.items():
        targets = ordered(final(code))
        if len(targets) == 1 and current_m[targets[0]]["name_no"] == k["tittel"]["nob"]:
            sami[targets[0]] += [v for lang, v in sorted(k["tittel"].items()) if lang != "nob"]

    # --- current municipalities -------------------------------------------------------------
    rows: list[AreaRow] = []
    name_count = Counter(m["name_no"] for m in munis)
    for code in sorted(current_m):
        m = current_m[code]
        name = m["name_no"]
        aliases = [f"{name} kommune", *sami[code]]
        if name_count[name] > 1:
            aliases.append(f"{name} ({current_f[code[:2]]['name']})")
        aliases += EXTRA_ALIASES.get(("NO", code), [])
        k2020 = ad2020.get(code)
        wikidata = ""
        if k2020 and k2020["tittel"]["nob"] == name:
            wikidata = qid(k2020.get("lenke", {}).get("wikidata", ""))
        rows.append(AreaRow("NO", "municipality", code, name, f"{name} kommune", code[:2],
                            wikidata, aliases))

    # --- current counties -------------------------------------------------------------------
    county_rows = []
    for code in sorted(current_f):
        name = current_f[code]["name"]
        _, extra = split_sami(county_names.get(code, name), norwegian_names)
        f2020 = ad2020_f.get(code)
        wikidata = ""
        if f2020 and f2020["tittel"]["nob"] == name:
            wikidata = qid(f2020.get("lenke", {}).get("wikidata", ""))
            extra += [v for lang, v in sorted(f2020["tittel"].items()) if lang != "nob"]
        official = name if code == "03" else f"{name} fylke"
        aliases = [official, f"{name} fylkeskommune", *extra] if code != "03" else [*extra]
        county_rows.append(AreaRow("NO", "region", code, name, official, "", wikidata, aliases))

    # --- history ----------------------------------------------------------------------------
    history: list[HistoryRow] = []
    for code in sorted(names):
        if code in current_m:
            continue
        k2020 = ad2020.get(code)
        if k2020:
            name = k2020["tittel"]["nob"]
            extra = [v for lang, v in sorted(k2020["tittel"].items()) if lang != "nob"]
            wikidata = qid(k2020.get("lenke", {}).get("wikidata", ""))
        else:
            name, extra = split_sami(names[code], norwegian_names)
            wikidata = ""
        targets = ordered(final(code), name)
        if not targets or not all(t in current_m for t in targets):
            continue
        start, end = spans[code]
        history.append(HistoryRow("NO", "municipality", code, name, str(start),
                                  "" if end == 9999 else str(end), targets, wikidata,
                                  [f"{name} kommune", *extra]))

    # counties that no longer exist: successors are the 2024 counties of their municipalities
    county_targets: dict[str, Counter[str]] = defaultdict(Counter)
    county_span: dict[str, tuple[int, int]] = {}
    for code, county in county_of.items():
        if county in current_f or not county.isdigit() or int(county) > 60:
            continue
        for target, weight in final(code).items():
            if target in current_m:
                county_targets[county][target[:2]] += weight
        start, end = spans[code]
        old = county_span.get(county, (start, end))
        county_span[county] = (min(old[0], start), max(old[1], end))
    for county in sorted(county_targets):
        f2020 = ad2020_f.get(county)
        if f2020:
            name = f2020["tittel"]["nob"]
            extra = [v for lang, v in sorted(f2020["tittel"].items()) if lang != "nob"]
            wikidata = qid(f2020.get("lenke", {}).get("wikidata", ""))
        else:
            raw = county_names[county].replace("Sogn-og-fjordane", "Sogn og Fjordane")
            name, extra = split_sami(raw, norwegian_names)
            wikidata = ""
        start, end = county_span[county]
        targets = [c for c, _ in sorted(county_targets[county].items(), key=lambda kv: (-kv[1],
                                                                                        kv[0]))]
        history.append(HistoryRow("NO", "region", county, name, str(start), str(end), targets,
                                  wikidata, [f"{name} fylke", f"{name} fylkeskommune", *extra]))

    postal: dict[str, set[str]] = defaultdict(set)
    for m in munis:
        for pc in m["postal_codes"]:
            postal[pc["place"]].add(m["id"])
    return county_rows + rows, history, postal


# --------------------------------------------------------------------------------------------
# Denmark
# --------------------------------------------------------------------------------------------


def build_denmark(src: Path) -> list[AreaRow]:
    rows: list[AreaRow] = []
    regions = json.loads((src / "denmark" / "dawa_regioner_2024.json").read_text(encoding="utf-8"))
    for reg in sorted(regions, key=lambda r: r["kode"]):
        official = reg["navn"]
        short = official.removeprefix("Region ")
        rows.append(AreaRow("DK", "region", reg["kode"], short, official, "", "", [official]))
    kommuner = json.loads((src / "denmark" / "dawa_kommuner_2024.json").read_text(encoding="utf-8"))
    for kom in sorted(kommuner, key=lambda k: k["kode"]):
        if kom.get("udenforkommuneinddeling"):
            continue  # 0411 Christiansø is outside the kommune division
        code, name = kom["kode"], kom["navn"]
        official = DK_OFFICIAL.get(code, f"{name} Kommune")
        aliases = [official, f"{name} Kommune", *EXTRA_ALIASES.get(("DK", code), [])]
        rows.append(AreaRow("DK", "municipality", code, name, official, kom["regionskode"], "",
                            aliases))
    return rows


# --------------------------------------------------------------------------------------------
# Localities
# --------------------------------------------------------------------------------------------


def build_localities(src: Path, areas: list[AreaRow],
                     no_postal: dict[str, set[str]]) -> list[list[str]]:
    """One row per (country, locality): the municipalities its postcodes lie in, most first.

    A locality named like a municipality that is not among its own candidates is dropped: it
    would only contradict the municipality lookup.
    """
    muni_by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in areas:
        if a.kind == "municipality":
            muni_by_name[(a.country, a.name)].add(a.code)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in read_csv(src / "sweden" / "postal_to_municipality.csv"):
        counts[row["locality"].strip()][row["municipality_code"]] += 1
    out: list[list[str]] = []

    def emit(country: str, name: str, weights: Counter[str]) -> None:
        same = muni_by_name.get((country, name), set())
        if same and not same & set(weights):
            return
        codes = sorted(weights, key=lambda c: (c not in same, -weights[c], c))
        out.append([country, name, "|".join(codes)])

    for name in sorted(counts):
        if name:
            emit("SE", name, counts[name])
    for name in sorted(no_postal):
        emit("NO", name, Counter({c: 1 for c in no_postal[name]}))
    return out


# --------------------------------------------------------------------------------------------
# Libraries (public libraries per municipality)
# --------------------------------------------------------------------------------------------


_LIB_WORDS = ("kommunbibliotek", "stadsbibliotek", "folkbibliotek", "huvudbibliotek")


def se_library_alias(name: str) -> str:
    """'Lessebo kommunbibliotek' → 'Lessebo bibliotek': how minutes usually name the library."""
    head, _, last = name.rpartition(" ")
    return f"{head} bibliotek" if head and last.lower() in _LIB_WORDS else ""


def build_libraries(src: Path, areas: list[AreaRow],
                    history: list[HistoryRow]) -> list[list[str]]:
    """Swedish folkbibliotek (KB bibstat 2014), Danish and Norwegian ones from ISIL patterns."""
    lib = src / "libraries"
    dk_names = {a.code: a.name for a in areas if a.country == "DK" and a.kind == "municipality"}
    no_names = {a.code: a.name for a in areas if a.country == "NO" and a.kind == "municipality"}
    no_current = set(no_names)
    no_hist = {h.code: h.successors for h in history if h.kind == "municipality"}
    out: list[list[str]] = []

    folk = [r for r in read_csv(lib / "se_kb_bibstat_libraries_2014.csv")
            if r["Bibliotekstyp"] == "folkbib"]
    by_muni: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in folk:
        by_muni[r["Kommunkod"]].append(r)
    for code in sorted(by_muni):
        libs = by_muni[code]

        def rank(r: dict[str, str]) -> tuple[int, int, str]:
            name = r["Bibliotek"].lower()
            return (r["Sigel"][:1].isdigit(),
                    not ("stadsbibliotek" in name or "huvudbibliotek" in name),
                    r["Bibliotek"])

        main = min(libs, key=rank)
        for r in sorted(libs, key=rank):
            name = r["Bibliotek"].strip()
            out.append(["SE", name, se_library_alias(name), code, r["Sigel"], "", "",
                        "1" if r is main else "0", "KB bibstat 2014 (folkbib)"])

    lobid = (lib / "wikidata_isil_nordic_lobid_2023.tsv").read_text(encoding="utf-8")
    seen: set[str] = set()
    for line in lobid.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        item, label, isil = parts[0], parts[1], parts[2]
        q = qid(item)
        if isil in seen:
            continue
        real_label = label if label and not re.fullmatch(r"Q\d+", label) else ""
        m_dk = re.fullmatch(r"DK-7(\d{3})00", isil)
        if m_dk:
            code = "0" + m_dk.group(1)
            if code not in dk_names:
                continue
            seen.add(isil)
            name = real_label or f"{dk_names[code]} Bibliotek"
            note = "lobid/Wikidata ISIL" + ("" if real_label else "; name derived from kommune")
            out.append(["DK", name, "", code, "", isil, q, "1", note])
            continue
        m_no = re.fullmatch(r"NO-2(\d{4})00", isil)
        if m_no:
            old = m_no.group(1)
            targets = [old] if old in no_current else no_hist.get(old, [])
            if len(targets) != 1 or not real_label:
                continue
            seen.add(isil)
            # the ISIL pattern does not single out main libraries (NO-2500100 is a branch), so
            # only a label naming the municipality marks one
            main = no_names[targets[0]].lower() in real_label.lower()
            out.append(["NO", real_label, "", targets[0], "", isil, q, "1" if main else "0",
                        f"lobid/Wikidata ISIL; kommune from the number {old} in the ISIL"])
    order = {"SE": 0, "NO": 1, "DK": 2}
    out.sort(key=lambda r: (order[r[0]], r[3], r[7] != "1", r[1]))
    return out


# --------------------------------------------------------------------------------------------
# First names
# --------------------------------------------------------------------------------------------


def hunspell_words(paths: list[Path]) -> set[str]:
    """Lower-case stems of Hunspell dictionaries: ordinary words, not proper names."""
    words: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8", errors="replace") as fh:
            next(fh, None)
            for line in fh:
                word = line.split("/", 1)[0].strip()
                if word and word[0].islower():
                    words.add(word)
    return words


HUNSPELL = {
    "sv": [Path("/usr/share/hunspell/sv_SE.dic")],
    "nb": [Path("/usr/share/hunspell/nb_NO.dic"), Path("/usr/share/hunspell/nn_NO.dic")],
    "da": [Path("/usr/share/hunspell/da_DK.dic")],
}


def load_wordlists() -> dict[str, set[str]]:
    """Ordinary (lower-case) words per language, from Debian's Hunspell dictionaries."""
    missing = [str(p) for ps in HUNSPELL.values() for p in ps if not p.exists()]
    if missing:
        raise SystemExit(f"missing Hunspell dictionaries {missing}: apt-get install hunspell-sv "
                         "hunspell-da hunspell-no (or --skip-names)")
    return {lang: hunspell_words(ps) for lang, ps in HUNSPELL.items()}


def build_names(src: Path, place_names: set[str],
                words: dict[str, set[str]]) -> tuple[list[list[str]], list[str]]:
    """Given names with at least ~5 bearers, without counts; and the ones that are also words."""
    try:
        from wordfreq import zipf_frequency
    except ImportError as exc:  # pragma: no cover - build-time dependency
        raise SystemExit("the names step needs `pip install wordfreq` (or --skip-names)") from exc

    names = src / "names"
    bearers: dict[str, dict[str, int]] = defaultdict(dict)
    for fname in ("se_tilltalsnamn_kvinnor_2020.csv", "se_tilltalsnamn_man_2020.csv"):
        for r in read_csv(names / fname):
            bearers[r["name"].strip()]["SE"] = bearers[r["name"].strip()].get("SE", 0) + int(
                r["persons"])
    for r in read_csv(names / "no_personnavn.csv"):
        n = r["navn"].strip()
        bearers[n]["NO"] = bearers[n].get("NO", 0) + int(r["frekvens"] or 0)
    for fname in ("dk_female_first_names_2005.csv", "dk_male_first_names_2005.csv"):
        for r in read_csv(names / fname):
            n = r["name"].strip()
            bearers[n]["DK"] = bearers[n].get("DK", 0) + int(r["count_danmark"] or 0)

    shape = re.compile(r"[A-ZÀ-ÞØÆÅ][a-zß-ÿøæåœ]+(?:[-'][A-ZÀ-ÞØÆÅa-zß-ÿøæå][a-zß-ÿøæåœ]+)*")
    lexicon: list[list[str]] = []
    ambiguous: list[str] = []
    for name in sorted(bearers):
        counts = {c: n for c, n in bearers[name].items() if n >= 5}
        if not counts or name in NAME_JUNK or not shape.fullmatch(name):
            continue
        if len(name) == 2 and name not in TWO_LETTER_NAMES:
            continue
        # three-letter tokens borne by a handful are mostly abbreviations (Adm, Akm, Alx);
        # vowel-less ones always are (Chr, Mhd)
        if (len(name) == 3 and max(counts.values()) < 30) or not VOWELS.search(name):
            continue
        low = name.lower()
        strength = max(counts.values())
        # wordfreq folds case, so a name's own use inflates its score; only languages whose
        # dictionary lists the lower-case word count at all.
        zipf = [zipf_frequency(low, lang) for lang in words if low in words[lang]]
        top = max(zipf, default=0.0)
        # A frequent ordinary word borne by few people is a word, not a name (Alla, Som, Mye,
        # November); a less frequent one with some bearers stays, flagged (Tone, Sol, Vilja).
        if (top >= 5.0 and strength < 500) or (top >= 4.0 and strength < 100):
            continue
        lexicon.append([name, "|".join(c for c in ("SE", "NO", "DK") if c in counts)])
        wordlike = top >= 4.6 or (len(zipf) >= 2 and top >= 3.5)
        if wordlike or name in place_names or name in EXTRA_AMBIGUOUS:
            ambiguous.append(name)
    return lexicon, ambiguous


# --------------------------------------------------------------------------------------------
# Checks on the hand-curated authority list
# --------------------------------------------------------------------------------------------


def check_organisations(path: Path, areas: list[AreaRow], lobid_qids: set[str]) -> list[str]:
    """Problems in organisations.csv: unknown kinds, region codes or unverifiable QIDs."""
    if not path.exists():
        return [f"{path} missing"]
    problems = []
    regions = {(a.country, a.code) for a in areas if a.kind == "region"}
    munis = {(a.country, a.code) for a in areas if a.kind == "municipality"}
    verified = lobid_qids | {"Q458"}  # EU: Q458, verified with the search tool (see SOURCES.md)
    keys: set[str] = set()
    for i, row in enumerate(read_csv(path), start=2):
        where = f"{path.name}:{i}"
        if row["key"] in keys:
            problems.append(f"{where}: duplicate key {row['key']}")
        keys.add(row["key"])
        if row["kind"] not in ORG_KINDS:
            problems.append(f"{where}: unknown kind {row['kind']!r}")
        for code in filter(None, row["region_code"].split("|")):
            if (row["country"], code) not in regions:
                problems.append(f"{where}: unknown region {row['country']} {code}")
        if row["municipality_code"] and (row["country"], row["municipality_code"]) not in munis:
            problems.append(f"{where}: unknown municipality {row['municipality_code']}")
        for col in ("valid_from", "valid_to"):
            if row.get(col) and not row[col].isdigit():
                problems.append(f"{where}: {col} {row[col]!r} is not a year")
        if row["wikidata"] and row["wikidata"] not in verified:
            problems.append(f"{where}: QID {row['wikidata']} not verified in a source")
    return problems


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

COUNTRIES = [
    ["SE", "Sverige", "Q34", "Sweden|Sverige|Sverig|Ruoŧŧa"],
    ["NO", "Norge", "Q20", "Norway|Norge|Noreg|Norga"],
    ["DK", "Danmark", "Q35", "Denmark|Danmark"],
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "gazetteer",
                        help="the copied sources (default: ../shared/gazetteer)")
    parser.add_argument("--skip-names", action="store_true",
                        help="leave data/names untouched (no Hunspell/wordfreq needed)")
    args = parser.parse_args(argv)
    src: Path = args.shared
    if not src.is_dir():
        parser.error(f"{src} is not a directory")

    se = build_sweden(src)
    no, history, no_postal = build_norway(src)
    dk = build_denmark(src)
    areas = se + no + dk
    gaz = DATA / "gazetteer"
    header = ["country", "kind", "code", "name", "official_name", "region_code", "wikidata",
              "aliases"]
    n = write_csv(gaz / "areas.csv", header, (a.row() for a in areas))
    print(f"areas.csv: {n} rows")
    n = write_csv(gaz / "history.csv",
                  ["country", "kind", "code", "name", "valid_from", "valid_to", "successor_codes",
                   "wikidata", "aliases"], (h.row() for h in history))
    print(f"history.csv: {n} rows")
    n = write_csv(gaz / "countries.csv", ["code", "name", "wikidata", "aliases"], COUNTRIES)
    print(f"countries.csv: {n} rows")
    n = write_csv(gaz / "localities.csv", ["country", "name", "municipality_codes"],
                  build_localities(src, areas, no_postal))
    print(f"localities.csv: {n} rows")
    area_names = {a.name for a in areas}
    common = sorted(set(COMMON_WORD_PLACES) & area_names)
    (gaz / "common_words.txt").write_text("\n".join(common) + "\n", encoding="utf-8")
    print(f"common_words.txt: {len(common)} names")
    words = None if args.skip_names else load_wordlists()

    libs = build_libraries(src, areas, history)
    n = write_csv(DATA / "authority" / "libraries.csv",
                  ["country", "name", "aliases", "municipality_code", "sigel", "isil", "wikidata",
                   "main", "note"], libs)
    print(f"libraries.csv: {n} rows")

    if words is not None:
        lexicon, ambiguous = build_names(src, area_names, words)
        n = write_csv(DATA / "names" / "first_names.csv", ["name", "countries"], lexicon)
        print(f"first_names.csv: {n} rows")
        (DATA / "names" / "ambiguous.txt").write_text("\n".join(ambiguous) + "\n",
                                                     encoding="utf-8")
        print(f"ambiguous.txt: {len(ambiguous)} names")

    lobid_text = (src / "libraries" / "wikidata_isil_nordic_lobid_2023.tsv").read_text("utf-8")
    lobid_qids = set(re.findall(r"entity/(Q\d+)", lobid_text))
    problems = check_organisations(DATA / "authority" / "organisations.csv", areas, lobid_qids)
    for problem in problems:
        print("PROBLEM", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
