"""Year-to-date against the annual plan: attainment, linear pace, rate needed, projection."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


def year_elapsed(day: dt.date) -> float:
    """Share of the year gone by the end of ``day`` (Dec 31 → 1.0)."""
    days = 366 if calendar.isleap(day.year) else 365
    return day.timetuple().tm_yday / days


def days_left(day: dt.date) -> int:
    """Days of the year after ``day``."""
    return (dt.date(day.year, 12, 31) - day).days


@dataclass(frozen=True, slots=True)
class MetricProgress:
    """One metric's standing on ``day``."""

    metric: str
    value: int
    target: int | None
    elapsed: float
    days_left: int
    stock: bool = False

    @property
    def attainment(self) -> float | None:
        """Value as a share of the target."""
        return self.value / self.target if self.target else None

    @property
    def expected(self) -> float | None:
        """Where a steady pace would be by now (a stock level is judged against the target)."""
        if not self.target:
            return None
        return self.target * (1.0 if self.stock else self.elapsed)

    @property
    def ahead(self) -> float | None:
        """Units ahead of pace (negative: behind)."""
        expected = self.expected
        return None if expected is None else self.value - expected

    @property
    def needed_per_day(self) -> float | None:
        """What each remaining day must bring to reach the target (0 when reached)."""
        if not self.target or self.stock:
            return None
        missing = max(0, self.target - self.value)
        return missing / self.days_left if self.days_left else float(missing)

    @property
    def projected(self) -> float | None:
        """Year-end value if the pace so far holds."""
        if self.stock:
            return float(self.value)
        return self.value / self.elapsed if self.elapsed else None


def progress_rows(
    totals: Mapping[str, int],
    targets: Mapping[str, int],
    metrics: Iterable[tuple[str, bool]],
    day: dt.date,
) -> list[MetricProgress]:
    """Rows for every metric with a target or a value, in catalogue order.

    ``metrics`` yields (code, is_stock) in the order to show.
    """
    elapsed = year_elapsed(day)
    left = days_left(day)
    return [
        MetricProgress(code, totals.get(code, 0), targets.get(code), elapsed, left, stock)
        for code, stock in metrics
        if code in targets or totals.get(code)
    ]
