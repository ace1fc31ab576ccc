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


def test_three_part_names_and_run_on_pairs() -> None:
    given = GIVEN | {"Lise", "Lotte", "Britt", "Ole", "Tove", "Henny"}

    def found(text: str, other: set[str] | None = None) -> list[str]:
        return [m.name for m in find_names(text, given.__contains__,
                                           (other or set()).__contains__)]

    assert found("Lise Lotte Holm, Britt Ek Lund och Hugo Sand Dahl") == [
        "Lise Lotte Holm", "Britt Ek Lund", "Hugo Sand Dahl"]
    # A given name that could also be a surname closes a three-part name at the end.
    assert found("Tove Henny Elin") == ["Tove Henny Elin"]
    # Run-on list without separators: a given name with a surname opens the next person.
    assert found("Anna Berg Per Ek Ole Vik") == ["Anna Berg", "Per Ek", "Ole Vik"]
    # A known place after the surname is an affiliation, not a third name.
    assert found("Ole Vik Ragunda", {"Ragunda"}) == ["Ole Vik"]


def test_line_break_hyphen_and_surname_shaped_given_names() -> None:
    given = GIVEN | {"Jens", "Hansen", "Ole"}
    found = [m.name for m in find_names("Ole Krag- Vestby, Maria K. Hansen, Jens Hansen",
                                        given.__contains__)]
    assert found == ["Ole Krag-Vestby", "Maria K. Hansen", "Jens Hansen"]


def test_agenda_and_header_words_are_never_names() -> None:
    given = GIVEN | {"Saker", "Kalmar"}
    found = [m.name for m in find_names("Saker Eventuelt. Kalmar Förhinder Anna Berg",
                                        given.__contains__)]
    assert found == ["Kalmar", "Anna Berg"]


def test_a_place_that_is_a_given_name_does_not_start_the_next_person() -> None:
    given = GIVEN | {"Vara", "Britt"}
    found = [m.name for m in find_names("Regionbibliotek Vara Britt Holm", given.__contains__,
                                        {"Vara"}.__contains__)]
    assert found == ["Britt Holm"]


def test_streets_are_not_people() -> None:
    given = GIVEN | {"Karl", "Olav"}
    found = [m.name for m in find_names("Møtet var i Karl Johans gate 2 og Olav Kyrres plass, "
                                        "med Karl Holm.", given.__contains__)]
    assert found == ["Karl Holm"]


def test_unlisted_given_names_need_a_surname_shape_or_initials() -> None:
    from libgraph.extract.names import find_unlisted_name

    assert find_unlisted_name("Tanvir Olsen, rådgiver").name == "Tanvir Olsen"
    assert find_unlisted_name("K. Holm, Vestby").name == "K. Holm"
    assert find_unlisted_name("A.B. Lund").name == "A.B. Lund"
    assert find_unlisted_name("Kultur Skåne") is None
    assert find_unlisted_name("Saker Olsen") is None
    assert find_unlisted_name("Region Nilsson", {"Region"}.__contains__) is None
