"""A date range cut into the pieces the running totals keep: whole years, whole months,
week parts (a week's days within one month) and the days left over at its ends."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

DAY = dt.timedelta(days=1)


@dataclass(slots=True)
class Pieces:
    """[start, end] as keys of ``figure_years``, ``figure_months``, ``figure_weeks`` and
    day ranges of ``figures``; each day is in exactly one piece."""

    years: list[str] = field(default_factory=list)  # 'YYYY'
    months: list[str] = field(default_factory=list)  # 'YYYY-MM'
    weeks: list[str] = field(default_factory=list)  # the week part's first day, ISO
    days: list[tuple[dt.date, dt.date]] = field(default_factory=list)

    def cost(self, latest: dt.date | None) -> int:
        """About how many rows per (branch, metric) reading the pieces takes: one a
        piece, one a day; nothing for what starts after ``latest``, the newest figure's day."""
        if latest is None:
            return 0
        whole = [f"{y}-01-01" for y in self.years] + [f"{m}-01" for m in self.months]
        starts = whole + self.weeks
        days = sum(max(0, (min(last, latest) - first).days + 1) for first, last in self.days)
        return sum(1 for s in starts if s <= latest.isoformat()) + days


def week_part_end(day: dt.date) -> dt.date:
    """The last day of the week part ``day`` is in: its Sunday, or its month's last day."""
    sunday = day + dt.timedelta(days=6 - day.weekday())
    return min(sunday, month_end(day))


def month_end(day: dt.date) -> dt.date:
    return next_month(day) - DAY


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def pieces(start: dt.date, end: dt.date) -> Pieces:
    """[start, end] in the largest pieces that fit: a whole year, else a whole month, else a
    whole week part, else days."""
    found = Pieces()
    day = start
    while day <= end:
        year_end = dt.date(day.year, 12, 31)
        if (day.month, day.day) == (1, 1) and year_end <= end:
            found.years.append(f"{day.year:04d}")
            day = year_end + DAY
        elif day.day == 1 and month_end(day) <= end:
            found.months.append(f"{day:%Y-%m}")
            day = next_month(day)
        elif (day.weekday() == 0 or day.day == 1) and week_part_end(day) <= end:
            found.weeks.append(day.isoformat())
            day = week_part_end(day) + DAY
        else:
            last = min(end, week_part_end(day))
            if found.days and found.days[-1][1] == day - DAY:
                found.days[-1] = (found.days[-1][0], last)
            else:
                found.days.append((day, last))
            day = last + DAY
    return found
