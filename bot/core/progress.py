"""Year-to-date against the annual plan: attainment, pace, rate needed, projection.

Pace is the share of the year's work that should be done by the end of a day. It is
linear in days unless last year's figures give the year's shape: then the expected share
is last year's cumulative share by the same date, so a slow Spring Festival or a busy
summer holiday is not taken for falling behind.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import accumulate

SEASONAL_MIN_MONTHS = 12  # last year must have figures in every month to give the shape


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def year_elapsed(day: dt.date) -> float:
    """Share of the year gone by the end of ``day`` (Dec 31 → 1.0)."""
    return day.timetuple().tm_yday / days_in_year(day.year)


def days_left(day: dt.date) -> int:
    """Days of the year after ``day``."""
    return (dt.date(day.year, 12, 31) - day).days


@dataclass(frozen=True, slots=True)
class Pace:
    """Expected share of the year's total by the end of each day of the year.

    ``shares[i]`` is the share due by the end of day-of-year ``i + 1`` of a 366-day
    calendar (Feb 29 included, so a date maps to the same slot every year).
    """

    shares: tuple[float, ...] | None = None  # None: linear

    @property
    def seasonal(self) -> bool:
        return self.shares is not None

    def share(self, day: dt.date) -> float:
        """Share of the year's total due by the end of ``day``."""
        if self.shares is None:
            return year_elapsed(day)
        return self.shares[_slot(day)]

    @classmethod
    def from_last_year(
        cls,
        daily: Mapping[dt.date, int],
        year: int,
        spans: Iterable[tuple[dt.date, dt.date, int]] = (),
    ) -> Pace:
        """The shape of ``year``'s daily totals; linear when that year is incomplete.

        ``spans`` are totals known only for whole months (first day, last day, total): an
        opening balance. Their months count as having figures, and for the shape each is
        spread evenly over its days. A year counts as complete when every month has
        figures and the total is positive.
        """
        in_year: dict[dt.date, float] = {d: v for d, v in daily.items() if d.year == year}
        for first, last, lump in spans:
            days = (last - first).days + 1
            if first.year != year or last.year != year or days <= 0 or lump <= 0:
                continue
            for offset in range(days):
                d = first + dt.timedelta(days=offset)
                in_year[d] = in_year.get(d, 0) + lump / days
        total = sum(in_year.values())
        months = {d.month for d, v in in_year.items() if v}
        if total <= 0 or len(months) < SEASONAL_MIN_MONTHS:
            return cls()
        per_slot = [0.0] * 366
        for d, v in in_year.items():
            per_slot[_slot(d)] += v
        return cls(tuple(c / total for c in accumulate(per_slot)))


def _slot(day: dt.date) -> int:
    """Day of a 366-day year: Feb 29 has its own slot, in common years it stays empty."""
    offset = 1 if day.month > 2 and not calendar.isleap(day.year) else 0
    return day.timetuple().tm_yday - 1 + offset


@dataclass(frozen=True, slots=True)
class MetricProgress:
    """One metric's standing at the end of a day.

    A flow metric counts up from 0; a level (stock) metric grows from ``base``, its value
    when the year began, toward the target.
    """

    metric: str
    value: int
    target: int | None
    expected_share: float  # pace: share of the year's growth due by now
    days_left: int
    stock: bool = False
    base: int = 0
    seasonal: bool = False

    def with_figures(self, value: int, target: int | None, base: int = 0) -> MetricProgress:
        """The same metric judged on the same day at the same pace, for other figures: a
        pace is worked out once per metric and service window, not once per branch."""
        return MetricProgress(
            self.metric,
            value,
            target,
            self.expected_share,
            self.days_left,
            stock=self.stock,
            base=base if self.stock else 0,
            seasonal=self.seasonal,
        )

    @property
    def attainment(self) -> float | None:
        """Value as a share of the target."""
        return self.value / self.target if self.target else None

    @property
    def expected(self) -> float | None:
        """Where the pace says the value should be by now."""
        if not self.target:
            return None
        return self.base + (self.target - self.base) * self.expected_share

    @property
    def expected_attainment(self) -> float | None:
        """The pace as a share of the target (what the attainment should be by now)."""
        expected = self.expected
        return None if expected is None or not self.target else expected / self.target

    @property
    def ahead(self) -> float | None:
        """Units ahead of pace (negative: behind)."""
        expected = self.expected
        return None if expected is None else self.value - expected

    @property
    def ahead_points(self) -> float | None:
        """Percentage points of the target ahead of pace (negative: behind)."""
        ahead = self.ahead
        return None if ahead is None or not self.target else 100 * ahead / self.target

    @property
    def needed_per_day(self) -> float | None:
        """What each remaining day must add to reach the target (0 once reached)."""
        if not self.target:
            return None
        missing = max(0, self.target - self.value)
        return missing / self.days_left if self.days_left else float(missing)

    @property
    def projected(self) -> float | None:
        """The year-end value if the pace so far holds."""
        if not self.expected_share:
            return None
        return self.base + (self.value - self.base) / self.expected_share

    @property
    def status(self) -> str:
        """``ahead``, ``close`` (within 10 % of pace), ``behind``; ``none`` without a target."""
        expected = self.expected
        if expected is None:
            return "none"
        if self.value >= expected:
            return "ahead"
        return "close" if self.value >= 0.9 * expected else "behind"


def metric_progress(
    metric: str,
    value: int,
    target: int | None,
    day: dt.date,
    pace: Pace | None = None,
    *,
    stock: bool = False,
    base: int = 0,
) -> MetricProgress:
    """A metric's standing at the end of ``day`` (linear pace unless ``pace`` is given)."""
    pace = pace or Pace()
    return MetricProgress(
        metric,
        value,
        target,
        pace.share(day),
        days_left(day),
        stock=stock,
        base=base if stock else 0,
        seasonal=pace.seasonal,
    )


def over_service(
    row: MetricProgress, pace: Pace | None, day: dt.date, first: dt.date, last: dt.date
) -> MetricProgress:
    """``row`` judged over the days its branch serves this year, ``first`` to ``last``: a
    branch that opened on 1 July is due that part of the year's pace, not all of it."""
    pace = pace or Pace()
    before = pace.share(first - dt.timedelta(days=1)) if first.timetuple().tm_yday > 1 else 0.0
    span = pace.share(last) - before
    if day < first or span <= 0:
        share = 0.0
    else:
        share = min(1.0, (pace.share(min(day, last)) - before) / span)
    return replace(row, expected_share=share, days_left=max(0, (last - day).days))
