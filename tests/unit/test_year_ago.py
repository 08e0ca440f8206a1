"""The same period last year."""

import datetime as dt

from bot.core.year_ago import day_year_ago, week_year_ago, year_to_date_year_ago


def test_a_day_last_year_is_the_same_date() -> None:
    assert day_year_ago(dt.date(2026, 11, 20)) == dt.date(2025, 11, 20)


def test_the_29th_of_february_stands_for_the_28th() -> None:
    assert day_year_ago(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def test_year_to_date_last_year_runs_from_the_first_of_january() -> None:
    assert year_to_date_year_ago(dt.date(2026, 3, 1)) == (dt.date(2025, 1, 1), dt.date(2025, 3, 1))


def test_a_week_last_year_keeps_its_weekdays() -> None:
    monday = dt.date(2026, 11, 23)
    before = week_year_ago(monday)
    assert before.weekday() == 0 and before == dt.date(2025, 11, 24)
    assert week_year_ago(dt.date.fromisocalendar(2026, 53, 1)) == dt.date(2025, 12, 29)
