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
from .ntterms import nt_iri, nt_literal

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
    add_block = getattr(graph, "add_block", None)
    if add_block is not None and all(type(t) is URIRef for t in (minutes, *bodies)) and \
            (evidence_of is None or type(evidence_of) is URIRef):  # the build's TripleSink
        add_block(str(mention), _lines(mention, minutes, text, bodies, span, evidence_of))
        return mention
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


def _lines(mention: URIRef, minutes: URIRef, text: str, bodies: list[URIRef], span: Span,
           evidence_of: URIRef | None) -> list[str]:
    """The triples of :func:`add_mention` as N-Triples lines (``ntterms``: rdflib's text), in
    the order that sorting them usually gives (position, quote, target, mention), so that
    sorting the piece costs little."""
    m = nt_iri(mention)
    stem = m[:-1]
    target, pos, quote = f"{stem}-target>", f"{stem}-pos>", f"{stem}-quote>"
    exact = text[span.start:span.end]
    label = nt_literal(f"“{_short(exact)}”")
    lines = [f"{pos} {_NT_TYPE} {_NT_POSITION} .",
             f"{pos} {_NT_LABEL} {nt_literal(f'{span.start}–{span.end}')} .",
             f"{pos} {_NT_END} {_nt_offset(span.end)} .",
             f"{pos} {_NT_START} {_nt_offset(span.start)} .",
             f"{quote} {_NT_TYPE} {_NT_QUOTE} .", f"{quote} {_NT_LABEL} {label} .",
             f"{quote} {_NT_EXACT} {nt_literal(exact)} .",
             f"{target} {_NT_TYPE} {_NT_SPECIFIC} .",
             f"{target} {_NT_LABEL} {nt_literal(f'characters {span.start}–{span.end}')} .",
             f"{target} {_NT_SELECTOR} {pos} .", f"{target} {_NT_SELECTOR} {quote} .",
             f"{target} {_NT_SOURCE} {nt_iri(minutes)} .",
             f"{m} {_NT_TYPE} {_NT_ANNOTATION} .", f"{m} {_NT_TYPE} {_NT_MENTION} .",
             f"{m} {_NT_LABEL} {label} ."]
    lines.extend(sorted(f"{m} {_NT_BODY} {nt_iri(body)} ." for body in bodies))
    lines.append(f"{m} {_NT_TARGET} {target} .")
    if evidence_of is not None:
        lines.append(f"{m} {_NT_EVIDENCE_OF} {nt_iri(evidence_of)} .")
    if span.rule:
        lines.append(f"{m} {_NT_RULE} {nt_literal(span.rule)} .")
    return lines


(_NT_TYPE, _NT_LABEL, _NT_MENTION, _NT_ANNOTATION, _NT_RULE, _NT_EVIDENCE_OF, _NT_BODY,
 _NT_TARGET, _NT_SOURCE, _NT_SELECTOR, _NT_SPECIFIC, _NT_POSITION, _NT_QUOTE, _NT_START,
 _NT_END, _NT_EXACT) = (nt_iri(t) for t in (
    _TYPE, _LABEL, _MENTION, _ANNOTATION, _RULE, _EVIDENCE_OF, _BODY, _TARGET, _SOURCE,
    _SELECTOR, _SPECIFIC, _POSITION, _QUOTE, _START, _END, _EXACT))


@lru_cache(maxsize=1 << 16)
def _nt_offset(value: int) -> str:
    return nt_literal(str(_offset(value)), str(_NNI))


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
