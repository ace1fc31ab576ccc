"""Which meetings a comparison looks at: a period, document kinds, meeting types, countries,
regions. Every figure, interval, export and plot is computed from the chosen meetings only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .facts import Facts


@dataclass(frozen=True)
class Selection:
    """Meetings to keep; an empty criterion keeps everything.

    ``start``/``end`` are ISO dates (inclusive); a meeting without a date is left out as soon
    as either is set, because nobody can tell whether it falls in the period. ``regions``
    are region IRIs or their slugs (``se-07``)."""

    start: str | None = None
    end: str | None = None
    kinds: frozenset[str] = field(default_factory=frozenset)
    meeting_types: frozenset[str] = field(default_factory=frozenset)
    countries: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)

    def admits(self, facts: Facts, meeting: str) -> bool:
        """True when ``meeting`` meets every criterion."""
        return (self._in_period(facts.meeting_date.get(meeting))
                and _one_of(self.kinds, facts.meeting_kind.get(meeting))
                and _one_of(self.meeting_types, facts.meeting_type.get(meeting))
                and _one_of(self.countries, facts.meeting_country.get(meeting))
                and self._in_regions(facts.meeting_region.get(meeting)))

    def _in_period(self, day: str | None) -> bool:
        if self.start is None and self.end is None:
            return True
        if day is None:
            return False
        return (self.start is None or day[:10] >= self.start) and \
            (self.end is None or day[:10] <= self.end)

    def _in_regions(self, region: str | None) -> bool:
        if not self.regions:
            return True
        return region is not None and (region in self.regions or
                                       region.rsplit("/", 1)[-1] in self.regions)

    def describe(self) -> dict[str, object]:
        """The selection as JSON (``selection`` in the report)."""
        return {"from": self.start, "to": self.end, "kinds": sorted(self.kinds),
                "meeting_types": sorted(self.meeting_types),
                "countries": sorted(self.countries), "regions": sorted(self.regions)}

    @property
    def empty(self) -> bool:
        return not (self.start or self.end or self.kinds or self.meeting_types
                    or self.countries or self.regions)


def _one_of(allowed: frozenset[str], value: str | None) -> bool:
    return not allowed or value in allowed
