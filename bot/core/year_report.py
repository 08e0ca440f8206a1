"""The year-end report (年报): what the service assembles and every renderer reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.core.evaluation import IndicatorResult


@dataclass(frozen=True, slots=True)
class MetricYear:
    """One metric over the year (so far): the exact total, the plan, the year before.

    ``last_year`` is None when the same period last year holds no figures of it: no
    comparison is made, rather than one with a 0 that was never reported.
    """

    metric: str
    total: int
    target: int | None = None
    last_year: int | None = None

    @property
    def attainment(self) -> float | None:
        """完成率: the total as a share of the target."""
        return self.total / self.target if self.target else None

    @property
    def change(self) -> float | None:
        """同比: the change on the same period last year, as a share of it."""
        if not self.last_year:
            return None
        return (self.total - self.last_year) / self.last_year


@dataclass(frozen=True, slots=True)
class BranchYear:
    """One branch's year: its own totals against its allocation, and its closures."""

    code: str
    name: str
    rows: tuple[MetricYear, ...]
    closure_days: int = 0
    indicators: tuple[IndicatorResult, ...] = ()  # only where it declares its population


@dataclass(frozen=True, slots=True)
class EventTitleRow:
    """An event named in a report."""

    day: dt.date
    branch: str  # the branch's name
    title: str


@dataclass(frozen=True, slots=True)
class EventsYear:
    """The year's events: in person, online, who took part, and the titles staff named."""

    count: int
    online: int
    participants: int
    titles: tuple[EventTitleRow, ...] = ()


@dataclass(frozen=True, slots=True)
class YearReport:
    """The year's statistics for a scope (the organisation, or a person's branches).

    ``as_of`` is the last day counted: 31 December for a year that is over, the as-of
    day of ``/progress`` while it runs. ``last_year`` is the same period a year before.
    """

    org_name: str
    scope: str
    year: int
    as_of: dt.date
    last_year: tuple[dt.date, dt.date]
    rows: tuple[MetricYear, ...]
    branches: tuple[BranchYear, ...]
    events: EventsYear
    indicators: tuple[IndicatorResult, ...]
    whole_organisation: bool = True

    @property
    def complete(self) -> bool:
        """Whether the year is over (every day of it counted)."""
        return self.as_of >= dt.date(self.year, 12, 31)

    @property
    def empty(self) -> bool:
        """No figure of the year at all."""
        return not any(r.total for r in self.rows)

    @property
    def closure_days(self) -> int:
        return sum(b.closure_days for b in self.branches)
