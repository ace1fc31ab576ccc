"""The lexicon's word patterns are factored into tries: they must match exactly what the flat
alternations they replace (longest word first, or in list order) match."""

from __future__ import annotations

import re

import pytest

from libgraph.extract import lexicon
from libgraph.extract.decisions import _ACTION
from libgraph.extract.lexicon import ACTION_PATTERNS, trie_alternation, word_pattern

LISTS = {name: value for name, value in vars(lexicon).items()
         if name.isupper() and isinstance(value, tuple) and value
         and all(isinstance(word, str) for word in value)}

TEXT = ("Styrelsen beslutade att godkänna budgeten. Enades om: nästa möte. BESLUTADES "
        "senare; beslut: inget. Vedtak: ble enige om\\n  planen, ble   valgt til leder. "
        "Fick i uppdrag att ringa, ansvarar för att boka och ansvarar för lokalen. "
        "Bidraget/støtte-midler, pengarna (Bidrag) kostar 200 kr ex moms pr. deltager. "
        "presenterade och bød velkommen; holdt oplæg, la fram saken.")


def _flat(words: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                    for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE)


def _samples(words: tuple[str, ...]) -> list[str]:
    out = [TEXT]
    for word in words:
        out += [word, word.upper(), f"x {word} y", word + "s", f"({word.title()})",
                word.replace(" ", "\n "), word[:-1], f"{word}-{word}"]
    out.append(" ".join(words))
    return out


@pytest.mark.parametrize("name", sorted(LISTS))
def test_word_pattern_matches_as_the_flat_alternation(name: str) -> None:
    words = LISTS[name]
    flat, trie = _flat(words), word_pattern(words)
    for text in _samples(words):
        assert [m.span() for m in trie.finditer(text)] == \
            [m.span() for m in flat.finditer(text)], text
        assert trie.sub("#", text) == flat.sub("#", text)


def test_action_pattern_matches_as_the_list_in_order() -> None:
    flat = re.compile(r"(?<![\w-])(?:" + "|".join(ACTION_PATTERNS) + r")(?![\w-])",
                      re.IGNORECASE)
    for text in _samples(ACTION_PATTERNS):
        assert [m.span() for m in _ACTION.finditer(text)] == \
            [m.span() for m in flat.finditer(text)], text


def test_trie_refuses_branches_one_character_fits() -> None:
    with pytest.raises(ValueError):
        trie_alternation(["ab", "Ac"])  # "a" and "A" are one letter ignoring case
    assert re.fullmatch(trie_alternation(["a b", "ab"]), "a \n b")


FLAT = {  # the flat alternations the trie patterns replaced, in their list order
    "NEXT_MEETING": (
        r"\b(?:nästa|näst|næste|neste|nye|nytt|kommande|kommende|neste)\s+(?:möte|møte|møde|"
        r"träff|samling|styrgruppsmöte|nätverksträff)\w*"),
    "ORGANISE_VERBS": (
        r"\b(?:inviterer|inviterar|inbjuder|bjuder\s+in|arrangerar|arrangerer|arrangerte|"
        r"arrangerade|arrangerede|anordnar|anordnade|holder|afholder|afholdt|holdt|höll|håller|"
        r"inviterte|inviterade|inviterede|kallar\s+till|kalte\s+inn|indkalder)\b"),
    "_WILL": (
        r"(?<![\w-])(?:kommer\s+att|ska\s+försöka|skal\s+prøve|vil\s+forsøge|ska|skall|skal|vil|"
        r"vill|försöker|försöka|tar\s+fram|lager|laver)(?![\w-])"),
}
PHRASES = ("Nästa möte blir 3 maj, näst mötet; NESTE  MØTET og kommende samling, nye "
           "styrgruppsmöte, nytt nätverksträffar. Vi inviterer og Region X bjuder\nin, "
           "arrangerte, afholdt og holder, höll. Kallar  till möte, kalte inn. Hon ska, skall, "
           "skal prøve, vil forsøge at, vill, kommer att, tar fram, lager og laver, skab.")


@pytest.mark.parametrize("name", sorted(FLAT))
def test_sentence_patterns_match_as_their_flat_alternations(name: str) -> None:
    from libgraph.extract import decisions, meetings

    trie = getattr(meetings, name, None) or getattr(decisions, name)
    flat = re.compile(FLAT[name], re.IGNORECASE)
    for text in (PHRASES, PHRASES.upper(), *PHRASES.split(","), TEXT):
        assert [m.span() for m in trie.finditer(text)] == \
            [m.span() for m in flat.finditer(text)], text


def test_org_word_anchor_matches_as_its_flat_alternation() -> None:
    from libgraph.extract import orgs

    words = "|".join(sorted(orgs._ORG_WORDS, key=len, reverse=True))
    flat = re.compile(rf"(?<=[\wåäöæø.&'-])\s+(?P<word>{words}|"
                      + "|".join(orgs._CAPITAL_LIBRARY) + r")(?![\w-])")
    text = ("Växjö stadsbibliotek och Solrød Bibliotek, Greve Bibliotekerne; Nordea fonden, "
            "Kungliga biblioteket\nKøge Biblioteker og Folkebiblioteket. Alvesta Bibliotekene "
            "Norsk forening Oslo kulturhuset hus huset Museum museet")
    for piece in (text, text.lower(), text.upper(), *text.split()):
        assert [(m.span(), m.group("word")) for m in orgs._ORG_WORD.finditer(piece)] == \
            [(m.span(), m.group("word")) for m in flat.finditer(piece)], piece
