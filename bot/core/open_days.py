"""Which days a branch is open: its closing weekdays, public holidays and make-up workdays.

A branch that follows the public calendar (``closed_on_holidays``) is closed on the
country's public holidays and open on its make-up workdays (调休), even when that day is
one of its regular closing weekdays. Every other branch keeps its weekly pattern.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import TYPE_CHECKING

import holidays

if TYPE_CHECKING:
    from bot.core.org import Branch


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
        """Whether ``day`` is a public holiday (or a day off in lieu)."""
        return self._holidays is not None and day in self._holidays

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
