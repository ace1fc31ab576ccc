"""Turning RDF terms into what pages show: prefixed names, local links, safe SPARQL text.

Every IRI that reaches a template passes through :func:`href`, which only ever returns a local
path or an ``http(s)`` address, so an IRI such as ``javascript:alert(1)`` (a valid IRI) can
never become a clickable script link.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

import pyoxigraph as ox

from ..ns import VOCAB, XSD
from ..ns import curie as ns_curie
from .querystring import encode

_SAFE = re.compile(r"[A-Za-z0-9/_.~-]*")  # what quote(..., safe="/-_.~") leaves as it is
_PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # no time zone: text order is date order
VOCAB_BASE = str(VOCAB)


@lru_cache(maxsize=1 << 14)
def curie(iri: str) -> str:
    """``schema:attendee`` for a known namespace, else the IRI itself (``ns.curie``; kept
    per process: a page writes one per property, and the properties are few)."""
    return ns_curie(iri) or iri


def _quoted(rest: str) -> str:
    # Most slugs need no escaping: skip quote()'s encode-and-scan for them.
    return rest if _SAFE.fullmatch(rest) else quote(rest, safe="/-_.~")


def local_path(iri: str, base: str) -> str | None:
    """The explorer path that serves ``iri``, for data IRIs and vocabulary concepts."""
    data = base + "id/"
    if iri.startswith(data) and len(iri) > len(data):
        return "/id/" + _quoted(iri[len(data):])
    if iri.startswith(VOCAB_BASE) and len(iri) > len(VOCAB_BASE):
        return "/vocab/" + _quoted(iri[len(VOCAB_BASE):])
    return None


def resource_path(iri: str) -> str:
    """The generic page for any other IRI."""
    return "/resource?" + encode({"iri": iri})


def href(iri: str, base: str) -> str:
    """Where a link to ``iri`` goes: its local page, never a non-http scheme."""
    return local_path(iri, base) or resource_path(iri)


def external_href(iri: str) -> str | None:
    """``iri`` itself when it is safe to link to as an outside web address."""
    return iri if iri.startswith(("http://", "https://")) else None


def iri_kind(iri: str, base: str) -> str | None:
    """``meeting`` for ``{base}id/meeting/x``; ``topic`` for ``lgv:topic/x``."""
    for prefix in (base + "id/", VOCAB_BASE):
        if iri.startswith(prefix):
            head, sep, _rest = iri[len(prefix):].partition("/")
            return head if sep else None
    return None


def sparql_iri(iri: str) -> str:
    """``<iri>`` checked by pyoxigraph's IRI parser; raises ValueError for anything unsafe."""
    return str(ox.NamedNode(iri))


def sparql_literal(text: str) -> str:
    """A plain string literal with every quote and control character escaped."""
    return str(ox.Literal(text))


def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI that pyoxigraph accepts."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def values_clause(var: str, iris: list[str]) -> str:
    """``VALUES ?var { <a> <b> }`` for IRIs that have been checked."""
    return f"VALUES ?{var} {{ {' '.join(sparql_iri(i) for i in iris)} }}"


def term_text(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """The lexical form of any term (IRI, blank node id or literal value)."""
    return term.value


def literal_lang(term: object) -> str | None:
    """The language tag of a literal, else None."""
    return term.language if isinstance(term, ox.Literal) and term.language else None


def plain_date(term: object) -> bool:
    """An ``xsd:date`` written YYYY-MM-DD with no time zone, whose text order is its date
    order (the index look-ups sort such dates themselves and leave any other to the query)."""
    return (isinstance(term, ox.Literal) and term.datatype.value == str(XSD.date)
            and _PLAIN_DATE.fullmatch(term.value) is not None)
