"""A VoID and DCAT description of a libgraph dataset, as triples that travel with every export.

The description is computed from the exported triples themselves (not from ``report.json``), so
its numbers are right for whatever is exported, the pseudonymised variant included. Every node
is an IRI under ``{base}id/dataset/…`` (no blank nodes), so an export parses back to a graph
that is isomorphic to what was written, and two exports of one build are identical. Counts
(``void:triples``, ``void:entities`` …) describe the data only, never the description itself.
No timestamps are written, for the same reason: the build's bytes decide the export's bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from .ns import DCAT, DCTERMS, DEFAULT_BASE, LG, PREFIXES, PROV, RDF, RDFS, SCHEMA, VOID, XSD

DEFAULT_ENDPOINT = "http://127.0.0.1:5000/sparql"
SHAPES_IRI = "https://w3id.org/libgraph/shapes"
ONTOLOGY_IRI = "https://w3id.org/libgraph/ontology"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
IANA = "https://www.iana.org/assignments/media-types/"
W3C_FORMATS = "http://www.w3.org/ns/formats/"

# Where the reference data in every graph (areas, codes, library identifiers) come from; see
# data/SOURCES.md for the exact files, commits and licences.
SOURCES: tuple[str, ...] = (
    "https://github.com/sjbrg/swedish-geodata",
    "https://github.com/aprestmo/norway-geodata",
    "https://github.com/niphr/csdata",
    "https://github.com/Artsdatabanken/kommune-data",
    "https://api.dataforsyningen.dk/",
    "https://github.com/libris/bibstat",
    "https://github.com/hbz/lobid-organisations",
    "https://www.wikidata.org/",
)
SOURCES_NOTE = (
    "Data CC BY 4.0. The administrative areas and library identifiers come from the sources "
    "given with dcterms:source (Statistics Sweden via sjbrg/swedish-geodata, CC0; "
    "aprestmo/norway-geodata, MIT; Folkehelseinstituttet csdata, MIT; Artsdatabanken "
    "kommune-data, MIT; Dataforsyningen/DAWA, Danish free data; KB bibstat; lobid-organisations "
    "and Wikidata, CC0); see data/SOURCES.md."
)


@dataclass(frozen=True)
class Format:
    """One export format as a DCAT distribution."""

    key: str
    extension: str
    media_type: str
    w3c_name: str
    label: str


FORMATS: dict[str, Format] = {f.key: f for f in (
    Format("ttl", "ttl", "text/turtle", "Turtle", "Turtle"),
    Format("nt", "nt", "application/n-triples", "N-Triples", "N-Triples"),
    Format("nq", "nq", "application/n-quads", "N-Quads", "N-Quads"),
    Format("trig", "trig", "application/trig", "TriG", "TriG"),
    Format("jsonld", "jsonld", "application/ld+json", "JSON-LD", "JSON-LD"),
    Format("xml", "rdf", "application/rdf+xml", "RDF_XML", "RDF/XML"),
)}


@dataclass(frozen=True)
class DescribeOptions:
    """What the description cannot learn from the triples: where the data will be served."""

    base: str = DEFAULT_BASE
    sparql_endpoint: str = DEFAULT_ENDPOINT
    download_base: str | None = None
    pseudonymised: bool = False

    @property
    def name(self) -> str:
        return "libgraph-pseudonymised" if self.pseudonymised else "libgraph"

    @property
    def dataset(self) -> str:
        return f"{self.base}id/dataset/{self.name}"

    @property
    def graph_name(self) -> str:
        """The named graph that holds the description in N-Quads and TriG."""
        return f"{self.base}id/dataset/void"

    def download_url(self, fmt: Format) -> str:
        root = self.download_base or f"{self.base}dump/"
        return f"{root}{self.name}.{fmt.extension}"


@dataclass
class Statistics:
    """Counts over the data triples, computed in one pass."""

    triples: int = 0
    subjects: set[str] = field(default_factory=set)
    objects: set[object] = field(default_factory=set)
    instances: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    properties: Counter[str] = field(default_factory=Counter)
    start_dates: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    countries: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def meetings(self) -> set[str]:
        return self.instances.get(str(LG.Meeting), set())

    def period(self) -> tuple[str, str] | None:
        """Earliest and latest meeting start date (ISO strings sort as dates)."""
        dates = [d for m in self.meetings for d in self.start_dates.get(m, [])]
        return (min(dates), max(dates)) if dates else None

    def meeting_countries(self) -> list[str]:
        return sorted({c for m in self.meetings for c in self.countries.get(m, set())})


def statistics(triples: Iterable[ox.Triple]) -> Statistics:
    """Distinct subjects, objects, class instances and property use of ``triples``."""
    stats = Statistics()
    rdf_type, start, country = str(RDF.type), str(SCHEMA.startDate), str(LG.country)
    for triple in triples:
        s, p, o = triple.subject.value, triple.predicate.value, triple.object
        stats.triples += 1
        stats.subjects.add(s)
        stats.objects.add(o)
        stats.properties[p] += 1
        if p == rdf_type:
            stats.instances[o.value].add(s)
        elif p == start and isinstance(o, ox.Literal):
            stats.start_dates[s].append(o.value)
        elif p == country:
            stats.countries[s].add(o.value)
    return stats


# Vocabularies the ontology file uses beyond the project's prefixes (ns.PREFIXES).
EXTRA_PREFIXES: dict[str, str] = {"vann": "http://purl.org/vocab/vann/"}


def _prefixes() -> list[tuple[str, str]]:
    return [(p, str(ns)) for p, ns in PREFIXES.items()] + list(EXTRA_PREFIXES.items())


def curie_slug(iri: str) -> str:
    """``foaf-Person`` for foaf:Person: a readable, stable IRI segment for a partition."""
    for prefix, ns in _prefixes():
        local = iri[len(ns):]
        if iri.startswith(ns) and local and prefix != "id":
            return f"{prefix}-{re.sub(r'[^A-Za-z0-9_.-]+', '-', local)}"
    return "iri-" + hashlib.sha1(iri.encode("utf-8")).hexdigest()[:12]


def vocabulary_of(iri: str) -> str:
    """The namespace a class or property IRI belongs to (void:vocabulary)."""
    for _prefix, ns in _prefixes():
        if iri.startswith(ns):
            return ns
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


class _Writer:
    """Collects the description's triples; small helpers keep ``describe`` readable."""

    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def add(self, s: str, p: object, o: ox.NamedNode | ox.Literal) -> None:
        self.triples.append(ox.Triple(ox.NamedNode(s), ox.NamedNode(str(p)), o))

    def iri(self, s: str, p: object, o: object) -> None:
        self.add(s, p, ox.NamedNode(str(o)))

    def text(self, s: str, p: object, value: str, lang: str | None = None) -> None:
        self.add(s, p, ox.Literal(value, language=lang) if lang else ox.Literal(value))

    def typed(self, s: str, p: object, value: object, datatype: object) -> None:
        self.add(s, p, ox.Literal(str(value), datatype=ox.NamedNode(str(datatype))))

    def count(self, s: str, p: object, value: int) -> None:
        self.typed(s, p, value, XSD.integer)


def describe(triples: list[ox.Triple], options: DescribeOptions | None = None
             ) -> list[ox.Triple]:
    """The VoID + DCAT description of ``triples`` (the data as exported)."""
    options = options or DescribeOptions()
    stats = statistics(triples)
    w = _Writer()
    _dataset(w, options, stats)
    _coverage(w, options, stats)
    _partitions(w, options, stats)
    _distributions(w, options)
    return sorted(w.triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _dataset(w: _Writer, o: DescribeOptions, stats: Statistics) -> None:
    ds = o.dataset
    w.iri(ds, RDF.type, DCAT.Dataset)
    w.iri(ds, RDF.type, VOID.Dataset)
    _titles(w, ds, o.pseudonymised)
    w.iri(ds, DCTERMS.license, CC_BY)
    rights = f"{o.dataset}/rights"
    w.iri(ds, DCTERMS.rights, rights)
    w.iri(rights, RDF.type, DCTERMS.RightsStatement)
    w.text(rights, RDFS.label, SOURCES_NOTE, "en")
    for source in SOURCES:
        w.iri(ds, DCTERMS.source, source)
    if not o.pseudonymised:
        w.iri(ds, DCTERMS.conformsTo, SHAPES_IRI)
    else:
        w.iri(ds, PROV.wasDerivedFrom, DescribeOptions(base=o.base).dataset)
    w.iri(ds, RDFS.seeAlso, ONTOLOGY_IRI)
    for keyword, lang in (("libraries", "en"), ("meeting minutes", "en"), ("bibliotek", "sv"),
                          ("minnesanteckningar", "sv")):
        w.text(ds, DCAT.keyword, keyword, lang)
    w.text(ds, VOID.uriSpace, f"{o.base}id/")
    w.iri(ds, VOID.sparqlEndpoint, o.sparql_endpoint)
    w.count(ds, VOID.triples, stats.triples)
    w.count(ds, VOID.entities, len(stats.subjects))
    w.count(ds, VOID.distinctSubjects, len(stats.subjects))
    w.count(ds, VOID.distinctObjects, len(stats.objects))
    w.count(ds, VOID.properties, len(stats.properties))
    w.count(ds, VOID.classes, len(stats.instances))
    for vocabulary in sorted({vocabulary_of(p) for p in stats.properties}
                             | {vocabulary_of(c) for c in stats.instances}):
        if not vocabulary.startswith(f"{o.base}id/"):
            w.iri(ds, VOID.vocabulary, vocabulary)
    if stats.meetings:
        w.iri(ds, VOID.exampleResource, min(stats.meetings))


def _titles(w: _Writer, ds: str, pseudonymised: bool) -> None:
    extra_en = " (pseudonymised: people are opaque identifiers)" if pseudonymised else ""
    extra_sv = " (pseudonymiserad: personer är opaka identifierare)" if pseudonymised else ""
    w.text(ds, DCTERMS.title, "libgraph: Nordic library cooperation meetings" + extra_en, "en")
    w.text(ds, DCTERMS.title, "libgraph: nordiska bibliotekssamarbetens möten" + extra_sv, "sv")
    w.text(ds, RDFS.label, "libgraph dataset" + extra_en, "en")
    w.text(ds, DCTERMS.description,
           "People, libraries and other organisations, municipalities and regions, meetings, "
           "projects, grants, decisions and action items taken from the minutes of library "
           "cooperation meetings in Sweden, Norway and Denmark, each fact linked to the words "
           "it came from." + extra_en, "en")
    w.text(ds, DCTERMS.description,
           "Personer, bibliotek och andra organisationer, kommuner och regioner, möten, "
           "projekt, bidrag, beslut och åtgärdspunkter ur minnesanteckningar och protokoll från "
           "bibliotekssamarbeten i Sverige, Norge och Danmark, varje uppgift kopplad till de ord "
           "den kommer ifrån." + extra_sv, "sv")


def _coverage(w: _Writer, o: DescribeOptions, stats: Statistics) -> None:
    """dcterms:temporal (meeting start dates) and dcterms:spatial (countries with meetings)."""
    period = stats.period()
    if period is not None:
        node = f"{o.dataset}/temporal"
        w.iri(o.dataset, DCTERMS.temporal, node)
        w.iri(node, RDF.type, DCTERMS.PeriodOfTime)
        w.text(node, RDFS.label, f"{period[0]} – {period[1]}")
        w.typed(node, DCAT.startDate, period[0], XSD.date)
        w.typed(node, DCAT.endDate, period[1], XSD.date)
    for country in stats.meeting_countries():
        w.iri(o.dataset, DCTERMS.spatial, country)


def _partitions(w: _Writer, o: DescribeOptions, stats: Statistics) -> None:
    for cls in sorted(stats.instances):
        node = f"{o.dataset}/partition/{curie_slug(cls)}"
        w.iri(o.dataset, VOID.classPartition, node)
        w.iri(node, RDF.type, VOID.Dataset)
        w.text(node, RDFS.label, f"instances of {curie_slug(cls).replace('-', ':', 1)}")
        w.iri(node, VOID["class"], cls)
        w.count(node, VOID.entities, len(stats.instances[cls]))
    for prop in sorted(stats.properties):
        node = f"{o.dataset}/property/{curie_slug(prop)}"
        w.iri(o.dataset, VOID.propertyPartition, node)
        w.iri(node, RDF.type, VOID.Dataset)
        w.text(node, RDFS.label, f"triples with {curie_slug(prop).replace('-', ':', 1)}")
        w.iri(node, VOID.property, prop)
        w.count(node, VOID.triples, stats.properties[prop])


def _distributions(w: _Writer, o: DescribeOptions) -> None:
    for fmt in FORMATS.values():
        node = f"{o.dataset}/distribution/{fmt.key}"
        url = o.download_url(fmt)
        w.iri(o.dataset, DCAT.distribution, node)
        w.iri(o.dataset, VOID.dataDump, url)
        w.iri(node, RDF.type, DCAT.Distribution)
        w.text(node, RDFS.label, f"{o.name} as {fmt.label}")
        w.text(node, DCTERMS.title, f"{o.name} as {fmt.label}", "en")
        w.iri(node, DCAT.mediaType, IANA + fmt.media_type)
        w.iri(node, DCTERMS["format"], W3C_FORMATS + fmt.w3c_name)
        w.iri(node, DCAT.downloadURL, url)
        w.iri(node, DCTERMS.license, CC_BY)
    _sparql_service(w, o)


def _sparql_service(w: _Writer, o: DescribeOptions) -> None:
    service, node = f"{o.dataset}/service/sparql", f"{o.dataset}/distribution/sparql"
    w.iri(service, RDF.type, DCAT.DataService)
    w.text(service, RDFS.label, "libgraph SPARQL endpoint")
    w.iri(service, DCAT.endpointURL, o.sparql_endpoint)
    w.iri(service, DCAT.servesDataset, o.dataset)
    w.iri(service, DCTERMS.conformsTo, "https://www.w3.org/TR/sparql11-protocol/")
    w.iri(o.dataset, DCAT.distribution, node)
    w.iri(node, RDF.type, DCAT.Distribution)
    w.text(node, RDFS.label, f"{o.name} through SPARQL")
    w.iri(node, DCAT.accessURL, o.sparql_endpoint)
    w.iri(node, DCAT.accessService, service)
    w.iri(node, DCTERMS.license, CC_BY)


__all__ = [
    "DEFAULT_ENDPOINT", "FORMATS", "SHAPES_IRI", "DescribeOptions", "Format", "Statistics",
    "curie_slug", "describe", "statistics", "vocabulary_of",
]
