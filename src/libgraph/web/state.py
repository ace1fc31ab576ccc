"""The explorer's per-app state and the per-request page context.

Nothing here is module-global: :class:`Explorer` lives in ``app.extensions["libgraph"]``, so
two apps (two builds, or a test app next to a served one) never share a store, a cache or a
SPARQL worker pool.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import current_app, request

from .backend import Backend, LocalBackend, Term
from .data.evidence import Witnesses
from .labelling import Labeller, load_all, normalise_lang
from .language import COOKIE
from .rdfterms import curie, external_href, href, iri_kind, literal_lang

MEMO_LIMIT = 4096
LINKS_LIMIT = 50_000  # link dicts an app keeps per language and way it was chosen (10 kinds)


@dataclass
class Explorer:
    """Everything one app needs: the backend, the data base IRI and lazily built caches."""

    backend: Backend
    base: str
    sparql: Any = None  # a SparqlService, created by the sparql blueprint
    responses: Any = None  # the ByteLRU of rendered responses (cache.py), if enabled
    gate: Any = None  # the FifoGate pages are rendered through (gate.py), over a local build
    labels: dict[str, Any] | None = None  # label literals by IRI, shared by pages (Labeller)
    cells: dict[Any, Any] | None = None  # list-row cells by column and item (data/lists.py)
    chosen: dict[str, dict[str, Any]] | None = None  # chosen labels by language (Labeller)
    links: dict[tuple[str, bool], dict[str, Any]] | None = None  # link dicts (Ctx.link)
    _caches: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _key_locks: dict[str, threading.RLock] = field(default_factory=dict)
    _memo: OrderedDict[str, Any] = field(default_factory=OrderedDict)

    def cached(self, key: str, build: Callable[[], Any]) -> Any:
        """A value computed once per app (search index, list order, facets, named queries).

        The graph never changes while the app runs, so these never go stale. Each key has
        its own lock: one slow computation does not hold up the others, and a computation may
        use other cached values.
        """
        if key in self._caches:
            return self._caches[key]
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.RLock())
        with key_lock:
            if key not in self._caches:
                self._caches[key] = build()
            return self._caches[key]

    def label_store(self) -> tuple[dict[str, Any] | None, Callable[[str], bool] | None]:
        """The app's label literals and which IRIs they are complete for: on a build, every
        label but the mentions', loaded at the first page (see ``labelling.load_all``)."""
        if self.labels is None or not isinstance(self.backend, LocalBackend):
            return self.labels, None
        skip = self.base + "id/mention/"
        loaded = self.cached("labels-loaded", lambda: load_all(self.backend, skip))
        if loaded is None:  # too many: fetched as pages ask
            return self.labels, None
        with self._lock:
            if "labels-merged" not in self._caches:
                self.labels.update(loaded)
                self._caches["labels-merged"] = True
        return self.labels, lambda iri: not iri.startswith(skip)

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """A small value that depends on the request (facet counts under given filters),
        kept for the last ``MEMO_LIMIT`` keys. Two threads may both build a missing value;
        they get equal results, as the graph is fixed."""
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = build()
        with self._lock:
            self._memo[key] = value
            while len(self._memo) > MEMO_LIMIT:
                self._memo.popitem(last=False)
        return value

    def cached_async(self, key: str, build: Callable[[], Any], wait: float) -> Any | None:
        """Like :meth:`cached`, but give up after ``wait`` seconds and return None while a
        background thread finishes (for figures that take minutes on a large graph)."""
        if key in self._caches:
            return self._caches[key]
        with self._lock:
            thread = self._caches.get("thread:" + key)
            if thread is None:
                thread = threading.Thread(target=self.cached, args=(key, build), daemon=True,
                                          name=f"libgraph-{key}")
                self._caches["thread:" + key] = thread
                thread.start()
        thread.join(timeout=wait)
        return self._caches.get(key)


def explorer() -> Explorer:
    """The current app's :class:`Explorer`."""
    return current_app.extensions["libgraph"]  # type: ignore[no-any-return]


@dataclass
class Ctx:
    """What data functions need to turn IRIs into labelled links for one request."""

    backend: Backend
    base: str
    lang: str
    lang_explicit: bool
    labeller: Labeller
    highlight: tuple[int, int] | None = None
    cache: Callable[[str, Callable[[], Any]], Any] = lambda _key, build: build()
    memo: Callable[[str, Callable[[], Any]], Any] = lambda _key, build: build()
    cells: dict[Any, Any] | None = None  # the app's list-row cells, when the graph is fixed
    links: dict[str, dict[str, Any]] | None = None  # the app's link dicts for this language
    _hrefs: dict[str, str] = field(default_factory=dict)
    _witnesses: Any = None

    def __post_init__(self) -> None:
        self._lang_arg = urlencode({"lang": self.lang})

    def href(self, iri: str) -> str:
        """The local link for ``iri``, keeping an explicit ``?lang=`` choice."""
        known = self._hrefs.get(iri)
        if known is not None:
            return known
        target = href(iri, self.base)
        if self.lang_explicit:
            joiner = "&" if "?" in target else "?"
            target = f"{target}{joiner}{self._lang_arg}"
        self._hrefs[iri] = target
        return target

    def link(self, iri: str) -> dict[str, Any]:
        """``{iri, label, href, lang, kind, external}`` for a template or a JSON client.

        On a fixed graph a link depends only on the IRI, the label language and whether
        that was chosen in the URL, so the app keeps each one made (``links``) and a page
        gets a copy of it (callers may change their dict)."""
        links = self.links
        if links is not None:
            known = links.get(iri)
            if known is not None:
                return dict(known)
        made = {"iri": iri, "label": self.labeller.label(iri), "href": self.href(iri),
                "lang": self.labeller.label_lang(iri), "kind": iri_kind(iri, self.base),
                "external": external_href(iri)}
        if links is not None and len(links) < LINKS_LIMIT:
            links[iri] = dict(made)
        return made

    def witnesses(self) -> Witnesses:
        """The evidence finder of this page (one per request, filled as sections ask)."""
        if self._witnesses is None:
            self._witnesses = Witnesses(self.backend, self.base,
                                        self.lang if self.lang_explicit else None, self.memo)
        return self._witnesses

    def label(self, term: Term) -> str:
        """The label of an IRI term, or the text of any other term."""
        return self.labeller.label(term.value) if isinstance(term, ox.NamedNode) else term.value

    def value(self, term: Term) -> dict[str, Any]:
        """A statement's object as a plain dict (IRI link, literal with language/datatype)."""
        if isinstance(term, ox.NamedNode):
            return {"type": "iri", **self.link(term.value)}
        if isinstance(term, ox.BlankNode):
            return {"type": "bnode", "label": "_:" + term.value, "iri": None, "href": None}
        literal = term
        datatype = None
        if isinstance(literal, ox.Literal) and not literal.language:
            dt = literal.datatype.value
            datatype = None if dt.endswith("#string") else curie(dt)
        return {"type": "literal", "label": literal.value, "lang": literal_lang(literal),
                "datatype": datatype}


def chosen_lang(requested: str | None = None) -> str:
    """The label language of this request: ``?lang=``, else the reader's earlier choice (the
    ``lang`` cookie), else the app's default. The choice holds on every page until changed."""
    default = current_app.config["DEFAULT_LANG"]
    if requested is None:
        requested = request.args.get("lang")
    if requested is None or normalise_lang(requested, "") == "":
        requested = request.cookies.get(COOKIE)
    return normalise_lang(requested, default)


def highlight_range(raw: str | None) -> tuple[int, int] | None:
    """``?hl=12-40`` as a pair, or None for a missing or malformed value (here, where the
    request becomes a :class:`Ctx`, so that no page module is imported back from here)."""
    if not raw:
        return None
    start, sep, end = raw.partition("-")
    if not (sep and start.isdigit() and end.isdigit() and len(raw) < 24):
        return None
    return int(start), int(end)


def page_context(lang: str | None = None) -> Ctx:
    """The context for the current request (``?lang=`` chooses the label language)."""
    app_state = explorer()
    requested = lang if lang is not None else request.args.get("lang")
    chosen = chosen_lang(requested)
    explicit = requested == chosen
    known, complete = app_state.label_store()
    labels = None if app_state.chosen is None else app_state.chosen.setdefault(chosen, {})
    links = None if app_state.links is None else app_state.links.setdefault((chosen, explicit),
                                                                           {})
    return Ctx(app_state.backend, app_state.base, chosen, explicit,
               Labeller(app_state.backend, chosen, known, labels, complete),
               highlight_range(request.args.get("hl")), app_state.cached, app_state.memo,
               app_state.cells, links)
