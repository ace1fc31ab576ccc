"""Evidence: the mentions (Web Annotations) that tie a thing to the words it came from.

A mention has one or two bodies (a person; or a meeting and a person for an attendance), a
target with the minutes document as source and two selectors (offsets and the exact quote).
Each mention becomes a link to the minutes page, anchored and highlighted at its offsets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from ..backend import Backend
from ..rdfterms import local_path, resource_path, sparql_iri

EVIDENCE_LIMIT = 500


def minutes_href(doc: str, base: str, start: int, end: int, lang: str | None = None) -> str:
    """The minutes page, highlighting ``start``–``end`` and scrolled to it."""
    path = local_path(doc, base) or resource_path(doc)
    params = {"hl": f"{start}-{end}"}
    if lang:
        params["lang"] = lang
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}{urlencode(params)}#m-{start}-{end}"


def mentions_of(backend: Backend, iri: str) -> list[dict[str, Any]]:
    """Every mention whose body is ``iri``: quote, offsets, rule, the other bodies."""
    query = f"""SELECT ?m ?doc ?start ?end ?exact ?rule ?ev ?other WHERE {{
      ?m oa:hasBody {sparql_iri(iri)} ; oa:hasTarget ?t .
      ?t oa:hasSource ?doc ; oa:hasSelector ?ps, ?qs .
      ?ps oa:start ?start ; oa:end ?end . ?qs oa:exact ?exact .
      OPTIONAL {{ ?m lg:rule ?rule }} OPTIONAL {{ ?m lg:evidenceOf ?ev }}
      OPTIONAL {{ ?m oa:hasBody ?other FILTER(?other != {sparql_iri(iri)}) }}
    }} ORDER BY ?doc ?start ?m LIMIT {EVIDENCE_LIMIT}"""
    merged: dict[str, dict[str, Any]] = {}
    for row in backend.select(query):
        key = row["m"].value
        item = merged.setdefault(key, {
            "mention": key, "minutes": row["doc"].value, "quote": row["exact"].value,
            "start": int(row["start"].value), "end": int(row["end"].value),
            "rule": row["rule"].value if "rule" in row else None,
            "evidence_of": row["ev"].value if "ev" in row else None, "others": []})
        if "other" in row and row["other"].value not in item["others"]:
            item["others"].append(row["other"].value)
    return list(merged.values())


def by_other_body(mentions: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Mentions indexed by their other body: the evidence of a statement between the two."""
    index: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for mention in mentions:
        for other in mention["others"]:
            index[other].append(mention)
    return index


def evidence_ref(mention: dict[str, Any], base: str, lang: str | None) -> dict[str, Any]:
    """The short form shown next to a fact: the quote and where to read it."""
    return {"quote": mention["quote"], "rule": mention["rule"],
            "start": mention["start"], "end": mention["end"], "minutes": mention["minutes"],
            "href": minutes_href(mention["minutes"], base, mention["start"], mention["end"],
                                 lang)}


QUOTE_LIMIT = 160
CONTEXT = 48  # characters of the minutes shown either side of a quote


def mentions_for(backend: Backend, iris: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every mention whose body is one of ``iris``, by body, each with its document's meeting
    and date (one query per 200 things; a page asks once for all its rows)."""
    from ..backend import iter_chunks
    from ..rdfterms import values_clause

    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for chunk in iter_chunks(sorted(set(iris)), 200):
        query = f"""SELECT ?b ?m ?doc ?start ?end ?exact ?rule ?meeting ?date ?other WHERE {{
          {values_clause('b', chunk)} ?m oa:hasBody ?b ; oa:hasTarget ?t .
          ?t oa:hasSource ?doc ; oa:hasSelector ?ps, ?qs .
          ?ps oa:start ?start ; oa:end ?end . ?qs oa:exact ?exact .
          OPTIONAL {{ ?m lg:rule ?rule }} OPTIONAL {{ ?m oa:hasBody ?other FILTER(?other != ?b) }}
          OPTIONAL {{ ?meeting lg:minutes ?doc OPTIONAL {{ ?meeting schema:startDate ?date }} }}
        }} ORDER BY ?b ?date ?start ?m LIMIT {EVIDENCE_LIMIT * 20}"""
        for row in backend.select(query):
            item = found[row["b"].value].setdefault(row["m"].value, {
                "mention": row["m"].value, "minutes": row["doc"].value,
                "quote": row["exact"].value, "start": int(row["start"].value),
                "end": int(row["end"].value), "rule": row["rule"].value if "rule" in row else None,
                "meeting": row["meeting"].value if "meeting" in row else None,
                "date": row["date"].value if "date" in row else None, "others": []})
            if "other" in row and row["other"].value not in item["others"]:
                item["others"].append(row["other"].value)
    return {body: list(by_mention.values()) for body, by_mention in found.items()}


class Witnesses:
    """The words in the minutes behind each row of an entity page.

    A row ties the page's thing to another (a meeting and an attendee, a person and an
    affiliation, a project and a funder). Its evidence is, in order of preference: a mention
    of both (an attendance names the meeting and the person); a mention of the row's thing in
    the minutes of the row's meeting; a mention of it in a document that also mentions the
    other thing; any mention of it (for things that are only ever mentioned, as affiliations).
    """

    def __init__(self, backend: Backend, base: str, lang: str | None,
                 memo: Callable[[str, Callable[[], Any]], Any] | None = None) -> None:
        self.backend = backend
        self.memo = memo or (lambda _key, build: build())
        self.mentions: dict[str, list[dict[str, Any]]] = {}
        self.asked: set[str] = set()
        self.base = base
        self.lang = lang

    def need(self, iris: Iterable[str]) -> Witnesses:
        """Fetch the mentions of ``iris`` not asked about yet (one round trip)."""
        new = sorted(set(iris) - self.asked)
        if new:
            self.asked.update(new)
            self.mentions.update(mentions_for(self.backend, new))
        return self

    def docs_of(self, iri: str) -> set[str]:
        return {m["minutes"] for m in self.mentions.get(iri, [])}

    def about(self, thing: str, also: str | None = None, meeting: str | None = None,
              alone: bool = False) -> dict[str, Any] | None:
        """A ``{"quotes": [...]}`` cell with the best evidence for a row, or None."""
        mentions = self.mentions.get(thing, [])
        tiers = []
        if also:
            tiers.append([m for m in mentions if also in m["others"]])
        if meeting:
            tiers.append([m for m in mentions if m["meeting"] == meeting])
        if also:
            docs = self.docs_of(also)
            tiers.append([m for m in mentions if m["minutes"] in docs])
        if alone or not (also or meeting):
            tiers.append(mentions)
        for tier in tiers:
            if tier:
                return {"quotes": [self.ref(tier[0])], "more": len(tier) - 1}
        return None

    def ref(self, mention: dict[str, Any]) -> dict[str, Any]:
        """The quote (shortened), its document's date and the link to its highlighted place."""
        ref = evidence_ref(mention, self.base, self.lang)
        quote = " ".join(ref["quote"].split())
        ref["quote"] = quote if len(quote) <= QUOTE_LIMIT else quote[:QUOTE_LIMIT - 1] + "…"
        ref["before"], ref["after"] = self.context(mention)
        ref["date"] = mention.get("date")
        ref["meeting"] = mention.get("meeting")
        return ref

    def text(self, doc: str) -> str:
        """The text of a minutes document (kept for the app's next pages by ``memo``)."""
        def fetch() -> str:
            rows = self.backend.select(
                f"SELECT ?t WHERE {{ {sparql_iri(doc)} schema:text ?t }} LIMIT 1")
            return rows[0]["t"].value if rows else ""
        return self.memo("minutes-text:" + doc, fetch)  # type: ignore[no-any-return]

    def context(self, mention: dict[str, Any]) -> tuple[str, str]:
        """A few words either side of a quote, so a bare name reads as a sentence."""
        text = self.text(mention["minutes"])
        start, end = mention["start"], mention["end"]
        if not text or end > len(text):
            return "", ""
        before = text[max(0, start - CONTEXT):start]
        after = text[end:end + CONTEXT]
        if start > CONTEXT and " " in before:
            before = "…" + before[before.index(" "):]
        if end + CONTEXT < len(text) and " " in after:
            after = after[:after.rindex(" ")] + "…"
        return " ".join(before.split()) + (" " if before[-1:].isspace() else ""), \
            (" " if after[:1].isspace() else "") + " ".join(after.split())
