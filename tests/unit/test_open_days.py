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
