"""Evidence annotations: every fact points at the exact words it came from.

A mention is an ``lg:Mention``/``oa:Annotation`` whose target is the minutes document with a
``TextPositionSelector`` (offsets into ``schema:text``) and a ``TextQuoteSelector`` (the exact
words). Both are kept: offsets are fast, the quote survives a re-normalised text.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ..labels import shorten
from ..ns import LG, OA
from ..record import Span
from .iris import IriMinter

# Resolved once: a namespace attribute costs a look-up per use, and every mention uses twenty.
_TYPE, _LABEL, _NNI = RDF.type, RDFS.label, XSD.nonNegativeInteger
_MENTION, _ANNOTATION, _RULE, _EVIDENCE_OF = LG.Mention, OA.Annotation, LG.rule, LG.evidenceOf
_BODY, _TARGET, _SOURCE, _SELECTOR = OA.hasBody, OA.hasTarget, OA.hasSource, OA.hasSelector
_SPECIFIC, _POSITION, _QUOTE = OA.SpecificResource, OA.TextPositionSelector, OA.TextQuoteSelector
_START, _END, _EXACT = OA.start, OA.end, OA.exact


def add_mention(graph: Graph, minter: IriMinter, minutes: URIRef, doc_sha: str, text: str,
                bodies: list[URIRef], span: Span, evidence_of: URIRef | None = None) -> URIRef:
    """Add one mention of ``bodies`` at ``span``; returns its IRI."""
    mention = minter.local("mention", doc_sha, *bodies, span.start, span.end, evidence_of or "",
                           span.rule)
    target = URIRef(f"{mention}-target")
    pos, quote = URIRef(f"{mention}-pos"), URIRef(f"{mention}-quote")
    exact = text[span.start:span.end]
    label = Literal(f"“{_short(exact)}”")
    add = graph.add
    add((mention, _TYPE, _MENTION))
    add((mention, _TYPE, _ANNOTATION))
    add((mention, _LABEL, label))
    for body in bodies:
        add((mention, _BODY, body))
    if evidence_of is not None:
        add((mention, _EVIDENCE_OF, evidence_of))
    if span.rule:
        add((mention, _RULE, _rule(span.rule)))
    add((mention, _TARGET, target))
    add((target, _TYPE, _SPECIFIC))
    add((target, _LABEL, Literal(f"characters {span.start}–{span.end}")))
    add((pos, _LABEL, Literal(f"{span.start}–{span.end}")))
    add((quote, _LABEL, label))
    add((target, _SOURCE, minutes))
    add((target, _SELECTOR, pos))
    add((target, _SELECTOR, quote))
    add((pos, _TYPE, _POSITION))
    add((pos, _START, _offset(span.start)))
    add((pos, _END, _offset(span.end)))
    add((quote, _TYPE, _QUOTE))
    add((quote, _EXACT, Literal(exact)))
    return mention


# Literals are immutable, and rdflib spends 5-10 µs making one: offsets and rule names recur
# from mention to mention and document to document, so each is made once per process.
@lru_cache(maxsize=1 << 16)
def _offset(value: int) -> Literal:
    return Literal(value, datatype=_NNI)


@lru_cache(maxsize=1024)
def _rule(name: str) -> Literal:
    return Literal(name)


def _short(text: str, limit: int = 60) -> str:
    return shorten(text, limit)
