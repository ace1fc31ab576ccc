"""Attendee lists in the shapes real minutes use, in Swedish, Norwegian and Danish.

Each snippet is written in the style of real minutes; the expectations were worked out by
reading the snippet.
"""

from helpers import people, record


def present(rec) -> set[str]:
    return {p.name for p in rec.persons if p.attended}


def absent(rec) -> set[str]:
    return {p.name for p in rec.persons if p.absent}


def test_swedish_comma_list_with_och() -> None:
    rec = record("Styrgruppsmöte 2021-03-04\n\nNärvarande: Anna Berg, Lars Ek och Maria Holm\n\n"
                 "§ 1 Mötets öppnande\nAnna Berg öppnade mötet.\n")
    assert present(rec) == {"Anna Berg", "Lars Ek", "Maria Holm"}


def test_norwegian_one_per_line_name_comma_organisation() -> None:
    rec = record(
        "Referat fra nettverksmøte 12.03.2022\n\nTil stede:\nKari Nordmann, Bodø bibliotek\n"
        "Ola Hansen, Nordland fylkesbibliotek\nTone Berg, Vefsn bibliotek\n\n"
        "Meldt forfall:\nPer Olsen, Narvik bibliotek\n\nSak 1/22 Godkjenning av innkalling\n"
        "Innkallingen ble godkjent.\n", "nb")
    ppl = people(rec)
    assert present(rec) == {"Kari Nordmann", "Ola Hansen", "Tone Berg"}
    assert absent(rec) == {"Per Olsen"}
    assert ppl["Kari Nordmann"].affiliation == "Bodø bibliotek"
    assert ppl["Ola Hansen"].affiliation == "Nordland fylkesbibliotek"
    assert ppl["Per Olsen"].affiliation == "Narvik bibliotek"


def test_danish_municipality_colon_names_and_afbud() -> None:
    rec = record(
        "Referat af netværksmøde den 14. marts 2023\n\nDeltagere:\n"
        "Vejle: Anne Jensen og Mette Hansen\nKolding: Lars Nielsen\n\n"
        "Afbud: Søren Madsen, Horsens\n\nPunkt 1. Velkomst\n", "da")
    ppl = people(rec)
    assert present(rec) == {"Anne Jensen", "Mette Hansen", "Lars Nielsen"}
    assert absent(rec) == {"Søren Madsen"}
    assert ppl["Anne Jensen"].affiliation == "Vejle"
    assert ppl["Mette Hansen"].affiliation == "Vejle"
    assert ppl["Lars Nielsen"].affiliation == "Kolding"
    assert ppl["Søren Madsen"].affiliation == "Horsens"


def test_name_municipality_pairs_and_role_after_name() -> None:
    rec = record("Minnesanteckningar styrgruppsmöte 2009-12-10\n\nMedverkande: Eva Lund Ragunda, "
                 "Lisa Berg Åre, Bodil Sten Länsbibliotekarie och Anna Ring Jämtlands läns "
                 "bibliotek.\n")
    ppl = people(rec)
    assert ppl["Eva Lund"].affiliation == "Ragunda"
    assert ppl["Lisa Berg"].affiliation == "Åre"
    assert ppl["Bodil Sten"].role == "Länsbibliotekarie"
    assert ppl["Anna Ring"].affiliation == "Jämtlands läns bibliotek"


def test_list_under_a_body_name() -> None:
    rec = record("Chefsmöte 2018-01-24\n\nNärvarande: Tiffany Bovin, Karlskrona, Elin Björkman "
                 "Karlshamn\n\nAnna Persson, Maria Lundqvist, Sara Wijk BiBK\n\nLunch\n")
    ppl = people(rec)
    assert {ppl[n].affiliation for n in ("Anna Persson", "Maria Lundqvist", "Sara Wijk")} == {
        "BiBK"}
    assert ppl["Tiffany Bovin"].affiliation == "Karlskrona"
    assert present(rec) >= {"Anna Persson", "Maria Lundqvist", "Sara Wijk", "Tiffany Bovin"}


def test_nynorsk_til_stades_fravaer_and_moteleiar() -> None:
    rec = record(
        "Møtereferat frå styringsgruppa 5. mai 2022\n\nTil stades: Kari Nordmann (Førde), "
        "Ola Hansen (Sogndal) og Ingrid Vik (Vestland fylkesbibliotek)\n"
        "Fråvær: Per Olsen\nMøteleiar: Kari Nordmann\n\nSak 12/22 Budsjett\n"
        "Styringsgruppa vedtok budsjettet.\n", "nn")
    ppl = people(rec)
    assert present(rec) == {"Kari Nordmann", "Ola Hansen", "Ingrid Vik"}
    assert absent(rec) == {"Per Olsen"}
    assert ppl["Ola Hansen"].affiliation == "Sogndal"
    assert ppl["Ingrid Vik"].affiliation == "Vestland fylkesbibliotek"


def test_role_before_name_in_prose() -> None:
    rec = record("Biblioteksjefmøte 2. og 3. juni 2015\n\nFylkesbiblioteksjef Birgit Larsen "
                 "innledet ved å sette fokus på samarbeidet.\n", "nb")
    ppl = people(rec)
    assert ppl["Birgit Larsen"].role == "Fylkesbiblioteksjef"
    assert ppl["Birgit Larsen"].attended


def test_run_on_pdf_transcript() -> None:
    rec = record("Protokoll styrgruppsmöte 2021-03-04 Närvarande: Anna Berg, Växjö, Lars Ek, "
                 "Alvesta Anmält förhinder: Maria Holm, Ljungby § 1 Mötets öppnande Anna Berg "
                 "öppnade mötet. § 2 Beslut Styrgruppen beslutade att anta planen.")
    ppl = people(rec)
    assert present(rec) == {"Anna Berg", "Lars Ek"}
    assert absent(rec) == {"Maria Holm"}
    assert ppl["Lars Ek"].affiliation == "Alvesta"


def test_danish_org_v_name_and_skrevet_af() -> None:
    rec = record("Møde i styregruppen 7. september 2023\n\nDeltagere: Vejle Bibliotekerne v/ "
                 "Anne Jensen, Gentofte Centralbibliotek v/ Lars Nielsen\n\nSkrevet af: Mette "
                 "Hansen\n", "da")
    ppl = people(rec)
    assert ppl["Anne Jensen"].affiliation == "Vejle Bibliotekerne"
    assert ppl["Lars Nielsen"].affiliation == "Gentofte Centralbibliotek"
    assert rec.meetings[0].minute_taker == "Mette Hansen"


def test_minute_taker_signature_at_the_end() -> None:
    rec = record("Chefsmöte 22 maj 2019\n\nNärvarande: Anna Berg, Lars Ek\n\nInformation\n"
                 "Lars berättade om läget.\n\nAnteckningar\n\nAnna Berg\n")
    assert rec.meetings[0].minute_taker == "Anna Berg"
    assert "Lars" in people(rec)["Lars Ek"].aliases
