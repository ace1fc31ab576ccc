"""Stable IRIs for everything libgraph mints.

The same input gives the same IRIs on any machine: slugs come from names through one
transliteration (``textnorm.slugify``) and hashes from document content, never from run order,
time or randomness. Things that can only be told apart inside one document (a person known
only as "Anna-Karin", a decision) carry the document's hash prefix.
"""

from __future__ import annotations

import hashlib

from rdflib import URIRef

from ..ns import DEFAULT_BASE
from ..resolve.textnorm import slugify


def short_hash(*parts: object, length: int = 12) -> str:
    data = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return hashlib.sha1(data).hexdigest()[:length]


def slug(name: str) -> str:
    """``slugify(name)``, or for a name with no letters or digits (".", "–") a hash of it,
    so that no IRI ends in an empty or dot segment (``id/project/`` is the collection, not
    a project, and is not a valid node of its own)."""
    return slugify(name) or f"x{short_hash(name, length=10)}"


class IriMinter:
    """Mints ``{base}id/{kind}/{slug}`` IRIs."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith("/") else base + "/"

    def iri(self, kind: str, slug: str) -> URIRef:
        return URIRef(f"{self.base}id/{kind}/{slug}")

    def country(self, code: str) -> URIRef:
        return self.iri("country", code.lower())

    def area(self, kind: str, country: str, code: str) -> URIRef:
        return self.iri(kind, f"{country.lower()}-{code}")

    def minutes(self, sha256: str) -> URIRef:
        return self.iri("minutes", sha256[:16])

    def person(self, name: str, country: str | None, doc_sha: str | None = None) -> URIRef:
        """One IRI per full name within a country's cooperation networks.

        A full name in the minutes of one country is one person across documents; the same
        name in another country's minutes is not merged automatically (curation can merge
        it). Short forms that only one document can resolve are scoped to that document."""
        key = f"{(country or 'xx').lower()}-{slug(name)}"
        return self.iri("person", f"{key}-{doc_sha[:8]}" if doc_sha else key)

    def organization(self, key: str) -> URIRef:
        return self.iri("org", slug(key))

    def library_of(self, country: str, code: str) -> URIRef:
        return self.iri("org", f"library-{country.lower()}-{code}")

    def project(self, name: str) -> URIRef:
        return self.iri("project", slug(name))

    def place(self, country: str | None, name: str) -> URIRef:
        return self.iri("place", f"{(country or 'xx').lower()}-{slug(name)}")

    def meeting(self, doc_sha: str, index: int, name: str | None, start: str | None) -> URIRef:
        key = "-".join(p for p in (start or "undated", slugify(name or "meeting")[:40]) if p)
        return self.iri("meeting", f"{key}-{doc_sha[:6]}{'-' + str(index) if index else ''}")

    def meeting_of(self, organizer: URIRef, start: str, meeting_type: str) -> URIRef:
        """A meeting named by who held it, when and what kind: every document about it (the
        announcement, the minutes) names the same meeting."""
        org = str(organizer).rstrip("/").rsplit("/", 1)[-1]
        return self.iri("meeting", f"{start}-{slugify(meeting_type)[:30]}-{org}")

    def local(self, kind: str, doc_sha: str, *parts: object) -> URIRef:
        """Things that exist only within one document: decisions, actions, grants, mentions."""
        return self.iri(kind, f"{doc_sha[:8]}-{short_hash(*parts)}")

    def membership(self, person: URIRef, org: URIRef) -> URIRef:
        return self.iri("membership", short_hash(person, org, length=16))
