"""Person names: given names from a lexicon, surnames by shape."""

from libgraph.extract.names import find_names, initials

GIVEN = {"Anna", "Maria", "Anette", "Annette", "Tiffany", "Sofia", "Eva", "Elin", "Gunhild",
         "Karin", "Birgit", "Hugo", "Per", "Kari"}


def names(text: str, other: set[str] | None = None) -> list[str]:
    return [m.name for m in find_names(text, GIVEN.__contains__, (other or set()).__contains__)]


def test_comma_list_with_municipalities() -> None:
    text = "Tiffany Bovin, Karlskrona, Elin Björkman Karlshamn, Eva Lund Ragunda"
    assert names(text, {"Karlskrona", "Karlshamn", "Ragunda"}) == [
        "Tiffany Bovin", "Elin Björkman", "Eva Lund"]


def test_hyphenated_and_initials() -> None:
    text = "I gruppen Anna-Karin, Sofia L och Anette E. Tiffany har varit representant."
    assert names(text) == ["Anna-Karin", "Sofia L", "Anette E.", "Tiffany"]


def test_middle_initial_and_particles() -> None:
    assert names("fastslår Annette W. Godt i forlængelse") == ["Annette W. Godt"]
    assert names("Per af Klintberg, Kari van der Berg") == ["Per af Klintberg",
                                                             "Kari van der Berg"]


def test_sentence_start_words_are_not_surnames() -> None:
    assert names("Birgit Larsen innledet. Anna Också") == ["Birgit Larsen", "Anna"]
    assert names("Det Digitale Folkebibliotek") == []


def test_initials() -> None:
    assert initials("Kristina Hedberg") == "KH"
    assert initials("Anna-Karin Lind") == "AKL"
