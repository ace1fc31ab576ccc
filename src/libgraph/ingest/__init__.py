"""Ingest: minutes files (txt, md, html, docx, pdf) to normalised, identified Documents.

``discover`` lists the files to read, ``read_document`` turns one into a
:class:`Document` (normalised text, sha256, language, format, encoding, title) or raises an
:class:`IngestError` that names the file and the reason.
"""

from libgraph.ingest.discover import discover
from libgraph.ingest.formats import SUPPORTED_SUFFIXES
from libgraph.ingest.language import detect_language, language_override
from libgraph.ingest.model import COUNTRY_OF_LANGUAGE, LANGUAGES, Document, IngestError
from libgraph.ingest.normalise import normalise_text
from libgraph.ingest.reader import document_text, document_title, read_document

__all__ = [
    "COUNTRY_OF_LANGUAGE",
    "LANGUAGES",
    "SUPPORTED_SUFFIXES",
    "Document",
    "IngestError",
    "detect_language",
    "discover",
    "document_text",
    "document_title",
    "language_override",
    "normalise_text",
    "read_document",
]
