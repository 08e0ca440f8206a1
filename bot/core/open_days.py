"""Which days a branch is open: its closing weekdays, public holidays and make-up workdays.

A branch that follows the public calendar (``closed_on_holidays``) is closed on the
country's public holidays and open on its make-up workdays (调休), even when that day is
one of its regular closing weekdays. In China a holiday is one span of days off, its
weekend days included (the ``holidays`` package lists only the weekdays off), so a
weekend-open branch that closes for the holiday is closed on those too. Every other
branch keeps its weekly pattern.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import TYPE_CHECKING

import holidays

if TYPE_CHECKING:
    from bot.core.org import Branch


# Calendars whose holidays are announced as spans of days off that take in the weekend
# days inside and beside them (放假调休，共9天): China's.
WHOLE_SPANS = frozenset({"CN"})


def _calendar(code: str) -> holidays.HolidayBase:
    country, _, subdivision = code.partition("-")
    return holidays.country_holidays(country.upper(), subdiv=subdivision or None)


def calendar_exists(code: str) -> bool:
    """Whether the ``holidays`` package knows this country (and subdivision) code."""
    try:
        _calendar(code)
    except NotImplementedError:
        return False
    return True


class OpenDays:
    """Opening days by the organisation's holiday calendar (``""``: no public holidays)."""

    def __init__(self, calendar_code: str) -> None:
        self._code = calendar_code

    @cached_property
    def _holidays(self) -> holidays.HolidayBase | None:
        return _calendar(self._code) if self._code else None

    def holiday(self, day: dt.date) -> bool:
        """Whether ``day`` is a public holiday (or a day off in lieu), or, by a calendar
        that announces its holidays as spans (``WHOLE_SPANS``), a weekend day of one."""
        calendar = self._holidays
        if calendar is None:
            return False
        if day in calendar:
            return True
        return self._code.upper() in WHOLE_SPANS and self._weekend_of_a_span(calendar, day)

    def _weekend_of_a_span(self, calendar: holidays.HolidayBase, day: dt.date) -> bool:
        """Whether ``day`` is a weekend day off next to a holiday, or to weekend days off
        next to one: 2026's Spring Festival is 2月15日 (a Sunday) to 23日, 21日–22日
        included. A make-up workday (调休) ends a span."""

        def weekend_off(when: dt.date) -> bool:
            return (
                when.weekday() in calendar.weekend
                and when not in calendar
                and not self.makeup_workday(when)
            )

        if not weekend_off(day):
            return False
        for step in (dt.timedelta(days=-1), dt.timedelta(days=1)):
            beside = day + step
            while weekend_off(beside):
                beside += step
            if beside in calendar:
                return True
        return False

    def makeup_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a weekend day worked in exchange for a holiday (调休)."""
        calendar = self._holidays
        if calendar is None:
            return False
        calendar.get(day)  # fills in that year, with its make-up workdays
        return day in calendar.weekend_workdays

    def is_open(self, branch: Branch, day: dt.date) -> bool:
        """Whether ``branch`` opens on ``day`` (closure notices aside)."""
        if branch.closed_on_holidays:
            if self.holiday(day):
                return False
            if self.makeup_workday(day):
                return True
        return day.weekday() not in branch.closed_weekdays
