"""Labels for everything a page shows, fetched in batches, chosen by :mod:`libgraph.labels`.

``libgraph.labels`` is the project's one rule for which label to show (property order, then
the asked language, untagged, sv → nb → nn → da → en, then any). This module only adds what a
web page needs on top: fetching the literals of many IRIs in one round trip through the
explorer's backend (so it works on a remote endpoint too), and the language tag of the chosen
literal for the HTML ``lang`` attribute.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import labels as shared
from .backend import Backend, iter_chunks
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


class Labeller:
    """Labels for one page in one language: prefetch in batches, then look up."""

    def __init__(self, backend: Backend, lang: str) -> None:
        self.backend = backend
        self.lang = lang
        self._labels = shared.Labels()
        self._fetched: set[str] = set()

    def prefetch(self, iris: Iterable[str]) -> None:
        """Fetch the labels of ``iris`` not fetched yet, in one round trip."""
        missing = {i for i in iris if i not in self._fetched}
        if missing:
            fetch_into(self.backend, missing, self._labels)
            self._fetched.update(missing)

    def text(self, iri: str) -> str | None:
        """The chosen label, or None when the graph has none (fetched on demand)."""
        self.prefetch([iri])
        return shared.choose(self._labels.literals(iri), self.lang)

    def label(self, iri: str) -> str:
        """The chosen label, or the IRI's last segment (the project's label of last resort)."""
        return self.text(iri) or shared.local_name(iri)

    def label_lang(self, iri: str) -> str | None:
        """The language tag of the chosen label, for the ``lang`` attribute (None if untagged)."""
        chosen = self.text(iri)
        literals = self._labels.literals(iri)
        for prop in LABEL_PROPERTIES:
            for tag, text in literals.get(prop, []):
                if text == chosen:
                    return tag or None
        return None
