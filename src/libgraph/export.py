"""``libgraph export``: the whole built graph as linked data, with its VoID/DCAT description.

The build's ``graph.nt`` is the source (sorted, canonical, and parsed by pyoxigraph in tens of
milliseconds); pyoxigraph writes Turtle, N-Triples, N-Quads, TriG and RDF/XML. pyoxigraph's
JSON-LD writer only produces expanded JSON-LD, so JSON-LD goes through rdflib, compacted with the
project's context ``ontology/context.jsonld``, which is embedded in the output so that the file
needs nothing from the network to be read.

The description (:mod:`libgraph.describe`) goes into the named graph
``{base}id/dataset/void`` in the dataset formats (N-Quads, TriG) and into the one graph of the
triple formats. ``--pseudonymize`` first passes the data through :class:`Pseudonymizer`; the
guarantees and limits of that are in ``docs/export.md``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .describe import DEFAULT_ENDPOINT, FORMATS, DescribeOptions, describe
from .ns import DEFAULT_BASE, FOAF, LG, OA, ORG, OWL, PREFIXES, RDF, RDFS, SCHEMA, SKOS, XSD
from .resolve.textnorm import slugify
from .resources import resource
from .store import NT_FILE

DEFAULT_SALT = "libgraph-pseudonym-v1"
QUAD_FORMATS = frozenset({"nq", "trig"})
OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML,
}


class NoBuildError(FileNotFoundError):
    """The build directory has no ``graph.nt``: nothing to export."""


@dataclass(frozen=True)
class ExportOptions:
    """What to export and how the description should point at the published copies."""

    fmt: str = "ttl"
    pseudonymize: bool = False
    salt: str = DEFAULT_SALT
    sparql_endpoint: str = DEFAULT_ENDPOINT
    download_base: str | None = None


# -- reading ------------------------------------------------------------------------------------


def read_build(build_dir: Path) -> list[ox.Triple]:
    """The triples of a build's canonical dump; :class:`NoBuildError` if there is none."""
    path = Path(build_dir) / NT_FILE
    if not path.is_file():
        raise NoBuildError(f"{build_dir}: no build here ({NT_FILE} missing); "
                           "run `libgraph build` first or pass --build DIR")
    return list(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))


def data_base(triples: Iterable[ox.Triple]) -> str:
    """The base IRI the build was made with, read off a country IRI (every build has three)."""
    country = str(SCHEMA.Country)
    for t in triples:
        if t.predicate.value == str(RDF.type) and t.object.value == country:
            head, sep, _ = t.subject.value.rpartition("id/country/")
            if sep:
                return head
    return DEFAULT_BASE


# -- exporting ----------------------------------------------------------------------------------


def export_graph(build_dir: Path, options: ExportOptions
                 ) -> tuple[list[ox.Triple], list[ox.Triple], DescribeOptions]:
    """The data (pseudonymised if asked) and its description, as two lists of triples."""
    triples = read_build(build_dir)
    base = data_base(triples)
    if options.pseudonymize:
        triples = Pseudonymizer(triples, options.salt, base).run()
    described = DescribeOptions(base=base, sparql_endpoint=options.sparql_endpoint,
                                download_base=options.download_base,
                                pseudonymised=options.pseudonymize)
    return triples, describe(triples, described), described


def export(build_dir: Path, options: ExportOptions) -> bytes:
    """The serialised export of a build in ``options.fmt``."""
    if options.fmt not in FORMATS:
        raise ValueError(f"unknown format {options.fmt!r}; one of {', '.join(FORMATS)}")
    data, description, described = export_graph(build_dir, options)
    return serialize(data, description, options.fmt, described.graph_name)


def serialize(data: list[ox.Triple], description: list[ox.Triple], fmt: str,
              graph_name: str) -> bytes:
    """Data and description in one format; dataset formats put the description in a graph."""
    if fmt == "jsonld":
        return to_jsonld([*data, *description])
    options = _writer_options()
    if fmt in QUAD_FORMATS:
        named = ox.NamedNode(graph_name)
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in data]
        quads += [ox.Quad(t.subject, t.predicate, t.object, named) for t in description]
        return ox.serialize(quads, format=OX_FORMATS[fmt], **options)
    return ox.serialize([*data, *description], format=OX_FORMATS[fmt], **options)


def _writer_options() -> dict[str, object]:
    """Prefixes for the vocabularies; data IRIs are written in full.

    The ``id:`` and ``lgv:`` prefixes are left out: their local names hold ``/``, which Turtle
    must escape (``id:person\\/anna``). A ``@base`` is no better: pyoxigraph then also
    shortens foreign IRIs to scheme-relative ones (``<//creativecommons.org/…>``).
    """
    return {"prefixes": {p: str(ns) for p, ns in PREFIXES.items() if p not in ("id", "lgv")}}


def jsonld_context() -> dict[str, object]:
    """The shipped JSON-LD context (``ontology/context.jsonld``), the object under @context."""
    with resource("ontology", "context.jsonld").open(encoding="utf-8") as fh:
        return json.load(fh)["@context"]


def to_jsonld(triples: list[ox.Triple]) -> bytes:
    """Compacted JSON-LD with the project's context embedded; nodes sorted for stable output."""
    from rdflib import Graph

    graph = Graph()
    for t in triples:
        graph.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))
    doc = json.loads(graph.serialize(format="json-ld", context=jsonld_context(),
                                     auto_compact=True))
    nodes = doc.get("@graph", [doc]) if isinstance(doc, dict) else doc
    nodes = sorted((_without_context(n) for n in nodes), key=lambda n: n.get("@id", ""))
    out = {"@context": jsonld_context(), "@graph": nodes}
    return (json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _without_context(node: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in node.items() if k != "@context"}


def _rdflib(term: object) -> object:
    """pyoxigraph term to rdflib term (there are no blank nodes in a libgraph build)."""
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise TypeError(f"unexpected term in a libgraph build: {term!r}")


# -- pseudonymisation ---------------------------------------------------------------------------

# Things whose names are not personal and must survive: their words protect a surname such as
# "Lund" from being masked outside person-related literals.
THING_CLASSES = frozenset(str(c) for c in (
    ORG.Organization, SCHEMA.Place, SCHEMA.AdministrativeArea, LG.Municipality, LG.Region,
    SCHEMA.Country, SCHEMA.Project, SKOS.Concept, SKOS.ConceptScheme,
))
STATIC_CLASSES = frozenset(str(c) for c in (SCHEMA.Country, LG.Municipality, LG.Region))
NAME_PREDICATES = frozenset(str(p) for p in (
    RDFS.label, SKOS.prefLabel, SKOS.altLabel, SCHEMA.name, FOAF.name,
))
PERSON_NAME_PREDICATES = frozenset(str(p) for p in (FOAF.name, RDFS.label, SKOS.altLabel))
TEXT_TYPES = frozenset({str(XSD.string), "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"})
AMBIGUOUS = "[person]"
WITHHELD = "position withheld (personal name)"
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SPACE = re.compile(r"\s+")
_TRUNCATED = re.compile(r"(?<!\w)(\w+)…[”\"]?$")


def _key(text: str) -> str:
    """Case- and spacing-insensitive key of a name as matched in text."""
    return _SPACE.sub(" ", text).strip().casefold()


class _Index:
    """Subjects by type and objects by (subject, predicate): what the rules below look up."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self.types: dict[str, set[str]] = defaultdict(set)
        self.values: dict[tuple[str, str], list[object]] = defaultdict(list)
        for t in triples:
            s, p = t.subject.value, t.predicate.value
            self.values[(s, p)].append(t.object)
            if p == str(RDF.type):
                self.types[s].add(t.object.value)

    def of_type(self, cls: object) -> set[str]:
        return {s for s, types in self.types.items() if str(cls) in types}

    def iris(self, s: str, p: object) -> list[str]:
        return [o.value for o in self.values.get((s, str(p)), []) if isinstance(o, ox.NamedNode)]

    def texts(self, s: str, p: object) -> list[str]:
        return [o.value for o in self.values.get((s, str(p)), []) if isinstance(o, ox.Literal)]


class Pseudonymizer:
    """Replaces people by opaque, stable IRIs and masks their names in every derived literal.

    Names come from the graph itself: each person's ``foaf:name``/``rdfs:label``/
    ``skos:altLabel``, the surface forms the person was found under (the quotes of mentions
    whose body is the person: "Anna", "KH", "Kerstins") and the words of those names. Full names
    and surface forms are masked in every literal that came from the minutes; a name word that
    is also a word of a place, organisation, project or vocabulary label, or a word the minutes
    use in lower case (Danish "godt", Swedish "ring"), is masked only in literals of
    person-related nodes (people, affiliations, mentions of people, action items given to
    people), so that the municipality Lund survives Eva Lund. Literals of the shipped reference
    data (ontology, vocabularies, countries, regions, municipalities) are never touched: they do
    not come from the minutes.
    """

    def __init__(self, triples: list[ox.Triple], salt: str = DEFAULT_SALT,
                 base: str | None = None) -> None:
        self.triples = triples
        self.salt = salt.encode("utf-8")
        self.data = f"{base or data_base(triples)}id/"
        self.index = _Index(triples)
        self.persons = sorted(self.index.of_type(FOAF.Person))
        self.pseudonyms = self._pseudonyms()
        self.person_related = self._person_related()
        self.owners: dict[str, set[str]] = defaultdict(set)
        self.everywhere_terms: set[str] = set()
        self.name_words: tuple[set[str], set[str]] = (set(), set())
        self.everywhere, self.personal = self._patterns()
        self.slugs = self._slug_terms()
        self.iri_map: dict[str, str] = {}

    # -- pseudonyms ---------------------------------------------------------------------------

    def digest(self, text: str) -> str:
        return hmac.new(self.salt, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def _pseudonyms(self) -> dict[str, tuple[str, str]]:
        """person IRI -> (pseudonym IRI, label); labels lengthen until they are unique."""
        digests = {p: self.digest(p) for p in self.persons}
        width = 6
        while len({d[:width] for d in digests.values()}) < len(digests):
            width += 2
        return {p: (f"{self.data}person/p-{d[:16]}", f"Person {d[:width]}")
                for p, d in digests.items()}

    # -- which nodes are whose ------------------------------------------------------------------

    def is_static(self, iri: str) -> bool:
        """Shipped reference data (ontology, vocabularies, areas): nothing personal in it."""
        return not iri.startswith(self.data) or bool(self.index.types.get(iri, set())
                                                     & STATIC_CLASSES)

    def _person_mentions(self) -> dict[str, set[str]]:
        """mention IRI -> the people among its bodies."""
        people = set(self.persons)
        found: dict[str, set[str]] = {}
        for mention in self.index.of_type(OA.Annotation):
            bodies = set(self.index.iris(mention, OA.hasBody)) & people
            if bodies:
                found[mention] = bodies
        return found

    def _selectors(self, mention: str) -> list[tuple[str, list[str]]]:
        return [(target, self.index.iris(target, OA.hasSelector))
                for target in self.index.iris(mention, OA.hasTarget)]

    def _person_related(self) -> set[str]:
        """People, their affiliations, mentions (with targets, selectors) and action items."""
        people = set(self.persons)
        related = set(people)
        for mention in self._person_mentions():
            related.add(mention)
            for target, selectors in self._selectors(mention):
                related.update([target, *selectors])
        for membership in self.index.of_type(ORG.Membership):
            if set(self.index.iris(membership, ORG.member)) & people:
                related.add(membership)
        for action in self.index.of_type(SCHEMA.Action):
            if set(self.index.iris(action, SCHEMA.agent)) & people:
                related.add(action)
        return related

    # -- names ----------------------------------------------------------------------------------

    def _names(self) -> dict[str, set[str]]:
        """person IRI -> full names and the surface forms the minutes use for them."""
        names: dict[str, set[str]] = defaultdict(set)
        for person in self.persons:
            for p in PERSON_NAME_PREDICATES:
                for name in self.index.texts(person, p):
                    names[person].update(_variants(name))
        things = self._thing_labels()
        for mention, people in self._person_mentions().items():
            if len(people) != 1:
                continue
            for exact in self._quotes(mention):
                if len(exact) <= 60 and len(exact.split()) <= 4 and _key(exact) not in things:
                    names[next(iter(people))].update(_variants(exact))
        return names

    def _quotes(self, mention: str) -> list[str]:
        return [exact for _t, selectors in self._selectors(mention) for s in selectors
                for exact in self.index.texts(s, OA.exact)]

    def _thing_labels(self) -> set[str]:
        """Keys of every name of a place, organisation, project or concept."""
        return {_key(text) for s, types in self.index.types.items() if types & THING_CLASSES
                for p in NAME_PREDICATES for text in self.index.texts(s, p)}

    def _protected_words(self) -> set[str]:
        """Words of non-personal names and words the minutes write in lower case."""
        words = {w.casefold() for label in self._thing_labels() for w in _WORD.findall(label)}
        for minutes in self.index.of_type(LG.Minutes):
            for text in self.index.texts(minutes, SCHEMA.text):
                words.update(w for w in _WORD.findall(text) if w[0].islower())
        return words

    def _patterns(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        """(masked in every literal, masked in person-related literals as well)."""
        protected = self._protected_words()
        everywhere: set[str] = set()
        personal: set[str] = set()
        for person, names in self._names().items():
            for name in names:
                everywhere.add(name)
                self.owners[_key(name)].add(person)
                for word in _name_words(name):
                    self.owners[_key(word)].add(person)
                    (personal if word.casefold() in protected else everywhere).add(word)
        personal -= {w for w in personal if _key(w) in {_key(e) for e in everywhere}}
        self.everywhere_terms = everywhere
        self.name_words = (_words_of(everywhere), _words_of(everywhere | personal))
        return _alternation(everywhere), _alternation(everywhere | personal)

    def replacement(self, match: re.Match[str]) -> str:
        owners = self.owners.get(_key(match.group("name")), set())
        return self.pseudonyms[next(iter(owners))][1] if len(owners) == 1 else AMBIGUOUS

    def mask(self, text: str, personal: bool) -> str:
        pattern = self.personal if personal else self.everywhere
        if pattern is None:
            return text
        return self._cut_fragment(pattern.sub(self.replacement, text), personal)

    def _cut_fragment(self, text: str, personal: bool) -> str:
        """Drop a name cut short by a shortened label: "… väljs Caroline Svenss…"."""
        match = _TRUNCATED.search(text)
        if match is None:
            return text
        fragment = match.group(1).casefold()
        words = self.name_words[1 if personal else 0]
        if any(word.startswith(fragment) for word in words):
            return f"{text[:match.start(1)].rstrip()} …{text[match.end(1) + 1:]}"
        return text

    # -- IRIs ------------------------------------------------------------------------------------

    def _slug_terms(self) -> list[tuple[str, ...]]:
        """Slug word sequences of the names masked everywhere (for IRIs such as org/se-anna)."""
        terms = {tuple(slugify(term).split("-")) for term in self.everywhere_terms}
        return sorted(t for t in terms if t != ("",))

    def iri(self, iri: str) -> str:
        """The exported IRI: people pseudonymised, data IRIs whose slug holds a name hashed."""
        if iri in self.pseudonyms:
            return self.pseudonyms[iri][0]
        if iri in self.iri_map:
            return self.iri_map[iri]
        out = iri
        if not self.is_static(iri):
            kind, _, slug = iri[len(self.data):].partition("/")
            if _holds(slug.split("-"), self.slugs):
                out = f"{self.data}{kind}/x-{self.digest(iri)[:16]}"
        self.iri_map[iri] = out
        return out

    # -- the pass ---------------------------------------------------------------------------------

    def _withheld(self) -> tuple[set[str], set[str]]:
        """Targets whose quote had to be masked, and their position selectors (dropped)."""
        targets: set[str] = set()
        positions: set[str] = set()
        for mention in self.index.of_type(OA.Annotation):
            if self.is_static(mention):
                continue
            personal = mention in self.person_related
            for target, selectors in self._selectors(mention):
                quotes = [q for s in selectors for q in self.index.texts(s, OA.exact)]
                if any(self.mask(q, personal) != q for q in quotes):
                    targets.add(target)
                    positions.update(s for s in selectors
                                     if str(OA.TextPositionSelector) in self.index.types[s])
        return targets, positions

    def run(self) -> list[ox.Triple]:
        """The pseudonymised triples, sorted."""
        targets, positions = self._withheld()
        out: set[ox.Triple] = set()
        for t in self.triples:
            new = self._triple(t, targets, positions)
            if new is not None:
                out.add(new)
        for iri, label in self.pseudonyms.values():
            out.add(ox.Triple(ox.NamedNode(iri), ox.NamedNode(str(FOAF.name)), ox.Literal(label)))
            out.add(ox.Triple(ox.NamedNode(iri), ox.NamedNode(str(RDFS.label)), ox.Literal(label)))
        return sorted(out, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    def _triple(self, t: ox.Triple, targets: set[str], positions: set[str]) -> ox.Triple | None:
        s, p, o = t.subject.value, t.predicate.value, t.object
        if self._dropped(s, p, o, targets, positions):
            return None
        subject, predicate = ox.NamedNode(self.iri(s)), t.predicate
        if isinstance(o, ox.NamedNode):
            return ox.Triple(subject, predicate, ox.NamedNode(self.iri(o.value)))
        if s in targets and p == str(RDFS.label):
            return ox.Triple(subject, predicate, ox.Literal(WITHHELD))
        return ox.Triple(subject, predicate, self._literal(s, o))

    def _dropped(self, s: str, p: str, o: object, targets: set[str], positions: set[str]
                 ) -> bool:
        """Minutes texts, people's own names and links, and withheld positions go."""
        if s in positions or (s in targets and p == str(OA.hasSelector) and o.value in positions):
            return True
        if p == str(SCHEMA.text) and str(LG.Minutes) in self.index.types.get(s, set()):
            return True
        return s in self.pseudonyms and (p in PERSON_NAME_PREDICATES or p == str(OWL.sameAs))

    def _literal(self, s: str, o: ox.Literal) -> ox.Literal:
        if self.is_static(s) or (not o.language and o.datatype.value not in TEXT_TYPES):
            return o
        masked = self.mask(o.value, s in self.person_related)
        if masked == o.value:
            return o
        return ox.Literal(masked, language=o.language) if o.language else ox.Literal(masked)


def _variants(name: str) -> set[str]:
    """A name as written, without a final full stop, and without any full stops."""
    name = _SPACE.sub(" ", name).strip().strip("“”\"'")
    out = {name, name.rstrip("."), _SPACE.sub(" ", name.replace(".", " ")).strip()}
    return {v for v in out if len(v) >= 2}


def _name_words(name: str) -> set[str]:
    """Given names and surnames of three or more letters, hyphenated ones also whole."""
    words: set[str] = set()
    for word in _WORD.findall(name):
        words.add(word)
        words.update(re.split(r"[-'’]", word))
    return {w for w in words if len(w) >= 3}


def _words_of(names: set[str]) -> set[str]:
    """Case-folded words of names, for spotting a name cut short at the end of a label."""
    return {w.casefold() for name in names for w in re.split(r"[\W_]+", name) if w}


def _alternation(terms: set[str]) -> re.Pattern[str] | None:
    """One case-insensitive, whole-word pattern; longest first so full names win over parts."""
    if not terms:
        return None
    alts = sorted({_key(t) for t in terms}, key=lambda t: (-len(t), t))
    body = "|".join(r"\s+".join(re.escape(part) for part in alt.split(" ")) for alt in alts)
    return re.compile(rf"(?<!\w)(?P<name>{body})(?:s|:s|'s|’s)?(?!\w)", re.IGNORECASE)


def _holds(words: list[str], terms: list[tuple[str, ...]]) -> bool:
    """Whether ``words`` contains one of ``terms`` as a run of whole words."""
    for term in terms:
        n = len(term)
        if any(tuple(words[i:i + n]) == term for i in range(len(words) - n + 1)):
            return True
    return False
