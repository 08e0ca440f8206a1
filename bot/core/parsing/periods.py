"""Words that make a figure a total over a period, or a change in a level: never a day's figure.

Looked for after the days are blanked out, so 本周一 and 上个月20号 (days) are gone by then
and a 本周 or 上个月 still standing names the week or the month itself.
"""

from __future__ import annotations

import re

from bot.core.metrics import MetricCatalogue
from bot.core.parsing import scan
from bot.core.parsing.festivals import HOLIDAY_PERIODS_STARTS, HOLIDAY_PERIODS_ZH
from bot.core.parsing.scan import at_word_start, runs

__all__ = ["LevelChanges", "find_period_total"]

_PERIOD_WORDS_ZH = (
    r"累计|累積|本月|这个?月|這個?月|本周|本週|这周|這週|这个?星期|這個?星期"
    r"|本星期|这个?礼拜|這個?禮拜|上周|上週|上个?星期|上個?星期|上个?礼拜|上個?禮拜|上个?月|上個?月"
    r"|全年|今年|本年|年度|全月|本季度?|季度|年初至今|开馆至今|至今"
)
_MONTHS_ZH = r"\d\d?[ \t]*(?:-|~|—|至|到)[ \t]*\d{1,2}[ \t]*月"  # 1-11月
_FIRST_MONTHS_ZH = r"前[\d一二三四五六七八九十]+个?月"
_PERIOD_EN = (
    r"(?<![a-z])(?:(?:this|last|past|previous)[ \t]+(?:week|month|year|quarter)"
    r"|(?:year|month|week)[ \t-]+to[ \t-]+date|ytd|mtd|cumulative|weekly|monthly"
    r"|for[ \t]+the[ \t]+(?:week|month|year))(?![a-z])"
)
_TOTAL_WORD = r"(?:[ \t]*(?:累计|累積|合计|合計|总计|總計))?"
# One pattern per script, for speed (scan.py); the Chinese one's (?<![上下]) is checked
# after the match, so that the pattern starts with characters the engine can skip to.
# The words are looked for apart from 1-11月, which starts with a digit (no word does, so
# at any place one of the two at most matches): the words alone start with characters the
# engine skips to, and 1-11月 is looked for only in a text that holds a 月 (in a long
# one, only in the runs of digits, spaces and dashes that hold one: scan.runs).
_PERIOD_WORDS_ZH_RE = re.compile(f"(?:{_PERIOD_WORDS_ZH}|{_FIRST_MONTHS_ZH}){_TOTAL_WORD}")
_MONTHS_ZH_RE = re.compile(f"(?:{_MONTHS_ZH}){_TOTAL_WORD}")
# 春节期间, 国庆7天, 暑假: a pattern of its own, starting with what the engine skips to
_HOLIDAY_PERIOD_RE = re.compile(
    f"(?=[{HOLIDAY_PERIODS_STARTS}])(?:{HOLIDAY_PERIODS_ZH}){_TOTAL_WORD}"
)
_MONTH = re.compile("月")
_MONTHS_RUN = re.compile(r"[\d \t\-~—至到月]*")
_PERIOD_EN_RE = re.compile(f"(?=[tlpymcwf]){_PERIOD_EN}{_TOTAL_WORD}")
# What every English period and every holiday period holds: a look for each costs a few
# µs, a scan of a long message that holds none (most hold none) some 40.
_PERIOD_EN_WORDS = ("week", "month", "year", "quarter", "ytd", "mtd", "cumulative")
_HOLIDAY_WORDS = ("假", "期间", "期間", "黄金", "黃金", "七天", "7天")
# A month or a year named alone (11月, 十一月份, 2026年, 2026-11): the days written with
# one were read and blanked before, so what is left names the month or the year itself.
_MONTH_OR_YEAR = (
    r"(?:(?<!\d)(?:19|20)\d\d[ \t]*年[ \t]*)?"
    r"(?:(?<!\d)(?:1[0-2]|0?[1-9])|(?<![一二三四五六七八九十两])(?:十[一二]?|[一二三四五六七八九]))"
    r"[ \t]*月份?"
    r"|(?<!\d)(?:19|20)\d\d[ \t]*年(?![ \t]*[级級])"
    r"|(?<![\d-])(?:19|20)\d\d[ \t]*-[ \t]*(?:1[0-2]|0?[1-9])(?![\d-])"
)
_MONTH_OR_YEAR_STARTS = r"\d一二三四五六七八九十"  # what it starts with: test_scan.py
# the lookahead rejects in one test each place where the alternatives would be tried
_MONTH_OR_YEAR_RE = re.compile(f"(?=[{_MONTH_OR_YEAR_STARTS}])(?:{_MONTH_OR_YEAR}){_TOTAL_WORD}")
# Where one can be in a long message: the runs of its characters that hold a 月, 年 or -
# (its lookahead past 年 sees one character beyond).
_MONTH_OR_YEAR_MARK = re.compile("[月年-]")
_MONTH_OR_YEAR_RUN = re.compile(r"[\d \t\-年月份一二三四五六七八九十]*")
# What every period holds: a Chinese period word, 月 or 年 (1-11月, 前三个月, 11月 alone),
# a dash (2026-11), an English period's word or a holiday period's (_PERIOD_EN_WORDS,
# _HOLIDAY_WORDS). Each alternative starts with a character, so one search of a message
# that holds none skips to its end.
_PERIOD_MARK = re.compile(
    "|".join((_PERIOD_WORDS_ZH, "月|年|-", *_PERIOD_EN_WORDS, *map(re.escape, _HOLIDAY_WORDS)))
)
_GROWTH = r"(?:新增|净增|淨增|新增加|增加了?|增长了?|增長了?|涨了?|漲了?)[ \t]*"
_GROWTH_EN = r"(?:new|gained|added|more)[ \t]+"  # at a word's start
# What every change holds, of _GROWTH or _GROWTH_EN: one search where most messages hold none
_GROWTH_MARK = re.compile("增|涨|漲|new|gain|add|more")


def find_period_total(low: str) -> re.Match[str] | None:
    """The first word in a folded message that makes its figures a total over a period."""
    if _PERIOD_MARK.search(low) is None:
        return None  # most messages: one search for what every kind holds finds none
    start = 0
    while (zh := _first_zh(low, start)) is not None and low[zh.start() - 1 : zh.start()] in (
        "上",
        "下",
    ):  # 上上周, 下个月: not one of these words
        start = zh.start() + 1
    en = _search_holding(_PERIOD_EN_WORDS, _PERIOD_EN_RE, low)
    alone = _month_or_year(low) if "月" in low or "年" in low or "-" in low else None
    holiday = _search_holding(_HOLIDAY_WORDS, _HOLIDAY_PERIOD_RE, low)
    found = (m for m in (zh, en, alone, holiday) if m is not None)
    return min(found, key=re.Match.start, default=None)


def _search_holding(
    words: tuple[str, ...], pattern: re.Pattern[str], low: str
) -> re.Match[str] | None:
    """``pattern.search(low)``, not tried on a long message holding none of the words its
    matches hold (a short one is searched at once: the looks would cost more)."""
    if len(low) >= scan.LONG_TEXT and not any(word in low for word in words):
        return None
    return pattern.search(low)


def _first_zh(low: str, start: int) -> re.Match[str] | None:
    """The first match of the Chinese period words and month ranges from start on."""
    words = _PERIOD_WORDS_ZH_RE.search(low, start)
    if "月" not in low:
        return words
    if len(low) < scan.LONG_TEXT:  # a short text is one run
        months = _MONTHS_ZH_RE.search(low, start)
        return min((m for m in (words, months) if m), key=re.Match.start, default=None)
    for run_start, run_end in runs(low, _MONTH, _MONTHS_RUN):
        if run_end > start and (
            months := _MONTHS_ZH_RE.search(low, max(start, run_start), run_end)
        ):
            if run_end < len(low):  # with a 累计 after the run
                months = _MONTHS_ZH_RE.match(low, months.start())
            return min((m for m in (words, months) if m), key=re.Match.start)
    return words


def _month_or_year(low: str) -> re.Match[str] | None:
    """The first month or year named alone, looked for in a long message only in the runs
    it can be in (scan.runs)."""
    if len(low) < scan.LONG_TEXT:
        return _MONTH_OR_YEAR_RE.search(low)
    for start, end in runs(low, _MONTH_OR_YEAR_MARK, _MONTH_OR_YEAR_RUN, after=1):
        if (found := _MONTH_OR_YEAR_RE.search(low, start, end)) is not None:
            return _MONTH_OR_YEAR_RE.match(low, found.start())  # with a 累计 after the run
    return None


class LevelChanges:
    """新增关注 30: a change in a level (stock) metric, which is reported as the level itself."""

    def __init__(self, catalogue: MetricCatalogue) -> None:
        words = {"关注", "粉丝"}
        for metric in catalogue:
            if metric.kind == "stock":
                words.update(w.lower() for w in (*metric.synonyms_zh, *metric.synonyms_en))
        zh = sorted((w for w in words if not w.isascii()), key=len, reverse=True)
        en = sorted((w for w in words if w.isascii()), key=len, reverse=True)
        # one pattern per script, for speed (scan.py); the English one's (?<![a-z]) is
        # checked after the match (scan.at_word_start), so that it starts with the words'
        # first letters, which the engine skips to
        self._zh = re.compile(rf"{_GROWTH}(?:微信|公众号)?(?:{'|'.join(map(re.escape, zh))})")
        self._en = (
            re.compile(rf"{_GROWTH_EN}(?:{'|'.join(map(re.escape, en))})(?![a-z])") if en else None
        )

    def find(self, low: str) -> re.Match[str] | None:
        """The first change of a level metric written in a folded message."""
        if _GROWTH_MARK.search(low) is None:
            return None
        zh = self._zh.search(low)
        en = None if self._en is None else at_word_start(self._en, low)
        return min((m for m in (zh, en) if m is not None), key=re.Match.start, default=None)
