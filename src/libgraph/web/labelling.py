"""Labels with language fallback, fetched in batches for everything a page shows.

The project's single source for label choice is meant to be ``libgraph.labels`` (a colleague's
module). Until it exists, :func:`choose_label` below is the explorer's one function for it, so
that switching over later is a one-line change. Order: the requested language, then untagged
literals (names written in the minutes carry no tag), then sv → nb → nn → da → en, then anything.
Within a language, skos:prefLabel beats rdfs:label beats schema:name, foaf:name, dcterms:title.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from .backend import Backend, iter_chunks
from .rdfterms import curie, values_clause

FALLBACK = ("sv", "nb", "nn", "da", "en")
LANGUAGES = FALLBACK
LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://schema.org/name",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
)
_PROP_RANK = {p: i for i, p in enumerate(LABEL_PROPERTIES)}


def normalise_lang(lang: str | None, default: str = "sv") -> str:
    """A language the explorer knows, from a user-supplied ``?lang=`` value."""
    return lang if lang in LANGUAGES else default


def _lang_rank(literal: ox.Literal, lang: str) -> int:
    tag = (literal.language or "").lower()
    if tag == lang or tag.startswith(lang + "-"):
        return 0
    if not tag:
        return 1
    base = tag.split("-")[0]
    return 2 + FALLBACK.index(base) if base in FALLBACK else 2 + len(FALLBACK)


def choose_label(candidates: Iterable[tuple[str, ox.Literal]], lang: str) -> ox.Literal | None:
    """The best label among ``(property IRI, literal)`` pairs for the language ``lang``."""
    pairs = list(candidates)
    ranked = sorted(pairs, key=lambda pl: (_lang_rank(pl[1], lang),
                                           _PROP_RANK.get(pl[0], 99), pl[1].value))
    return ranked[0][1] if ranked else None


def fetch_label_literals(backend: Backend,
                         iris: Iterable[str]) -> dict[str, list[tuple[str, ox.Literal]]]:
    """Every label literal of every IRI, in batches of VALUES."""
    found: dict[str, list[tuple[str, ox.Literal]]] = defaultdict(list)
    unique = sorted({i for i in iris})
    props = " ".join(f"<{p}>" for p in LABEL_PROPERTIES)
    for chunk in iter_chunks(unique, 400):
        query = (f"SELECT ?s ?p ?o WHERE {{ {values_clause('s', chunk)} VALUES ?p {{ {props} }} "
                 "?s ?p ?o . FILTER(isLiteral(?o)) }")
        for row in backend.select(query):
            found[row["s"].value].append((row["p"].value, row["o"]))  # type: ignore[arg-type]
    return found


class Labeller:
    """Labels for a page: one batch query, then a language-aware pick per IRI."""

    def __init__(self, backend: Backend, lang: str) -> None:
        self.backend = backend
        self.lang = lang
        self._literals: dict[str, list[tuple[str, ox.Literal]]] = {}

    def prefetch(self, iris: Iterable[str]) -> None:
        """Fetch the labels of ``iris`` not fetched yet, in one round trip."""
        missing = [i for i in set(iris) if i not in self._literals]
        if not missing:
            return
        found = fetch_label_literals(self.backend, missing)
        for iri in missing:
            self._literals[iri] = found.get(iri, [])

    def literal(self, iri: str) -> ox.Literal | None:
        """The chosen label literal (fetched on demand if not prefetched)."""
        self.prefetch([iri])
        return choose_label(self._literals.get(iri, []), self.lang)

    def label(self, iri: str) -> str:
        """The chosen label text, or the prefixed name / IRI when there is none."""
        chosen = self.literal(iri)
        return chosen.value if chosen is not None else curie(iri)

    def label_lang(self, iri: str) -> str | None:
        """The language tag of the chosen label (for the ``lang`` attribute in HTML)."""
        chosen = self.literal(iri)
        return chosen.language if chosen is not None and chosen.language else None
