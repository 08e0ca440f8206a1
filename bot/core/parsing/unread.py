"""Shapes that look like a day but were not read as one (5/6, 上上上周五, Feb 30th …): the
parser asks about them, never takes the message as today's."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from bot.core.parsing import scan
from bot.core.parsing.dates_en import MONTHS
from bot.core.parsing.scan import character_class, characters, latin_runs, runs

__all__ = ["find_unread_date"]

_LETTERS = "abcdefghijklmnopqrstuvwxyz"  # the gate of the English shapes
# Nov 31, 3rd of Feb, Feb 30th, yesterday, upcoming …: English shapes of a day
_ENGLISH_SHAPES = (
    rf"(?<![a-z])(?:{MONTHS})(?![a-z])\.?\s*\d"
    rf"|\d(?:st|nd|rd|th)?\s+(?:{MONTHS})(?![a-z])"
    r"|(?<![a-z])(?:january|february|march|april|june|july|august|september|october"
    r"|november|december|ago|hence|upcoming|tomorrows?|yesterday|christmas|easter"
    r"|from\s+(?:now|today)|(?:days?|weeks?|months?|years?)\s+(?:from|after|later)"
    r"|(?:next|last|this)\s+(?:week|month)|day\s+of"
    r"|(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)day"
    r"|in\s+(?:a|an|one|two|three|\d+)\s+(?:days?|weeks?|months?|years?)"
    r"|on\s+the\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))"
    r"(?![a-z])"
    r"|(?<![a-z\d])\d{1,2}(?:st|nd|rd|th)(?![a-z])(?!\s*(?:floor|time|grade|class|edition))"
)
# Each behind a cheap test that the text could hold one at all, and a lookahead for how
# it starts, so a long message is passed over in one test a place.
_DATE_LIKE: tuple[tuple[frozenset[str], re.Pattern[str]], ...] = tuple(
    (frozenset(gate), re.compile(pattern))
    for gate, pattern in (
        ("/", r"(?<!\d)\d{1,4}\s*/\s*\d{1,2}(?!\d)"),
        # 10000-01-01: a year of five digits or more
        ("-.", r"(?<!\d)\d{5,}[ \t]*[-.][ \t]*\d{1,2}[ \t]*[-.][ \t]*\d{1,2}(?!\d)"),
        # 公元1年, 1年前, 10000年: no year a report is for
        ("年元", r"(?=[公\d])(?:公元|(?<!\d)(?:\d{1,3}|\d{5,})[ \t]*年(?![ \t]*[级級]))"),
        (
            "周週期拜",
            r"(?=[上下这這本今个個第的一二三四五六七八九十月周週星礼禮])"
            r"[上下这這本今个個第的一二三四五六七八九十月]{0,8}(?:周|週|星期|礼拜|禮拜)[一二三四五六日天]"
            r"(?![\d一二三四五六七八九十共起些下直般样切定致同旦])",
        ),
        # each shape starting with a letter starts a word: inside one, none is tried
        (_LETTERS, rf"(?=(?<![a-z])[a-z]|\d{{1,2}}\s*[a-z])(?:{_ENGLISH_SHAPES})"),
    )
)
_GATE_CHARS = character_class(char for gate, _ in _DATE_LIKE for char in gate)
# Where each shape is looked for in a long message (scan.py): one made of ASCII only in
# the runs of ASCII that hold the character it must hold, 上上上周五 in the runs of its
# characters that hold a 周, 期 or 拜, and 公元1年 in the runs of digits and spaces around
# a 年 or 元 (both look one character past what they take).
_WEEKDAY_RUN = re.compile("[上下这這本今个個第的一二三四五六七八九十月周週星期礼拜禮日天]*")
_YEAR_RUN = re.compile("[0-9 \t公元年]*")  # 公元1年, 10000 年: digits and spaces around 年 or 元
_WHERE: dict[frozenset[str], Callable[[str], list[tuple[int, int]]]] = {
    frozenset(_LETTERS): partial(latin_runs, mark=re.compile("[a-z]")),
    frozenset("/"): partial(latin_runs, mark=re.compile("/")),
    frozenset("-."): partial(latin_runs, mark=re.compile("[-.]")),
    frozenset("年元"): partial(runs, mark=re.compile("[年元]"), run=_YEAR_RUN, after=1),
    frozenset("周週期拜"): partial(runs, mark=re.compile("[周週期拜]"), run=_WEEKDAY_RUN, after=1),
}


def find_unread_date(text: str) -> re.Match[str] | None:
    """A date-like shape left in text once its dates are blanked (5/6, 上上上周五, Feb 30th…)."""
    chars = characters(text, _GATE_CHARS)
    if isinstance(chars, set) and not chars:  # most messages: no shape can be there
        return None
    found = [
        _first(text, pattern, gate)
        for gate, pattern in _DATE_LIKE
        if not chars.isdisjoint(gate)
    ]  # fmt: skip
    return min((match for match in found if match), key=re.Match.start, default=None)


def _first(text: str, pattern: re.Pattern[str], gate: frozenset[str]) -> re.Match[str] | None:
    """The first match, looked for only where it can be (English words, 5/6, 上上上周五)."""
    if len(text) < scan.LONG_TEXT:  # one run: the whole text
        return pattern.search(text)
    found = (pattern.search(text, start, end) for start, end in _WHERE[gate](text))
    return next((match for match in found if match is not None), None)
