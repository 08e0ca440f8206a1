"""Shapes that look like a day but were not read as one (5/6, 上上上周五, Feb 30th …): the
parser asks about them, never takes the message as today's."""

from __future__ import annotations

import re

from bot.core.parsing.dates_en import MONTHS

__all__ = ["find_unread_date"]

# Each behind a cheap test that the text could hold one at all.
_DATE_LIKE: tuple[tuple[frozenset[str], re.Pattern[str]], ...] = tuple(
    (frozenset(gate), re.compile(pattern))
    for gate, pattern in (
        ("/", r"(?<!\d)\d{1,4}\s*/\s*\d{1,2}(?!\d)"),
        (
            "周週期拜",
            r"[上下这這本今个個第的一二三四五六七八九十月]{0,8}(?:周|週|星期|礼拜|禮拜)[一二三四五六日天]"
            r"(?![\d一二三四五六七八九十共起些下直般样切定致同旦])",
        ),
        (
            "abcdefghijklmnopqrstuvwxyz",
            rf"(?<![a-z])(?:{MONTHS})(?![a-z])\.?\s*\d|\d(?:st|nd|rd|th)?\s+(?:{MONTHS})(?![a-z])"
            r"|(?<![a-z])(?:january|february|march|april|june|july|august|september|october"
            r"|november|december|ago|hence|upcoming|tomorrows?|yesterday|christmas|easter"
            r"|from\s+(?:now|today)|(?:days?|weeks?|months?|years?)\s+(?:from|after|later)"
            r"|(?:next|last|this)\s+(?:week|month)|day\s+of"
            r"|(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)day"
            r"|in\s+(?:a|an|one|two|three|\d+)\s+(?:days?|weeks?|months?|years?)"
            r"|on\s+the\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))"
            r"(?![a-z])"
            r"|(?<![a-z\d])\d{1,2}(?:st|nd|rd|th)(?![a-z])(?!\s*(?:floor|time|grade|class|edition))",
        ),
    )
)


def find_unread_date(text: str) -> re.Match[str] | None:
    """A date-like shape left in text once its dates are blanked (5/6, 上上上周五, Feb 30th…)."""
    chars = set(text)
    found = (pattern.search(text) for gate, pattern in _DATE_LIKE if not chars.isdisjoint(gate))
    return min((match for match in found if match), key=re.Match.start, default=None)
