"""docs/ontology.html: every own term and every concept scheme of ontology/ is documented."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from libgraph.ns import LG

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "ontology.html"
SCRIPT = ROOT / "scripts" / "build_ontology_docs.py"


def _ontology() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _own_terms(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(LG)}


def _schemes(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, SKOS.ConceptScheme)}


def _concepts(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, SKOS.Concept)}


def _check(html: str, graph: Graph) -> None:
    terms, schemes, concepts = _own_terms(graph), _schemes(graph), _concepts(graph)
    assert len(terms) >= 17 and len(schemes) == 4 and len(concepts) > 40
    missing = sorted(iri for iri in terms | schemes | concepts if iri not in html)
    assert missing == [], f"not in the page (rerun {SCRIPT.name}): {missing[:10]}"
    for scheme in schemes:
        label = graph.value(URIRef(scheme), SKOS.prefLabel)
        assert label is not None
        english = [str(x) for x in graph.objects(URIRef(scheme), SKOS.prefLabel)
                   if x.language == "en"]
        assert english and english[0] in html


def test_committed_page_documents_every_term_and_scheme() -> None:
    assert PAGE.is_file(), f"run python3 scripts/{SCRIPT.name}"
    _check(PAGE.read_text(encoding="utf-8"), _ontology())


def test_script_builds_the_page(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_ontology_docs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "ontology.html"
    assert module.main(["--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    _check(html, _ontology())
    assert html.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("section", ["vocabularies", "own-term-labels", "vocab-topic"])
def test_page_has_its_sections(section: str) -> None:
    assert f'id="{section}"' in PAGE.read_text(encoding="utf-8")
