"""The one place where namespaces and the prefix map live.

rdflib's built-in ``SDO`` is https://schema.org/; the contract fixes http://schema.org/, so every
module imports namespaces from here and never from ``rdflib.namespace`` directly.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import OWL, RDF, RDFS, XSD

LG = Namespace("https://w3id.org/libgraph/ontology#")
DEFAULT_BASE = "https://w3id.org/libgraph/"
ID = Namespace(DEFAULT_BASE + "id/")
VOCAB = Namespace(DEFAULT_BASE + "vocab/")
SCHEMA = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")
TIME = Namespace("http://www.w3.org/2006/time#")

PREFIXES: dict[str, Namespace] = {
    "lg": LG,
    "id": ID,
    "lgv": VOCAB,
    "schema": SCHEMA,
    "org": ORG,
    "foaf": FOAF,
    "prov": PROV,
    "oa": OA,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "void": VOID,
    "sh": SH,
    "wd": WD,
    "time": TIME,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

__all__ = [
    "DCAT", "DCTERMS", "DEFAULT_BASE", "FOAF", "ID", "LG", "OA", "ORG", "OWL", "PREFIXES",
    "PROV", "RDF", "RDFS", "SCHEMA", "SH", "SKOS", "TIME", "VOCAB", "VOID", "WD", "XSD",
    "bind_prefixes", "sparql_prologue",
]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes (replacing rdflib's defaults, e.g. https schema)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, prepended to named queries and the editor."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
