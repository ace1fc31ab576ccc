"""``libgraph export``: formats that round-trip, the VoID/DCAT description, pseudonymisation."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from libgraph.cli import main
from libgraph.describe import FORMATS, SHAPES_IRI
from libgraph.export import (
    DEFAULT_SALT,
    ExportOptions,
    export_graph,
    jsonld_context,
    serialize,
    to_jsonld,
)
from libgraph.ns import DCAT, DCTERMS, FOAF, LG, OA, RDF, RDFS, SCHEMA, VOID, XSD
from libgraph.resources import resource

from conftest import GOLD

BASE = "https://w3id.org/libgraph/"
DATASET = URIRef(BASE + "id/dataset/libgraph")
VOID_GRAPH = BASE + "id/dataset/void"
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                 "jsonld": "json-ld", "xml": "xml"}
NAME_SEARCH_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "xml")

# rdflib's N-Quads and TriG parsers warn once per quad about their own deprecated internals.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# -- fixtures: each export is computed once per module ------------------------------------------


@pytest.fixture(scope="module")
def build_dir(demo_build) -> Path:
    return demo_build[0]


@pytest.fixture(scope="module")
def plain(build_dir):
    """(data, description, graph name) of the ordinary export."""
    data, description, described = export_graph(build_dir, ExportOptions())
    return data, description, described.graph_name


@pytest.fixture(scope="module")
def pseudo(build_dir):
    data, description, described = export_graph(build_dir, ExportOptions(pseudonymize=True))
    return data, description, described.graph_name


@pytest.fixture(scope="module")
def build_graph(build_dir) -> Graph:
    graph = Graph()
    graph.parse(build_dir / "graph.nt", format="nt")
    return graph


def _serialize(export: tuple[list[ox.Triple], list[ox.Triple], str], fmt: str) -> bytes:
    data, description, graph_name = export
    return serialize(data, description, fmt, graph_name)


def _rdflib(triples: list[ox.Triple]) -> Graph:
    graph = Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    return graph


@pytest.fixture(scope="module")
def description(plain) -> Graph:
    return _rdflib(plain[1])


@pytest.fixture(scope="module")
def expected(build_graph, description) -> Graph:
    """What a triple format must parse back to: the build's graph plus the description."""
    return build_graph + description


# -- round trips --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_round_trips(fmt, plain, build_graph, description, expected) -> None:
    data, desc, graph_name = plain
    text = serialize(data, desc, fmt, graph_name)
    if fmt in ("nq", "trig"):
        dataset = Dataset()
        dataset.parse(data=text.decode("utf-8"), format=RDFLIB_FORMAT[fmt])
        default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
        assert isomorphic(default, build_graph)
        assert isomorphic(dataset.graph(URIRef(graph_name)), description)
        return
    parsed = Graph()
    parsed.parse(data=text.decode("utf-8"), format=RDFLIB_FORMAT[fmt])
    assert isomorphic(parsed, expected)


def test_pseudonymised_export_round_trips_too(pseudo) -> None:
    data, desc, graph_name = pseudo
    parsed = Graph()
    parsed.parse(data=serialize(data, desc, "ttl", graph_name).decode(), format="turtle")
    assert isomorphic(parsed, _rdflib(data + desc))


def test_no_blank_nodes_anywhere(plain, pseudo) -> None:
    for data, desc, _ in (plain, pseudo):
        for t in data + desc:
            assert not isinstance(t.subject, ox.BlankNode)
            assert not isinstance(t.object, ox.BlankNode)


def test_exports_are_deterministic(plain, build_dir) -> None:
    again = export_graph(build_dir, ExportOptions())
    assert _serialize(plain, "ttl") == serialize(again[0], again[1], "ttl",
                                                 again[2].graph_name)


# -- JSON-LD ------------------------------------------------------------------------------------


def test_jsonld_is_compacted_with_the_shipped_context(plain) -> None:
    shipped = json.loads(resource("ontology", "context.jsonld").read_text(encoding="utf-8"))
    doc = json.loads(to_jsonld(plain[0] + plain[1]))
    assert doc["@context"] == shipped["@context"] == jsonld_context()
    keys = Counter(k for node in doc["@graph"] for k in node)
    for term in ("label", "prefLabel", "startDate", "attendee", "hasBody", "exact", "start",
                 "memberOf", "country", "subject", "foaf:name", "void:triples"):
        assert keys[term] > 0, term
    types = {t for node in doc["@graph"] for t in _as_list(node.get("@type"))}
    assert {"lg:Meeting", "foaf:Person", "dcat:Dataset", "void:Dataset"} <= types
    assert not any(k.startswith("http") for k in keys), "every key is a term or a CURIE"


def test_context_has_the_project_prefixes_and_typed_terms() -> None:
    ctx = jsonld_context()
    for prefix in ("lg", "id", "lgv", "schema", "org", "foaf", "prov", "oa", "skos", "dcterms"):
        assert isinstance(ctx[prefix], str) and ctx[prefix].startswith("http"), prefix
    assert ctx["schema"] == "http://schema.org/"
    assert ctx["startDate"]["@type"] == "xsd:date"
    assert ctx["value"]["@type"] == "xsd:decimal"
    assert ctx["attendee"]["@type"] == "@id"


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [] if value is None else [value]


# -- the description ----------------------------------------------------------------------------


def _value(graph: Graph, s: URIRef, p: URIRef) -> object:
    values = list(graph.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0].toPython() if isinstance(values[0], Literal) else values[0]


_NT = re.compile(r"^(<[^>]*>) (<[^>]*>) (.*) \.$")


def _nt_counts(path: Path) -> tuple[int, int, dict[str, int], Counter[str]]:
    """Triples, subjects, instances per class and triples per property, from the N-Triples."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    subjects: set[str] = set()
    instances: dict[str, set[str]] = defaultdict(set)
    properties: Counter[str] = Counter()
    for line in lines:
        s, p, o = _NT.match(line).groups()
        subjects.add(s)
        properties[p[1:-1]] += 1
        if p == f"<{RDF.type}>":
            instances[o[1:-1]].add(s)
    return len(lines), len(subjects), {c: len(v) for c, v in instances.items()}, properties


def test_void_counts_equal_counts_from_graph_nt(build_dir, description) -> None:
    triples, subjects, classes, properties = _nt_counts(build_dir / "graph.nt")
    assert _value(description, DATASET, VOID.triples) == triples
    assert _value(description, DATASET, VOID.entities) == subjects
    assert _value(description, DATASET, VOID.classes) == len(classes)
    partitions = {_value(description, node, VOID["class"]): _value(description, node,
                                                                     VOID.entities)
                  for node in description.objects(DATASET, VOID.classPartition)}
    assert {str(c): n for c, n in partitions.items()} == classes
    by_property = {str(_value(description, node, VOID.property)): _value(description, node,
                                                                         VOID.triples)
                   for node in description.objects(DATASET, VOID.propertyPartition)}
    assert by_property == dict(properties)
    assert partitions[FOAF.Person] > 0 and partitions[LG.Meeting] == 5


def test_temporal_coverage_is_the_meeting_dates(description) -> None:
    period = _value(description, DATASET, DCTERMS.temporal)
    assert isinstance(period, URIRef) and str(period).startswith(str(DATASET))
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in description
    start = next(iter(description.objects(period, DCAT.startDate)))
    end = next(iter(description.objects(period, DCAT.endDate)))
    assert (str(start), start.datatype) == ("2009-12-10", XSD.date)
    assert (str(end), end.datatype) == ("2021-11-04", XSD.date)
    assert set(description.objects(DATASET, DCTERMS.spatial)) == {
        URIRef(BASE + f"id/country/{c}") for c in ("se", "no", "dk")}


def test_description_is_dcat_and_void(description) -> None:
    d = description
    assert {DCAT.Dataset, VOID.Dataset} <= set(d.objects(DATASET, RDF.type))
    assert _value(d, DATASET, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    assert {t.language for t in d.objects(DATASET, DCTERMS.title)} == {"en", "sv"}
    assert {t.language for t in d.objects(DATASET, DCTERMS.description)} == {"en", "sv"}
    assert _value(d, DATASET, VOID.sparqlEndpoint) == URIRef("http://127.0.0.1:5000/sparql")
    assert _value(d, DATASET, DCTERMS.conformsTo) == URIRef(SHAPES_IRI)
    assert len(list(d.objects(DATASET, DCTERMS.source))) >= 5
    vocabularies = {str(v) for v in d.objects(DATASET, VOID.vocabulary)}
    assert {"http://schema.org/", "http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/",
            "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/oa#",
            "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/",
            "https://w3id.org/libgraph/ontology#"} <= vocabularies
    media = {str(_value(d, dist, DCAT.mediaType)).rsplit("media-types/", 1)[-1]
             for dist in d.objects(DATASET, DCAT.distribution) if (dist, DCAT.downloadURL, None)
             in d}
    assert media == {f.media_type for f in FORMATS.values()}
    for s in set(d.subjects()):
        assert str(s).startswith(BASE + "id/dataset/"), s
        assert (s, RDFS.label, None) in d, s


def test_endpoint_and_download_base_are_configurable(build_dir) -> None:
    options = ExportOptions(sparql_endpoint="https://example.org/sparql",
                            download_base="https://example.org/dumps/")
    desc = _rdflib(export_graph(build_dir, options)[1])
    assert _value(desc, DATASET, VOID.sparqlEndpoint) == URIRef("https://example.org/sparql")
    urls = {str(u) for u in desc.objects(None, DCAT.downloadURL)}
    assert "https://example.org/dumps/libgraph.ttl" in urls and len(urls) == len(FORMATS)


# -- pseudonymisation ---------------------------------------------------------------------------


def _person_names(build_graph: Graph) -> set[str]:
    """Every person name in the build (foaf:name) and every gold name and alias."""
    names = {str(n) for n in build_graph.objects(None, FOAF.name)}
    for path in sorted(GOLD.glob("*.json")):
        for person in json.loads(path.read_text(encoding="utf-8"))["persons"]:
            names.add(person["name"])
            names.update(person["aliases"])
    return {n for n in names if n.strip()}


def _name_pattern(names: set[str]) -> re.Pattern[str]:
    alts = sorted((re.escape(n) for n in names), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)", re.IGNORECASE)


def _vocabulary_homographs(pattern: re.Pattern[str]) -> set[str]:
    """Labels of the shipped vocabularies that contain a word spelled like a name.

    Nynorsk "Anna møte" ("other meeting") is the label of lgv:meetingtype/other; it comes from
    ontology/meetingtypes.ttl, not from any minutes, and the export leaves it alone.
    """
    graph = Graph()
    for path in sorted(resource("ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return {str(o) for o in graph.objects() if isinstance(o, Literal) and pattern.search(str(o))}


@pytest.fixture(scope="module")
def names(build_graph) -> set[str]:
    found = _person_names(build_graph)
    assert {"Weine Sundell", "Wine", "KH", "Eva Lund", "Anna-Karin"} <= found
    return found


@pytest.mark.slow
@pytest.mark.parametrize("fmt", NAME_SEARCH_FORMATS)
def test_no_person_name_survives_pseudonymisation(fmt, pseudo, names) -> None:
    pattern = _name_pattern(names)
    allowed = _vocabulary_homographs(pattern)
    assert allowed <= {"Anna møte"}, "only known vocabulary homographs are exempt"
    text = _serialize(pseudo, fmt).decode("utf-8")
    for label in allowed:
        text = text.replace(label, "")
    raw = [m.group(0) for m in pattern.finditer(text.replace("\\n", " ").replace("\\t", " "))]
    assert raw == [], f"{fmt}: {sorted(set(raw))[:10]}"
    terms = _terms(text, fmt)
    leaks = sorted({t for t in terms if t not in allowed and pattern.search(t)})
    assert leaks == [], f"{fmt}: {leaks[:5]}"


def _terms(text: str, fmt: str) -> set[str]:
    """Every IRI and literal in the output, decoded (escapes such as \\n resolved)."""
    if fmt == "jsonld":
        graph = Graph().parse(data=text, format="json-ld")
        return {str(term) for triple in graph for term in triple}
    oxformat = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                "xml": ox.RdfFormat.RDF_XML}[fmt]
    return {term.value for quad in ox.parse(text.encode("utf-8"), format=oxformat)
            for term in (quad.subject, quad.predicate, quad.object)}


def test_the_build_itself_does_contain_the_names(plain, names) -> None:
    """The search above would find names: it finds them in the ordinary export."""
    text = _serialize(plain, "nt").decode("utf-8")
    found = {m.group(0).casefold() for m in _name_pattern(names).finditer(text)}
    assert {"weine sundell", "wine", "kh", "eva lund"} <= found


def test_people_become_stable_opaque_iris(build_dir, pseudo) -> None:
    def people(data: list[ox.Triple]) -> dict[str, str]:
        persons = {t.subject.value for t in data if t.predicate.value == str(RDF.type)
                   and t.object.value == str(FOAF.Person)}
        return {t.subject.value: t.object.value for t in data
                if t.subject.value in persons and t.predicate.value == str(FOAF.name)}

    first = people(pseudo[0])
    assert len(first) == 46 or len(first) > 20
    for iri, name in first.items():
        assert re.fullmatch(BASE + r"id/person/p-[0-9a-f]{16}", iri), iri
        assert re.fullmatch(r"Person [0-9a-f]{6,}", name), name
    again = export_graph(build_dir, ExportOptions(pseudonymize=True, salt=DEFAULT_SALT))[0]
    assert people(again) == first
    other = people(export_graph(build_dir, ExportOptions(pseudonymize=True, salt="s3cret"))[0])
    assert len(other) == len(first) and not set(other) & set(first)


def test_pseudonymisation_keeps_non_personal_data(pseudo, plain) -> None:
    terms = {t.object.value for t in pseudo[0] if isinstance(t.object, ox.Literal)}
    for kept in ("Biblioteksutveckling Blekinge Kronoberg", "Lund", "Faxe", "Ragunda",
                 "Härjedalen", "Växjö", "Tromsø"):
        assert kept in terms, kept
    shape = Counter(t.predicate.value for t in plain[0])
    after = Counter(t.predicate.value for t in pseudo[0])
    for p in (SCHEMA.attendee, LG.absentee, SCHEMA.startDate, OA.hasBody, FOAF.name,
              OA.exact, DCTERMS.description):
        assert after[str(p)] == shape[str(p)], p
    classes = Counter(t.object.value for t in plain[0] if t.predicate.value == str(RDF.type))
    kept = Counter(t.object.value for t in pseudo[0] if t.predicate.value == str(RDF.type))
    withheld = str(OA.TextPositionSelector)
    assert {c: n for c, n in kept.items() if c != withheld} == {
        c: n for c, n in classes.items() if c != withheld}


def test_pseudonymisation_drops_texts_and_withholds_name_positions(pseudo, plain) -> None:
    data = pseudo[0]
    assert not [t for t in data if t.predicate.value == str(SCHEMA.text)]
    labels = {t.object.value for t in data if t.predicate.value == str(FOAF.name)}
    person_quotes = [t.object.value for t in data if t.predicate.value == str(OA.exact)
                     and re.search(r"Person [0-9a-f]{6}|\[person\]", t.object.value)]
    assert person_quotes and any(q in labels for q in person_quotes)
    starts = sum(t.predicate.value == str(OA.start) for t in data)
    exacts = sum(t.predicate.value == str(OA.exact) for t in data)
    assert 0 < starts < exacts == sum(t.predicate.value == str(OA.exact) for t in plain[0])
    assert _value(_rdflib(pseudo[1]), URIRef(BASE + "id/dataset/libgraph-pseudonymised"),
                  VOID.triples) == len(data)


# -- the command --------------------------------------------------------------------------------


def test_command_writes_a_file(build_dir, tmp_path) -> None:
    out = tmp_path / "graph.nq"
    result = CliRunner().invoke(main, ["export", "--format", "nq", "--build", str(build_dir),
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))
    graphs = Counter(q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
                     for q in quads)
    assert set(graphs) == {"", VOID_GRAPH}


def test_command_without_a_build_exits_1(tmp_path) -> None:
    result = CliRunner().invoke(main, ["export", "--build", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "no build" in result.output and "libgraph build" in result.output


# -- the masking rules on a small graph -----------------------------------------------------------


def _t(s: str, p: object, o: object) -> ox.Triple:
    obj = o if isinstance(o, ox.Literal) else ox.NamedNode(str(o))
    return ox.Triple(ox.NamedNode(BASE + "id/" + s if "://" not in s else s),
                     ox.NamedNode(str(p)), obj)


def _small_graph() -> list[ox.Triple]:
    ID = BASE + "id/"
    eva, lund = ID + "person/eva-lund", ID + "municipality/se-1281"
    mention, target = ID + "mention/m1", ID + "mention/m1-target"
    return [
        _t("country/se", RDF.type, SCHEMA.Country),
        _t(lund, RDF.type, LG.Municipality), _t(lund, RDFS.label, ox.Literal("Lund")),
        _t(eva, RDF.type, FOAF.Person), _t(eva, FOAF.name, ox.Literal("Eva Lund")),
        _t(eva, RDFS.label, ox.Literal("Eva Lund")),
        _t("membership/x", RDF.type, URIRef("http://www.w3.org/ns/org#Membership")),
        _t("membership/x", URIRef("http://www.w3.org/ns/org#member"), eva),
        _t("membership/x", RDFS.label, ox.Literal("Eva Lund – Lund")),
        _t("decision/d", RDF.type, LG.Decision),
        _t("decision/d", DCTERMS.description,
           ox.Literal("Lund bjuder in; EVA LUND leder, Evas förslag antas.")),
        _t("decision/d", RDFS.label, ox.Literal("Lund bjuder in; Eva Lu…")),
        _t(mention, RDF.type, OA.Annotation), _t(mention, OA.hasBody, eva),
        _t(mention, OA.hasTarget, target),
        _t(target, OA.hasSelector, target + "-quote"), _t(target, OA.hasSelector, target + "-pos"),
        _t(target + "-quote", RDF.type, OA.TextQuoteSelector),
        _t(target + "-quote", OA.exact, ox.Literal("Eva")),
        _t(target + "-pos", RDF.type, OA.TextPositionSelector),
        _t(target + "-pos", OA.start, ox.Literal("3", datatype=ox.NamedNode(str(XSD.integer)))),
    ]


def test_masking_keeps_places_named_like_a_surname() -> None:
    from libgraph.export import Pseudonymizer

    out = Pseudonymizer(_small_graph(), salt="x").run()
    literals = {(t.subject.value.rsplit("/", 2)[-2], t.predicate.value.rsplit("/", 1)[-1]):
                t.object.value for t in out if isinstance(t.object, ox.Literal)}
    label = next(v for (kind, p), v in literals.items() if kind == "person" and p == "name")
    assert re.fullmatch(r"Person [0-9a-f]{6,}", label)
    assert literals[("municipality", "rdf-schema#label")] == "Lund"
    assert literals[("decision", "description")] == (
        f"Lund bjuder in; {label} leder, {label} förslag antas.")
    assert literals[("decision", "rdf-schema#label")] == f"Lund bjuder in; {label} …"
    assert literals[("membership", "rdf-schema#label")] == f"{label} – {label}"
    assert literals[("mention", "oa#exact")] == label
    assert not any(t.subject.value.endswith("-pos") for t in out), "offsets of a name withheld"
    assert not any("eva" in t.subject.value or "eva" in t.object.value.casefold()
                   for t in out), "no IRI or literal keeps the name"


def test_no_label_ends_in_a_name_cut_short(pseudo, names) -> None:
    words = {w.casefold() for n in names for w in re.findall(r"\w+", n) if len(w) >= 3}
    cut = re.compile(r"(?<!\w)(\w+)…[”\"]?$")
    for t in pseudo[0]:
        if isinstance(t.object, ox.Literal) and (m := cut.search(t.object.value)):
            fragment = m.group(1).casefold()
            assert not any(w.startswith(fragment) for w in words), t.object.value


def test_the_default_salt_is_warned_about_and_a_secret_one_is_not(demo_build) -> None:
    build_dir, _report = demo_build
    args = ["export", "--build", str(build_dir), "--format", "nt", "--pseudonymize"]
    default = CliRunner().invoke(main, args, env={"LIBGRAPH_SALT": None})
    assert default.exit_code == 0 and "guessable" in default.stderr
    secret = CliRunner().invoke(main, [*args, "--salt", "s3cret-for-this-site"])
    assert secret.exit_code == 0 and "guessable" not in secret.stderr
    assert default.stdout != secret.stdout  # the salt changes every pseudonym
