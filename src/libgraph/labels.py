"""The one place that turns an IRI into a human label in a wanted language.

Every view (the comparison, the explorer, reports) shows the same name for the same thing, and
the language fallback is decided here only. A thing's label is looked for in these properties,
in this order: ``skos:prefLabel``, ``rdfs:label``, ``foaf:name``, ``schema:name``. Within the
first property that has any value, the literal is chosen by language:

1. the asked language (``sv``, ``nb``, ``nn``, ``da``, ``en``);
2. an untagged literal (a name as written, e.g. an organisation's ``skos:prefLabel``): it is
   in no particular language, so it beats a translation into another one;
3. the fallback chain ``sv → nb → nn → da → en`` (:data:`FALLBACK`);
4. any other language tag, alphabetically (so the choice never depends on store order).

A thing with no label at all is shown by the last segment of its IRI.

``label()`` accepts either a pyoxigraph store (one query per call: fine for a page) or a
:class:`Labels` index filled once by :func:`fetch_labels` (one query per 500 IRIs: use it when
labelling a whole network). :func:`label_sparql` writes the same rule as SPARQL, for queries
that should return labels themselves and for "show the SPARQL".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from .ns import FOAF, RDFS, SCHEMA, SKOS

LANGUAGES = ("sv", "nb", "nn", "da", "en")
FALLBACK = LANGUAGES
LABEL_PROPERTIES = (str(SKOS.prefLabel), str(RDFS.label), str(FOAF.name), str(SCHEMA.name))

Literal = tuple[str, str]  # (language tag or "", text)


class Labels:
    """Label literals per IRI and property, as fetched from a store; a lookup for :func:`label`."""

    def __init__(self) -> None:
        self._by_iri: dict[str, dict[str, list[Literal]]] = defaultdict(lambda: defaultdict(list))

    def add(self, iri: str, prop: str, language: str, text: str) -> None:
        """Record one label literal (``language`` is "" for an untagged literal)."""
        self._by_iri[iri][prop].append((language.lower(), text))

    def literals(self, iri: str) -> Mapping[str, list[Literal]]:
        """The label literals of ``iri`` by property IRI (empty when unknown)."""
        return self._by_iri.get(iri, {})

    def __contains__(self, iri: object) -> bool:
        return iri in self._by_iri


def label(store_or_labels: ox.Store | Labels, iri: str, lang: str = "en") -> str:
    """The label of ``iri`` in ``lang`` by the module's fallback rule; never empty."""
    iri = _plain_iri(iri)
    labels = store_or_labels
    if not isinstance(labels, Labels):
        labels = fetch_labels(labels, [iri])
    return choose(labels.literals(iri), lang) or local_name(iri)


def choose(literals: Mapping[str, list[Literal]], lang: str) -> str | None:
    """The best literal of the first label property that has one, or None."""
    for prop in LABEL_PROPERTIES:
        values = literals.get(prop)
        if values:
            return _by_language(values, lang)
    return None


def _by_language(values: list[Literal], lang: str) -> str:
    order = [lang.lower(), "", *FALLBACK]
    for wanted in order:
        texts = sorted(text for tag, text in values if tag == wanted)
        if texts:
            return texts[0]
    return sorted(values)[0][1]


def local_name(iri: str) -> str:
    """The last path or fragment segment of an IRI: the label of last resort."""
    tail = iri.rstrip("/#")
    return tail.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def labels_query(iris: Iterable[str]) -> str:
    """SPARQL returning ``?s ?p ?label`` for every label literal of the given IRIs."""
    values = " ".join(f"<{_plain_iri(i)}>" for i in iris)
    props = " ".join(f"<{p}>" for p in LABEL_PROPERTIES)
    return (
        "SELECT ?s ?p ?label WHERE {\n"
        f"  VALUES ?s {{ {values} }}\n"
        f"  VALUES ?p {{ {props} }}\n"
        "  ?s ?p ?label .\n"
        "  FILTER(isLiteral(?label))\n"
        "}"
    )


def fetch_labels(store: ox.Store, iris: Iterable[str], into: Labels | None = None) -> Labels:
    """Fetch the label literals of ``iris`` (in chunks, to keep each query small)."""
    labels = into if into is not None else Labels()
    wanted = sorted({_plain_iri(i) for i in iris})
    # one index look-up per (IRI, property) in the default graph, as labels_query asks:
    # 50x faster than the VALUES query for thousands of IRIs (17 s → 0.3 s for 11,000)
    properties = [ox.NamedNode(p) for p in LABEL_PROPERTIES]
    for iri in wanted:
        subject = ox.NamedNode(iri)
        for prop in properties:
            for quad in store.quads_for_pattern(subject, prop, None, ox.DefaultGraph()):
                literal = quad.object
                if isinstance(literal, ox.Literal):
                    labels.add(iri, prop.value, literal.language or "", literal.value)
    return labels


def label_sparql(var: str, lang: str = "en", out: str | None = None) -> str:
    """SPARQL lines binding ``?{out}`` (default ``?{var}Label``) to the label of ``?{var}``.

    The same rule as :func:`label`, written as OPTIONALs and one COALESCE; paste it into a
    WHERE clause. Two simplifications keep it one row per solution and cheap: languages outside
    :data:`LANGUAGES` are not tried (the IRI's last segment is used instead), and a thing is
    assumed to have at most one literal per property and language, as every libgraph graph does
    (docs/graph.md). The Python path (:func:`label`) is the reference.
    """
    out = out or f"{var}Label"
    order = [lang.lower(), "", *(code for code in FALLBACK if code != lang.lower())]
    lines, names = [], []
    for p_index, prop in enumerate(LABEL_PROPERTIES):
        for l_index, code in enumerate(order):
            name = f"?_{var}_l{p_index}{l_index}"
            names.append(name)
            lines.append(f"  OPTIONAL {{ ?{var} <{prop}> {name} . "
                         f"FILTER(isLiteral({name}) && LANG({name}) = \"{code}\") }}")
    fallback = f'REPLACE(STR(?{var}), "^.*[/#]", "")'
    lines.append(f"  BIND(COALESCE({', '.join(names)}, {fallback}) AS ?{out})")
    return "\n".join(lines)


def _plain_iri(iri: str | ox.NamedNode) -> str:
    """Accept ``<iri>``, a NamedNode or a bare string, and return the bare IRI."""
    if isinstance(iri, ox.NamedNode):
        return iri.value
    return iri[1:-1] if iri.startswith("<") and iri.endswith(">") else iri
