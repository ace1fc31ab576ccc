"""Synthetic minutes for benchmarks (never demo data, never gold).

``python benchmarks/generate.py --docs N --seed S --out DIR`` writes N minutes files in
Swedish, Norwegian (bokmål and some nynorsk) and Danish. They are built from templates and the
shipped reference data: real municipalities and regions (``data/gazetteer/areas.csv``), given
names that the name list says are used in the country (``data/names/first_names.csv``) with a
small list of common Nordic surnames kept here, and organisations from
``data/authority/organisations.csv`` and ``libraries.csv``.

Each document is made by its own ``random.Random(seed, index)``, so document *i* is the same
whatever N is (the 100-document corpus is the start of the 1,000-document one), and the same
seed gives byte-identical files. People are drawn from a fixed pool per region, so the same
person attends many meetings, as in real minutes, and the build has to merge them by IRI.

Shapes of real minutes that appear: "Närvarande: A, B och C" on one line; one person per line
("Name, Organisation"); "Kommune: Name, Name og Name"; absences ("Anmält förhinder", "Meldt
forfall", "Afbud"); numbered items ("§ 3", "Sak 12/22", "Punkt 4"); decisions ("Mötet beslutade
att ...", "Vedtak: ...", "Det blev besluttet at ..."); grants ("Kulturrådet har beviljat
500 000 kronor till projektet X"); action items; the next meeting; and about one document in
seven as run-on single-line text, as PDF transcripts come out.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

def _names(text: str) -> list[str]:
    return text.split()


SURNAMES = {
    "SE": _names("Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson "
           "Gustafsson Pettersson Jonsson Jansson Hansson Bengtsson Lindberg Jakobsson "
           "Magnusson Lindström Olofsson Lindqvist Lindgren Axelsson Bergström Lundberg "
           "Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg Henriksson Forsberg "
           "Sjöberg Wallin Engström Eklund Danielsson Lundin Håkansson Bergman Gunnarsson "
           "Wikström Samuelsson Isaksson Fransson Bergqvist Nyström Holmberg Arvidsson "
           "Löfgren Söderberg Nyberg Blomqvist Claesson Nordström Hedlund Sundberg"),
    "NO": _names("Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
           "Johnsen Pettersen Eriksen Haugen Hagen Johannessen Andreassen Jacobsen Dahl "
           "Jørgensen Halvorsen Henriksen Sørensen Jakobsen Moen Gundersen Iversen Strand "
           "Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken Kristoffersen Mathisen "
           "Amundsen Rasmussen Solheim Berntsen Kvalheim Tveit Nygård Myhre Brekke Aasen "
           "Fossum Rønning Sætre Lien Ødegård"),
    "DK": _names("Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen "
           "Jørgensen Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen "
           "Møller Mortensen Knudsen Jakobsen Mikkelsen Olesen Frederiksen Laursen Henriksen "
           "Schmidt Eriksen Kristiansen Clausen Simonsen Svendsen Andreasen Iversen Jeppesen "
           "Mogensen Jacobsen Nissen Lauridsen Bertelsen Vestergaard Østergaard Kjær Bach "
           "Dalsgaard Holst Winther Brandt"),
}
LANGUAGES = (("sv", 0.40), ("nb", 0.24), ("nn", 0.08), ("da", 0.28))
COUNTRY = {"sv": "SE", "nb": "NO", "nn": "NO", "da": "DK"}
CURRENCY_WORD = {"sv": "kronor", "nb": "kroner", "nn": "kroner", "da": "kroner"}
PEOPLE_PER_REGION = 60


@dataclass(frozen=True)
class Area:
    country: str
    kind: str
    code: str
    name: str
    region: str


@dataclass(frozen=True)
class PersonRef:
    name: str
    municipality: str
    library: str


@dataclass
class Reference:
    """The shipped reference data, read once."""

    regions: dict[str, list[Area]]
    municipalities: dict[tuple[str, str], list[Area]]
    given: dict[str, list[str]]
    funders: dict[str, list[str]]
    agencies: dict[tuple[str, str], str]
    libraries: dict[tuple[str, str], str]

    @classmethod
    def load(cls) -> Reference:
        regions: dict[str, list[Area]] = {"SE": [], "NO": [], "DK": []}
        munis: dict[tuple[str, str], list[Area]] = {}
        for row in _rows(DATA / "gazetteer" / "areas.csv"):
            area = Area(row["country"], row["kind"], row["code"], row["name"],
                        row["region_code"])
            if area.kind == "region" and area.country in regions:
                regions[area.country].append(area)
            elif area.kind == "municipality":
                munis.setdefault((area.country, area.region), []).append(area)
        regions = {cc: [r for r in rs if munis.get((cc, r.code))] for cc, rs in regions.items()}
        return cls(regions, munis, _given_names(), *_organisations(), _libraries())


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _given_names() -> dict[str, list[str]]:
    """Plausible given names per country: short, plain, and not also a word or place name."""
    ambiguous = set((DATA / "names" / "ambiguous.txt").read_text(encoding="utf-8").split())
    out: dict[str, list[str]] = {"SE": [], "NO": [], "DK": []}
    common: dict[str, list[str]] = {"SE": [], "NO": [], "DK": []}
    for row in _rows(DATA / "names" / "first_names.csv"):
        name, countries = row["name"], row["countries"].split("|")
        if not (3 <= len(name) <= 9 and name.isalpha() and name[0].isupper()):
            continue
        if name in ambiguous:
            continue
        for cc in countries:
            if cc in out:
                out[cc].append(name)
                # Names the list gives for Norway and another country are the common ones.
                if len(countries) > 1 and "NO" in countries:
                    common[cc].append(name)
    # Seven in ten people get a common pan-Nordic name, the rest any name of the country.
    return {cc: common[cc] * max(1, (7 * len(out[cc])) // (3 * max(1, len(common[cc]))))
            + out[cc] for cc in out}


def _organisations() -> tuple[dict[str, list[str]], dict[tuple[str, str], str]]:
    funders: dict[str, list[str]] = {"SE": [], "NO": [], "DK": []}
    agencies: dict[tuple[str, str], str] = {}
    for row in _rows(DATA / "authority" / "organisations.csv"):
        cc, kind = row["country"], row["kind"]
        if cc in funders and kind in ("national_agency", "funder", "national_library"):
            short = row["key"].endswith("kulturradet")  # written "Kulturrådet" in minutes
            funders[cc].append(row["aliases"].split("|")[0] if short else row["name"])
        if kind == "regional_library_agency" and row["region_code"]:
            agencies[(cc, row["region_code"])] = row["name"]
    return funders, agencies


def _libraries() -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for row in _rows(DATA / "authority" / "libraries.csv"):
        if row.get("main", "1") in ("1", "") and row["municipality_code"]:
            out.setdefault((row["country"], row["municipality_code"]), row["name"])
    return out


# -- text templates -------------------------------------------------------------------------

WORDS: dict[str, dict[str, object]] = {
    "sv": {
        "meeting": ["Chefsmöte", "Bibliotekschefsmöte", "Styrgruppsmöte", "Nätverksträff",
                    "Länsträff för folkbibliotekschefer"],
        "minutes": ["Minnesanteckningar", "Protokoll", "Anteckningar från"],
        "present": "Närvarande", "absent": "Anmält förhinder", "and": "och",
        "place": "Plats", "chair": "Ordförande", "secretary": "Sekreterare",
        "item": lambda n, rng: f"§ {n}",
        "next": "Nästa möte", "month": ["januari", "februari", "mars", "april", "maj", "juni",
                                        "juli", "augusti", "september", "oktober", "november",
                                        "december"],
        "agenda": ["Mötets öppnande", "Föregående protokoll", "Regional biblioteksplan",
                   "Läsfrämjande", "Digital delaktighet", "Ekonomi och budget",
                   "Medieförsörjning", "Omvärldsbevakning", "Barn och unga",
                   "Kompetensutveckling", "Meröppna bibliotek", "Övriga frågor"],
        "decide": ["Mötet beslutade att {x}.", "Beslut: {X}.", "Styrgruppen beslutade att {x}.",
                   "Det beslutades att {x}."],
        "decisions": ["godkänna verksamhetsplanen för nästa år",
                      "ge arbetsgruppen i uppdrag att ta fram ett förslag till hösten",
                      "lägga protokollet till handlingarna",
                      "gå vidare med gemensam upphandling av e-böcker",
                      "bjuda in Kulturrådet till nästa möte",
                      "avsätta medel för en gemensam fortbildningsdag"],
        "grant": "{f} har beviljat {amount} {cur} till projektet {p}.",
        "action": "{who} ansvarar för att {x} till nästa möte.",
        "actions": ["sammanställa enkätsvaren", "kontakta kommunerna", "skicka ut en inbjudan",
                    "ta fram underlag om e-medier", "boka lokal för utbildningsdagen"],
        "informs": "{who} informerade om {x}.",
        "projects": ["Läslyftet", "Digitalt först", "Bokstart", "Sommarboken",
                     "Bibliotek i hela landet", "Språkstart", "Läsfest"],
        "filler": [
            "Diskussionen handlade om hur biblioteken i {m} kan samarbeta bättre kring {t}.",
            "Flera kommuner har sett ett ökat intresse för {t} under året.",
            "Gruppen konstaterade att behoven skiljer sig mellan större och mindre kommuner.",
            "Regionbiblioteket erbjuder stöd i form av handledning och nätverksträffar.",
            "Erfarenheterna från {m} visar att det lönar sig att arbeta långsiktigt.",
            "Det behövs mer tid för att förankra arbetet hos politikerna.",
            "Statistiken för förra året visar fler besök men färre utlån av tryckta böcker.",
            "Många lyfte vikten av att dela material och metoder mellan biblioteken.",
            "En workshop om {t} planeras till våren tillsammans med skolbiblioteken.",
            "Frågan om gemensamma rutiner för fjärrlån diskuterades också.",
            "Samtalet fortsatte kring bemanning, öppettider och tillgänglighet.",
            "Biblioteken i {m} har goda erfarenheter av samarbete med studieförbunden.",
        ],
        "topics": ["läsfrämjande", "digital delaktighet", "meröppna bibliotek", "e-böcker",
                   "barn och unga", "mediehantering", "kompetensutveckling", "nyanlända"],
    },
    "nb": {
        "meeting": ["Biblioteksjefmøte", "Møte i styringsgruppen", "Nettverksmøte",
                    "Regionalt bibliotekmøte"],
        "minutes": ["Referat fra", "Møtereferat", "Referat"],
        "present": "Til stede", "absent": "Meldt forfall", "and": "og",
        "place": "Sted", "chair": "Møteleder", "secretary": "Referent",
        "item": lambda n, rng: f"Sak {n}/{rng.randint(18, 24)}",
        "next": "Neste møte", "month": ["januar", "februar", "mars", "april", "mai", "juni",
                                        "juli", "august", "september", "oktober", "november",
                                        "desember"],
        "agenda": ["Godkjenning av innkalling", "Referat fra forrige møte",
                   "Regional bibliotekplan",
                   "Lesestimulering", "Digital kompetanse", "Økonomi", "Bibliotekutvikling",
                   "Meråpne bibliotek", "Kompetanseheving", "Eventuelt"],
        "decide": ["Vedtak: {X}.", "Møtet vedtok å {x}.", "Det ble besluttet å {x}.",
                   "Styringsgruppen vedtok å {x}."],
        "decisions": ["godkjenne handlingsplanen for neste år",
                      "be arbeidsgruppen legge fram et forslag til høsten",
                      "ta referatet til orientering",
                      "gå videre med felles innkjøp av e-bøker",
                      "invitere Nasjonalbiblioteket til neste møte",
                      "sette av midler til en felles fagdag"],
        "grant": "{f} har bevilget {amount} {cur} til prosjektet {p}.",
        "action": "{who} har ansvar for å {x} til neste møte.",
        "actions": ["sammenstille svarene fra undersøkelsen", "kontakte kommunene",
                    "sende ut invitasjon", "lage et notat om e-medier", "bestille lokale"],
        "informs": "{who} orienterte om {x}.",
        "projects": ["Leselyst", "Bibliotekløftet", "Sommerles", "Digitalt lesehus",
                     "Møteplass bibliotek", "Bokbussløftet"],
        "filler": [
            "Diskusjonen handlet om hvordan bibliotekene i {m} kan samarbeide bedre om {t}.",
            "Flere kommuner har sett økt interesse for {t} det siste året.",
            "Gruppen var enig om at behovene er forskjellige i store og små kommuner.",
            "Fylkesbiblioteket tilbyr veiledning, kurs og nettverksmøter.",
            "Erfaringene fra {m} viser at det lønner seg å jobbe langsiktig.",
            "Det trengs mer tid for å forankre arbeidet hos politikerne.",
            "Statistikken for fjoråret viser flere besøk, men færre utlån av trykte bøker.",
            "Mange trakk fram hvor viktig det er å dele erfaringer mellom bibliotekene.",
            "Det planlegges en fagdag om {t} til våren sammen med skolebibliotekene.",
            "Spørsmålet om felles rutiner for fjernlån ble også drøftet.",
            "Samtalen fortsatte om bemanning, åpningstider og tilgjengelighet.",
        ],
        "topics": ["lesestimulering", "digital kompetanse", "meråpne bibliotek", "e-bøker",
                   "barn og unge", "litteraturformidling", "kompetanseheving", "innvandrere"],
    },
    "nn": {
        "meeting": ["Biblioteksjefmøte", "Møte i styringsgruppa", "Nettverksmøte"],
        "minutes": ["Referat frå", "Møtereferat"],
        "present": "Til stades", "absent": "Meldt fråvær", "and": "og",
        "place": "Stad", "chair": "Møteleiar", "secretary": "Referent",
        "item": lambda n, rng: f"Sak {n}/{rng.randint(18, 24)}",
        "next": "Neste møte", "month": ["januar", "februar", "mars", "april", "mai", "juni",
                                        "juli", "august", "september", "oktober", "november",
                                        "desember"],
        "agenda": ["Godkjenning av innkalling", "Referat frå førre møte", "Regional bibliotekplan",
                   "Lesestimulering", "Digital kompetanse", "Økonomi", "Eventuelt"],
        "decide": ["Vedtak: {X}.", "Møtet vedtok å {x}.", "Det vart vedteke å {x}."],
        "decisions": ["godkjenne handlingsplanen for neste år",
                      "be arbeidsgruppa leggje fram eit framlegg til hausten",
                      "ta referatet til vitande", "gå vidare med felles innkjøp av e-bøker",
                      "setje av midlar til ein felles fagdag"],
        "grant": "{f} har løyvd {amount} {cur} til prosjektet {p}.",
        "action": "{who} har ansvar for å {x} til neste møte.",
        "actions": ["samanstille svara frå undersøkinga", "kontakte kommunane",
                    "sende ut invitasjon", "skrive eit notat om e-medium"],
        "informs": "{who} orienterte om {x}.",
        "projects": ["Leselyst", "Bibliotekløftet", "Sommarles", "Møtestad bibliotek"],
        "filler": [
            "Diskusjonen handla om korleis biblioteka i {m} kan samarbeide betre om {t}.",
            "Fleire kommunar har sett auka interesse for {t} det siste året.",
            "Gruppa var samd om at behova er ulike i store og små kommunar.",
            "Fylkesbiblioteket tilbyr rettleiing, kurs og nettverksmøte.",
            "Røynslene frå {m} syner at det løner seg å arbeide langsiktig.",
            "Det trengst meir tid for å forankre arbeidet hjå politikarane.",
            "Statistikken for i fjor syner fleire besøk, men færre utlån av trykte bøker.",
            "Mange trekte fram kor viktig det er å dele røynsler mellom biblioteka.",
            "Det er planlagt ein fagdag om {t} til våren saman med skulebiblioteka.",
            "Samtalen heldt fram om bemanning, opningstider og tilgjenge.",
        ],
        "topics": ["lesestimulering", "digital kompetanse", "meirope bibliotek", "e-bøker",
                   "born og unge", "litteraturformidling"],
    },
    "da": {
        "meeting": ["Lederforum", "Styregruppemøde", "Netværksmøde", "Bibliotekschefmøde"],
        "minutes": ["Referat af", "Referat fra", "Beslutningsreferat"],
        "present": "Deltagere", "absent": "Afbud", "and": "og",
        "place": "Sted", "chair": "Mødeleder", "secretary": "Referent",
        "item": lambda n, rng: f"Punkt {n}",
        "next": "Næste møde", "month": ["januar", "februar", "marts", "april", "maj", "juni",
                                        "juli", "august", "september", "oktober", "november",
                                        "december"],
        "agenda": ["Godkendelse af dagsorden", "Referat fra sidste møde",
                   "Strategi for samarbejdet",
                   "Læsefremme", "Digital dannelse", "Økonomi", "Åbne biblioteker",
                   "Kompetenceudvikling", "Eventuelt"],
        "decide": ["Det blev besluttet at {x}.", "Beslutning: {X}.",
                   "Styregruppen besluttede at {x}.",
                   "Mødet godkendte at {x}."],
        "decisions": ["godkende handlingsplanen for næste år",
                      "arbejdsgruppen udarbejder et forslag til efteråret",
                      "tage referatet til efterretning",
                      "gå videre med fælles indkøb af e-bøger",
                      "afsætte midler til en fælles temadag"],
        "grant": "{f} har bevilget {amount} {cur} til projektet {p}.",
        "action": "{who} sørger for at {x} inden næste møde.",
        "actions": ["samle svarene fra undersøgelsen", "kontakte kommunerne",
                    "sende en invitation ud", "skrive et notat om e-medier"],
        "informs": "{who} orienterede om {x}.",
        "projects": ["Læselyst", "Bibliotekernes Digitale Strategi", "Sommerbogen",
                     "Åbne biblioteker for alle", "Læsefællesskaber"],
        "filler": [
            "Drøftelsen handlede om, hvordan bibliotekerne i {m} kan samarbejde bedre om {t}.",
            "Flere kommuner har oplevet en stigende interesse for {t} i løbet af året.",
            "Gruppen konstaterede, at behovene er forskellige i store og små kommuner.",
            "Centralbiblioteket tilbyder sparring, kurser og netværksmøder.",
            "Erfaringerne fra {m} viser, at det betaler sig at arbejde langsigtet.",
            "Der er brug for mere tid til at forankre arbejdet hos politikerne.",
            "Statistikken for sidste år viser flere besøg, men færre udlån af trykte bøger.",
            "Mange fremhævede, hvor vigtigt det er at dele erfaringer mellem bibliotekerne.",
            "Der planlægges en temadag om {t} i foråret sammen med skolebibliotekerne.",
            "Spørgsmålet om fælles procedurer for fjernlån blev også drøftet.",
        ],
        "topics": ["læsefremme", "digital dannelse", "åbne biblioteker", "e-bøger",
                   "børn og unge", "formidling", "kompetenceudvikling"],
    },
}


class DocumentMaker:
    """Writes one minutes document from a seeded generator."""

    def __init__(self, ref: Reference, rng: random.Random, language: str,
                 target_words: int) -> None:
        self.ref, self.rng, self.lang = ref, rng, language
        self.cc = COUNTRY[language]
        self.w = WORDS[language]
        self.target = target_words
        self.region = rng.choice(ref.regions[self.cc])
        self.munis = ref.municipalities[(self.cc, self.region.code)]
        self.pool = person_pool(ref, self.cc, self.region.code)

    def make(self, index: int) -> tuple[str, str]:
        rng, w = self.rng, self.w
        day = date(2008, 1, 1) + timedelta(days=rng.randrange(365 * 16))
        kind = rng.choice(w["meeting"])  # type: ignore[arg-type]
        host = rng.choice(self.munis)
        present = rng.sample(self.pool, k=min(len(self.pool), rng.randint(5, 14)))
        absent = [p for p in rng.sample(self.pool, k=min(len(self.pool), 3)) if p not in present]
        lines = [f"{rng.choice(w['minutes'])} {kind.lower() if rng.random() < 0.3 else kind}"  # type: ignore[arg-type]
                 f" {self._date(day)}", "", f"{w['place']}: {self._venue(host)}", ""]
        lines += self._attendance(present, absent[: rng.randint(0, 2)])
        lines += ["", f"{w['chair']}: {present[0].name}",
                  f"{w['secretary']}: {present[1].name}", ""]
        body = self._items(present)
        lines += body
        lines += ["", f"{w['next']}: {self._date(day + timedelta(days=rng.randint(30, 120)))}"
                  f" {self._in_place(rng.choice(self.munis).name)}."]
        text = "\n".join(lines) + "\n"
        if rng.random() < 0.14:
            text = " ".join(part.strip() for part in text.split("\n") if part.strip()) + "\n"
        slug = _slug(kind)
        return f"{self.cc.lower()}-{day.isoformat()}-{slug}-{index:05d}.txt", text

    def _date(self, day: date) -> str:
        style = self.rng.randrange(3)
        if style == 0:
            return day.isoformat()
        months = self.w["month"]
        return f"{day.day}{'.' if self.lang != 'sv' else ''} {months[day.month - 1]} {day.year}"  # type: ignore[index]

    def _venue(self, host: Area) -> str:
        lib = self.ref.libraries.get((self.cc, host.code))
        return lib or host.name

    def _in_place(self, name: str) -> str:
        return {"sv": "i", "nb": "i", "nn": "i", "da": "i"}[self.lang] + " " + name

    def _attendance(self, present: list[PersonRef], absent: list[PersonRef]) -> list[str]:
        w, rng = self.w, self.rng
        style = rng.randrange(3)
        if style == 0:
            names = [p.name for p in present]
            lines = [f"{w['present']}: {', '.join(names[:-1])} {w['and']} {names[-1]}"]
        elif style == 1:
            lines = [f"{w['present']}:"] + [f"{p.name}, {p.library}" for p in present]
        else:
            lines = [f"{w['present']}:"]
            by_muni: dict[str, list[str]] = {}
            for p in present:
                by_muni.setdefault(p.municipality, []).append(p.name)
            for muni, names in by_muni.items():
                joined = names[0] if len(names) == 1 else \
                    f"{', '.join(names[:-1])} {w['and']} {names[-1]}"
                lines.append(f"{muni}: {joined}")
        if absent:
            lines += ["", f"{w['absent']}: " + f" {w['and']} ".join(p.name for p in absent)]
        return lines

    def _items(self, present: list[PersonRef]) -> list[str]:
        rng, w = self.rng, self.w
        agenda = list(w["agenda"])  # type: ignore[arg-type]
        out: list[str] = []
        words = 0
        number = rng.randint(1, 30)
        while words < self.target:
            title = agenda[(number - 1) % len(agenda)] if rng.random() < 0.7 else \
                rng.choice(agenda)
            paragraph = self._paragraph(present)
            out += ["", f"{w['item'](number, rng)} {title}", paragraph]  # type: ignore[operator]
            words += len(paragraph.split()) + 3
            number += 1
        return out

    def _paragraph(self, present: list[PersonRef]) -> str:
        rng, w = self.rng, self.w
        sentences = [self._filler() for _ in range(rng.randint(2, 6))]
        roll = rng.random()
        who = rng.choice(present).name
        if roll < 0.35:
            sentences.insert(0, w["informs"].format(  # type: ignore[union-attr]
                who=who, x=rng.choice(w["topics"])))  # type: ignore[arg-type]
        if rng.random() < 0.45:
            text = rng.choice(w["decisions"])  # type: ignore[arg-type]
            sentences.append(rng.choice(w["decide"]).format(  # type: ignore[union-attr]
                x=text, X=text[0].upper() + text[1:]))
        if rng.random() < 0.18:
            sentences.append(self._grant())
        if rng.random() < 0.25:
            sentences.append(w["action"].format(  # type: ignore[union-attr]
                who=who, x=rng.choice(w["actions"])))  # type: ignore[arg-type]
        return " ".join(sentences)

    def _filler(self) -> str:
        rng, w = self.rng, self.w
        return rng.choice(w["filler"]).format(  # type: ignore[union-attr]
            m=rng.choice(self.munis).name, t=rng.choice(w["topics"]))  # type: ignore[arg-type]

    def _grant(self) -> str:
        rng, w = self.rng, self.w
        funder = rng.choice(self.ref.funders[self.cc])
        amount = f"{rng.randint(5, 250) * 10_000:,}".replace(",", " ")
        return w["grant"].format(f=funder, amount=amount, cur=CURRENCY_WORD[self.lang],  # type: ignore[union-attr]
                                 p=rng.choice(w["projects"]))  # type: ignore[arg-type]


_POOLS: dict[tuple[str, str], list[PersonRef]] = {}
REFERENCE: list[Reference] = []


def person_pool(ref: Reference, cc: str, region: str) -> list[PersonRef]:
    """The people of one region: fixed for the region, whatever the seed of the document."""
    key = (cc, region)
    if key not in _POOLS:
        rng = random.Random(f"people-{cc}-{region}")
        munis = ref.municipalities[key]
        pool, seen = [], set()
        while len(pool) < PEOPLE_PER_REGION:
            name = f"{rng.choice(ref.given[cc])} {rng.choice(SURNAMES[cc])}"
            if name in seen:
                continue
            seen.add(name)
            muni = rng.choice(munis)
            library = ref.libraries.get((cc, muni.code)) or muni.name
            pool.append(PersonRef(name, muni.name, library))
        _POOLS[key] = pool
    return _POOLS[key]


def _slug(text: str) -> str:
    table = str.maketrans("åäöæøéü ", "aaoaoeu-")
    return "".join(c for c in text.lower().translate(table) if c.isalnum() or c == "-")[:30]


def reference() -> Reference:
    if not REFERENCE:
        REFERENCE.append(Reference.load())
    return REFERENCE[0]


def make_document(seed: int, index: int, target_words: int | None = None,
                  language: str | None = None) -> tuple[str, str]:
    """File name and text of document ``index`` of the corpus of ``seed``."""
    rng = random.Random(f"{seed}-{index}")
    if language is None:
        language = rng.choices([c for c, _ in LANGUAGES], [p for _, p in LANGUAGES])[0]
    words = target_words or int(rng.triangular(250, 1350, 600))
    return DocumentMaker(reference(), rng, language, words).make(index)


def generate(docs: int, seed: int, out: Path,
             progress: Callable[[int], None] | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(docs):
        name, text = make_document(seed, index)
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
        if progress:
            progress(index)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    paths = generate(args.docs, args.seed, args.out)
    print(f"wrote {len(paths)} documents to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
