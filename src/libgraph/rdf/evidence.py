"""Evidence annotations: every fact points at the exact words it came from.

A mention is an ``lg:Mention``/``oa:Annotation`` whose target is the minutes document with a
``TextPositionSelector`` (offsets into ``schema:text``) and a ``TextQuoteSelector`` (the exact
words). Both are kept: offsets are fast, the quote survives a re-normalised text.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ..ns import LG, OA
from ..record import Span
from .iris import IriMinter


def add_mention(graph: Graph, minter: IriMinter, minutes: URIRef, doc_sha: str, text: str,
                bodies: list[URIRef], span: Span, evidence_of: URIRef | None = None) -> URIRef:
    """Add one mention of ``bodies`` at ``span``; returns its IRI."""
    mention = minter.local("mention", doc_sha, *bodies, span.start, span.end, evidence_of or "",
                           span.rule)
    target = URIRef(f"{mention}-target")
    pos, quote = URIRef(f"{mention}-pos"), URIRef(f"{mention}-quote")
    exact = text[span.start:span.end]
    graph.add((mention, RDF.type, LG.Mention))
    graph.add((mention, RDF.type, OA.Annotation))
    graph.add((mention, RDFS.label, Literal(f"“{_short(exact)}”")))
    for body in bodies:
        graph.add((mention, OA.hasBody, body))
    if evidence_of is not None:
        graph.add((mention, LG.evidenceOf, evidence_of))
    if span.rule:
        graph.add((mention, LG.rule, Literal(span.rule)))
    graph.add((mention, OA.hasTarget, target))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, RDFS.label, Literal(f"characters {span.start}–{span.end}")))
    graph.add((pos, RDFS.label, Literal(f"{span.start}–{span.end}")))
    graph.add((quote, RDFS.label, Literal(f"“{_short(exact)}”")))
    graph.add((target, OA.hasSource, minutes))
    graph.add((target, OA.hasSelector, pos))
    graph.add((target, OA.hasSelector, quote))
    graph.add((pos, RDF.type, OA.TextPositionSelector))
    graph.add((pos, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    graph.add((pos, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(exact)))
    return mention


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
