"""Deadlines declared in the organisation file: one date, monthly on a day, yearly on a date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.core.org_errors import show_value

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
DaysBefore = Annotated[int, Field(strict=True, ge=0, le=60)]


def _month_day(value: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", value)
    if match:
        month, day = int(match[1]), int(match[2])
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2024, month)[1]:
            return month, day
    raise ValueError(f'must be a month and day like "04-23" (got {show_value(value)})')


def _on(year: int, month: int, day: int) -> dt.date:
    """``day`` of the month, or the month's last day when it is shorter (31 → 30, 29 Feb)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


class DeadlineDef(BaseModel):
    """One ``[[deadlines]]`` entry: exactly one of ``due``, ``monthly`` or ``yearly``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    due: dt.date | None = None
    monthly: Annotated[int, Field(strict=True, ge=1, le=31)] | None = None  # day of month
    yearly: str | None = None  # "MM-DD"
    branches: tuple[str, ...] = ()  # empty: every branch
    remind: tuple[DaysBefore, ...] | None = None  # days before; default [schedule]'s

    @field_validator("yearly")
    @classmethod
    def _valid_month_day(cls, value: str | None) -> str | None:
        if value is None:
            return None
        month, day = _month_day(value)
        return f"{month:02d}-{day:02d}"

    @model_validator(mode="after")
    def _one_rule(self) -> DeadlineDef:
        rules = [self.due, self.monthly, self.yearly]
        if sum(rule is not None for rule in rules) != 1:
            raise ValueError('needs exactly one of "due", "monthly" or "yearly"')
        return self

    def occurrences(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The due dates from ``start`` to ``end``, both included."""
        if self.due is not None:
            found = [self.due]
        elif self.monthly is not None:
            found = [
                _on(year, month, self.monthly)
                for year in range(start.year, end.year + 1)
                for month in range(1, 13)
            ]
        else:
            assert self.yearly is not None
            month, day = _month_day(self.yearly)
            found = [_on(year, month, day) for year in range(start.year, end.year + 1)]
        return [day for day in found if start <= day <= end]

    def key(self, due: dt.date) -> str:
        """A stable identity for one occurrence, so applying the file twice adds nothing."""
        return f"org:{self.title}:{due.isoformat()}"


_FULL_WIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")
# 2026-12-05 · 2026/12/05 · 12-05 · 12/05 · 12月5日 · 12月5号 · 2026年12月5日
_DUE = re.compile(
    r"(?:(?P<y>\d{4})[-/.])?(?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?!\d)"
    r"|(?:(?P<y2>\d{4})\s*年\s*)?(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*[日号]?(?!\d)"
)
_YEARS_AHEAD = 8  # far enough to reach the next 29 February


def read_due(text: str, today: dt.date) -> tuple[dt.date | None, str]:
    """The due date that opens ``text``, and the text after it.

    A date without a year is its next occurrence on or after ``today``. None when the
    text does not open with a date, or with one no calendar has (2026-02-30, 13月1日).
    """
    text = text.strip()
    match = _DUE.match(text.translate(_FULL_WIDTH))  # the same length: positions hold
    if match is None:
        return None, text
    rest = text[match.end() :].strip()
    year, month, day = (match["y"] or match["y2"], match["m"] or match["m2"],
                        match["d"] or match["d2"])  # fmt: skip
    if year is not None:
        try:
            return dt.date(int(year), int(month), int(day)), rest
        except ValueError:
            return None, text
    for candidate in range(today.year, today.year + _YEARS_AHEAD + 1):
        try:
            due = dt.date(candidate, int(month), int(day))
        except ValueError:
            continue
        if due >= today:
            return due, rest
    return None, text
