"""Terms written as rdflib's N-Triples serializer (``_nt_row``) writes them.

The build writes pieces without rdflib (``build/ntriples.py``), and the evidence of a mention
straight as lines (``evidence.py``): both use these, so that the text is rdflib's to the byte
(``test_piece_lines_are_what_rdflib_writes``).
"""

from __future__ import annotations

import re

_BAD_IRI = re.compile(r'[<>" {}|\\^`]')


def nt_iri(iri: str) -> str:
    """``<iri>``; rdflib refuses the same IRIs with the same message."""
    if _BAD_IRI.search(iri):
        raise ValueError(f'"{iri}" does not look like a valid URI')
    return f"<{iri}>"


def nt_literal(lexical: str, datatype: str | None = None, language: str | None = None) -> str:
    """A literal: quoted and escaped, then its language tag or datatype."""
    escaped = lexical.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
    encoded = '"' + escaped.replace("\r", "\\r") + '"'
    if language:
        return f"{encoded}@{language}"
    if datatype:
        return f"{encoded}^^<{datatype}>"
    return encoded
