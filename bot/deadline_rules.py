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

from bot.org_errors import show_value

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
