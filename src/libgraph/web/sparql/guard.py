"""Decide what a query does from its parse, before the store runs it.

pyoxigraph's ``Store.query`` cannot modify data, but it *does* evaluate ``SERVICE`` by making
HTTP requests from the server, and it offers no switch to turn that off. So a query is parsed
with rdflib's SPARQL 1.1 grammar and refused when its parse tree holds a ``SERVICE`` pattern or
when it is an update; anything rdflib cannot parse is refused too (the safe default: a query is
only run if what was checked is a full parse of it). Text scans are not to be trusted here:
comments, strings, IRIs and prefixed-name escapes follow rules a scan gets wrong.

Two steps, because they run in two places:

- :func:`prepare` runs in the web process and is linear in the query's length: a size cap,
  one canonical spelling (line ends, ``\\u`` escapes decoded once, no NUL) so
  that the checked text and the executed text are read alike by both parsers, and a bracket
  depth limit that bounds the parser's work. It also refuses keywords glued to what follows
  (``SERVICESILENT``, ``SERVICE:x``), which the store's parser accepts and rdflib reads as a
  name: a backstop against a difference between the two parsers, which can only refuse.
- :func:`inspect` runs in the sandboxed query worker (killable, memory-capped, no network),
  because parsing a 100 KB query can take seconds: the parse, the algebra, its depth (deep
  trees overflow the store's stack) and the query form.

The workers also run without a network (worker.py), so a spelling that got past both steps
still could not reach anything: see the README's deployment section for which layer stops what.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

MAX_NESTING = 48  # brackets ( { [ open at once; a hand-written query rarely passes 10
MAX_ALGEBRA_DEPTH = 160  # the store's evaluator recurses over the algebra tree
# Operators and pattern keywords in one query: each one nests the store's algebra a level
# deeper, and each costs rdflib's parser time, so a long chain is refused before parsing.
MAX_OPERATORS = 400
OPERATOR_WORDS = {"OPTIONAL", "MINUS", "UNION", "BIND", "EXISTS", "SELECT", "GRAPH", "IF",
                  "FILTER", "VALUES"}
FORMS = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE",
         "AskQuery": "ASK"}
# Functions whose value changes from one evaluation to the next: such a query's answer is
# never re-used (service.py keeps the answers of all others, the graph being fixed).
VOLATILE = {"Builtin_NOW", "Builtin_RAND", "Builtin_UUID", "Builtin_STRUUID", "Builtin_BNODE"}

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# NUL and lone surrogates (other control characters may stand in strings: both parsers agree
# that a comment ends at a line feed, the only line end left after canonical()).
_CONTROL = re.compile(r"[\x00\ud800-\udfff]")
# The lexical units that may hide brackets or words: long strings first, then short ones,
# IRIs (IRIREF's own character set, so '<' as less-than is not taken for one), comments,
# variables, and a name (prefixed or a keyword) with its PN_LOCAL_ESC and %-escapes.
_LEXEME = re.compile(r'''
    """(?:[^"\\]|\\.|"(?!""))*(?:"""|$) | \'\'\'(?:[^'\\]|\\.|'(?!''))*(?:\'\'\'|$)
  | "(?:[^"\\\n]|\\.)*"? | '(?:[^'\\\n]|\\.)*'?
  | <[^<>"{}|^`\\\x00-\x20]*>
  | \#[^\n]*
  | [?$][^\s(){}\[\],;.<>=!|&+*/^"']*
  | (?:[^\s(){}\[\],;<>=!|&+*/^"'#?$\\]|\\.)+
  | \S
''', re.S | re.X)  # whitespace matches nothing: the scanner skips it in C
_GLUED = re.compile(r"(?i)SERVICE(?=[\w:\\%\-.\u00b7-\U000effff])")
# Operators rdflib keeps as one flat list and the store nests one level per operand.
CHAINS = {"ConditionalOrExpression", "ConditionalAndExpression", "AdditiveExpression",
          "MultiplicativeExpression"}


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


def _decode(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise Refused(f"The escape {match.group(0)} is not a character.", 400)
    return chr(code)


def canonical(query: str) -> str:
    """The query as both parsers will read it alike: one line-end form, escapes decoded once.

    SPARQL decodes ``\\uXXXX`` escapes before parsing; decoding them here once and refusing a
    text in which escapes remain (``\\u005Cu0053``) means neither parser decodes anything.
    """
    text = query.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE.sub(_decode, text)
    if _ESCAPE.search(text):
        raise Refused("An escape sequence in the query spells another escape sequence.", 400)
    bad = _CONTROL.search(text)
    if bad:
        raise Refused(f"The query holds the control character U+{ord(bad.group()):04X} "
                      f"at offset {bad.start()}.", 400)
    return text


def lexemes(text: str) -> Iterator[str]:
    """The query cut into strings, IRIs, comments, variables, names and single characters."""
    for match in _LEXEME.finditer(text):
        yield match.group()


def prepare(query: str, max_bytes: int) -> str:
    """The canonical text of ``query`` if the cheap checks pass; raises :class:`Refused`."""
    if not query.strip():
        raise Refused("The query is empty.", 400)
    size = len(query.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise Refused(f"The query is {size} bytes long; the limit is {max_bytes}.", 413)
    text = canonical(query)
    depth = deepest = operators = 0
    for lexeme in lexemes(text):
        if lexeme in "+-*/|&!^" or (lexeme[0].isalpha() and lexeme.upper() in OPERATOR_WORDS):
            operators += 1
            if operators > MAX_OPERATORS:
                raise Refused(f"The query has more than {MAX_OPERATORS} operators and "
                              "pattern keywords (OPTIONAL, UNION, BIND, +, /, ...).", 400)
        if lexeme in "({[":
            depth += 1
            deepest = max(deepest, depth)
            if depth > MAX_NESTING:
                raise Refused(f"The query nests brackets more than {MAX_NESTING} deep.", 400)
        elif lexeme in ")}]":
            depth -= 1
        elif lexeme[0] not in "\"'<#?$" and _GLUED.match(lexeme):
            raise Refused(f"{lexeme[:40]!r}: a keyword glued to what follows is not "
                          "accepted; put a space after it.", 400)
    return text


def inspect(text: str, prefixes: dict[str, str]) -> Checked:
    """Parse ``text`` (the output of :func:`prepare`) and decide whether it may run.

    Needs a deep Python stack: pyparsing recurses once per triple pattern (worker.py runs
    this in a thread with a large stack and a high recursion limit).
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except ParseException as err:
        if _is_update(text, parseUpdate):
            raise Refused("This endpoint is read-only: SPARQL Update is not accepted.",
                          403) from None
        what = err.msg[:1].lower() + err.msg[1:]  # "expected SelectQuery, found 'FILTER'"
        raise Refused(f"Syntax error at line {err.lineno}, column {err.col}: {what}",
                      400) from None
    names = _names(tree)
    if "ServiceGraphPattern" in names:
        raise Refused("SERVICE (federated query) is not allowed on this endpoint.", 403)
    try:
        algebra = translateQuery(tree, initNs=prefixes).algebra
    except RecursionError:
        raise Refused(f"The query nests more than {MAX_ALGEBRA_DEPTH} levels deep.",
                      400) from None
    except Exception as err:  # rdflib raises plain Exceptions for unknown prefixes etc.
        raise Refused(f"Query error: {err}", 400) from None
    depth, algebra_names = _walk(algebra)
    if depth > MAX_ALGEBRA_DEPTH:
        raise Refused(f"The query nests {depth} levels deep (operators, patterns or "
                      f"functions); the limit is {MAX_ALGEBRA_DEPTH}.", 400)
    form = next((FORMS[n] for n in names if n in FORMS), None)
    volatile = not VOLATILE.isdisjoint(names | algebra_names)
    return Checked(text, form, volatile)


def _is_update(text: str, parse_update: Any) -> bool:
    from pyparsing import ParseException

    try:
        parse_update(text)
    except (ParseException, RecursionError):
        return False
    return True


def _names(tree: Any) -> set[str]:
    """Every parse-tree node name (``ServiceGraphPattern``, ``SelectQuery``, ...)."""
    return _walk(tree)[1]


def _walk(root: Any) -> tuple[int, set[str]]:
    """The depth of a parse tree or algebra and the names of its nodes, without recursion."""
    from rdflib.paths import Path
    from rdflib.plugins.sparql.parserutils import CompValue

    names: set[str] = set()
    deepest = 0
    stack: list[tuple[Any, int]] = [(root, 0)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        if isinstance(node, CompValue):
            seen.add(id(node))
            names.add(node.name)
            depth += 1
            if node.name in CHAINS and isinstance(node.get("other"), list):
                depth += len(node["other"])
            deepest = max(deepest, depth)
            stack.extend((value, depth) for value in node.values())
        elif isinstance(node, Path):
            seen.add(id(node))
            parts = getattr(node, "args", None) or [getattr(node, "path", None)]
            depth += len(parts)
            deepest = max(deepest, depth)
            stack.extend((value, depth) for value in parts)
        elif isinstance(node, dict):
            seen.add(id(node))
            stack.extend((value, depth) for value in node.values())
        elif isinstance(node, list | tuple | set) or type(node).__name__ == "ParseResults":
            seen.add(id(node))
            stack.extend((value, depth) for value in node)
    return deepest, names


def check_query(query: str, max_bytes: int, prefixes: dict[str, str] | None = None) -> Checked:
    """Both steps at once (for tests and for callers that are themselves sandboxed)."""
    from ...ns import PREFIXES

    default = {p: str(ns) for p, ns in PREFIXES.items()}
    return inspect(prepare(query, max_bytes), default if prefixes is None else prefixes)
