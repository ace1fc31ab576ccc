"""Decisions, actions, agenda items, money, projects, dates and document kinds in the shapes
real minutes use. Snippets are written in the style of real minutes; expectations come from
reading them."""

from decimal import Decimal

import pytest

from libgraph.extract.funding import find_money

from helpers import record

RUN_ON = ("Protokoll styrgruppsmöte 2021-03-04 Närvarande: Anna Berg, Växjö, Lars Ek, Alvesta "
          "§ 1 Mötets öppnande Anna Berg öppnade mötet. § 2 Läsfrämjande och skolbibliotek "
          "Styrgruppen beslutade att anta planen för läsfrämjande. § 3 Nästa möte Nästa möte "
          "15 april i Växjö.")


def test_run_on_transcript_agenda_decisions_next_meeting() -> None:
    rec = record(RUN_ON)
    titles = [a.title for a in rec.agenda]
    assert titles[:2] == ["Mötets öppnande", "Läsfrämjande och skolbibliotek"]
    school = rec.agenda[1]
    assert {"reading_promotion", "school_libraries"} <= set(school.topics)
    assert any("beslutade att anta planen" in d.text for d in rec.decisions)
    assert all(len(d.text) < 120 for d in rec.decisions)
    assert (rec.next_meeting.date, rec.next_meeting.place) == ("2021-04-15", "Växjö")
    assert rec.next_meeting.date_inferred
    assert {p.name: p.affiliation for p in rec.persons} == {"Anna Berg": "Växjö",
                                                           "Lars Ek": "Alvesta"}


def test_norwegian_sak_items_vedtak_and_topics() -> None:
    rec = record("Referat fra nettverksmøte 12.03.2022\n\nTil stede: Kari Nordmann, Ola Hansen\n\n"
                 "Sak 1/22 Godkjenning av innkalling\nInnkallingen ble godkjent.\n\n"
                 "Sak 2/22 Digital inkludering\nVedtak: Nettverket vedtok å lage et kurs i "
                 "digital kompetanse.\n", "nb")
    assert [a.title for a in rec.agenda] == ["Godkjenning av innkalling", "Digital inkludering"]
    assert "digital_inclusion" in rec.agenda[1].topics
    assert len(rec.decisions) == 2
    assert rec.meetings[0].type == "network_meeting"
    assert rec.meetings[0].start_date == "2022-03-12"


def test_danish_punkt_besluttede_and_action() -> None:
    rec = record("Referat af styregruppemøde 7. september 2023\n\nDeltagere: Anne Jensen, Vejle, "
                 "Lars Nielsen, Kolding\n\nPunkt 1. Meråbne biblioteker\nStyregruppen "
                 "besluttede at igangsætte en undersøgelse.\nAnne Jensen undersøger "
                 "mulighederne for fælles indkøb.\n\nPunkt 2. Eventuelt\nIntet.\n", "da")
    assert rec.meetings[0].type == "steering_group"
    assert any("besluttede" in d.text for d in rec.decisions)
    action = next(a for a in rec.actions if a.who == "Anne Jensen")
    assert "fælles indkøb" in action.what
    assert "staffless_open_libraries" in rec.agenda[0].topics


def test_swedish_uppdrag_and_pronoun_doer() -> None:
    rec = record("Chefsmöte 2019-05-02\n\nNärvarande: Anna Berg, Lars Ek\n\nMedier\nEn "
                 "referensgrupp har träffat PostNord om ett nytt avtal. De ska komma med ett "
                 "förslag innan midsommar. Lars Ek fick i uppdrag att sammankalla gruppen.\n")
    who = {a.who: a.what for a in rec.actions}
    assert who["PostNord"].startswith("ett förslag innan midsommar") or "förslag" in who[
        "PostNord"]
    assert who["Lars Ek"] == "sammankalla gruppen"


@pytest.mark.parametrize(("text", "amount", "currency"), [
    ("225 milj i tre år", Decimal("225000000"), "SEK"),
    ("en bevilling på 9,7 millioner over fire år", Decimal("9700000"), "DKK"),
    ("tilskudd på kr 5000 til arrangementet", Decimal("5000"), "NOK"),
    ("stöd med 1,5 mkr", Decimal("1500000"), "SEK"),
    ("beviljat 500 000 kronor", Decimal("500000"), "SEK"),
    ("2 mio. kr. fra fonden", Decimal("2000000"), "DKK"),
    ("30 000 euro från EU", Decimal("30000"), "EUR"),
])
def test_money_in_every_written_form(text: str, amount: Decimal, currency: str) -> None:
    default = {"SEK": "SEK", "EUR": "SEK", "DKK": "DKK", "NOK": "NOK"}[currency]
    (money,) = find_money(text, default)
    assert (money.amount, money.currency) == (amount, currency)


def test_bare_numbers_are_not_money() -> None:
    assert find_money("Referensgrupp 3- 4 pers, 20 personer, år 2018", "SEK") == []


def test_grant_with_funder_and_project_versus_a_fee() -> None:
    rec = record("Styrgruppsmöte 2020-02-03\n\nNärvarande: Anna Berg, Lars Ek\n\n"
                 "Kulturrådet har beviljat 500 000 kronor till projektet Läslust i Kronoberg.\n"
                 "Kursen kostar 1800 kronor per deltagare.\n")
    grants = [g for g in rec.funding if g.amount]
    assert len(grants) == 1
    grant = grants[0]
    assert (grant.amount, grant.currency) == (500000, "SEK")
    assert grant.recipient == "Läslust i Kronoberg" or grant.recipient == "Läslust"
    assert grant.funder in {"Statens kulturråd", "Kulturrådet"}
    project = next(p for p in rec.projects if p.name.startswith("Läslust"))
    assert project.funders == [grant.funder]


def test_document_kinds() -> None:
    assert record(RUN_ON).kind == "minutes"
    assert record("Konferanse 3. mai 2024\n\nFylkesbiblioteket inviterer til konferanse om "
                  "lesing. Påmelding innen 1. april.\n", "nb").kind == "announcement"
    assert record("Biblioteksjefmøte 2015\n\nOppsummering av møtet\n\nVi snakket om "
                  "samarbeid.\n", "nb").kind == "summary"


def test_not_minutes_yields_no_meeting() -> None:
    assert record("Hej. Det regnar idag och vi dricker kaffe.").meetings == []


def test_year_inferred_from_context_and_marked() -> None:
    rec = record("Bibliotekschefsmöte 22 maj på Stadsbiblioteket i Alvesta\n\nNärvarande: Anna "
                 "Berg\n\nBudget 2019 diskuterades.\n")
    meeting = rec.meetings[0]
    assert (meeting.start_date, meeting.date_inferred) == ("2019-05-22", True)
    assert meeting.municipality == "Alvesta"
    unknown = record("Bibliotekschefsmöte 22 maj\n\nNärvarande: Anna Berg\n")
    assert unknown.meetings[0].start_date is None


def test_a_document_listing_meetings_yields_each() -> None:
    rec = record("Mötesplan 2024 för chefsnätverket\n\nMöten under året:\n"
                 "12 mars: Chefsmöte i Växjö\n5 juni: Nätverksträff i Alvesta\n"
                 "3 oktober: Chefsmöte i Ljungby\n", "sv")
    # the undated title ("Mötesplan") only heads the list: the listed meetings are the meetings
    listed = [(m.start_date, m.municipality) for m in rec.meetings]
    assert listed == [("2024-03-12", "Växjö"), ("2024-06-05", "Alvesta"),
                      ("2024-10-03", "Ljungby")]
    assert all(m.date_inferred for m in rec.meetings)


def test_run_on_municipality_groups_place_header_and_fravaer() -> None:
    rec = record("Referat frå møte i styringsgruppa 2. juli 2016 Stad: Moss Til stades: Marker: "
                 "Kari Pettersen Rakkestad: Ola Sætre Halden: Per Henriksen og Anne Nygård "
                 "Meldt fråvær: Bård Kristiansen Møteleiar: Kari Pettersen Referent: Ola Sætre "
                 "Sak 20/22 Økonomi Røynslene frå Indre Østfold syner at det løner seg.", "nn")
    meeting = rec.meetings[0]
    assert (meeting.start_date, meeting.place, meeting.municipality) == ("2016-07-02", "Moss",
                                                                        "Moss")
    assert meeting.minute_taker == "Ola Sætre"
    got = {p.name: (p.attended, p.absent, p.affiliation) for p in rec.persons}
    assert got == {"Kari Pettersen": (True, False, "Marker"),
                   "Ola Sætre": (True, False, "Rakkestad"),
                   "Per Henriksen": (True, False, "Halden"),
                   "Anne Nygård": (True, False, "Halden"),
                   "Bård Kristiansen": (False, True, None)}
    assert "Indre Østfold" in {p.name for p in rec.places}


def test_the_paragraph_under_a_decision_heading_is_one_decision() -> None:
    """Board minutes with numbered items print the decision under a heading of its own."""
    text = ("Protokoll styrelsemöte 3 maj 2022\n\nNärvarande: Anna Berg, Lars Ek\n\n"
            "§ 4 Budget\n\nKassören gick igenom budgeten.\n\nBeslut\n\natt godkänna budgeten\n"
            "att återkomma i augusti\n\n§ 5 Nästa möte\n\nStyrelsen beslutade att nästa möte "
            "hålls i Växjö.\n")
    texts = [d.text for d in record(text).decisions]
    assert texts == ["att godkänna budgeten att återkomma i augusti",
                     "Styrelsen beslutade att nästa möte hålls i Växjö."]
    nb = ("Referat fra styremøte 3. mai 2022\n\nTil stede: Kari Holm\n\nSak 4 Budsjett\n\n"
          "Vedtak:\nBudsjettet blir godkjent som lagt fram.\n")
    assert [d.text for d in record(nb, "nb").decisions] == [
        "Budsjettet blir godkjent som lagt fram."]
