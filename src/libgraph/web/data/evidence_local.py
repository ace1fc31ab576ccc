"""The evidence queries of :mod:`.evidence` answered from an index of the mentions on a build.

A page asks for the mentions of a few things; each SPARQL query for them costs Oxigraph a
parse and a plan before it reads a handful of triples, and a busy thing (a project with eight
funders, an agency, a person at many meetings) has hundreds of mentions, each five small
subjects (the mention, its target, two selectors, the document they point to). A served build
never changes, so the few properties these questions follow are read once, at the warm-up,
into a :class:`MentionIndex` (every mention, forwards and backwards: about 80 bytes a triple
of them), and each question is then a series of dictionary reads. Each function returns what
its query returns, rows in the order the page uses (sorted as the query's ``ORDER BY``
sorts), or None when it cannot promise the same answer (more rows than the query's
``LIMIT``, a start offset that is not an ``xsd:integer``), and the caller then asks the query.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import pyoxigraph as ox

from ...ns import LG, OA, SCHEMA
from ..backend import DEFAULT_GRAPH, LocalBackend, Term
from ..rdfterms import plain_date

HAS_BODY, HAS_TARGET = str(OA.hasBody), str(OA.hasTarget)
HAS_SOURCE, HAS_SELECTOR = str(OA.hasSource), str(OA.hasSelector)
START, END, EXACT = str(OA.start), str(OA.end), str(OA.exact)
RULE, EVIDENCE_OF, MINUTES = str(LG.rule), str(LG.evidenceOf), str(LG.minutes)
START_DATE, TEXT = str(SCHEMA.startDate), str(SCHEMA.text)
INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
# The properties the evidence questions follow (and only these are in the index).
FOLLOWED = (HAS_BODY, HAS_TARGET, HAS_SOURCE, HAS_SELECTOR, START, END, EXACT, RULE,
            EVIDENCE_OF, MINUTES, START_DATE)
INDEX_KEY = "evidence-mentions"


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
    sources: tuple[str, ...] = ()  # the documents its targets point into (with or without
    # selectors: ``?m oa:hasTarget ?t . ?t oa:hasSource ?doc``)


class MentionIndex:
    """Every mention of a build, read once, and the ways the evidence questions reach them.

    ``mentions`` holds each mention's bodies, rules, properties evidenced and places;
    ``by_body`` the mentions of a thing (``?m oa:hasBody <thing>``); ``in_minutes`` those
    whose target points into a document (``?t oa:hasSource <doc> . ?m oa:hasTarget ?t``);
    ``minutes``, ``meetings`` and ``dates`` a meeting's documents, a document's meetings and a
    meeting's dates. Each list is in the order the store's look-ups give (``?s <p> <o>`` and
    ``<s> <p> ?o``), which one scan of ``?s <p> ?o`` per property keeps: the on-disk store
    sorts that scan by object, then subject, as it sorts the other two by their free term;
    the in-memory store walks all three newest first. Strings and terms that recur (bodies,
    documents, rules, offsets, quotes) are held once, which keeps the index to about 80 bytes
    per triple of the mentions (72–74 MiB for the 914,322 of a million-triple build, 2 of it
    the documents each mention points into).
    """

    def __init__(self, store: ox.Store) -> None:
        shared: dict[Any, Any] = {}
        forward, backward = {}, {}
        for prop in FOLLOWED:
            forward[prop], backward[prop] = _scan(store, prop, shared)
        self.by_body = backward[HAS_BODY]
        self.minutes = forward[MINUTES]
        self.meetings = backward[MINUTES]
        self.dates = forward[START_DATE]
        self.mentions = {m: _assemble(m, forward, shared)
                         for m in {**forward[HAS_BODY], **forward[HAS_TARGET]}}
        targets, sources = backward[HAS_TARGET], backward[HAS_SOURCE]
        self.in_minutes = {doc: [m for t in found for m in targets.get(t, [])]
                           for doc, found in sources.items()}

    def mention(self, iri: str) -> Mention:
        """Mention ``iri`` (one with neither a body nor a target has nothing to show)."""
        return self.mentions.get(iri) or Mention(iri, [], [], [], [])


Table = dict[str, list[Any]]


def _scan(store: ox.Store, prop: str, shared: dict[Any, Any]) -> tuple[Table, Table]:
    """``<s> <prop> ?o`` and ``?s <prop> <o>`` for every IRI ``s`` and ``o`` (objects as
    terms forwards, subjects as IRIs backwards), each value held once through ``shared``."""
    forward: Table = {}
    backward: Table = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(prop), None, DEFAULT_GRAPH):
        subject, obj = quad.subject, quad.object
        if not isinstance(subject, ox.NamedNode):
            continue
        key = shared.setdefault(subject.value, subject.value)
        forward.setdefault(key, []).append(shared.setdefault(obj, obj))
        if isinstance(obj, ox.NamedNode):
            backward.setdefault(shared.setdefault(obj.value, obj.value), []).append(key)
    return forward, backward


def _assemble(iri: str, forward: dict[str, Table], shared: dict[Any, Any]) -> Mention:
    """Mention ``iri`` from the scanned properties: its target's source and selectors give
    its places (each offset pair with each quote), as the evidence query joins them."""
    def objects(subject: str, prop: str) -> list[Any]:
        return forward[prop].get(subject, [])

    def iris(terms: list[Any]) -> list[str]:
        return [shared.setdefault(value, value) for value in _iris(terms)]

    places = []
    sources: list[str] = []
    for target in _iris(objects(iri, HAS_TARGET)):
        selectors = _iris(objects(target, HAS_SELECTOR))
        spans = [(start, end) for s in selectors for start in objects(s, START)
                 for end in objects(s, END)]
        quotes = [exact for s in selectors for exact in objects(s, EXACT)]
        for doc in iris(objects(target, HAS_SOURCE)):
            sources.append(doc)
            places.extend(Place(doc, start, end, exact)
                          for start, end in spans for exact in quotes)
    return Mention(iri, iris(objects(iri, HAS_BODY)), objects(iri, RULE),
                   objects(iri, EVIDENCE_OF), places, tuple(sources))


def index(backend: LocalBackend) -> MentionIndex:
    """The backend's :class:`MentionIndex`, built at its first use (the warm-up's)."""
    return backend.kept(INDEX_KEY, MentionIndex)  # type: ignore[no-any-return]


def _iris(terms: Iterable[Term]) -> list[str]:
    return [t.value for t in terms if isinstance(t, ox.NamedNode)]


def _or_none(terms: list[Any]) -> list[Any]:
    """An OPTIONAL's values: each value, or one unbound row."""
    return terms or [None]


def _integers(places: Iterable[Place]) -> bool:
    return all(isinstance(p.start, ox.Literal) and p.start.datatype.value == INTEGER
               for p in places)


def mentions_of(backend: LocalBackend, iri: str, limit: int) -> list[dict[str, Any]] | None:
    """``evidence.mentions_of`` (rows ``ORDER BY ?doc ?start ?m LIMIT limit``), or None
    (an offset that is not an integer)."""
    rows = []
    ix = index(backend)
    for m in dict.fromkeys(ix.by_body.get(iri, [])):
        mention = ix.mention(m)
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
                 limit: int, within: tuple[str, frozenset[str]] | None = None
                 ) -> list[Row] | None:
    """The distinct rows of ``evidence._mentions_query`` for the bodies ``iris``, or None
    when there are more than ``limit`` (the query's ``LIMIT`` would keep some of them).

    ``within`` (a thing and its documents): the rows of the mentions that name the thing or
    have a place in one of its documents (the caller wants no other)."""
    wanted = set(iris)
    rows: dict[tuple[Any, ...], Row] = {}
    ix = index(backend)
    if meeting is None:
        pairs = [(m, [b]) for b in iris for m in dict.fromkeys(ix.by_body.get(b, []))]
        docs: set[str] | None = None
    else:  # the mentions in the meeting's minutes, and those that name the meeting
        docs = set(_iris(ix.minutes.get(meeting, [])))
        found = [m for doc in sorted(docs) for m in ix.in_minutes.get(doc, [])]
        found += ix.by_body.get(meeting, [])
        pairs = [(m, None) for m in dict.fromkeys(found)]
    if within is not None:  # (by each target's source: its places are in that document)
        thing, in_docs = within
        keep = {*ix.by_body.get(thing, []),
                *(m for doc in in_docs for m in ix.in_minutes.get(doc, []))}
        pairs = [(m, bodies) for m, bodies in pairs if m in keep]
    for m, bodies in pairs:
        mention = ix.mention(m)
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
    ix = index(backend)
    for doc in docs:
        options = []
        for meeting in ix.meetings.get(doc, []):
            dates = ix.dates.get(meeting, [])
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


MeetingRow = tuple[str, ox.Literal | None]  # a meeting, and one of its dates (or none)


def meetings_mentioning(backend: LocalBackend, iri: str, derived_from: Iterable[str]
                        ) -> list[MeetingRow] | None:
    """The rows of ``sections_more.mentioned_in_meetings``'s query: each meeting whose
    minutes mention ``iri`` or are among ``derived_from`` (its ``prov:wasDerivedFrom``), with
    each of its dates, distinct, ordered as ``ORDER BY ?date ?m`` (no date first); None when a
    date is not a plain ``xsd:date``, whose order is then the query's to decide."""
    ix = index(backend)
    docs = dict.fromkeys(doc for m in ix.by_body.get(iri, []) for doc in ix.mention(m).sources)
    docs.update(dict.fromkeys(derived_from))
    rows = {(meeting, date) for doc in docs for meeting in ix.meetings.get(doc, [])
            for date in _or_none(ix.dates.get(meeting, []))}
    if not all(date is None or plain_date(date) for _meeting, date in rows):
        return None
    return sorted(rows, key=lambda r: (r[1] is not None, r[1].value if r[1] else "", r[0]))

