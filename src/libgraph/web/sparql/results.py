"""SPARQL 1.1 result formats written from plain data (vars and JSON-style bindings).

The endpoint caps the number of rows, so results are collected first and written here rather
than streamed by pyoxigraph; the same writers serve local and remote results.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ...query import concatenations
from ..render import csv_safe

Binding = dict[str, str] | None

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
    "text/plain": "nt",
}
MIME = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
        "csv": "text/csv", "tsv": "text/tab-separated-values"}


def to_json(names: list[str], rows: list[list[Binding]]) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [{n: b for n, b in zip(names, row, strict=True) if b is not None} for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                      ensure_ascii=False)


def sort_concatenated(query: str, names: list[str], rows: list[list[Binding]]) -> None:
    """Order the items of each ``GROUP_CONCAT(…; separator="…")`` value, leaving out empty
    ones, in place: SPARQL leaves the order open (Oxigraph's follows its plan), and
    ``libgraph query`` answers the named queries so (``query.sort_concatenations``), so the
    same query gives the same answer in the editor, on the command line and on every store.
    """
    columns = concatenations(query)
    where = [(i, columns[n]) for i, n in enumerate(names) if columns.get(n)]
    for row in rows if where else ():
        for index, sep in where:
            cell = row[index]
            if cell is not None and cell.get("type") == "literal":
                row[index] = {**cell, "value": sep.join(
                    sorted(item for item in cell["value"].split(sep) if item))}


def ask_json(value: bool) -> str:
    """The JSON result of an ASK query."""
    return json.dumps({"head": {}, "boolean": value})


def _xml_term(b: dict[str, str]) -> str:
    value = escape(b["value"])
    if b["type"] == "uri":
        return f"<uri>{value}</uri>"
    if b["type"] == "bnode":
        return f"<bnode>{value}</bnode>"
    attrs = ""
    if "xml:lang" in b:
        attrs = f" xml:lang={quoteattr(b['xml:lang'])}"
    elif "datatype" in b:
        attrs = f" datatype={quoteattr(b['datatype'])}"
    return f"<literal{attrs}>{value}</literal>"


def to_xml(names: list[str], rows: list[list[Binding]]) -> str:
    """SPARQL Query Results XML."""
    out = ['<?xml version="1.0"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(n)}/>" for n in names]
    out += ["</head>", "<results>"]
    for row in rows:
        cells = "".join(f"<binding name={quoteattr(n)}>{_xml_term(b)}</binding>"
                        for n, b in zip(names, row, strict=True) if b is not None)
        out.append(f"<result>{cells}</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out)


def ask_xml(value: bool) -> str:
    """The XML result of an ASK query."""
    return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>")


def to_csv(names: list[str], rows: list[list[Binding]]) -> str:
    """SPARQL 1.1 CSV: plain values, no types (CRLF line ends, as the spec says).

    A value that a spreadsheet would evaluate (``=HYPERLINK(...)``, ``@SUM(...)``) is written
    with a leading ``'``, as OWASP recommends for CSV downloads; numbers are kept as they are.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:  # cells a spreadsheet would run as formulas get a leading '
        writer.writerow(["" if b is None else csv_safe(b["value"]) for b in row])
    return buffer.getvalue()


def _tsv_term(b: Binding) -> str:
    if b is None:
        return ""
    if b["type"] == "uri":
        return f"<{b['value']}>"
    if b["type"] == "bnode":
        return f"_:{b['value']}"
    text = (b["value"].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))
    if "xml:lang" in b:
        return f'"{text}"@{b["xml:lang"]}'
    if "datatype" in b:
        return f'"{text}"^^<{b["datatype"]}>'
    return f'"{text}"'


def to_tsv(names: list[str], rows: list[list[Binding]]) -> str:
    """SPARQL 1.1 TSV: terms in Turtle syntax."""
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join(_tsv_term(b) for b in row) for row in rows]
    return "\n".join(lines) + "\n"


WRITERS: dict[str, Any] = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}
