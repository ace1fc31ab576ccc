"""SHACL validation with a report people can read.

Two engines share the work, because measured on the demo build pySHACL spends 97 % of its
time on the SPARQL-based constraints (one rdflib query per focus node):

* core constraints (cardinalities, datatypes, classes, patterns, ``sh:lessThan``...) run in
  pySHACL with ``inference="none"`` (RDFS inference is 14× slower and the shapes never need it,
  because every node states its types explicitly);
* each ``sh:SPARQLConstraint`` runs once over the whole graph in Oxigraph: ``$this`` becomes a
  variable bound by the shape's targets, which is how SHACL-SPARQL defines the constraint,
  so the result is the same set of violations.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as pyshacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .ns import SH, bind_prefixes
from .resources import resource

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
    core = Graph()
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


def validate_graph(data: Graph) -> ValidationReport:
    """Validate ``data`` (which should include the ontology and vocabularies)."""
    store = ox.Store()
    store.load(data.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return _validate(data, store)


def validate_file(path: Path) -> ValidationReport:
    graph = Graph()
    graph.parse(path)
    return validate_graph(graph)


def _validate(data: Graph, store: ox.Store) -> ValidationReport:
    core, checks = _split_shapes()
    _conforms, results, _text = pyshacl_validate(
        data, shacl_graph=core, inference="none", advanced=True, allow_warnings=True,
    )
    violations = _violations(results) + [v for c in checks for v in _run_check(store, c)]
    violations.sort(key=lambda v: (v.shape, v.focus, v.path or "", v.value or ""))
    errors = [v for v in violations if v.severity == "Violation"]
    return ValidationReport(not errors, tuple(violations))


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


def _violations(results: Graph) -> list[Violation]:
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
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
