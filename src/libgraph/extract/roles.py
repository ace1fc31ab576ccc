"""Role titles ("bibliotekschef", "Fylkesbiblioteksjef", "projektledare", "ordförande").

Role words are read from the SKOS role vocabulary (``ontology/roles.ttl``) so the vocabulary
and the extractor cannot drift apart; compound titles are also caught by their endings,
because Scandinavian titles are compounds ("kulturoch­bibliotekschef", "barnbibliotekarie").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..vocab import Vocabulary

ROLE_ENDINGS = (
    "chef", "sjef", "ledare", "leder", "leiar", "bibliotekarie", "bibliotekar", "konsulent",
    "rådgiver", "rådgivare", "rådgjevar", "samordnare", "koordinator", "sekreterare",
    "sekretær", "direktör", "direktør", "ordförande", "formand", "referent", "strateg",
    "utvecklare", "handläggare", "assistent", "ansvarig", "ansvarlig", "ledamot", "styremedlem",
    "representant", "pedagog", "projektledare", "prosjektleder", "projektleder", "nestleder",
    "næstformand", "kassör", "kasserer", "revisor", "dirigent", "møteleiar", "mødeleder",
    "møteleder", "ordstyrer", "kontaktperson", "udvikler", "utvikler", "medarbejder",
    "medarbeider", "medarbetare", "specialist", "spesialist", "saksbehandler",
    "sagsbehandler", "fuldmægtig", "kommunikatør", "suppleant", "varamedlem", "justerare",
    "förste", "formann", "forkvinne", "leiar", "nestleiar", "sekretariatschef",
)
# Abbreviated titles in lists ("Anna Berg, ordf.", "Per Ek (sekr.)"): matched whole.
ROLE_ABBREVIATIONS = frozenset({
    "ordf.", "ordf", "v.ordf.", "v. ordf.", "vice ordf.", "sekr.", "sekr", "nestl.", "nestl",
    "nestf.", "næstf.", "fmd.", "fmd", "kass.", "ref.", "ref", "suppl.", "vara", "adj.",
    "leder", "leiar", "formand", "formann",
})
# Compounds ending in an abbreviated title ("mötesordf.", "v.ordf.", "styremedl.").
_ABBREVIATED = re.compile(r"(?:ordf|sekr|nestl|styremedl|suppl)\.?$", re.IGNORECASE)
# Abbreviations that make their bearer the minute taker.
MINUTE_TAKER_ROLES = frozenset({"ref.", "ref", "referent", "sekr.", "sekr", "referat",
                                "protokollförare", "protokollfører", "protokollførar",
                                "mötessekreterare", "sekreterare", "sekretær", "referent.",
                                "vid protokollet", "justeringsman"})
# Endings that look like roles but are ordinary nouns in minutes.
NOT_ROLES = frozenset({"biblioteksledare", "bibliotekarier", "chefer", "ledere", "ledare."})


@cache
def role_words() -> frozenset[str]:
    """Lower-case role labels from the vocabulary (all languages)."""
    return frozenset(label.lower() for label in Vocabulary.load().labels("role"))


_ROLE_END_RE = re.compile(
    r"(?:" + "|".join(sorted(ROLE_ENDINGS, key=len, reverse=True)) + r")(?:en|n)?$", re.I
)


@lru_cache(maxsize=65536)
def is_role_word(token: str) -> bool:
    """A single word that is a role title (any case). Kept per word: the name and list
    readers ask about every capitalised word, most of them many times."""
    if token.lower().strip(",:;()") in ROLE_ABBREVIATIONS or _ABBREVIATED.search(token):
        return True
    word = token.lower().strip(".,:;()")
    if len(word) < 4 or word in NOT_ROLES:
        return False
    return word in role_words() or bool(_ROLE_END_RE.search(word))


def role_prefix(text: str) -> int:
    """Length of leading role words in ``text`` ("Fylkesbiblioteksjef Birgit" -> 19)."""
    pos = 0
    for m in re.finditer(r"\S+", text):
        if m.start() != pos and text[pos:m.start()].strip():
            break
        if not is_role_word(m.group()):
            break
        pos = m.end()
        rest = text[pos:]
        if not rest.startswith(" "):
            break
        pos += 1
    return text[:pos].rstrip().__len__()


def concept_for_role(role: str) -> str | None:
    """The role concept slug whose label occurs in a written role, if any (the mapping asks
    ``vocab.Vocabulary`` itself: ``rdf/`` does not import from ``extract/``)."""
    return Vocabulary.load().match_concept("role", role)
