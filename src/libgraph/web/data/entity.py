"""The entity page: label, types, statements out and in, evidence and the sections of its kind.

Works for any IRI with triples (data IRIs, vocabulary concepts, ontology terms), which is what
lets ``/resource?iri=...`` reuse it. Long lists are capped, with the total shown.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from ...ns import FOAF, LG, ORG, RDF, SCHEMA, SKOS
from ..backend import LocalBackend, Term
from ..labelling import LABEL_PROPERTIES
from ..rdfterms import curie, iri_kind, sparql_iri
from ..state import Ctx
from .evidence import by_other_body, evidence_ref, mentions_of
from .sections import sections_for

OUTGOING_LIMIT = 2000
INCOMING_SAMPLE = 50
LONG_LITERAL = 600
HIDDEN_OUT = {str(SCHEMA.text)}  # shown as the minutes text section instead
BODY = "http://www.w3.org/ns/oa#hasBody"

KIND_BY_TYPE = {
    str(LG.Meeting): "meeting", str(FOAF.Person): "person", str(ORG.Organization): "org",
    str(SCHEMA.Project): "project", str(SCHEMA.MonetaryGrant): "grant",
    str(LG.Municipality): "municipality", str(LG.Region): "region",
    str(SCHEMA.Country): "country", str(LG.Minutes): "minutes", str(SKOS.Concept): "topic",
    str(LG.Decision): "decision", str(LG.ActionItem): "action",
    str(ORG.Membership): "membership", str(LG.Mention): "mention", str(SCHEMA.Place): "place",
}
NOUNS = {"meeting": ("meeting", "meetings"), "person": ("person", "people"),
         "org": ("organisation", "organisations"), "project": ("project", "projects"),
         "grant": ("grant", "grants"), "municipality": ("municipality", "municipalities"),
         "region": ("region", "regions"), "country": ("country", "countries"),
         "minutes": ("minutes document", "minutes documents"), "topic": ("concept", "concepts"),
         "decision": ("decision", "decisions"), "action": ("action item", "action items"),
         "membership": ("affiliation", "affiliations"), "mention": ("mention", "mentions"),
         "place": ("place", "places")}


def entity_kind(types: list[str], iri: str, base: str) -> str | None:
    """The page kind, from the types (any base) or else from the IRI's path."""
    for t in types:
        if t in KIND_BY_TYPE:
            return KIND_BY_TYPE[t]
    return iri_kind(iri, base)


def entity_data(ctx: Ctx, iri: str) -> dict[str, Any] | None:
    """The page dict for ``iri``, or None when the graph says nothing about it."""
    node = sparql_iri(iri)
    out_rows = _out_rows(ctx, node, iri)
    local = _local_incoming(ctx, iri)
    if local is not None:
        in_counts, samples = local
    else:
        in_counts = ctx.backend.select(
            f"SELECT ?p (COUNT(?s) AS ?n) WHERE {{ ?s ?p {node} }} GROUP BY ?p")
    if not out_rows and not in_counts:
        return property_data(ctx, iri)
    outgoing: dict[str, list[Term]] = defaultdict(list)
    for row in out_rows:
        outgoing[row["p"].value].append(row["o"])
    if local is None:
        samples = _incoming_samples(ctx, node, in_counts)
    mentions = mentions_of(ctx.backend, iri)
    types = [t.value for t in outgoing.get(str(RDF.type), [])]
    _prefetch(ctx, iri, outgoing, samples, mentions)
    kind = entity_kind(types, iri, ctx.base)
    return {
        "iri": iri, "label": ctx.labeller.label(iri), "label_lang": ctx.labeller.label_lang(iri),
        "lang": ctx.lang, "kind": kind, "curie": curie(iri),
        "types": [ctx.link(t) for t in types],
        "alt_labels": _alt_labels(outgoing),
        "outgoing": _outgoing(ctx, outgoing, by_other_body(mentions)),
        "incoming": _incoming(ctx, in_counts, samples, by_other_body(mentions)),
        "evidence": [_evidence_item(ctx, m) for m in mentions],
        "sections": sections_for(ctx, kind, iri, outgoing),
    }


def _out_rows(ctx: Ctx, node: str, iri: str) -> list[dict[str, Term]]:
    if isinstance(ctx.backend, LocalBackend):  # one index look-up, as the query gives them
        return [{"p": t.predicate, "o": t.object}
                for t in ctx.backend.about(iri, OUTGOING_LIMIT)]
    return ctx.backend.select(f"SELECT ?p ?o WHERE {{ {node} ?p ?o }} LIMIT {OUTGOING_LIMIT}")


INCOMING_LOOKUP = 2000  # statements about a thing counted in Python; past that, by SPARQL


def _local_incoming(ctx: Ctx, iri: str
                    ) -> tuple[list[dict[str, Term]], dict[str, list[str]]] | None:
    """The incoming counts and samples by one index look-up on a build (the rows of the
    ``GROUP BY ?p`` query, each property in the order it first comes, and each sample
    sorted as ``ORDER BY ?s``), or None for a thing with more than ``INCOMING_LOOKUP``
    incoming statements or one from a blank node (the queries then answer)."""
    if not isinstance(ctx.backend, LocalBackend):
        return None
    by_prop = ctx.backend.incoming(iri, INCOMING_LOOKUP)
    if by_prop is None:
        return None
    counts: list[dict[str, Term]] = []
    samples: dict[str, list[str]] = {}
    for prop, subjects in by_prop.items():
        if not all(isinstance(s, ox.NamedNode) for s in subjects):
            return None
        counts.append({"p": ox.NamedNode(prop), "n": ox.Literal(str(len(subjects)))})
        if prop != BODY:
            samples[prop] = sorted(s.value for s in subjects)[:INCOMING_SAMPLE]
    return counts, samples


def _incoming_samples(ctx: Ctx, node: str,
                      in_counts: list[dict[str, Term]]) -> dict[str, list[str]]:
    samples: dict[str, list[str]] = {}
    for row in in_counts:
        prop = row["p"].value
        if prop == BODY:
            continue
        query = (f"SELECT ?s WHERE {{ ?s {sparql_iri(prop)} {node} }} "
                 f"ORDER BY ?s LIMIT {INCOMING_SAMPLE}")
        samples[prop] = [r["s"].value for r in ctx.backend.select(query)
                         if isinstance(r["s"], ox.NamedNode)]
    return samples


def _prefetch(ctx: Ctx, iri: str, outgoing: dict[str, list[Term]],
              samples: dict[str, list[str]], mentions: list[dict[str, Any]]) -> None:
    iris = {iri, *outgoing, *samples}
    iris.update(o.value for objs in outgoing.values() for o in objs
                if isinstance(o, ox.NamedNode))
    iris.update(s for subjects in samples.values() for s in subjects)
    iris.update(m["minutes"] for m in mentions)
    iris.update(o for m in mentions for o in m["others"])
    ctx.labeller.prefetch(iris)


def _alt_labels(outgoing: dict[str, list[Term]]) -> list[dict[str, Any]]:
    alts = outgoing.get(str(SKOS.altLabel), [])
    return [{"label": a.value, "lang": getattr(a, "language", None) or None} for a in alts]


def _property(ctx: Ctx, prop: str) -> dict[str, Any]:
    return {"iri": prop, "curie": curie(prop), "href": ctx.href(prop),
            "label": ctx.labeller.text(prop) or curie(prop)}


def _outgoing(ctx: Ctx, outgoing: dict[str, list[Term]],
              evidence: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    groups = []
    for prop, objects in outgoing.items():
        if prop == str(RDF.type):
            continue
        values = [_value(ctx, o, evidence) for o in sorted(objects, key=_sort_key)]
        hidden = prop in HIDDEN_OUT
        groups.append({"property": _property(ctx, prop), "values": [] if hidden else values,
                       "count": len(values), "hidden": hidden})
    label_rank = {p: i for i, p in enumerate(LABEL_PROPERTIES)}
    groups.sort(key=lambda g: (label_rank.get(g["property"]["iri"], 99),
                               g["property"]["label"].lower()))
    return groups


def _sort_key(term: Term) -> tuple[int, str, str]:
    lang = getattr(term, "language", None) or ""
    return (0 if isinstance(term, ox.NamedNode) else 1, lang, term.value)


def _value(ctx: Ctx, term: Term, evidence: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    value = ctx.value(term)
    if value["type"] == "literal" and len(value["label"]) > LONG_LITERAL:
        value["label"] = value["label"][:LONG_LITERAL] + "…"
        value["truncated"] = True
    if value["type"] == "iri":
        refs = evidence.get(value["iri"], [])
        value["evidence"] = [evidence_ref(m, ctx.base, _lang(ctx)) for m in refs]
    return value


def _lang(ctx: Ctx) -> str | None:
    return ctx.lang if ctx.lang_explicit else None


def _incoming(ctx: Ctx, in_counts: list[dict[str, Term]], samples: dict[str, list[str]],
              evidence: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    groups = []
    for row in in_counts:
        prop, count = row["p"].value, int(row["n"].value)
        if prop == BODY:
            continue
        subjects = samples.get(prop, [])
        kinds = {iri_kind(s, ctx.base) for s in subjects}
        kind = kinds.pop() if len(kinds) == 1 else None
        prop_info = _property(ctx, prop)
        groups.append({
            "property": prop_info, "count": count, "kind": kind,
            "summary": incoming_summary(count, kind, prop_info["label"]),
            "subjects": [{**ctx.link(s), "evidence": [
                evidence_ref(m, ctx.base, _lang(ctx)) for m in evidence.get(s, [])]}
                for s in subjects],
            "more": max(0, count - len(subjects))})
    groups.sort(key=lambda g: (-g["count"], g["property"]["label"]))
    return groups


def incoming_summary(count: int, kind: str | None, prop_label: str) -> str:
    """``12 meetings have this as attendee``."""
    singular, plural = NOUNS.get(kind or "", ("thing", "things"))
    if count == 1:
        return f"1 {singular} has this as {prop_label}"
    return f"{count} {plural} have this as {prop_label}"


def _evidence_item(ctx: Ctx, mention: dict[str, Any]) -> dict[str, Any]:
    ref = evidence_ref(mention, ctx.base, _lang(ctx))
    ref["minutes_link"] = ctx.link(mention["minutes"])
    ref["others"] = [ctx.link(o) for o in mention["others"]]
    ref["evidence_of"] = (_property(ctx, mention["evidence_of"])
                          if mention["evidence_of"] else None)
    ref["mention"] = {"iri": mention["mention"], "href": ctx.href(mention["mention"])}
    return ref


PROPERTY_SAMPLE = 20


def property_data(ctx: Ctx, iri: str) -> dict[str, Any] | None:
    """The page of an IRI the graph only uses as a property (``rdfs:label``,
    ``schema:attendee``): what it is called and a sample of its statements; None when the
    graph does not use it at all."""
    rows = ctx.backend.select(f"SELECT ?s ?o WHERE {{ ?s {sparql_iri(iri)} ?o }} "
                              f"LIMIT {PROPERTY_SAMPLE}")
    if not rows:
        return None
    ctx.labeller.prefetch([iri, *(r["s"].value for r in rows),
                           *(r["o"].value for r in rows if isinstance(r["o"], ox.NamedNode))])
    table = [[ctx.value(r["s"]), ctx.value(r["o"])] for r in rows]
    sample = {"id": "usage", "title": "Used as a property", "columns": ["Subject", "Value"],
              "rows": table, "total": len(table),
              "note": f"The first {PROPERTY_SAMPLE} statements; the SPARQL endpoint lists all."
              if len(table) == PROPERTY_SAMPLE else None}
    return {"iri": iri, "label": ctx.labeller.text(iri) or curie(iri),
            "label_lang": ctx.labeller.label_lang(iri), "lang": ctx.lang, "kind": "property",
            "curie": curie(iri), "types": [], "alt_labels": [], "outgoing": [], "incoming": [],
            "evidence": [], "sections": [sample]}
