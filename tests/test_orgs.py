"""Organisations: the phrase scan, agencies of named regions, abbreviations, fragments."""

from libgraph.extract.orgs import org_phrases


def test_org_phrases_reads_names_leftwards_from_the_organisation_word() -> None:
    text = ("Möte med Ravnås stadsbibliotek och (Ekeby folkbibliotek) samt Norrlia läns "
            "bibliotek. Talare från Lövmo-stiftelsen och Kvarnby Hembygdsförening.")
    names = [name for _start, name in org_phrases(text)]
    assert names == ["Ravnås stadsbibliotek", "Ekeby folkbibliotek", "Norrlia läns bibliotek",
                     "Lövmo-stiftelsen"]
    start, name = org_phrases(text)[0]
    assert text[start:start + len(name)] == name


def test_org_phrases_does_not_start_at_a_lower_case_word_or_cross_a_match() -> None:
    text = "vi besökte läns bibliotek. Ravnås bibliotek Ekeby bibliotek"
    assert [n for _s, n in org_phrases(text)] == ["Ravnås bibliotek", "Ekeby bibliotek"]


def test_org_phrases_on_a_long_capitalised_run_is_bounded() -> None:
    # a transcript's run of capitalised words: only the last few words before the
    # organisation word can be its name
    run = " ".join(["Anna Holm Ravnås"] * 3000)
    found = org_phrases(run + " bibliotek")
    assert len(found) == 1
    assert len(found[0][1].split()) <= 11
    assert org_phrases(run) == []


def test_label_lines_meetings_and_punctuation_are_never_projects() -> None:
    from libgraph.extract.funding import plausible_project_name

    from helpers import record

    rec = record("Styrelsemöte 3.4.2020\n\nPlats: Hallvik\n\nSekreterare: Ebba Lindqvar\n\n"
                 "§ 1 Arbetet i projektet \".\" och projektet Läs & lek går vidare.\n"
                 "Vi diskuterade **. .** och satsningen Bokbussen.\n")
    assert sorted(p.name for p in rec.projects) == ["Bokbussen", "Läs & lek"]
    for name in ("Plats: Hallvik", "Sekreterare", "Referent Ola Brekke", ".", "– –",
                 "Vårens biblioteksjefmøte", "Transkript"):
        assert not plausible_project_name(name), name
    assert plausible_project_name("Lesefest 2.0")


def test_an_agency_named_with_its_area_is_that_areas_agency() -> None:
    from helpers import record

    rec = record("Medlemsmöte 13 februari 2014\n\nDeltagare: Eva Holm, Länsbiblioteket i Värmland, "
                 "Per Ek, Regionbibliotek Kalmar län, Ola Berg, Region Skåne\n\n"
                 "Länsbiblioteket i Värmland presenterade läget.\n")
    orgs = {o.name: o for o in rec.organizations}
    assert {"Länsbiblioteket i Värmland", "Regionbibliotek Kalmar län", "Region Skåne"} <= set(orgs)
    assert orgs["Länsbiblioteket i Värmland"].kind == "regional_library_agency"
    assert orgs["Länsbiblioteket i Värmland"].region == "Värmland"
    assert orgs["Region Skåne"].kind != "regional_library_agency"
    # one organisation spelled twice is one
    assert sum(o.name == "Länsbiblioteket i Värmland" for o in rec.organizations) == 1


def test_capitalised_library_words_after_a_place_name() -> None:
    names = [n for _s, n in org_phrases("Deltagere: Ishøj Bibliotek Furesø Bibliotek Hvidovre "
                                        "Bibliotekerne og Læsefest Bibliotek")]
    assert names[:3] == ["Ishøj Bibliotek", "Furesø Bibliotek", "Hvidovre Bibliotekerne"]


def test_projects_named_as_projects() -> None:
    from helpers import record

    rec = record("Styremøte 12. mars 2021\n\nSak 3 Lesefest-prosjektet er i gang. Fylket ønsker "
                 "ikke å ha prosjektledelsen på Åpne Rom videre. Vi drøftet Nasjonal "
                 "lesestrategi og Kulturstrategi for Nordland. Lesestrategien ble også nevnt.\n",
                 "nb")
    names = {p.name for p in rec.projects}
    assert {"Lesefest-prosjektet", "Åpne Rom", "Nasjonal lesestrategi",
            "Kulturstrategi for Nordland"} <= names
    assert "Lesestrategien" not in names  # a definite reference, not a name
