"""What a parse says: the result of one message and the issues found in it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, NamedTuple

__all__ = ["ParseIssue", "ParseResult"]

_DESCRIPTIONS = {
    "negative": "{metric}: {value} is negative; a count cannot be below zero.",
    "absurd": "{metric}: {value} is far too large for one branch on one day.",
    "not_whole": "{metric}: {value} is not a whole number.",
    "letters_in_number": "{metric}: '{text}' has letters in the number; nothing was read from it.",
    "spaced_digits": "{metric}: '{text}' has spaces between its digits; write it as one number.",
    "misplaced_comma": "{metric}: '{text}' has a comma that does not group thousands.",
    "approximate": "{metric}: '{text}' is approximate and was not recorded; send the exact figure.",
    "ambiguous": "'{text}' could be more than one metric and was not recorded; add a unit.",
    "subcount_ignored": "'{text}' is part of {metric} and was not recorded separately.",
    "duplicate_metric": "{metric} was given more than once; the last value, {value}, was kept.",
    "summed": "{metric}: '{text}' was added to the other kinds given, making {value}.",
    "future_date": "The date '{text}' is in the future; figures are for today or earlier.",
    "invalid_date": "'{text}' is not a valid date.",
    "unreadable_date": "'{text}' looks like a date that could not be read; nothing was recorded.",
    "ambiguous_date": "'{text}' could be day/month or month/day; write the month as a word.",
    "date_before_2000": "The date '{text}' is before 2000.",
    "two_dates": "The message names two different days ({text}); send one message per day.",
    "bad_range": "The closure '{text}' ends before it starts.",
    "range_too_long": "The closure '{text}' is longer than a year; check the dates.",
    "open_range": "The closure '{text}' gives only one end; send its first and last day.",
    "closure_period": "'{text}' names a period, not the days closed; send the days.",
    "range_with_figures": "'{text}' is a range of days, but figures belong to one day; "
    "send each day's figures on their own.",
    "period_total": "'{text}' makes these totals over a period, not one day's figures; "
    "send the day's own figures.",
    "level_change": "'{text}' is a change in a level; send the level itself (the total now).",
    "two_branches": "The message names two branches ({text}); send one message per branch.",
    "not_understood": "'{text}' was not understood and was not recorded.",
    "assumed_spelling": "'{text}' was read as '{meant}' (the same pinyin).",
}


class ParseIssue(NamedTuple):
    """Something wrong with, or worth saying about, one part of a message.

    A named tuple: immutable, and made in a third of a frozen dataclass's time (a long
    message can hold hundreds).
    """

    code: str
    metric: str | None = None
    value: float | None = None
    text: str | None = None
    meant: str | None = None  # what a misspelt word was read as

    def describe(self) -> str:
        """One plain English sentence for JSON and command-line output."""
        value = self.value
        shown = "" if value is None else str(int(value)) if value.is_integer() else str(value)
        template = _DESCRIPTIONS.get(self.code, "{code}: '{text}'.")
        return template.format(
            code=self.code, metric=self.metric, value=shown, text=self.text, meant=self.meant
        )


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What one message says: the day, the branch hint, a closure and the figures.

    A closure over several days (12月3日至5日闭馆) runs from ``date`` to ``closed_until``.
    """

    date: datetime.date
    branch: str | None
    closed: bool
    figures: dict[str, int]
    warnings: tuple[ParseIssue, ...] = ()
    error: ParseIssue | None = None
    closed_until: datetime.date | None = None  # the last day closed; None for one day

    @property
    def is_report(self) -> bool:
        """True when something can be recorded: figures or a closure, and no error."""
        return bool(self.figures or self.closed) and self.error is None

    def exit_code(self) -> int:
        """0 when recordable, 1 when the text is not a report, 2 when a value is invalid."""
        if self.error is not None:
            return 2
        return 0 if self.is_report else 1

    def to_json(self) -> dict[str, Any]:
        """The parse as the design's JSON object."""
        return {
            "date": self.date.isoformat(),
            "branch": self.branch,
            "closed": self.closed,
            "closed_until": None if self.closed_until is None else self.closed_until.isoformat(),
            "figures": dict(self.figures),
            "warnings": [issue.describe() for issue in self.warnings],
            "error": None if self.error is None else self.error.describe(),
        }
