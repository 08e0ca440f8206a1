"""Days that run on: 12月3日至5日 · 12.3-12.5 · 明天到后天 · Dec 3 to Dec 5 · closed Dec 3-5.

``find_days`` reads a message's days as ``find_dates`` does, then joins two days written
with a range word between them (至 到 - ~ to through until) into one mention running from
the first day to the last. The last day takes from the first what it leaves out: 12月3日至5日
is 3 to 5 December, 12月30日至1月2日 ends in the next year, 下周一至周三 on that Wednesday. A
weekday glossing a date (12月3日（周四）) is part of the date when it is that date's weekday.
A closure with only one end (12月3日起, 至12月5日) is refused: it never runs on unsaid.
"""

from __future__ import annotations

import datetime
import re

from bot.core.parsing.dates import DateMention, DateProblem, find_dates, year_of
from bot.core.parsing.numbers import evaluate
from bot.core.parsing.scan import joined, runs

__all__ = ["LONGEST_RANGE_DAYS", "find_days"]

LONGEST_RANGE_DAYS = 366  # a longer closure is a typing slip (2026年 for 2027年 …)

_TO = r"\s*(?:起\s*)?(?:至|到|~|〜|-|–|(?<![a-z])(?:to|through|thru|until|till)(?![a-z]))\s*"
_CONNECTOR = re.compile(_TO)
# Between a date and the weekday glossing it: 12月3日（周四）· Thu, Dec 3 · Dec 3 (Thu)
_GLUE = re.compile(r"[\s(),，]*")
_CLOSING_BRACKET = re.compile(r"\s*\)")
# The last day as a bare number after a date: 12月3日-5日 · closed Dec 3-5 · Dec 3rd to 5th.
_BARE_END = re.compile(
    rf"{_TO}(?P<d>\d{{1,2}})(?:(?P<suffix>\s*[日号號]|st|nd|rd|th)(?![楼馆线门柜窗机厅室房口院a-z])"
    r"|(?![\d.,:月日号號a-z]))"
)
# The first day as a bare number before a date: 3-5 Dec · 3至5日
_BARE_START = re.compile(rf"(?<![\d.,:/])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{_TO}$")
# 12.3-12.5 · 12/3~12/5 · 12-3至12-5: month.day twice, read as a range only.
_COMPACT = re.compile(  # the lookahead passes over a long message one test a place
    r"(?=\d{1,2}[./-]\d)(?<![\d.\-/])(?P<m>\d{1,2})(?P<sep>[./-])(?P<d>\d{1,2})\s*(?P<to>-|~|〜|至|到)\s*"
    r"(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})(?![\d.\-/]|\s*[万千百亿元%倍米小个kwh])"
)
# Where _COMPACT can match in a long message: runs of its characters holding a separator
# (scan.runs); it looks one character past what it takes.
_COMPACT_RUN = re.compile(r"[\d\s./\-~〜至到]*")
_COMPACT_MARK = re.compile(r"[./-]")
_GAP = 32  # runs closer than this are scanned as one (scan.joined)
_DAY_NUMBER = re.compile(r"\d{1,2}|[一二三四五六七八九十廿卅]+")
# Open at one end: 12月3日起 (until when?), 至12月5日 (from when?), 即日起.
_OPEN_AFTER = re.compile(r"\s*(?:起|开始|以后|之后)")
_OPEN_BEFORE = re.compile(r"(?:至|到|until|till|through)\s*$")
_FROM_NOW = re.compile(r"(?:从)?即日(?:起|开始)")
# 12月6日恢复开放 · 明天起正常开放 · reopening Dec 6: the day after a closure, not in it.
_REOPEN_AFTER = re.compile(r"\s*(?:起\s*)?(?:恢复|重新|正常|照常)?(?:开放|开馆|营业)")
_REOPEN_BEFORE = re.compile(r"re-?open(?:s|ing)?(?:\s+on)?\s*$")
# Past any whitespace, what _TO, _REOPEN_AFTER and _OPEN_AFTER can start with, and what
# _TO (so _BARE_START), _REOPEN_BEFORE and _OPEN_BEFORE can end with: a look at the text
# beside a day spares most days the regex (test_scan.py).
_TO_FIRST, _TO_LAST = "起至到~〜-–tu", "至到~〜-–ohul"
_REOPEN_AFTER_FIRST, _REOPEN_BEFORE_LAST = "起恢重正照开营", "nsg"
_OPEN_AFTER_FIRST, _OPEN_BEFORE_LAST = "起开以之", "至到lh"
_LOOK = 8  # characters looked at past the whitespace after a day


def _match_at(pattern: re.Pattern[str], first: str, text: str, pos: int) -> re.Match[str] | None:
    """``pattern.match(text, pos)``, not tried when what follows pos, past whitespace,
    starts with none of first, all the pattern can start with there, or when nothing but
    whitespace follows (as where a closure word was blanked: 明天闭馆)."""
    ahead = text[pos : pos + _LOOK].lstrip()
    if (ahead and ahead[0] not in first) or (not ahead and pos + _LOOK >= len(text)):
        return None
    return pattern.match(text, pos)


def _search_before(
    pattern: re.Pattern[str], last: str, text: str, pos: int, width: int
) -> re.Match[str] | None:
    """``pattern.search(text, pos - width, pos)`` for a pattern ending at pos, not tried
    when what precedes pos, before whitespace, ends with none of last."""
    before = text[max(0, pos - width) : pos].rstrip()
    return pattern.search(text, max(0, pos - width), pos) if before and before[-1] in last else None


def find_days(text: str, today: datetime.date, *, planned: bool = False) -> list[DateMention]:
    """Every day or range of days in text, in order; text is fold(…, lower=True).

    ``planned``: the message is a closure notice, so days ahead are no mistake, a bare
    number after a date may end a range (closed Dec 3-5), and an open end is refused.
    """
    mentions = find_dates(text, today, planned=planned)
    if ("." in text or "/" in text or "-" in text) and (compact := _compact(text, today, planned)):
        mentions = _merge(mentions, compact)
    if len(mentions) > 1:
        mentions = _glossed(text, mentions)
    days: list[DateMention] = []
    for mention in mentions:
        previous = days[-1] if days else None
        if (
            previous is not None
            and previous.until is None
            and _CONNECTOR.fullmatch(text, previous.end, mention.start)
        ):
            days[-1] = _joined(text, previous, mention, today, planned)
            continue
        days.append(_with_bare_start(text, mention, today, planned))
    days = [_with_bare_end(text, day, today, planned) for day in days]
    if planned:
        days = _open_ends(text, days, today)
    return days


def _joined(
    text: str, first: DateMention, last: DateMention, today: datetime.date, planned: bool
) -> DateMention:
    """One mention from first's day to the day last names, given first's."""
    span = (first.start, last.end)
    if first.date is None or (last.date is None and last.shape != "day"):
        problem = first.problem if first.date is None else last.problem
        return DateMention(None, *span, text[slice(*span)], problem or "invalid_date")
    try:
        end = _last_day(first.date, last, text)
    except ValueError:  # 11月3日至31日
        return DateMention(None, *span, text[slice(*span)], "invalid_date")
    start = first.date
    if first.shape == "weekday" and last.text.endswith("week"):  # monday to friday next week
        start = end - datetime.timedelta(days=(end.weekday() - start.weekday()) % 7)
    # 12月3日至31日: 31日 was no day of this month, but it is one of December
    problems = (first.problem, last.problem if last.shape == "fixed" else None)
    return _range(text, span, start, end, problems, today, planned)


def _last_day(first: datetime.date, last: DateMention, text: str) -> datetime.date:
    """The day last names, taking from first what it leaves out."""
    if last.shape == "day":
        number = _DAY_NUMBER.search(text, last.start, last.end)
        assert number is not None
        return first.replace(day=int(evaluate(number.group())))
    assert last.date is not None
    if last.shape == "weekday":  # 下周一至周三: that week's Wednesday
        return first + datetime.timedelta(days=(last.date.weekday() - first.weekday()) % 7)
    if last.shape == "month_day":  # 12月30日至1月2日: January of the next year
        end = last.date.replace(year=first.year)
        return end.replace(year=first.year + 1) if end.month < first.month else end
    return last.date


def _range(
    text: str,
    span: tuple[int, int],
    first: datetime.date,
    last: datetime.date,
    problems: tuple[DateProblem | None, ...],
    today: datetime.date,
    planned: bool,
) -> DateMention:
    """A range's mention, with what is wrong with it: its parts first, then its length."""
    written = text[slice(*span)]
    problem = next((p for p in problems if p not in (None, "future_date")), None)
    if problem is None:
        if last < first:
            problem = "bad_range"
        elif (last - first).days >= LONGEST_RANGE_DAYS:
            problem = "range_too_long"
        elif last > today and not planned:
            problem = "future_date"
    if first == last:  # 12月3日至3日 is one day
        return DateMention(first, *span, written, problem)
    return DateMention(first, *span, written, problem, until=last)


def _with_bare_end(
    text: str, mention: DateMention, today: datetime.date, planned: bool
) -> DateMention:
    """12月3日-5日, or in a closure notice closed Dec 3-5: a range to that day."""
    if mention.until is not None or mention.date is None or mention.shape == "weekday":
        return mention
    bare = _match_at(_BARE_END, _TO_FIRST, text, mention.end)
    if bare is None or not (bare.group("suffix") or planned):
        return mention
    span = (mention.start, bare.end())
    try:
        last = mention.date.replace(day=int(bare.group("d")))
    except ValueError:
        return DateMention(None, *span, text[slice(*span)], "invalid_date")
    return _range(text, span, mention.date, last, (mention.problem,), today, planned)


def _with_bare_start(
    text: str, mention: DateMention, today: datetime.date, planned: bool
) -> DateMention:
    """3-5 Dec · 3至5日: a range from that day of the month."""
    if mention.date is None or mention.shape == "weekday" or mention.start == 0:
        return mention
    bare = _search_before(_BARE_START, _TO_LAST, text, mention.start, 12)
    if bare is None:
        return mention
    span = (bare.start(), mention.end)
    try:
        first = mention.date.replace(day=int(bare.group("d")))
    except ValueError:
        return DateMention(None, *span, text[slice(*span)], "invalid_date")
    return _range(text, span, first, mention.date, (mention.problem,), today, planned)


def _compact(text: str, today: datetime.date, planned: bool) -> list[DateMention]:
    """12.3-12.5 · 12-3至12-5: ranges that find_dates cannot see as two days."""
    spans = joined(runs(text, _COMPACT_MARK, _COMPACT_RUN, after=1), _GAP)
    found = (
        _compact_range(text, m, today, planned)
        for s, e in spans
        for m in _COMPACT.finditer(text, s, e)
    )
    return [mention for mention in found if mention is not None]


def _compact_range(
    text: str, match: re.Match[str], today: datetime.date, planned: bool
) -> DateMention | None:
    """The range one match of _COMPACT writes, if it is one."""
    if match["sep"] == "-" == match["to"]:
        return None  # 12-3-12-5: no telling where one day ends
    m, d, m2, d2 = (int(match[g]) for g in ("m", "d", "m2", "d2"))
    problem: DateProblem | None = None
    if match["sep"] == "/":  # 28/11-30/11 is day/month; 12/3-12/5 either
        if m > 12 or m2 > 12:
            m, d, m2, d2 = d, m, d2, m2
        elif d <= 12 and d2 <= 12 and (m, m2) != (d, d2):
            problem = "ambiguous_date"
    try:
        first = year_of(datetime.date(today.year, m, d), today, planned=planned)
        if first is None:
            return None
        last = datetime.date(first.year + (m2 < first.month), m2, d2)
    except ValueError:
        return None  # 3.5-14.5: numbers, not days
    return _range(text, match.span(), first, last, (problem,), today, planned)


def _merge(mentions: list[DateMention], ranges: list[DateMention]) -> list[DateMention]:
    """Ranges in place of the days they hold; a range overlapping a day's edge is dropped."""
    kept = [
        r for r in ranges
        if not any(m.start < r.end and r.start < m.end and not r.start <= m.start <= m.end <= r.end
                   for m in mentions)
    ]  # fmt: skip
    inside = [m for m in mentions if not any(r.start <= m.start < r.end for r in kept)]
    return sorted((*inside, *kept), key=lambda m: m.start)


def _glossed(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """12月3日（周四） as one day when 3 December is a Thursday; else both stay (two days)."""
    merged: list[DateMention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if previous is not None and _GLUE.fullmatch(text, previous.end, mention.start):
            day, gloss = (previous, mention) if mention.shape == "weekday" else (mention, previous)
            if (
                gloss.shape == "weekday"
                and day.shape != "weekday"
                and day.until is None
                and day.date is not None
                and gloss.date is not None
                and day.date.weekday() == gloss.date.weekday()
            ):
                end = mention.end
                if "(" in text[previous.end : mention.start]:
                    bracket = _CLOSING_BRACKET.match(text, end)
                    end = bracket.end() if bracket else end
                start = previous.start
                merged[-1] = day._replace(start=start, end=end, text=text[start:end])
                continue
        merged.append(mention)
    return merged


def _open_ends(text: str, days: list[DateMention], today: datetime.date) -> list[DateMention]:
    """A closure notice's days with their open ends: 12月3日起 runs to the day before a
    reopening it names (12月6日恢复开放), else it is refused, as is 至12月5日 (from when?)."""
    reopening = [
        day for day in days
        if day.until is None and day.date is not None
        and (_match_at(_REOPEN_AFTER, _REOPEN_AFTER_FIRST, text, day.end)
             or _search_before(_REOPEN_BEFORE, _REOPEN_BEFORE_LAST, text, day.start, 16))
    ]  # fmt: skip
    if "即日" in text and (now := _FROM_NOW.search(text)) is not None:
        days = sorted((*days, DateMention(today, *now.span(), now.group())), key=lambda m: m.start)
    return [
        day._replace(reopens=True) if day in reopening else _opened(text, day, reopening, today)
        for day in days
    ]


def _opened(
    text: str, day: DateMention, reopening: list[DateMention], today: datetime.date
) -> DateMention:
    """One closure day with an open end resolved by a reopening, or refused."""
    if day.until is not None or day.date is None or day.problem is not None:
        return day
    after = _match_at(_OPEN_AFTER, _OPEN_AFTER_FIRST, text, day.end)
    if after is not None or day.text.startswith("即日"):
        end = after.end() if after is not None else day.end
        reopen = next((r.date for r in reopening if r.start > day.start), None)
        if reopen is not None:  # 12月3日起闭馆，12月6日恢复开放: 3 to 5 December
            last = reopen - datetime.timedelta(days=1)
            return _range(text, (day.start, end), day.date, last, (), today, True)
        return day._replace(end=end, text=text[day.start : end], problem="open_range")
    before = _search_before(_OPEN_BEFORE, _OPEN_BEFORE_LAST, text, day.start, 8)
    if before is not None:
        start = before.start()
        return day._replace(start=start, text=text[start : day.end], problem="open_range")
    return day
