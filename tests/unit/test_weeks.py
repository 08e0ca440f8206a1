"""ISO weeks and digest due times."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.core.weeks import (
    WeekOutOfRange,
    due_at,
    first_week,
    latest_due_week,
    parse_week,
    week_label,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NINE = dt.time(9, 0)


def test_week_labels_and_parsing_round_trip() -> None:
    assert week_label(dt.date(2026, 11, 16)) == "2026-W47"
    assert parse_week("2026-W47") == dt.date(2026, 11, 16)
    assert parse_week("2026w47") == dt.date(2026, 11, 16)
    assert parse_week("2026-W01") == dt.date(2025, 12, 29)  # ISO week 1 starts in December
    assert week_label(dt.date(2025, 12, 29)) == "2026-W01"
    assert parse_week("2026-W53".replace("2026", "2020")) == dt.date(2020, 12, 28)


@pytest.mark.parametrize("text", ["2026-W54", "2025-W53", "2026-47", "W47", "", "2026-W00"])
def test_bad_weeks_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_week(text)


@pytest.mark.parametrize("text", ["0001-W01", "1999-W52", "2101-W01", "9999-W52", "0000-W01"])
def test_weeks_of_years_no_one_plans_are_out_of_range(text: str) -> None:
    with pytest.raises(WeekOutOfRange):  # a ValueError, not an OverflowError further on
        parse_week(text)


def test_the_first_and_last_weeks_in_range_are_read() -> None:
    assert parse_week("2000-W01") == first_week() == dt.date(2000, 1, 3)
    assert parse_week("2100-W52") == dt.date(2100, 12, 27)


def test_the_digest_is_due_the_monday_after_the_week() -> None:
    assert due_at(dt.date(2026, 11, 16), 0, NINE, SHANGHAI) == dt.datetime(
        2026, 11, 23, 9, 0, tzinfo=SHANGHAI
    )
    assert due_at(dt.date(2026, 11, 16), 4, dt.time(16, 30), SHANGHAI) == dt.datetime(
        2026, 11, 27, 16, 30, tzinfo=SHANGHAI
    )


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def test_the_latest_due_week_turns_over_at_the_digest_time() -> None:
    assert latest_due_week(at(2026, 11, 23, 8, 59), 0, NINE, SHANGHAI) == dt.date(2026, 11, 9)
    assert latest_due_week(at(2026, 11, 23, 9, 0), 0, NINE, SHANGHAI) == dt.date(2026, 11, 16)
    assert latest_due_week(at(2026, 11, 29, 23, 0), 0, NINE, SHANGHAI) == dt.date(2026, 11, 16)
    # Another weekday: due Friday 16:00 for the week before.
    assert latest_due_week(at(2026, 11, 26, 12, 0), 4, dt.time(16), SHANGHAI) == dt.date(
        2026, 11, 9
    )
    assert latest_due_week(at(2026, 11, 27, 16, 0), 4, dt.time(16), SHANGHAI) == dt.date(
        2026, 11, 16
    )


def test_time_zones_are_respected() -> None:
    # 01:00 UTC on Monday is 09:00 in Shanghai.
    utc = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
    assert latest_due_week(utc, 0, NINE, SHANGHAI) == dt.date(2026, 11, 16)
    assert latest_due_week(utc - dt.timedelta(minutes=1), 0, NINE, SHANGHAI) == dt.date(2026, 11, 9)
