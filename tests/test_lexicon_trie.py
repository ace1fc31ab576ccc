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
