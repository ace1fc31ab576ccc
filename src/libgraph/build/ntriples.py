"""The N-Triples text of a piece, written exactly as rdflib's serializer writes it.

A piece is a document's (or the static part's) triples as sorted, unique N-Triples lines; the
merge of sorted pieces is ``graph.nt``. Writing the lines here instead of through rdflib is
what keeps mapping cheap (``test_piece_lines_are_what_rdflib_writes`` checks the agreement).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import rdflib.plugins.serializers.nt  # noqa: F401  (registers the "_rdflib_nt_escape" codec)
from rdflib import Literal, URIRef

from ..rdf.ntterms import nt_iri, nt_literal


class TripleSink:
    """Just enough of an rdflib Graph for the mapper: a set of triples, no indexes.

    The mapper only adds triples; rdflib's memory store spends most of the mapping time
    keeping indexes that a per-document piece never reads. The evidence of mentions comes
    already written as N-Triples lines (:meth:`add_block`, ``rdf/evidence.py``).
    """

    def __init__(self) -> None:
        self.triples: set[tuple[Any, Any, Any]] = set()
        self.blocks: dict[str, list[str]] = {}
        self.loose: set[str] = set()

    def add(self, triple: tuple[Any, Any, Any]) -> TripleSink:
        self.triples.add(triple)
        return self

    def add_block(self, key: str, lines: list[str]) -> None:
        """Triples given as N-Triples lines (``ntterms``), best in sorted order; ``key``
        names the block (a mention), and a block added again adds what it did not have."""
        old = self.blocks.get(key)
        self.blocks[key] = lines if old is None or old == lines else sorted({*old, *lines})

    def add_line(self, line: str) -> None:
        """One triple given as an N-Triples line (``ntterms``)."""
        self.loose.add(line)

    def bind(self, *_args: Any, **_kwargs: Any) -> None:
        return None

    def __len__(self) -> int:
        return len(self.triples) + len(self.loose) + sum(len(b) for b in self.blocks.values())

    def __iter__(self) -> Iterator[tuple[Any, Any, Any]]:
        if self.blocks or self.loose:
            raise TypeError("a sink with written lines gives lines(), not triples")
        return iter(self.triples)

    def lines(self) -> list[str]:
        """Sorted, unique N-Triples lines, exactly as rdflib's N-Triples serializer writes.

        The blocks, in the order of their keys, are mostly in order already: the sort then
        merges them with the other lines instead of sorting every line (a third of the cost).
        """
        memo: dict[Any, str] = {}
        terms = {f"{_term(s, memo)} {_term(p, memo)} {_term(o, memo)} ."
                 for s, p, o in self.triples}
        terms.update(self.loose)
        written = [line for key in sorted(self.blocks) for line in self.blocks[key]]
        if len(set(written)) != len(written) or not terms.isdisjoint(written):
            return sorted(terms.union(written))
        written.extend(sorted(terms))
        written.sort()
        return written


def _term(term: Any, memo: dict[Any, str]) -> str:
    """One term as rdflib's N-Triples serializer (``_nt_row``) writes it, memoised."""
    if type(term) is URIRef:
        text = memo.get(term)
        if text is None:
            text = memo[term] = nt_iri(term)
        return text
    if isinstance(term, Literal):
        datatype = term.datatype
        return nt_literal(term, None if datatype is None else str(datatype), term.language)
    return term.n3()


def nt_lines(lines: Iterable[str]) -> list[bytes]:
    """Lines as graph.nt holds them (see :func:`nt_bytes`), without newlines."""
    return [line.encode("utf-8", "_rdflib_nt_escape") for line in lines]


def nt_bytes(lines: list[str]) -> bytes:
    """A piece's file content: rdflib escapes what UTF-8 cannot encode (lone surrogates)."""
    if not lines:
        return b""
    return ("\n".join(lines) + "\n").encode("utf-8", "_rdflib_nt_escape")


def read_lines(path: Path) -> list[str]:
    """The non-empty lines of a piece."""
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line]


def subject_of(line: str) -> str:
    """The subject IRI of an N-Triples line that starts with one."""
    return line[1: line.index(">")]
