"""The SPARQL 1.1 Protocol's request side: where the query is, and which format to answer in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Request

from ...ns import PREFIXES
from .guard import Refused
from .results import GRAPH_TYPES, SELECT_TYPES

FORMAT_ALIASES = {"json": "application/sparql-results+json",
                  "xml": "application/sparql-results+xml", "csv": "text/csv",
                  "tsv": "text/tab-separated-values", "ttl": "text/turtle",
                  "turtle": "text/turtle", "jsonld": "application/ld+json",
                  "nt": "application/n-triples", "rdf": "application/rdf+xml",
                  "html": "text/html"}


@dataclass
class ProtocolRequest:
    """The query (or update) of a request, and its dataset."""

    query: str | None = None
    update: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


MAX_GRAPHS = 32  # default-graph-uri or named-graph-uri values in one request
MAX_IRI = 2000


def graph_iris(values: list[str], name: str) -> list[str]:
    """The dataset IRIs of a request, checked here (not in the worker): at most
    :data:`MAX_GRAPHS`, each a valid absolute IRI."""
    if len(values) > MAX_GRAPHS:
        raise Refused(f"At most {MAX_GRAPHS} {name} values are accepted.", 400)
    for value in values:
        try:
            if len(value) > MAX_IRI:
                raise ValueError("longer than 2000 characters")
            ox.NamedNode(value)
        except ValueError as err:
            raise Refused(f"{name} {value[:80]!r} is not an IRI: {err}", 400) from None
    return values


def parse_request(req: Request) -> ProtocolRequest:
    """Read a request; raises :class:`Refused` on misuse. Dataset IRIs are checked."""
    found = _read(req)
    found.default_graphs = graph_iris(found.default_graphs, "default-graph-uri")
    found.named_graphs = graph_iris(found.named_graphs, "named-graph-uri")
    return found


def _read(req: Request) -> ProtocolRequest:
    """Read GET, POST form and POST direct requests."""
    mimetype = req.mimetype
    if req.method == "POST" and mimetype == "application/sparql-query":
        body = req.get_data(as_text=True)
        return ProtocolRequest(query=body, default_graphs=req.args.getlist("default-graph-uri"),
                               named_graphs=req.args.getlist("named-graph-uri"))
    if req.method == "POST" and mimetype == "application/sparql-update":
        return ProtocolRequest(update=req.get_data(as_text=True))
    if req.method == "POST" and mimetype not in ("application/x-www-form-urlencoded",
                                                 "multipart/form-data"):
        raise Refused(f"Unsupported request content type {mimetype!r}.", 415)
    source = req.form if req.method == "POST" else req.args
    queries, updates = source.getlist("query"), source.getlist("update")
    if len(queries) > 1 or (queries and updates):
        raise Refused("Give exactly one query.", 400)
    return ProtocolRequest(query=queries[0] if queries else None,
                           update=updates[0] if updates else None,
                           default_graphs=source.getlist("default-graph-uri"),
                           named_graphs=source.getlist("named-graph-uri"))


def result_mime(req: Request, kind: str) -> str | None:
    """The response type for a result ``kind`` (``select``/``ask`` or ``graph``), or None."""
    offered = list(GRAPH_TYPES) if kind == "graph" else list(SELECT_TYPES)
    override = req.values.get("format")
    if override:
        mime = FORMAT_ALIASES.get(override, override)
        return mime if mime in offered else None
    if not req.headers.get("Accept"):
        return offered[0]
    return req.accept_mimetypes.best_match(offered)


def wants_html(req: Request) -> bool:
    """Whether a browser asked (the editor page or the no-JavaScript result table)."""
    if req.values.get("format"):
        return req.values.get("format") == "html"
    best = req.accept_mimetypes.best_match([*SELECT_TYPES, *GRAPH_TYPES, "text/html"])
    return best == "text/html"


_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.I)
_USED = re.compile(r"(?<![\w<?$])([A-Za-z][\w-]*):(?=[A-Za-z_])")


def with_prefixes(text: str) -> str:
    """``text`` with PREFIX lines for the project prefixes it uses but does not declare."""
    declared = set(_DECLARED.findall(text))
    used = [p for p in dict.fromkeys(_USED.findall(text)) if p in PREFIXES and p not in declared]
    if not used:
        return text
    lines = text.split("\n")
    head = 0
    while head < len(lines) and lines[head].lstrip().startswith("#"):
        head += 1
    prefixes = [f"PREFIX {p}: <{PREFIXES[p]}>" for p in sorted(used)]
    return "\n".join(lines[:head] + prefixes + lines[head:])
