"""Evidence: the mentions (Web Annotations) that tie a thing to the words it came from.

A mention has one or two bodies (a person; or a meeting and a person for an attendance), a
target with the minutes document as source and two selectors (offsets and the exact quote).
Each mention becomes a link to the minutes page, anchored and highlighted at its offsets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from ...labels import shorten
from ..backend import Backend, LocalBackend
from ..querystring import encode
from ..rdfterms import local_path, resource_path, sparql_iri
from . import evidence_local as local

EVIDENCE_LIMIT = 500


def minutes_href(doc: str, base: str, start: int, end: int, lang: str | None = None) -> str:
    """The minutes page, highlighting ``start``–``end`` and scrolled to it."""
    path = local_path(doc, base) or resource_path(doc)
    params = {"hl": f"{start}-{end}"}
    if lang:
        params["lang"] = lang
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}{encode(params)}#m-{start}-{end}"


def mentions_of(backend: Backend, iri: str) -> list[dict[str, Any]]:
    """Every mention whose body is ``iri``: quote, offsets, rule, the other bodies."""
    if isinstance(backend, LocalBackend):
        found = local.mentions_of(backend, iri, EVIDENCE_LIMIT)
        if found is not None:
            return found
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


Within = tuple[str, frozenset[str]]  # a thing, and the documents its mentions are in


def mentions_for(backend: Backend, iris: list[str], meeting: str | None = None,
                 within: Within | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every mention whose body is one of ``iris``, by body, each with its document's meeting
    and date (one query per 200 things; a page asks once for all its rows).

    ``meeting``: only the mentions that can be evidence of a row of that meeting's page, those
    in its minutes and those that also name it (a busy person is mentioned in hundreds of
    other minutes, which such a row never shows). ``within``: on a build, only those that name
    the thing or are in one of its documents, which are all :meth:`Witnesses.about` needs for
    a row about that thing (an agency is mentioned in most minutes, a project in a few;
    elsewhere all are fetched, which answers the same). The meetings and dates of the
    documents are asked once per document afterwards, not once per mention."""
    from ..backend import iter_chunks

    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for chunk in iter_chunks(sorted(set(iris)), 200):
        for body, m, doc, exact, start, end, rule, other in _mention_rows(backend, chunk,
                                                                          meeting, within):
            item = found[body].setdefault(m, {
                "mention": m, "minutes": doc, "quote": exact, "start": int(start),
                "end": int(end), "rule": rule, "meeting": None, "date": None, "others": []})
            if other is not None and other not in item["others"]:
                item["others"].append(other)
    docs = {m["minutes"] for by in found.values() for m in by.values()}
    dated = local.meetings_of(backend, docs) if isinstance(backend, LocalBackend) else None
    if dated is None:
        dated = _meetings_of(backend, docs)
    out: dict[str, list[dict[str, Any]]] = {}
    for body, by_mention in found.items():
        for item in by_mention.values():
            item["meeting"], item["date"] = dated.get(item["minutes"], (None, None))
        # the order the page shows them in: by date (undated first, as SPARQL orders an
        # unbound value), offset, mention
        out[body] = sorted(by_mention.values(), key=lambda m: (
            m["date"] is not None, m["date"] or "", m["start"], m["mention"]))
    return out


MentionRow = tuple[str, str, str, str, str, str, str | None, str | None]


def _mention_rows(backend: Backend, chunk: list[str], meeting: str | None,
                  within: Within | None = None) -> list[MentionRow]:
    """``?b ?m ?doc ?exact ?start ?end ?rule ?other`` of the mentions of ``chunk``, as
    texts (index look-ups on a build, the query elsewhere or past its ``LIMIT``); with
    ``within``, a build's mentions that neither name the thing nor are in its documents are
    left out."""
    from ..rdfterms import values_clause

    if isinstance(backend, LocalBackend):
        rows = local.mention_rows(backend, chunk, meeting, EVIDENCE_LIMIT * 20, within)
        if rows is not None:
            return [(body, m, p.doc, p.exact.value, p.start.value, p.end.value,
                     rule.value if rule is not None else None, other)
                    for body, m, p, rule, other in rows]
    return [(r["b"].value, r["m"].value, r["doc"].value, r["exact"].value, r["start"].value,
             r["end"].value, r["rule"].value if "rule" in r else None,
             r["other"].value if "other" in r else None)
            for r in backend.select(_mentions_query(values_clause("b", chunk), meeting))]


def _mentions_query(values: str, meeting: str | None) -> str:
    """The mentions of the bodies in ``values`` (all of them, or those about ``meeting``)."""
    where = "?m oa:hasBody ?b ; oa:hasTarget ?t . ?t oa:hasSource ?doc ."
    if meeting is not None:  # start from the meeting: its minutes, its mentions
        node = sparql_iri(meeting)
        where = (f"{{ {node} lg:minutes ?doc . ?t oa:hasSource ?doc . ?m oa:hasTarget ?t ; "
                 f"oa:hasBody ?b }} UNION {{ ?m oa:hasBody {node} . ?m oa:hasBody ?b ; "
                 f"oa:hasTarget ?t . ?t oa:hasSource ?doc }}")
    return f"""SELECT DISTINCT ?b ?m ?doc ?start ?end ?exact ?rule ?other WHERE {{
      {values} {where}
      ?t oa:hasSelector ?ps, ?qs . ?ps oa:start ?start ; oa:end ?end . ?qs oa:exact ?exact .
      OPTIONAL {{ ?m lg:rule ?rule }} OPTIONAL {{ ?m oa:hasBody ?other FILTER(?other != ?b) }}
    }} LIMIT {EVIDENCE_LIMIT * 20}"""


def _meetings_of(backend: Backend, docs: set[str]) -> dict[str, tuple[str | None, str | None]]:
    """The meeting each document is the minutes of, and its date (both None if none)."""
    from ..backend import iter_chunks
    from ..rdfterms import values_clause

    out: dict[str, tuple[str | None, str | None]] = {}
    for chunk in iter_chunks(sorted(docs), 200):
        rows = backend.select(f"""SELECT ?doc ?meeting ?date WHERE {{
          {values_clause('doc', chunk)} ?meeting lg:minutes ?doc
          OPTIONAL {{ ?meeting schema:startDate ?date }} }} ORDER BY ?doc ?meeting ?date""")
        for row in rows:
            out.setdefault(row["doc"].value, (row["meeting"].value,
                                               row["date"].value if "date" in row else None))
    return out


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
        self.asked: set[str] = set()  # things whose every mention is in ``mentions``
        self.scoped: dict[str, tuple[str, str]] = {}  # things with only some of their
        # mentions: ("meeting", m), those about meeting m; ("within", t), those t's rows can use
        self.base = base
        self.lang = lang

    def need(self, iris: Iterable[str], meeting: str | None = None,
             within: str | None = None) -> Witnesses:
        """Fetch the mentions of ``iris`` not asked about yet (one round trip).

        ``meeting``: the rows will only ask :meth:`about` them ``also=meeting,
        meeting=meeting`` (the people of a meeting's page), so only the mentions that such a
        call can choose are fetched (see :func:`mentions_for`). ``within``: the rows will ask
        about them ``also=within`` (a project's funders, an organisation's people), so only
        those that name ``within`` or are in one of its documents are fetched; a row that
        finds none of those and may show any mention (``alone``) fetches the rest then, and
        so does any other question about such a thing."""
        scope = ("meeting", meeting) if meeting else ("within", within) if within else None
        if within is not None:
            self.need([within])  # its documents, all of them
        new = sorted(i for i in set(iris) - self.asked
                     if scope is None or self.scoped.get(i) != scope)
        if new:
            if scope is None:
                self.asked.update(new)
            else:
                self.scoped.update(dict.fromkeys(new, scope))
            span = (within, frozenset(self.docs_of(within))) if within is not None else None
            self.mentions.update(mentions_for(self.backend, new, meeting, span))
        return self

    def _partial(self, thing: str) -> str | None:
        """The thing ``within`` whose rows alone ``thing``'s fetched mentions can serve."""
        scope = self.scoped.get(thing)
        if thing in self.asked or scope is None or scope[0] != "within":
            return None
        return scope[1]

    def docs_of(self, iri: str) -> set[str]:
        if self._partial(iri) is not None:
            self.need([iri])
        return {m["minutes"] for m in self.mentions.get(iri, [])}

    def about(self, thing: str, also: str | None = None, meeting: str | None = None,
              alone: bool = False) -> dict[str, Any] | None:
        """A ``{"quotes": [...]}`` cell with the best evidence for a row, or None."""
        within = self._partial(thing)
        if within is not None and (also != within or meeting):
            self.need([thing])  # a question its fetched mentions cannot answer
        found = self._best(thing, also, meeting, alone)
        if found is None and alone and self._partial(thing) is not None:
            self.need([thing])  # none names ``also`` or is in its documents: any will do
            found = self._best(thing, also, meeting, alone)
        return found

    def _best(self, thing: str, also: str | None, meeting: str | None,
              alone: bool) -> dict[str, Any] | None:
        """The first mention of the first tier that has one (see the class)."""
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
        ref["quote"] = shorten(ref["quote"], QUOTE_LIMIT)
        ref["before"], ref["after"] = self.context(mention)
        ref["date"] = mention.get("date")
        ref["meeting"] = mention.get("meeting")
        return ref

    def text(self, doc: str) -> str:
        """The text of a minutes document (kept for the app's next pages by ``memo``)."""
        def fetch() -> str:
            if isinstance(self.backend, LocalBackend):
                return local.minutes_text(self.backend, doc)
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
