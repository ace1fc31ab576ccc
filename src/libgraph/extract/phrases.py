"""What a short phrase next to a person's name is: a place, an organisation, or a role.

Attendee lists and appositions attach such phrases to people ("Elin Björkman Karlshamn",
"Kerstin Olsson, KB,", "Hugo Rystrøm fra konsulentfirmaet I Pluss"). Deciding what the phrase
is happens here, once, for every recogniser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import ExtractionContext
from .roles import is_role_word

LIBRARY_WORDS = (
    "stadsbibliotek", "stadsbiblioteket", "folkbibliotek", "folkbiblioteket", "bibliotek",
    "biblioteket", "bibliotekene", "biblioteken", "bibliotekerne", "fylkesbibliotek",
    "fylkesbiblioteket", "länsbibliotek", "länsbiblioteket", "regionbibliotek",
    "regionbiblioteket", "centralbibliotek", "centralbiblioteket", "kommunebibliotek",
    "folkebibliotek", "folkebiblioteket", "hovedbibliotek", "hovudbibliotek", "huvudbibliotek",
    "biblioteker",
)
ORG_ENDINGS = (
    "stiftelsen", "stiftelse", "fonden", "fondet", "fond", "museum", "museet", "förbund",
    "förbundet", "forbund", "forbundet", "förening", "föreningen", "forening", "foreningen",
    "forlag", "förlag", "akademi", "akademin", "högskola", "universitet", "universitetet",
    "institut", "institutet", "instituttet", "direktorat", "direktoratet", "departement",
    "departementet", "ministeriet", "styrelsen", "myndighet", "myndigheten", "nämnd", "nämnden",
    "rådet", "råd", "kommune", "kommun", "fylkeskommune", "skole", "skola", "gymnasium",
    "kulturhus", "kulturhuset", "litteraturhus", "huset", "hus",
)
SINGLE_WORD_ORG_ENDINGS = ("förbundet", "forbundet", "stiftelsen", "fonden", "fondet",
                           "föreningen", "foreningen", "tinget", "museet", "rådet", "styrelsen",
                           "direktoratet", "departementet", "ministeriet", "myndigheten",
                           "institutet", "instituttet", "akademin", "universitetet")
COMPANY_SUFFIX = re.compile(r"\b(?:AB|AS|A/S|ASA|ApS|Oy|Ltd|GmbH|Inc)\.?$")
ABBREVIATION = re.compile(r"^[A-ZÅÄÖÆØ][A-ZÅÄÖÆØa-zåäöæø]{0,2}[A-ZÅÄÖÆØ]{1,5}$")
# Common nouns that introduce an organisation's name ("konsulentfirmaet I Pluss").
DESCRIPTORS = re.compile(
    r"^(?:(?:det|den|de|the)\s+)?(?:\w*(?:firma|firmaet|företaget|bolaget|selskapet|selskabet|"
    r"virksomheden|foretaket|organisasjonen|organisationen|föreningen|foreningen|förlaget|"
    r"forlaget|stiftelsen|byrån|byrået|bureauet|konsulentfirmaet))\s+",
    re.IGNORECASE,
)
_SPLIT_FRA = re.compile(r"^(?:fra|från|frå|från|af|ved|v/|hos|på|i|for|för)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Phrase:
    kind: str  # "area" | "org" | "role" | "locality"
    text: str
    start: int
    end: int


def classify(ctx: ExtractionContext, text: str, start: int) -> Phrase | None:
    """Classify ``text`` (found at document offset ``start``).

    The verdict depends on the words only, so it is kept per document: a long list asks
    about the same bodies and places again and again."""
    memo = ctx.memo.setdefault("classify", {})
    if text not in memo:
        memo[text] = _classify(ctx, text)
    verdict = memo[text]
    if verdict is None:
        return None
    kind, clean, offset = verdict
    return Phrase(kind, clean, start + offset, start + offset + len(clean))


def _classify(ctx: ExtractionContext, text: str) -> tuple[str, str, int] | None:
    clean, offset, described = _trim(text)
    if not clean:
        return None
    # "Norsk institutt for studier av forskning (NIFU)": a body given with its abbreviation.
    abbreviated = clean[0].isupper() and _WITH_ABBREVIATION.search(text) is not None
    if _is_org(ctx, clean) or (described and clean[0].isupper()) or abbreviated:
        return "org", clean, offset
    # a place is written with a capital: "vara" (deputy) is not the town Vara
    if clean[0].isupper() and ctx.gazetteer.lookup(clean, country=ctx.country):
        return "area", clean, offset
    if _is_role(clean):
        return "role", clean, offset
    if clean[0].isupper() and ctx.gazetteer.locality(clean, country=ctx.country):
        return "locality", clean, offset
    if " " not in clean and clean[0].isupper() and ctx.gazetteer.lookup(
            clean, country=ctx.country, kind="municipality", fuzzy=True):
        return "area", clean, offset  # a misspelt municipality ("Krokomb")
    return None


_ROLE_OF = re.compile(r"\s(?:för|for|fra|från|frå|i|af|av|hos|ved|vid|på)\s+"
                      r"(?P<body>[A-ZÅÄÖÆØ][^,;()]*)$")


def body_in_role(ctx: ExtractionContext, role: Phrase) -> Phrase | None:
    """The body a role names ("generaldirektör för MTM", "leder af Tænketanken X",
    "projektleder fra Kulturstyrelsen"): the person's affiliation."""
    m = _ROLE_OF.search(role.text)
    if not m:
        return None
    phrase = classify(ctx, m.group("body"), role.start + m.start("body"))
    return phrase if phrase is not None and phrase.kind == "org" else None


def leading_phrase(ctx: ExtractionContext, text: str, start: int, max_words: int = 6
                   ) -> Phrase | None:
    """The longest run of leading words that is an organisation or a place
    ("Växjö stadsbibliotek att ingå" -> "Växjö stadsbibliotek")."""
    words = list(re.finditer(r"\S+", text))[:max_words]
    if not words or not _could_open_a_body(ctx, words[0].group()):
        return None
    for count in range(len(words), 0, -1):
        piece = text[: words[count - 1].end()]
        phrase = classify(ctx, piece, start)
        if phrase is not None and phrase.kind in ("org", "area", "locality"):
            return phrase
    return None


def _could_open_a_body(ctx: ExtractionContext, word: str) -> bool:
    """Bodies and places open with a capital or a digit-free abbreviation; a first word that
    is a function word ("och", "som") opens none, so the longer prefixes need no lookups."""
    word = word.strip(" ,;:()-–—")
    return bool(word) and word.lower() not in _FUNCTION_WORDS


_FUNCTION_WORDS = frozenset({"och", "og", "samt", "som", "att", "at", "å", "är", "er", "var",
                             "har", "ska", "skal", "vil", "kan", "med", "om", "den", "det",
                             "de", "ein", "en", "ett", "et"})


def _trim(text: str) -> tuple[str, int, bool]:
    """Strip brackets, dashes, 'fra'/'från' and descriptor nouns.

    Returns the text, its offset, and whether a descriptor noun ("konsulentfirmaet") named
    what follows as an organisation.
    """
    offset = 0
    described = False
    for pattern in (re.compile(r"^[\s,;:()\-–—/]+"), _SPLIT_FRA, DESCRIPTORS):
        m = pattern.match(text)
        if m:
            offset += m.end()
            text = text[m.end():]
            described = described or pattern is DESCRIPTORS
    text = _TRAILING_NOTE.sub("", text)  # "Alta bibliotek (2 år)", "Nordfylke (NF)"
    text = re.sub(r"\s+§.*$", "", text)  # "mötesordf. § 74-88": the items a role held
    stripped = text.rstrip(" ,;:.()-–—")
    if text[len(stripped):].startswith(".") and _ABBREVIATED_TITLE.search(stripped):
        stripped += "."  # "ordf.", "ref.": an abbreviation keeps its full stop
    return stripped, offset, described


_ABBREVIATED_TITLE = re.compile(r"(?:^|[^\w])(?:\w*ordf|\w*sekr|nestl|styremedl|suppl|ref|fmd|"
                                r"kass|nestf|næstf)$", re.IGNORECASE)


_WITH_ABBREVIATION = re.compile(r"\s\([A-ZÅÄÖÆØ]{2,6}\)[\s.,;]*$")
_TRAILING_NOTE = re.compile(r"\s+\([^()]*\)\s*$")


ROLE_MODIFIERS = frozenset({"tidigare", "f.d.", "fd", "forhenværende", "tidligere", "tidlegare",
                            "ny", "nya", "nye", "nyanställd", "nytilsatt", "tf", "t.f.", "tf.",
                            "konstituerad", "konstituert", "konstitueret", "kst.", "biträdande",
                            "assisterande", "assisterende", "vikarierande",
                            "vikarierende", "fungerande", "fungerende", "fg.", "fung.",
                            "stedfortredende", "stedfortrædende", "vice", "den", "det"})


def is_role_phrase(text: str) -> bool:
    """A role title, possibly with modifiers and a complement ("tf områdeschef", "direktør
    for HR og økonomi")."""
    return _is_role(text)


def _is_role(text: str) -> bool:
    words = text.split()
    while words and words[0].lower() in ROLE_MODIFIERS:
        words = words[1:]
    return bool(words) and is_role_word(words[0]) and len(words) <= 10


def _is_org(ctx: ExtractionContext, text: str) -> bool:
    # A short abbreviation must be written in capitals ("KL" the body, "Kl" the clock).
    if (len(text) > 3 or text.isupper()) and ctx.authority.lookup(text, country=ctx.country):
        return True
    words = text.split()
    if not words or not words[0][0].isupper():
        return False
    last = words[-1].lower()
    if len(words) >= 2 and (last in LIBRARY_WORDS or last in ORG_ENDINGS):
        return True
    if len(words) == 1 and len(last) > 7 and any(
            last.endswith(w) for w in SINGLE_WORD_ORG_ENDINGS):
        return True  # "Studieförbundet", "Nordea-fonden", "Internetstiftelsen", "Fylkestinget"
    if COMPANY_SUFFIX.search(text):
        return True
    if _library_first(words):
        return True
    return len(words) == 1 and bool(ABBREVIATION.match(text))


_LIBRARY_STEM = re.compile(r"(?:bibliotek|biblioteket|biblioteken|bibliotekene|bibliotekerne)$")
_PLACE_LINK = frozenset({"i", "og", "och", "län", "läns", "amt", "kommun", "kommune", "fylke",
                         "region", "&"})


def _library_first(words: list[str]) -> bool:
    """"Länsbiblioteket i Värmland", "Regionbibliotek Kalmar län", "Universitetsbiblioteket i
    Tromsø": a library word first, then the place it serves (capitalised words and links)."""
    if len(words) < 2 or len(words) > 5 or not _LIBRARY_STEM.search(words[0].lower()):
        return False
    linked = all(w[:1].isupper() or w.lower() in _PLACE_LINK for w in words[1:])
    return linked and (words[-1][:1].isupper() or words[-1].lower() in ("län", "amt", "fylke"))


def is_org_like(ctx: ExtractionContext, text: str) -> bool:
    """Public form of the organisation test, for recognisers scanning prose."""
    return _is_org(ctx, text)
