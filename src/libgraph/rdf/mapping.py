"""Extraction records to RDF, in the shape described in ``docs/graph.md``.

One ``GraphBuilder`` collects the static part (ontology, vocabularies, gazetteer) and any
number of documents. Within a document, names are resolved to IRIs through the authority list
and the gazetteer, so "KB", "Kungliga biblioteket" and "KB:s" are one organisation and a bare
municipality given as a library director's affiliation becomes that municipality's public
library.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdflib_ns

from .. import ns
from ..ingest.model import Document
from ..labels import shorten
from ..ns import DEFAULT_BASE, bind_prefixes
from ..record import Meeting, MinutesRecord, Organization, Person, Span
from ..resolve.textnorm import fold
from ..resources import resource
from ..vocab import Vocabulary
from .evidence import add_mention
from .iris import IriMinter
from .ntterms import nt_iri, nt_literal
from .places import add_areas, area_iri


class _Terms:
    """A namespace whose terms are made once: rdflib makes and checks a new URIRef at every
    attribute access, a few hundred times per document."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):  # not a term (e.g. a tool probing for attributes)
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)  # found as an attribute from now on
        return term

    def __getitem__(self, key: str) -> URIRef:
        term = self._items.get(key)
        if term is None:
            term = self._items[key] = self._namespace[key]
        return term


(DCTERMS, FOAF, LG, ORG, PROV, SCHEMA, SKOS, TIME, VOCAB, WD) = (_Terms(n) for n in (
    ns.DCTERMS, ns.FOAF, ns.LG, ns.ORG, ns.PROV, ns.SCHEMA, ns.SKOS, ns.TIME, ns.VOCAB, ns.WD))
OWL, RDF, RDFS, XSD = (_Terms(n) for n in (rdflib_ns.OWL, rdflib_ns.RDF, rdflib_ns.RDFS,
                                           rdflib_ns.XSD))

_TERMS = (URIRef, Literal)
LIBRARY_KINDS = {"public_library", "regional_library_agency", "national_library",
                 "school_library", "research_library"}
VOCAB_FILES = ("libgraph.ttl", "orgtypes.ttl", "meetingtypes.ttl", "roles.ttl", "topics.ttl")


def static_graph(base: str = DEFAULT_BASE) -> Graph:
    """Ontology, vocabularies and the gazetteer: the part every build shares."""
    from ..resolve.gazetteer import Gazetteer

    graph = bind_prefixes(Graph())
    for name in VOCAB_FILES:
        path = resource("ontology", name)
        if path.exists():
            graph.parse(path, format="turtle")
    add_areas(graph, IriMinter(base), Gazetteer.load())
    return graph


class GraphBuilder:
    """Adds one document's record to a graph."""

    def __init__(self, graph: Graph | None = None, base: str = DEFAULT_BASE) -> None:
        from ..resolve.authority import Authority
        from ..resolve.gazetteer import Gazetteer

        self.graph = bind_prefixes(graph if graph is not None else Graph())
        self.minter = IriMinter(base)
        self.gazetteer = Gazetteer.load()
        self.authority = Authority.load()

    def add(self, document: Document, record: MinutesRecord) -> Graph:
        _DocumentMapper(self, document, record).run()
        return self.graph


class _DocumentMapper:
    """The mapping of one document; holds its name → IRI tables while it runs."""

    def __init__(self, builder: GraphBuilder, document: Document, record: MinutesRecord) -> None:
        self.b = builder
        self.g = builder.graph
        self.write = getattr(self.g, "add_line", None)  # the build's TripleSink
        self.m = builder.minter
        self.doc = document
        self.rec = record
        self.sha = document.sha256
        self.country = record.country or document.country
        self.minutes = self.m.minutes(self.sha)
        self.orgs: dict[str, URIRef] = {}
        self.persons: dict[str, URIRef] = {}
        self.meeting_iris: list[URIRef] = []

    # -- driver ---------------------------------------------------------------------------

    def run(self) -> None:
        self._minutes()
        for org in self.rec.organizations:
            self._organization(org)
        for person in self.rec.persons:
            self._person(person)
        for index, meeting in enumerate(self.rec.meetings):
            self._meeting(index, meeting)
        self._places()
        self._projects()
        self._grants()
        self._decisions()
        self._actions()

    def add(self, s: URIRef, p: URIRef, o: object) -> None:
        self.g.add((s, p, o if isinstance(o, _TERMS) else Literal(o)))

    def text(self, s: URIRef, p: URIRef, value: str) -> None:
        """``add(s, p, Literal(value))``; into the build's sink, the line rdflib would write
        (making a Literal costs more than writing it)."""
        if self.write is not None and type(value) is str and type(s) is URIRef and \
                type(p) is URIRef:
            self.write(f"{nt_iri(s)} {nt_iri(p)} {nt_literal(value)} .")
        else:
            self.g.add((s, p, Literal(value)))

    def mention(self, bodies: list[URIRef], span: Span, evidence_of: URIRef | None = None
                ) -> None:
        add_mention(self.g, self.m, self.minutes, self.sha, self.doc.text, bodies, span,
                    evidence_of)

    def evidence(self, thing: URIRef, spans: list[Span]) -> None:
        """Mentions for ``thing``, or provenance from the whole document if no span is known."""
        seen: set[tuple[int, int]] = set()
        for span in spans:
            if (span.start, span.end) not in seen:
                seen.add((span.start, span.end))
                self.mention([thing], span)
        if not spans:
            self.add(thing, PROV.wasDerivedFrom, self.minutes)

    # -- minutes ---------------------------------------------------------------------------

    def _minutes(self) -> None:
        iri, doc = self.minutes, self.doc
        self.add(iri, RDF.type, LG.Minutes)
        self.add(iri, RDF.type, FOAF.Document)
        self.text(iri, DCTERMS.identifier, doc.sha256)
        self.text(iri, DCTERMS.language, doc.language)
        self.text(iri, SCHEMA.text, doc.text)
        self.text(iri, DCTERMS.title, doc.title or doc.name)
        self.text(iri, RDFS.label, doc.title or doc.name)
        self.text(iri, DCTERMS.source, doc.name)
        if self.rec.kind:  # minutes | summary | announcement: what compare --kind filters on
            self.text(iri, DCTERMS.type, self.rec.kind)

    # -- organisations ---------------------------------------------------------------------

    def _organization(self, org: Organization) -> URIRef:
        iri = self._org_iri(org.name, org.kind, org.municipality)
        for key in (org.name, *org.aliases):
            self.orgs.setdefault(fold(key), iri)
        entry = self.b.authority.lookup(org.name, country=self.country)
        self._org_triples(iri, org.name, org.kind, entry)
        for alias in org.aliases:
            if fold(alias) != fold(org.name):
                self.text(iri, SKOS.altLabel, alias)
        self._org_area(iri, org)
        self.evidence(iri, org.spans)
        return iri

    def _entry_iri(self, entry) -> URIRef:
        """A municipality's public library has one IRI whether the minutes name it
        ("Växjö stadsbibliotek") or give the bare municipality as an affiliation."""
        if entry.kind == "public_library" and entry.municipality_code and entry.country:
            return self.m.library_of(entry.country, entry.municipality_code)
        return self.m.organization(entry.key)

    def _org_iri(self, name: str, kind: str, municipality: str | None) -> URIRef:
        entry = self.b.authority.lookup(name, country=self.country)
        if entry is not None:
            return self._entry_iri(entry)
        if kind == "public_library" and municipality:
            area = self._area(municipality, "municipality")
            if area is not None:
                return self.m.library_of(area.country, area.code)
        return self.m.organization(f"{(self.country or 'xx').lower()}-{name}")

    def _org_triples(self, iri: URIRef, name: str, kind: str, entry: object | None) -> None:
        label = getattr(entry, "name", None) or name
        self.add(iri, RDF.type, ORG.Organization)
        if kind in LIBRARY_KINDS:
            self.add(iri, RDF.type, SCHEMA.Library)
        self.text(iri, SKOS.prefLabel, label)
        self.text(iri, RDFS.label, label)
        self.add(iri, ORG.classification, VOCAB[f"orgtype/{kind or 'other'}"])
        self._regional_layer(iri, entry)
        # International bodies (EU, IFLA) have no country; unknown organisations get the
        # country of the minutes that name them.
        country = entry.country if entry is not None else self.country
        if country:
            self.add(iri, LG.country, self.m.country(country))
        if getattr(entry, "wikidata", None):
            self.add(iri, OWL.sameAs, WD[entry.wikidata])  # type: ignore[union-attr]
        if getattr(entry, "isil", None):
            self.text(iri, ORG.identifier, entry.isil)  # type: ignore[union-attr]
        for alias in getattr(entry, "aliases", ()) or ():
            self.text(iri, SKOS.altLabel, alias)

    def _regional_layer(self, iri: URIRef, entry: object | None) -> None:
        """The second type of a dual-typed body (a Danish centralbibliotek is a public library
        and a regional library agency), and the regions an agency serves (a Norwegian
        fylkesbibliotek serves its county): from the authority list, docs/compare.md § 14."""
        for extra in getattr(entry, "also_kinds", ()) or ():
            self.add(iri, ORG.classification, VOCAB[f"orgtype/{extra}"])
        kinds = {getattr(entry, "kind", None), *(getattr(entry, "also_kinds", ()) or ())}
        if "regional_library_agency" not in kinds:
            return
        for code in getattr(entry, "region_codes", ()) or ():
            area = self.b.gazetteer.get(entry.country, "region", code)  # type: ignore[union-attr]
            if area is not None:
                self.add(iri, SCHEMA.areaServed, area_iri(self.m, area))

    def _org_area(self, iri: URIRef, org: Organization) -> None:
        for name, kind in ((org.municipality, "municipality"), (org.region, "region")):
            area = self._area(name, kind) if name else None
            if area is not None:
                self.add(iri, SCHEMA.areaServed, area_iri(self.m, area))
                return

    def _area(self, name: str | None, kind: str | None = None):
        if not name:
            return None
        areas = self.b.gazetteer.lookup(name, country=self.country)
        if kind:
            areas = [a for a in areas if a.kind == kind] or []
        return areas[0] if areas else None

    def org_for(self, name: str) -> URIRef:
        """IRI for an organisation name met in a field (affiliation, funder, organiser)."""
        key = fold(name)
        if key in self.orgs:
            return self.orgs[key]
        area = self._area(name) or self._misspelt_municipality(name)
        if area is not None and area.kind == "municipality":
            return self._municipal_library(area)
        entry = self.b.authority.lookup(name, country=self.country)
        iri = self._entry_iri(entry) if entry else self.m.organization(
            f"{(self.country or 'xx').lower()}-{name}")
        self._org_triples(iri, name, entry.kind if entry else "other", entry)
        self.add(iri, PROV.wasDerivedFrom, self.minutes)
        self.orgs[key] = iri
        return iri

    def _misspelt_municipality(self, name: str):
        """"Krokomb" for Krokom: one typo in a one-word affiliation."""
        if " " in name.strip():
            return None
        areas = self.b.gazetteer.lookup(name, country=self.country, kind="municipality",
                                        fuzzy=True)
        return areas[0] if len(areas) == 1 else None

    def _municipal_library(self, area) -> URIRef:
        """"Karlskrona" in a list of library directors: Karlskrona's public library."""
        iri = self.m.library_of(area.country, area.code)
        entry = self.b.authority.public_library_of(area.country, area.code)
        name = entry.name if entry else f"{area.name} bibliotek"
        self.add(iri, RDF.type, ORG.Organization)
        self.add(iri, RDF.type, SCHEMA.Library)
        self.text(iri, SKOS.prefLabel, name)
        self.text(iri, RDFS.label, name)
        self.add(iri, ORG.classification, VOCAB["orgtype/public_library"])
        self._regional_layer(iri, entry)
        self.add(iri, SCHEMA.areaServed, area_iri(self.m, area))
        self.add(iri, LG.country, self.m.country(area.country))
        if entry is not None and getattr(entry, "isil", None):
            self.text(iri, ORG.identifier, entry.isil)
        self.add(iri, PROV.wasDerivedFrom, self.minutes)
        return iri

    # -- people ----------------------------------------------------------------------------

    def _person(self, person: Person) -> URIRef:
        scoped = " " not in person.name.strip() or len(person.name.split()[-1].rstrip(".")) == 1
        iri = self.m.person(person.name, self.country, self.sha if scoped else None)
        for key in (person.name, *person.aliases):
            self.persons.setdefault(fold(key), iri)
        self.add(iri, RDF.type, FOAF.Person)
        self.text(iri, FOAF.name, person.name)
        self.text(iri, RDFS.label, person.name)
        self.add(iri, PROV.wasDerivedFrom, self.minutes)
        self.evidence(iri, person.spans)
        if person.affiliation:
            self._membership(iri, person)
        return iri

    def _membership(self, person_iri: URIRef, person: Person) -> None:
        org = self.org_for(person.affiliation or "")
        iri = self.m.membership(person_iri, org)
        self.add(person_iri, ORG.memberOf, org)
        self.add(iri, RDF.type, ORG.Membership)
        self.add(iri, ORG.member, person_iri)
        self.add(iri, ORG.organization, org)
        self.text(iri, RDFS.label, f"{person.name} – {person.affiliation}")
        if person.role:
            self.text(iri, LG.roleLabel, person.role)

            slug = Vocabulary.load().match_concept("role", person.role)
            if slug:
                self.add(iri, ORG.role, VOCAB[f"role/{slug}"])
        spans = person.affiliation_spans or person.spans[:1]
        self.evidence(iri, spans)
        self._member_during(iri)

    def _member_during(self, membership: URIRef) -> None:
        """Date the affiliation by the document's meeting: ``org:memberDuring`` the interval
        of that day (``time:Interval`` from and to the ``time:Instant`` of the date). A
        membership named in several minutes has one interval per meeting day; first and last
        are their minimum and maximum. Attendance is dated by the meeting's startDate."""
        day = next((m.start_date for m in self.rec.meetings if m.start_date), None)
        if not day:
            return
        interval, instant = self.m.iri("interval", day), self.m.iri("instant", day)
        self.add(membership, ORG.memberDuring, interval)
        self.add(interval, RDF.type, TIME.Interval)
        self.text(interval, RDFS.label, day)
        self.add(interval, TIME.hasBeginning, instant)
        self.add(interval, TIME.hasEnd, instant)
        self.add(instant, RDF.type, TIME.Instant)
        self.text(instant, RDFS.label, day)
        self.add(instant, TIME.inXSDDate, _date(day))

    def person_for(self, name: str | None) -> URIRef | None:
        return self.persons.get(fold(name)) if name else None

    # -- meetings --------------------------------------------------------------------------

    def _meeting_iri(self, index: int, meeting: Meeting) -> URIRef:
        """A meeting with a stated date and a known organiser is named by them (and its type),
        so that the announcement and the minutes of one meeting are one meeting with two
        documents; any other meeting is named by its document."""
        if meeting.organizer and meeting.start_date and not meeting.date_inferred:
            return self.m.meeting_of(self.org_for(meeting.organizer), meeting.start_date,
                                     meeting.type or "other")
        return self.m.meeting(self.sha, index, meeting.name, meeting.start_date)

    def _meeting(self, index: int, meeting: Meeting) -> None:
        iri = self._meeting_iri(index, meeting)
        self.meeting_iris.append(iri)
        label = meeting.name or self.doc.title or "Meeting"
        self.add(iri, RDF.type, LG.Meeting)
        self.add(iri, RDF.type, SCHEMA.Event)
        self.text(iri, SCHEMA.name, label)
        self.text(iri, RDFS.label, f"{label} {meeting.start_date or ''}".strip())
        self.add(iri, LG.minutes, self.minutes)
        self.add(iri, LG.meetingType, VOCAB[f"meetingtype/{meeting.type or 'other'}"])
        if self.country:
            self.add(iri, LG.country, self.m.country(self.country))
        self._meeting_dates(iri, meeting)
        self._meeting_place(iri, meeting)
        if meeting.organizer:
            self.add(iri, SCHEMA.organizer, self.org_for(meeting.organizer))
        taker = self.person_for(meeting.minute_taker)
        if taker is not None:
            self.add(iri, LG.minuteTaker, taker)
        if index == 0:  # the document records its first meeting; later ones are only listed
            self._attendance(iri)
            self._meeting_topics(iri)
        self.evidence(iri, meeting.spans)

    def _meeting_dates(self, iri: URIRef, meeting: Meeting) -> None:
        if meeting.start_date:
            self.add(iri, SCHEMA.startDate, Literal(meeting.start_date, datatype=XSD.date))
            self.add(iri, LG.dateInferred, Literal(bool(meeting.date_inferred)))
        if meeting.end_date:
            self.add(iri, SCHEMA.endDate, Literal(meeting.end_date, datatype=XSD.date))

    def _meeting_place(self, iri: URIRef, meeting: Meeting) -> None:
        """The meeting's location: its venue (inside its municipality) or the municipality.

        A place that is itself a gazetteer area ("Plats: Västerviks kommun" is the
        municipality Västervik) is that area: it is never said to be contained in itself or
        in another area here (the gazetteer says where areas lie)."""
        municipality = self._area(meeting.municipality, "municipality")
        around = area_iri(self.m, municipality) if municipality is not None else None
        if meeting.place:
            place = self.place_for(meeting.place)
            self.add(iri, SCHEMA.location, place)
            if around is not None and place != around and self._area(meeting.place) is None:
                self.add(place, SCHEMA.containedInPlace, around)
        elif around is not None:
            self.add(iri, SCHEMA.location, around)

    def _attendance(self, meeting: URIRef) -> None:
        for person in self.rec.persons:
            if not (person.attended or person.absent):
                continue
            piri = self.person_for(person.name)
            prop = LG.absentee if person.absent else SCHEMA.attendee
            if piri is None:
                continue
            self.add(meeting, prop, piri)
            for span in person.spans[:1]:
                self.mention([meeting, piri], span, evidence_of=prop)

    def _meeting_topics(self, meeting: URIRef) -> None:
        for item in self.rec.agenda:
            for slug in item.topics:
                self.add(meeting, DCTERMS.subject, VOCAB[f"topic/{slug}"])

    # -- places ----------------------------------------------------------------------------

    def place_for(self, name: str) -> URIRef:
        area = self._area(name)
        if area is not None:
            return area_iri(self.m, area)
        iri = self.m.place(self.country, name)
        self.add(iri, RDF.type, SCHEMA.Place)
        self.text(iri, SCHEMA.name, name)
        self.text(iri, RDFS.label, name)
        if self.country:
            self.add(iri, LG.country, self.m.country(self.country))
        return iri

    def _places(self) -> None:
        for place in self.rec.places:
            iri = self.place_for(place.name)
            for span in place.spans:
                self.mention([iri], span)

    # -- projects, grants ------------------------------------------------------------------

    def _projects(self) -> None:
        for project in self.rec.projects:
            iri = self.m.project(project.name)
            self.add(iri, RDF.type, SCHEMA.Project)
            self.text(iri, SCHEMA.name, project.name)
            self.text(iri, RDFS.label, project.name)
            for alias in project.aliases:
                self.text(iri, SKOS.altLabel, alias)
            for funder in project.funders:
                self.add(iri, SCHEMA.funder, self.org_for(funder))
            for participant in project.participants:
                self.add(iri, SCHEMA.member, self._participant(participant))
            for slug in project.topics:
                self.add(iri, DCTERMS.subject, VOCAB[f"topic/{slug}"])
            self.evidence(iri, project.spans)

    def _participant(self, name: str) -> URIRef:
        area = self._area(name)
        return area_iri(self.m, area) if area is not None else self.org_for(name)

    def _grants(self) -> None:
        for grant in self.rec.funding:
            if not grant.funder or not grant.recipient:
                continue
            iri = self.m.local("grant", self.sha, grant.funder, grant.recipient, grant.text)
            self.add(iri, RDF.type, SCHEMA.MonetaryGrant)
            self.text(iri, RDFS.label, f"{grant.funder} → {grant.recipient}")
            self.add(iri, SCHEMA.funder, self.org_for(grant.funder))
            self.add(iri, SCHEMA.fundedItem, self._funded(grant.recipient))
            self.text(iri, LG.amountText, grant.text)
            if grant.amount is not None and grant.currency:
                self._amount(iri, grant.amount, grant.currency)
            self.evidence(iri, grant.spans)

    def _funded(self, name: str) -> URIRef:
        for project in self.rec.projects:
            if fold(project.name) == fold(name) or fold(name) in map(fold, project.aliases):
                return self.m.project(project.name)
        return self._participant(name)

    def _amount(self, grant: URIRef, amount: float, currency: str) -> None:
        iri = URIRef(f"{grant}-amount")
        value = Decimal(str(amount)).normalize()
        self.add(grant, SCHEMA.amount, iri)
        self.add(iri, RDF.type, SCHEMA.MonetaryAmount)
        self.text(iri, RDFS.label, f"{value:f} {currency}")
        self.add(iri, SCHEMA.value, Literal(f"{value:f}", datatype=XSD.decimal))
        self.text(iri, SCHEMA.currency, currency)

    # -- decisions and actions -------------------------------------------------------------

    def _decisions(self) -> None:
        meeting = self.meeting_iris[0] if self.meeting_iris else None
        if meeting is None:
            return
        for decision in self.rec.decisions:
            iri = self.m.local("decision", self.sha, decision.text)
            self.add(iri, RDF.type, LG.Decision)
            self.text(iri, RDFS.label, _short(decision.text))
            self.text(iri, DCTERMS.description, decision.text)
            self.add(iri, PROV.wasGeneratedBy, meeting)
            for slug in decision.topics:
                self.add(iri, DCTERMS.subject, VOCAB[f"topic/{slug}"])
            self.evidence(iri, decision.spans)

    def _actions(self) -> None:
        meeting = self.meeting_iris[0] if self.meeting_iris else None
        if meeting is None:
            return
        for action in self.rec.actions:
            if not action.who:
                continue
            iri = self.m.local("action", self.sha, action.who, action.what)
            agent = self.person_for(action.who) or self.org_for(action.who)
            self.add(iri, RDF.type, LG.ActionItem)
            self.add(iri, RDF.type, SCHEMA.Action)
            self.text(iri, RDFS.label, _short(f"{action.who}: {action.what}"))
            self.add(iri, SCHEMA.agent, agent)
            self.text(iri, DCTERMS.description, action.what)
            self.add(iri, PROV.wasGeneratedBy, meeting)
            for slug in action.topics:
                self.add(iri, DCTERMS.subject, VOCAB[f"topic/{slug}"])
            self.evidence(iri, action.spans)


@lru_cache(maxsize=4096)
def _date(day: str) -> Literal:
    """An xsd:date literal, made once per day: rdflib parses the date of each one it makes."""
    return Literal(day, datatype=XSD.date)


def _short(text: str, limit: int = 80) -> str:
    return shorten(text, limit)
