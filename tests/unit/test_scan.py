"""The parser's shortcuts for long messages find exactly what the plain scans find."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.metrics import MetricCatalogue
from bot.core.parsing import ReportParser, parser, periods, scan
from bot.core.parsing.numbers import fold

PARSER = ReportParser(MetricCatalogue.default(), {"jiaolou": ("角楼图书馆", "角楼")})
TODAY = datetime.date(2026, 11, 20)

# Pieces of what staff send, mixed so that English, digits and Chinese touch every way.
pieces = st.sampled_from(
    ["到馆", "外借", "1234", "12", "3.5", "万", "月", "日", "号", "周一", "昨天", "至", "闭馆",
     "nov", "18", "th", "2nd", "of", "the", "yesterday", "visitors", "closed", "dec 3-5",
     "12/3", "5/6", "11.18", "17:30", "13800138000", "a1", "x@www.a.cn", "@王芳", "w.@a.",
     "http://x.cn/a", "—", "-", " ", "\n", "，", "。", "上", "下周", "本月", "this week",
     "累计", "#角楼 ", "字字字字"]
)  # fmt: skip
long_text = st.lists(pieces, min_size=120, max_size=400).map("".join)
any_text = st.lists(pieces, max_size=400).map("".join)

_NAIVE_RUN = re.compile(r"[\x00-\x7f\s\d]*[a-z][\x00-\x7f\s\d]*")


@settings(max_examples=200)
@given(text=long_text)
def test_latin_runs_are_the_runs_that_hold_a_letter(text: str) -> None:
    low = fold(text, lower=True)
    if len(low) >= scan.LONG_TEXT:
        assert scan.latin_runs(low) == [m.span() for m in _NAIVE_RUN.finditer(low)]


def test_a_short_text_is_one_run() -> None:
    assert scan.latin_runs("到馆 12") == [(0, 5)]


@settings(max_examples=300)
@given(text=any_text)
def test_addresses_are_blanked_as_the_plain_substitution_does(text: str) -> None:
    low = fold(text, lower=True)
    assert parser._without_addresses(low) == parser._URL_OR_ADDRESS.sub(parser._spaces, low)


def test_a_long_run_of_chinese_with_an_address_is_blanked_in_one_pass() -> None:
    low = "字" * 4000 + " wang@lib.cn"
    assert parser._without_addresses(low) == "字" * 4000 + " " * 12


_TOTAL = r"(?:[ \t]*(?:累计|累積|合计|合計|总计|總計))?"
_ONE_PERIOD_PATTERN = re.compile(
    f"(?:(?<![上下])(?:{periods._PERIOD_ZH})|{periods._PERIOD_EN}|{periods._MONTH_OR_YEAR}){_TOTAL}"
)


@settings(max_examples=300)
@given(text=any_text)
def test_a_period_total_is_found_as_one_pattern_finds_it(text: str) -> None:
    low = fold(text, lower=True)
    found, plain = periods.find_period_total(low), _ONE_PERIOD_PATTERN.search(low)
    assert (found and found.span()) == (plain and plain.span())


@settings(max_examples=100, deadline=None)
@given(text=long_text)
def test_a_long_message_parses_as_with_whole_text_scans(text: str) -> None:
    shortcut = PARSER.parse(text, TODAY)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(scan, "LONG_TEXT", 10**9)  # every pattern over the whole text
        assert PARSER.parse(text, TODAY) == shortcut


def test_earliest_prefers_the_first_pattern_at_one_place() -> None:
    first, second = re.compile("ab"), re.compile("a")
    match = scan.earliest((second, first), "xab")
    assert match is not None and match.re is second
    assert [m.group() for m in scan.every((re.compile("b"), re.compile("a")), "abab")] == [
        "a", "b", "a", "b"
    ]  # fmt: skip
