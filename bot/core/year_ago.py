"""The same period last year (同比): the days a comparison with last year reads."""

from __future__ import annotations

import datetime as dt

WEEKS_IN_A_YEAR = 52


def day_year_ago(day: dt.date) -> dt.date:
    """The same date last year; 29 February stands for 28 February (no 29th to read)."""
    if day.month == 2 and day.day == 29:
        return dt.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def year_to_date_year_ago(day: dt.date) -> tuple[dt.date, dt.date]:
    """The days from 1 January last year to ``day``'s date last year, both inclusive."""
    end = day_year_ago(day)
    return dt.date(end.year, 1, 1), end


def week_year_ago(monday: dt.date) -> dt.date:
    """The Monday 52 weeks before: the same weekdays in the same season, whatever the week's
    number (a week 53 compares with the last week of December a year before, too)."""
    return monday - dt.timedelta(weeks=WEEKS_IN_A_YEAR)
