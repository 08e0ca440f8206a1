"""The parser's shortcuts for long messages find exactly what the plain scans find."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from re import _constants as sre  # the regex parser's names: what a pattern starts with
from re import _parser as sre_parser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.metrics import MetricCatalogue
from bot.core.parsing import (
    ReportParser,
    dates,
    festivals,
    numbers,
    parser,
    periods,
    ranges,
    scan,
    spelling,
    tokens,
)
from bot.core.parsing import unread as unread_dates
from bot.core.parsing.numbers import NUMBER_PATTERN, NUMBER_STARTS, fold
from bot.core.parsing.tokens import Lexer

PARSER = ReportParser(MetricCatalogue.default(), {"jiaolou": ("角楼图书馆", "角楼")})
TODAY = datetime.date(2026, 11, 20)
LEXER, PLAIN_LEXER = (
    Lexer(MetricCatalogue.default()),
    Lexer(MetricCatalogue.default(), guarded=False),
)

# Pieces of what staff send, mixed so that English, digits and Chinese touch every way.
pieces = st.sampled_from(
    ["到馆", "外借", "1234", "12", "3.5", "万", "月", "日", "号", "周一", "昨天", "至", "闭馆",
     "nov", "18", "th", "2nd", "of", "the", "yesterday", "visitors", "closed", "dec 3-5",
     "12/3", "5/6", "11.18", "17:30", "13800138000", "a1", "x@www.a.cn", "@王芳", "w.@a.",
     "http://x.cn/a", "—", "-", " ", "\n", "，", "。", "上", "下周", "本月", "this week",
     "累计", "#角楼 ", "字字字字", "1-11月", "3 ~ 5 月", "前三个月", "上周", "下个月", "二〇二六",
     "2026年11月17日", "2026/11/17", "3/3/15", "十一月十八号", "18日", "2号楼", "星期天",
     "上个礼拜三", "这周三", "新增关注", "new followers", "renew followers", "more visitors",
     "到官", "外接 ", "1 234", "-5", "负3", "一千多", "1000-1200", "3点", "第3", "其中",
     "(", ")", "【", "】", "and", "of which", "including", "1,2345", "12o4", "b2", "k", "w",
     "12.3-12.5", "12/3~12/5", "12-3至12-5", "28/11-30/11", "3.5-14.5", "12-3-12-5", "起",
     "恢复开放", "reopening", "即日起", "至", "上上上周五", "第三周二", "feb 30th", "5/6", "ago",
     "春节", "期间", "国庆", "7天", "暑假", "假期", "请", "活动", "节", "中秋", "十一", "2026-11",
     "2026年", "十一月份", "年级", "人次", "册", "左右", "多", "千", "元", "%", "l234", "3oo"]
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
    f"(?:(?<![上下])(?:{periods._PERIOD_WORDS_ZH}|{periods._MONTHS_ZH}|{periods._FIRST_MONTHS_ZH})"
    f"|{periods._PERIOD_EN}|{periods._MONTH_OR_YEAR}"
    f"|{periods.HOLIDAY_PERIODS_ZH}){_TOTAL}"
)


@settings(max_examples=300)
@given(text=any_text)
def test_a_period_total_is_found_as_one_pattern_finds_it(text: str) -> None:
    low = fold(text, lower=True)
    found, plain = periods.find_period_total(low), _ONE_PERIOD_PATTERN.search(low)
    assert (found and found.span()) == (plain and plain.span())


_PERIOD_PIECES = (
        ["春节", "春節", "国庆", "國慶", "十一", "五一", "中秋", "节", "節", " ", "\t", "长假",
         "長假", "小长假", "小長假", "假期", "期间", "期間", "黄金周", "黃金週", "7天", "七天",
         "寒假", "暑假", "节假日", "節假日", "请", "休", "this", "last", "past", "previous",
         "week", "month", "year", "quarter", "to", "-", "date", "ytd", "mtd", "cumulative",
         "weekly", "monthly", "for", "the", "累计", "合计", "x"]
)  # fmt: skip
period_texts = st.lists(st.sampled_from(_PERIOD_PIECES), max_size=12).map("".join)


@settings(max_examples=1000)
@given(text=period_texts)
def test_a_period_holds_the_words_it_is_looked_for_by(text: str) -> None:
    for pattern, words in (
        (periods._PERIOD_EN_RE, periods._PERIOD_EN_WORDS),
        (periods._HOLIDAY_PERIOD_RE, periods._HOLIDAY_WORDS),
    ):
        if not any(word in text for word in words):
            assert pattern.search(text) is None, (pattern.pattern, text)


_FESTIVAL_PIECES = (
        ["元旦", "春节", "春節", "除夕", "大年初一", "正月十五", "元宵节", "五一", "五一二",
         "二十五", "劳动节", "端午", "中秋", "国庆", "國慶", "重阳", "圣诞", "平安夜", "六一",
         "儿童节", "三八", "妇女节", "婦女節", "教师节", "母亲节", "情人节", "节", "日", "当天",
         "主题", "活动", "路", "快乐", "到馆", "3000", "一", "十", " ", "\t", "\n",
         "new year's day", "national day", "mid-autumn", "spring festival", "chinese new year",
         "lunar new year", "dragon boat", "children's day", "children", "teachers' day",
         "valentine's day", "thanksgiving", " festival", " party", " books", "x", "'s", " day"]
)  # fmt: skip
festival_texts = st.lists(st.sampled_from(_FESTIVAL_PIECES), max_size=30).map("".join)


@settings(max_examples=500)
@given(text=festival_texts)
def test_festival_days_are_those_of_whole_text_scans(text: str) -> None:
    patterns = (festivals._FESTIVAL_DAY, festivals._FESTIVAL_DAY_EN)
    plain = sorted((m for p in patterns for m in p.finditer(text)), key=re.Match.start)
    assert [m.span() for m in festivals.find_festival_days(text)] == [m.span() for m in plain]


def test_each_festival_name_starts_with_a_character_to_skip_to() -> None:
    for names in festivals._NAMES.values():
        (op, (_, alternatives)), *rest = sre_parser.parse(names.pattern)
        assert op is sre.BRANCH and not rest
        assert all(alternative[0][0] is sre.LITERAL for alternative in alternatives)


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


@settings(max_examples=200)
@given(text=long_text)
def test_runs_are_the_runs_that_hold_a_mark(text: str) -> None:
    low = fold(text, lower=True)
    naive = re.compile(r"[\d\s月日-]*[月-][\d\s月日-]*")
    found = scan.runs(low, re.compile("[月-]"), re.compile(r"[\d\s月日-]*"), after=1)
    if len(low) >= scan.LONG_TEXT:
        assert found == [(m.start(), min(len(low), m.end() + 1)) for m in naive.finditer(low)]


@settings(max_examples=200, deadline=None)
@given(text=long_text)
def test_dates_found_in_runs_are_those_of_whole_text_scans(text: str) -> None:
    low = fold(text, lower=True)
    finders = (dates.find_dates, ranges.find_days)
    shortcut = [find(low, TODAY, planned=p) for find in finders for p in (False, True)]
    unread = unread_dates.find_unread_date(low)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(scan, "LONG_TEXT", 10**9)  # every pattern over the whole text
        assert [find(low, TODAY, planned=p) for find in finders for p in (False, True)] == shortcut
        plain = unread_dates.find_unread_date(low)
    assert (unread and unread.span()) == (plain and plain.span())


@settings(max_examples=300)
@given(text=any_text)
def test_the_kinds_of_date_tried_are_those_whose_gate_the_text_passes(text: str) -> None:
    low = fold(text, lower=True)
    passed = [kind for kind in dates._KINDS if not set(low).isdisjoint(kind[0])]
    assert dates._kinds_gated(low) == passed


@settings(max_examples=300)
@given(text=any_text)
def test_a_closure_word_holds_what_it_is_looked_for_by(text: str) -> None:
    low = fold(text, lower=True)
    if parser._CLOSURE_MARK.search(low) is None:
        assert not scan.every(parser._CLOSURE, low)


@pytest.mark.parametrize(
    "word",
    ["闭馆", "休馆", "停馆", "暂停开放", "暂停服务", "停止开放", "不开放", "歇业",
     "closed", "closure", "shut"],
)  # fmt: skip
def test_each_closure_word_is_looked_for(word: str) -> None:
    assert scan.every(parser._CLOSURE, word)
    assert parser._CLOSURE_MARK.search(word) is not None


@settings(max_examples=300)
@given(text=any_text)
def test_at_word_start_finds_what_a_lookbehind_finds(text: str) -> None:
    low = fold(text, lower=True)
    pattern = re.compile(r"(?:new|more|w|1)[ \t]*(?:visitors|followers|\d)")
    plain = re.compile(r"(?<![a-z])" + pattern.pattern).search(low)
    found = scan.at_word_start(pattern, low)
    assert (found and found.span()) == (plain and plain.span())


@settings(max_examples=300)
@given(text=any_text)
def test_a_level_change_is_found_as_with_a_lookbehind(text: str) -> None:
    low = fold(text, lower=True)
    changes = periods.LevelChanges(MetricCatalogue.default())
    found = changes.find(low)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(periods, "at_word_start", _with_lookbehind)
        plain = changes.find(low)
    assert (found and found.span()) == (plain and plain.span())


def _with_lookbehind(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return re.compile(r"(?<![a-z])" + pattern.pattern).search(text)


@settings(max_examples=300)
@given(text=any_text)
def test_tokens_are_those_of_the_plain_token_pattern(text: str) -> None:
    low = fold(text, lower=True)
    assert LEXER.tokens(low) == PLAIN_LEXER.tokens(low)


@pytest.mark.parametrize(
    "text",
    ["到馆1234", "外借 560册", "560 册次左右", "12o4", "l234", "b2", "3k", "1 234", "1,2345",
     "1,234", "第3", "3点", "2楼", "50元", "12.5", "3千", "1000-1200", "1000 至 1200", "1000多",
     "1000+", "visits5", "5visits", "到馆 1234，外借 560", "１２３４", "٣"],
)  # fmt: skip
def test_a_plain_number_is_the_token_the_full_pattern_makes(text: str) -> None:
    low = fold(text, lower=True)
    assert LEXER.tokens(low) == PLAIN_LEXER.tokens(low)


def test_most_numbers_are_read_by_the_plain_pattern() -> None:
    matches = list(LEXER._token_re.finditer("到馆1234 外借560册 12o4 3点"))
    plain = [m.group() for m in matches if m.group("plain")]
    assert plain == ["1234 ", "560册"]


@settings(max_examples=300)
@given(text=any_text)
def test_a_numbers_digits_start_where_its_sign_ends(text: str) -> None:
    low = fold(text, lower=True)
    for match in LEXER._token_re.finditer(low):
        if match.group("num") is not None:
            assert match.start("num") == match.start() + len(match.group("sign") or "")


@settings(max_examples=300)
@given(text=any_text)
def test_runs_before_a_number_are_those_of_the_greedy_pattern(text: str) -> None:
    low = fold(text, lower=True)
    possessive = spelling.Homophones(("到馆", "外借"))._before_number
    greedy = re.compile(possessive.pattern.replace("}+", "}"))
    assert [m.span() for m in possessive.finditer(low)] == [m.span() for m in greedy.finditer(low)]


def _first_characters(pattern: str) -> list[tuple[Any, Any]]:
    """What each match of pattern can start with: the regex parser's LITERAL and IN items."""

    def sequence(items: Any) -> tuple[list[tuple[Any, Any]], bool]:
        found: list[tuple[Any, Any]] = []
        for op, av in items:
            first, empty = item(op, av)
            found += first
            if not empty:
                return found, False
        return found, True

    def item(op: Any, av: Any) -> tuple[list[tuple[Any, Any]], bool]:
        if op in (sre.LITERAL, sre.IN, sre.NOT_LITERAL, sre.ANY):
            return [(op, av)], False
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            return [], True  # takes no character
        if op is sre.SUBPATTERN:
            return sequence(av[3])
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            first, empty = sequence(av[2])
            return first, empty or av[0] == 0
        assert op is sre.BRANCH, op
        alternatives = [sequence(alternative) for alternative in av[1]]
        return [f for first, _ in alternatives for f in first], any(e for _, e in alternatives)

    first, empty = sequence(sre_parser.parse(pattern))
    assert not empty
    return first


_DIGITS = [c for c in map(chr, range(0x110000)) if re.match(r"\d", c)]


@pytest.mark.parametrize(
    ("starts", "pattern"),
    [
        (NUMBER_STARTS, NUMBER_PATTERN),
        (tokens._RANGE_OR_APPROXIMATE_STARTS, f"{tokens._RANGE}|{tokens._APPROXIMATE}"),
        (tokens._NOT_UNIT_STARTS, tokens._NOT_UNITS),
        (numbers._REPEATED_STARTS, numbers._REPEATED),
        (periods._MONTH_OR_YEAR_STARTS, periods._MONTH_OR_YEAR),
    ],
)
def test_a_lookahead_holds_every_first_character_of_what_it_guards(
    starts: str, pattern: str
) -> None:
    allowed = re.compile(f"[{starts}]")
    for op, av in _first_characters(pattern):
        assert op in (sre.LITERAL, sre.IN)
        for kind, value in [(op, av)] if op is sre.LITERAL else av:
            if kind is sre.LITERAL:
                assert allowed.match(chr(value)), chr(value)
            elif kind is sre.RANGE:
                assert all(allowed.match(chr(c)) for c in range(value[0], value[1] + 1))
            else:
                assert (kind, value) == (sre.CATEGORY, sre.CATEGORY_DIGIT)
                assert all(allowed.match(c) for c in _DIGITS)


_PLAIN_ARABIC = numbers._ARABIC.replace("{1,3}+", "{1,3}")
_PLAIN_NUMBER = (  # NUMBER_PATTERN as written before its shortcuts
    rf"(?:{_PLAIN_ARABIC}|{numbers._CN_ATOM}|[{numbers.CN_TENS}]|{numbers._LEADING_UNIT})"
    rf"(?:{_PLAIN_ARABIC}|{numbers._CN_ATOM}|[{numbers.CN_UNITS}])*(?:[kKwW](?![a-zA-Z]))?"
)
numerals = st.lists(
    st.sampled_from(list("0123456789,.,一二两三十百千万亿零〇廿点几kKwW多-到 a人")), max_size=24
).map("".join)


@settings(max_examples=500)
@given(text=numerals)
def test_numbers_match_as_with_the_plain_pattern(text: str) -> None:
    assert _PLAIN_ARABIC != numbers._ARABIC
    fast, plain = re.compile(NUMBER_PATTERN), re.compile(_PLAIN_NUMBER)
    for pos in range(len(text)):
        found, expected = fast.match(text, pos), plain.match(text, pos)
        assert (found and found.span()) == (expected and expected.span())


@settings(max_examples=300)
@given(
    text=any_text,
    spans=st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 60)), max_size=12),
)
def test_blanking_spans_at_once_is_blanking_them_in_turn(
    text: str, spans: list[tuple[int, int]]
) -> None:
    low = fold(text, lower=True)
    spans = [(min(s, len(low)), min(s + n, len(low))) for s, n in spans]
    one_by_one = low
    for start, end in spans:
        one_by_one = parser._blank(one_by_one, start, end)
    assert parser._blank_all(low, spans) == one_by_one


_LINES = st.lists(
    st.sampled_from(["角楼 ", "【角楼】", "(jiaolou)", "角楼图书馆：", "  ", "到馆12"])
)


@settings(max_examples=300)
@given(lines=st.lists(st.tuples(_LINES.map("".join), any_text), max_size=30))
def test_branch_heads_are_found_as_at_the_start_of_each_line(
    lines: list[tuple[str, str]],
) -> None:
    low = fold("\n".join(head + rest for head, rest in lines), lower=True)
    assert PARSER._branch_head is not None
    plain = re.compile(r"(?:^|(?<=\n))" + PARSER._branch_head.pattern)
    found = [(start, head.end(), head.group("name")) for start, head in PARSER._branch_heads(low)]
    assert found == [(m.start(), m.end(), m.group("name")) for m in plain.finditer(low)]


@settings(max_examples=200)
@given(
    text=any_text,
    among=st.text(min_size=1, max_size=12),
    asked=st.lists(st.text(max_size=4), max_size=6),
)
def test_characters_answer_as_a_set_of_them(text: str, among: str, asked: list[str]) -> None:
    chars = scan.characters(text, scan.character_class(among))
    for asked_chars in asked:
        gate = "".join(char for char in asked_chars if char in among)  # of those it was told
        assert chars.isdisjoint(frozenset(gate)) == set(text).isdisjoint(gate)


def _blank_days_in_turn(low: str, mentions: list[dates.DateMention]) -> str:
    for mention in mentions:  # what the parser did before _day_spans
        end = mention.end
        if (dash := parser._DASH_AFTER_DAY.match(low, end)) is not None:
            end = dash.end()
        low = parser._blank(low, mention.start, end)
    return low


@pytest.mark.parametrize(
    ("low", "spans"),
    [
        ("12月3日 - 5日x - 7 - 8号", [(0, 5), (8, 12)]),
        ("12月3日 - 5日x - 7 - 8号", [(0, 9), (3, 5), (12, 14)]),
        ("12月3日 - 5日x - 7 - 8号", [(3, 5), (0, 4)]),
        ("abcdeX - yz", [(0, 6), (2, 5)]),  # blanked, X no longer keeps the dash apart
    ],
)
def test_days_are_blanked_as_in_turn_even_when_they_overlap(
    low: str, spans: list[tuple[int, int]]
) -> None:
    mentions = [dates.DateMention(TODAY, start, end, low[start:end]) for start, end in spans]
    blanked = parser._blank_all(low, parser._day_spans(low, mentions))
    assert blanked == _blank_days_in_turn(low, mentions)
    if low == "abcdeX - yz":
        assert blanked == " " * 9 + "yz"


_EDGE_PIECES = (
        ["至", "到", "~", "〜", "-", "–", " ", "\n", "起", "to", "through", "thru", "until", "till",
         "5", "18", "日", "th", "恢复", "重新", "正常", "照常", "开放", "开馆", "营业", "开始",
         "以后", "之后", "reopen", "re-open", "opens", "reopening", " on", "x", "12月3日",
         "        ", "\t"]
)  # fmt: skip
edges = st.lists(st.sampled_from(_EDGE_PIECES), max_size=12).map("".join)
_AFTER_A_DAY = [
    (ranges._BARE_END, ranges._TO_FIRST),
    (ranges._REOPEN_AFTER, ranges._REOPEN_AFTER_FIRST),
    (ranges._OPEN_AFTER, ranges._OPEN_AFTER_FIRST),
]
_BEFORE_A_DAY = [
    (ranges._BARE_START, ranges._TO_LAST, 12),
    (ranges._REOPEN_BEFORE, ranges._REOPEN_BEFORE_LAST, 16),
    (ranges._OPEN_BEFORE, ranges._OPEN_BEFORE_LAST, 8),
]


def test_what_stands_at_a_days_edge_is_found_as_by_the_pattern_for_each_pair() -> None:
    for first in _EDGE_PIECES:
        for second in _EDGE_PIECES:
            _check_the_edges(first + second + "5日")
            _check_the_edges("12月3日" + first + " " + second)


@settings(max_examples=500)
@given(text=edges)
def test_what_stands_at_a_days_edge_is_found_as_by_the_pattern(text: str) -> None:
    _check_the_edges(text)


def _check_the_edges(text: str) -> None:
    for pos in range(len(text) + 1):
        for pattern, first in _AFTER_A_DAY:
            found, plain = ranges._match_at(pattern, first, text, pos), pattern.match(text, pos)
            assert (found and found.span()) == (plain and plain.span())
        for pattern, last, width in _BEFORE_A_DAY:
            found = ranges._search_before(pattern, last, text, pos, width)
            plain = pattern.search(text, max(0, pos - width), pos)
            assert (found and found.span()) == (plain and plain.span())


def _join_groups_in_turn(tokens_: list[tokens.Token], low: str) -> None:
    """_join_groups as a loop over every token, as it was written first."""
    i = 1
    while i < len(tokens_) - 1:
        kind, start, end, _ = tokens_[i]
        numbers_around = tokens_[i - 1][0] == tokens_[i + 1][0] == tokens.NUMBER
        if kind == tokens.SOFT and low[start] == "，" and numbers_around:
            a, b = tokens_[i - 1][3], tokens_[i + 1][3]
            assert isinstance(a, tokens.Number) and isinstance(b, tokens.Number)
            if (
                a.end == start
                and b.start == end
                and 1 <= len(a.digits) <= 3
                and a.unit is None
                and len(b.digits) == 3
                and not b.negative
                and not tokens._has_own_keyword(tokens_, i + 1)
            ):
                digits = a.digits + b.digits
                joined = tokens.Number(
                    a.start, b.end, Decimal(digits), a.negative, False, b.unit, digits
                )
                tokens_[i - 1 : i + 2] = [(tokens.NUMBER, a.start, b.end, joined)]
        i += 1


groups = st.lists(
    st.sampled_from(
        ["1", "12", "123", "1234", "234", "567", "，", "，", ",", "到馆", "人", "-5", " "]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500)
@given(text=groups)
def test_groups_are_joined_as_by_a_loop_over_every_token(text: str) -> None:
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(tokens, "_join_groups", _join_groups_in_turn)
        expected = LEXER.tokens(text)
    assert LEXER.tokens(text) == expected


_ENGLISH_PIECES = (
        ["nov", "18", "th", "2nd", "of", "the", " ", "\n", "last", "this", "next", "week",
         "monday", "mon", "fri.", "friday after next", "3 days", "a week", "two", "ago", "back",
         "before", "first", "in", "month", "previous", "20th", "yesterday", "today", "tonight",
         "tomorrow", "day before", "on", "dec", "3", "-", "/", "2026", ",", "sept", "june", "s",
         "'s", "thurs", "x", "k", "of the", "3 days ago", "2 weeks back", "a month before",
         "2 thursdays ago", "first monday of this month", "last friday in the month",
         "20th of the previous month", "the 3rd of this month", "last monday", "nov 18",
         "18 nov", "the day before yesterday", "monday of this week", "sun"]
)  # fmt: skip
english_days = st.lists(st.sampled_from(_ENGLISH_PIECES), max_size=30).map("".join)


def test_each_english_day_holds_the_words_its_kind_is_looked_for_by() -> None:
    for first in _ENGLISH_PIECES:
        for second in _ENGLISH_PIECES:
            _check_the_words(f"{first} {second}")


@settings(max_examples=500)
@given(text=english_days)
def test_an_english_day_holds_the_words_its_kind_is_looked_for_by(text: str) -> None:
    _check_the_words(text)


@settings(max_examples=300)
@given(text=english_days)
def test_english_shapes_of_a_day_match_as_without_their_lookahead(text: str) -> None:
    guarded = next(pattern for gate, pattern in unread_dates._DATE_LIKE if "a" in gate)
    plain = re.compile(f"(?:{unread_dates._ENGLISH_SHAPES})")
    for pos in range(len(text)):
        found, expected = guarded.match(text, pos), plain.match(text, pos)
        assert (found and found.span()) == (expected and expected.span())


def _check_the_words(text: str) -> None:
    for pattern, words in dates._WORDS.items():
        if not words.search(text):
            assert pattern.search(text) is None, (pattern.pattern, text)
