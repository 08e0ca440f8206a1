"""Date expressions in a report: 昨天, 周一, 11月18日, 2026-11-17, yesterday, Nov 18 …"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Literal, NamedTuple

from bot.core.parsing import dates_en as en
from bot.core.parsing import scan
from bot.core.parsing.numbers import evaluate, fold
from bot.core.parsing.scan import character_class, characters, joined, latin_runs, runs

__all__ = ["DateMention", "DateProblem", "Shape", "find_dates", "read_date", "year_of"]

DateProblem = Literal[
    "future_date", "invalid_date", "unreadable_date", "ambiguous_date", "date_before_2000",
    "bad_range", "range_too_long", "open_range",
]  # fmt: skip
# What the text fixes of its day: all of it, the month and day (12月3日), the day of the
# month (5日), or a weekday (周三). A range's last day takes the rest from its first.
Shape = Literal["fixed", "month_day", "day", "weekday"]
# "yearless": a month and day for find_dates to give a year, by the message's policy.
_Resolved = tuple[datetime.date | None, DateProblem | Literal["yearless"] | None]

_FIRST_YEAR = 2000  # figures before it are a typing slip, never history
# A month-day without a year at most this far ahead is a mistake, not last year's date.
_NEAR_FUTURE_DAYS = 31

_N = r"(?:\d{1,2}|[一二三四五六七八九十廿卅]{1,3})"  # a month or day, Arabic or Chinese
_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_RELATIVE = {
    "大前天": -3, "大前日": -3, "前天": -2, "前日": -2, "昨天": -1, "昨日": -1, "昨儿": -1,
    "尋日": -1, "寻日": -1,
    "今天": 0, "今日": 0, "今儿": 0, "明天": 1, "明日": 1, "明儿": 1, "聽日": 1, "听日": 1,
    "后天": 2, "後天": 2, "後日": 2, "大后天": 3, "大後天": 3, "大後日": 3,
    "the day before yesterday": -2, "yesterday": -1, "today": 0, "tonight": 0,
    "tomorrow": 1,
}  # fmt: skip

# 2026-11-17 · 2026/11/17 · 2026.11.17 · 2026年11月17日
_YMD = re.compile(
    rf"(?<!\d)(?P<y>\d{{4}})\s*(?:年\s*(?P<m>{_N})\s*月\s*(?P<d>{_N})\s*[日号號]?"
    r"|(?P<sep>[-/.])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})(?!\d))"
)
# 11月18日 · 十一月十八号 · 11月18
_MD = re.compile(rf"(?<![\d.])(?P<m>{_N})\s*月\s*(?P<d>{_N})(?![\d千百万亿])\s*[日号號]?")
# Nov 18 · November 18th, 2026 · 18 Nov
_MD_EN = re.compile(
    rf"(?<![a-z])(?P<mon>{en.MONTHS})(?![a-z])\.?\s*(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d|:\d)"
    r"(?:,?\s*(?P<y>\d{4}))?"
)
_DM_EN = re.compile(
    rf"(?<![\d.])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of\s+|\s*|[-/])(?P<mon>{en.MONTHS})(?![a-z])"
    r"(?:(?:,?\s*|[-/])(?P<y>\d{4})(?!\d)|[-/](?P<yy>\d{2})(?!\d))?"
)
# 周一 · 星期天 · 礼拜三 · 上周五 · 上个星期一 · 上上周五 · 上週二 · 这周三 (not 周一共 …)
_WEEKDAY = re.compile(
    r"(?<![上下个個的])(?P<prefix>上上|下下|上个|上個|下个|下個|上|下|本|这个|這個|这|這|今個|今)?"
    r"(?:周|週|星期|礼拜|禮拜)(?P<day>[一二三四五六日天1-7])"
    r"(?![\d一二三四五六七八九十共起些下直般样切定致同旦])"
)
_WEEKS_BACK = {"上上": -2, "上": -1, "上个": -1, "上個": -1, "下": 1, "下个": 1, "下個": 1,
               "下下": 2}  # fmt: skip
# 昨天 · yesterday …
_RELATIVE_ZH = re.compile(
    "|".join(sorted((w for w in _RELATIVE if not w.isascii()), key=len)[::-1])
)
_RELATIVE_EN = re.compile(
    "(?<![a-z])(?:" + "|".join(sorted((w for w in _RELATIVE if w.isascii()), key=len)[::-1]) + ")"
    "(?![a-z])"
)
# 上个月20号 · 本月3日 · 今個月廿號 · 下个月5号
_MONTH_DAY = re.compile(
    rf"(?P<rel>上上个|上个|上個|上|本|这个|這個|今個|今个|下个|下個|下)月(?:的)?\s*(?P<d>{_N})\s*[日号號]"
)
_MONTHS_BACK = {"上上个": -2, "上个": -1, "上個": -1, "上": -1, "下个": 1, "下個": 1, "下": 1}
# 18号 · 十八日 (not 2号楼, 1号线 …)
_DAY = re.compile(rf"(?P<d>{_N})\s*[日号號](?![楼馆线门柜窗机厅室房口院])")
# on the 18th · the 11th · on 24th (not 4th floor)
_DAY_EN = re.compile(
    r"(?<![a-z\d])(?:on\s+the|the|on)\s+(?P<d>\d{1,2})(?:st|nd|rd|th)(?![a-z\d])"
    r"(?!\s*(?:floor|time|visit|day|week|month|of)(?![a-z]))"
)
_COMPARED_WITH = ("较", "比", "比起", "相比", "同", "than ", "vs ", "vs. ")
_NOT_BEFORE_DAY = frozenset("0123456789月.-/一二三四五六七八九十")
# 11.18 · 11-18 · 11/18 · 28/11 opening a message, perhaps after a 【branch】 head and 补 /
# 补报: the habit of many staff, too ambiguous anywhere else.
_LEADING = re.compile(
    # each run of spaces after what it follows: four optional \s* in a row would try every
    # split of a long blank run (a URL or a command blanked out) before giving up
    r"\s*(?:(?:【[^】]{0,20}】|\[[^\]]{0,20}\])\s*)?(?:(?:补报|补录|补)\s*)?(?:[:：]\s*)?"
    r"(?P<m>\d{1,2})(?P<sep>[-./])(?P<d>\d{1,2})"
    r"(?=\s|[\u4e00-\u9fff:,，、]|$)(?![万千百月日号])"
    rf"(?!\s*(?:{en.MONTHS})(?![a-z]))"  # 3-5 Dec: days of December, not 5 March
)
# 3/3/2015 · 31/10/2026 · 10-31-74: month and day in either order, then a year.
_DMY = re.compile(
    r"(?<![\d.\-/])(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"(?![\d.\-/])"
)
_MONTH_NUMBERS = {m[:3]: n for n, m in enumerate(en.MONTHS.split("|"), start=1)}


class DateMention(NamedTuple):
    """A date written in a message: where it is, what it means, what is wrong with it.

    A named tuple, for speed (as ``ParseIssue``).
    """

    date: datetime.date | None  # None when the text names no valid date (2月30日)
    start: int
    end: int
    text: str
    problem: DateProblem | None = None
    shape: Shape = "fixed"
    until: datetime.date | None = None  # the last day, when the mention is a range
    reopens: bool = False  # 12月6日恢复开放: the day a closure ends, not a day closed


def _small(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text[0] in "廿卅":  # 廿二 is 22
        return (20 if text[0] == "廿" else 30) + (int(evaluate(text[1:])) if text[1:] else 0)
    return int(evaluate(text))


def _month_day(m: str, d: str, today: datetime.date, year: str | None) -> _Resolved:
    """A date and its problem from month, day and an optional year (else "yearless")."""
    try:
        if year is not None:
            day = datetime.date(int(year), _small(m), _small(d))
            if day.year < _FIRST_YEAR:
                return None, "date_before_2000"
            return day, None
        return datetime.date(today.year, _small(m), _small(d)), "yearless"
    except ValueError:
        return None, "invalid_date"


def year_of(day: datetime.date, today: datetime.date, *, planned: bool) -> datetime.date | None:
    """The year a month and day written without one mean; None for 2月29日 in no such year.

    A report's day is the last such day, unless it is at most a month ahead (a mistake,
    refused as in the future). A planned closure's is the nearest such day, ahead or past.
    """
    if planned:
        years = (today.year - 1, today.year, today.year + 1)
        candidates = [c for y in years if (c := _in_year(day, y)) is not None]
        return min(candidates, key=lambda c: abs((c - today).days), default=None)
    if day <= today or (day - today).days <= _NEAR_FUTURE_DAYS:
        return day
    return _in_year(day, day.year - 1)


def _in_year(day: datetime.date, year: int) -> datetime.date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 2月29日 after a leap year
        return None


def _either_order(a: str, b: str, sep: str, today: datetime.date, year: str | None) -> _Resolved:
    """11/18 and 18/11 are one day; 5/6 could be two, and 18.11 is a number, not a date."""
    first, second = int(a), int(b)
    if first > 12 and second <= 12 and sep != ".":
        return _month_day(b, a, today, year)
    if sep == "/" and first != second and first <= 12 and second <= 12:
        return None, "ambiguous_date"
    return _month_day(a, b, today, year)


def _ymd(match: re.Match[str], today: datetime.date) -> _Resolved:
    if match.group("m"):
        return _month_day(match.group("m"), match.group("d"), today, match.group("y"))
    return _month_day(match.group("m2"), match.group("d2"), today, match.group("y"))


def _dmy(match: re.Match[str], today: datetime.date) -> _Resolved:
    year = match.group("y")
    if len(year) == 2:  # 3/3/15: 2015 or 1915, and which of the others is the month?
        return None, "unreadable_date"
    return _either_order(match.group("a"), match.group("b"), match.group("sep"), today, year)


def _md(match: re.Match[str], today: datetime.date) -> _Resolved:
    return _month_day(match.group("m"), match.group("d"), today, None)


def _md_en(match: re.Match[str], today: datetime.date) -> _Resolved:
    if match.groupdict().get("yy"):
        return None, "unreadable_date"  # 31-Oct-74: which century?
    month = str(_MONTH_NUMBERS[match.group("mon")[:3]])
    return _month_day(month, match.group("d"), today, match.group("y"))


def _week_day(today: datetime.date, weeks: int, weekday: int) -> _Resolved:
    """The weekday of the week weeks from today's (Monday first): -1 is last week."""
    monday = today - datetime.timedelta(days=today.weekday())
    return monday + datetime.timedelta(days=weekday + 7 * weeks), None


def _latest(today: datetime.date, weekday: int) -> _Resolved:
    """A weekday named alone: the most recent such day up to today."""
    return today - datetime.timedelta(days=(today.weekday() - weekday) % 7), None


def _weekday(match: re.Match[str], today: datetime.date) -> _Resolved:
    day = match.group("day")
    weekday = int(day) - 1 if day.isdigit() else _WEEKDAYS_ZH[day]
    prefix = match.group("prefix")
    if prefix is None:
        return _latest(today, weekday)
    return _week_day(today, _WEEKS_BACK.get(prefix, 0), weekday)


_WEEK_WORDS = {"this": 0, "last": -1, "previous": -1, "next": 1}


def _weekday_en(match: re.Match[str], today: datetime.date) -> _Resolved:
    weekday = en.weekday(match.group("day"))
    week = match.group("week") or match.group("lead")
    if match.group("after"):  # friday after next
        return _week_day(today, 2, weekday)
    if week is not None:  # monday of this week · last week's sunday
        return _week_day(today, _WEEK_WORDS[week.split()[-1]], weekday)
    prefix = match.group("prefix")
    if prefix == "next":
        return _week_day(today, 1, weekday)
    back = (today.weekday() - weekday) % 7
    if prefix == "last":
        back = back or 7
    elif prefix == "this":
        back = today.weekday() - weekday
    return today - datetime.timedelta(days=back), None


def _ago(match: re.Match[str], today: datetime.date) -> _Resolved:
    n = en.count(match.group("n"))
    unit = match.group("unit")
    if unit is None:  # 2 thursdays ago: the second Thursday before today
        back = (today.weekday() - en.weekday(match.group("day"))) % 7 or 7
        return today - datetime.timedelta(days=back + 7 * (n - 1)), None
    if unit.startswith("day"):
        return today - datetime.timedelta(days=n), None
    if unit.startswith("week"):
        return today - datetime.timedelta(weeks=n), None
    first = en.first_of_month(today, -n)
    try:
        return first.replace(day=today.day), None
    except ValueError:  # a month ago on 31 March
        return None, "invalid_date"


def _nth_weekday(match: re.Match[str], today: datetime.date) -> _Resolved:
    offset = en.month_offset(match.group("month"))
    assert offset is not None
    first = en.first_of_month(today, offset)
    weekday = en.weekday(match.group("day"))
    nth = en.ORDINALS[match.group("nth")]
    if nth < 0:
        last = en.first_of_month(today, offset + 1) - datetime.timedelta(days=1)
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7), None
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day, None


def _of_month(match: re.Match[str], today: datetime.date) -> _Resolved:
    offset = en.month_offset(match.group("month"))
    assert offset is not None
    try:
        day = en.first_of_month(today, offset).replace(day=int(match.group("d")))
    except ValueError:
        return None, "invalid_date"
    return day, None


def _month_relative(match: re.Match[str], today: datetime.date) -> _Resolved:
    first = en.first_of_month(today, _MONTHS_BACK.get(match.group("rel"), 0))
    try:
        return first.replace(day=_small(match.group("d"))), None
    except ValueError:
        return None, "invalid_date"


def _relative(match: re.Match[str], today: datetime.date) -> _Resolved | None:
    if match.string[max(0, match.start() - 6) : match.start()].endswith(_COMPARED_WITH):
        return None  # 较昨日增加200人: a comparison, not the day reported
    return today + datetime.timedelta(days=_RELATIVE[match.group()]), None


def _day(match: re.Match[str], today: datetime.date) -> _Resolved | None:
    start = match.start("d")
    if start and match.string[start - 1] in _NOT_BEFORE_DAY:
        return None  # the end of 11月18日 or of a longer number
    try:
        return today.replace(day=_small(match.group("d"))), None
    except ValueError:
        return None, "invalid_date"


def _fixed(match: re.Match[str]) -> Shape:
    return "fixed"


def _of_month_day(match: re.Match[str]) -> Shape:
    return "day"


def _weekday_shape(match: re.Match[str]) -> Shape:
    return "fixed" if match.group("prefix") else "weekday"


def _weekday_en_shape(match: re.Match[str]) -> Shape:
    return "fixed" if any(match.group("prefix", "week", "lead", "after")) else "weekday"


_Resolver = Callable[[re.Match[str], datetime.date], _Resolved | None]
_Shaper = Callable[[re.Match[str]], Shape]
_DAY3 = "mon|tue|wed|thu|fri|sat|sun"
_DIGIT = r"[\d一二三四五六七八九十廿卅]"  # how a month or a day starts …
_DIGIT_OR_SPACE = r"[\d一二三四五六七八九十廿卅\s]"  # … and goes on before 月 or 日
# Each kind of date, behind a cheap test that the text could hold one at all, and a
# lookahead for how a match can start: it rejects most places of a long message in one
# test where the pattern's own lookbehind and alternatives would be tried at each.
_KIND_TABLE: tuple[tuple[str, str, re.Pattern[str], _Resolver, _Shaper], ...] = (
    ("年-/.", r"\d{4}", _YMD, _ymd, _fixed),
    ("-/.", r"\d{1,2}[-/.]", _DMY, _dmy, _fixed),
    ("月", rf"{_DIGIT}{_DIGIT_OR_SPACE}*月", _MD, _md, _fixed),
    ("月", "", _MONTH_DAY, _month_relative, _fixed),
    ("aeiouy", "[adfjmnos]", _MD_EN, _md_en, _fixed),
    ("aeiouy", r"\d{1,2}(?:st|nd|rd|th)?(?:\s+of\s+|\s*|[-/])[adfjmnos]", _DM_EN, _md_en, _fixed),
    ("周週期拜", "[上下本这這今周週星礼禮]", _WEEKDAY, _weekday, _weekday_shape),
    ("aeiou", "[flmnpstw]", en.WEEKDAY_EN, _weekday_en, _weekday_en_shape),
    ("ao", rf"[aotfs\d][a-z\d]{{0,4}}\s+(?:day|week|month|{_DAY3})", en.AGO_EN, _ago, _fixed),
    ("o", r"[tfsl1-4][a-z\d]{2,5}\s", en.NTH_WEEKDAY_EN, _nth_weekday, _fixed),
    ("o", r"[t\d]", en.OF_MONTH_EN, _of_month, _fixed),
    ("天日儿", "", _RELATIVE_ZH, _relative, _fixed),
    ("t", "[ty]", _RELATIVE_EN, _relative, _fixed),
    ("日号號", rf"{_DIGIT}{_DIGIT_OR_SPACE}*[日号號]", _DAY, _day, _of_month_day),
    ("tn", r"(?:on|the)\s", _DAY_EN, _day, _of_month_day),
)  # fmt: skip
# Where Arabic or Chinese numerals and weekdays can make a date in a long message: runs of
# digits, Chinese numerals, spaces and the characters of 年月日号 and 上个星期天 (scan.runs),
# holding a mark each such date holds: 年 or a separator, 月, 周 or 期, 日 or 号. The
# patterns look at most one character past what they take.
_DATE_RUN = re.compile(
    r"[\d\s一二三四五六七八九十廿卅年月日号號\-/.上下个個本这這今周週星期礼拜禮天]*"
)
_MARKS = {_YMD: "年-/.", _DMY: "年-/.", _MD: "月", _WEEKDAY: "周週期拜", _DAY: "日号號"}
_MARK = {marks: re.compile(f"[{re.escape(marks)}]") for marks in _MARKS.values()}
_GAP = 32  # runs closer than this are scanned as one: fewer scans to start (scan.joined)


def _where(gate: str, pattern: re.Pattern[str]) -> str:
    """Where a kind is looked for: "all" the text, the "latin" runs, or its marks' runs."""
    if gate.isascii() and gate.isalpha():
        return "latin"  # Nov 18, yesterday …: only where English words are
    return _MARKS.get(pattern, "all")


# What an English kind holds besides: one of these words. One search for them costs less
# than a scan for a pattern that cannot match (most messages name no month, few say ago).
_MONTH_WORDS, _THE_MONTH = re.compile("|".join(_MONTH_NUMBERS)), re.compile("month")
_WORDS: dict[re.Pattern[str], re.Pattern[str]] = {
    _MD_EN: _MONTH_WORDS, _DM_EN: _MONTH_WORDS, en.WEEKDAY_EN: re.compile(_DAY3),
    en.AGO_EN: re.compile("ago|back|before"), en.NTH_WEEKDAY_EN: _THE_MONTH,
    en.OF_MONTH_EN: _THE_MONTH, _RELATIVE_EN: re.compile("yesterday|today|tonight|tomorrow"),
    _DAY_EN: re.compile(r"(?:on|the)\s"),
}  # fmt: skip
# gate, words, where, pattern, resolver, shaper (see find_dates)
_Kind = tuple[frozenset[str], re.Pattern[str] | None, str, re.Pattern[str], _Resolver, _Shaper]
_KINDS: tuple[_Kind, ...] = tuple(
    (frozenset(gate), _WORDS.get(pattern), _where(gate, pattern),
     re.compile(f"(?={first}){pattern.pattern}" if first else pattern.pattern), resolve, shape)
    for gate, first, pattern, resolve, shape in _KIND_TABLE
)  # fmt: skip


def _mention(
    resolved: _Resolved,
    span: tuple[int, int],
    text: str,
    shape: Shape,
    today: datetime.date,
    planned: bool,
) -> DateMention:
    """A mention with its year settled and, unless planned, a day ahead refused."""
    day, problem = resolved
    if problem == "yearless":  # 11月18日: the year is the message's to choose
        assert day is not None
        day, shape = year_of(day, today, planned=planned), "month_day"
        problem = None if day is not None else "invalid_date"
    if day is not None and problem is None and day > today and not planned:
        problem = "future_date"
    return DateMention(day, *span, text[span[0] : span[1]], problem, shape)


def _spans(text: str, where: str, begin: int) -> list[tuple[int, int]]:
    """The spans of text, from begin on, where one kind of date is looked for."""
    if where == "all" or len(text) < scan.LONG_TEXT:  # a short text is one run
        return [(begin, len(text))]
    found = latin_runs(text) if where == "latin" else runs(text, _MARK[where], _DATE_RUN, after=1)
    return joined([(max(start, begin), end) for start, end in found if end > begin], _GAP)


# Each kind's bit under each character of its gate: a short text's kinds are told from
# the few gate characters it holds, not by asking every kind in turn.
_GATE_BITS: dict[str, int] = {
    char: sum(1 << bit for bit, kind in enumerate(_KINDS) if char in kind[0])
    for char in {char for kind in _KINDS for char in kind[0]}
}
_GATE_CHARS = character_class(_GATE_BITS)


def _kinds_gated(text: str) -> list[_Kind]:
    """The kinds whose gate text passes (it holds one of the gate's characters), in order."""
    chars = characters(text, _GATE_CHARS)
    if not isinstance(chars, set):  # a long text: each gate searched for
        return [kind for kind in _KINDS if not chars.isdisjoint(kind[0])]
    mask = 0
    for char in chars:
        mask |= _GATE_BITS[char]
    kinds: list[_Kind] = []
    while mask:  # the lowest bit set is the first kind left
        kinds.append(_KINDS[(mask & -mask).bit_length() - 1])
        mask &= mask - 1
    return kinds


def find_dates(text: str, today: datetime.date, *, planned: bool = False) -> list[DateMention]:
    """Every date written in text, in order; text must already be fold(…, lower=True).

    A day after today is refused (future_date) unless ``planned``: a closure notice names
    the days ahead it will be closed, and a month and day then mean the nearest such day.
    """
    mentions: list[DateMention] = []
    begin = 0
    # 11.18 · 11-18 · 28/11 opening a message (after a 【head】 and 补)
    if (leading := _LEADING.match(text)) is not None:
        opening = _either_order(leading["m"], leading["d"], leading["sep"], today, None)
        if opening[1] != "invalid_date":  # 0.5, 13.2: a number, not a date
            begin = leading.end()
            span = (leading.start("m"), begin)
            mentions.append(_mention(opening, span, text, "fixed", today, planned))
    spans: dict[str, list[tuple[int, int]]] = {}  # each found once, when first needed
    holds: dict[re.Pattern[str], bool] = {}  # whether text holds the words, once each
    for _, words, where, pattern, resolve, shape in _kinds_gated(text):
        if words is not None:
            if words not in holds:
                holds[words] = words.search(text) is not None
            if not holds[words]:
                continue
        if where not in spans:
            spans[where] = _spans(text, where, begin)
        for start, end in spans[where]:
            # A day of this kind holds its words, in the run it is in: a run of English
            # without them (到馆 1234 visitors) is passed over in one search. (One span is
            # the whole text, whose words were looked for above.)
            if words is not None and len(spans[where]) > 1 and not words.search(text, start, end):
                continue
            for match in pattern.finditer(text, start, end):
                if (resolved := resolve(match, today)) is not None:
                    span = match.span()
                    mentions.append(_mention(resolved, span, text, shape(match), today, planned))
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
