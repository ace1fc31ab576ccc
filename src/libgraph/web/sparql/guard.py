"""Refuse what the endpoint must never run, before any query reaches the store.

pyoxigraph's ``Store.query`` cannot modify data, but it *does* evaluate ``SERVICE`` by making
HTTP requests from the server, so ``SERVICE`` is refused here. Updates are refused too (with a
clearer message than a syntax error). The check is lexical: strings, IRIs, comments,
variables and prefixed names are removed first, so ``?service`` or ``"DELETE"`` in a literal
are no reason to refuse; a bare keyword is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r'''
    (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|'\'\'(?:[^'\\]|\\.|'(?!''))*'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n]*)
  | (?P<var>[?$][\w\u00B7-\uFFFF]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*)?:[\w.\-:%\\\u00B7-\uFFFF]*)
  | (?P<word>[A-Za-z_]+)
  | (?P<other>.)
''', re.S | re.X)

UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                "WITH"}
FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
# Functions whose value changes from one evaluation to the next: such a query's answer is
# never re-used (service.py keeps the answers of all others, the graph being fixed).
VOLATILE_WORDS = {"NOW", "RAND", "UUID", "STRUUID", "BNODE"}


class Refused(ValueError):
    """A query the endpoint will not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Checked:
    """A query that passed the checks, and its form (SELECT, CONSTRUCT, DESCRIBE or ASK)."""

    text: str
    form: str | None
    volatile: bool = False


def keywords(query: str) -> list[str]:
    """The bare words of a query, upper-cased, outside strings, IRIs, comments and names."""
    return [m.group("word").upper() for m in TOKEN.finditer(query) if m.lastgroup == "word"]


def unescape(query: str) -> str:
    """The query with ``\\uXXXX`` escapes decoded (some engines decode them before parsing)."""
    def decode(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except ValueError:
            return match.group(0)
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", decode, query)


def check_query(query: str, max_length: int) -> Checked:
    """The query if it may run; raises :class:`Refused` otherwise."""
    if not query.strip():
        raise Refused("The query is empty.", 400)
    if len(query) > max_length:
        raise Refused(f"The query is longer than {max_length} characters.", 413)
    words = keywords(query) + keywords(unescape(query))
    updates = sorted(UPDATE_WORDS.intersection(words))
    if updates:
        raise Refused(f"This endpoint is read-only: {', '.join(updates)} is not allowed.", 403)
    if "SERVICE" in words:
        raise Refused("SERVICE (federated query) is not allowed on this endpoint.", 403)
    form = next((w for w in words if w in FORMS), None)
    return Checked(query, form, not VOLATILE_WORDS.isdisjoint(words))
