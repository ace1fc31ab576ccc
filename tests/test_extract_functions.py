"""Meeting functions: elections, group headers, signatures and the minute taker.

Snippets in the shapes of public association and board minutes; names invented.
"""

from libgraph.extract.functions import read_functions
from libgraph.extract.pipeline import RECOGNISERS

from helpers import people, record


def minute_taker(rec) -> str | None:
    return rec.meetings[0].minute_taker if rec.meetings else None


def test_recogniser_runs_after_the_people_readers() -> None:
    names = [r.__name__ for r in RECOGNISERS]
    assert names.index("read_functions") > names.index("read_people")
    assert names.index("read_functions") > names.index("read_attendance")
    assert read_functions in RECOGNISERS


def test_swedish_elections_in_numbered_items() -> None:
    rec = record(
        "Protokoll årsmöte 3 mars 2022\n\nDeltagare:\nLena Ekberg, Regionbibliotek Norr\n"
        "Jonas Rydh, Länsbibliotek Väst\nPetra Lund, Länsbibliotek Syd\nOla Berg\n\n"
        "§1. Till ordförande för mötet valdes Lena Ekberg\n"
        "§2. Ordförandens val av mötessekreterare: Jonas Rydh\n"
        "§3. Till justerare valdes Petra Lund och Ola Berg\n")
    ppl = people(rec)
    assert ppl["Lena Ekberg"].role == "ordförande"
    assert ppl["Jonas Rydh"].role == "mötessekreterare"
    assert ppl["Petra Lund"].role == ppl["Ola Berg"].role == "justerare"
    assert minute_taker(rec) == "Jonas Rydh"


def test_names_first_election_and_norwegian_choice() -> None:
    rec = record(
        "Protokoll styremøte 12. mai 2021\n\nTil stede: Kari Holm, Ivar Sand, Siri Moe\n\n"
        "Sak 1/21 Konstituering\nValg av møteleder: Kari Holm. Siri Moe ble valgt til "
        "referent.\n", "nb")
    ppl = people(rec)
    assert ppl["Kari Holm"].role == "møteleder"
    assert ppl["Siri Moe"].role == "referent"
    assert ppl["Ivar Sand"].role is None
    assert minute_taker(rec) == "Siri Moe"


def test_minute_taker_named_by_the_task() -> None:
    rec = record("Nätverksmöte 22 nov 2013 Deltagare: Eva Nord, Region Väst Per Sten, Region "
                 "Öst 1) Eva Nord utsågs till att leda mötet. Per Sten utsågs till att skriva "
                 "mötesanteckningarna. 2) Diskussion.\n")
    assert minute_taker(rec) == "Per Sten"
    assert people(rec)["Per Sten"].role is None


def test_minute_taker_from_a_role_beside_the_name() -> None:
    rec = record("Referat af udvalgsmøde den 4. maj 2021\n\nTil stede: Jens Holm, Mette Lund, "
                 "Ole Dahl (ref.)\n\n"
                 "1. Godkendelse af dagsorden\n", "da")
    assert minute_taker(rec) == "Ole Dahl"


def test_group_headers_give_roles_and_adjusters_sign() -> None:
    rec = record("Protokoll styrelsemöte 3 mars 2022\n\nNärvarande:\nLena Ekberg, ordf.\n"
                 "Jonas Rydh\nSuppleanter:\nMaja Stål\nFrån kansliet: Ivar Nord\n"
                 "Frånvarande: Eva Holt\n\n§ 1 Mötets öppnande\nLena Ekberg öppnade mötet.\n\n"
                 "Justeras\n\nPetra Lund   Jonas Rydh\n")
    ppl = people(rec)
    assert {p.name for p in rec.persons if p.attended} == {
        "Lena Ekberg", "Jonas Rydh", "Maja Stål", "Ivar Nord", "Petra Lund"}
    assert ppl["Maja Stål"].role == "suppleant"
    assert ppl["Ivar Nord"].role is None
    assert ppl["Petra Lund"].role == ppl["Jonas Rydh"].role == "justerare"
    assert ppl["Eva Holt"].absent


def test_signature_gives_the_role_under_the_name() -> None:
    rec = record("Minnesanteckningar chefsmöte 2 maj\n\nNärvarande: Stina Vik, Olle Hed\n\n"
                 "Vi ses i höst!\n\nStina Vik\nTf områdeschef\n")
    assert people(rec)["Stina Vik"].role == "Tf områdeschef"
