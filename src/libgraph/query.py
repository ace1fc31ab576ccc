"""Named SPARQL queries: their headers, safe parameters, running them, and printing results.

A named query is a ``.rq`` file in ``queries/`` whose leading comments describe it::

    # title: Attendees and absentees of a meeting
    # description: Who was present and who sent regrets, with their organisations.
    # param: meeting = any  (iri)  — the meeting (id:meeting/…); any for every meeting
    # param: lang = sv  (allowed: sv|nb|nn|da|en)  — language of topic labels
    # param: min = 2  (integer)  — at least this many meetings together

In the body a parameter is written ``$name``. Values are never pasted as text: an IRI is
validated and written ``<…>`` (prefixed names such as ``id:person/x`` are expanded first), a
string becomes an escaped literal, an integer must parse as one, a date must be ISO 8601.
``any`` (or an empty value) stands for "no constraint" and is written ``UNDEF``, so optional
parameters are used in ``VALUES ?x { $name }`` blocks (put first in the pattern, so that a
given value is where evaluation starts). A comment line ``# when name: <pattern>`` becomes
code only when the parameter has a value (see :func:`conditional_lines`). The type is given
in parentheses or inferred from the default; a parameter with no default is required.

Every query is sent with :func:`libgraph.ns.sparql_prologue` in front, so it can use the
project's prefixes; syntax errors are reported at the line and column of the file itself.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from .ns import PREFIXES, XSD, sparql_prologue
from .store import IRI, BNode, QuerySyntaxError, Rows, Store

ANY = "any"
PARAM_TYPES = ("iri", "string", "integer", "date")
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
SELECT_FORMATS = ("table", "csv", "json")
GRAPH_FORMATS = ("ttl", "nt", "json")


class QueryUsageError(ValueError):
    """The query or its parameters were asked for wrongly (exit status 2)."""


class UnknownQuery(QueryUsageError):
    """No named query or file by that name."""


# --- headers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One declared parameter: how to check a value and what to write into the query."""

    name: str
    default: str | None
    type: str = "string"
    allowed: tuple[str, ...] = ()
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None

    @property
    def optional(self) -> bool:
        """``any`` means "no constraint"; accepted where it is the default or an allowed value."""
        return self.default == ANY or ANY in self.allowed

    def describe(self) -> str:
        """One line for ``--list``: ``name = default (type; allowed: a|b) — description``."""
        default = "(required)" if self.required else self.default
        kind = f"allowed: {'|'.join(self.allowed)}" if self.allowed else self.type
        text = f"{self.name} = {default}  ({kind})"
        return f"{text}  — {self.description}" if self.description else text


@dataclass(frozen=True)
class NamedQuery:
    """A query file and what its header says about it."""

    name: str
    text: str
    source: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()

    @property
    def form(self) -> str | None:
        return query_form(self.text)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$", re.I)
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<default>[^\s(—]*)\s*"
    r"(?:\((?P<spec>[^)]*)\))?\s*(?:(?:—|--|-)\s*(?P<desc>.*))?$"
)


def parse_header(text: str, source: str = "query") -> tuple[str, str, tuple[Param, ...]]:
    """Title, description and parameters from the comment lines at the top of a query."""
    title, description, params = "", [], []
    last = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        match = _HEADER.match(stripped)
        if match:
            last = match.group(1).lower()
            value = match.group(2)
            if last == "title":
                title = value
            elif last == "description":
                description.append(value)
            else:
                params.append(_parse_param(value, source))
        elif last == "description" and stripped.lstrip("#").strip():
            description.append(stripped.lstrip("#").strip())
    return title, " ".join(description), tuple(params)


def _parse_param(spec: str, source: str) -> Param:
    match = _PARAM.match(spec)
    if not match:
        raise QueryUsageError(f"{source}: cannot read parameter declaration {spec!r}")
    default = match.group("default") or None
    kind, allowed = _parse_spec(match.group("spec") or "", source)
    kind = kind or _infer_type(default, allowed)
    return Param(match.group("name"), default, kind, allowed, (match.group("desc") or "").strip())


def _parse_spec(spec: str, source: str) -> tuple[str | None, tuple[str, ...]]:
    kind, allowed = None, ()
    for item in re.split(r"[;,]", spec):
        item = item.strip()
        if item.lower().startswith("allowed"):
            values = item.split(":", 1)[1] if ":" in item else ""
            allowed = tuple(v.strip() for v in values.split("|") if v.strip())
        elif item.lower() in PARAM_TYPES:
            kind = item.lower()
        elif item.lower() == "required" or not item:
            continue
        else:
            raise QueryUsageError(f"{source}: unknown parameter type {item!r}")
    return kind, allowed


def _infer_type(default: str | None, allowed: tuple[str, ...]) -> str:
    if allowed or default in (None, ANY):
        return "string"
    if re.fullmatch(r"-?\d+", default):
        return "integer"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", default):
        return "date"
    if default.startswith("<") or _expand_prefixed(default):
        return "iri"
    return "string"


# --- finding queries --------------------------------------------------------------------


def queries_dir() -> Path:
    """``queries/`` of the checkout or of the installed package."""
    from .resources import resource

    return resource("queries")


def list_queries(directory: Path | None = None) -> list[NamedQuery]:
    """Every named query, by name."""
    directory = directory or queries_dir()
    return [read_query(path) for path in sorted(directory.glob("*.rq"), key=lambda p: p.stem)]


def read_query(path: Path) -> NamedQuery:
    """A query file with its header read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UnknownQuery(f"{path}: cannot read ({err})") from err
    return from_text(text, path.stem, str(path))


def from_text(text: str, name: str = "query", source: str = "<stdin>") -> NamedQuery:
    """A query given as text (stdin, a test), with its header read."""
    title, description, params = parse_header(text, source)
    return NamedQuery(name, text, source, title, description, params)


def find_query(ref: str, directory: Path | None = None) -> NamedQuery:
    """A named query, a ``.rq`` file, or ``-`` for standard input."""
    if ref == "-":
        return from_text(sys.stdin.read())
    path = Path(ref)
    if path.suffix == ".rq" or path.is_file():
        if not path.is_file():
            raise UnknownQuery(f"{ref}: no such query file")
        return read_query(path)
    directory = directory or queries_dir()
    candidate = directory / f"{ref}.rq"
    if candidate.is_file():
        return read_query(candidate)
    names = [p.stem for p in directory.glob("*.rq")]
    hint = difflib.get_close_matches(ref, names, n=3)
    more = f"; did you mean {', '.join(hint)}?" if hint else " (see `libgraph query --list`)"
    raise UnknownQuery(f"unknown query {ref!r}{more}")


# --- parameters -----------------------------------------------------------------------


def parse_assignments(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``["k=v", ...]`` from the command line as a dict (a value may contain ``=``)."""
    values = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryUsageError(f"--param {item!r}: expected NAME=VALUE")
        values[name.strip()] = value.strip()
    return values


def bind_values(query: NamedQuery, values: Mapping[str, str]) -> dict[str, str]:
    """Each declared parameter as SPARQL text, checked; defaults filled in."""
    unknown = sorted(set(values) - {p.name for p in query.params})
    if unknown:
        known = ", ".join(p.name for p in query.params) or "none"
        raise QueryUsageError(f"{query.name}: unknown parameter {', '.join(unknown)} "
                              f"(parameters: {known})")
    bound = {}
    for param in query.params:
        value = values.get(param.name, param.default)
        if value is None:
            raise QueryUsageError(f"{query.name}: parameter {param.name} is required "
                                  f"(--param {param.name}=…)")
        bound[param.name] = sparql_term(param, value)
    return bound


def sparql_term(param: Param, value: str) -> str:
    """The SPARQL text for one parameter value, or a usage error saying what is wrong."""
    if value in ("", ANY):
        if param.optional:
            return "UNDEF"
        raise QueryUsageError(f"parameter {param.name}: a value is required")
    if param.allowed and value not in param.allowed:
        raise QueryUsageError(f"parameter {param.name}={value!r}: allowed values are "
                              f"{', '.join(param.allowed)}")
    writer = {"iri": iri_term, "integer": integer_term, "date": date_term}.get(param.type)
    try:
        return writer(value) if writer else string_term(value)
    except ValueError as err:
        raise QueryUsageError(f"parameter {param.name}: {err}") from err


_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def iri_term(value: str) -> str:
    """``<iri>`` for an absolute IRI or a prefixed name of the project; anything else refused."""
    raw = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    iri = _expand_prefixed(raw) or raw
    if not _SCHEME.match(iri) or _IRI_FORBIDDEN.search(iri):
        raise ValueError(f"{value!r} is not an absolute IRI (nor a known prefix:name)")
    return f"<{iri}>"


def _expand_prefixed(value: str) -> str | None:
    prefix, sep, local = value.partition(":")
    if not sep or prefix not in PREFIXES or local.startswith("//"):
        return None
    return str(PREFIXES[prefix]) + local


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\b": "\\b", "\f": "\\f"}


def string_term(value: str) -> str:
    """A double-quoted literal with every character that could end or bend it escaped."""
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in value) + '"'


def integer_term(value: str) -> str:
    """A bare integer; ``int()`` decides, so ``1 } ; DROP`` cannot get through."""
    try:
        return str(int(value.strip()))
    except ValueError:
        raise ValueError(f"{value!r} is not an integer") from None


def date_term(value: str) -> str:
    """``"YYYY-MM-DD"^^xsd:date`` for an ISO date."""
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    return f'"{parsed.isoformat()}"^^<{XSD.date}>'


# --- scanning SPARQL text -------------------------------------------------------------------

_TOKEN = re.compile(
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<comment>#[^\n]*)",
    re.S,
)
_PLACEHOLDER = re.compile(r"\$([A-Za-z_]\w*)")


def code_spans(text: str) -> Iterator[tuple[bool, str]]:
    """The text cut into (is_code, piece): strings, IRIs and comments are not code."""
    pos = 0
    for match in _TOKEN.finditer(text):
        if match.start() > pos:
            yield True, text[pos:match.start()]
        yield False, match.group(0)
        pos = match.end()
    if pos < len(text):
        yield True, text[pos:]


_WHEN = re.compile(r"^(?P<indent>[ \t]*)# when (?P<name>\w+): (?P<code>.*)$", re.M)


def conditional_lines(query: NamedQuery, bound: Mapping[str, str]) -> str:
    """The query text with each ``# when name: …`` comment turned into code if the parameter
    ``name`` has a value (not ``any``); otherwise it stays a comment.

    Such a line lets a query start from the one thing asked about (``?item schema:agent
    $agent .`` first in the pattern), which the engine does not work out from a FILTER on an
    OPTIONAL variable: a person's decisions took 240 ms instead of a few. The file stays
    plain SPARQL (the line is a comment) and means the same either way.
    """
    def one(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in bound:
            raise QueryUsageError(f"{query.source}: '# when {name}:' names no parameter")
        if bound[name] == "UNDEF":
            return match.group(0)
        return match.group("indent") + match.group("code")

    return _WHEN.sub(one, query.text)


def substitute(text: str, values: Mapping[str, str]) -> str:
    """Replace ``$name`` in code (never inside strings, IRIs or comments) by its SPARQL term."""
    def one(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return "".join(_PLACEHOLDER.sub(one, piece) if code else piece
                   for code, piece in code_spans(text))


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (the first keyword of the query), or None."""
    code = " ".join(piece for is_code, piece in code_spans(text) if is_code)
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE"
                      r"|ADD|MOVE|COPY|WITH)\b", code, re.I)
    if not match:
        return None
    form = match.group(1).upper()
    return form if form in FORMS else "UPDATE"


# --- running --------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """A query ready to send: the full text and how many prologue lines precede the file's."""

    query: NamedQuery
    sparql: str
    form: str
    offset: int = 0


@dataclass
class Result:
    """What a query gave: rows (SELECT), a boolean (ASK) or RDF text (CONSTRUCT/DESCRIBE)."""

    form: str
    rows: Rows | None = None
    boolean: bool | None = None
    graph: str | None = None
    params: dict[str, str] = field(default_factory=dict)


def prepare(query: NamedQuery, values: Mapping[str, str] | None = None) -> Prepared:
    """Check the parameters, substitute them, and put the project's prefixes in front."""
    form = query.form
    if form is None:
        raise QueryUsageError(f"{query.source}: not a SPARQL query (no SELECT, ASK, "
                              "CONSTRUCT or DESCRIBE)")
    if form == "UPDATE":
        raise QueryUsageError(f"{query.source}: SPARQL UPDATE is not run by `query` "
                              "(the build is read-only; use `libgraph push` to load a server)")
    bound = bind_values(query, values or {})
    body = substitute(conditional_lines(query, bound), bound)
    prologue = sparql_prologue()
    return Prepared(query, prologue + body, form, prologue.count("\n"))


def execute(store: Store, prepared: Prepared, graph_format: str = "ttl") -> Result:
    """Run a prepared query; syntax errors come back at the file's own line numbers."""
    try:
        if prepared.form == "SELECT":
            rows = store.query(prepared.sparql)
            return Result("SELECT", rows=sort_concatenations(rows, prepared.query.text))
        if prepared.form == "ASK":
            return Result("ASK", boolean=store.ask(prepared.sparql))
        fmt = {"ttl": "turtle", "nt": "ntriples", "json": "jsonld"}.get(graph_format, "turtle")
        return Result(prepared.form, graph=store.construct(prepared.sparql, fmt))
    except QuerySyntaxError as err:
        raise relocate(err, prepared) from err


_NESTED = r'\((?:[^()"]|"(?:[^"\\]|\\.)*"|\((?:[^()]|\([^()]*\))*\))*?'
_CONCAT = re.compile(r'GROUP_CONCAT\s*' + _NESTED + r';\s*separator\s*=\s*'
                     r'"((?:[^"\\]|\\.)*)"\s*\)\s*AS\s*\?(\w+)', re.I | re.S)


def concatenations(text: str) -> dict[str, str]:
    """The variables a query binds to a ``GROUP_CONCAT(…; separator="…")``, with separators."""
    code = "".join(" " if piece.startswith("#") and not is_code else piece
                   for is_code, piece in code_spans(text))
    return {m.group(2): string_value(m.group(1)) for m in _CONCAT.finditer(code)}


def string_value(escaped: str) -> str:
    """The value of a SPARQL string's body (``\\t``, ``\\"``, ``\\\\`` … undone)."""
    unescape = {v[1]: k for k, v in _ESCAPES.items()}
    return re.sub(r"\\(.)", lambda m: unescape.get(m.group(1), m.group(1)), escaped)


def sort_concatenations(rows: Rows, text: str) -> Rows:
    """Each ``GROUP_CONCAT`` value with its items sorted and empty items left out.

    SPARQL 1.1 gives no order inside ``GROUP_CONCAT`` (Oxigraph's embedded store and its
    server already differ), so libgraph orders the items itself: the same answer from every
    store. Empty items let one aggregation concatenate two kinds of thing side by side
    (``people-multi-network.rq``), as ``""`` for the other kind.
    """
    columns = concatenations(text)
    where = [(i, columns[v]) for i, v in enumerate(rows.variables) if v in columns]
    if not where:
        return rows
    fixed = []
    for row in rows.rows:
        values = list(row)
        for index, sep in where:
            if isinstance(values[index], str) and sep:
                items = sorted(item for item in values[index].split(sep) if item)
                values[index] = sep.join(items)
        fixed.append(tuple(values))
    return Rows(rows.variables, fixed)


def relocate(err: QuerySyntaxError, prepared: Prepared) -> QuerySyntaxError:
    """The same error, at the line of the query file (not of the text sent), file named.

    Oxigraph's parser reports the furthest point it reached, which for an unfinished
    expression is often past the last token, in trailing blank lines; such a position is
    moved back to the last character of the query so that it points at a real line.
    """
    line, column = err.line, err.column
    if line is not None and column is not None:
        line, column = _clamp(prepared.sparql, line, column)
        if line > prepared.offset:
            line -= prepared.offset
    return QuerySyntaxError(err.message, line, column, prepared.query.source)


def _clamp(text: str, line: int, column: int) -> tuple[int, int]:
    lines = text.split("\n")
    index = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
    end = len(text.rstrip())
    if index < end or end == 0:
        return line, column
    before = text[: end - 1]
    return before.count("\n") + 1, end - (before.rfind("\n") + 1)


def run(store: Store, ref: str | NamedQuery, values: Mapping[str, str] | None = None,
        graph_format: str = "ttl") -> Result:
    """Find, prepare and execute a query in one call (what tests and scripts use)."""
    query = ref if isinstance(ref, NamedQuery) else find_query(ref)
    return execute(store, prepare(query, values), graph_format)


# --- output ---------------------------------------------------------------------------


def compact(iri: str) -> str:
    """``id:person/x`` for an IRI under a project prefix (the longest that fits), else ``<iri>``."""
    fits = sorted(((len(str(ns)), p) for p, ns in PREFIXES.items() if iri.startswith(str(ns))),
                  reverse=True)
    for length, prefix in fits:
        local = iri[length:]
        if re.fullmatch(r"[\w.\-/]*", local):
            return f"{prefix}:{local}"
    return f"<{iri}>"


def display(value: Any, short_iris: bool = True) -> str:
    """A value as text for a table or CSV cell."""
    if value is None:
        return ""
    if isinstance(value, IRI):
        return compact(value) if short_iris else str(value)
    if isinstance(value, BNode):
        return f"_:{value}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def json_value(value: Any) -> Any:
    """A value JSON can hold: numbers stay numbers, dates become ISO strings."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def format_table(rows: Rows, max_width: int = 60) -> str:
    """An aligned text table; long cells are cut with … (use csv or json for full values)."""
    cells = [[_cut(display(v), max_width) for v in row] for row in rows.rows]
    widths = [max([len(name), *(len(r[i]) for r in cells)])
              for i, name in enumerate(rows.variables)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(rows.variables, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_csv(rows: Rows) -> str:
    """CSV with a header row; IRIs in full so that other tools can use them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows.variables)
    for row in rows.rows:
        writer.writerow([display(v, short_iris=False) for v in row])
    return out.getvalue().rstrip("\n")


def format_json(rows: Rows) -> str:
    """``{"variables": [...], "rows": [{var: value}]}``, unbound variables left out."""
    records = [{k: json_value(v) for k, v in d.items() if v is not None} for d in rows.dicts()]
    return json.dumps({"variables": rows.variables, "rows": records}, ensure_ascii=False, indent=2)


def format_result(result: Result, fmt: str | None) -> str:
    """The text ``libgraph query`` prints for a result in the asked format."""
    if result.form == "SELECT":
        fmt = fmt or "table"
        if fmt not in SELECT_FORMATS:
            raise QueryUsageError(f"--format {fmt}: a SELECT result is table, csv or json")
        assert result.rows is not None
        return {"table": format_table, "csv": format_csv, "json": format_json}[fmt](result.rows)
    if result.form == "ASK":
        if fmt == "json":
            return json.dumps({"boolean": result.boolean})
        if fmt not in (None, "table", "csv"):
            raise QueryUsageError(f"--format {fmt}: an ASK result is table, csv or json")
        return "true" if result.boolean else "false"
    return (result.graph or "").rstrip("\n")


def describe_queries(queries: list[NamedQuery]) -> str:
    """The ``--list`` text: name and title, then description and parameters, indented."""
    blocks = []
    for query in queries:
        lines = [f"{query.name}  —  {query.title or '(no title)'}"]
        if query.description:
            lines.append(f"    {query.description}")
        lines += [f"    --param {p.describe()}" for p in query.params]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
