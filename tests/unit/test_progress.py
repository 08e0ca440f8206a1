"""Progress maths, checked against figures worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.progress import Pace, days_left, metric_progress, year_elapsed


def test_linear_pace_is_the_share_of_days_gone() -> None:
    assert year_elapsed(dt.date(2026, 1, 1)) == pytest.approx(1 / 365)
    assert year_elapsed(dt.date(2026, 12, 31)) == 1.0
    assert year_elapsed(dt.date(2028, 12, 31)) == 1.0  # leap year
    assert days_left(dt.date(2026, 11, 19)) == 42


def test_a_flow_metric_half_way() -> None:
    # 2 July 2026 is day 183 of 365: 300,000 visitors against 600,000.
    row = metric_progress("visitors", 300_000, 600_000, dt.date(2026, 7, 2))
    assert row.attainment == 0.5
    assert row.expected == pytest.approx(600_000 * 183 / 365)  # 300,821.9
    assert row.ahead == pytest.approx(300_000 - 600_000 * 183 / 365)
    assert row.ahead_points == pytest.approx(100 * (0.5 - 183 / 365))
    assert row.needed_per_day == pytest.approx(300_000 / 182)  # 1,648.4 a day
    assert row.projected == pytest.approx(300_000 * 365 / 183)  # 598,360.7
    assert row.status == "close"
    assert not row.seasonal


def test_status_marks() -> None:
    day = dt.date(2026, 7, 2)  # pace 50.1 %
    assert metric_progress("loans", 210_000, 400_000, day).status == "ahead"
    assert metric_progress("loans", 190_000, 400_000, day).status == "close"
    assert metric_progress("loans", 150_000, 400_000, day).status == "behind"
    assert metric_progress("loans", 150_000, None, day).status == "none"


def test_target_reached_needs_nothing_more() -> None:
    row = metric_progress("new_cards", 5_200, 5_000, dt.date(2026, 11, 19))
    assert row.needed_per_day == 0
    assert row.attainment == pytest.approx(1.04)


def test_on_the_last_day_what_is_missing_is_needed_today() -> None:
    row = metric_progress("events", 790, 800, dt.date(2026, 12, 31))
    assert row.days_left == 0
    assert row.needed_per_day == 10


def test_a_level_grows_from_where_the_year_began() -> None:
    # Followers: 8,000 on 1 January, target 10,000; by 2 July half of the 2,000 is due.
    row = metric_progress(
        "wechat_followers", 9_500, 10_000, dt.date(2026, 7, 2), stock=True, base=8_000
    )
    share = 183 / 365
    assert row.expected == pytest.approx(8_000 + 2_000 * share)
    assert row.ahead == pytest.approx(9_500 - 8_000 - 2_000 * share)
    assert row.attainment == 0.95
    assert row.needed_per_day == pytest.approx(500 / 182)
    assert row.projected == pytest.approx(8_000 + 1_500 / share)
    assert row.status == "ahead"


def last_year_with_a_slow_february(year: int = 2025) -> dict[dt.date, int]:
    """1,000 a day, but 300 a day in February (Spring Festival)."""
    day, daily = dt.date(year, 1, 1), {}
    while day.year == year:
        daily[day] = 300 if day.month == 2 else 1_000
        day += dt.timedelta(days=1)
    return daily


def test_seasonal_pace_follows_last_years_shape() -> None:
    pace = Pace.from_last_year(last_year_with_a_slow_february(), 2025)
    assert pace.seasonal
    total = 31_000 + 28 * 300 + 306 * 1_000  # 345,400
    assert pace.share(dt.date(2026, 1, 31)) == pytest.approx(31_000 / total)
    assert pace.share(dt.date(2026, 2, 28)) == pytest.approx((31_000 + 8_400) / total)
    assert pace.share(dt.date(2026, 3, 1)) == pytest.approx((31_000 + 8_400 + 1_000) / total)
    assert pace.share(dt.date(2026, 12, 31)) == pytest.approx(1.0)


def test_a_slow_february_is_not_a_false_alarm() -> None:
    # This year is like last year: 1,000 a day, 300 a day in February. Target 345,400.
    pace = Pace.from_last_year(last_year_with_a_slow_february(), 2025)
    value = 31_000 + 28 * 300
    day = dt.date(2026, 2, 28)
    seasonal = metric_progress("visitors", value, 345_400, day, pace)
    linear = metric_progress("visitors", value, 345_400, day)
    assert seasonal.seasonal and seasonal.status == "ahead"
    assert seasonal.ahead == pytest.approx(0, abs=1e-6)
    assert linear.status == "behind"  # linear pace expects 59/365 of the year: 55,830
    assert linear.ahead == pytest.approx(value - 345_400 * 59 / 365)
    assert seasonal.projected == pytest.approx(345_400)


def test_an_incomplete_last_year_falls_back_to_linear() -> None:
    daily = {d: v for d, v in last_year_with_a_slow_february().items() if d.month != 8}
    pace = Pace.from_last_year(daily, 2025)
    assert not pace.seasonal
    assert pace.share(dt.date(2026, 7, 2)) == year_elapsed(dt.date(2026, 7, 2))
    assert not Pace.from_last_year({}, 2025).seasonal


def test_leap_days_map_to_the_same_date() -> None:
    # Last year a leap year: 29 February holds its own share; this year 28 Feb ends February.
    daily = last_year_with_a_slow_february(2024)
    pace = Pace.from_last_year(daily, 2024)
    total = sum(daily.values())
    assert pace.share(dt.date(2025, 2, 28)) == pytest.approx((31_000 + 28 * 300) / total)
    assert pace.share(dt.date(2025, 3, 1)) == pytest.approx((31_000 + 29 * 300 + 1_000) / total)
