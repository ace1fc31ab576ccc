"""Properties that must hold for any input, checked with hypothesis.

* the extractor never raises, whatever the text;
* every evidence span lies inside the text and its quote is exactly the text at its offsets,
  in the record and in the RDF (``oa:exact`` of the mention equals ``text[start:end]``);
* the graph, and so every IRI, does not depend on the order in which files are given.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal

from libgraph.build import build
from libgraph.extract import extract
from libgraph.ns import OA
from libgraph.rdf.mapping import GraphBuilder
from libgraph.record import Span
from libgraph.store import NT_FILE

from conftest import DEMO
from helpers import doc

# Words and marks that make the recognisers fire, mixed with arbitrary text.
FRAGMENTS = [
    "Närvarande:", "Til stede:", "Deltagere:", "Afbud:", "Meldt forfall:", "Anmält förhinder:",
    "§ 3", "Sak 12/22", "Punkt 4", "Mötet beslutade att", "Vedtak:", "Det blev besluttet at",
    "Kulturrådet har beviljat 500 000 kronor till projektet", "Nästa möte", "2019-03-04",
    "12. mai 2021", "Anna Berg", "Lars Ek, Växjö", "Kari Nordmann (Tromsø)", "BiBK", "KB:s",
    "Regionbibliotek Kalmar län", "Karlskrona", " och ", " og ", ", ", "\n", "\n\n", ". ",
    "Ansvarig: Per Holm", "\u200b", "\u202e", "–", "•", "é", "Ø", "ß", "\t", "  ",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
                 max_size=40).map("".join)
languages = st.sampled_from(["sv", "nb", "nn", "da"])


def _spans(value: object) -> list[Span]:
    """Every Span anywhere in an extraction record."""
    if isinstance(value, Span):
        return [value]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in _spans(getattr(value, f.name))]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _spans(item)]
    return []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, language=languages)
def test_the_extractor_never_raises(text: str, language: str) -> None:
    extract(doc(text, language))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, language=languages)
def test_every_span_quotes_the_text_at_its_offsets(text: str, language: str) -> None:
    document = doc(text, language)
    record = extract(document)
    for span in _spans(record):
        assert 0 <= span.start < span.end <= len(text), span
        assert span.quote(text) == text[span.start: span.end]
    if not record.meetings:
        return
    graph = GraphBuilder(Graph()).add(document, record)
    for target in graph.subjects(OA.hasSource, None):
        selectors = list(graph.objects(target, OA.hasSelector))
        start = next(int(o) for s in selectors for o in graph.objects(s, OA.start))
        end = next(int(o) for s in selectors for o in graph.objects(s, OA.end))
        exact = next(o for s in selectors for o in graph.objects(s, OA.exact))
        assert isinstance(exact, Literal) and str(exact) == text[start:end]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("order") / "sorted"
    build(sorted(DEMO.glob("*.txt")), out, jobs=1)
    return (out / NT_FILE).read_bytes()


@settings(max_examples=3, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@pytest.mark.slow
@given(order=st.permutations(sorted(DEMO.glob("*.txt"))))
def test_the_graph_does_not_depend_on_the_order_of_files(order: list[Path], reference: bytes,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "permuted"
    shutil.rmtree(out, ignore_errors=True)
    build(list(order), out, jobs=1)
    assert (out / NT_FILE).read_bytes() == reference
