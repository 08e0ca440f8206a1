"""Closures planned ahead and over several days: read whole, or refused with the reason."""

from __future__ import annotations

import datetime

import pytest

from bot.core.metrics import MetricCatalogue
from bot.core.parsing import ParseIssue, ReportParser
from bot.render.i18n import Catalogs
from bot.render.reporting import ReportingTexts

CATALOGUE = MetricCatalogue.default()
PARSER = ReportParser(CATALOGUE)
FRIDAY = datetime.date(2026, 11, 20)


def d(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(iso)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("明天闭馆", "2026-11-21"),
        ("后天闭馆", "2026-11-22"),
        ("12月3日闭馆", "2026-12-03"),
        ("下周一闭馆", "2026-11-23"),
        ("下星期三闭馆", "2026-11-25"),
        ("下礼拜五休馆", "2026-11-27"),
        ("closed tomorrow", "2026-11-21"),
        ("closed on Dec 3", "2026-12-03"),
        ("closed next monday", "2026-11-23"),
        ("25号闭馆", "2026-11-25"),
        ("1月5日闭馆", "2027-01-05"),  # a closure ahead: next January, not last
        ("12月3日（周四）闭馆", "2026-12-03"),  # the weekday glosses the date
        ("今天闭馆，明天恢复开放", "2026-11-20"),  # the reopening is not a day closed
    ],
)
def test_a_planned_closure_names_its_day(text: str, day: str) -> None:
    result = PARSER.parse(text, FRIDAY)
    assert (result.date, result.closed_until, result.closed) == (d(day), None, True), result
    assert result.error is None and result.is_report


@pytest.mark.parametrize(
    ("text", "today", "first", "last"),
    [
        ("12月3日至5日闭馆装修", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("12月3日至12月5日闭馆", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("12月3日-5日闭馆", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("12月3日到5日闭馆", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("12月3-5日闭馆", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("12.3-12.5闭馆", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("12-3至12-5闭馆", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("12月3日—12月5日闭馆", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("十二月三日至五日闭馆", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("2026-12-03至2026-12-05闭馆", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("12月3日（周四）至12月5日（周六）暂停开放", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("12月3日起闭馆，12月6日恢复开放", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("明天到后天闭馆", "2026-11-20", "2026-11-21", "2026-11-22"),
        ("下周一至周三闭馆", "2026-11-20", "2026-11-23", "2026-11-25"),
        ("3至5日闭馆", "2026-11-20", "2026-11-03", "2026-11-05"),
        ("11月3日至5日闭馆", "2026-11-20", "2026-11-03", "2026-11-05"),  # sent late
        ("12月30日至1月2日闭馆", "2026-11-20", "2026-12-30", "2027-01-02"),
        ("12月30日至1月2日闭馆", "2027-01-04", "2026-12-30", "2027-01-02"),
        ("Dec 3 to Dec 5 closed", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("closed Dec 3-5", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("closed 3-5 Dec", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("closed from Dec 3rd through the 5th", "2026-11-20", "2026-12-03", "2026-12-05"),
        ("Closed Monday to Wednesday next week", "2026-11-20", "2026-11-23", "2026-11-25"),
        ("28/11-30/11 closed", "2026-11-20", "2026-11-28", "2026-11-30"),
    ],
)
def test_a_closure_range_runs_from_its_first_to_its_last_day(
    text: str, today: str, first: str, last: str
) -> None:
    result = PARSER.parse(text, d(today))
    assert (result.date, result.closed_until) == (d(first), d(last)), result
    assert result.closed and result.error is None and not result.figures
    assert result.to_json()["closed_until"] == last


@pytest.mark.parametrize(
    ("text", "code", "quoted"),
    [
        ("12月5日至3日闭馆", "bad_range", "12月5日至3日"),
        ("2026年12月1日至2027年12月5日闭馆", "range_too_long", "2026年12月1日至2027年12月5日"),
        ("12月3日起闭馆", "open_range", "12月3日起"),
        ("即日起闭馆", "open_range", "即日起"),
        ("闭馆至12月5日", "open_range", "至12月5日"),
        ("下周闭馆", "closure_period", "下周"),
        ("本周闭馆", "closure_period", "本周"),
        ("closed next week", "closure_period", "next week"),
        ("12月3日闭馆，12月5日闭馆", "two_dates", "12月3日 / 12月5日"),  # no range word
        ("12月3日（周五）闭馆", "two_dates", "12月3日 / 周五"),  # 3 December is a Thursday
        ("今天闭馆，12月3日至5日闭馆", "two_dates", "今天 / 12月3日至5日"),
        ("12/3-12/5闭馆", "ambiguous_date", "12/3-12/5"),
        ("11月3日至31日闭馆", "invalid_date", "11月3日至31日"),
        ("上上上周五闭馆", "unreadable_date", "上上上周五"),
        ("12月3日至5日闭馆，线上活动1场", "range_with_figures", "12月3日至5日"),
        ("周一至周五 到馆 2500", "range_with_figures", "周一至周五"),
        ("11.16-11.20 到馆 300", "range_with_figures", "11.16-11.20"),
        ("明天闭馆，线上活动1场", "future_date", "明天"),
        ("明天到馆300", "future_date", "明天"),
    ],
)
def test_a_closure_that_cannot_be_read_whole_is_refused(text: str, code: str, quoted: str) -> None:
    result = PARSER.parse(text, FRIDAY)
    assert result.error == ParseIssue(code, text=quoted), result
    assert result.closed_until is None and result.exit_code() == 2


def test_a_range_without_a_closure_is_not_one() -> None:
    result = PARSER.parse("12月3日至5日有书展", FRIDAY)
    assert (result.closed, result.closed_until, result.error) == (False, None, None)
    assert result.exit_code() == 1


def test_closed_until_follows_closed_in_json() -> None:
    shown = PARSER.parse("12月3日至5日闭馆", FRIDAY).to_json()
    assert list(shown)[:4] == ["date", "branch", "closed", "closed_until"]
    assert (shown["date"], shown["closed_until"]) == ("2026-12-03", "2026-12-05")
    assert PARSER.parse("今日闭馆", FRIDAY).to_json()["closed_until"] is None


@pytest.mark.parametrize(
    ("issue", "sentence"),
    [
        (ParseIssue("bad_range", text="12月5日至3日"),
         "The closure '12月5日至3日' ends before it starts."),
        (ParseIssue("range_too_long", text="2026年1月1日至2027年5月1日"),
         "The closure '2026年1月1日至2027年5月1日' is longer than a year; check the dates."),
        (ParseIssue("open_range", text="12月3日起"),
         "The closure '12月3日起' gives only one end; send its first and last day."),
        (ParseIssue("closure_period", text="下周"),
         "'下周' names a period, not the days closed; send the days."),
        (ParseIssue("range_with_figures", text="周一至周五"),
         "'周一至周五' is a range of days, but figures belong to one day; "
         "send each day's figures on their own."),
    ],
)  # fmt: skip
def test_each_refusal_is_described(issue: ParseIssue, sentence: str) -> None:
    assert issue.describe() == sentence


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("12月5日至3日闭馆", "结束日期早于开始日期", "ends before it starts"),
        ("2026年12月1日至2027年12月5日闭馆", "超过一年", "longer than a year"),
        ("12月3日起闭馆", "请写明起止日期", "gives only one end"),
        ("下个月闭馆", "没有写明哪几天闭馆", "does not say which days are closed"),
        ("12月3日至5日闭馆，线上活动1场", "每天的数字分开发", "figures belong to one day"),
    ],
)
def test_the_sender_reads_why(text: str, zh: str, en: str) -> None:
    issue = PARSER.parse(text, FRIDAY).error
    assert issue is not None and issue.text
    catalogs = Catalogs()
    for locale, phrase in (("zh_CN", zh), ("en", en)):
        shown = ReportingTexts(catalogs.translator(locale), CATALOGUE).issue(issue)
        assert phrase in shown and issue.text in shown, shown
