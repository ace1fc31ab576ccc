"""The evidence queries of :mod:`.evidence` answered by index look-ups on a build.

A page asks for the mentions of a few things; each SPARQL query for them costs Oxigraph a
parse and a plan (a few tenths of a millisecond) before it reads a handful of triples. A
mention is five small subjects (the mention, its target, two selectors, and the document
they point to), so reading them with ``quads_for_pattern`` gives the same rows for a tenth
of the cost. Each function returns what its query returns, rows in the order the page uses
(sorted as the query's ``ORDER BY`` sorts), or None when it cannot promise the same answer
(more rows than the query's ``LIMIT``, a start offset that is not an ``xsd:integer``), and
the caller then asks the query.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import pyoxigraph as ox

from ...ns import LG, OA, SCHEMA
from ..backend import DEFAULT_GRAPH, LocalBackend, Term

HAS_BODY, HAS_TARGET = str(OA.hasBody), str(OA.hasTarget)
HAS_SOURCE, HAS_SELECTOR = str(OA.hasSource), str(OA.hasSelector)
START, END, EXACT = str(OA.start), str(OA.end), str(OA.exact)
RULE, EVIDENCE_OF, MINUTES = str(LG.rule), str(LG.evidenceOf), str(LG.minutes)
START_DATE, TEXT = str(SCHEMA.startDate), str(SCHEMA.text)
INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
# Mentions read one by one at most per question: past that, Oxigraph's joins (a few µs a
# row) beat five look-ups per mention in Python (a busy person of a real build, the
# hundreds of mentions in one meeting's minutes), and the query is asked instead.
# (Measured on the synthetic graph and a 1,000-document build: reading 128 mentions is
# still quicker than the query about them, but not so for the meeting-scoped query.)
MOST_MENTIONS = 128
MOST_IN_MINUTES = 32  # mentions in a meeting's minutes: there the query's joins are quicker


class Place(NamedTuple):
    """One way a mention's target points into a document: ``?doc ?start ?end ?exact``."""

    doc: str
    start: ox.Literal
    end: Term
    exact: Term


class Mention(NamedTuple):
    """What the queries join about one mention (each list in the store's order)."""

    iri: str
    bodies: list[str]
    rules: list[Term]
    evidence_of: list[Term]
    places: list[Place]


def _by_prop(backend: LocalBackend, iri: str) -> dict[str, list[Term]]:
    out: dict[str, list[Term]] = {}
    for quad in backend.store.quads_for_pattern(ox.NamedNode(iri), None, None, DEFAULT_GRAPH):
        out.setdefault(quad.predicate.value, []).append(quad.object)
    return out


def _iris(terms: Iterable[Term]) -> list[str]:
    return [t.value for t in terms if isinstance(t, ox.NamedNode)]


def read_mention(backend: LocalBackend, iri: str) -> Mention:
    """The bodies, rules, properties evidenced and places of mention ``iri``."""
    own = _by_prop(backend, iri)
    places = []
    for target in _iris(own.get(HAS_TARGET, [])):
        about = _by_prop(backend, target)
        selectors = [_by_prop(backend, s) for s in _iris(about.get(HAS_SELECTOR, []))]
        for doc in _iris(about.get(HAS_SOURCE, [])):
            places.extend(Place(doc, start, end, exact)
                          for ps in selectors for start in ps.get(START, [])
                          for end in ps.get(END, [])
                          for qs in selectors for exact in qs.get(EXACT, []))
    return Mention(iri, _iris(own.get(HAS_BODY, [])), own.get(RULE, []),
                   own.get(EVIDENCE_OF, []), places)


def _or_none(terms: list[Any]) -> list[Any]:
    """An OPTIONAL's values: each value, or one unbound row."""
    return terms or [None]


def _integers(places: Iterable[Place]) -> bool:
    return all(isinstance(p.start, ox.Literal) and p.start.datatype.value == INTEGER
               for p in places)


def mentions_of(backend: LocalBackend, iri: str, limit: int) -> list[dict[str, Any]] | None:
    """``evidence.mentions_of`` (rows ``ORDER BY ?doc ?start ?m LIMIT limit``), or None
    (more than ``MOST_MENTIONS`` mentions, or an offset that is not an integer)."""
    rows = []
    found = list(dict.fromkeys(backend.subjects(HAS_BODY, iri)))
    if len(found) > MOST_MENTIONS:
        return None
    for m in found:
        mention = read_mention(backend, m)
        if not _integers(mention.places):
            return None
        others = _or_none([b for b in mention.bodies if b != iri])
        rows.extend((place, rule, ev, other, m) for place in mention.places
                    for rule in _or_none(mention.rules) for ev in _or_none(mention.evidence_of)
                    for other in others)
    rows.sort(key=lambda r: (r[0].doc, int(r[0].start.value), r[4]))
    merged: dict[str, dict[str, Any]] = {}
    for place, rule, ev, other, m in rows[:limit]:
        item = merged.setdefault(m, {
            "mention": m, "minutes": place.doc, "quote": place.exact.value,
            "start": int(place.start.value), "end": int(place.end.value),
            "rule": rule.value if rule is not None else None,
            "evidence_of": ev.value if ev is not None else None, "others": []})
        if other is not None and other not in item["others"]:
            item["others"].append(other)
    return list(merged.values())


Row = tuple[str, str, Place, Term | None, str | None]  # body, mention, place, rule, other


def _rows(mention: Mention, bodies: Iterable[str], places: list[Place]) -> Iterator[Row]:
    for body in bodies:
        others = _or_none([b for b in mention.bodies if b != body])
        for place in places:
            for rule in _or_none(mention.rules):
                for other in others:
                    yield body, mention.iri, place, rule, other


def mention_rows(backend: LocalBackend, iris: list[str], meeting: str | None,
                 limit: int) -> list[Row] | None:
    """The distinct rows of ``evidence._mentions_query`` for the bodies ``iris``, or None
    when there are more than ``limit`` (the query's ``LIMIT`` would keep some of them) or
    more than ``MOST_MENTIONS`` mentions."""
    wanted = set(iris)
    rows: dict[tuple[Any, ...], Row] = {}
    if meeting is None:
        pairs = [(m, [b]) for b in iris for m in dict.fromkeys(backend.subjects(HAS_BODY, b))]
        docs: set[str] | None = None
    else:  # the mentions in the meeting's minutes, and those that name the meeting
        docs = set(_iris(backend.objects(meeting, MINUTES)))
        targets = [t for doc in sorted(docs) for t in backend.subjects(HAS_SOURCE, doc)]
        if len(targets) > MOST_IN_MINUTES:  # (a target is one mention's)
            return None
        found = [m for t in targets for m in backend.subjects(HAS_TARGET, t)]
        found += backend.subjects(HAS_BODY, meeting)
        pairs = [(m, None) for m in dict.fromkeys(found)]
    if len({m for m, _b in pairs}) > (MOST_MENTIONS if meeting is None else MOST_IN_MINUTES):
        return None
    read: dict[str, Mention] = {}
    for m, bodies in pairs:
        mention = read.get(m) or read.setdefault(m, read_mention(backend, m))
        places = mention.places
        if bodies is None:
            bodies = [b for b in dict.fromkeys(mention.bodies) if b in wanted]
            if meeting not in mention.bodies:
                places = [p for p in places if p.doc in docs]  # type: ignore[operator]
        for row in _rows(mention, bodies, places):
            body, iri, place, rule, other = row
            rows.setdefault((body, iri, place.doc, place.start, place.end, place.exact, rule,
                             other), row)
            if len(rows) > limit:
                return None
    return list(rows.values())


def meetings_of(backend: LocalBackend, docs: Iterable[str]
                ) -> dict[str, tuple[str | None, str | None]] | None:
    """``evidence._meetings_of``: each document's first meeting and date in the query's
    order (meeting, then date, an unbound date first); None if a meeting has several dates
    (their order is the store's to decide)."""
    out: dict[str, tuple[str | None, str | None]] = {}
    for doc in docs:
        options = []
        for meeting in backend.subjects(MINUTES, doc):
            dates = backend.objects(meeting, START_DATE)
            if len(dates) > 1:
                return None
            options.append((meeting, dates[0].value if dates else None))
        if options:
            out[doc] = min(options)
    return out


def minutes_text(backend: LocalBackend, doc: str) -> str:
    """The first ``schema:text`` of a document, as ``LIMIT 1`` gives it; "" if none."""
    texts = backend.objects(doc, TEXT, 1)
    return texts[0].value if texts else ""
