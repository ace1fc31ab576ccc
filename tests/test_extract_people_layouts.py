"""Person, attendance and role layouts of real minutes, each in a snippet of our own.

The snippets copy the *shape* of layouts met in public minutes (PDF transcripts that lost
their line breaks, run-on lists, group headers, meeting functions); names and bodies are
invented. Each test states what a careful reader takes from its snippet.
"""

import pytest

from helpers import people, record


def present(rec) -> set[str]:
    return {p.name for p in rec.persons if p.attended}


def absent(rec) -> set[str]:
    return {p.name for p in rec.persons if p.absent}


# A PDF transcript: the list lost its line breaks, each entry is "Name, Body" and the next
# name follows the body without a comma; the absentee header has no colon.
RUN_ON_PDF = (
    "Nätverksträff mars 2016\n\nTranskript\n\n"
    "1 1 Nätverksträff mars 2016 Deltagare: Greta Sundin, Regionbibliotek Halland Moa Lind, "
    "Länsbiblioteket i Värmland Oskar Palm, Kungl. Biblioteket Tove Ek, Länsbibliotek "
    "Dalarna, endast 3 mars Britt Marie Dahl, Länsbibliotek Uppsala Ivar Holm KUR Nora Strand, "
    "Region Skåne Förhinder Lena Borg, Länsbibliotek Gävleborg Hans Vik, Länsbibliotek "
    "Sörmland 1 Mötet öppnades av Greta Sundin som hälsade välkommen.\n"
)


def test_run_on_pdf_list_with_bodies_between_names() -> None:
    rec = record(RUN_ON_PDF)
    ppl = people(rec)
    assert present(rec) == {"Greta Sundin", "Moa Lind", "Oskar Palm", "Tove Ek",
                            "Britt Marie Dahl", "Ivar Holm", "Nora Strand"}
    assert absent(rec) == {"Lena Borg", "Hans Vik"}
    assert ppl["Greta Sundin"].affiliation == "Regionbibliotek Halland"
    assert ppl["Moa Lind"].affiliation == "Länsbiblioteket i Värmland"
    assert ppl["Lena Borg"].affiliation == "Länsbibliotek Gävleborg"


def test_abbreviated_body_does_not_end_a_run_on_list() -> None:
    rec = record("Kvalitetsnätverket 12 okt 2015 Plats: KB Deltagare: Sara Nord, Kungl. "
                 "Biblioteket Eva Ström, Kungl. Biblioteket Ulf Berg, Region Skåne "
                 "Förhinder: representanter från Region Halland 1) Riksbibliotekarie Karin "
                 "Dahl hälsade välkommen.\n")
    assert present(rec) >= {"Sara Nord", "Eva Ström", "Ulf Berg"}
    assert "Karin Dahl" not in absent(rec)


def test_a_sentence_after_the_list_is_not_an_entry() -> None:
    rec = record("REFERAT\n\nTil stede: Jens Holm, Mette Lund (ref.)\n\n"
                 "Afbud: Peter Kragh og Sofie Bang Møller\n"
                 "Niels Aagaard Hansen er Peters suppleant og dermed nyt medlem.\n\n"
                 "1. Godkendelse af dagsorden\n", "da")
    assert absent(rec) == {"Peter Kragh", "Sofie Bang Møller"}
    assert "Niels Aagaard Hansen" not in absent(rec)


def test_apposition_role_then_body_and_presenters_in_minutes() -> None:
    rec = record(
        "Referat af biblioteksledermøde\n\nDeltagere:\nSkovby: Lene Krog\nEngdal: Poul Hald\n\n"
        "Punkt 2: Økonomi\nv/ direktør for HR og økonomi, Finn Dal, Bogcentret\n"
        "Finn Dal gennemgik nøgletallene.\n\n"
        "Punkt 3: Samarbejde\nv/ direktør for Strategi Bo Lind, Bogcentret og "
        "sekretariatschef Ulla Krag, Netværket\nBo Lind og Ulla Krag gennemgik planerne.\n\n"
        "Punkt 4: Status\nUnder punktet deltog Rolf Smed (specialkonsulent i Netværket). "
        "Lene Krog spurgte til tidsplanen.\n", "da")
    ppl = people(rec)
    assert ppl["Finn Dal"].role == "direktør for HR og økonomi"
    assert ppl["Bo Lind"].role == "direktør for Strategi"
    assert ppl["Ulla Krag"].role == "sekretariatschef"
    assert ppl["Rolf Smed"].role.startswith("specialkonsulent")
    assert present(rec) >= {"Finn Dal", "Bo Lind", "Ulla Krag", "Rolf Smed", "Lene Krog"}


def test_programme_presenters_are_planned_not_present() -> None:
    rec = record(
        "Program for biblioteksjefmøtet 4. mai\n\n"
        "10.00 - 10.15 Velkommen ved Randi Holm, fylkesbiblioteksjef og Siv Ask, assisterende "
        "fylkesbiblioteksjef.\n10.15 - 11.00 Lesing i sommer, Helga Stav, rådgiver, Nordfylke "
        "fylkesbibliotek.\n", "nb")
    ppl = people(rec)
    assert present(rec) == set()
    assert ppl["Randi Holm"].role == "fylkesbiblioteksjef"
    assert " ".join(ppl["Siv Ask"].role.split()) == "assisterende fylkesbiblioteksjef"
    assert ppl["Helga Stav"].role == "rådgiver"
    assert ppl["Helga Stav"].affiliation == "Nordfylke fylkesbibliotek"


def test_role_before_name_with_modifier_and_led_by() -> None:
    rec = record("Rapport fra vårmøtet\n\nDag to var ledet av konstituert biblioteksjef Aina "
                 "Moe. Vi hadde også besøk av Hilde Lie fra Nasjonalbiblioteket.\n", "nb")
    ppl = people(rec)
    assert ppl["Aina Moe"].role == "konstituert biblioteksjef"
    assert present(rec) >= {"Aina Moe", "Hilde Lie"}
    assert ppl["Hilde Lie"].affiliation == "Nasjonalbiblioteket"


def test_abbreviated_roles_in_a_list() -> None:
    rec = record("REFERAT\n\nTil stede: Jens Holm (ordf.), Mette Lund, sekr., Ole Dahl (ref.)\n",
                 "da")
    ppl = people(rec)
    assert ppl["Jens Holm"].role.startswith("ordf")
    assert ppl["Mette Lund"].role.startswith("sekr")
    assert ppl["Ole Dahl"].role.startswith("ref")


def test_run_on_municipality_pairs_then_a_shared_body() -> None:
    rec = record("Chefsmöte\n\n1 Chefsmöte Närvarande:, Tove Ask, Karlskrona, Lina Holm Ljungby "
                 "Maja Ek, Olle Berg, Stina Lund BiBK Regional plan, samtal om stödet.\n")
    ppl = people(rec)
    assert ppl["Tove Ask"].affiliation == "Karlskrona"
    assert ppl["Lina Holm"].affiliation == "Ljungby"
    assert {ppl[n].affiliation for n in ("Maja Ek", "Olle Berg", "Stina Lund")} == {"BiBK"}


def test_unknown_body_after_a_comma_and_a_body_split_at_a_conjunction() -> None:
    rec = record("Referat frå styremøtet 3.3.2020\n\nTil stades:\nRagna Dahl, Vestby Bibliotek & "
                 "Byarkiv\nOla Strand, Kultur i Vest\nFråvær: Eirik Moe, Nesby bibliotek og "
                 "Bokbussen Nesby\n", "nn")
    ppl = people(rec)
    assert ppl["Ragna Dahl"].affiliation == "Vestby Bibliotek & Byarkiv"
    assert ppl["Ola Strand"].affiliation == "Kultur i Vest"
    assert ppl["Eirik Moe"].affiliation == "Nesby bibliotek og Bokbussen Nesby"


def test_one_person_written_several_ways() -> None:
    rec = record(
        "Referat frå styremøtet 4.4.2021\n\nTil stades:\nSolveig Brun, Vestfylke bibliotek\n"
        "Anne Marit Lehne, Nordfylke fylkesbibliotek\nFråvær: Kristian Nygård\n\n"
        "Sak 1 Permisjon\nKristin Nygård har fått permisjon. Anne Marit er ansvarleg for "
        "nettsida. Solveig Bruns forslag vart vedteke.\n", "nn")
    ppl = people(rec)
    assert set(ppl) == {"Solveig Brun", "Anne Marit Lehne", "Kristian Nygård"}
    assert "Kristin Nygård" in ppl["Kristian Nygård"].aliases
    assert "Anne Marit" in ppl["Anne Marit Lehne"].aliases
    assert ppl["Kristian Nygård"].absent and not ppl["Kristian Nygård"].attended


def test_different_people_with_one_surname_stay_apart() -> None:
    rec = record("Referat\n\nTil stede: Anna Holm, Eva Holm, Anne Holm og Per Holm\n", "nb")
    assert {p.name for p in rec.persons} == {"Anna Holm", "Eva Holm", "Anne Holm", "Per Holm"}


def test_names_glued_together_by_a_flattened_list() -> None:
    rec = record("Referat nr. 4 – møte 3.11.2022\n\nTil stede:Nora TveitLars BjørnåsLise Bakke"
                 "Dagny Renå Holt Sekretær: Liv Karin Sand Sak 40/22 Godkjenning av innkalling\n",
                 "nb")
    assert present(rec) == {"Nora Tveit", "Lars Bjørnås", "Lise Bakke", "Dagny Renå Holt",
                            "Liv Karin Sand"}


def test_table_of_members_with_ticks_and_regrets() -> None:
    rec = record("Protokoll styrelsemöte 3 mars 2022\n\nLedamöter   Närvarande\n"
                 "Hanna Sten X, mötesordförande\nOlle Borg X\nLotta Rehn anmält förhinder\n"
                 "Suppleanter\nCarina Gran X\n\n§ 94 Mötet öppnas\nHanna Sten hälsar alla "
                 "välkomna.\n")
    ppl = people(rec)
    assert present(rec) == {"Hanna Sten", "Olle Borg", "Carina Gran"}
    assert absent(rec) == {"Lotta Rehn"}
    assert ppl["Hanna Sten"].role == "mötesordförande"
    assert ppl["Carina Gran"].role == "suppleant"


def test_open_bracket_role_and_election_results() -> None:
    rec = record("Styremøte 16.1.2017\n\nTilstede: Anita Sæter, Renate Kval, Caroline Jære "
                 "Einset (referent\n\nForfall: Ann Helen Mørk\n\n1/2017 Valg\n"
                 "Kasserer: Sonja Gran, Alta bibliotek (1 år)\n", "nb")
    ppl = people(rec)
    assert ppl["Caroline Jære Einset"].role == "referent"
    assert rec.meetings[0].minute_taker == "Caroline Jære Einset"
    assert ppl["Sonja Gran"].role == "Kasserer"
    assert ppl["Sonja Gran"].affiliation == "Alta bibliotek"
    assert not ppl["Sonja Gran"].attended
    assert "Alta" not in ppl


def test_names_without_a_lexicon_given_name_in_strong_context() -> None:
    rec = record("Referat 3.3.2021\n\nTil stede: Tanvir Olsen, Nordfylke bibliotek; K. Holm, "
                 "Vestby; Kari Dahl\n\nSak 1 Lesing ved Zorawar Nilsen, rådgiver.\n"
                 "Enligt Svensson, bibliotekschef, går det bra. Det gick enligt planen.\n", "nb")
    ppl = people(rec)
    assert present(rec) == {"Tanvir Olsen", "K. Holm", "Kari Dahl", "Zorawar Nilsen"}
    assert ppl["Tanvir Olsen"].affiliation == "Nordfylke bibliotek"
    assert ppl["Zorawar Nilsen"].role == "rådgiver"
    assert "Enligt Svensson" not in ppl


def test_headings_weekdays_and_agenda_words_are_not_people() -> None:
    rec = record("Referat styremøte tirsdag 4. mai 2021\n\nTil stede: Kari Dahl, Per Ek\n\n"
                 "Saker\nSak 1 Orientering\nEventuelt\nÖvrigt Mandag Holm\n"
                 "Fredag Lund blir neste møte.\n", "nb")
    assert {p.name for p in rec.persons} == {"Kari Dahl", "Per Ek"}


def test_roles_by_copula_and_som_and_bodies_shared_by_joined_names() -> None:
    rec = record(
        "Referat\n\nTil stede: Ivar Lund, Randi Sæther\n\nIvar Lund er Randis suppleant. "
        "I berättelsen saknas Eva Stål som representant för läsnätverket. "
        "Vi hadde besøk av Mari Løkke og Grete Vik fra Universitetsbiblioteket i Nordby (UB).\n"
        "10.00 Velkomen, Ingrid Lien, fylkesdirektør for kultur\n"
        "10.15 Samtale, Siri Holt, fylkesbiblioteksjef\n", "nb")
    ppl = people(rec)
    assert ppl["Ivar Lund"].role == "suppleant"
    assert ppl["Eva Stål"].role == "representant för läsnätverket"
    assert ppl["Mari Løkke"].affiliation == ppl["Grete Vik"].affiliation == (
        "Universitetsbiblioteket i Nordby")
    assert present(rec) >= {"Mari Løkke", "Grete Vik"}
    assert ppl["Ingrid Lien"].role == "fylkesdirektør for kultur"
    assert ppl["Siri Holt"].role == "fylkesbiblioteksjef"


def test_run_on_presence_line_with_bracketed_notes() -> None:
    rec = record("Protokoll från styrelsemötet 4 september 2019\n\nMötets öppnande Närvaro Jonas "
                 "Öhrn (lämnade mötet efter punkt 9) Pia Lind Anton Norr Ulla Eng (utan "
                 "rösträtt, med yttranderätt) Lina Fryk (utan rösträtt, med yttranderätt)   Val "
                 "av mötesordförande Anton Norr valdes enhälligt till mötesordförande.\n")
    ppl = people(rec)
    assert present(rec) == {"Jonas Öhrn", "Pia Lind", "Anton Norr", "Ulla Eng", "Lina Fryk"}
    assert ppl["Anton Norr"].role == "mötesordförande"


def test_board_minutes_in_one_paragraph() -> None:
    rec = record("Møtebok\n\n1 MØTEBOK STYREMØTE I KORFORBUNDET Tid: Fredag 4. april 2014, kl "
                 "10:00 Sted: Kontoret Tilstede: Inger-Lise Moe, Per Arne Krog, Stein T.B. Høie, "
                 "Tom Arve Ask Forfall: Geir Andvik. Per Arne Krog fratrådte møtet kl 15. Fra "
                 "adm: Rune F. Brun Kl var avsatt til møte. Fra Kontrollkomiteen møtte Hans "
                 "Jensrud og Olav Sæle. SAK 29/14 GODKJENNING\n", "nb")
    ppl = people(rec)
    assert absent(rec) == {"Geir Andvik"}
    assert present(rec) == {"Inger-Lise Moe", "Per Arne Krog", "Stein T.B. Høie", "Tom Arve Ask",
                            "Rune F. Brun", "Hans Jensrud", "Olav Sæle"}
    assert ppl["Rune F. Brun"].affiliation is None


def test_table_rows_with_abbreviated_roles_and_staff_group() -> None:
    rec = record("Möte med styrelsen den 1 december 2007\n\nLedamöter Närvarande\n"
                 "Ida Bur X\nSune Mont X, mötesordf. § 74-88\nJörgen Qvist Anmält förhinder\n"
                 "Sekretariatet\nLise Berg X\n\n§74 Val av justerare\n")
    ppl = people(rec)
    assert ppl["Sune Mont"].role == "mötesordf."
    assert absent(rec) == {"Jörgen Qvist"}
    assert present(rec) == {"Ida Bur", "Sune Mont", "Lise Berg"}


def test_a_role_before_the_next_name_is_not_an_apposition() -> None:
    rec = record("Referat\n\nCamilla har sendt invitasjon til ny leder Odd Hansen, nye "
                 "styremedlemmer Bente Holm Eriksen og Brita Esaias.\n", "nb")
    ppl = people(rec)
    assert ppl["Odd Hansen"].role == "ny leder"
    assert ppl["Bente Holm Eriksen"].role == "nye styremedlemmer"


def test_name_dash_body_entries_and_eponymous_bodies() -> None:
    rec = record("Referat fra julemøtet tirsdag 2. desember 2003\nTilstede: Berit Hyll - "
                 "Riksrevisjonen, Jon Are Brekke - Forsvarsdepartementet, Antje Rap – Norsk "
                 "senter for studier av lesing (NSSL), Lars Dahl - NSSL, Kari Lien, Fridtjof "
                 "Nansens Institutt.\nReferent: Elise A. Fjell\n\nElise Fjell takket for "
                 "møtet.\n", "nb")
    ppl = people(rec)
    assert ppl["Berit Hyll"].affiliation == "Riksrevisjonen"
    assert ppl["Jon Are Brekke"].affiliation == "Forsvarsdepartementet"
    assert ppl["Antje Rap"].affiliation.startswith("Norsk senter for studier av lesing")
    assert ppl["Kari Lien"].affiliation == "Fridtjof Nansens Institutt"
    assert "Fridtjof Nansens" not in ppl
    assert "Elise A. Fjell" in ppl["Elise Fjell"].aliases or "Elise Fjell" in ppl[
        "Elise A. Fjell"].aliases


def test_lower_case_header_word_in_prose_is_not_a_list() -> None:
    rec = record("Bestyrelsesmøde, 2. november 2006\n\n 3. Godkendelse af det på mødet uddelte "
                 "referat: Ad punkt 7: Ulla Nørby ville ikke ajourføre sin artikel. Anne Ravn "
                 "meddeler, at vi ikke skal regne med referater fra Det storkøbenhavnske "
                 "Samarbejde, som ikke fungerer mere.\n", "da")
    assert rec.meetings[0].minute_taker is None
    assert present(rec) == set()


def test_header_with_a_note_and_an_entry_the_lexicon_does_not_know() -> None:
    rec = record("Referat styremøte 5. august 2015\n\nTil stede (telefonmøte): Line Hansen Hjell, "
                 "Åsvor Hestnes( til 09.00), Mari Hop og Frøydis Tot\n\nSaksliste\n", "nb")
    assert present(rec) == {"Line Hansen Hjell", "Åsvor Hestnes", "Mari Hop", "Frøydis Tot"}


def test_a_deputy_for_someone_gives_that_someone_no_role() -> None:
    rec = record("Referat frå styremøte 24. sept 2014\n\nTil stades:\nBritt Berg, Reidun Kok "
                 "(vara for Håkon Myr), Mona Sven\n\n1) Økonomi\n", "nn")
    ppl = people(rec)
    assert ppl["Reidun Kok"].role.startswith("vara")
    assert ppl["Håkon Myr"].role is None
    assert not ppl["Håkon Myr"].attended


def test_table_with_a_heading_row_and_tab_separated_cells() -> None:
    rec = record("Minnesanteckningar nätverksträff 12 mars 2019\n\nNärvarande\n"
                 "Namn\tOrganisation\tRoll\nAnna Berg\tVäxjö\tbibliotekschef\n"
                 "Per Ek\tRegion Kronoberg\tutvecklare\nLena Holm-Sand\tAlvesta bibliotek\t\n\n"
                 "Frånvarande\nOla Vik\tLjungby\tbibliotekschef\n\nAntecknare: Per Ek\n")
    ppl = people(rec)
    assert present(rec) == {"Anna Berg", "Per Ek", "Lena Holm-Sand"}
    assert absent(rec) == {"Ola Vik"}
    assert (ppl["Anna Berg"].affiliation, ppl["Anna Berg"].role) == ("Växjö", "bibliotekschef")
    assert ppl["Lena Holm-Sand"].affiliation == "Alvesta bibliotek"
    assert rec.meetings[0].minute_taker == "Per Ek"


def test_a_heading_run_into_its_paragraph_keeps_the_apposition() -> None:
    rec = record("Medlemsmöte februari 2014\n\nTranskript\n\n1 Medlemsmöte 13 februari 2014 "
                 "Deltagare: Eva Ek, Region Halland 2 Ulf Strand, generaldirektör för MTM Ulf "
                 "Strand presenterade aktualiteter från MTM.\n")
    ppl = people(rec)
    assert ppl["Ulf Strand"].role.startswith("generaldirektör")
    assert ppl["Ulf Strand"].affiliation == "MTM"


def test_a_label_line_gives_its_role_without_the_colon() -> None:
    rec = record("Referat styremøte 11.03.2021\n\n • Tilstede: Kari Holm, Ola Dahl\n"
                 " • Referent: Ola Dahl\n", "nb")
    assert people(rec)["Ola Dahl"].role == "Referent"
    assert rec.meetings[0].minute_taker == "Ola Dahl"


def test_initials_in_parentheses_are_an_alias_not_a_body() -> None:
    rec = record("Referat af bestyrelsesmøde 4. marts 2014\n\nTilstede: Nina Holm (NH), "
                 "Peter Lund Madsen (PLM), Eva Dahl (Aarhus Kommune)\n\nNH tager referat.\n", "da")
    persons = people(rec)
    assert persons["Nina Holm"].affiliation is None
    assert "NH" in persons["Nina Holm"].aliases
    assert persons["Peter Lund Madsen"].affiliation is None
    assert persons["Eva Dahl"].affiliation == "Aarhus Kommune"
    assert not {"NH", "PLM"} & {o.name for o in rec.organizations}


@pytest.mark.parametrize("header", ["Desse møtte:", "Tilstede fra styret:",
                                    "Følgende deltog:", "Til stades frå styret:"])
def test_attendance_headers_with_a_qualifier_or_in_nynorsk(header: str) -> None:
    rec = record(f"Referat frå styremøte 06.09.2016\n\n{header} Kari Holm, Ola Dahl\n\n"
                 "Saker:\n1. Godkjenning av referat.\n", "nn")
    assert {p.name for p in rec.persons if p.attended} == {"Kari Holm", "Ola Dahl"}


def test_an_external_guest_group_attended_and_a_deputy_is_not_a_town() -> None:
    rec = record("Referat fra styremøte 05.04.2017\n\nTilstede fra styret: Kari Holm\n\n"
                 "Ekstern: Ola Dahl (sak 6)\n\n1. Konstituering\n\n  • Eva Lie, vara.\n", "nb")
    persons = people(rec)
    assert persons["Ola Dahl"].attended
    assert persons["Eva Lie"].affiliation is None
    assert "vara" not in {p.name.lower() for p in rec.places}


def test_a_role_after_a_name_is_not_a_column_heading_for_the_next_line() -> None:
    """ "Johan Ek, kassör" then "Sara Lund": the role is Johan's, Sara has none."""
    rec = record("Styrelsemöte 14 mars 2023\n\nNärvarande:\nEva Lind, ordförande\n"
                 "Johan Ek, kassör\nSara Lund\n")
    assert {p.name: p.role for p in rec.persons} == {
        "Eva Lind": "ordförande", "Johan Ek": "kassör", "Sara Lund": None}
