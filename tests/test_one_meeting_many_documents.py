"""An announcement and the minutes of the same meeting (same organiser, same stated date, same
kind of meeting) are one meeting with two source documents, and the build conforms."""

from __future__ import annotations

from pathlib import Path

from libgraph.build import build
from libgraph.store import open_store

INVITATION = """Invitasjon til biblioteksjefmøte 12. mars 2020

Nordland fylkesbibliotek inviterer til biblioteksjefmøte i Bodø 12. mars 2020.

Program
10.00 Velkommen ved fylkesbiblioteksjefen
10.30 Regional bibliotekplan: status og veien videre
13.00 Lesestimulering for barn og unge i kommunene

Påmelding til fylkesbiblioteket innen 1. mars.
"""

MINUTES = """Referat fra biblioteksjefmøte 12. mars 2020

Nordland fylkesbibliotek inviterte til biblioteksjefmøte i Bodø 12. mars 2020.

Til stede: Kari Nordmann, Bodø, Ola Hansen, Narvik, Ingrid Berg, Vefsn

Sak 1 Regional bibliotekplan
Fylkesbiblioteket orienterte om arbeidet med ny regional bibliotekplan. Møtet drøftet hvordan
kommunene kan bidra.
Vedtak: Det opprettes en arbeidsgruppe for lesestimulering.
"""

QUERY = """PREFIX lg: <https://w3id.org/libgraph/ontology#>
SELECT ?meeting (COUNT(DISTINCT ?doc) AS ?docs) WHERE { ?meeting a lg:Meeting ; lg:minutes ?doc }
GROUP BY ?meeting"""


def test_announcement_and_minutes_are_one_meeting(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "invitasjon.txt").write_text(INVITATION, encoding="utf-8")
    (corpus / "referat.txt").write_text(MINUTES, encoding="utf-8")
    report = build([corpus], tmp_path / "out", jobs=1)
    assert len(report.documents) == 2 and report.conforms, report.validation
    rows = list(open_store(tmp_path / "out").query(QUERY))
    assert [int(row["docs"].value) for row in rows] == [2]


def test_meetings_of_one_organiser_on_two_days_stay_two(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mars.txt").write_text(MINUTES, encoding="utf-8")
    june = MINUTES.replace("12. mars", "4. juni").split("Sak 1")[0] + (
        "Sak 1 Fjernlån\nFylkesbiblioteket la fram statistikken over fjernlån mellom "
        "bibliotekene i fylket for fjoråret, og møtet drøftet transportordningen.\n"
        "Vedtak: Transportordningen videreføres ut året.\n")
    (corpus / "juni.txt").write_text(june, encoding="utf-8")
    report = build([corpus], tmp_path / "out", jobs=1)
    assert report.conforms, report.validation
    rows = list(open_store(tmp_path / "out").query(QUERY))
    assert sorted(int(row["docs"].value) for row in rows) == [1, 1]
