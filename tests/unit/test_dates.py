"""Date expressions, resolved against the day a message arrives."""

from __future__ import annotations

import datetime

import pytest

from bot.core.parsing.dates import find_dates, read_date
from bot.core.parsing.numbers import fold
from bot.core.parsing.unread import find_unread_date

FRIDAY = datetime.date(2026, 11, 20)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今天", "2026-11-20"),
        ("今日", "2026-11-20"),
        ("today", "2026-11-20"),
        ("Today", "2026-11-20"),
        ("昨天", "2026-11-19"),
        ("昨日", "2026-11-19"),
        ("yesterday", "2026-11-19"),
        ("前天", "2026-11-18"),
        ("大前天", "2026-11-17"),
        ("the day before yesterday", "2026-11-18"),
        ("周一", "2026-11-16"),
        ("周五", "2026-11-20"),
        ("周六", "2026-11-14"),
        ("周日", "2026-11-15"),
        ("周天", "2026-11-15"),
        ("星期三", "2026-11-18"),
        ("星期天", "2026-11-15"),
        ("礼拜一", "2026-11-16"),
        ("礼拜日", "2026-11-15"),
        ("周1", "2026-11-16"),
        ("上周五", "2026-11-13"),
        ("上周日", "2026-11-15"),
        ("本周一", "2026-11-16"),
        ("这周三", "2026-11-18"),
        ("Monday", "2026-11-16"),
        ("friday", "2026-11-20"),
        ("last friday", "2026-11-13"),
        ("last monday", "2026-11-16"),
        ("11月18日", "2026-11-18"),
        ("11月18号", "2026-11-18"),
        ("11月18", "2026-11-18"),
        ("11 月 18 日", "2026-11-18"),
        ("十一月十八日", "2026-11-18"),
        ("１１月１８日", "2026-11-18"),
        ("1月5日", "2026-01-05"),
        ("12月25日", "2025-12-25"),
        ("12月22日", "2025-12-22"),
        ("2026-11-17", "2026-11-17"),
        ("2026/11/17", "2026-11-17"),
        ("2026.11.17", "2026-11-17"),
        ("2026年11月17日", "2026-11-17"),
        ("2025年12月31日", "2025-12-31"),
        ("２０２６－１１－１７", "2026-11-17"),
        ("Nov 18", "2026-11-18"),
        ("nov. 18th", "2026-11-18"),
        ("November 18, 2026", "2026-11-18"),
        ("18 Nov", "2026-11-18"),
        ("18th November 2025", "2025-11-18"),
        ("Dec 25", "2025-12-25"),
        ("18号", "2026-11-18"),
        ("十八日", "2026-11-18"),
        ("11.18 到馆1234", "2026-11-18"),
        ("11/18 到馆1234", "2026-11-18"),
    ],
)
def test_dates(text: str, expected: str) -> None:
    mention = read_date(text, FRIDAY)
    assert mention is not None, text
    assert (mention.date, mention.problem) == (d(expected), None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明天", "2026-11-21"),
        ("tomorrow", "2026-11-21"),
        ("后天", "2026-11-22"),
        ("本周日", "2026-11-22"),
        ("this sunday", "2026-11-22"),
        ("11月21日", "2026-11-21"),
        ("12月21日", "2026-12-21"),  # 31 days ahead: a slip, not last year
        ("2026-11-21", "2026-11-21"),
        ("2027年1月1日", "2027-01-01"),
        ("25号", "2026-11-25"),
    ],
)
def test_future_dates_are_flagged(text: str, expected: str) -> None:
    mention = read_date(text, FRIDAY)
    assert mention is not None
    assert (mention.date, mention.problem) == (d(expected), "future_date")


@pytest.mark.parametrize("text", ["2月30日", "2026-02-30", "13月1日", "31号", "2026-13-01"])
def test_impossible_dates_are_flagged(text: str) -> None:
    mention = read_date(text, FRIDAY)
    assert mention is not None
    assert (mention.date, mention.problem) == (None, "invalid_date")


@pytest.mark.parametrize(
    "text",
    [
        "到馆1234", "2号楼", "1号线", "3号门", "本周一共到馆5000", "3个月", "1.5万", "11月份",
        "周末", "一周", "人好多", "marathon 5", "0.5 到馆", "13.2 到馆", "1,234",
        "较昨日增加200人", "比昨天多100",
    ],
)  # fmt: skip
def test_not_dates(text: str) -> None:
    assert read_date(text, FRIDAY) is None


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        ("2026-01-05", "12月30日", "2025-12-30"),
        ("2026-01-05", "1月3日", "2026-01-03"),
        ("2026-11-16", "周一", "2026-11-16"),
        ("2026-11-16", "周日", "2026-11-15"),
        ("2026-11-16", "上周一", "2026-11-09"),
        ("2028-03-01", "2月29日", "2028-02-29"),
        ("2026-12-31", "1月1日", "2026-01-01"),
    ],
)
def test_dates_depend_on_today(today: str, text: str, expected: str) -> None:
    mention = read_date(text, d(today))
    assert mention is not None
    assert (mention.date, mention.problem) == (d(expected), None)


def test_february_29_after_a_leap_year_is_invalid() -> None:
    mention = read_date("2月29日", d("2027-02-01"))  # not this year, not last year either
    assert mention is not None and mention.problem == "invalid_date"


def test_find_dates_gives_spans_in_order_without_overlaps() -> None:
    text = fold("2026年11月17日到馆，补昨天的", lower=True)
    mentions = find_dates(text, FRIDAY)
    assert [(m.start, m.end, m.date) for m in mentions] == [
        (0, 11, d("2026-11-17")),
        (15, 17, d("2026-11-19")),
    ]
    assert [text[m.start : m.end] for m in mentions] == ["2026年11月17日", "昨天"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上个星期一", "2026-11-09"),
        ("上個星期一", "2026-11-09"),
        ("上礼拜四", "2026-11-12"),
        ("上週二", "2026-11-10"),
        ("上禮拜天", "2026-11-15"),
        ("上上周五", "2026-11-06"),
        ("这个星期四", "2026-11-19"),
        ("這週一", "2026-11-16"),
        ("今個禮拜二", "2026-11-17"),
        ("大前日", "2026-11-17"),
        ("尋日", "2026-11-19"),
        ("11月18號", "2026-11-18"),
        ("十一月廿日", "2026-11-20"),
        ("上个月20号", "2026-10-20"),
        ("本月3日", "2026-11-03"),
        ("11-18 到馆", "2026-11-18"),
        ("18/11 到馆", "2026-11-18"),
        ("补11.17 到馆", "2026-11-17"),
        ("补报 11-16", "2026-11-16"),
        ("【角楼】11.19 到馆", "2026-11-19"),
        ("18/11/2026", "2026-11-18"),
        ("11/18/2026", "2026-11-18"),
        ("Nov 17: 46", "2026-11-17"),
        ("november the 18th", "2026-11-18"),
        ("15 of november", "2026-11-15"),
        ("31/Oct/2026", "2026-10-31"),
        ("on the 11th", "2026-11-11"),
        ("the 3rd", "2026-11-03"),
        ("Mon", "2026-11-16"),
        ("tues.", "2026-11-17"),
        ("thurs", "2026-11-19"),
        ("sat", "2026-11-14"),
        ("this monday", "2026-11-16"),
        ("monday of this week", "2026-11-16"),
        ("sunday from last week", "2026-11-15"),
        ("last week's friday", "2026-11-13"),
        ("a week ago", "2026-11-13"),
        ("3 days ago", "2026-11-17"),
        ("two weeks ago", "2026-11-06"),
        ("a month ago", "2026-10-20"),
        ("2 fridays ago", "2026-11-06"),
        ("first monday of this month", "2026-11-02"),
        ("last friday of last month", "2026-10-30"),
        ("20th of the previous month", "2026-10-20"),
    ],
)
def test_days_staff_write(text: str, expected: str) -> None:
    mention = read_date(text, FRIDAY)
    assert mention is not None, text
    assert (mention.date, mention.problem) == (d(expected), None)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("5/6 到馆", "ambiguous_date"),
        ("5/6/2026", "ambiguous_date"),
        ("3/3/15", "unreadable_date"),
        ("31-Oct-74", "unreadable_date"),
        ("1999-11-18", "date_before_2000"),
        ("1999年11月18日", "date_before_2000"),
        ("31st Oct 1974", "date_before_2000"),
        ("下周一", "future_date"),
        ("下个星期二", "future_date"),
        ("next monday", "future_date"),
        ("wednesday next week", "future_date"),
        ("friday after next", "future_date"),
        ("後天", "future_date"),
        ("下个月5号", "future_date"),
    ],
)
def test_days_refused_with_a_reason(text: str, problem: str) -> None:
    mention = read_date(text, FRIDAY)
    assert mention is not None, text
    assert mention.problem == problem


@pytest.mark.parametrize(
    "text",
    ["上上上周五", "十月第一个星期一", "in a week", "3 years from today", "Thu 15th", "tomorrows"],
)
def test_date_like_shapes_left_unread_are_found(text: str) -> None:
    low = fold(text, lower=True)
    for mention in find_dates(low, FRIDAY):
        low = low[: mention.start] + " " * (mention.end - mention.start) + low[mention.end :]
    assert find_unread_date(low) is not None, text


@pytest.mark.parametrize("text", ["到馆 1234", "2号楼 到馆 50", "2nd floor", "本周一共", "May I"])
def test_ordinary_text_is_not_date_like(text: str) -> None:
    assert find_unread_date(fold(text, lower=True)) is None
