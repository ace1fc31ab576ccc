"""Full-text search over the minutes and the names of things: one SQLite FTS5 file per build.

Why SQLite FTS5: it is in Python's standard library, an index of a million-triple build is a
single file that opens in a millisecond, and its ranking (BM25), phrase and prefix queries are
what readers of minutes expect. What FTS5 does not know is that the three languages spell one
name several ways: *Tromsø*, *Tromso* and *Tromsoe*; *Århus* and *Aarhus*; *Växjö*, *Vaxjo*
and *Vaexjoe*. So every word is **folded** before it is indexed, and every query word the same
way (:func:`fold`): case and accents go, ø/ö/oe become o, å/aa become a, æ/ä/ae become a. The
index holds only the folded words; snippets and highlights are cut from the original text in
Python (:func:`snippet`), which finds the hits by folding the words of the text again.

What is indexed (:func:`write_index`):

* every minutes document (``lg:Minutes`` with ``schema:text``), with its meeting's label as
  title, and as facets its meeting's country, year, organiser and meeting type;
* every labelled thing (labels and ``skos:altLabel``; not evidence records or affiliations),
  with its kind, country, year (meetings) and organisations (people) as facets.

``build`` should call ``write_index(store, out / INDEX_FILE)`` in its write stage; the explorer
builds the file itself on first start when a build has none (:func:`ensure_index`).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import tempfile
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from .labels import LABEL_PROPERTIES
from .ns import DEFAULT_BASE, sparql_prologue

INDEX_FILE = "fulltext.sqlite"
FORMAT = "2"  # bumped when the layout changes, so an old file is rebuilt
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
SKIP_KINDS = {"mention", "membership"}
FACETS = ("kind", "country", "year", "org", "type")
MAX_QUERY = 200
PAGE_SIZE = 20
SNIPPET_WORDS = 36
TITLE_WEIGHT = 8.0  # a name counts this many times the words of a text (BM25 column weight)

WORD = re.compile(r"[^\W_]+")
SPACES = re.compile(r"\s+")
_CHARS = str.maketrans({"ø": "o", "ö": "o", "œ": "o", "æ": "a", "ä": "a", "å": "a",
                        "ð": "d", "þ": "th", "ß": "ss"})
_DIGRAPHS = re.compile(r"aa|ae|oe")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """The searchable form of one word: ``Tromsø``, ``tromso`` and ``Tromsoe`` all give
    ``tromso``; ``Århus`` and ``Aarhus`` give ``arhus``; ``Växjö`` gives ``vaxjo``."""
    lowered = word.casefold().translate(_CHARS)
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", lowered)
                    if not unicodedata.combining(ch))
    return _DIGRAPHS.sub(lambda m: m.group(0)[0], plain)


def words(text: str) -> Iterator[re.Match[str]]:
    """The words of ``text`` with their places (letters and digits; everything else splits)."""
    return WORD.finditer(text)


def folded(text: str) -> str:
    """``text`` as the index holds it: its folded words, space-separated."""
    return " ".join(map(fold, WORD.findall(text)))  # the words of words(), without matches


# --- building -------------------------------------------------------------------------------

class Selectable(Protocol):
    """The explorer's backends: SELECT rows as pyoxigraph terms."""

    def select(self, query: str) -> list[dict[str, Any]]: ...


Source = ox.Store | Selectable
PROLOGUE = sparql_prologue()


def _select(source: Source, query: str) -> list[dict[str, Any]]:
    """Rows of ``query`` (project prefixes predeclared) from a store or an explorer backend."""
    if isinstance(source, ox.Store):
        solutions = source.query(PROLOGUE + query)
        names = [v.value for v in solutions.variables]
        return [{n: t for n, t in zip(names, s, strict=True) if t is not None}
                for s in solutions]
    return source.select(query)


@dataclass
class _Item:
    iri: str
    kind: str
    title: str = ""
    text: str = ""
    labels: list[tuple[str, bool]] = field(default_factory=list)
    meeting: str | None = None
    date: str | None = None
    facets: set[tuple[str, str]] = field(default_factory=set)


def kind_of(iri: str, base: str) -> str | None:
    """``meeting`` for ``{base}id/meeting/x``; ``topic`` for a concept of the vocabularies."""
    from .ns import VOCAB

    for prefix in (base + "id/", str(VOCAB)):
        if iri.startswith(prefix):
            head, sep, _rest = iri[len(prefix):].partition("/")
            return head if sep else None
    return None


def _minutes(source: Source) -> dict[str, _Item]:
    items: dict[str, _Item] = {}
    for r in _select(source, "SELECT ?d ?text WHERE { ?d a lg:Minutes ; schema:text ?text }"):
        items[r["d"].value] = _Item(r["d"].value, "minutes", text=r["text"].value,
                                    facets={("kind", "minutes")})
    meetings = {r["m"].value: r["d"].value for r in _select(
        source, "SELECT ?m ?d WHERE { ?m lg:minutes ?d . ?d a lg:Minutes }")}
    for meeting, doc in meetings.items():
        if doc in items:
            items[doc].meeting = meeting
    asked = (("country", "lg:country"), ("org", "schema:organizer"), ("type", "lg:meetingType"),
             ("date", "schema:startDate"))
    for facet, prop in asked:  # one small query each: OPTIONALs together multiply rows
        rows = _select(source, f"SELECT ?m ?x WHERE {{ ?m lg:minutes ?d ; {prop} ?x }}")
        for r in rows:
            item = items.get(meetings.get(r["m"].value, ""))
            if item is None:
                continue
            if facet == "date":
                item.date = min(filter(None, (item.date, r["x"].value)))
                item.facets.add(("year", r["x"].value[:4]))
            else:
                item.facets.add((facet, r["x"].value))
    return items


def _not_skipped(base: str) -> str:
    """A SPARQL condition that leaves out the labels of :data:`SKIP_KINDS` (most of a build's
    labels are those of mentions and their selectors: 4 of 5 at 1,000 documents), so that
    they are never turned into Python rows; the loop below still checks the kind."""
    from .ns import VOCAB

    return "".join(f' && !STRSTARTS(STR(?s), "{prefix}{kind}/")'
                   for prefix in (base + "id/", str(VOCAB)) for kind in sorted(SKIP_KINDS))


def _things(source: Source, base: str) -> dict[str, _Item]:
    props = " ".join(f"<{p}>" for p in (*LABEL_PROPERTIES, ALT_LABEL))
    rows = _select(source, f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {props} }} ?s ?p ?o "
                           f"FILTER(isIRI(?s) && isLiteral(?o){_not_skipped(base)}) }}")
    items: dict[str, _Item] = {}
    for r in rows:
        iri = r["s"].value
        item = items.get(iri)
        if item is None:
            kind = kind_of(iri, base) or "other"
            if kind in SKIP_KINDS:
                continue
            item = items[iri] = _Item(iri, kind, facets={("kind", kind)})
        entry = (r["o"].value, r["p"].value == ALT_LABEL)
        if entry not in item.labels and (entry[0], not entry[1]) not in item.labels:
            item.labels.append(entry)
    asked = (("country", "?s lg:country ?x"),
             ("country", "?s schema:containedInPlace ?in . ?in lg:country ?x"),
             ("org", "?s org:memberOf ?x"), ("date", "?s a lg:Meeting ; schema:startDate ?x"))
    for facet, pattern in asked:
        for r in _select(source, f"SELECT ?s ?x WHERE {{ {pattern} }}"):
            item = items.get(r["s"].value)
            if item is None:
                continue
            if facet == "date":
                item.date = r["x"].value
                item.facets.add(("year", r["x"].value[:4]))
            else:
                item.facets.add((facet, r["x"].value))
    for item in items.values():
        item.labels.sort(key=lambda e: e[1])  # names first, then alternative labels
        item.title = " \n ".join(text for text, _alt in item.labels)
    return items


SCHEMA_SQL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE items(id INTEGER PRIMARY KEY, iri TEXT NOT NULL, kind TEXT NOT NULL,
                   labels TEXT, text TEXT, meeting TEXT, date TEXT);
CREATE TABLE facets(item INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(title, body, content='',
                                    tokenize='unicode61 remove_diacritics 2');
"""


def write_index(source: Source, path: Path | str, base: str = DEFAULT_BASE,
                stamp: str = "") -> int:
    """Write the full-text index of ``source`` (a pyoxigraph store, e.g. the build's, or an
    explorer backend) to ``path``; returns the number of items indexed.

    The file is written beside ``path`` and renamed into place, so a reader never sees half
    an index. ``stamp`` is kept in the file (the explorer stores what graph it came from).
    """
    path = Path(path)
    documents, things = _minutes(source), _things(source, base)
    for iri, item in documents.items():  # a document's own names go with its text
        named = things.pop(iri, None)
        if named is not None:
            item.labels, item.title = named.labels, named.title
    items = [*documents.values(), *things.values()]
    fd, tmp_name = tempfile.mkstemp(prefix=".fulltext-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        _write(tmp, items, stamp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return len(items)


def _write(path: Path, items: list[_Item], stamp: str) -> None:
    db = sqlite3.connect(path)
    try:
        db.executescript(SCHEMA_SQL)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("stamp", stamp)])
        numbered = list(enumerate(items, start=1))  # each table filled in one call
        db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [(rowid, item.iri, item.kind, json.dumps(item.labels, ensure_ascii=False),
                         item.text, item.meeting, item.date) for rowid, item in numbered])
        db.executemany("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
                       [(rowid, folded(item.title), folded(item.text))
                        for rowid, item in numbered])
        db.executemany("INSERT INTO facets VALUES (?, ?, ?)",
                       [(rowid, f, v) for rowid, item in numbered for f, v in sorted(item.facets)])
        db.execute("CREATE INDEX facets_item ON facets(item)")
        db.execute("CREATE INDEX facets_value ON facets(facet, value, item)")
        db.execute(f"INSERT INTO fts(fts, rank) VALUES ('rank', 'bm25({TITLE_WEIGHT}, 1.0)')")
        db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        db.commit()
    finally:
        db.close()


def index_stamp(path: Path | str) -> str | None:
    """The stamp an index was written with, or None when the file is missing, unreadable or
    of another format."""
    try:
        db = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
        try:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return meta.get("stamp") if meta.get("format") == FORMAT else None


def graph_stamp(ntriples: Path) -> str:
    """What an index records of the graph it was made from (size and time of graph.nt), so
    the build that writes it and the explorer that checks it agree; "" without the file."""
    if not ntriples.is_file():
        return ""
    info = ntriples.stat()
    return f"{info.st_size}-{info.st_mtime_ns}"


def ensure_index(source: Source, path: Path | str, base: str = DEFAULT_BASE,
                 stamp: str = "") -> Path:
    """``path``, written first when it is missing or was made from another graph."""
    path = Path(path)
    if index_stamp(path) != stamp:
        write_index(source, path, base, stamp)
    return path


# --- querying -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    """One part of a query: a word or a quoted phrase (folded words), maybe a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")


QUERY_PART = re.compile(r'"([^"]*)"(\*?)|(\S+)')


def parse_query(text: str) -> list[Term]:
    """Words must all occur; ``"two words"`` is a phrase; a trailing ``*`` makes a prefix.

    Words with inner punctuation (``2018-05-22``, ``e-post``) are phrases of their parts.
    Nothing the user types can become FTS5 syntax: every word is folded and quoted.
    """
    terms = []
    for m in QUERY_PART.finditer(text[:MAX_QUERY]):
        raw, star = (m.group(1), m.group(2)) if m.group(3) is None else (m.group(3), "")
        if m.group(3) is not None and raw.endswith("*"):
            raw, star = raw.rstrip("*"), "*"
        parts = tuple(fold(w.group(0)) for w in words(raw))
        if parts:
            terms.append(Term(parts, bool(star)))
    return terms


def word_places(text: str) -> list[tuple[int, int]]:
    """Where each word of ``text`` starts and ends (what :func:`hit_spans` and
    :func:`snippet` both need of a hit's minutes, so a search finds them once per text)."""
    return [m.span() for m in words(text)]


def hit_spans(text: str, terms: list[Term], places: list[tuple[int, int]] | None = None
              ) -> list[tuple[int, int]]:
    """Where the query's terms occur in ``text`` (character offsets, in order).

    Each term's first word is looked for in one pass over the folded words (a list
    comprehension), and only those places are checked further: the search page does this for
    every hit's minutes, thousands of words each. ``places``: :func:`word_places` of
    ``text``, if the caller has them."""
    found = word_places(text) if places is None else places
    folded_words = list(map(fold, WORD.findall(text)))
    spans = []
    for term in terms:
        n = len(term.words)
        first = term.words[0]
        if n == 1 and term.prefix:
            places = [i for i, w in enumerate(folded_words) if w.startswith(first)]
        else:
            places = [i for i, w in enumerate(folded_words) if w == first]
        for i in places:
            if i + n > len(folded_words):
                break
            if n > 1 and not (folded_words[i:i + n - 1] == list(term.words[:-1]) and
                              _last_matches(folded_words[i + n - 1], term)):
                continue
            spans.append((found[i][0], found[i + n - 1][1]))
    return sorted(set(spans))


def _last_matches(word: str, term: Term) -> bool:
    last = term.words[-1]
    return word.startswith(last) if term.prefix else word == last


def snippet(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_WORDS,
            places: list[tuple[int, int]] | None = None) -> list[dict[str, Any]]:
    """Pieces of ``text`` around the densest run of hits: ``{"text", "mark", "start", "end"}``
    (a piece with ``mark`` is a hit). Templates escape each piece; no markup is built here.
    ``places``: :func:`word_places` of ``text``, if the caller has them."""
    places = word_places(text) if places is None else places
    if not places:
        return []
    starts = [p[0] for p in places]
    first = _densest(starts, spans, width)
    lo = places[max(0, first - 4)][0] if spans else 0
    hi_word = min(len(places) - 1, max(0, first - 4) + width - 1)
    hi = places[hi_word][1]
    pieces: list[dict[str, Any]] = []
    if lo > 0:
        pieces.append({"text": "… ", "mark": False})
    pos = lo
    for start, end in spans:
        if start < pos or end > hi:
            continue
        if start > pos:
            pieces.append({"text": text[pos:start], "mark": False})
        pieces.append({"text": text[start:end], "mark": True, "start": start, "end": end})
        pos = end
    if hi > pos:
        pieces.append({"text": text[pos:hi], "mark": False})
    if hi < len(text.rstrip()):
        pieces.append({"text": " …", "mark": False})
    for piece in pieces:  # line breaks and runs of spaces read as one space in a snippet
        piece["text"] = SPACES.sub(" ", piece["text"])
    return pieces


def _densest(starts: list[int], spans: list[tuple[int, int]], width: int) -> int:
    """The index of the word that starts the window of ``width`` words with the most hits."""
    from bisect import bisect_left

    if not spans:
        return 0
    hit_words = [bisect_left(starts, s) for s, _e in spans[:500]]
    best, best_count = hit_words[0], 0
    for i, w in enumerate(hit_words):
        count = sum(1 for x in hit_words[i:] if x < w + width - 8)
        if count > best_count:
            best, best_count = w, count
    return best


@dataclass
class Hit:
    """One search result: the thing, what matched, and where."""

    iri: str
    kind: str
    meeting: str | None
    date: str | None
    labels: list[tuple[str, bool]]
    snippet: list[dict[str, Any]]
    spans: int  # how many hits the text has
    matched_label: tuple[str, bool] | None


@dataclass
class Results:
    """A page of hits, the total, and facet counts (value → count per facet)."""

    query: str
    terms: list[Term]
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    error: str | None = None


def _connect(path: Path | str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True, check_same_thread=False)


class Index:
    """An index file opened for searching, with its facet values held in memory.

    Counting facets over every hit is what costs on a common word (10,000 hits of 25,000
    items at a million triples): SQL takes ~70 ms, so the facet values of all items are read
    once into two arrays (item → its value ids, as offsets into one array) and counted with
    ``numpy.bincount`` (~1 ms). Ranking is FTS5's own ``rank`` (BM25, configured in the
    file), asked only for the page shown. Safe to share between threads: each thread keeps
    its own read-only connection (the file does not change while it is served), so a search
    neither opens the file again nor prepares its statements again (the connection's
    statement cache); a forked process opens its own.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._facets: tuple[Any, Any, list[tuple[str, str]]] | None = None
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        """This thread's read-only connection (a new one after a fork: SQLite connections
        must not cross processes)."""
        local = self._local
        pid = os.getpid()
        if getattr(local, "pid", None) != pid:
            local.db, local.pid = _connect(self.path), pid
        return local.db

    def _facet_arrays(self) -> tuple[Any, Any, list[tuple[str, str]]]:
        import numpy as np

        with self._lock:
            if self._facets is None:
                db = _connect(self.path)
                try:
                    rows = db.execute("SELECT item, facet, value FROM facets ORDER BY item")
                    ids: dict[tuple[str, str], int] = {}
                    items, values = [], []
                    for item, facet, value in rows:
                        items.append(item)
                        values.append(ids.setdefault((facet, value), len(ids)))
                finally:
                    db.close()
                item_arr = np.asarray(items, dtype=np.int64)
                size = int(item_arr.max()) + 2 if len(items) else 1
                starts = np.searchsorted(item_arr, np.arange(size, dtype=np.int64))
                self._facets = (starts, np.asarray(values, dtype=np.int64), list(ids))
            return self._facets

    def count_facets(self, rowids: Any) -> dict[str, list[tuple[str, int]]]:
        """Facet values with the number of ``rowids`` that have each, most first."""
        import numpy as np

        starts, values, names = self._facet_arrays()
        rowids = rowids[rowids < len(starts) - 1]
        first, lengths = starts[rowids], starts[rowids + 1] - starts[rowids]
        total = int(lengths.sum())
        if not total:
            return {}
        offsets = np.repeat(first - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        counts = np.bincount(values[offsets], minlength=len(names))
        out: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for i in np.flatnonzero(counts):
            facet, value = names[i]
            out[facet].append((value, int(counts[i])))
        for facet in out:
            out[facet].sort(key=lambda vn: (-vn[1], vn[0]))
        return dict(out)

    def search(self, query: str, filters: Iterable[tuple[str, str]] = (), page: int = 1,
               size: int = PAGE_SIZE) -> Results:
        """Hits for ``query`` (see :func:`parse_query`), best first, narrowed by ``filters``
        (``(facet, value)`` pairs, all of which must hold), ``size`` per page."""
        import numpy as np

        terms = parse_query(query)
        if not terms:
            return Results(query, terms, 0, [], {})
        where, args = "fts MATCH ?", [" AND ".join(t.fts() for t in terms)]
        for facet, value in filters:
            # "+": the filter is checked per hit; without it SQLite would look each item of
            # the filter up in FTS5 by rowid, matching the query again every time (100x slower)
            where += " AND +fts.rowid IN (SELECT item FROM facets WHERE facet = ? AND value = ?)"
            args += [facet, value]
        db = self._db()
        try:
            found = np.fromiter((r for (r,) in db.execute(
                f"SELECT fts.rowid FROM fts WHERE {where}", args)), dtype=np.int64)
            best = [r for (r,) in db.execute(
                f"SELECT fts.rowid FROM fts WHERE {where} ORDER BY rank LIMIT ? OFFSET ?",
                [*args, size, (max(1, page) - 1) * size])]
            rows = {r[0]: r[1:] for r in db.execute(
                "SELECT id, iri, kind, labels, text, meeting, date FROM items WHERE id IN "
                f"({','.join('?' * len(best))})", best)} if best else {}
        except sqlite3.OperationalError as err:
            return Results(query, terms, 0, [], {}, error=str(err))
        hits = [_hit(rows[r], terms) for r in best if r in rows]
        return Results(query, terms, len(found), hits, self.count_facets(found))


def search(path: Path | str, query: str, filters: Iterable[tuple[str, str]] = (),
           page: int = 1, size: int = PAGE_SIZE) -> Results:
    """:meth:`Index.search` on the file at ``path`` (opened for this one search)."""
    return Index(path).search(query, filters, page, size)


def _hit(row: tuple[Any, ...], terms: list[Term]) -> Hit:
    iri, kind, labels_json, text, meeting, date = row
    labels = [(t, bool(a)) for t, a in json.loads(labels_json or "[]")]
    matched = next((entry for entry in labels if hit_spans(entry[0], terms)), None)
    if not text:
        return Hit(iri, kind, meeting, date, labels, [], 0, matched)
    places = word_places(text)
    spans = hit_spans(text, terms, places)
    return Hit(iri, kind, meeting, date, labels, snippet(text, spans, places=places),
               len(spans), matched)


def index_store(store_dir: Path | str, path: Path | str, base: str, stamp: str) -> None:
    """:func:`write_index` of the closed store in ``store_dir``, opened read-only."""
    store = ox.Store.read_only(str(store_dir))
    try:
        write_index(store, path, base, stamp)
    finally:
        del store


def main(argv: list[str]) -> None:
    """``python -m libgraph.fulltext STORE INDEX BASE STAMP``: the build runs this in another
    process as soon as its store is closed (``build/write.py``)."""
    index_store(*argv)


if __name__ == "__main__":
    main(sys.argv[1:])
