"""The SPARQL 1.1 Service Description, answered on ``GET /sparql`` without a query."""

from __future__ import annotations

from ...ns import PREFIXES

SD = "http://www.w3.org/ns/sparql-service-description#"
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "JSON-LD", "N-Triples", "RDF_XML")


def service_description(endpoint: str, triples: int | None, row_limit: int,
                        timeout: float) -> str:
    """Turtle describing the endpoint: language, formats, the default dataset and limits."""
    lines = [
        f"@prefix sd: <{SD}> .",
        "@prefix void: <http://rdfs.org/ns/void#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
        f"<{endpoint}> a sd:Service ;",
        f"  sd:endpoint <{endpoint}> ;",
        "  sd:supportedLanguage sd:SPARQL11Query ;",
        "  sd:feature sd:EmptyGraphs ;",
        *[f"  sd:resultFormat <http://www.w3.org/ns/formats/{f}> ;" for f in RESULT_FORMATS],
        f'  rdfs:comment "Read-only. No SERVICE. At most {row_limit} rows per result; '
        f'queries stop after {timeout:g} s. The project prefixes are predeclared." ;',
        "  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph"
        + (f" ; void:triples {triples}" if triples is not None else "") + " ] ] .",
    ]
    return "\n".join(lines) + "\n" + _prefix_comment()


def _prefix_comment() -> str:
    return "".join(f"# PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
