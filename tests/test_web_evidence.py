"""The evidence beside every fact: each row of an entity page carries the words of the minutes
it came from, the date of those minutes and a link that opens them highlighted there."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from libgraph.store import open_store

EVIDENCE = "In the minutes"


@pytest.fixture(scope="module")
def client(explorer: Flask) -> FlaskClient:
    return explorer.test_client()


def section(page: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in page["sections"] if s["id"] == sid)


def quotes(sec: dict[str, Any]) -> list[dict[str, Any] | None]:
    column = sec["columns"].index(EVIDENCE)
    return [(row[column] or {}).get("quotes", [None])[0] for row in sec["rows"]]


def minutes_text(client: FlaskClient, href: str) -> str:
    path = urlsplit(href).path
    text = section(client.get(path + ".json").get_json(), "text")
    return "".join(seg["text"] for seg in text["segments"])


def check_ref(client: FlaskClient, ref: dict[str, Any], texts: dict[str, str]) -> None:
    """The link opens the minutes highlighted at the quote's offsets; the words are there."""
    target = urlsplit(ref["href"])
    assert parse_qs(target.query)["hl"] == [f"{ref['start']}-{ref['end']}"]
    assert target.fragment == f"m-{ref['start']}-{ref['end']}"
    text = texts.setdefault(target.path, minutes_text(client, ref["href"]))
    assert " ".join(text[ref["start"]:ref["end"]].split())[:150] == ref["quote"][:150]
    shown = " ".join((ref["before"].lstrip("…") + ref["quote"] + ref["after"].rstrip("…")).split())
    assert shown in " ".join(text.split())


def test_every_attendee_row_carries_its_words_and_date(client: FlaskClient) -> None:
    meetings = client.get("/meetings.json").get_json()["rows"]
    texts: dict[str, str] = {}
    checked = 0
    for row in meetings:
        page = client.get(row["item"]["href"] + ".json").get_json()
        date = next(i for i in section(page, "facts")["items"] if i["label"] == "Date")
        attendees = [s for s in page["sections"] if s["id"] == "attendees"]
        for ref in quotes(attendees[0]) if attendees else []:
            assert ref is not None  # a quote beside every attendee
            assert ref["date"] == date["values"][0]["label"] and ref["meeting"] == page["iri"]
            check_ref(client, ref, texts)
            checked += 1
    assert checked > 30


def test_a_persons_meetings_and_affiliations_carry_evidence(client: FlaskClient,
                                                           demo_build: tuple[Path, object]
                                                           ) -> None:
    row = next(iter(open_store(demo_build[0]).query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?m <http://schema.org/attendee> ?p . "
        "?ms <http://www.w3.org/ns/org#member> ?p } GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 1")))
    page = client.get(urlsplit(row["p"].value).path.removeprefix("/libgraph") + ".json")
    data = page.get_json()
    texts: dict[str, str] = {}
    meetings = section(data, "meetings")
    for cells, ref in zip(meetings["rows"], quotes(meetings), strict=True):
        assert ref is not None and ref["meeting"] == cells[1]["iri"]
        assert ref["date"] == cells[0]["text"]
        check_ref(client, ref, texts)
    affiliations = quotes(section(data, "affiliations"))
    assert affiliations and all(affiliations)
    for ref in affiliations:
        check_ref(client, ref, texts)


def test_the_quote_is_escaped_and_linked_in_html(client: FlaskClient) -> None:
    meeting = next(r["item"]["href"] for r in client.get("/meetings.json").get_json()["rows"]
                   if any(s["id"] == "attendees" for s in
                          client.get(r["item"]["href"] + ".json").get_json()["sections"]))
    html = client.get(meeting, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert '<q class="quote">' in html and 'small class="date"' in html
    assert "?hl=" in html.split('<q class="quote">', 1)[1].split("</q>", 1)[0]
