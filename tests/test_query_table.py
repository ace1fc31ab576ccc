"""``libgraph query`` tables: an IRI is shown as a CURIE or whole, never cut; long text is."""

from __future__ import annotations

from libgraph.labels import shorten
from libgraph.ns import curie
from libgraph.query import format_table
from libgraph.store import IRI, Rows

LONG_IRI = "https://w3id.org/libgraph/id/meeting/2015-06-02-directors-meeting-no-" + "x" * 80
FOREIGN = "http://example.org/a/very/long/path/" + "y" * 90


def test_iris_are_never_cut_and_long_text_is() -> None:
    rows = Rows(["meeting", "other", "note"], [(IRI(LONG_IRI), IRI(FOREIGN), "word " * 40)])
    table = format_table(rows, max_width=60)
    assert "id:meeting/2015-06-02-directors-meeting-no-" + "x" * 80 in table
    assert f"<{FOREIGN}>" in table
    assert ("word " * 12).strip()[:50] in table and "…" in table


def test_one_curie_function() -> None:
    assert curie("http://schema.org/attendee") == "schema:attendee"
    assert curie("https://w3id.org/libgraph/vocab/topic/x", slash=True) == "lgv:topic/x"
    assert curie("https://w3id.org/libgraph/id/person/se-a", slash=True) == "id:person/se-a"
    assert curie("https://w3id.org/libgraph/id/person/se-a") is None  # "/" is no local name
    assert curie("https://w3id.org/libgraph/ontology#Meeting", exclude=("lg",)) is None
    assert curie("http://example.org/x") is None


def test_shorten_flattens_and_cuts() -> None:
    assert shorten("a\n  b\tc", 10) == "a b c"
    assert shorten("abcdefghij", 5) == "abcd…" and len(shorten("x" * 100, 20)) == 20
