"""ISO weeks (``2026-W47``) and when each week's digest is due."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years an organisation file may plan


class WeekOutOfRange(ValueError):
    """A week written as one, in a year no organisation plans (0001-W01)."""


def week_label(monday: dt.date) -> str:
    """``2026-W47`` for the ISO week that contains ``monday``."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day: dt.date) -> dt.date:
    """The Monday of the ISO week that contains ``day``."""
    return day - dt.timedelta(days=day.weekday())


def parse_week(text: str) -> dt.date:
    """The Monday of an ISO week written ``2026-W47``; ValueError for anything else,
    :class:`WeekOutOfRange` for a year outside 2000–2100 (whose weeks' ends and digests'
    due dates a calendar may not even hold: 9999-W52 ends in the year 10000)."""
    match = _WEEK.match(text.strip())
    if not match:
        raise ValueError(f"not an ISO week (YYYY-Www): {text!r}")
    year, week = int(match[1]), int(match[2])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise WeekOutOfRange(f"{text.strip()!r} is outside the years {FIRST_YEAR}–{LAST_YEAR}")
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{year} has no week {week}") from None


def first_week() -> dt.date:
    """The Monday of the first week a digest can cover (2000-W01)."""
    return dt.date.fromisocalendar(FIRST_YEAR, 1, 1)


def due_at(monday: dt.date, weekday: int, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    """When the digest for the week starting ``monday`` is due: the following week's
    ``weekday`` (0 = Monday) at ``time``, local."""
    day = monday + dt.timedelta(days=7 + weekday)
    return dt.datetime.combine(day, time, tzinfo=tz)


def latest_due_week(now: dt.datetime, weekday: int, time: dt.time, tz: ZoneInfo) -> dt.date:
    """The Monday of the newest week whose digest is due by ``now``."""
    local = now.astimezone(tz)
    monday = monday_of(local.date()) - dt.timedelta(days=7)
    if due_at(monday, weekday, time, tz) > local:
        monday -= dt.timedelta(days=7)
    return monday
