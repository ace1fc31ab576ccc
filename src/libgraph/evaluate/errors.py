"""The error report of ``libgraph evaluate --errors``: what was missed and what was invented.

Scores say how much is wrong; this says what. Per list, each missed (gold only) and invented
(predicted only) item is printed under its document, with the words around its first
occurrence in the document's text where it occurs there, so a reader can see the layout that
defeated the extractor without opening the file. Per meeting and document field, each wrong
value is printed with the gold and the predicted value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from libgraph.evaluate.scores import CorpusScore, DocumentScore

#: Characters of context shown on each side of an item found in its document.
CONTEXT = 40


def format_errors(score: CorpusScore, texts: Mapping[str, str] | None = None) -> str:
    """Plain text, one block per list and field that has errors; "" when nothing is wrong.

    ``texts`` maps a document name (as scored) to its text; documents without a text are
    reported without quotes.
    """
    texts = texts or {}
    blocks = [_list_block(name, score, texts) for name in score.lists]
    blocks += [_field_block(name, score) for name in score.fields]
    return "\n\n".join(b for b in blocks if b)


def _list_block(name: str, score: CorpusScore, texts: Mapping[str, str]) -> str:
    total = score.lists[name]
    if not total.missed and not total.spurious:
        return ""
    lines = [f"== {name}: {total.fn} missed, {total.fp} invented"]
    for doc, doc_score in _documents(score):
        result = doc_score.lists.get(name)
        if result is None or not (result.missed or result.spurious):
            continue
        lines.append(f"  {doc}")
        text = texts.get(doc, "")
        lines += [_item_line("missed", item, text) for item in result.missed]
        lines += [_item_line("invented", item, text) for item in result.spurious]
    return "\n".join(lines)


def _field_block(name: str, score: CorpusScore) -> str:
    total = score.fields[name]
    if not total.wrong:
        return ""
    lines = [f"== {name}: {len(total.wrong)} wrong of {total.total}"]
    for doc, doc_score in _documents(score):
        result = doc_score.fields.get(name)
        if result is None or not result.wrong:
            continue
        lines.append(f"  {doc}")
        lines += [f"    {wrong}" for wrong in result.wrong]
    return "\n".join(lines)


def _documents(score: CorpusScore) -> list[tuple[str, DocumentScore]]:
    return sorted(score.documents.items())


def _item_line(what: str, item: str, text: str) -> str:
    quote = quote_of(item, text)
    return f"    {what:<8} {item}" + (f"   «{quote}»" if quote else "")


def quote_of(item: str, text: str, context: int = CONTEXT) -> str:
    """The words around the first occurrence of ``item`` in ``text`` (case-insensitive,
    any whitespace), or of its head for pairs ("Name: value", "Project <- Funder")."""
    if not text:
        return ""
    for needle in _needles(item):
        words = needle.split()
        if not words:
            continue
        pattern = r"\s+".join(re.escape(w) for w in words)
        m = re.search(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE)
        if m:
            start, end = max(0, m.start() - context), min(len(text), m.end() + context)
            snippet = " ".join(text[start:end].split())
            return ("…" if start else "") + snippet + ("…" if end < len(text) else "")
    return ""


def _needles(item: str) -> list[str]:
    """The item itself, then the part before a pair separator."""
    needles = [item]
    for sep in (" <- ", ": ", ", "):
        if sep in item:
            needles.append(item.split(sep, 1)[0])
    return needles
