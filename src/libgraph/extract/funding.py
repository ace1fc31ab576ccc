"""Projects, programmes, grants and amounts of money.

A project is named where the text says so ("projektet X", "X-projektet", "EU-projekt X"), by
a heading whose section calls its subject a project, or by a grant to a named thing. Money is
read in all the ways minutes write it ("225 milj", "9,7 millioner", "kr 5000", "1,5 mkr",
"500 000 kronor", "2 mio. kr.") and kept as a grant only when the sentence speaks of funding,
not of a price or fee.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..record import Funding
from .context import ExtractionContext
from .lexicon import FUNDING_WORDS, PRICE_WORDS, word_pattern
from .text import clean_heading

_SCALE = {
    "milj": 10**6, "milj.": 10**6, "miljoner": 10**6, "miljon": 10**6, "mkr": 10**6,
    "mnkr": 10**6, "million": 10**6, "millioner": 10**6, "millionar": 10**6, "mill": 10**6,
    "mill.": 10**6, "mio": 10**6, "mio.": 10**6, "mn": 10**6, "tkr": 10**3, "tusen": 10**3,
    "tusind": 10**3, "tnok": 10**3, "miljard": 10**9, "miljarder": 10**9, "mia": 10**9,
    "milliarder": 10**9, "mrd": 10**9,
}
_CURRENCY = {
    "kr": None, "kr.": None, "kronor": "SEK", "kronur": "ISK", "kroner": None, "sek": "SEK",
    "nok": "NOK", "dkk": "DKK", "euro": "EUR", "eur": "EUR", "€": "EUR", "mkr": None,
    "tkr": None, ":-": "SEK", "usd": "USD",
}
_NUMBER = r"\d{1,3}(?:[ .\u00a0]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_SCALES = "|".join(sorted((re.escape(k) for k in _SCALE), key=len, reverse=True))
_CURS = r"kronor|kroner|kr\.?|sek|nok|dkk|euro|eur|€|:-"
_MONEY = re.compile(
    rf"(?<![\w.,])(?:(?P<pre>kr\.?|sek|nok|dkk|€|eur)\s*(?P<n1>{_NUMBER})"
    rf"|(?P<n2>{_NUMBER})\s*(?P<scale>{_SCALES})?\s*(?P<cur>{_CURS})?)(?![\w])",
    re.IGNORECASE,
)
_FUNDING = word_pattern(FUNDING_WORDS)
_PRICE = word_pattern(PRICE_WORDS)
_FROM_ORG = re.compile(r"\b(?:från|fra|frå|av|af|via)\s+(?P<org>[A-ZÅÄÖÆØ][\wåäöæø:-]*"
                       r"(?:\s+[A-ZÅÄÖÆØ][\wåäöæø-]*)*)")
_PROJECT_NAMED = re.compile(
    r"(?:\b(?:projektet|prosjektet|projekt|prosjekt|programmet|satsningen|satsinga|EU-projekt|"
    r"EU-prosjekt)\s+(?P<a>[«\"“”]?[A-ZÅÄÖÆØ][^,.;:()\n«»\"“”]{2,60}?[»\"”]?)(?=[,.;:()\n]|\s+(?:"
    r"som|der|och|og|med|i|är|er|har|ble|blev|vart|kommer|skal|ska|fra|från)\b|$))"
    r"|(?P<b>[A-ZÅÄÖÆØ][\wåäöæø-]+)-(?:projektet|prosjektet)\b",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    amount: Decimal
    currency: str | None


def find_money(text: str, default_currency: str | None) -> list[Money]:
    """Amounts with a scale word or a currency; bare numbers are never money."""
    found = []
    for m in _MONEY.finditer(text):
        number = m.group("n1") or m.group("n2")
        scale, cur = m.group("scale"), m.group("cur") or m.group("pre")
        if not scale and not cur:
            continue
        amount = _parse_number(number) * _SCALE.get((scale or "").lower(), 1)
        currency = _CURRENCY.get((cur or "").lower()) if cur else None
        if scale and scale.lower() in ("mkr", "tkr"):
            currency = currency or default_currency
        found.append(Money(m.start(), m.end(), amount, currency or default_currency))
    return found


def _parse_number(text: str) -> Decimal:
    text = text.replace("\u00a0", " ")
    if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?", text):
        text = text.replace(" ", "").replace(".", "")
    return Decimal(text.replace(",", "."))


DEFAULT_CURRENCY = {"SE": "SEK", "NO": "NOK", "DK": "DKK"}


def read_projects(ctx: ExtractionContext) -> None:
    """Recogniser: named projects and project headings."""
    for m in _PROJECT_NAMED.finditer(ctx.text):
        group = "a" if m.group("a") else "b"
        name = m.group(group).strip("«»\"“” ")
        if name and not ctx.gazetteer.lookup(name, country=ctx.country) and len(name) > 2:
            ctx.add_project(name, ctx.span(m.start(group), m.end(group), "project-named"))
    _project_headings(ctx)


def _project_headings(ctx: ExtractionContext) -> None:
    """A heading whose section calls its subject "projektet" names a project."""
    headings = ctx.view.headings
    for idx, heading in enumerate(headings):
        title = clean_heading(heading.text)
        if not title or len(title.split()) > 6 or not title[0].isupper():
            continue
        section_end = headings[idx + 1].start if idx + 1 < len(headings) else len(ctx.text)
        section = ctx.text[heading.end:section_end][:1500]
        if re.search(r"\b(?:projektet|prosjektet|projekt|prosjekt)\b", section, re.IGNORECASE):
            start = heading.start + heading.text.find(title)
            ctx.add_project(title, ctx.span(start, start + len(title), "project-heading"))


def read_funding(ctx: ExtractionContext) -> None:
    """Recogniser: grants (amount, funder, recipient) in sentences about funding."""
    default = DEFAULT_CURRENCY.get(ctx.country or "")
    for sent in ctx.view.sentences:
        if not _FUNDING.search(sent.text) or _PRICE.search(sent.text):
            continue
        money = find_money(sent.text, default)
        funder = _funder_in(ctx, sent.text)
        if not money and not funder:
            continue
        recipient = _recipient_in(ctx, sent.start, sent.end)
        amount = money[0] if money else None
        ctx.funding.append(Funding(
            funder=funder, recipient=recipient,
            amount=float(amount.amount) if amount else None,
            currency=amount.currency if amount else None,
            text=sent.text, spans=[ctx.span(sent.start, sent.end, "funding")],
        ))
        _link_project_funder(ctx, recipient, funder)


def _funder_in(ctx: ExtractionContext, text: str) -> str | None:
    for m in _FROM_ORG.finditer(text):
        candidate = m.group("org").split(":")[0]
        org = ctx.find_organization(candidate) or ctx.find_organization(candidate.split()[0])
        if org is not None:
            return org.name
    return None


def _recipient_in(ctx: ExtractionContext, start: int, end: int) -> str | None:
    for project in ctx.projects.values():
        if any(start <= s.start < end for s in project.spans):
            return project.name
    section_project = _section_project(ctx, start)
    return section_project


def _section_project(ctx: ExtractionContext, offset: int) -> str | None:
    best = None
    for project in ctx.projects.values():
        for span in project.spans:
            if span.rule == "project-heading" and span.start <= offset and (
                    best is None or span.start > best[0]):
                best = (span.start, project.name)
    return best[1] if best else None


def _link_project_funder(ctx: ExtractionContext, recipient: str | None, funder: str | None
                         ) -> None:
    if not recipient or not funder:
        return
    project = next((p for p in ctx.projects.values() if p.name == recipient), None)
    if project is not None and funder not in project.funders:
        project.funders.append(funder)
