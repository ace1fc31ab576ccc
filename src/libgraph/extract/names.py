"""Recognising person names: given names from the shipped lexicon, surnames by shape.

No statistical model can be downloaded here, so a name is a given name from the national name
lists followed by capitalised surname tokens. A surname that is also a place ("Eva Lund") is
still taken when it directly follows the given name, because that is how Scandinavians write
names; a *second* trailing token that is a place, organisation or role is left to the caller
as the person's affiliation ("Elin Björkman Karlshamn").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import (
    ABSENT_HEADERS,
    AGENDA_WORDS,
    CHAIR_HEADERS,
    MINUTE_TAKER_HEADERS,
    PRESENT_HEADERS,
    STOPWORDS,
)

UPPER = "A-ZÅÄÖÆØÉÜÁÓÍÚÈ"
LOWER = "a-zåäöæøéüáóíúèëïç"
# A name token; "Holm- Sørensen" (a PDF line-break hyphen) is one token. A token also ends
# where a capitalised word is glued to it ("Nina TveterLars Holm": a flattened list lost the
# line breaks between its names), but not inside an abbreviation ("BiBK").
_NAME_TOKEN = (rf"[{UPPER}][{LOWER}]+(?:(?:-[ \t](?=[{UPPER}])|[-'’])[{UPPER}]?[{LOWER}]+)*"
               rf"(?:(?!\w)|(?=[{UPPER}][{LOWER}]))")
_TOKEN_RE = re.compile(
    rf"(?P<tok>{_NAME_TOKEN}|[{UPPER}]\.(?:-?[{UPPER}]\.)?|[{UPPER}](?![\w.]))"
    rf"|(?P<particle>\b(?:von|van|af|de|da|di|du|der|den|ter|la|le|zu)\b)",
)
_CAPSEQ_RE = re.compile(
    rf"(?<![\w-]){_NAME_TOKEN}"
    rf"(?:(?:[ \t]+(?:(?:von|van|af|de|da|du|der|den|ter|la|le)[ \t]+)*|(?<=[{LOWER}]))"
    rf"(?:{_NAME_TOKEN}|[{UPPER}]\.(?:-?[{UPPER}]\.)?|[{UPPER}](?![\w.])))*"
)
# Words that are never surnames even when capitalised (sentence starts, org and place words).
NOT_SURNAME = frozenset(
    [
        "Det", "Den", "De", "Der", "Och", "Og", "Samt", "Men", "För", "For", "Fra", "Från", "Frå",
        "Till", "Til", "Med", "Ved", "Vid", "Om", "Är", "Er", "Var", "Har", "Kommun", "Kommune",
        "Kommunes", "Region", "Regionen", "Län", "Läns", "Fylke", "Fylkeskommune", "Bibliotek",
        "Biblioteket", "Stadsbibliotek", "Folkbibliotek", "Folkebibliotek", "Bibliotekerne",
        "Biblioteken", "Skole", "Skola", "Skolan", "Universitet", "Högskola", "Museum", "Museet",
        "Centret", "Centralbibliotek", "Fylkesbibliotek", "Regionbibliotek", "Kulturhus",
        "Kulturhuset", "Stiftelse", "Stiftelsen", "Fonden", "Förening", "Forening", "Förbund",
        "Forbund", "Projekt", "Prosjekt", "Projektet", "Prosjektet", "Nyhetsbrev", "Bilaga",
        "Vedlegg", "Bilag", "Sak", "Punkt", "Ärende", "Möte", "Møte", "Møde", "Mötet", "Møtet",
        "Mødet", "Januari", "Februari", "Mars", "April", "Maj", "Juni", "Juli", "Augusti",
        "September", "Oktober", "November", "December", "Januar", "Februar", "Marts", "Mai",
        "August", "Desember", "Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Mandag",
        "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag", "Lørdag", "Søndag",
        "Måndag"
    ]
)


# Structure words of minutes (list headers, agenda words) are never part of a name, even
# where a lexicon lists one as a given name ("Saker") or one follows a name in run-on text
# ("... Regionbibliotek Sydmark Förhinder Eva ...").
NOT_NAME_WORDS = frozenset(
    [w for w in (*PRESENT_HEADERS, *ABSENT_HEADERS, *MINUTE_TAKER_HEADERS, *CHAIR_HEADERS,
                 *AGENDA_WORDS) if " " not in w]
    # the first word of a two-word header: "Anna Berg Anmält förhinder", "Per Ek Meldt forfall"
    + [w.split()[0] for w in ABSENT_HEADERS if " " in w and len(w.split()[0]) > 3]
    + ["kl", "tid", "ca"])
_SURNAME_SHAPE = re.compile(r"(?:sen|son|ssen|sson|dottir|dóttir)$")
_HYPHEN_GAP = re.compile(r"(?<=\w)-[ \t]+(?=[A-ZÅÄÖÆØ])")

PARTICLES = frozenset({"von", "van", "af", "de", "da", "di", "du", "der", "den", "ter", "la", "le",
                       "zu"})


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    name: str
    given: str
    surname: str | None

    @property
    def is_full(self) -> bool:
        return self.surname is not None


class _Tok:
    """A token of a capitalised run. A plain slotted class, with ``is_initial`` worked out
    once: the name reader makes and asks about hundreds of thousands of them per corpus."""

    __slots__ = ("end", "is_initial", "start", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text
        # "K.", "K", "T.B.", "A.-K.": letters with full stops, at most two.
        letters = text.replace(".", "").replace("-", "")
        self.is_initial = len(letters) <= 2 and letters.isupper() and (
            text.endswith(".") or len(text) == 1)


def _tokens(seq: str, offset: int) -> list[_Tok]:
    return [_Tok(offset + m.start(), offset + m.end(), m.group()) for m in _TOKEN_RE.finditer(seq)]


def is_given(token: str, is_first_name: Callable[[str], bool]) -> bool:
    """A given name, or a hyphenated pair of them ("Anna-Karin")."""
    if is_first_name(token):
        return True
    parts = token.split("-")
    return len(parts) == 2 and all(p and is_first_name(p) for p in parts)


def find_names(
    text: str,
    is_first_name: Callable[[str], bool],
    is_other: Callable[[str], bool] = lambda _t: False,
    start: int = 0,
    end: int | None = None,
) -> list[NameMatch]:
    """Person names in ``text[start:end]``.

    ``is_other(token)`` says a token is a known place, organisation or role word, so it ends a
    name unless it is the first surname token.
    """
    end = len(text) if end is None else end
    found: list[NameMatch] = []
    for m in _CAPSEQ_RE.finditer(text, start, end):
        found.extend(n for n in _names_in_sequence(text, _tokens(m.group(), m.start()),
                                                   is_first_name, is_other)
                     if not _STREET_AFTER.match(text, n.end)
                     and not _EPONYM_AFTER.match(text, n.end))
    return found


# "Fridtjof Nansens Institutt", "Astrid Lindgrens Bibliotek": a body named after a person.
_EPONYM_AFTER = re.compile(r"[ \t]+(?=(?-i:[A-ZÅÄÖÆØ]))\w*(?:institut|institutt|senter|center|"
                           r"centret|akademi|bibliotek|biblioteket|museum|museet|fond|fondet|stiftelse|"
                           r"selskab|selskap|skole|skola|gård|gården|hus|huset)\b",
                           re.IGNORECASE)
# "Karl Johans gate", "Olav Kyrres plass", "Hans Nielsen Hauges vej": a street, not a person.
_STREET_AFTER = re.compile(r"[ \t]+(?:gate|gata|gatan|gaten|vei|veien|vej|vejen|väg|vägen|gade|"
                           r"plads|plass|plassen|torg|torget|allé|alle|stræde|stredet|gränd)\b")


def _names_in_sequence(text: str, toks: list[_Tok], is_first_name: Callable[[str], bool],
                       is_other: Callable[[str], bool]) -> list[NameMatch]:
    out: list[NameMatch] = []
    i = 0
    while i < len(toks):
        match, i = _one_name(text, toks, i, is_first_name, is_other)
        if match is not None:
            out.append(match)
    return out


def _one_name(text: str, toks: list[_Tok], i: int, is_first_name: Callable[[str], bool],
              is_other: Callable[[str], bool]) -> tuple[NameMatch | None, int]:
    first = toks[i]
    if (first.is_initial or first.text in NOT_SURNAME or first.text.lower() in STOPWORDS
            or first.text.lower() in NOT_NAME_WORDS or not is_given(first.text, is_first_name)):
        return None, i + 1
    if i + 1 < len(toks) and is_other(first.text) and _starts_new_name(toks, i + 1, is_first_name,
                                                                     is_other):
        # "... Regionbibliotek Sydmark Birgitta Holm": a place that is also a given name, then
        # a person; the place ends the previous entry.
        return None, i + 1
    j = i + 1
    if j + 1 < len(toks) and _second_given(toks, j, is_first_name, is_other):
        j += 1
    while j < len(toks) and toks[j].is_initial and toks[j].text.endswith("."):
        j += 1
    given_end = toks[j - 1].end
    if j > i + 1 and toks[j - 1].is_initial and j < len(toks) and is_given(
            toks[j].text, is_first_name) and not _SURNAME_SHAPE.search(toks[j].text):
        # "Anette E. Tiffany har ...": the initial closes the name, a new one begins.
        return _match(text, first, toks[j - 1], toks[j - 2].end, toks[j - 1].text), j
    if j < len(toks) and toks[j].is_initial and not toks[j].text.endswith("."):
        # "Sofia L": a given name and a surname initial.
        return _match(text, first, toks[j], given_end, toks[j].text), j + 1
    k = j
    while k < len(toks) and toks[k].text in PARTICLES:
        k += 1  # "Per af Klintberg", "Kari van der Berg"
    if k > j and k < len(toks) and toks[k].text[0].isupper() and _surname_ok(toks[k],
                                                                           lambda _t: False):
        return _match(text, first, toks[k], given_end, text[toks[j].start:toks[k].end]), k + 1
    if j < len(toks) and _surname_ok(toks[j], lambda _t: False) and not toks[j].is_initial \
            and toks[j].text not in PARTICLES:
        last = j
        # "Hilde Aasen Brekke", "Karolina Dahl Ekberg": a second surname, unless the word
        # is a place or body (an affiliation) or begins the next person of a run-on list.
        if (last + 1 < len(toks) and _surname_ok(toks[last + 1], is_other)
                and toks[last + 1].text not in PARTICLES
                and not _starts_new_name(toks, last + 1, is_first_name, is_other)):
            last += 1
        return _match(text, first, toks[last], given_end,
                      text[toks[j].start:toks[last].end]), last + 1
    return NameMatch(first.start, given_end, text[first.start:given_end],
                     text[first.start:given_end], None), j


def _match(text: str, first: _Tok, last: _Tok, given_end: int, surname: str) -> NameMatch:
    """A name from ``first`` to ``last``; a PDF line-break hyphen ("Holm- Sørensen") is
    closed up in the name, the span still covers the text as written."""
    return NameMatch(first.start, last.end, _closed_up(text[first.start:last.end]),
                     text[first.start:given_end], _closed_up(surname))


def _closed_up(name: str) -> str:
    """``name`` with a line-break hyphen closed up ("Holm- Sørensen" -> "Holm-Sørensen");
    most names have no hyphen, and the test for one is cheaper than the substitution."""
    return _HYPHEN_GAP.sub("-", name) if "-" in name else name


def _second_given(toks: list[_Tok], j: int, is_first_name: Callable[[str], bool],
                  is_other: Callable[[str], bool]) -> bool:
    """"Anna Karin Svensson", "Mette Louise Krogh": a second given name when a surname
    follows it that does not itself begin the next person ("Anna Per Ek" stays apart)."""
    if not is_given(toks[j].text, is_first_name) or toks[j].text.lower() in NOT_NAME_WORDS:
        return False
    nxt = toks[j + 1]
    if not _surname_ok(nxt, is_other):
        return False
    return not _starts_new_name(toks, j + 1, is_first_name, is_other)


def _starts_new_name(toks: list[_Tok], j: int, is_first_name: Callable[[str], bool],
                     is_other: Callable[[str], bool]) -> bool:
    """Whether ``toks[j]`` opens a new full name: a given name that is not surname-shaped
    ("-sen", "-son"), followed by a word that can be a surname."""
    tok = toks[j]
    if not is_given(tok.text, is_first_name) or _SURNAME_SHAPE.search(tok.text):
        return False
    return j + 1 < len(toks) and _surname_ok(toks[j + 1], lambda _t: False) and \
        not toks[j + 1].is_initial


def _surname_ok(tok: _Tok, is_other: Callable[[str], bool]) -> bool:
    return (tok.text not in NOT_SURNAME and tok.text.lower() not in STOPWORDS
            and tok.text.lower() not in NOT_NAME_WORDS and not tok.is_initial
            and not _is_org_word(tok.text) and not is_other(tok.text))


# Words that end in an organisation noun are never surnames ("Fridtjof Nansens Institutt").
_ORG_WORD = re.compile(
    r"(?:institut|institutt|instituttet|institutet|senter|senteret|center|centret|centre|"
    r"akademi|akademin|akademiet|høgskole|høgskolen|högskola|högskolan|universitet|"
    r"universitetet|bibliotek|biblioteket|bibliotekerne|bibliotekene|museum|museet|fond|fondet|"
    r"fonden|stiftelse|stiftelsen|selskab|selskabet|selskap|selskapet|forlag|förlag|"
    r"departement|departementet|direktorat|direktoratet|förening|föreningen|forening|"
    r"foreningen|forbund|forbundet|förbund|förbundet|kommune|kommun|råd|rådet|nämnd|nämnden|"
    r"styrelse|styrelsen|verket|arkiv|arkivet|tinget|kontor|kontoret|byrå|byrån|byrået|"
    r"gruppe|gruppen|gruppa|udvalg|udvalget|utvalg|utvalget|kommitté|komité|komiteen|"
    r"sekretariat|sekretariatet|avdeling|avdelingen|afdeling|afdelingen|förvaltning|"
    r"förvaltningen|forvaltning|forvaltningen)$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _is_org_word(word: str) -> bool:
    """Whether ``word`` ends in an organisation noun (asked once per word: the pattern is
    tried at every letter of the word)."""
    return _ORG_WORD.search(word) is not None


def initials(name: str) -> str:
    """"Kristina Hedberg" -> "KH"; "Anna-Karin Lind" -> "AKL"."""
    return "".join(part[0] for part in re.split(r"[\s-]+", name) if part and part[0].isupper())


# Typical Scandinavian surname endings: with one of them, a capitalised word pair can be a name
# even when the given name is not in the lexicon ("Nimmi Olsen"), where context says a
# person is named (a list entry, a presenter, a role apposition).
_SURNAME_ENDING = re.compile(
    r"(?:sen|son|ssen|sson|ström|strøm|qvist|kvist|gren|berg|lund|holm|dahl|stedt|bäck|bæk|"
    r"gaard|gård|heim|vold|bakken|haug|dóttir|dottir)$")
_UNLISTED = re.compile(
    rf"(?P<given>(?:[{UPPER}]\.[ \t]?){{1,2}}|{_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN})?)[ \t]+"
    rf"(?P<surname>{_NAME_TOKEN})")


def find_unlisted_name(text: str, is_other: Callable[[str], bool] = lambda _t: False,
                       start: int = 0, any_surname: bool = False) -> NameMatch | None:
    """A name at ``text[start:]`` whose given name the lexicon lacks: initials and a surname
    ("K. Holm", "A.B. Lund") or words and a surname of a typical shape ("Nimmi Olsen").
    Only for places where context says a person is named; never a structure word, place,
    body or role."""
    m = _UNLISTED.match(text, start)
    if not m:
        return None
    given, surname = m.group("given").strip(), m.group("surname")
    words = [*given.split(), surname]
    if any(w in NOT_SURNAME or w.lower() in STOPWORDS or w.lower() in NOT_NAME_WORDS
           for w in words if not w.endswith(".")):
        return None
    if any(is_other(w) for w in given.split() if not w.endswith(".")):
        return None  # a place, body or role word is not a given name ("Region Olsen")
    if not given.endswith(".") and not any_surname and not _SURNAME_ENDING.search(surname):
        return None
    if any(_is_org_word(w) for w in words):
        return None
    return NameMatch(m.start(), m.end(), _closed_up(m.group()), given, surname)
