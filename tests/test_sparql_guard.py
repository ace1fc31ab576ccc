"""The pieces behind a public /sparql, one at a time (the whole is in test_sparql_hostile.py):
the canonical text, the parse check, admission, rate-limited one-line logs, CSV cells, links
that drop unknown parameters and paths that are no IRI."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest
from flask import Flask

from libgraph.web.render import csv_safe
from libgraph.web.security import OneLine, RateLimit
from libgraph.web.sparql.guard import MAX_NESTING, Refused, canonical, check_query, prepare
from libgraph.web.sparql.pool import Admission, PoolBusy
from libgraph.web.sparql.results import to_csv


def deep(check: object, *args: object) -> object:
    """Run ``check`` as the worker does: a thread with a deep stack."""
    box: list[object] = []
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 100_000))
    threading.stack_size(256 << 20)
    try:
        thread = threading.Thread(target=lambda: box.append(_outcome(check, *args)))
        thread.start()
        thread.join()
    finally:
        threading.stack_size(0)
    return box[0]


def _outcome(check: object, *args: object) -> object:
    try:
        return check(*args)  # type: ignore[operator]
    except Refused as err:
        return err


def test_canonical_text_has_one_line_end_and_no_escapes_left() -> None:
    assert canonical("SELECT * # c\r{ }\r\n") == "SELECT * # c\n{ }\n"
    assert canonical("\\u0053ERVICE") == "SERVICE"
    for bad in ("\\u005Cu0053ERVICE", "ASK {}\x00", "\\U00110000"):
        with pytest.raises(Refused) as err:
            canonical(bad)
        assert err.value.status == 400


@pytest.mark.parametrize(("text", "status"), [
    ("", 400), ("x" * 200_001, 413), ("SELECT * " + "{" * (MAX_NESTING + 1), 400),
    ("SELECT * { SERVICESILENT <http://a/> {} }", 400),
    ("SELECT * { ?s ?p ?o } " + "OPTIONAL { ?s ?p ?o } " * 500, 400),
])
def test_the_web_process_refuses_cheaply(text: str, status: int) -> None:
    with pytest.raises(Refused) as err:
        prepare(text, 100_000)
    assert err.value.status == status and str(err.value)


@pytest.mark.parametrize(("text", "status"), [
    ("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 403),
    ("SELECT * { ?s ?p ?o # c\rSERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 403),
    ("PREFIX c: <http://127.0.0.1:9/> ASK { ?s ?p c: .SERVICE c: { ?s ?p ?o } }", 403),
    ("SELECT * { ?s ?p ?o FILTER EXISTS { { SERVICE ?x { ?s ?p ?o } } } }", 403),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403),
    ("LOAD <http://127.0.0.1:9/>", 403),
    ("SELECT * WHERE { ?s ?p }", 400),
    ("SELECT * { ?s ?p ?o FILTER(" + "+".join(["1"] * 300) + " > 0) }", 400),
])
def test_the_parse_decides(text: str, status: int) -> None:
    refused = deep(check_query, text, 100_000)
    assert isinstance(refused, Refused) and refused.status == status, refused


@pytest.mark.parametrize(("text", "form"), [
    ("SELECT ?service WHERE { ?service ?p 'SERVICE' } # SERVICE", "SELECT"),
    ("ASK { <http://example.org/SERVICE> ?p ?o }", "ASK"),
    ("CONSTRUCT WHERE { ?s lg:x ?o }", "CONSTRUCT"),
    ("DESCRIBE <urn:x>", "DESCRIBE"),
])
def test_mentions_pass_with_their_form(text: str, form: str) -> None:
    checked = deep(check_query, text, 100_000)
    assert getattr(checked, "form", None) == form, checked


def test_admission_per_client_and_in_all() -> None:
    gate = Admission(slots=2, per_client=1)
    with gate.admit("a"):
        with pytest.raises(PoolBusy), gate.admit("a"):
            pass
        with gate.admit("b"), pytest.raises(PoolBusy, match="full"), gate.admit("c"):
            pass
    with gate.admit("a"), gate.admit("c"):  # places are given back
        pass


def test_logs_are_one_line_each_and_rate_limited() -> None:
    limit = RateLimit(burst=3, window=60.0)
    records = [logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, None)
               for _ in range(10)]
    assert sum(limit.filter(r) for r in records) == 3
    try:
        raise ValueError("bad\ninput")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None,
                                   sys.exc_info())
    line = OneLine("%(message)s").format(record)
    assert "\n" not in line and "ValueError" in line


@pytest.mark.parametrize(("cell", "safe"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("@SUM(A1)", "'@SUM(A1)"),
    ("+46 70 123", "'+46 70 123"), ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("\tx", "'\tx"), ("-5", "-5"), ("+1.5e3", "+1.5e3"), ("plain", "plain"), ("", ""), (3, 3),
])
def test_csv_cells_are_neutralised(cell: object, safe: object) -> None:
    assert csv_safe(cell) == safe


def test_sparql_csv_neutralises_formulas() -> None:
    text = to_csv(["v"], [[{"type": "literal", "value": "=1+1"}], [{"type": "literal",
                                                                 "value": "-7"}]])
    assert text.splitlines()[1:] == ["'=1+1", "-7"]


@pytest.fixture(scope="module")
def pages(demo_build: tuple[Path, object]) -> Flask:
    from libgraph.web import create_app

    app = create_app(None, {"BUILD_DIR": str(demo_build[0])})
    app.testing = False
    return app


@pytest.mark.parametrize("path", ["/people?zzq=evil", "/?zzq=evil&lang=en",
                                  "/organisations?zzq=evil&country=se"])
def test_unknown_parameters_are_not_echoed_into_links(pages: Flask, path: str) -> None:
    body = pages.test_client().get(path, headers={"Accept": "text/html"}).get_data(True)
    assert "zzq" not in body and "evil" not in body


@pytest.mark.parametrize("path", ["/id/person/%ff", "/id/%00", "/vocab/%ff%fe", "/id/a%20b"])
def test_paths_that_are_no_iri_are_404(pages: Flask, path: str) -> None:
    assert pages.test_client().get(path).status_code == 404
