"""The look-ups of web/data/generated.py give the rows the entity pages' queries give (a
meeting's decisions and actions, a person's meetings and affiliations, an organisation's
people, meetings and projects), in the same order, on both kinds of store; each is compared
with the very query text the page asks when it cannot look up."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from libgraph.store import NT_FILE, STORE_DIR
from libgraph.web.backend import LocalBackend
from libgraph.web.data import generated
from libgraph.web.data.generated import (
    ACTIONS,
    AFFILIATIONS,
    DECISIONS,
    ORG_MEETINGS,
    ORG_PEOPLE,
    ORG_PROJECTS,
    PERSON_MEETINGS,
    Question,
)
from libgraph.web.rdfterms import sparql_iri

MEETING = "https://w3id.org/libgraph/ontology#Meeting"
PERSON = "http://xmlns.com/foaf/0.1/Person"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _asked(backend: LocalBackend, question: Question, iri: str) -> list[dict[str, ox.Term]]:
    """The rows of the question's query itself."""
    return backend.select(question.query.format(node=sparql_iri(iri)))


@pytest.fixture(scope="module", params=["memory", "disk"])
def backend(request: pytest.FixtureRequest, demo_build: tuple[Path, object]) -> LocalBackend:
    build = demo_build[0]
    if request.param == "memory":
        store = ox.Store()
        store.bulk_load(path=str(build / NT_FILE), format=ox.RdfFormat.N_TRIPLES)
        return LocalBackend(store)
    return LocalBackend(ox.Store.read_only(str(build / STORE_DIR)))


def test_each_meeting_gets_the_rows_its_queries_give(backend: LocalBackend) -> None:
    meetings = backend.subjects(TYPE, MEETING)
    assert len(meetings) >= 5
    decisions = actions = several_topics = 0
    for meeting in meetings:
        rows = generated.decision_rows(backend, meeting)
        assert rows == _asked(backend, DECISIONS, meeting), meeting
        assert generated.action_rows(backend, meeting) == _asked(backend, ACTIONS, meeting), \
            meeting
        decisions += len(rows or [])
        actions += len(generated.action_rows(backend, meeting) or [])
        several_topics += sum(" " in r["topics"].value for r in rows or [] if "topics" in r)
    assert decisions > 10 and actions > 0
    assert several_topics > 0  # the order of the joined topics was put to the test


def test_rows_the_queries_leave_tied_go_to_the_query() -> None:
    store = ox.Store()
    meeting = ox.NamedNode("https://example.org/meeting")
    for kind, name in (("Decision", "d"), ("ActionItem", "a")):
        node = ox.NamedNode(f"https://example.org/{name}")
        store.add(ox.Quad(node, ox.NamedNode(generated.GENERATED_BY), meeting))
        store.add(ox.Quad(node, ox.NamedNode(TYPE),
                          ox.NamedNode(f"https://w3id.org/libgraph/ontology#{kind}")))
        store.add(ox.Quad(node, ox.NamedNode(generated.DESCRIPTION), ox.Literal("one")))
    backend = LocalBackend(store)
    assert generated.decision_rows(backend, meeting.value) is not None
    assert generated.action_rows(backend, meeting.value) is not None
    for name in ("d", "a"):
        store.add(ox.Quad(ox.NamedNode(f"https://example.org/{name}"),
                          ox.NamedNode(generated.DESCRIPTION), ox.Literal("two")))
    assert generated.decision_rows(backend, meeting.value) is None
    assert generated.action_rows(backend, meeting.value) is None


def test_each_person_gets_the_rows_its_queries_give(backend: LocalBackend) -> None:
    people = backend.subjects(TYPE, PERSON)
    assert len(people) >= 20
    meetings = affiliations = tied = 0
    for person in people:
        rows = generated.person_meeting_rows(backend, person)
        expected = _asked(backend, PERSON_MEETINGS, person)
        if rows is None:  # tied rows: the query decides; check it was a tie
            tied += 1
            keys = [(r["m"].value, r.get("date")) for r in expected]
            assert len(set(keys)) < len(keys), person
        else:
            assert rows == expected, person
            meetings += len(rows)
        found = generated.affiliation_rows(backend, person)
        assert found == _asked(backend, AFFILIATIONS, person), person
        affiliations += len(found)
    assert meetings > 20 and affiliations > 5
    assert tied < len(people) // 4  # most people come from the look-ups


@pytest.mark.parametrize("kind", ["memory", "disk"])
def test_several_affiliations_come_in_the_order_the_query_gives(tmp_path: Path,
                                                               kind: str) -> None:
    store = ox.Store() if kind == "memory" else ox.Store(str(tmp_path / "store"))
    person = ox.NamedNode("https://example.org/id/person/p")
    for n in (7, 3, 9, 1, 5):
        membership = ox.NamedNode(f"https://example.org/id/membership/{n}")
        store.add(ox.Quad(membership, ox.NamedNode(generated.MEMBER), person))
        store.add(ox.Quad(membership, ox.NamedNode(generated.ORGANIZATION),
                          ox.NamedNode(f"https://example.org/id/org/{10 - n}")))
        if n % 2:
            store.add(ox.Quad(membership, ox.NamedNode(generated.ROLE_LABEL),
                              ox.Literal(f"role {n}", language="sv")))
    backend = LocalBackend(store)
    rows = generated.affiliation_rows(backend, person.value)
    assert len(rows) == 5
    assert rows == _asked(backend, AFFILIATIONS, person.value)


ORGANIZATION = "http://www.w3.org/ns/org#Organization"


def _key(row: dict[str, ox.Term]) -> str:
    return row["p"].value


def test_each_organisation_gets_the_rows_its_queries_give(backend: LocalBackend) -> None:
    orgs = backend.subjects(TYPE, ORGANIZATION)
    assert len(orgs) >= 20
    people = meetings = projects = 0
    for org in orgs:
        rows = generated.org_people_rows(backend, org)
        expected = _asked(backend, ORG_PEOPLE, org)
        assert rows is not None, org
        assert sorted(rows, key=_key) == sorted(expected, key=_key), org  # the page sorts them
        people += len(rows)
        found = generated.org_meeting_rows(backend, org)
        if found is not None:
            assert found == _asked(backend, ORG_MEETINGS, org), org
            meetings += len(found)
        listed = generated.org_project_rows(backend, org)
        assert listed == _asked(backend, ORG_PROJECTS, org), org
        projects += len(listed)
    assert people > 20 and meetings > 5 and projects > 0


def test_a_question_is_asked_only_where_the_look_up_cannot_promise_its_rows() -> None:
    store = ox.Store()
    thing = ox.NamedNode("https://example.org/thing")
    store.add(ox.Quad(thing, ox.NamedNode(TYPE), ox.NamedNode(MEETING)))
    backend = LocalBackend(store)
    query = "SELECT ?t WHERE {{ {node} a ?t }}"
    looked_up = [{"t": ox.NamedNode("https://example.org/looked-up")}]
    assert generated.ask(backend, thing.value, Question(query, lambda _b, _i: looked_up)) \
        == looked_up
    assert generated.ask(backend, thing.value, Question(query, lambda _b, _i: None)) \
        == [{"t": ox.NamedNode(MEETING)}]


def test_only_plain_dates_are_sorted_by_the_look_ups() -> None:
    """The look-ups sort dates by their text, which is their order only for YYYY-MM-DD
    with no time zone; anything else goes to the query (rdfterms.plain_date)."""
    from libgraph.web.rdfterms import plain_date

    date = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    assert plain_date(ox.Literal("2020-01-31", datatype=date))
    for value in ("2020-01-31+02:00", "2020-01-31Z", "20200-1-31", "2020-1-031"):
        assert not plain_date(ox.Literal(value, datatype=date)), value
    assert not plain_date(ox.Literal("2020-01-31"))  # a string, not a date
    assert not plain_date(ox.NamedNode("https://example.org/2020-01-31"))
