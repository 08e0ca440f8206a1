"""Date expressions in a report: 昨天, 周一, 11月18日, 2026-11-17, yesterday, Nov 18 …"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.core.parsing.numbers import evaluate, fold

__all__ = ["DateMention", "DateProblem", "find_dates", "read_date"]

DateProblem = Literal["future_date", "invalid_date"]
_Resolved = tuple[datetime.date | None, DateProblem | None]

# A month-day without a year at most this far ahead is a mistake, not last year's date.
_NEAR_FUTURE_DAYS = 31

_N = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"  # a month or day, Arabic or Chinese
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_RELATIVE = {
    "大前天": -3, "前天": -2, "前日": -2, "昨天": -1, "昨日": -1, "昨儿": -1,
    "今天": 0, "今日": 0, "今儿": 0, "明天": 1, "明日": 1, "明儿": 1, "后天": 2,
    "the day before yesterday": -2, "yesterday": -1, "today": 0, "tonight": 0,
    "tomorrow": 1,
}  # fmt: skip

# 2026-11-17 · 2026/11/17 · 2026.11.17 · 2026年11月17日
_YMD = re.compile(
    rf"(?<!\d)(?P<y>\d{{4}})\s*(?:年\s*(?P<m>{_N})\s*月\s*(?P<d>{_N})\s*[日号]?"
    r"|(?P<sep>[-/.])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})(?!\d))"
)
# 11月18日 · 十一月十八号 · 11月18
_MD = re.compile(rf"(?<![\d.])(?P<m>{_N})\s*月\s*(?P<d>{_N})(?![\d千百万亿])\s*[日号]?")
# Nov 18 · November 18th, 2026 · 18 Nov
_MD_EN = re.compile(
    rf"(?<![a-z])(?P<mon>{_MONTHS})(?![a-z])\.?\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])"
    r"(?:,?\s*(?P<y>\d{4}))?"
)
_DM_EN = re.compile(
    rf"(?<![\d.])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?P<mon>{_MONTHS})(?![a-z])"
    r"(?:,?\s*(?P<y>\d{4}))?"
)
# 周一 · 星期天 · 礼拜三 · 上周五 (not 周一共 …)
_WEEKDAY = re.compile(
    r"(?P<prefix>上|本|这)?(?:周|星期|礼拜)(?P<day>[一二三四五六日天1-7])"
    r"(?![\d一二三四五六七八九十共起些下直般样切定致同旦])"
)
# last Monday · this Friday · Monday
_WEEKDAY_EN = re.compile(
    rf"(?<![a-z])(?:(?P<prefix>last|this)\s+)?(?P<day>{'|'.join(_WEEKDAYS_EN)})(?![a-z])"
)
# 昨天 · yesterday …
_RELATIVE_ZH = re.compile(
    "|".join(sorted((w for w in _RELATIVE if not w.isascii()), key=len)[::-1])
)
_RELATIVE_EN = re.compile(
    "(?<![a-z])(?:" + "|".join(sorted((w for w in _RELATIVE if w.isascii()), key=len)[::-1]) + ")"
    "(?![a-z])"
)
# 18号 · 十八日 (not 2号楼, 1号线 …)
_DAY = re.compile(rf"(?P<d>{_N})\s*[日号](?![楼馆线门柜窗机厅室房口院])")
_COMPARED_WITH = ("较", "比", "比起", "相比", "同", "than ", "vs ", "vs. ")
_NOT_BEFORE_DAY = frozenset("0123456789月.-/一二三四五六七八九十")
# 11.18 or 11/18 opening a message: the habit of many staff, too ambiguous anywhere else.
_LEADING = re.compile(
    r"\s*(?P<m>\d{1,2})[./](?P<d>\d{1,2})(?=\s|[\u4e00-\u9fff:,，、]|$)(?![万千百])"
)
_MONTH_NUMBERS = {m[:3]: n for n, m in enumerate(_MONTHS.split("|"), start=1)}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written in a message: where it is, what it means, what is wrong with it."""

    date: datetime.date | None  # None when the text names no valid date (2月30日)
    start: int
    end: int
    text: str
    problem: DateProblem | None = None


def _small(text: str) -> int:
    return int(text) if text.isdigit() else int(evaluate(text))


def _month_day(m: str, d: str, today: datetime.date, year: str | None) -> _Resolved:
    """A date and its problem from month, day and an optional year."""
    try:
        if year is not None:
            day = datetime.date(int(year), _small(m), _small(d))
            return _not_after(day, today)
        day = datetime.date(today.year, _small(m), _small(d))
    except ValueError:
        return None, "invalid_date"
    if day <= today:
        return day, None
    if (day - today).days <= _NEAR_FUTURE_DAYS:
        return day, "future_date"
    try:
        return day.replace(year=day.year - 1), None
    except ValueError:  # 2月29日 after a leap year
        return None, "invalid_date"


def _ymd(match: re.Match[str], today: datetime.date) -> _Resolved:
    if match.group("m"):
        return _month_day(match.group("m"), match.group("d"), today, match.group("y"))
    return _month_day(match.group("m2"), match.group("d2"), today, match.group("y"))


def _md(match: re.Match[str], today: datetime.date) -> _Resolved:
    return _month_day(match.group("m"), match.group("d"), today, None)


def _md_en(match: re.Match[str], today: datetime.date) -> _Resolved:
    month = str(_MONTH_NUMBERS[match.group("mon")[:3]])
    return _month_day(month, match.group("d"), today, match.group("y"))


def _weekday(match: re.Match[str], today: datetime.date) -> _Resolved:
    day = match.group("day")
    weekday = int(day) - 1 if day.isdigit() else _WEEKDAYS_ZH[day]
    monday = today - datetime.timedelta(days=today.weekday())
    if match.group("prefix") == "上":
        return monday + datetime.timedelta(days=weekday - 7), None
    if match.group("prefix"):
        return _not_after(monday + datetime.timedelta(days=weekday), today)
    return today - datetime.timedelta(days=(today.weekday() - weekday) % 7), None


def _weekday_en(match: re.Match[str], today: datetime.date) -> _Resolved:
    weekday = _WEEKDAYS_EN.index(match.group("day"))
    back = (today.weekday() - weekday) % 7
    if match.group("prefix") == "last":
        back = back or 7
    elif match.group("prefix") == "this":
        back = today.weekday() - weekday
    return _not_after(today - datetime.timedelta(days=back), today)


def _relative(match: re.Match[str], today: datetime.date) -> _Resolved | None:
    if match.string[max(0, match.start() - 6) : match.start()].endswith(_COMPARED_WITH):
        return None  # 较昨日增加200人: a comparison, not the day reported
    return _not_after(today + datetime.timedelta(days=_RELATIVE[match.group()]), today)


def _day(match: re.Match[str], today: datetime.date) -> _Resolved | None:
    start = match.start()
    if start and match.string[start - 1] in _NOT_BEFORE_DAY:
        return None  # the end of 11月18日 or of a longer number
    try:
        return _not_after(today.replace(day=_small(match.group("d"))), today)
    except ValueError:
        return None, "invalid_date"


def _not_after(day: datetime.date, today: datetime.date) -> _Resolved:
    return day, ("future_date" if day > today else None)


_Resolver = Callable[[re.Match[str], datetime.date], _Resolved | None]
# Each kind of date, behind a cheap test that the text could hold one at all.
_KINDS: tuple[tuple[frozenset[str], re.Pattern[str], _Resolver], ...] = tuple(
    (frozenset(gate), pattern, resolve)
    for gate, pattern, resolve in (
        ("年-/.", _YMD, _ymd),
        ("月", _MD, _md),
        ("aeiouy", _MD_EN, _md_en),
        ("aeiouy", _DM_EN, _md_en),
        ("周期拜", _WEEKDAY, _weekday),
        ("ay", _WEEKDAY_EN, _weekday_en),
        ("天日儿", _RELATIVE_ZH, _relative),
        ("t", _RELATIVE_EN, _relative),
        ("日号", _DAY, _day),
    )
)


def find_dates(text: str, today: datetime.date) -> list[DateMention]:
    """Every date written in text, in order; text must already be fold(…, lower=True)."""
    mentions: list[DateMention] = []
    leading = _LEADING.match(text)
    if leading is not None:
        day, problem = _month_day(leading.group("m"), leading.group("d"), today, None)
        if problem == "invalid_date":  # 0.5, 13.2: a number, not a date
            leading = None
        else:
            start, end = leading.start("m"), leading.end()
            mentions.append(DateMention(day, start, end, text[start:end], problem))
    begin = leading.end() if leading else 0
    chars = set(text)
    for gate, pattern, resolve in _KINDS:
        if not chars.isdisjoint(gate):
            for match in pattern.finditer(text, begin):
                if (resolved := resolve(match, today)) is not None:
                    day, problem = resolved
                    mentions.append(DateMention(day, *match.span(), match.group(), problem))
    mentions.sort(key=lambda m: (m.start, m.start - m.end))
    kept: list[DateMention] = []
    for mention in mentions:  # 2026年11月17日 also holds 11月17日: keep the longer
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def read_date(text: str, today: datetime.date) -> DateMention | None:
    """The first date written in any text, or None when it names none."""
    mentions = find_dates(fold(text, lower=True), today)
    return mentions[0] if mentions else None
