"""The organisation's figures of a past year, held as running totals by day.

Read once a day with the year's pace (the same rows shape it), they answer the
organisation's 同比 — the total from 1 January to any day of that year — without a query.
Monthly totals (opening balances) count from the last day of their span, as the range
totals count them only in a range that holds their last month whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import accumulate

Span = tuple[dt.date, dt.date, int]  # first day, last day, total


@dataclass(frozen=True, slots=True)
class LastYear:
    """Each metric's running total through each day of ``year``, and its first record."""

    year: int
    running: dict[str, tuple[int, ...]]  # metric -> total by the end of day-of-year i + 1
    recorded_from: dict[str, dt.date]  # metric -> its first day with a figure

    @classmethod
    def of(
        cls,
        year: int,
        daily: Mapping[str, Mapping[dt.date, int]],
        spans: Mapping[str, Iterable[Span]],
    ) -> LastYear:
        """From the organisation's daily totals and monthly spans of ``year``."""
        first = dt.date(year, 1, 1)
        size = (dt.date(year, 12, 31) - first).days + 1
        running: dict[str, tuple[int, ...]] = {}
        recorded: dict[str, dt.date] = {}
        for metric in {*daily, *spans}:
            per_day = [0] * size
            starts = []
            for day, value in daily.get(metric, {}).items():
                if day.year == year and value:
                    per_day[(day - first).days] += value
                    starts.append(day)
            for start, last, total in spans.get(metric, ()):
                if start.year == year and last.year == year and total:
                    per_day[(last - first).days] += total
                    starts.append(start)
            running[metric] = tuple(accumulate(per_day))
            if starts:
                recorded[metric] = min(starts)
        return cls(year, running, recorded)

    def through(self, metric: str, day: dt.date) -> int:
        """The total from 1 January to the end of ``day`` (a day of :attr:`year`)."""
        assert day.year == self.year, (day, self.year)
        days = self.running.get(metric)
        return days[(day - dt.date(self.year, 1, 1)).days] if days else 0
