"""English day phrases beyond a plain date: a week ago, 2 thursdays back, first Monday of
this month, 20th of the previous month, monday of this week, last week's sunday."""

from __future__ import annotations

import datetime
import re

__all__ = [
    "AGO_EN", "MONTHS", "NTH_WEEKDAY_EN", "OF_MONTH_EN", "ORDINALS", "WEEKDAYS_EN", "WEEKDAY_EN",
    "count", "first_of_month", "month_offset", "weekday",
]  # fmt: skip

# jan · january · sept … (the first three letters name the month)
MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# mon · tue(s) · wed · thu(r(s)) · fri · sat · sun, with an optional full stop
_DAY_NAME = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
)
_WEEKDAY = rf"(?P<day>{_DAY_NAME})(?![a-z'])\.?"
_WEEK = r"(?P<week>this|last|next|the\s+previous|previous|the\s+next)"
_COUNT = r"(?P<n>a|an|one|two|three|four|five|six|\d{1,2})"
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
             "fourth": 4, "4th": 4, "last": -1}  # fmt: skip
_MONTH = r"(?P<month>this|the|last|the\s+previous|previous|the\s+current|current|next|the\s+next)"

# last Monday · this friday · Mon · sunday of last week · last week's sunday · friday after next
WEEKDAY_EN = re.compile(
    rf"(?<![a-z])(?:{_WEEK.replace('week>', 'lead>')}\s+week'?s\s+|(?P<prefix>last|this|next)\s+)?"
    rf"{_WEEKDAY}(?:(?:\s+(?:of|from|in))?\s+{_WEEK}\s+week(?![a-z])|\s+(?P<after>after\s+next))?"
)
# a week ago · 3 days ago · three months ago · 2 thursdays back
AGO_EN = re.compile(
    rf"(?<![a-z]){_COUNT}\s+(?:(?P<unit>days?|weeks?|months?)|(?P<day>{_DAY_NAME})s)"
    r"\s+(?:ago|back|before)(?![a-z])"
)
# the first Monday of this month · first monday in the month · last friday of last month
NTH_WEEKDAY_EN = re.compile(
    rf"(?<![a-z])(?:the\s+)?(?P<nth>{'|'.join(ORDINALS)})\s+{_WEEKDAY}\s+(?:of|in)\s+"
    rf"{_MONTH}\s+month(?![a-z])"
)
# 20th of the previous month · the 3rd of this month
OF_MONTH_EN = re.compile(
    rf"(?<![a-z\d])(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+day)?\s+of\s+{_MONTH}\s+month"
    r"(?![a-z])"
)


def count(word: str) -> int:
    """A small count written as a word or in digits."""
    return int(word) if word.isdigit() else _COUNTS[word]


def weekday(word: str) -> int:
    """0 for Monday … 6 for Sunday, from any spelling the patterns accept."""
    return next(n for n, name in enumerate(WEEKDAYS_EN) if name.startswith(word.rstrip(".")[:3]))


def month_offset(word: str | None) -> int | None:
    """-1 for last month, 0 for this one, 1 for next, None when the word names no month."""
    if word is None:
        return None
    word = word.split()[-1]
    return {"this": 0, "the": 0, "current": 0, "last": -1, "previous": -1, "next": 1}[word]


def first_of_month(today: datetime.date, offset: int) -> datetime.date:
    """The first day of the month offset months from today's."""
    months = today.year * 12 + today.month - 1 + offset
    return datetime.date(months // 12, months % 12 + 1, 1)
