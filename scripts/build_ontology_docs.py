#!/usr/bin/env python3
"""Write docs/ontology.html: the libgraph ontology and its controlled vocabularies, one page.

    python3 scripts/build_ontology_docs.py [--out docs/ontology.html]

The OWL terms of ``ontology/libgraph.ttl`` are rendered by pyLODE (OntPub), from an English
view of the file: pyLODE runs the labels of all languages together ("MeetingMöteMøteMøde").
The four SKOS vocabularies are rendered here, because pyLODE's VocPub shows one prefLabel and
one altLabel per concept, picked arbitrarily, while these vocabularies are about their labels
in four languages (the extractor matches the altLabels in text). A table of the own terms'
labels in every language follows. Without pyLODE the OWL terms get the same plain tables, so
the page can always be rebuilt. The output is deterministic; commit it.

pyLODE 3.4.1 reads its version from a ``pyproject.toml`` that its wheel does not install, so
``import pylode`` fails; a stand-in ``pylode.version`` module is registered before the import.
"""

from __future__ import annotations

import argparse
import html
import logging
import sys
import types
from collections import defaultdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
OUT = ROOT / "docs" / "ontology.html"
VOCABULARIES = ("orgtypes.ttl", "meetingtypes.ttl", "roles.ttl", "topics.ttl")
LANGUAGES = ("en", "sv", "nb", "nn", "da")
HEADLINE = (RDFS.label, RDFS.comment, DCTERMS.title, DCTERMS.description, SKOS.definition,
            SKOS.prefLabel)
LG = "https://w3id.org/libgraph/ontology#"
STYLE = """
  table.lgv { table-layout: auto; width: 100%; border-collapse: collapse; margin: 0.5em 0 2em 0;
              font-size: small; }
  table.lgv code { font-size: small; }
  table.lgv th, table.lgv td { border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; }
  table.lgv th { background: #eee; text-align: left; }
  table.lgv td.words { width: 35%; font-size: smaller; overflow-wrap: anywhere; }
"""


def english_view(graph: Graph) -> Graph:
    """A copy without the non-English headline literals (pyLODE would concatenate them)."""
    view = Graph(bind_namespaces="core")
    for prefix, ns in graph.namespaces():
        view.bind(prefix, ns)
    for s, p, o in graph:
        if isinstance(o, Literal) and p in HEADLINE and o.language not in (None, "en"):
            continue
        view.add((s, p, o))
    return view


def load_pylode() -> type | None:
    """pyLODE's OntPub, or None when pyLODE is not installed or does not run."""
    if "pylode.version" not in sys.modules:
        shim = types.ModuleType("pylode.version")
        shim.__version__ = "3.4.1"
        sys.modules["pylode.version"] = shim
    logging.disable(logging.INFO)
    try:
        from pylode import OntPub
    except Exception as err:  # any import failure means: use the plain renderer
        print(f"pyLODE unavailable ({err}); plain tables only", file=sys.stderr)
        return None
    return OntPub


# -- plain HTML pieces --------------------------------------------------------------------------


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def anchor(iri: str) -> str:
    """An HTML id for a term IRI: ``vocab-topic-web``, ``lg-Meeting``."""
    tail = iri.replace("https://w3id.org/libgraph/vocab/", "vocab/").replace(LG, "lg-")
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in tail)


def by_language(graph: Graph, s: URIRef, p: URIRef) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for o in graph.objects(s, p):
        if isinstance(o, Literal):
            found[o.language or ""].append(str(o))
    return {lang: sorted(values) for lang, values in found.items()}


def first(graph: Graph, s: URIRef, p: URIRef, lang: str = "en") -> str:
    values = by_language(graph, s, p)
    return (values.get(lang) or values.get("") or [""])[0]


def term_link(iri: URIRef) -> str:
    """The term's short name, linked to its full IRI."""
    short = str(iri).replace("https://w3id.org/libgraph/vocab/", "lgv:").replace(LG, "lg:")
    return f'<a href="{esc(iri)}"><code>{esc(short)}</code></a>'


def label_cells(graph: Graph, s: URIRef, p: URIRef) -> str:
    labels = by_language(graph, s, p)
    return "".join(f"<td>{esc(', '.join(labels.get(lang, [])))}</td>" for lang in LANGUAGES)


def words_cell(graph: Graph, s: URIRef) -> str:
    words = by_language(graph, s, SKOS.altLabel)
    parts = [f"<b>{esc(lang or '–')}</b>: {esc('; '.join(values))}"
             for lang, values in sorted(words.items())]
    return f'<td class="words">{"<br>".join(parts)}</td>'


def language_header(first_columns: list[str], last_columns: list[str]) -> str:
    cells = [*first_columns, *LANGUAGES, *last_columns]
    return "<tr>" + "".join(f"<th>{esc(c)}</th>" for c in cells) + "</tr>"


# -- sections -------------------------------------------------------------------------------------


def scheme_section(graph: Graph, scheme: URIRef) -> str:
    concepts = sorted(graph.subjects(SKOS.inScheme, scheme), key=str)
    rows = [
        f'<tr id="{anchor(str(c))}"><td>{term_link(c)}</td>'
        f"{label_cells(graph, c, SKOS.prefLabel)}"
        f"<td>{esc(first(graph, c, SKOS.definition))}</td>{words_cell(graph, c)}</tr>"
        for c in concepts
    ]
    return (
        f'<div class="section" id="{anchor(str(scheme))}">'
        f"<h2>{esc(first(graph, scheme, SKOS.prefLabel))} "
        f"(<code>{esc(scheme)}</code>)</h2>"
        f"<p>{esc(first(graph, scheme, SKOS.definition))}</p>"
        f"<p>A <code>skos:ConceptScheme</code> of {len(concepts)} concepts.</p>"
        '<table class="lgv">'
        + language_header(["concept"], ["definition", "words matched in text (skos:altLabel)"])
        + "".join(rows) + "</table></div>"
    )


def vocabulary_section(graphs: dict[str, Graph]) -> str:
    parts = ['<div class="section" id="vocabularies"><h1>Controlled vocabularies</h1>',
             "<p>SKOS concept schemes under <code>https://w3id.org/libgraph/vocab/</code>, "
             "labelled in English, Swedish, Norwegian (bokmål, nynorsk) and Danish. "
             "Source files: <code>ontology/orgtypes.ttl</code>, <code>meetingtypes.ttl</code>, "
             "<code>roles.ttl</code>, <code>topics.ttl</code>.</p>"]
    for graph in graphs.values():
        for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=str):
            parts.append(scheme_section(graph, scheme))
    parts.append("</div>")
    return "".join(parts)


def own_terms(graph: Graph) -> list[URIRef]:
    return sorted({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(LG)},
                  key=str)


def term_kind(graph: Graph, term: URIRef) -> str:
    kinds = {OWL.Class: "class", OWL.ObjectProperty: "object property",
             OWL.DatatypeProperty: "datatype property"}
    return ", ".join(sorted(kinds[t] for t in graph.objects(term, RDF.type) if t in kinds))


def labels_section(graph: Graph) -> str:
    rows = [
        f'<tr id="{anchor(str(t))}-labels"><td>{term_link(t)}</td>'
        f"<td>{esc(term_kind(graph, t))}</td>{label_cells(graph, t, RDFS.label)}"
        f"<td>{esc(first(graph, t, RDFS.comment))}</td></tr>"
        for t in own_terms(graph)
    ]
    return ('<div class="section" id="own-term-labels"><h1>Own terms in every language</h1>'
            "<p>The <code>lg:</code> terms with their labels as written in "
            "<code>ontology/libgraph.ttl</code>.</p>"
            '<table class="lgv">' + language_header(["term", "kind"], ["comment (en)"])
            + "".join(rows) + "</table></div>")


def plain_page(ontology: Graph) -> str:
    """The page skeleton when pyLODE is missing: title, metadata and the two tables."""
    title = first(ontology, URIRef("https://w3id.org/libgraph/ontology"), DCTERMS.title)
    return (f"<!DOCTYPE html><html><head><title>{esc(title)}</title></head><body>"
            f'<div id="content"><div class="section" id="metadata"><h1>{esc(title)}</h1>'
            f"<p><code>https://w3id.org/libgraph/ontology</code></p></div></div>"
            '<div id="toc"><h3>Table of Contents</h3><ul class="first"></ul></div>'
            "</body></html>")


# -- assembling -----------------------------------------------------------------------------------


def scheme_entries(graphs: dict[str, Graph]) -> list[tuple[str, str]]:
    """(anchor, title) of every concept scheme, for the table of contents."""
    return [(anchor(str(scheme)), first(graph, scheme, SKOS.prefLabel))
            for graph in graphs.values()
            for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=str)]


def toc_entry(section_id: str, title: str, entries: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="#{i}">{esc(t)}</a></li>' for i, t in entries)
    sub = f'<ul class="second">{items}</ul>' if entries else ""
    return f'<li><h4><a href="#{section_id}">{esc(title)}</a></h4>{sub}</li>'


def assemble(base_html: str, sections: list[tuple[str, str, str, list[tuple[str, str]]]]
             ) -> str:
    """Append (id, title, html, toc entries) sections to the content and table of contents."""
    import lxml.html

    page = lxml.html.document_fromstring(base_html)
    content = page.get_element_by_id("content")
    toc = page.get_element_by_id("toc").find(".//ul")
    for section_id, title, body, entries in sections:
        content.append(lxml.html.fragment_fromstring(body))
        toc.append(lxml.html.fragment_fromstring(toc_entry(section_id, title, entries)))
    head = page.find("head")
    style = lxml.html.Element("style")
    style.text = STYLE
    head.append(style)
    return lxml.html.tostring(page, doctype="<!DOCTYPE html>", encoding="unicode",
                              pretty_print=True)


def build_page() -> str:
    ontology = Graph(bind_namespaces="core").parse(ONTOLOGY / "libgraph.ttl", format="turtle")
    vocabularies = {name: Graph().parse(ONTOLOGY / name, format="turtle")
                    for name in VOCABULARIES}
    ontpub = load_pylode()
    base = (ontpub(english_view(ontology), sort_subjects=True).make_html() if ontpub
            else plain_page(ontology))
    return assemble(base, [
        ("vocabularies", "Controlled vocabularies", vocabulary_section(vocabularies),
         scheme_entries(vocabularies)),
        ("own-term-labels", "Own terms in every language", labels_section(ontology), []),
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(build_page(), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
