"""A build conforms to the shapes whatever the minutes say (issue 13).

A SHACL violation in a build is a bug in libgraph, never the user's fault: the place line
"Plats: <X>s kommun" once made a municipality contained in itself, and a project named by
punctuation once got an empty slug. This test writes many small minutes of its own with
varied place lines, titles and project names (invented bodies, real municipality names only
where a place line needs one the gazetteer knows) and builds them with the real CLI.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from click.testing import CliRunner

from libgraph.cli import main

SE_TOWNS = ["Västervik", "Torsby", "Sandviken", "Ronneby", "Alvesta", "Kiruna", "Ljungby"]
NO_TOWNS = ["Tromsø", "Bodø", "Molde", "Lillehammer", "Harstad", "Alta"]
DK_TOWNS = ["Vejle", "Kolding", "Herning", "Viborg", "Randers", "Silkeborg"]

PLACE_LINES = {
    "sv": ["Plats: {t}s kommun", "Plats: {t} kommun", "Plats: {t}", "Plats: {t}s stadsbibliotek",
           "Tid och plats: 10.00–15.00, Rådhuset i {t}", "Lokal: Sal B, {t}s bibliotek",
           "Plats: Kommunhuset, Storgatan 4, {t}", "Plats: hos Lövmo bibliotekförening"],
    "nb": ["Sted: {t} kommune", "Sted: {t}", "Møtested: {t} bibliotek", "Sted: Teams",
           "Sted: Kulturhuset i {t}", "Tid og sted: kl. 10–14, {t} folkebibliotek"],
    "da": ["Mødested: {t} Kommune", "Sted: {t}", "Lokale: Mødelokale 2, {t} Bibliotek",
           "Mødested: hos Ravnsø Bibliotek, Skolegade 3, {t}"],
}
TITLES = {
    "sv": ["Styrelsemöte i Lövmo bibliotekförening {d}", "Protokoll från chefsmöte {d}",
           "Nätverksträff i {t} {d}", "Minnesanteckningar, styrgruppsmöte {d}"],
    "nb": ["Referat fra styremøte i Ravnå bibliotekforening {d}", "Biblioteksjefmøte i {t} {d}",
           "Referat frå nettverkssamling {d}"],
    "da": ["Referat af bestyrelsesmøde i Ravnsø Bibliotekskreds {d}",
           "Biblioteksledermøde i {t} {d}", "Referat fra netværksmøde {d}"],
}
PROJECT_LINES = [
    'projektet "{p}"', "projektet «{p}»", "prosjektet {p}", "satsningen {p}", "**{p}**",
    "{p} - ett projekt", "EU-projekt {p}",
]
PROJECT_NAMES = [".", "–", "...", "-.-", "Läs & lek", "Bok/Start", "100 %", "Ny.", "A",
                 "Lesefest 2.0", "«Åpen dør»", "Sommer-les", "(pilot)", "x"]
PEOPLE = ["Anna Lindqvar", "Erik Holmvik", "Kari Stenlund", "Ola Brekkestad", "Mette Ravnholt",
          "Lars Østmark", "Ingrid Fjellberg", "Jens Kvistrup"]
COUNTRY_TOWNS = {"sv": SE_TOWNS, "nb": NO_TOWNS, "da": DK_TOWNS}
PRESENT = {"sv": "Närvarande", "nb": "Til stede", "da": "Deltagere"}
SECRETARY = {"sv": "Vid protokollet", "nb": "Referent", "da": "Referent"}
GRANT = {"sv": "Kulturrådet har beviljat {n} kronor till ", "nb": "Kulturrådet har bevilget "
         "{n} kroner til ", "da": "Slots- og Kulturstyrelsen har bevilget {n} kr. til "}


def minutes(rng: random.Random, index: int) -> tuple[str, str]:
    """(file name, text) of one small invented minutes document."""
    language = rng.choice(["sv", "nb", "da"])
    town = rng.choice(COUNTRY_TOWNS[language])
    day = f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.{rng.randint(2010, 2024)}"
    title = rng.choice(TITLES[language]).format(t=town, d=day)
    place = rng.choice(PLACE_LINES[language]).format(t=town)
    people = rng.sample(PEOPLE, 4)
    project = rng.choice(PROJECT_LINES).format(p=rng.choice(PROJECT_NAMES))
    grant = GRANT[language].format(n=rng.choice(["50 000", "1,5 milj", "200 000"]))
    lines = [title, "", place, "", f"{PRESENT[language]}: {', '.join(people[:3])}",
             f"{SECRETARY[language]}: {people[3]}", "", f"§ 1 {project}",
             f"{grant}{project}.", f"Vi diskuterade {project} och planen framåt.", ""]
    return f"{index:03d}_{language}.txt", "\n".join(lines)


def test_varied_minutes_build_to_a_conforming_graph(tmp_path: Path) -> None:
    corpus = tmp_path / "minutes"
    corpus.mkdir()
    rng = random.Random(14)
    for index in range(60):
        name, text = minutes(rng, index)
        (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path / "build"
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)])
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["validation"]["conforms"], result.output
    assert result.exit_code == 0, result.output
    graph = (out / "graph.nt").read_text(encoding="utf-8")
    assert "/id/project/>" not in graph and "/id/project/.>" not in graph
    for line in graph.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[1] == "<http://schema.org/containedInPlace>":
            assert parts[0] != parts[2].rstrip(" ."), line
