"""Organisations: the authority list, name patterns, and generic references.

Three sources, in order of trust: names and abbreviations from the shipped authority list
(``data/authority``), capitalised phrases ending in a library or organisation word
("Växjö stadsbibliotek", "Jämtlands läns bibliotek", "Nordea-fonden"), and definite generic
references ("fylkesbiblioteket", "regionbiblioteket") that in a document of one region can
only mean that region's agency.
"""

from __future__ import annotations

import re

from ..resolve.textnorm import fold
from .context import ExtractionContext
from .lexicon import trie_alternation
from .phrases import LIBRARY_WORDS, ORG_ENDINGS, classify
from .text import finditer_with

_KIND_BY_WORD = (
    (("fylkesbibliotek", "länsbibliotek", "regionbibliotek", "centralbibliotek", "läns bibliotek",
      "fylkesbiblioteket", "länsbiblioteket", "regionbiblioteket", "centralbiblioteket"),
     "regional_library_agency"),
    (("stadsbibliotek", "folkbibliotek", "bibliotek", "biblioteket", "bibliotekerne",
      "kommunebibliotek", "folkebibliotek", "hovedbibliotek", "huvudbibliotek",
      "stadsbiblioteket", "folkbiblioteket"), "public_library"),
    (("museum", "museet"), "museum"),
    (("stiftelsen", "stiftelse", "fonden", "fondet", "fond"), "foundation"),
    (("studieförbund", "studieförbundet"), "study_association"),
    (("förbund", "förbundet", "forbund", "forbundet", "förening", "föreningen", "forening",
      "foreningen"), "association"),
    (("AB", "AS", "A/S", "ASA", "ApS"), "company"),
)
_GENERIC = re.compile(
    r"(?<![\w-])(?P<word>fylkesbiblioteket|regionbiblioteket|länsbiblioteket|centralbiblioteket)"
    r"s?(?P<tail>\s+i\s+[A-ZÅÄÖÆØ][\wåäöæø]+)?(?![\w-])",
    re.IGNORECASE,
)
_NOT_IN_PROSE = {"kommun", "kommune"}  # "i Lessebo kommun" is a place; a county council is a body
_ORG_WORDS = {*LIBRARY_WORDS, *ORG_ENDINGS} - _NOT_IN_PROSE
# Library words written with a capital, as Danish and Norwegian names often are ("Solrød
# Bibliotek", "Greve Bibliotekerne"): anchors too, after a place name only.
_CAPITAL_LIBRARY = ("Bibliotek", "Biblioteket", "Bibliotekerne", "Biblioteker", "Bibliotekene",
                    "Folkebibliotek")
# An organisation word after a name token: the anchor from which a name is read leftwards.
# (One trie of both lists: a word may match only where no longer word beginning like it does,
# so their order does not matter.)
_ORG_WORD = re.compile(r"(?<=[\wåäöæø.&'-])\s+(?P<word>"
                       + trie_alternation((*_ORG_WORDS, *_CAPITAL_LIBRARY), ignore_case=False)
                       + r")(?![\w-])")
_COMPOUND_ENDS = ("-fonden", "-stiftelsen", "-fondet", "-museet", "-biblioteket")
_COMPOUND = re.compile(r"(?<![\w-])(?P<compound>[A-ZÅÄÖÆØ][\wåäöæø]+"
                       rf"(?:{'|'.join(_COMPOUND_ENDS)}))(?![\w-])")
# One name token, read at the end of a whitespace-separated chunk: capitalised, not glued to
# a word or hyphen on its left ("(Växjö" gives "Växjö").
_NAME_TOKEN = re.compile(r"(?<![\w/-])[A-ZÅÄÖÆØ][\wåäöæø.&'/-]*$")
_INNER_WORDS = frozenset({"läns", "ordets"})  # lower-case words inside a name
_MAX_NAME_WORDS = 10
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SKIP_FIRST = frozenset({"Det", "Den", "De", "Vårt", "Vårat", "Alla", "Hele", "Hela", "Nya",
                         "Nye", "Ny", "Nytt", "Regionala", "Flere", "Flera"})


_SINGLE_ENDS = ("förbundet", "forbundet", "stiftelsen", "fonden", "fondet", "föreningen",
                "foreningen", "tinget", "museet", "direktoratet", "departementet", "ministeriet",
                "institutet", "instituttet")
_SINGLE = re.compile(
    rf"(?<![\w-])(?P<w>[A-ZÅÄÖÆØ][a-zåäöæø]{{2,}}(?:{'|'.join(_SINGLE_ENDS)}))(?![\w-])")
_SINGLE_KIND = (("tinget", "municipality_body"), ("studieförbundet", "study_association"),
                ("förbundet", "association"), ("forbundet", "association"),
                ("föreningen", "association"), ("foreningen", "association"),
                ("stiftelsen", "foundation"), ("fonden", "foundation"), ("fondet", "foundation"),
                ("museet", "museum"), ("direktoratet", "national_agency"),
                ("departementet", "national_agency"), ("ministeriet", "national_agency"))


def read_organizations(ctx: ExtractionContext) -> None:
    """Recogniser: authority matches, name patterns, person affiliations, generic agencies."""
    _from_authority(ctx)
    _named_agencies(ctx)
    _from_patterns(ctx)
    _single_word_names(ctx)
    _from_affiliations(ctx)
    _generic_agencies(ctx)
    _branches(ctx)
    _abbreviations(ctx)


def _from_authority(ctx: ExtractionContext) -> None:
    aliased: set[int] = set()
    for start, end, entry in ctx.authority.find_all(ctx.text, country=ctx.country):
        written = _without_possessive(ctx.text[start:end], entry)
        ctx.add_organization(
            entry.name, ctx.span(start, end, "authority"), alias=written, kind=entry.kind,
            country=entry.country or None, wikidata=entry.wikidata or None,
        )
        if id(entry) in aliased:
            continue  # its aliases written in the text were added at its first mention
        aliased.add(id(entry))
        org = ctx.find_organization(entry.name)
        if org is not None:
            for alias in entry.aliases:
                if alias in ctx.text and re.search(rf"(?<![\w-]){re.escape(alias)}(?![\w-])",
                                                   ctx.text) and \
                        alias not in org.aliases and fold(alias) != fold(org.name):
                    org.aliases.append(alias)


# The first words of an agency named before its area (longer before shorter); each is also
# what a text must hold for the pattern to be tried at all.
_AGENCY_WORDS = ("Länsbiblioteket", "Länsbibliotek", "Regionbiblioteket", "Regionbibliotek",
                 "Fylkesbiblioteket", "Fylkesbibliotek", "Centralbiblioteket", "Centralbibliotek",
                 "Region", "Regionen", "Universitetsbiblioteket", "Kultur")
_AGENCY_FIRST = re.compile(
    rf"(?<![\w-])(?P<name>(?P<word>{'|'.join(_AGENCY_WORDS)})"
    r"(?:[ \t]+i)?[ \t]+(?P<area>[A-ZÅÄÖÆØ][\wåäöæø-]+"
    r"(?:[ \t]+(?:og[ \t]+)?[A-ZÅÄÖÆØ][\wåäöæø-]+)?)"
    r"(?P<lan>[ \t]+läns?)?)(?![\w-])")


def _own_areas(ctx: ExtractionContext, name: str) -> list:
    return [a for a in ctx.gazetteer.lookup(name, country=ctx.country) if a.country == ctx.country]


def _named_agencies(ctx: ExtractionContext) -> None:
    """"Länsbiblioteket i Jönköping", "Regionbibliotek Uppsala län", "Region Gotland": the agency
    or authority of the area named, never the document's own (it is written as it is)."""
    for m in finditer_with(_AGENCY_FIRST, ctx.text, _AGENCY_WORDS):
        area, name = m.group("area"), m.group("name")
        areas = _own_areas(ctx, area)
        if not areas and " " in area:  # "Västra Götaland" is one region, "Uppsala Närvarande" not
            first = area.split()[0]
            areas = _own_areas(ctx, first)
            name = ctx.text[m.start("name"):m.start("area") + len(first)]
        if not areas:
            continue
        if ctx.find_organization(name):
            continue
        region = next((a for a in areas if a.kind == "region"), None)
        agency = "bibliotek" in m.group("word")  # "Region Gotland" is the regional authority
        ctx.add_organization(name, ctx.span(m.start("name"), m.start("name") + len(name),
                                            "org-agency-first"),
                             kind="regional_library_agency" if agency else "other",
                             region=region.name if region else None, country=ctx.country)


def _without_possessive(written: str, entry) -> str:
    """"KB:s", "Kulturrådets" -> "KB", "Kulturrådet" when the short form is a known label."""
    labels = {fold(label) for label in (entry.name, *entry.aliases)}
    for cut in (":s", "'s", "’s", "s"):
        if written.endswith(cut) and fold(written[: -len(cut)]) in labels:
            return written[: -len(cut)]
    return written


_AND_BEFORE = re.compile(r"(?<![\w-])(?P<w>[A-ZÅÄÖÆØ][\wåäöæø-]+)\s+(?:og|och)\s+$")
_AND_AFTER = re.compile(r"\s+(?:og|&)\s+(?:[Bb]yarkiv|[Aa]rkiv|[Kk]ulturhus|[Mm]useum|"
                        r"[Bb]orgerservice|[Kk]ulturhuset)(?![\w-])")


def _whole_name(ctx: ExtractionContext, start: int, name: str) -> tuple[int, str]:
    """Widen a phrase over "og": an area of two names before it ("Vestfold og Telemark
    fylkesbibliotek") and a second institution after it ("Bodø bibliotek og byarkiv")."""
    before = _AND_BEFORE.search(ctx.text, max(0, start - 40), start)
    if before is not None:
        joined = ctx.text[before.start("w"):start] + name.split()[0]
        if _own_areas(ctx, joined):
            start, name = before.start("w"), ctx.text[before.start("w"):start + len(name)]
    after = _AND_AFTER.match(ctx.text, start + len(name))
    if after is not None:
        name = ctx.text[start:after.end()]
    return start, name


def _from_patterns(ctx: ExtractionContext) -> None:
    for start, name in org_phrases(ctx.text):
        start, name = _whole_name(ctx, start, name)
        first = name.split()[0]
        if first in _SKIP_FIRST or ctx.find_organization(name):
            continue
        if ctx.names.is_first_name(first) and len(name.split()) > 2:
            continue  # "Emelie Faxe Lessebo bibliotek": the person is not part of the name
        _add_pattern_org(ctx, name, start)


def org_phrases(text: str) -> list[tuple[int, str]]:
    """(start, name) of capitalised phrases ending in an organisation word ("Växjö
    stadsbibliotek", "Jämtlands läns bibliotek") and of hyphen compounds ("Nordea-fonden").

    Linear in the text: each organisation word is an anchor and the name is read leftwards
    from it, over at most ``_MAX_NAME_WORDS`` tokens and never into an earlier match. (The
    regular expression this replaces tried every capitalised word as a start and backtracked
    over the whole run when no organisation word followed: quadratic on long runs of
    capitalised words, as PDF transcripts of attendance lists have.)
    """
    found: list[tuple[int, int, str]] = []
    floor = 0
    for m in _ORG_WORD.finditer(text):
        start = _name_start(text, m.start(), floor)
        if start is not None and m.group("word")[0].isupper():
            start = _capital_library_start(text, start, m.start())
        if start is not None:
            found.append((start, m.end(), text[start:m.end()]))
            floor = m.end()
    for m in finditer_with(_COMPOUND, text, _COMPOUND_ENDS):
        found.append((m.start(), m.end(), m.group("compound")))
    found.sort()
    chosen: list[tuple[int, str]] = []
    last_end = -1
    for start, end, name in found:
        if start >= last_end:
            chosen.append((start, name))
            last_end = end
    return chosen


def _capital_library_start(text: str, start: int, end: int) -> int | None:
    """A capitalised library word names a library only after a place's name, and the name
    does not reach back over an earlier library word ("Køge Bibliotek Solrød Bibliotek")."""
    words = text[start:end].split()
    for idx in range(len(words) - 1, -1, -1):
        if words[idx].lower().startswith("bibliotek"):
            words = words[idx + 1:]
            break
    if not words:
        return None
    return end - len(" ".join(words)) if text[start:end].endswith(" ".join(words)) else None


def _name_start(text: str, end: int, floor: int) -> int | None:
    """Where the run of name tokens that ends at ``end`` starts: the leftmost capitalised
    token of an unbroken run (lower-case inner words allowed), or None if the word before
    ``end`` is not a name token."""
    window_start = max(floor, end - 60 * _MAX_NAME_WORDS)
    blanks = list(_BLANK_LINE.finditer(text, window_start, end))
    if blanks:  # a name never runs over a blank line (a heading above it)
        window_start = blanks[-1].end()
    chunks = list(re.finditer(r"\S+", text[window_start:end]))
    start: int | None = None
    for chunk in reversed(chunks[-_MAX_NAME_WORDS:]):
        token = _NAME_TOKEN.search(chunk.group())
        if token is not None:
            start = window_start + chunk.start() + token.start()
            if token.start() > 0:
                break  # "(Växjö": the name cannot extend past the bracket
            continue
        if chunk.group() in _INNER_WORDS:
            continue
        break
    return start


def _single_word_names(ctx: ExtractionContext) -> None:
    """One-word names built on an organisation word: "Fylkestinget", "Studieförbundet"."""
    for m in finditer_with(_SINGLE, ctx.text, _SINGLE_ENDS):
        word = m.group("w")
        if ctx.find_organization(word) or ctx.gazetteer.lookup(word):
            continue
        kind = next((k for ending, k in _SINGLE_KIND if word.lower().endswith(ending)), "other")
        ctx.add_organization(word, ctx.span(m.start("w"), m.end("w"), "org-word"), kind=kind,
                             country=ctx.country)


def _add_pattern_org(ctx: ExtractionContext, name: str, start: int) -> None:
    kind = _kind_of(name)
    municipality, region = _area_of(ctx, name)
    words = name.split()
    if kind == "public_library" and municipality is None and region is None:
        if len(words) == 2 and words[0].endswith("s") and len(words[0]) > 4 and \
                words[1].lower().startswith("bibliotek"):
            # "Stortingets bibliotek": the library of a named body
            ctx.add_organization(name, ctx.span(start, start + len(name), "org-pattern"),
                                 kind="other", country=ctx.country)
        return  # "Stärkta bibliotek", "Og bibliotekerne": a library word is not a name alone
    if kind == "public_library" and region and not municipality:
        kind = "regional_library_agency"
    ctx.add_organization(name, ctx.span(start, start + len(name), "org-pattern"), kind=kind,
                         municipality=municipality, region=region, country=ctx.country)


def _kind_of(name: str) -> str:
    words = name.split()
    tail2 = " ".join(words[-2:]).lower()
    last = words[-1]
    for endings, kind in _KIND_BY_WORD:
        for ending in endings:
            if tail2 == ending.lower() or last.lower() == ending.lower() or (
                    last.lower().endswith(ending.lower()) and len(ending) > 6):
                return kind
    return "other"


def _area_of(ctx: ExtractionContext, name: str) -> tuple[str | None, str | None]:
    first = name.split()[0]
    for candidate in (first, first.rstrip("s")):
        areas = ctx.gazetteer.lookup(candidate, country=ctx.country)
        for area in areas:
            if area.kind == "municipality":
                region = ctx.gazetteer.region_of(area)
                return area.name, region.name if region else None
        for area in areas:
            if area.kind == "region":
                return None, area.name
    return None, None


def _from_affiliations(ctx: ExtractionContext) -> None:
    """An affiliation that reads as an organisation is one, even if nothing else named it."""
    for person in ctx.persons.values():
        aff = person.affiliation
        if not aff or ctx.find_organization(aff):
            continue
        phrase = classify(ctx, aff, 0)
        if aff in ctx.org_affiliations or (phrase is not None and phrase.kind == "org"):
            spans = ctx.affiliation_spans.get(person.name, [])
            ctx.add_organization(aff, spans[0] if spans else None, kind=_kind_of(aff),
                                 country=ctx.country)


def _generic_agencies(ctx: ExtractionContext) -> None:
    """"fylkesbiblioteket" in a Troms document is Nordland fylkesbibliotek. Where the region
    cannot be told, the definite reference still names an organisation (the page's own
    agency): it is kept under the name as written."""
    agency = _regional_agency(ctx)
    if agency is None:
        for m in _GENERIC.finditer(ctx.text):
            if m.group("tail"):
                continue  # "Länsbiblioteket i X" is X's agency, not an unnamed one
            word = m.group("word")
            ctx.add_organization(word[0].upper() + word[1:].lower(),
                                 ctx.span(m.start("word"), m.end("word"), "generic-agency"),
                                 kind="regional_library_agency", country=ctx.country)
        return
    for m in _GENERIC.finditer(ctx.text):
        if m.group("tail"):
            continue  # "Länsbiblioteket i X" is X's agency (read by _named_agencies)
        written = m.group(0)
        ctx.add_organization(agency.name, ctx.span(m.start(), m.end(), "generic-agency"),
                             alias=written.lower() if written[0].isupper() else written,
                             kind=agency.kind, country=agency.country or None,
                             wikidata=agency.wikidata or None)


# The preposition is matched, not looked behind for: thirteen look-behinds tried at every
# offset of the text cost more than the rest of the organisation reader. (Matches cannot
# overlap, a preposition being lower case, so the matches are the same.)
_ABBREVIATION = re.compile(
    r"\b(?:for|för|med|fra|från|frå|hos|ved|vid|i|på|mellem|mellan) "
    r"(?P<a>[A-ZÅÄÖÆØ]{2,6})(?P<s>s|:s)?(?![\w-])")
_NOT_ABBREVIATIONS = frozenset({"PDF", "IT", "OK", "CV", "TV", "DVD", "CD", "PC", "AV", "ID",
                                "PS", "OBS", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI",
                                "USB", "SMS", "APP", "WEB", "HTML", "URL", "TID", "STED",
                                "SAK", "MØDE", "MÖTE", "MØTE", "NY", "NYT"})


_BRACKETED = re.compile(r"\s*\((?P<a>[A-ZÅÄÖÆØ][A-ZÅÄÖÆØa-zåäöæø]{0,2}[A-ZÅÄÖÆØ]{1,4})\)")


def _bracketed_aliases(ctx: ExtractionContext) -> None:
    """"Universitetsbiblioteket i Bergen (UB)": the short form in brackets is an alias."""
    for org in list(ctx.organizations.values()):
        for span in list(org.spans):
            m = _BRACKETED.match(ctx.text, span.end)
            if m and m.group("a") not in org.aliases and not ctx.find_organization(m.group("a")):
                org.aliases.append(m.group("a"))


def _abbreviations(ctx: ExtractionContext) -> None:
    """An upper-case short name after a preposition ("formand for XYZ", "samverka med XYZ")
    names an organisation; each distinct abbreviation is its own (never merged with a
    look-alike one letter apart)."""
    _bracketed_aliases(ctx)
    for m in _ABBREVIATION.finditer(ctx.text):
        abbr = m.group("a")
        if abbr in _NOT_ABBREVIATIONS or ctx.find_organization(abbr) or \
                ctx.gazetteer.lookup(abbr, country=ctx.country):
            continue
        uses = re.findall(rf"(?<![\w-]){abbr}(?:s|:s)?(?![\w-])", ctx.text)
        if len(uses) < 2:
            continue  # once, it may be emphasis ("fra MIN stol") or a law ("GDPR")
        ctx.add_organization(abbr, ctx.span(m.start("a"), m.end("a"), "org-abbreviation"),
                             kind="other", country=ctx.country)


_BRANCH = re.compile(
    r"\s+(?P<word>avd\.|avdeling|avdelning|afdeling|afd\.|krets|kreds|lokallag|lokalavdeling|"
    r"sektion|seksjon|region)[ \t]+(?P<b>[A-ZÅÄÖÆØ][\wåäöæø-]+(?:[ \t]+[A-ZÅÄÖÆØ][\wåäöæø-]+)?)")


def _branches(ctx: ExtractionContext) -> None:
    """"Norsk Bibliotekforening avd. Nordvest": a branch of a national association is an
    organisation of its own (the association stays as well)."""
    for org in list(ctx.organizations.values()):
        for span in list(org.spans):
            m = _BRANCH.match(ctx.text, span.end)
            if m is None:
                continue
            name = ctx.text[span.start:m.end()]
            ctx.add_organization(name, ctx.span(span.start, m.end(), "org-branch"),
                                 kind=org.kind or "association", country=ctx.country)


def _regional_agency(ctx: ExtractionContext):
    """The regional agency of the region the document names most, from the authority list."""
    counts: dict[str, int] = {}
    for _s, _e, area in ctx.area_mentions:
        region = area if area.kind == "region" else ctx.gazetteer.region_of(area)
        if region is not None and region.country == ctx.country:
            counts[region.code] = counts.get(region.code, 0) + (2 if area.kind == "region" else 1)
    if not counts:
        return None
    code = max(counts.items(), key=lambda kv: kv[1])[0]
    agencies = ctx.authority.regional_agencies(ctx.country, code)
    return agencies[0] if len(agencies) == 1 else None
