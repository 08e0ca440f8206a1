"""Opening days: closing weekdays, public holidays and make-up workdays (调休)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.open_days import OpenDays, calendar_exists
from bot.core.org import Branch, parse_org
from bot.core.org_errors import OrgError

WEEKDAYS_ONLY = Branch(code="sp", name="服务点", closed_weekdays=frozenset({5, 6}),
                       closed_on_holidays=True)  # fmt: skip
MONDAYS_OFF = Branch(code="lib", name="分馆", closed_weekdays=frozenset({0}))
CN = OpenDays("CN")


@pytest.mark.parametrize(
    ("day", "follows_calendar", "keeps_mondays"),
    [
        (dt.date(2026, 9, 18), True, True),  # an ordinary Friday
        (dt.date(2026, 9, 19), False, True),  # Saturday
        (dt.date(2026, 9, 20), True, True),  # Sunday worked for the Mid-Autumn holiday
        (dt.date(2026, 9, 21), True, False),  # Monday
        (dt.date(2026, 9, 25), False, True),  # Mid-Autumn Festival, a Friday
        (dt.date(2026, 10, 5), False, False),  # National Day holiday on a Monday
        (dt.date(2026, 10, 7), False, True),  # a day off in lieu, a Wednesday
        (dt.date(2026, 10, 10), True, True),  # Saturday worked for National Day
        (dt.date(2026, 10, 11), False, True),  # an ordinary Sunday
    ],
)
def test_open_by_the_chinese_calendar(
    day: dt.date, follows_calendar: bool, keeps_mondays: bool
) -> None:
    assert CN.is_open(WEEKDAYS_ONLY, day) is follows_calendar
    assert CN.is_open(MONDAYS_OFF, day) is keeps_mondays


# The State Council's announced spans (放假调休，共N天), weekend days included.
OFFICIAL_SPANS = [
    (dt.date(2024, 2, 10), dt.date(2024, 2, 17)),  # Spring Festival, 8 days
    (dt.date(2024, 6, 8), dt.date(2024, 6, 10)),  # Dragon Boat, a weekend before a Monday
    (dt.date(2025, 1, 28), dt.date(2025, 2, 4)),
    (dt.date(2025, 10, 1), dt.date(2025, 10, 8)),  # National Day with Mid-Autumn
    (dt.date(2026, 1, 1), dt.date(2026, 1, 3)),
    (dt.date(2026, 2, 15), dt.date(2026, 2, 23)),  # 9 days, from a Sunday
    (dt.date(2026, 5, 1), dt.date(2026, 5, 5)),
    (dt.date(2026, 10, 1), dt.date(2026, 10, 7)),
]
WEEKENDS_OPEN = Branch(code="wk", name="周末开放的分馆", closed_weekdays=frozenset({0}),
                       closed_on_holidays=True)  # fmt: skip


@pytest.mark.parametrize(("first", "last"), OFFICIAL_SPANS)
def test_a_holiday_span_is_closed_whole_weekend_days_included(
    first: dt.date, last: dt.date
) -> None:
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    assert all(CN.holiday(day) for day in days)
    assert not any(CN.is_open(WEEKENDS_OPEN, day) for day in days)
    before, after = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    assert not CN.holiday(before) and not CN.holiday(after)  # a workday, or 调休, each side


def test_the_make_up_workdays_around_a_span_stay_open() -> None:
    for makeup in (dt.date(2026, 2, 14), dt.date(2026, 2, 28), dt.date(2026, 1, 4)):
        assert not CN.holiday(makeup) and CN.is_open(WEEKENDS_OPEN, makeup)
    # an ordinary weekend, far from any holiday, is no holiday
    assert not CN.holiday(dt.date(2026, 3, 14)) and CN.is_open(WEEKENDS_OPEN, dt.date(2026, 3, 14))


def test_other_calendars_keep_their_holidays_as_listed() -> None:
    us = OpenDays("US")  # July 4th, 2026 is a Saturday, observed on Friday the 3rd
    assert us.holiday(dt.date(2026, 7, 4)) and not us.holiday(dt.date(2026, 7, 5))


def test_without_a_calendar_only_weekdays_count() -> None:
    none = OpenDays("")
    assert not none.holiday(dt.date(2026, 10, 1)) and not none.makeup_workday(dt.date(2026, 10, 10))
    assert none.is_open(WEEKDAYS_ONLY, dt.date(2026, 10, 1))
    assert not none.is_open(WEEKDAYS_ONLY, dt.date(2026, 10, 10))


def test_other_countries_and_subdivisions() -> None:
    assert calendar_exists("US-CA") and calendar_exists("de") and not calendar_exists("XX")
    assert not OpenDays("US").is_open(WEEKDAYS_ONLY, dt.date(2026, 7, 3))  # July 4th observed


def test_the_org_file_names_the_calendar_and_refuses_an_unknown_one() -> None:
    head = '[org]\nname = "馆"\n{line}\n[[branches]]\ncode = "a"\nname = "甲"\n'
    assert parse_org(head.format(line="")).org.holidays == "CN"
    assert parse_org(head.format(line='holidays = ""')).org.holidays == ""
    with pytest.raises(OrgError) as error:
        parse_org(head.format(line='holidays = "Narnia"'))
    assert "org.holidays" in str(error.value) and "line 3" in str(error.value)


def test_reminders_must_come_before_figures_are_due() -> None:
    text = '[org]\nname = "馆"\n[schedule]\nreport_due = "17:00"\nreminder_at = "17:30"\n'
    with pytest.raises(OrgError) as error:
        parse_org(text + '[[branches]]\ncode = "a"\nname = "甲"\n')
    assert "must come before" in str(error.value)
