"""The explorer's per-app state and the per-request page context.

Nothing here is module-global: :class:`Explorer` lives in ``app.extensions["libgraph"]``, so
two apps (two builds, or a test app next to a served one) never share a store, a cache or a
SPARQL worker pool.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import current_app, request

from .backend import Backend, Term
from .labelling import Labeller, normalise_lang
from .rdfterms import curie, external_href, href, iri_kind, literal_lang


@dataclass
class Explorer:
    """Everything one app needs: the backend, the data base IRI and lazily built caches."""

    backend: Backend
    base: str
    sparql: Any = None  # a SparqlService, created by the sparql blueprint
    _caches: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def cached(self, key: str, build: Callable[[], Any]) -> Any:
        """A value computed once per app (search index, property labels, named queries)."""
        with self._lock:
            if key not in self._caches:
                self._caches[key] = build()
            return self._caches[key]


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

    def href(self, iri: str) -> str:
        """The local link for ``iri``, keeping an explicit ``?lang=`` choice."""
        target = href(iri, self.base)
        if not self.lang_explicit:
            return target
        joiner = "&" if "?" in target else "?"
        return f"{target}{joiner}{urlencode({'lang': self.lang})}"

    def link(self, iri: str) -> dict[str, Any]:
        """``{iri, label, href, lang, kind, external}`` for a template or a JSON client."""
        return {"iri": iri, "label": self.labeller.label(iri), "href": self.href(iri),
                "lang": self.labeller.label_lang(iri), "kind": iri_kind(iri, self.base),
                "external": external_href(iri)}

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


def page_context(lang: str | None = None) -> Ctx:
    """The context for the current request (``?lang=`` chooses the label language)."""
    app_state = explorer()
    requested = lang if lang is not None else request.args.get("lang")
    chosen = normalise_lang(requested, current_app.config["DEFAULT_LANG"])
    from .data.minutes_text import highlight_range

    return Ctx(app_state.backend, app_state.base, chosen, requested == chosen,
               Labeller(app_state.backend, chosen), highlight_range(request.args.get("hl")))
