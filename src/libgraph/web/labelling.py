"""Labels for everything a page shows, fetched in batches, chosen by :mod:`libgraph.labels`.

``libgraph.labels`` is the project's one rule for which label to show (property order, then
the asked language, untagged, sv → nb → nn → da → en, then any). This module only adds what a
web page needs on top: fetching the literals of many IRIs in one round trip through the
explorer's backend (so it works on a remote endpoint too), and the language tag of the chosen
literal for the HTML ``lang`` attribute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyoxigraph as ox

from .. import labels as shared
from .backend import Backend, LocalBackend, iter_chunks
from .rdfterms import is_iri, values_clause

LANGUAGES = shared.LANGUAGES
LABEL_PROPERTIES = shared.LABEL_PROPERTIES


def normalise_lang(lang: str | None, default: str = "sv") -> str:
    """A language the explorer knows, from a user-supplied ``?lang=`` value."""
    return lang if lang in LANGUAGES else default


def fetch_into(backend: Backend, iris: Iterable[str], into: shared.Labels) -> None:
    """Add every label literal of ``iris`` to ``into`` (in chunks of VALUES)."""
    # FILTER(?p IN ...) rather than VALUES ?p: Oxigraph then looks up by subject, which is
    # a hundred times faster on a large graph.
    props = ", ".join(f"<{p}>" for p in LABEL_PROPERTIES)
    for chunk in iter_chunks(sorted(i for i in set(iris) if is_iri(i)), 400):
        query = (f"SELECT ?s ?p ?o WHERE {{ {values_clause('s', chunk)} ?s ?p ?o . "
                 f"FILTER(?p IN ({props}) && isLiteral(?o)) }}")
        for row in backend.select(query):
            literal = row["o"]
            into.add(row["s"].value, row["p"].value, getattr(literal, "language", None) or "",
                     literal.value)


def load_all(backend: LocalBackend, skip: str) -> dict[str, Literals] | None:
    """Every label literal of the graph, by IRI and property, but for IRIs under ``skip``
    (the mentions: a third of a real build's triples, and no page shows their labels); None
    if that is more than ``KNOWN_LIMIT`` IRIs.

    The graph does not change while the app runs, so a page then asks the store for no
    label but a mention's. Literals come in the store's order, as :func:`fetch_into` gets
    them (the order decides the ``lang`` tag of a label written alike in two languages).
    """
    found: dict[str, dict[str, list[shared.Literal]]] = {}
    graph = ox.DefaultGraph()
    for prop in LABEL_PROPERTIES:
        for quad in backend.store.quads_for_pattern(None, ox.NamedNode(prop), None, graph):
            subject, literal = quad.subject, quad.object
            if (not isinstance(subject, ox.NamedNode) or not isinstance(literal, ox.Literal)
                    or subject.value.startswith(skip)):
                continue
            by_prop = found.get(subject.value)
            if by_prop is None:
                if len(found) >= KNOWN_LIMIT:
                    return None
                by_prop = found[subject.value] = {}
            by_prop.setdefault(prop, []).append(((literal.language or "").lower(),
                                                 literal.value))
    return {iri: {p: tuple(v) for p, v in by_prop.items()} for iri, by_prop in found.items()}


KNOWN_LIMIT = 500_000  # IRIs whose label literals an app keeps (see Labeller)
CHOSEN_LIMIT = 100_000  # IRIs whose chosen label an app keeps, per language (5)

Choice = tuple[str | None, str | None]

Literals = dict[str, tuple[shared.Literal, ...]]


class Labeller:
    """Labels for one page in one language: prefetch in batches, then look up.

    ``known`` is the app's store of label literals already fetched (IRI → literals by
    property; an IRI without labels maps to ``{}``), shared by every page: the graph does not
    change while the app runs, so a country, a topic or a property is asked about once, not on
    every page. It stops growing at ``KNOWN_LIMIT`` IRIs; None means nothing is shared.

    ``chosen`` is the app's store of labels already chosen in this language (IRI → label and
    tag), shared by every page in it, so that a thing shown on many pages is not weighed
    again on each (a list page links a few hundred things); None keeps them for one page.
    """

    def __init__(self, backend: Backend, lang: str,
                 known: dict[str, Literals] | None = None,
                 chosen: dict[str, Choice] | None = None,
                 complete: Callable[[str], bool] | None = None) -> None:
        self.backend = backend
        self.lang = lang
        self._known = known
        self._complete = complete  # IRIs whose labels are all in ``known`` if they have any
        self._local: dict[str, Literals] = {}
        self._fetched: set[str] = set()
        self._chosen: dict[str, Choice] = {} if chosen is None else chosen
        self._shared = chosen is not None

    def prefetch(self, iris: Iterable[str]) -> None:
        """Fetch the labels of ``iris`` not known yet, in one round trip."""
        missing = {i for i in iris if i not in self._fetched}
        if not missing:
            return
        self._fetched.update(missing)
        known = self._known
        unknown = missing if known is None else {i for i in missing if i not in known}
        if self._complete is not None:
            unknown = {i for i in unknown if not self._complete(i)}
        if not unknown:
            return
        labels = shared.Labels()
        fetch_into(self.backend, unknown, labels)
        room = known is not None and len(known) < KNOWN_LIMIT
        for iri in unknown:
            literals = {p: tuple(v) for p, v in labels.literals(iri).items()}
            self._local[iri] = literals
            if room:
                known[iri] = literals  # type: ignore[index]

    def _literals(self, iri: str) -> Literals:
        found = self._local.get(iri)
        if found is None and self._known is not None:
            found = self._known.get(iri)
        return found or {}

    def _choice(self, iri: str) -> Choice:
        """The chosen label and its language tag, worked out once per IRI (and page, or app
        when ``chosen`` is shared)."""
        choice = self._chosen.get(iri)
        if choice is None:
            if iri not in self._fetched:
                self.prefetch([iri])
            literals = self._literals(iri)
            chosen = shared.choose(literals, self.lang)  # type: ignore[arg-type]
            tag = next((t for prop in LABEL_PROPERTIES for t, text in literals.get(prop, ())
                        if text == chosen), None) if chosen is not None else None
            choice = (chosen, tag or None)
            if not self._shared or len(self._chosen) < CHOSEN_LIMIT:
                self._chosen[iri] = choice
        return choice

    def text(self, iri: str) -> str | None:
        """The chosen label, or None when the graph has none (fetched on demand)."""
        return self._choice(iri)[0]

    def label(self, iri: str) -> str:
        """The chosen label, or the IRI's last segment (the project's label of last resort)."""
        return self._choice(iri)[0] or shared.local_name(iri)

    def label_lang(self, iri: str) -> str | None:
        """The language tag of the chosen label, for the ``lang`` attribute (None if untagged)."""
        return self._choice(iri)[1]
