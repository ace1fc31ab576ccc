"""SHACL validation with a report people can read.

The engine is pyshacl-turbo (a Rust implementation of pySHACL's API) when it is installed:
on the same shapes and data it reports the same results as pySHACL, 5-10x faster (see
BENCHMARKS.md). Without it, two engines share the work, because measured on the demo build
pySHACL spends 97 % of its time on the SPARQL-based constraints (one rdflib query per focus
node):

* core constraints (cardinalities, datatypes, classes, patterns, ``sh:lessThan``...) run in
  pySHACL with ``inference="none"`` (RDFS inference is 14x slower and the shapes never need it,
  because every node states its types explicitly);
* each ``sh:SPARQLConstraint`` runs once over the whole graph in Oxigraph: ``$this`` becomes a
  variable bound by the shape's targets, which is how SHACL-SPARQL defines the constraint,
  so the result is the same set of violations.

A build validates piece by piece (``build.py``): each document's triples with the static nodes
they reference (:class:`StaticContext`), its own nodes as the only focus nodes; then, on the
merged graph, the constraints that more triples can break (``sh:maxCount``, ``sh:uniqueLang``,
``sh:disjoint``, ``sh:lessThan``...) for the nodes that several pieces describe
(:func:`cross_document_violations`). Every other constraint holds in the union when it holds
in each piece, because the pieces only add to one another.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from .ns import SH, bind_prefixes
from .resources import resource

SKOS_IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"
_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    shape: str
    severity: str
    message: str
    value: str | None


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]

    def to_dict(self) -> dict[str, object]:
        return {"conforms": self.conforms, "violations": [asdict(v) for v in self.violations]}


@dataclass(frozen=True)
class SparqlCheck:
    """One SPARQL-based constraint, rewritten to find all its violations in one query."""

    shape: str
    path: str | None
    query: str
    message: str


@cache
def shapes_graph() -> Graph:
    graph = bind_prefixes(Graph())
    for path in sorted(resource("shapes").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@cache
def _split_shapes() -> tuple[Graph, tuple[SparqlCheck, ...]]:
    shapes = shapes_graph()
    core = Graph(bind_namespaces="none")  # pyshacl-turbo binds each prefix into every report
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    return core, tuple(_sparql_checks(shapes))


def _sparql_checks(shapes: Graph) -> list[SparqlCheck]:
    prologue = _prologue(shapes)
    checks = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        if (constraint, SH.deactivated, None) in shapes:
            continue
        select = str(shapes.value(constraint, SH.select))
        path = shapes.value(shape, SH.path)
        target = _target_pattern(shapes, shape)
        if target is None:
            continue
        query = _rewrite(select, path, target)
        message = str(shapes.value(constraint, SH.message) or shapes.value(shape, SH.message) or "")
        checks.append(SparqlCheck(str(shape), str(path) if path else None, prologue + query,
                                  message))
    return checks


def _prologue(shapes: Graph) -> str:
    lines = []
    for decl in shapes.objects(None, SH.declare):
        prefix, ns = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
        if prefix is not None and ns is not None:
            lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(sorted(set(lines))) + "\n"


def _target_pattern(shapes: Graph, shape: URIRef) -> str | None:
    """The graph pattern that binds ?this to the focus nodes of ``shape`` (or its parents)."""
    owners = [shape, *shapes.subjects(SH.property, shape)]
    patterns = []
    for owner in owners:
        for cls in shapes.objects(owner, SH.targetClass):
            patterns.append(f"{{ ?this <{RDF.type}> <{cls}> }}")
        for prop in shapes.objects(owner, SH.targetSubjectsOf):
            patterns.append(f"{{ ?this <{prop}> [] }}")
        for prop in shapes.objects(owner, SH.targetObjectsOf):
            patterns.append(f"{{ [] <{prop}> ?this }}")
        for node in shapes.objects(owner, SH.targetNode):
            patterns.append(f"{{ VALUES ?this {{ <{node}> }} }}")
    return " UNION ".join(patterns) if patterns else None


def _rewrite(select: str, path: URIRef | None, target: str) -> str:
    query = select.replace("$this", "?this")
    if path is not None:
        query = query.replace("$PATH", f"<{path}>")
    brace = re.search(r"\bWHERE\s*\{", query, re.IGNORECASE)
    if brace is None:
        raise ValueError(f"SPARQL constraint without WHERE: {select[:80]}")
    return query[: brace.end()] + f"\n  {target}\n" + query[brace.end():]


def engine_name() -> str:
    """The SHACL engine in use, with its version (part of the build cache key)."""
    turbo = _turbo()
    if turbo is not None:
        return f"pyshacl-turbo {turbo.__version__}"
    from importlib.metadata import version

    return f"pyshacl {version('pyshacl')}"


def _pyshacl_validate(*args: Any, **kwargs: Any) -> Any:
    """pySHACL's ``validate``, imported only when it is the engine (without pyshacl-turbo, or
    with ``LIBGRAPH_SHACL=pyshacl``): importing it takes 0.2-0.3 s, which every command that
    validates (a one-document rebuild among them) would otherwise pay for nothing."""
    from pyshacl import validate

    return validate(*args, **kwargs)


@cache
def _turbo() -> Any:
    """pyshacl-turbo if installed and not switched off (``LIBGRAPH_SHACL=pyshacl``)."""
    import os

    if os.environ.get("LIBGRAPH_SHACL", "").lower() == "pyshacl":
        return None
    try:
        import pyshacl_turbo
    except ImportError:
        return None
    return pyshacl_turbo


@cache
def _compiled_shapes() -> Any:
    """The whole shapes graph compiled once per process by pyshacl-turbo."""
    return _turbo().compile_shapes(shapes_graph(), advanced=True)


def _turbo_input(ntriples: str) -> Any:
    """N-Triples handed to the Rust engine as text, without an rdflib graph in between."""
    try:
        from pyshacl_turbo.rdf import Input
    except ImportError:  # the private class moved: fall back to the public path
        return Graph().parse(data=ntriples, format="nt")
    return Input(ntriples, "nt", None, {}, {})


def validate_graph(data: Graph) -> ValidationReport:
    """Validate ``data`` (which should include the ontology and vocabularies)."""
    ntriples = data.serialize(format="nt")
    return validate_ntriples(ntriples, graph=data)


class RdfInputError(ValueError):
    """A file given to validate that is not RDF in the format its name says."""


def validate_file(path: Path) -> ValidationReport:
    """Validate an RDF file; :class:`RdfInputError` names the file if it cannot be parsed.

    A whole build (it declares the ontology) is validated as it is. A file without the
    ontology is one document's graph, as ``libgraph extract --format ttl`` writes it: it is
    validated the way the build validates each document, with the shipped ontology,
    vocabularies and gazetteer as context and its own nodes as focus, so that the nodes it
    merely points to (a municipality, a topic) do not raise false alarms.
    """
    try:
        triples = list(ox.parse(path=str(path), format=_format_of(path)))
    except (SyntaxError, ValueError, OSError) as err:
        raise RdfInputError(f"{path}: not readable as RDF ({_first_line(err)})") from err
    # Oxigraph's parser, not its store: the store turns xsd:nonNegativeInteger into
    # xsd:integer, which the shapes would then reject.
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    ntriples = text.decode("utf-8") if text else ""
    if not is_whole_graph(triples):
        lines = [line for line in ntriples.split("\n") if line]
        return _report(validate_piece(lines, static_context()))
    if _turbo() is not None:
        return validate_ntriples(ntriples)
    return validate_graph(Graph().parse(data=ntriples, format="nt"))


_OWL_ONTOLOGY = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
_RDF_TYPE = ox.NamedNode(str(RDF.type))


def is_whole_graph(triples: Sequence[ox.Triple]) -> bool:
    """True for a graph that carries the ontology (a build), False for one document's."""
    return any(t.predicate == _RDF_TYPE and t.object == _OWL_ONTOLOGY for t in triples)


@cache
def static_context() -> StaticContext:
    """The shipped ontology, vocabularies and gazetteer, indexed for piecewise validation."""
    from .rdf.mapping import static_graph

    text = ox.serialize((ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in static_graph()),
                        format=ox.RdfFormat.N_TRIPLES)
    return StaticContext(line for line in (text or b"").decode("utf-8").split("\n") if line)


def _ox(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term (IRIs, blank nodes and literals)."""
    from rdflib import BNode, Literal

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


def _format_of(path: Path) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower() or "ttl")
    return fmt if fmt is not None else ox.RdfFormat.TURTLE


def validate_ntriples(ntriples: str, focus: Sequence[str] | None = None,
                      graph: Graph | None = None) -> ValidationReport:
    """Validate a graph given as N-Triples; ``focus`` limits the focus nodes (IRIs)."""
    nodes = [URIRef(iri) for iri in focus] if focus is not None else None
    if _turbo() is not None:
        _conforms, results, _text = _compiled_shapes().validate(
            _turbo_input(ntriples), allow_warnings=True, focus_nodes=nodes)
        return _report(_violations(results))
    if graph is None:
        graph = Graph().parse(data=ntriples, format="nt")
    store = ox.Store()
    store.load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return _validate(graph, store, nodes)


def _report(violations: Iterable[Violation]) -> ValidationReport:
    """Sorted, without duplicates (pySHACL repeats a result reached by two routes)."""
    unique = sorted(set(violations),
                    key=lambda v: (v.shape, v.focus, v.path or "", v.value or "", v.message))
    errors = [v for v in unique if v.severity == "Violation"]
    return ValidationReport(not errors, tuple(unique))


def _validate(data: Graph, store: ox.Store, focus: list[URIRef] | None = None
              ) -> ValidationReport:
    """pySHACL for the core shapes, Oxigraph for the SPARQL ones.

    With ``focus``, results are kept for those focus nodes only. pySHACL's own
    ``focus_nodes`` option is not used: with it, pySHACL 0.40 reports ``sh:or`` shapes over
    qualified value shapes (lgsh:LibraryTypeShape) as violated when they are not.
    """
    core, checks = _split_shapes()
    _conforms, results, _text = _pyshacl_validate(
        data, shacl_graph=core, inference="none", advanced=True, allow_warnings=True,
    )
    wanted = None if focus is None else {str(n) for n in focus}
    found = _violations(results) + [v for c in checks for v in _run_check(store, c)]
    return _report(v for v in found if wanted is None or v.focus in wanted)


# -- piecewise validation (build.py) ---------------------------------------------------------

# Constraints that a larger graph can break although each piece satisfies them.
ANTI_MONOTONE = tuple(SH[name] for name in (
    "MaxCountConstraintComponent", "UniqueLangConstraintComponent",
    "DisjointConstraintComponent", "LessThanConstraintComponent",
    "LessThanOrEqualsConstraintComponent", "QualifiedMaxCountConstraintComponent"))
_ANTI_PROPERTIES = (SH.maxCount, SH.uniqueLang, SH.disjoint, SH.lessThan, SH.lessThanOrEquals,
                    SH.qualifiedMaxCount)


class StaticContext:
    """The static graph indexed by subject, to give each document what its shapes look at.

    With only a document's own nodes as focus nodes, its shapes read little of the static
    graph: the types (for ``sh:class`` and ``sh:or`` of classes) and schemes (``sh:node`` of a
    topic, role or type concept) of the static nodes it points to, and every
    ``rdfs:subClassOf`` axiom, which targets and ``sh:class`` follow. Where a document says
    something about a static node itself (a municipality as a subject), that node becomes a
    focus node, so it gets its whole description and its neighbours' types, schemes and codes
    (``lg:country/dcterms:identifier`` is a two-step path of the area shapes).
    """

    BRIEF = (f"<{RDF.type}>", f"<{SKOS_IN_SCHEME}>")
    NEIGHBOUR = (*BRIEF, "<http://purl.org/dc/terms/identifier>")

    def __init__(self, lines: Iterable[str]) -> None:
        self.by_subject: dict[str, list[str]] = {}
        self.axioms: list[str] = []
        subclass = f"<{RDFS.subClassOf}>"
        for line in lines:
            subject, predicate, _rest = line.split(" ", 2)
            self.by_subject.setdefault(subject, []).append(line)
            if predicate == subclass:
                self.axioms.append(line)

    def lines_for(self, lines: Iterable[str], terms: PieceTerms | None = None) -> list[str]:
        """The static triples that ``lines`` (a document's N-Triples) need for validation."""
        terms = terms or piece_terms(lines)
        known = self.by_subject.keys()
        subjects = terms.subjects & known
        named = terms.named & known
        out = list(self.axioms)
        for node in sorted(named - subjects):
            out.extend(self._facts(node, self.BRIEF))
        for node in sorted(subjects):
            out.extend(self.by_subject[node])
            neighbours = {t for line in self.by_subject[node] for t in _iri_terms(line)}
            for other in sorted((neighbours & known) - subjects):
                out.extend(self._facts(other, self.NEIGHBOUR))
        return out

    def _facts(self, node: str, predicates: tuple[str, ...]) -> list[str]:
        return [line for line in self.by_subject[node]
                if line.split(" ", 2)[1] in predicates]


@dataclass(frozen=True)
class PieceTerms:
    """The subject terms and all IRI terms of a piece, as written (with <>)."""

    subjects: set[str]
    named: set[str]

    def subject_iris(self) -> list[str]:
        return sorted(t[1:-1] for t in self.subjects if t.startswith("<"))


def piece_terms(lines: Iterable[str]) -> PieceTerms:
    subjects: set[str] = set()
    named: set[str] = set()
    for line in lines:
        subject, _predicate, rest = line.split(" ", 2)
        subjects.add(subject)
        if rest.startswith("<"):
            named.add(rest[: rest.index(">") + 1])
    return PieceTerms(subjects, named | subjects)


def _iri_terms(line: str) -> tuple[str, ...]:
    """Subject and, when it is an IRI, object of an N-Triples line (as written, with <>)."""
    subject, _predicate, rest = line.split(" ", 2)
    if rest.startswith("<"):
        return subject, rest[: rest.index(">") + 1]
    return (subject,)


def subjects_of(lines: Iterable[str]) -> list[str]:
    """The distinct subject IRIs (without <>) of N-Triples lines."""
    return sorted({line[1: line.index(">")] for line in lines if line.startswith("<")})


class Shortcut(Protocol):
    """The engine's share of a piece's validation (``build/proof.py``)."""

    lines: list[str]
    focus: list[str]


def validate_piece(lines: list[str], context: StaticContext, terms: PieceTerms | None = None,
                   shortcut: Callable[[list[str], list[str], list[str]], Shortcut | None]
                   | None = None) -> list[Violation]:
    """Validate one document's triples with the static triples they reference.

    Only the document's own subjects are focus nodes: the static nodes are validated once,
    with the whole static graph, and would be reported wrongly from a partial view here.
    ``shortcut(lines, static lines, subjects)`` may give a smaller task with the same
    violations, for the core shapes only (no ``sh:sparql``), when it has proved the rest.
    """
    terms = terms or piece_terms(lines)
    extra = context.lines_for(lines, terms)
    subjects = terms.subject_iris()
    short = shortcut(lines, extra, subjects) if shortcut and _turbo() is not None else None
    if short is not None:
        _conforms, results, _text = _compiled_core_shapes().validate(
            _turbo_input("\n".join(short.lines) + "\n"), allow_warnings=True,
            focus_nodes=[URIRef(iri) for iri in short.focus])
        return list(_report(_violations(results)).violations)
    text = "\n".join([*lines, *extra]) + "\n"
    return list(validate_ntriples(text, focus=subjects).violations)


@cache
def _compiled_core_shapes() -> Any:
    """The shapes without their SPARQL-based constraints, compiled once per process."""
    return _turbo().compile_shapes(_split_shapes()[0], advanced=True)


def anti_monotone_predicates() -> list[str]:
    """Predicates that the anti-monotone constraints and the shapes' targets look at."""
    shapes = shapes_graph()
    found = {str(RDF.type)}
    for prop in _ANTI_PROPERTIES:
        for shape, value in shapes.subject_objects(prop):
            path = shapes.value(shape, SH.path)
            for term in (path, value if prop in (SH.disjoint, SH.lessThan,
                                                 SH.lessThanOrEquals) else None):
                if isinstance(term, URIRef):
                    found.add(str(term))
    found.update(str(p) for p in shapes.objects(None, SH.targetSubjectsOf))
    return sorted(found)


@cache
def anti_monotone_shapes() -> Graph:
    """The shapes with only their anti-monotone constraints, for the cross-document check.

    Targeted node shapes and their property shapes keep their targets, paths, messages and
    severities and the constraints that a larger graph can break; every other constraint
    parameter goes. Shape IRIs and messages are those of the full shapes, so a result is the
    same as the full validation's and the two merge without duplicates.
    """
    shapes = shapes_graph()
    keep = {RDF.type, SH.path, SH.message, SH.severity, SH.deactivated, SH.property,
            *_TARGETS, *_ANTI_PROPERTIES, SH.qualifiedValueShape,
            SH.qualifiedValueShapesDisjoint}
    targeted = {s for t in _TARGETS for s in shapes.subjects(t, None)}
    trimmed = targeted | {p for s in targeted for p in shapes.objects(s, SH.property)}
    out = Graph()
    for s, p, o in shapes:
        if s in trimmed and str(p).startswith(str(SH)) and p not in keep:
            continue
        if s in trimmed and p == SH.qualifiedValueShape and \
                (s, SH.qualifiedMaxCount, None) not in shapes:
            continue
        out.add((s, p, o))
    return out


@cache
def _compiled_anti_shapes() -> Any:
    return _turbo().compile_shapes(anti_monotone_shapes(), advanced=True)


def cross_document_violations(store: ox.Store, shared: Sequence[str], axioms: Sequence[str],
                              batch: int = 400) -> list[Violation]:
    """Anti-monotone violations of nodes that several pieces describe, on the merged store.

    The data is what those constraints read: each shared node's triples with the relevant
    predicates and the types of their values, fetched from the store in batches. (The store
    reads xsd:nonNegativeInteger back as xsd:integer; no anti-monotone constraint looks at
    datatypes.)
    """
    if not shared:
        return []
    predicates = ", ".join(f"<{p}>" for p in anti_monotone_predicates())
    lines: list[str] = list(axioms)
    for start in range(0, len(shared), batch):
        values = " ".join(f"<{iri}>" for iri in shared[start: start + batch])
        query = (f"CONSTRUCT {{ ?s ?p ?o . ?o a ?t }} WHERE {{ VALUES ?s {{ {values} }} "
                 f"?s ?p ?o FILTER(?p IN ({predicates})) OPTIONAL {{ ?o a ?t }} }}")
        lines.extend(f"{triple} ." for triple in store.query(query))
    text = "\n".join(lines) + "\n"
    focus = [URIRef(iri) for iri in shared]
    if _turbo() is not None:
        _conforms, results, _text = _compiled_anti_shapes().validate(
            _turbo_input(text), allow_warnings=True, focus_nodes=focus)
    else:  # no focus_nodes: see _validate
        _conforms, results, _text = _pyshacl_validate(
            Graph().parse(data=text, format="nt"), shacl_graph=anti_monotone_shapes(),
            inference="none", advanced=True, allow_warnings=True)
    wanted = set(shared)
    return [v for v in _violations(results, components=ANTI_MONOTONE) if v.focus in wanted]


def merge_reports(*parts: Iterable[Violation]) -> ValidationReport:
    return _report(v for part in parts for v in part)


def violation_from_dict(data: dict[str, Any]) -> Violation:
    return Violation(**data)


def _run_check(store: ox.Store, check: SparqlCheck) -> list[Violation]:
    out = []
    for solution in store.query(check.query):
        values = _bindings(solution)
        out.append(Violation(
            focus=values.get("this") or "", path=check.path, shape=check.shape,
            severity="Violation", message=_fill(check.message, values),
            value=values.get("value"),
        ))
    return out


def _bindings(solution: ox.QuerySolution) -> dict[str, str]:
    out = {}
    for name in ("this", "value", "start", "end", "cc", "path"):
        try:
            term = solution[name]
        except (KeyError, IndexError):
            continue
        if term is not None:
            out[name] = _term(term)
    return out


def _term(term: object) -> str:
    return str(getattr(term, "value", term))


def _fill(message: str, values: dict[str, str]) -> str:
    return re.sub(r"\{[?$](\w+)\}", lambda m: values.get(m.group(1), m.group(0)), message)


def _violations(results: Graph, components: Sequence[URIRef] | None = None
                ) -> list[Violation]:
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if components is not None and \
                results.value(result, SH.sourceConstraintComponent) not in components:
            continue
        def one(prop: URIRef, res: URIRef = result) -> str | None:
            value = results.value(res, prop)
            return None if value is None else str(value)

        out.append(Violation(
            focus=one(SH.focusNode) or "", path=one(SH.resultPath), shape=one(SH.sourceShape) or "",
            severity=(one(SH.resultSeverity) or "").rsplit("#", 1)[-1],
            message=one(SH.resultMessage) or "", value=one(SH.value),
        ))
    return out


def format_report(report: ValidationReport, limit: int = 50) -> str:
    """Plain text: a verdict line, then one block per violation (first ``limit``)."""
    if report.conforms:
        return f"SHACL: conforms ({len(report.violations)} warnings)" if report.violations \
            else "SHACL: conforms (0 violations)"
    lines = [f"SHACL: does not conform ({len(report.violations)} results)"]
    for v in report.violations[:limit]:
        lines.append(f"- [{v.severity}] {v.message}")
        lines.append(f"    focus: {v.focus}")
        if v.path:
            lines.append(f"    path:  {v.path}")
        if v.value:
            lines.append(f"    value: {v.value[:120]}")
        lines.append(f"    shape: {v.shape}")
    if len(report.violations) > limit:
        lines.append(f"... and {len(report.violations) - limit} more")
    return "\n".join(lines)
