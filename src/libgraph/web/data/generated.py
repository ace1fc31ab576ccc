"""A meeting's decisions and action items by index look-ups on a build.

The meeting page asked two small SPARQL queries for them, a tenth of the page's CPU in
Oxigraph's parse and plan for a dozen triples. These functions give the same rows from the
store's look-ups, in the order the queries give them, or None where the order would be the
engine's to decide (a decision or action with two descriptions, an action with two agents:
rows the queries' ``ORDER BY`` leaves tied); the caller then asks the query. A decision's
topics are joined in the store's order of its ``dcterms:subject`` statements, as Oxigraph's
``GROUP_CONCAT`` meets them (the tests compare both, on both kinds of store).
"""

from __future__ import annotations

import pyoxigraph as ox

from ...ns import DCTERMS, LG, PROV, RDF, SCHEMA
from ..backend import LocalBackend, Row

GENERATED_BY, TYPE = str(PROV.wasGeneratedBy), str(RDF.type)
DESCRIPTION, SUBJECT, AGENT = str(DCTERMS.description), str(DCTERMS.subject), str(SCHEMA.agent)
DECISION, ACTION = ox.NamedNode(str(LG.Decision)), ox.NamedNode(str(LG.ActionItem))


def _of_type(backend: LocalBackend, meeting: str, kind: ox.NamedNode) -> list[str]:
    """``?x prov:wasGeneratedBy <meeting> ; a kind`` ordered by ``?x``."""
    return sorted(x for x in backend.subjects(GENERATED_BY, meeting)
                  if kind in backend.objects(x, TYPE))


def decision_rows(backend: LocalBackend, meeting: str) -> list[Row] | None:
    """The rows of ``SELECT ?d ?desc (GROUP_CONCAT(STR(?t); separator=" ") AS ?topics)``
    for ``meeting`` (grouped by decision and description, ordered by decision)."""
    rows: list[Row] = []
    for decision in _of_type(backend, meeting, DECISION):
        descriptions = backend.objects(decision, DESCRIPTION)
        if len(descriptions) > 1:
            return None
        topics = backend.objects(decision, SUBJECT)
        row: Row = {"d": ox.NamedNode(decision)}
        if descriptions:
            row["desc"] = descriptions[0]
        if topics:  # (Oxigraph leaves the concatenation of nothing unbound)
            row["topics"] = ox.Literal(" ".join(t.value for t in topics))
        rows.append(row)
    return rows


def action_rows(backend: LocalBackend, meeting: str) -> list[Row] | None:
    """The rows of ``SELECT ?a ?desc ?agent`` for ``meeting``, ordered by action."""
    rows: list[Row] = []
    for action in _of_type(backend, meeting, ACTION):
        descriptions = backend.objects(action, DESCRIPTION)
        agents = backend.objects(action, AGENT)
        if len(descriptions) > 1 or len(agents) > 1:
            return None
        row: Row = {"a": ox.NamedNode(action)}
        if descriptions:
            row["desc"] = descriptions[0]
        if agents:
            row["agent"] = agents[0]
        rows.append(row)
    return rows
