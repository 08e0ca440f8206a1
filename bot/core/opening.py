"""``/opening 角楼 1-11月 到馆 3200 外借 1500``: an opening balance, read from the words.

The branch, then the months (``1-11月``, ``2026年1-11月``, ``11月``, ``2026-01/2026-11``),
then metric and number pairs. Names are looked up by the service; this reads the shape.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.core.imports import month_span
from bot.core.parsing.numbers import parse_number
from storage.models import MonthSpan

OpeningRefusal = Literal[
    "usage",
    "bad_months",  # the months are not a span of one year
    "future",  # months that have not begun
    "not_a_number",
    "unknown_branch",
    "unknown_metric",
    "level",  # a stock metric: a level is given for a day, not for months
    "twice",  # the same metric twice
    "conflict",  # storage refused: daily figures in those months, overlapping totals
]
_JOINED = re.compile(r"^([^\d０-９+\-－.．,，]+)([0-9０-９][0-9０-９,，.．]*万?)$")  # 外借1500


@dataclass(frozen=True, slots=True)
class OpeningCommand:
    """The words of an opening balance, not looked up yet."""

    branch: str
    months: MonthSpan
    figures: tuple[tuple[str, int], ...]  # (metric as written, value)


@dataclass(frozen=True, slots=True)
class OpeningRefused:
    """Why nothing was stored; ``text`` is the part of the message it is about."""

    reason: OpeningRefusal
    text: str = ""
    details: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OpeningRecorded:
    """What was stored: the branch's name, the months, each metric's old and new value."""

    branch_name: str
    months: MonthSpan
    figures: tuple[tuple[str, int, int | None], ...]  # (metric code, value, value before)


def parse_opening(words: Sequence[str], this_year: int) -> OpeningCommand | OpeningRefused:
    """The branch, the months, then metric and number pairs."""
    if len(words) < 3:
        return OpeningRefused("usage")
    months = month_span(words[1], this_year)
    if months is None:
        return OpeningRefused("bad_months", words[1])
    tokens: list[str] = []
    for word in words[2:]:
        joined = _JOINED.match(word)
        tokens.extend(joined.groups() if joined else (word,))
    if len(tokens) % 2:
        return OpeningRefused("usage")
    figures = []
    for name, written in zip(tokens[::2], tokens[1::2], strict=True):
        number = parse_number(written)
        if number is None or number < 0 or number != number.to_integral_value():
            return OpeningRefused("not_a_number", written)
        figures.append((name, int(number)))
    return OpeningCommand(words[0], months, tuple(figures))
