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

from ..record import Funding, Project, Span
from ..resolve.textnorm import fold
from .context import ExtractionContext
from .dates import find_dates
from .lexicon import FUNDING_WORDS, PRICE_WORDS, word_pattern
from .text import Chunk, clean_heading, finditer_with

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
_FROM_ORG = re.compile(r"\b(?:från|fra|frå|av|af)\s+(?P<org>[A-ZÅÄÖÆØ][\wåäöæø:-]*"
                       r"(?:\s+[A-ZÅÄÖÆØ][\wåäöæø-]*)*)")
_PROJECT_NAMED = re.compile(
    r"\b(?:projektet|prosjektet|projekt|prosjekt|programmet|satsningen|satsinga|EU-projekt|"
    r"EU-prosjekt)\s+(?P<a>[«\"“][^»\"”\n]{2,60}[»\"”]|[A-ZÅÄÖÆØ][^,.;:()\n«»\"“”]{1,60})"
)
# Words that end a project name written after "projektet" ("projektet X kommer att ...").
_NAME_STOP = re.compile(
    r"\s+(?:där|der|hvor|och|og|med|är|er|var|har|hadde|ble|blev|vart|kommer|skal|ska|skall|"
    r"fra|från|frå|till|til|for|för|vil|ville|blir|får|fikk|fick|kan|måste|må|gjennom|genom|"
    r"via|inom|innen|under|efter|etter|går|gick|gikk|gik|startar|startet|startede|pågår|"
    r"fortsätter|fortsetter|fortsætter|avslutas|avsluttes|afsluttes|blev|bliver|"
    r"handlar|handler|syftar)\b.*$",
    re.IGNORECASE,
)
# "nettsideprosjektet", "Läslyftsprojektet": a compound names its project.
_PROJECT_COMPOUND = re.compile(
    r"(?<![\w-])(?P<c>[A-Za-zÅÄÖÆØåäöæø]{3,}(?:projektet|prosjektet)|"
    r"[A-ZÅÄÖÆØ][\wåäöæø]{1,30}-(?:projektet|prosjektet|projekt|prosjekt))(?![\w-])")
# "projektledelsen på Åpne Rom", "prosjektleder for Lesefest": the thing led is one.
_PROJECT_LED = re.compile(
    r"\b(?:projektledelsen|projektledelse|projektledningen|prosjektledelsen|prosjektleiinga|"
    r"projektleder|projektledare|prosjektleder|prosjektleiar)\s+(?:på|for|för|af|av|i)\s+"
    r"(?P<n>[A-ZÅÄÖÆØ][\wåäöæø-]*(?:\s+[A-ZÅÄÖÆØ][\wåäöæø-]*){0,4})")
# "Nasjonal lesestrategi", "Kulturstrategi for Nordland": a named strategy is a
# programme the minutes follow. A name is indefinite: "biblioteksstrategin" refers to one.
_STRATEGY = re.compile(
    r"(?<![\w-])(?P<s>(?:[A-ZÅÄÖÆØ][\wåäöæø-]+\s+)?(?:[A-ZÅÄÖÆØ][\wåäöæø-]*|[a-zåäöæø]+)"
    r"strategi(?:\s+(?:for|för)\s+[A-ZÅÄÖÆØ][\wåäöæø-]+)?)(?![\w-])")
# "Engage – EU-projekt Kronoberg ...", "Läslust - ett projekt ...".
_PROJECT_DASH = re.compile(
    r"^(?P<d>[A-ZÅÄÖÆØ][\wåäöæø]+(?:\s+[\wåäöæø]+){0,3})\s+[–-]\s+(?:ett\s+|et\s+|eit\s+)?"
    r"(?:[\w]+-)?(?:projekt|prosjekt)", re.MULTILINE,
)
_INLINE_HEADING = re.compile(r"^(?:\*\*)?(?P<h>[A-ZÅÄÖÆØ][^:\n*]{2,60}?)(?:\*\*)?:\s+\S",
                             re.MULTILINE)
_DEFINITE_PROJECT = re.compile(r"\b(?:projektet|prosjektet|projektets|prosjektets)\b", re.I)
_SCHEME_ENDINGS = ("stödet", "bidraget", "tilskuddet", "tilskotet", "programmet", "satsningen",
                   "satsinga", "puljen", "lyftet", "løftet")
_SCHEME = re.compile(rf"(?<![\w-])(?P<s>[A-ZÅÄÖÆØ][a-zåäöæø]{{2,}}(?:{'|'.join(_SCHEME_ENDINGS)}))"
                     r"(?![\w-])")
_CALLED = re.compile(
    r"\b(?:heter|kallas|kalles|hedder|kaldes|med\s+namnet|med\s+navnet)\s+"
    r"(?P<n>[«\"“]?[A-ZÅÄÖÆØ][\wåäöæø-]*(?:\s+[a-zåäöæø][\wåäöæø-]*){0,3})")
_OWNED = re.compile(r"(?P<o>[A-ZÅÄÖÆØ][\wåäöæø]*):s\s+(?P<n>[A-ZÅÄÖÆØ][\wåäöæø-]{3,})")
_TEAM = re.compile(r"\b(?:styrgrupp|styringsgrupp|styregrupp|referensgrupp|projektgrupp|"
                   r"prosjektgrupp|arbeidsgrupp)\w*", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(?P<b>[^*\n]{2,60})\*\*")
_ALLCAPS = re.compile(r"(?<![\w.])(?P<u>[A-ZÆØÅÄÖ]{4,}(?:\.[a-z]{2,3})?)(?![\w])")


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

_LETTERS = re.compile(r"[^\W\d_]")
# The first word of a label line ("Plats: ...", "Referent: ...") or of a form field.
_LABEL_WORDS = frozenset(fold(w) for w in (
    "plats", "sted", "stad", "lokal", "lokale", "mødested", "møtested", "tid", "dato", "datum",
    "ordförande", "ordfører", "leder", "formand", "sekreterare", "sekretær", "referent",
    "protokollförare", "justerare", "närvarande", "deltagare", "deltakere", "deltagere",
    "frånvarande", "forfall", "afbud", "transkript", "transcript", "agenda", "dagordning",
    "dagsorden", "saksliste", "program", "programmet", "bilaga", "bilag", "vedlegg"))


def plausible_project_name(name: str) -> bool:
    """Precision first: a project name has letters, is not a label line ("Sekreterare:
    Anna Holm", "Plats: Torsby") or a form field, and is not a meeting (a heading such as
    "Høstens biblioteksjefmøte" names the meeting the minutes record)."""
    from .meetings import MEETING_WORD

    letters = _LETTERS.findall(name)
    if len(letters) < 2 or ":" in name:
        return False
    from .dates import month_lookup, weekday_numbers

    first = fold(name.split()[0].strip("«»\"“”*()"))
    if len(name.split()) == 1 and (name.lower() in month_lookup() or
                                   name.lower() in weekday_numbers()):
        return False  # a page's month heading ("september") is not a project
    return first not in _LABEL_WORDS and not MEETING_WORD.search(name)


def _add_project(ctx: ExtractionContext, name: str, span: Span | None = None,
                 alias: str | None = None) -> Project | None:
    """``ctx.add_project`` for a plausible name only (see :func:`plausible_project_name`)."""
    if not plausible_project_name(name):
        return None
    return ctx.add_project(name, span, alias=alias)


_PROJECT_WORDS = ("projekt", "prosjekt")


def read_projects(ctx: ExtractionContext) -> None:
    """Recogniser: named projects, project compounds, and headings of project sections."""
    for m in _PROJECT_NAMED.finditer(ctx.text):
        name = _NAME_STOP.sub("", m.group("a")).strip("«»\"“” ")
        words = name.split()
        if len(words) > 6 or len(name) < 3 or ctx.gazetteer.lookup(name, country=ctx.country):
            continue
        start = m.start("a") + m.group("a").find(name)
        _add_project(ctx, name, ctx.span(start, start + len(name), "project-named"))
    for m in finditer_with(_PROJECT_COMPOUND, ctx.text, _PROJECT_WORDS):
        if not m.group("c").lower().startswith(("eu", "del", "huvud", "hoved", "samarbeids")):
            _add_project(ctx, m.group("c"), ctx.span(m.start("c"), m.end("c"), "project-compound"))
    for m in finditer_with(_PROJECT_LED, ctx.text, ("projektle", "prosjektle")):
        name = m.group("n")
        if not ctx.find_organization(name) and not ctx.gazetteer.lookup(name):
            _add_project(ctx, name, ctx.span(m.start("n"), m.end("n"), "project-led"))
    _strategies(ctx)
    for m in finditer_with(_PROJECT_DASH, ctx.text, _PROJECT_WORDS):
        _add_project(ctx, m.group("d"), ctx.span(m.start("d"), m.end("d"), "project-heading"))
        if re.search(r"\bEU-(?:projekt|prosjekt)", m.group(0)):
            _eu_funded(ctx, m.group("d"), m.start("d"))
    for m in finditer_with(_SCHEME, ctx.text, _SCHEME_ENDINGS):
        _add_project(ctx, m.group("s"), ctx.span(m.start("s"), m.end("s"), "project-scheme"))
    for m in _CALLED.finditer(ctx.text):
        name = _NAME_STOP.sub("", m.group("n")).strip("«\"“ ")
        if not ctx.gazetteer.lookup(name) and not ctx.find_organization(name):
            start = m.start("n") + m.group("n").find(name)
            _add_project(ctx, name, ctx.span(start, start + len(name), "project-called"))
    _owned_projects(ctx)
    _project_headings(ctx)
    _inline_project_headings(ctx)
    _steered_project(ctx)


def _strategies(ctx: ExtractionContext) -> None:
    """A capitalised strategy name ("Nasjonal lesestrategi"); the first word must be
    capitalised where the sentence does not make it so (not after a full stop)."""
    for m in finditer_with(_STRATEGY, ctx.text, ("strategi",)):
        name = m.group("s")
        if not name[0].isupper() or len(name.split()) > 4 or name.split()[0].lower() in (
                "den", "det", "en", "ett", "et", "vår", "vores", "ny", "nye", "denne"):
            continue
        _add_project(ctx, name, ctx.span(m.start("s"), m.end("s"), "project-strategy"))


def _owned_projects(ctx: ExtractionContext) -> None:
    """"SKL:s Idélabb": a capitalised name owned by an organisation is its programme."""
    for m in finditer_with(_OWNED, ctx.text, (":s",)):
        org = ctx.find_organization(m.group("o"))
        name = m.group("n")
        if org is None or ctx.gazetteer.lookup(name) or ctx.find_organization(name) or \
                ctx.names.is_first_name(name):
            continue
        project = _add_project(ctx, name, ctx.span(m.start("n"), m.end("n"), "project-owned"))
        if project is not None and org.name not in project.participants:
            project.participants.append(org.name)


def _eu_funded(ctx: ExtractionContext, project_name: str, offset: int) -> None:
    """An "EU-projekt" is funded by the EU."""
    entry = ctx.authority.lookup("EU")
    project = ctx.projects.get(fold(project_name))
    if entry is None or project is None:
        return
    ctx.add_organization(entry.name, None, kind=entry.kind, wikidata=entry.wikidata or None)
    if entry.name not in project.funders:
        project.funders.append(entry.name)


def _project_headings(ctx: ExtractionContext) -> None:
    """A heading whose section speaks of "projektet" (the project) names a project."""
    headings = ctx.view.headings
    for idx, heading in enumerate(headings):
        title = clean_heading(heading.text)
        if not title or len(title.split()) > 6 or not title[0].isupper():
            continue
        section_end = headings[idx + 1].start if idx + 1 < len(headings) else len(ctx.text)
        section = ctx.text[heading.end:section_end][:1500]
        if _DEFINITE_PROJECT.search(section):
            start = heading.start + heading.text.find(title)
            _add_project(ctx, title, ctx.span(start, start + len(title), "project-heading"))


def _inline_project_headings(ctx: ExtractionContext) -> None:
    """"Kreativa rum: ... i projektet", "Stärkta bibliotek i hela landet: ... bidraget": a
    paragraph opened by a name and a colon, about a project or a grant, names a project."""
    for para in ctx.view.paragraphs:
        m = _INLINE_HEADING.match(para.text)
        if not m or len(m.group("h").split()) > 6 or ctx.find_organization(m.group("h")):
            continue
        body = para.text[m.end("h"):]
        if _DEFINITE_PROJECT.search(body) or _TEAM.search(body) or (
                _FUNDING.search(body) and find_money(body, None)):
            title = m.group("h").strip()
            _add_project(ctx, _short_name(title), ctx.span(para.start + m.start("h"),
                                                         para.start + m.end("h"),
                                                         "project-heading"), alias=title)


def _short_name(title: str) -> str:
    """"Stärkta bibliotek i hela landet" is called "Stärkta bibliotek": a trailing place
    phrase is not part of a programme's short name."""
    return re.sub(r"\s+i\s+hela\s+(?:landet|länet|fylket|regionen)$", "", title)


def _steered_project(ctx: ExtractionContext) -> None:
    """A steering group steers a project: the line above its meeting title names it."""
    if not ctx.meetings or ctx.meetings[0].type != "steering_group":
        return
    title = next((s for s in ctx.meetings[0].spans if s.rule == "meeting-title"), None)
    lines = [ln for ln in ctx.view.lines if ln.text.strip() and title and ln.end < title.start]
    if len(lines) == 1:
        line = lines[0].strip()
        name = clean_heading(line.text)
        if name and name[0].isupper() and not find_dates(name):
            start = line.start + line.text.find(name)
            _add_project(ctx, name, ctx.span(start, start + len(name), "project-steered"))


_SPONSOR = re.compile(
    r"(?P<funder>[A-ZÅÄÖÆØ][\wåäöæø-]*)\s+(?:sponsrar|sponser|sponsorerer|finansierar|finansierer|"
    r"bekostar|bekoster|støtter|stöttar|stödjer)\s+(?P<item>[A-ZÅÄÖÆØ][\wåäöæø-]*)")
_TO_NAME = re.compile(r"\b(?:till|til)\s+(?P<to>(?:\*\*)?[A-ZÅÄÖÆØ][\wåäöæø-]*"
                      r"(?:\s+[a-zåäöæø]+\s+[A-ZÅÄÖÆØ][\wåäöæø-]*|\s+[a-zåäöæø]+)?(?:\*\*)?)")
FUNDER_KINDS = ("national_agency", "funder", "foundation", "international", "municipality_body")


def read_funding(ctx: ExtractionContext) -> None:
    """Recogniser: grants (amount, funder, recipient) in sentences about funding, then
    amounts in the paragraph of a project that speaks of funding."""
    default = DEFAULT_CURRENCY.get(ctx.country or "")
    used: set[int] = set()
    for sent in ctx.view.sentences:
        if _PRICE.search(sent.text):
            continue
        sponsor = _SPONSOR.search(sent.text)
        if sponsor and ctx.find_organization(sponsor.group("funder")):
            funder = ctx.find_organization(sponsor.group("funder")).name  # type: ignore[union-attr]
            _add_grant(ctx, sent, funder, sponsor.group("item"), [], used)
            continue
        if not _FUNDING.search(sent.text):
            continue
        money = find_money(sent.text, default)
        funder = _funder_in(ctx, sent.text) or _granting_subject(ctx, sent)
        recipient = _recipient_in(ctx, sent)
        if money or funder or recipient:
            _add_grant(ctx, sent, funder, recipient, money, used)
    _paragraph_grants(ctx, default, used)


def _add_grant(ctx: ExtractionContext, sent: Chunk, funder: str | None, recipient: str | None,
               money: list[Money], used: set[int]) -> None:
    amount = money[0] if money else None
    if amount is not None:
        used.add(sent.start + amount.start)
    ctx.funding.append(Funding(
        funder=funder, recipient=recipient,
        amount=float(amount.amount) if amount else None,
        currency=amount.currency if amount else None,
        text=sent.text, spans=[ctx.span(sent.start, sent.end, "funding")],
    ))
    _link_project_funder(ctx, recipient, funder)


def _paragraph_grants(ctx: ExtractionContext, default: str | None, used: set[int]) -> None:
    """"Stärkta bibliotek i hela landet: ... bidraget ... 225 milj i tre år": the amount's own
    sentence need not say who gives it to whom when its paragraph does."""
    for para in ctx.view.paragraphs:
        project = _paragraph_project(ctx, para)
        if project is None or not _FUNDING.search(para.text) or _PRICE.search(para.text):
            continue
        for money in find_money(para.text, default):
            if para.start + money.start in used:
                continue
            sent = ctx.view.sentence_at(para.start + money.start)
            if sent is None:
                continue
            funder = _funder_in(ctx, para.text) or _funder_org_in(ctx, para)
            _add_grant(ctx, sent, funder, project, [Money(money.start - (sent.start - para.start),
                                                          money.end - (sent.start - para.start),
                                                          money.amount, money.currency)], used)


def _paragraph_project(ctx: ExtractionContext, para: Chunk) -> str | None:
    for project in ctx.projects.values():
        if any(s.start == para.start or (para.start <= s.start < para.start + 3)
               for s in project.spans if s.rule == "project-heading"):
            return project.name
    return None


def _funder_org_in(ctx: ExtractionContext, para: Chunk) -> str | None:
    """The one organisation of a funding kind named in the paragraph."""
    found = {o.name for o in ctx.organizations.values() if o.kind in FUNDER_KINDS
             and any(para.start <= s.start < para.end for s in o.spans)}
    return found.pop() if len(found) == 1 else None


_GRANTS = re.compile(r"\b(?:har\s+|hade\s+|har\s+nu\s+)?(?:beviljat|beviljade|beviljar|"
                     r"bevilget|bevilga|bevilger|bevilgede|bevilgede|tildelt|tildelte|tildeler|"
                     r"gav|gir|giver|ger|delar\s+ut|deler\s+ut|uddeler)\b", re.IGNORECASE)


def _granting_subject(ctx: ExtractionContext, sent: Chunk) -> str | None:
    """"Kulturrådet har beviljat 500 000 kronor ...": the organisation before the verb."""
    m = _GRANTS.search(sent.text)
    if m is None:
        return None
    best = None
    for org in ctx.organizations.values():
        for span in org.spans:
            if sent.start <= span.start and span.end <= sent.start + m.start() and (
                    best is None or span.start > best[0]):
                best = (span.start, org.name)
    return best[1] if best else None


def _funder_in(ctx: ExtractionContext, text: str) -> str | None:
    for m in _FROM_ORG.finditer(text):
        candidate = m.group("org").split(":")[0]
        org = ctx.find_organization(candidate) or ctx.find_organization(candidate.split()[0])
        if org is not None:
            return org.name
    return None


def _recipient_in(ctx: ExtractionContext, sent: Chunk) -> str | None:
    """A project named in the sentence, a bold or upper-case name, "till X", or the project
    whose section the sentence is in when it speaks of "the project"."""
    for project in ctx.projects.values():
        if any(sent.start <= s.start < sent.end for s in project.spans):
            return project.name
    for pattern, group in ((_BOLD, "b"), (_ALLCAPS, "u"), (_TO_NAME, "to")):
        for m in pattern.finditer(sent.text):
            name = m.group(group).strip("* ")
            if find_dates(name) or len(name.split()) > 4 or _FUNDING.search(name) or \
                    ctx.find_organization(name) or ctx.gazetteer.lookup(name) or \
                    ctx.authority.lookup(name, country=ctx.country):
                continue
            _add_project(ctx, name, ctx.span(sent.start + m.start(group),
                                           sent.start + m.end(group), "project-funded"))
            return ctx.find_project(name)
    if _DEFINITE_PROJECT.search(sent.text):
        return _section_project(ctx, sent.start)
    return None


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
