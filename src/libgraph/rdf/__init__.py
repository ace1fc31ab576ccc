"""Mapping extraction records to RDF: stable IRIs, the ontology's terms, evidence."""

from .mapping import GraphBuilder

__all__ = ["GraphBuilder"]
