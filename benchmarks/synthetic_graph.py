"""A synthetic libgraph graph of any size, for benchmarking queries (never demo data).

``python benchmarks/synthetic_graph.py --triples 1000000 --seed 1 -o graph.nt`` writes
N-Triples shaped like a real build (docs/graph.md): countries, regions and municipalities
with containment; libraries serving municipalities and regional agencies; people with
memberships; meetings with organiser, place, topics, attendees, absentees and a minute
taker; minutes documents whose text really contains the quoted words; evidence (mention,
target, position and quote selectors) for attendances, decisions and action items;
decisions, action items, projects with funders and participants, grants with amounts; and
the SKOS vocabularies, labelled in sv, nb, nn (not for every concept), da and en.

About 300 triples per meeting, so a million triples is ~3,000 meetings. People attend
mostly in their own region, so co-attendance and cross-region queries have real work to
do. The same seed and size give byte-identical output.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

BASE = "https://w3id.org/libgraph/"
ID = BASE + "id/"
VOCAB = BASE + "vocab/"
LG = "https://w3id.org/libgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA = "http://schema.org/"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"

COUNTRIES = {"se": ("SE", 21, "SEK", "sv"), "no": ("NO", 15, "NOK", "nb"),
             "dk": ("DK", 5, "DKK", "da")}
TOPICS = ["web", "competence_development", "marketing_communication", "legal_gdpr",
          "library_plans_strategy", "digital_inclusion", "reading_promotion", "funding",
          "media_supply_emedia", "library_spaces", "statistics", "accessibility",
          "children_young_people", "school_libraries", "democracy_free_speech",
          "collaboration_networks", "digitalisation", "events_literature", "sustainability",
          "mobile_libraries"]
MEETING_TYPES = ["directors_meeting", "steering_group", "network_meeting", "conference",
                 "workshop"]
ORG_TYPES = ["public_library", "regional_library_agency", "funder", "company"]
GIVEN = ["Anna", "Eva", "Maria", "Karin", "Lena", "Kristina", "Sara", "Ingrid", "Lars",
         "Anders", "Per", "Johan", "Ole", "Nils", "Mette", "Hanne", "Birgit", "Kari",
         "Sofia", "Elin", "Lina", "Weine", "Gudrun", "Camilla", "Magnus", "Emil"]
FAMILY = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Hansen",
          "Johansen", "Olsen", "Jensen", "Nielsen", "Pedersen", "Berg", "Lund", "Holm",
          "Hedberg", "Wijk", "Sundell", "Persson", "Ring", "Dahl", "Strand", "Vik", "Moe"]


def iri(value: str) -> str:
    return f"<{value}>"


def lit(value: object, datatype: str | None = None, lang: str | None = None) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if lang:
        return f'"{text}"@{lang}'
    if datatype:
        return f'"{text}"^^<{XSD}{datatype}>'
    return f'"{text}"'


@dataclass
class Region:
    iri: str
    country: str
    agency: str
    municipalities: list[str] = field(default_factory=list)
    libraries: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)


class Writer:
    """Counts what it writes, so generation stops near the asked size."""

    def __init__(self) -> None:
        self.count = 0
        self.buffer: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.buffer.append(f"{s} {p} {o} .\n")
        self.count += 1

    def flush(self) -> Iterator[str]:
        lines, self.buffer = self.buffer, []
        yield from lines


def vocabulary(w: Writer, rng: random.Random) -> None:
    """The concept schemes: topics in five languages (nn only for some), types in English."""
    for scheme, members in (("topic", TOPICS), ("meetingtype", MEETING_TYPES),
                            ("orgtype", ORG_TYPES)):
        s = iri(VOCAB + scheme)
        w.add(s, iri(RDF_TYPE), iri(SKOS + "ConceptScheme"))
        w.add(s, iri(RDFS + "label"), lit(scheme, lang="en"))
        for slug in members:
            c = iri(f"{VOCAB}{scheme}/{slug}")
            w.add(c, iri(RDF_TYPE), iri(SKOS + "Concept"))
            w.add(c, iri(SKOS + "inScheme"), s)
            w.add(s, iri(SKOS + "hasTopConcept"), c)
            name = slug.replace("_", " ")
            languages = ["sv", "nb", "da", "en"] + (["nn"] if rng.random() < 0.5 else [])
            for lang in languages:
                w.add(c, iri(SKOS + "prefLabel"), lit(f"{name} ({lang})", lang=lang))
            w.add(c, iri(RDFS + "label"), lit(name, lang="en"))


def places(w: Writer, rng: random.Random) -> list[Region]:
    """Countries, regions with a regional library agency, municipalities with a library."""
    regions = []
    for cc, (code, n_regions, _currency, _lang) in COUNTRIES.items():
        country = iri(f"{ID}country/{cc}")
        w.add(country, iri(RDF_TYPE), iri(SCHEMA + "Country"))
        w.add(country, iri(DCT + "identifier"), lit(code))
        w.add(country, iri(RDFS + "label"), lit(code))
        for r in range(1, n_regions + 1):
            region = Region(iri(f"{ID}region/{cc}-{r:02d}"), country,
                            iri(f"{ID}org/{cc}-agency-{r:02d}"))
            area(w, region.iri, "Region", f"Region {code}-{r:02d}", f"{r:02d}", country, country)
            org(w, region.agency, f"Regionbibliotek {code}-{r:02d}", "regional_library_agency",
                country, region.iri, library=True)
            for m in range(1, rng.randint(8, 30) + 1):
                muni = iri(f"{ID}municipality/{cc}-{r:02d}{m:02d}")
                area(w, muni, "Municipality", f"Kommun {code}-{r:02d}{m:02d}", f"{r:02d}{m:02d}",
                     region.iri, country)
                region.municipalities.append(muni)
                library = iri(f"{ID}org/library-{cc}-{r:02d}{m:02d}")
                org(w, library, f"Bibliotek {code}-{r:02d}{m:02d}", "public_library", country,
                    muni, library=True)
                region.libraries.append(library)
            regions.append(region)
    return regions


def area(w: Writer, s: str, kind: str, label: str, code: str, parent: str, country: str) -> None:
    w.add(s, iri(RDF_TYPE), iri(SCHEMA + "AdministrativeArea"))
    w.add(s, iri(RDF_TYPE), iri(LG + kind))
    w.add(s, iri(RDFS + "label"), lit(label))
    w.add(s, iri(DCT + "identifier"), lit(code))
    w.add(s, iri(SCHEMA + "containedInPlace"), parent)
    w.add(s, iri(LG + "country"), country)


def org(w: Writer, s: str, label: str, kind: str, country: str, served: str | None,
        library: bool = False) -> None:
    w.add(s, iri(RDF_TYPE), iri(ORG + "Organization"))
    if library:
        w.add(s, iri(RDF_TYPE), iri(SCHEMA + "Library"))
    w.add(s, iri(SKOS + "prefLabel"), lit(label))
    w.add(s, iri(RDFS + "label"), lit(label))
    w.add(s, iri(ORG + "classification"), iri(f"{VOCAB}orgtype/{kind}"))
    w.add(s, iri(LG + "country"), country)
    if served:
        w.add(s, iri(SCHEMA + "areaServed"), served)


class Generator:
    """Meetings, one after another, with everything that hangs off them."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.w = Writer()
        self.people = 0
        self.mentions = 0
        self.meetings = 0
        self.projects: list[tuple[str, str]] = []
        self.funders: dict[str, list[str]] = {}
        self.names: dict[str, str] = {}

    def setup(self) -> Iterator[str]:
        vocabulary(self.w, self.rng)
        self.regions = places(self.w, self.rng)
        for cc, (code, _n, _cur, _lang) in COUNTRIES.items():
            country = iri(f"{ID}country/{cc}")
            self.funders[cc] = []
            for f in range(1, 8):
                funder = iri(f"{ID}org/{cc}-funder-{f}")
                org(self.w, funder, f"Fond {code}-{f}", "funder", country, None)
                self.funders[cc].append(funder)
        yield from self.w.flush()

    def person(self, region: Region) -> str:
        """A new person of the region, member of one of its libraries (or its agency)."""
        self.people += 1
        p = iri(f"{ID}person/p{self.people:06d}")
        name = f"{self.rng.choice(GIVEN)} {self.rng.choice(FAMILY)} {self.people}"
        self.names[p] = name
        w = self.w
        w.add(p, iri(RDF_TYPE), iri(FOAF + "Person"))
        w.add(p, iri(FOAF + "name"), lit(name))
        w.add(p, iri(RDFS + "label"), lit(name))
        employer = region.agency if self.rng.random() < 0.1 else self.rng.choice(region.libraries)
        membership = iri(f"{ID}membership/p{self.people:06d}")
        w.add(membership, iri(RDF_TYPE), iri(ORG + "Membership"))
        w.add(membership, iri(ORG + "member"), p)
        w.add(membership, iri(ORG + "organization"), employer)
        w.add(membership, iri(RDFS + "label"), lit(f"{name} – membership"))
        w.add(p, iri(ORG + "memberOf"), employer)
        region.people.append(p)
        return p

    def attendees(self, region: Region) -> list[str]:
        """Mostly regulars of the region, some newcomers, a few visitors from elsewhere."""
        wanted = self.rng.randint(8, 20)
        chosen: list[str] = []
        while len(chosen) < wanted:
            roll = self.rng.random()
            if roll < 0.08 or len(region.people) < 25:
                p = self.person(region)
            elif roll < 0.13:
                other = self.rng.choice(self.regions)
                p = self.rng.choice(other.people) if other.people else self.person(other)
            else:
                p = self.rng.choice(region.people[:400])
            if p not in chosen:
                chosen.append(p)
        return chosen

    def meeting(self) -> Iterator[str]:
        self.meetings += 1
        n, w, rng = self.meetings, self.w, self.rng
        region = rng.choice(self.regions)
        cc = region.iri.split("/region/")[1][:2]
        _code, _n, currency, language = COUNTRIES[cc]
        day = date(2005, 1, 1) + timedelta(days=rng.randrange(20 * 365))
        m = iri(f"{ID}meeting/m{n:06d}")
        doc = iri(f"{ID}minutes/d{n:06d}")
        people = self.attendees(region)
        absent = [p for p in self.attendees(region)[:rng.randint(0, 2)] if p not in people]
        decisions = [f"Mötet beslutade att arbeta vidare med fråga {n}.{i}."
                     for i in range(rng.randint(0, 4))]
        action_people = rng.sample(people, rng.randint(0, 2))
        actions = [f"{self.names[p]} tar fram ett förslag {n}.{i}."
                   for i, p in enumerate(action_people)]
        spans: dict[str, tuple[int, int]] = {}
        text = "Närvarande: "
        for i, p in enumerate(people):
            start = len(text)
            text += self.names[p]
            spans[p] = (start, len(text))
            text += ", " if i < len(people) - 1 else ".\n"
        for sentence in decisions + actions:
            spans[sentence] = (len(text), len(text) + len(sentence))
            text += sentence + "\n"

        w.add(m, iri(RDF_TYPE), iri(LG + "Meeting"))
        w.add(m, iri(RDF_TYPE), iri(SCHEMA + "Event"))
        w.add(m, iri(SCHEMA + "name"), lit(f"Möte {n}"))
        w.add(m, iri(RDFS + "label"), lit(f"Möte {n} {day.isoformat()}"))
        w.add(m, iri(SCHEMA + "startDate"), lit(day.isoformat(), "date"))
        w.add(m, iri(LG + "dateInferred"), lit("false", "boolean"))
        w.add(m, iri(LG + "country"), region.country)
        w.add(m, iri(LG + "minutes"), doc)
        w.add(m, iri(SCHEMA + "location"), rng.choice(region.municipalities))
        w.add(m, iri(SCHEMA + "organizer"), region.agency)
        w.add(m, iri(LG + "meetingType"), iri(f"{VOCAB}meetingtype/{rng.choice(MEETING_TYPES)}"))
        for topic in rng.sample(TOPICS, 3):
            w.add(m, iri(DCT + "subject"), iri(f"{VOCAB}topic/{topic}"))
        for p in people:
            w.add(m, iri(SCHEMA + "attendee"), p)
            self.mention(doc, text, spans[p], [m, p], "attendance-list", SCHEMA + "attendee")
        for p in absent:
            w.add(m, iri(LG + "absentee"), p)
        w.add(m, iri(LG + "minuteTaker"), people[0])

        w.add(doc, iri(RDF_TYPE), iri(LG + "Minutes"))
        w.add(doc, iri(RDF_TYPE), iri(FOAF + "Document"))
        w.add(doc, iri(DCT + "identifier"), lit(f"{n:064x}"))
        w.add(doc, iri(DCT + "language"), lit(language))
        w.add(doc, iri(DCT + "title"), lit(f"Minnesanteckningar {n}"))
        w.add(doc, iri(DCT + "source"), lit(f"{cc}-{day.isoformat()}-{n:06d}.txt"))
        w.add(doc, iri(RDFS + "label"), lit(f"Minnesanteckningar {n}"))
        w.add(doc, iri(SCHEMA + "text"), lit(text))

        for i, sentence in enumerate(decisions):
            d = iri(f"{ID}decision/m{n:06d}-{i}")
            w.add(d, iri(RDF_TYPE), iri(LG + "Decision"))
            w.add(d, iri(DCT + "description"), lit(sentence))
            w.add(d, iri(RDFS + "label"), lit(sentence[:40]))
            w.add(d, iri(PROV + "wasGeneratedBy"), m)
            w.add(d, iri(DCT + "subject"), iri(f"{VOCAB}topic/{rng.choice(TOPICS)}"))
            self.mention(doc, text, spans[sentence], [d], "decision")
        for i, (p, sentence) in enumerate(zip(action_people, actions, strict=True)):
            a = iri(f"{ID}action/m{n:06d}-{i}")
            w.add(a, iri(RDF_TYPE), iri(LG + "ActionItem"))
            w.add(a, iri(RDF_TYPE), iri(SCHEMA + "Action"))
            w.add(a, iri(SCHEMA + "agent"), p)
            w.add(a, iri(DCT + "description"), lit(sentence))
            w.add(a, iri(RDFS + "label"), lit(sentence[:40]))
            w.add(a, iri(PROV + "wasGeneratedBy"), m)
            self.mention(doc, text, spans[sentence], [a], "action")
        if n % 10 == 1:
            self.project(region, cc, currency, doc)
        yield from w.flush()

    def mention(self, doc: str, text: str, span: tuple[int, int], bodies: list[str],
                rule: str, relation: str | None = None) -> None:
        self.mentions += 1
        w, k = self.w, self.mentions
        mention = f"{ID}mention/e{k:08d}"
        s, target = iri(mention), iri(mention + "-target")
        pos, quote = iri(mention + "-pos"), iri(mention + "-quote")
        w.add(s, iri(RDF_TYPE), iri(LG + "Mention"))
        w.add(s, iri(RDF_TYPE), iri(OA + "Annotation"))
        for body in bodies:
            w.add(s, iri(OA + "hasBody"), body)
        if relation:
            w.add(s, iri(LG + "evidenceOf"), iri(relation))
        w.add(s, iri(OA + "hasTarget"), target)
        w.add(s, iri(LG + "rule"), lit(rule))
        w.add(target, iri(RDF_TYPE), iri(OA + "SpecificResource"))
        w.add(target, iri(OA + "hasSource"), doc)
        w.add(target, iri(OA + "hasSelector"), pos)
        w.add(target, iri(OA + "hasSelector"), quote)
        w.add(pos, iri(RDF_TYPE), iri(OA + "TextPositionSelector"))
        w.add(pos, iri(OA + "start"), lit(span[0], "nonNegativeInteger"))
        w.add(pos, iri(OA + "end"), lit(span[1], "nonNegativeInteger"))
        w.add(quote, iri(RDF_TYPE), iri(OA + "TextQuoteSelector"))
        w.add(quote, iri(OA + "exact"), lit(text[span[0]:span[1]]))

    def project(self, region: Region, cc: str, currency: str, doc: str) -> None:
        """A project of the region: a funder, a grant, and some libraries taking part."""
        w, rng, k = self.w, self.rng, len(self.projects) + 1
        p = iri(f"{ID}project/x{k:05d}")
        funder = rng.choice(self.funders[cc])
        w.add(p, iri(RDF_TYPE), iri(SCHEMA + "Project"))
        w.add(p, iri(SCHEMA + "name"), lit(f"Projekt {k}"))
        w.add(p, iri(RDFS + "label"), lit(f"Projekt {k}"))
        w.add(p, iri(SCHEMA + "funder"), funder)
        w.add(p, iri(DCT + "subject"), iri(f"{VOCAB}topic/{rng.choice(TOPICS)}"))
        members = rng.sample(region.libraries, min(len(region.libraries), rng.randint(2, 5)))
        for member in [*members, region.agency]:
            w.add(p, iri(SCHEMA + "member"), member)
        g = iri(f"{ID}grant/x{k:05d}")
        amount = iri(f"{ID}grant/x{k:05d}-amount")
        w.add(g, iri(RDF_TYPE), iri(SCHEMA + "MonetaryGrant"))
        w.add(g, iri(SCHEMA + "funder"), funder)
        w.add(g, iri(SCHEMA + "fundedItem"), p)
        w.add(g, iri(RDFS + "label"), lit(f"Bidrag till projekt {k}"))
        w.add(g, iri(SCHEMA + "amount"), amount)
        w.add(amount, iri(RDF_TYPE), iri(SCHEMA + "MonetaryAmount"))
        w.add(amount, iri(SCHEMA + "value"), lit(rng.randrange(50, 5000) * 1000, "decimal"))
        w.add(amount, iri(SCHEMA + "currency"), lit(currency))
        w.add(p, iri(PROV + "wasDerivedFrom"), doc)
        self.projects.append((p, funder))


def generate(triples: int, seed: int = 1) -> Iterator[str]:
    """N-Triples lines, about ``triples`` of them (it stops after the meeting that reaches it)."""
    gen = Generator(seed)
    yield from gen.setup()
    while gen.w.count < triples:
        yield from gen.meeting()


def write(path: Path, triples: int, seed: int = 1) -> int:
    """Write the graph to ``path``; the number of triples written."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for line in generate(triples, seed):
            out.write(line)
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args(argv)
    count = write(args.out, args.triples, args.seed)
    print(f"{count} triples written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
