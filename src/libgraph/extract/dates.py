"""Dates as minutes write them, in Swedish, Norwegian and Danish.

Month names come from CLDR (babel) for every supported language at once, because minutes mix
languages and writers borrow spellings ("mars" is sv and nb, "marts" is da). A date without a
year is returned with ``year_explicit=False``; callers decide where a year can be inferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import get_month_names

LOCALES = ("sv", "nb", "nn", "da")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: int | None
    month: int
    year: int | None
    end_day: int | None = None
    end_month: int | None = None
    year_explicit: bool = True

    @property
    def value(self) -> date | None:
        """The (start) date, or None when day or year is unknown or the date is invalid."""
        return _safe_date(self.year, self.month, self.day)

    @property
    def end_value(self) -> date | None:
        if self.end_day is None:
            return None
        return _safe_date(self.year, self.end_month or self.month, self.end_day)

    def with_year(self, year: int) -> DateMention:
        return replace(self, year=year, year_explicit=False)


def _safe_date(year: int | None, month: int | None, day: int | None) -> date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@cache
def month_lookup() -> dict[str, int]:
    """Every wide and abbreviated month name (without the dot) of the four locales."""
    table: dict[str, int] = {}
    for loc in LOCALES:
        for width in ("wide", "abbreviated"):
            for num, name in get_month_names(width, locale=loc).items():
                table[name.lower().rstrip(".")] = num
    table["sept"] = 9
    return table


@cache
def weekday_names() -> tuple[str, ...]:
    names: set[str] = set()
    for loc in LOCALES:
        names.update(n.lower() for n in Locale(loc).days["format"]["wide"].values())
    return tuple(sorted(names, key=len, reverse=True))


_JOIN = r"(?:\s*(?:–|—|-|til|till|og|och|&|to)\s*)"


@cache
def _textual_re() -> re.Pattern[str]:
    months = "|".join(sorted((re.escape(m) for m in month_lookup()), key=len, reverse=True))
    day = r"(?P<d1>[0-3]?\d)\.?"
    range_ = rf"(?:{_JOIN}(?P<d2>[0-3]?\d)\.?(?:\s*(?P<m2>{months})\.?)?)?"
    # "30. mai – 1. juni 2022": a first month before the range is allowed.
    return re.compile(
        rf"(?<![\w/.-]){day}\s*(?:(?P<m0>{months})\.?)?{range_}\s*(?P<m1>{months})\b\.?"
        rf"(?:,?\s*(?P<y>(?:19|20)\d\d)\b)?",
        re.IGNORECASE,
    )


_ISO_RE = re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?![\d-])")
_DMY_RE = re.compile(
    r"(?<!\d)(?<!\d\.)(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)?\d\d)(?!\d)(?!\.\d)"
)
# "12. 04.2023": a space after a dot, as typed or as PDF text comes out; only with a full year.
_DMY_SPACED_RE = re.compile(
    r"(?<!\d)(?<!\d\.)(?P<d>[0-3]?\d)\.\s(?P<m>[01]?\d)\.\s?(?P<y>(?:19|20)\d\d)(?!\d)(?!\.\d)"
    r"|(?<!\d)(?<!\d\.)(?P<d2>[0-3]?\d)\.(?P<m2>[01]?\d)\.\s(?P<y2>(?:19|20)\d\d)(?!\d)(?!\.\d)"
)
# "12-12-2013": Danish and Norwegian agenda systems write day-month-year with hyphens; only
# with a full year, so that "12-14" stays a range of hours or days.
_DMY_DASH_RE = re.compile(r"(?<![\d-])(?P<d>[0-3]?\d)-(?P<m>[01]?\d)-(?P<y>(?:19|20)\d\d)(?![\d-])")
_SLASH_RE = re.compile(
    r"(?<![\d/])(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?:[-/](?P<y>(?:19|20)?\d\d))?(?![\d/])"
)
_MONTH_YEAR_RE = None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return value + 2000 if value < 100 else value


def _numeric(text: str) -> list[DateMention]:
    found: list[DateMention] = []
    for pattern in (_ISO_RE, _DMY_RE, _DMY_SPACED_RE, _DMY_DASH_RE, _SLASH_RE):
        for m in pattern.finditer(text):
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            year = _year(groups.get("y") or groups.get("y2"))
            mention = DateMention(
                m.start(), m.end(), int(groups.get("d") or groups["d2"]),
                int(groups.get("m") or groups["m2"]), year, year_explicit=year is not None,
            )
            if 1 <= mention.month <= 12 and mention.day and 1 <= mention.day <= 31:
                found.append(mention)
    return found


def _textual(text: str) -> list[DateMention]:
    months = month_lookup()
    found = []
    for m in _textual_re().finditer(text):
        m1 = months[m.group("m1").lower().rstrip(".")]
        m0 = months.get((m.group("m0") or "").lower().rstrip("."))
        year = _year(m.group("y"))
        d1, d2 = int(m.group("d1")), m.group("d2")
        if not 1 <= d1 <= 31:
            continue
        if m0 and d2:  # "30. mai – 1. juni"
            mention = DateMention(m.start(), m.end(), d1, m0, year, int(d2), m1, year is not None)
        elif m0:  # "5 maj" followed by something that is not a range: keep the first month only
            continue
        else:
            mention = DateMention(
                m.start(), m.end(), d1, m1, year, int(d2) if d2 else None, m1 if d2 else None,
                year is not None,
            )
        found.append(mention)
    return found


def find_dates(text: str) -> list[DateMention]:
    """All day-level dates in ``text``, in order, overlapping matches resolved longest-first;
    two full dates joined as a range ("11.10.2023 10.00 - torsdag 12.10.2023") are one."""
    candidates = sorted(_numeric(text) + _textual(text),
                        key=lambda d: (d.start, -(d.end - d.start)))
    chosen: list[DateMention] = []
    last_end = -1
    for cand in candidates:
        if cand.start >= last_end:
            chosen.append(cand)
            last_end = cand.end
    return _join_ranges(text, chosen)


#: A range of two full dates longer than this is a period, not a meeting's days.
MAX_RANGE_DAYS = 14


@cache
def _range_gap_re() -> re.Pattern[str]:
    """What may stand between the two ends of a date range: a time, a dash or "til", and a
    weekday ("10.00 - torsdag", "kl. 9 – fredag den")."""
    days = "|".join(re.escape(d) for d in weekday_names())
    time = r"(?:(?:kl\.?\s*)?\d{1,2}(?:[.:]\d\d)?\s*)?"
    join = r"\s*(?:–|—|-|til|till|to)\s*"  # not "og": two dates in a list are two days
    return re.compile(rf"\s*,?\s*{time}{join}(?:(?:{days})\s*,?\s*)?(?:den\s+)?", re.IGNORECASE)


def _join_ranges(text: str, dates: list[DateMention]) -> list[DateMention]:
    out: list[DateMention] = []
    for d in dates:
        prev = out[-1] if out else None
        if (prev is not None and prev.end_day is None and d.end_day is None
                and _range_gap_re().fullmatch(text[prev.end:d.start])
                and (d.year or prev.year) is not None and prev.year in (None, d.year)):
            start, end = replace(prev, year=d.year), d
            if end.value is not None and start.value is not None and \
                    0 < (end.value - start.value).days <= MAX_RANGE_DAYS:
                out[-1] = DateMention(prev.start, d.end, prev.day, prev.month, d.year, d.day,
                                      d.month, d.year_explicit)
                continue
        out.append(d)
    return out


@cache
def weekday_numbers() -> dict[str, int]:
    """Weekday name (lower case, every locale) -> ``date.weekday()`` number (Monday 0)."""
    table: dict[str, int] = {}
    for loc in LOCALES:
        for num, name in Locale(loc).days["format"]["wide"].items():
            table[name.lower()] = num
    return table


_WEEKDAY_BEFORE = re.compile(r"(?P<day>\w+)[\s,]*(?:den\s+|d\.\s*)?$", re.IGNORECASE)


def weekday_before(text: str, mention: DateMention) -> int | None:
    """The weekday written just before a date ("tirsdag den 6. november"), if any."""
    m = _WEEKDAY_BEFORE.search(text[max(0, mention.start - 20):mention.start])
    return weekday_numbers().get(m.group("day").lower()) if m else None


def years_matching_weekday(mention: DateMention, weekday: int, years: set[int]) -> set[int]:
    """Of ``years``, those in which the day and month of ``mention`` fall on ``weekday``:
    "tirsdag den 6. november" in a text that mentions 2012 and 2013 can only be 2012."""
    return {y for y in years if (v := mention.with_year(y).value) is not None
            and v.weekday() == weekday}


_YEAR_RE = re.compile(r"(?<![\d-])(19[5-9]\d|20[0-4]\d)(?![\d-])")


def find_years(text: str) -> list[tuple[int, int, int]]:
    """Bare four-digit years (start, end, year): context for dates written without one."""
    return [(m.start(), m.end(), int(m.group())) for m in _YEAR_RE.finditer(text)]


def infer_year(mention: DateMention, after: date | None) -> DateMention:
    """Give a year-less date the first year that puts it on or after ``after``."""
    if mention.year is not None or after is None:
        return mention
    for year in (after.year, after.year + 1):
        candidate = mention.with_year(year)
        value = candidate.value
        if value is not None and value >= after:
            return candidate
    return mention
