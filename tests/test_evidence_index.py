"""The index of the mentions (``evidence_local.MentionIndex``) answers as the store does.

The explorer reads a build's mentions once, by one scan per property, and from then on
answers the evidence questions from dictionaries. Its lists must be in the store's own
order for each look-up (which mention comes first decides the quote a row shows), for the
on-disk store (sorted keys) and the in-memory one (newest first) alike. Each answer is
compared here with the store's look-ups, node by node, over the demo build.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from libgraph.build import BuildReport
from libgraph.store import NT_FILE, STORE_DIR
from libgraph.web import create_app
from libgraph.web.backend import DEFAULT_GRAPH, LocalBackend
from libgraph.web.data import evidence_local as local
from libgraph.web.data.evidence_local import (
    END,
    EVIDENCE_OF,
    EXACT,
    HAS_BODY,
    HAS_SELECTOR,
    HAS_SOURCE,
    HAS_TARGET,
    MINUTES,
    RULE,
    START,
    START_DATE,
    Mention,
    MentionIndex,
    Place,
)
from libgraph.web.data.sections_more import MENTIONED_IN
from libgraph.web.rdfterms import sparql_iri
from libgraph.web.warmup import PAGES, warm_up


@pytest.fixture(scope="module", params=["memory", "disk"])
def store(request: pytest.FixtureRequest, demo_build: tuple[Path, BuildReport]
          ) -> Iterator[ox.Store]:
    build = demo_build[0]
    if request.param == "memory":
        memory = ox.Store()
        memory.bulk_load(path=str(build / NT_FILE), format=ox.RdfFormat.N_TRIPLES)
        yield memory
    else:
        yield ox.Store.read_only(str(build / STORE_DIR))


def _iris(terms: list[ox.Term]) -> list[str]:
    return [t.value for t in terms if isinstance(t, ox.NamedNode)]


def _from_store(backend: LocalBackend, iri: str) -> Mention:
    """A mention as the explorer read it before the index: look-up by look-up."""
    places = []
    for target in _iris(backend.objects(iri, HAS_TARGET)):
        selectors = _iris(backend.objects(target, HAS_SELECTOR))
        for doc in _iris(backend.objects(target, HAS_SOURCE)):
            places += [Place(doc, start, end, exact)
                       for ps in selectors for start in backend.objects(ps, START)
                       for end in backend.objects(ps, END)
                       for qs in selectors for exact in backend.objects(qs, EXACT)]
    sources = tuple(doc for target in _iris(backend.objects(iri, HAS_TARGET))
                    for doc in _iris(backend.objects(target, HAS_SOURCE)))
    return Mention(iri, _iris(backend.objects(iri, HAS_BODY)), backend.objects(iri, RULE),
                   backend.objects(iri, EVIDENCE_OF), places, sources)


def _nodes(store: ox.Store, prop: str, side: str) -> set[str]:
    return {getattr(q, side).value
            for q in store.quads_for_pattern(None, ox.NamedNode(prop), None, DEFAULT_GRAPH)
            if isinstance(getattr(q, side), ox.NamedNode)}


def test_every_mention_reads_as_from_the_store(store: ox.Store) -> None:
    backend, index = LocalBackend(store), MentionIndex(store)
    mentions = _nodes(store, HAS_BODY, "subject") | _nodes(store, HAS_TARGET, "subject")
    assert len(mentions) > 100
    assert sum(len(index.mention(m).places) for m in mentions) >= len(mentions)
    differ = [m for m in mentions if index.mention(m) != _from_store(backend, m)]
    assert not differ, differ[:3]
    assert index.mention("https://example.org/not-a-mention").places == []


def test_each_way_to_a_mention_keeps_the_store_order(store: ox.Store) -> None:
    backend, index = LocalBackend(store), MentionIndex(store)
    bodies = _nodes(store, HAS_BODY, "object")
    assert any(len(backend.subjects(HAS_BODY, b)) > 1 for b in bodies)  # order matters here
    for body in bodies:
        assert index.by_body.get(body, []) == backend.subjects(HAS_BODY, body), body
    docs = _nodes(store, HAS_SOURCE, "object")
    assert docs
    for doc in docs:
        expected = [m for t in backend.subjects(HAS_SOURCE, doc)
                    for m in backend.subjects(HAS_TARGET, t)]
        assert index.in_minutes.get(doc, []) == expected, doc
        assert index.meetings.get(doc, []) == backend.subjects(MINUTES, doc), doc
    meetings = _nodes(store, MINUTES, "subject")
    assert meetings
    for meeting in meetings:
        assert index.minutes.get(meeting, []) == backend.objects(meeting, MINUTES)
        assert index.dates.get(meeting, []) == backend.objects(meeting, START_DATE)


def test_the_warm_up_builds_the_index_before_any_page(demo_build: tuple[Path, BuildReport],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(None, {"BUILD_DIR": str(demo_build[0]), "RESPONSE_CACHE_BYTES": 0})
    backend = app.extensions["libgraph"].backend
    assert isinstance(backend, LocalBackend)
    warm_up(app, tuple(p for p in PAGES if not p.startswith("/compare")), background=False)
    built = backend.kept(local.INDEX_KEY, lambda _store: None)
    assert isinstance(built, MentionIndex)

    def refuse(*_args: object) -> None:
        raise AssertionError("the mentions were read again after the warm-up")

    monkeypatch.setattr(local, "MentionIndex", refuse)
    client = app.test_client()
    quotes = 0
    for row in client.get("/meetings.json").get_json()["rows"]:
        page = client.get(row["item"]["href"], headers={"Accept": "text/html"})
        assert page.status_code == 200
        quotes += page.data.count(b'<q class="quote">')  # the rows' evidence, from the index
    assert quotes > 10


def test_a_row_gets_the_same_evidence_from_the_mentions_within_a_thing(
        demo_build: tuple[Path, BuildReport]) -> None:
    """``need(..., within=t)`` fetches only the mentions that name ``t`` or are in its
    documents; every question a row about ``t`` asks must still get what all the mentions
    give (``alone``: any mention, fetched then when none of those is there)."""
    from libgraph.web.data.evidence import Witnesses

    store = ox.Store()
    store.bulk_load(path=str(demo_build[0] / NT_FILE), format=ox.RdfFormat.N_TRIPLES)
    backend = LocalBackend(store)
    bodies = sorted(_nodes(store, HAS_BODY, "object"))
    hubs = [b for b in bodies if len(backend.subjects(HAS_BODY, b)) > 3][::3]
    assert len(hubs) > 5
    asked = answered = lazily = fewer = 0
    for hub in hubs:
        for alone in (False, True):
            scoped = Witnesses(backend, "https://w3id.org/libgraph/", None)
            scoped.need(bodies, within=hub)
            full = Witnesses(backend, "https://w3id.org/libgraph/", None).need(bodies)
            fewer += sum(map(len, scoped.mentions.values())) < \
                sum(map(len, full.mentions.values()))
            for thing in bodies:
                if thing == hub:
                    continue
                partial = scoped._partial(thing) is not None
                expected = full.about(thing, also=hub, alone=alone)
                assert scoped.about(thing, also=hub, alone=alone) == expected, (hub, thing)
                asked += 1
                answered += expected is not None
                lazily += partial and scoped._partial(thing) is None
    assert answered > 50 and lazily > 0  # rows with evidence, and some fetched in full later
    assert fewer == 2 * len(hubs)  # each scoped fetch left mentions out
    assert asked > answered


DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"


def test_the_meetings_that_mention_a_thing_are_those_the_query_finds(store: ox.Store) -> None:
    """Every thing with mentions or sources: the index's meetings and dates, in order,
    are the rows of the query the project page asked before."""
    backend = LocalBackend(store)
    things = _nodes(store, HAS_BODY, "object") | _nodes(store, DERIVED_FROM, "subject")
    assert len(things) > 100
    found = 0
    for iri in sorted(things):
        derived = _iris(backend.objects(iri, DERIVED_FROM))
        rows = local.meetings_mentioning(backend, iri, derived)
        expected = [(r["m"].value, r.get("date")) for r in
                    backend.select(MENTIONED_IN.format(node=sparql_iri(iri)))]
        assert rows is not None, iri
        assert [(m, d) for m, d in rows] == expected, iri
        found += len(rows)
    assert found > 100


def test_a_date_whose_order_sparql_decides_goes_to_the_query() -> None:
    store = ox.Store()
    doc, meeting = ox.NamedNode("https://example.org/doc"), ox.NamedNode("https://example.org/m")
    thing = ox.NamedNode("https://example.org/thing")
    store.add(ox.Quad(meeting, ox.NamedNode(MINUTES), doc))
    store.add(ox.Quad(thing, ox.NamedNode(DERIVED_FROM), doc))
    backend = LocalBackend(store)
    assert local.meetings_mentioning(backend, thing.value, [doc.value]) == [(meeting.value, None)]
    store.add(ox.Quad(meeting, ox.NamedNode(START_DATE), ox.Literal("2020-01-01+02:00",
                      datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))))
    fresh = LocalBackend(store)  # (a served build never changes: the index is built once)
    assert local.meetings_mentioning(fresh, thing.value, [doc.value]) is None


def test_meetings_on_the_same_day_come_in_the_order_of_their_iris() -> None:
    store = ox.Store()
    thing = ox.NamedNode("https://example.org/thing")
    day = ox.Literal("2020-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    names = ["https://example.org/m" + c for c in "zyxwvutsrq"]
    for name in names:
        doc = ox.NamedNode(name + "/doc")
        store.add(ox.Quad(ox.NamedNode(name), ox.NamedNode(MINUTES), doc))
        store.add(ox.Quad(ox.NamedNode(name), ox.NamedNode(START_DATE), day))
        store.add(ox.Quad(thing, ox.NamedNode(DERIVED_FROM), doc))
    backend = LocalBackend(store)
    derived = _iris(backend.objects(thing.value, DERIVED_FROM))
    rows = local.meetings_mentioning(backend, thing.value, derived)
    expected = [(r["m"].value, r.get("date")) for r in
                backend.select(MENTIONED_IN.format(node=sparql_iri(thing.value)))]
    assert rows == expected == [(name, day) for name in sorted(names)]
