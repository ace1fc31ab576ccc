"""Extraction: recognisers that turn a document's text into the extraction record."""

from .pipeline import RECOGNISERS, extract

__all__ = ["RECOGNISERS", "extract"]
