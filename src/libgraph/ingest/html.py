"""Main text of a web page: the meeting report, not the site around it.

Minutes published on library websites come wrapped in navigation, cookie banners, "read also"
teasers and scripts; extraction must see only the article, or it would find people and
organisations that were never at the meeting. trafilatura does the boilerplate removal; a
plain lxml walk is the fallback when it finds nothing (very short pages) or cannot be
imported.
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

import lxml.html
from lxml import etree

from libgraph.ingest.encoding import (
    bom_encoding,
    cp1252_or_latin1,
    decode_text,
    looks_binary,
    repair_mojibake,
)
from libgraph.ingest.model import IngestError

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# HTML5 (WHATWG) decodes these labels as windows-1252, and so do we, by the cp1252 rule.
_LATIN1_LABELS = {"latin-1", "iso8859-1", "ascii", "cp1252"}

_NEVER_TEXT = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
_BOILERPLATE = ("nav", "header", "footer", "aside", "form", "button")
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
_CELLS = frozenset(("td", "th"))
_WHITESPACE = re.compile(r"\s+")
_TABLE_ROW = re.compile(r"^\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")


def decode_html(data: bytes, path: Path) -> tuple[str, str]:
    """Decode HTML bytes: a BOM, then a declared ``<meta charset>``, then the text-file rules.

    Like browsers, a latin-1 or ASCII declaration is read as windows-1252 (by the cp1252
    rule), and a UTF-16 declaration without a BOM is ignored (it is always wrong).
    """
    if bom_encoding(data) is not None:
        return decode_text(data, path)
    if looks_binary(data):
        raise IngestError(path, "binary file (not text)")
    declared = _declared_charset(data)
    if declared in _LATIN1_LABELS:
        encoding = cp1252_or_latin1(data)
        return data.decode(encoding), encoding
    if declared is not None and not declared.startswith(("utf-16", "utf-32")):
        try:
            return repair_mojibake(data.decode(declared), declared)
        except UnicodeDecodeError:
            log.warning("%s: declares charset %s but is not; guessing", path, declared)
    return decode_text(data, path)


def _declared_charset(data: bytes) -> str | None:
    """The codec name of the page's ``<meta charset>`` (first 4 KB), if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return {"iso8859-1": "latin-1", "windows-1252": "cp1252", "us-ascii": "ascii"}.get(name, name)


def html_main_text(html: str) -> str:
    """The page's main text: trafilatura's article text, else the whole visible body text."""
    text = _trafilatura_text(html)
    if text and text.strip():
        return pipe_tables_to_tabs(text)
    return fallback_text(html)


def pipe_tables_to_tabs(text: str) -> str:
    """Turn trafilatura's Markdown-style table rows into tab-separated lines.

    The pipes are trafilatura's rendering, not the page's words; a table row as one line
    with tab-separated cells is what the .docx reader and the fallback give too, so that
    attendee tables look alike whatever the format. Separator rows (|---|---|) are dropped.
    """
    lines = []
    for line in text.split("\n"):
        if _TABLE_RULE.match(line):
            continue
        if _TABLE_ROW.match(line):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            line = "\t".join(cells)
        lines.append(line)
    return "\n".join(lines)


def _trafilatura_text(html: str) -> str | None:
    try:
        import trafilatura
    except ImportError as exc:  # e.g. lxml_html_clean missing: degrade, do not fail.
        log.warning("trafilatura unavailable (%s); using plain HTML text", exc)
        return None
    return trafilatura.extract(
        html, include_comments=False, include_tables=True, favor_precision=True
    )


def fallback_text(html: str) -> str:
    """Visible text of the page, one line per block element, cells separated by tabs.

    Script, style and similar elements are dropped; so are navigation, header, footer and
    aside elements, and when the page has an ``<article>`` or ``<main>`` only that is read.
    """
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_NEVER_TEXT, *_BOILERPLATE)):
        element.drop_tree()
    main = root.find(".//article")
    if main is None:
        main = root.find(".//main")
    parts: list[str] = []
    _walk(main if main is not None else root, parts)
    lines = "".join(parts).split("\n")
    return "\n".join(line.strip(" ") for line in lines)


def _walk(element: etree._Element, parts: list[str]) -> None:
    """Append the text of ``element`` and its descendants, with breaks around blocks."""
    if not isinstance(element.tag, str):  # comments and processing instructions
        _append_tail(element, parts)
        return
    tag = element.tag.lower()
    if tag in _BLOCKS:
        parts.append("\n")
    if element.text:
        parts.append(_collapse(element.text))
    for child in element:
        _walk(child, parts)
    if tag in _BLOCKS:
        parts.append("\n")
    elif tag in _CELLS:
        parts.append("\t")
    _append_tail(element, parts)


def _append_tail(element: etree._Element, parts: list[str]) -> None:
    if element.tail:
        parts.append(_collapse(element.tail))


def _collapse(fragment: str) -> str:
    """Source line breaks and indentation inside HTML text are just spaces to a reader."""
    return _WHITESPACE.sub(" ", fragment)
