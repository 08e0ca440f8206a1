"""Properties of the parser over generated text."""

from __future__ import annotations

import datetime
import json
import re

import cn2an
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.metrics import MetricCatalogue
from bot.core.parsing import ReportParser
from bot.core.parsing.numbers import evaluate, parse_number
from bot.core.parsing.ranges import LONGEST_RANGE_DAYS

CATALOGUE = MetricCatalogue.default()
PARSER = ReportParser(CATALOGUE)
TODAY = datetime.date(2026, 11, 20)
ISSUES = {
    "negative", "absurd", "not_whole", "future_date", "invalid_date", "subcount_ignored",
    "duplicate_metric", "approximate", "ambiguous", "summed",
    "letters_in_number", "spaced_digits", "misplaced_comma",
    "unreadable_date", "ambiguous_date", "date_before_2000", "two_dates", "assumed_spelling",
    "period_total", "level_change", "two_branches", "not_understood",
    "bad_range", "range_too_long", "open_range", "range_with_figures", "closure_period",
}  # fmt: skip

# What staff keyboards produce: ASCII, CJK, full-width forms, Chinese punctuation, emoji.
message_text = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
        st.characters(min_codepoint=0x3000, max_codepoint=0x303F),
        st.sampled_from("\n\t一二三四五六七八九十百千万亿两零〇几到馆外借人次册场其中含约多余#＃"),
        st.characters(min_codepoint=0x1F300, max_codepoint=0x1F64F),
    ),
    max_size=80,
)
vocabulary = st.sampled_from(
    ["到馆", "外借", "人次", "册", "场", "活动", "参与", "办证", "其中", "（", "）", "，", "、",
     "-", "负", "约", "多", "万", "1,234", "12", "3.5", "昨天", "11月18日", "周一", "#角楼",
     "闭馆", "visitors", "loans", " ", "\n", "和", "k", "一千", "两百", "0", "至", "到", "起",
     "12月3日", "5日", "明天", "下周一", "恢复开放", "closed", "dec 3", "12.3", "~"]
)  # fmt: skip
word_salad = st.lists(vocabulary, max_size=25).map("".join)


def _check_valid(text: str, today: datetime.date) -> None:
    result = PARSER.parse(text, today)
    assert isinstance(result.date, datetime.date)
    assert result.branch is None or (result.branch and "#" not in result.branch)
    for code, value in result.figures.items():
        assert code in CATALOGUE
        assert type(value) is int
        assert 0 <= value <= CATALOGUE.get(code).daily_max
    for issue in (*result.warnings, *([result.error] if result.error else [])):
        assert issue.code in ISSUES
        assert issue.describe()
    if result.date > today and result.error is None:  # only a closure is planned ahead
        assert result.closed and not result.figures
    if result.closed_until is not None:
        assert result.closed and result.error is None and not result.figures
        assert 0 < (result.closed_until - result.date).days < LONGEST_RANGE_DAYS
    assert result.exit_code() == (2 if result.error else 0 if result.is_report else 1)
    assert json.loads(json.dumps(result.to_json(), ensure_ascii=False)) == result.to_json()


@settings(max_examples=400)
@given(text=message_text, today=st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)))
def test_any_text_gives_a_valid_result(text: str, today: datetime.date) -> None:
    _check_valid(text, today)


@settings(max_examples=400)
@given(text=word_salad)
def test_report_like_nonsense_gives_a_valid_result(text: str) -> None:
    _check_valid(text, TODAY)


def _chinese(n: int) -> str:
    """n in Chinese numerals, the way a form or a careful typist writes it."""
    digits = "零一二三四五六七八九"

    def below_10000(x: int) -> str:
        out, zero = "", False
        for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = x // place % 10
            if digit:
                out += ("零" if zero else "") + digits[digit] + unit
                zero = False
            elif out:
                zero = True
        return out

    if n == 0:
        return "零"
    high, low = divmod(n, 10_000)
    if not high:
        return below_10000(low)
    text = below_10000(high) + "万"
    if low:
        text += ("零" if low < 1000 else "") + below_10000(low)
    return text


FORMATS = {
    "arabic": str,
    "grouped": "{:,}".format,
    "full-width": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),
    "chinese": _chinese,
}
KEYWORDS = [
    ("到馆", "visitors"), ("到馆人次", "visitors"), ("外借", "loans"),
    ("外借人次", "loan_patrons"), ("办证", "new_cards"), ("活动", "events"),
    ("参与", "event_participants"), ("visitors ", "visitors"), ("new cards: ", "new_cards"),
    ("微信公众号关注量", "wechat_followers"),
]  # fmt: skip


@st.composite
def keyword_and_value(draw: st.DrawFn) -> tuple[str, str, int]:
    keyword, code = draw(st.sampled_from(KEYWORDS))
    value = draw(st.integers(0, CATALOGUE.get(code).daily_max))
    return keyword, code, value


@settings(max_examples=400)
@given(
    pair=keyword_and_value(),
    style=st.sampled_from(sorted(FORMATS)),
    separator=st.sampled_from(["", " ", ":", "：", "=", "  "]),
)
def test_a_written_number_reads_back(
    pair: tuple[str, str, int], style: str, separator: str
) -> None:
    keyword, code, value = pair
    text = f"{keyword}{separator}{FORMATS[style](value)}"
    result = PARSER.parse(text, TODAY)
    assert result.figures == {code: value}, text
    assert (result.error, result.warnings) == (None, ())


@settings(max_examples=200)
@given(
    figures=st.lists(keyword_and_value(), min_size=1, max_size=5, unique_by=lambda p: p[1]),
    separators=st.lists(
        st.sampled_from(["，", "、", "；", ";", " ", "\n", "和", ", "]), min_size=5
    ),
    style=st.sampled_from(sorted(FORMATS)),
)
def test_several_figures_read_back(
    figures: list[tuple[str, str, int]], separators: list[str], style: str
) -> None:
    parts = [f"{keyword}{FORMATS[style](value)}" for keyword, _, value in figures]
    text = "".join(p + s for p, s in zip(parts, separators, strict=False)).rstrip()
    result = PARSER.parse(text, TODAY)
    assert result.figures == {code: value for _, code, value in figures}, text


@settings(max_examples=200)
@given(
    day=st.dates(TODAY - datetime.timedelta(days=330), TODAY),
    style=st.sampled_from(["{m}月{d}日", "{m}月{d}号", "{y}-{m:02d}-{d:02d}", "{y}年{m}月{d}日"]),
    value=st.integers(0, 100_000),
)
def test_a_date_is_never_read_as_a_figure(day: datetime.date, style: str, value: int) -> None:
    text = style.format(y=day.year, m=day.month, d=day.day) + f" 到馆{value}"
    result = PARSER.parse(text, TODAY)
    assert (result.date, result.figures) == (day, {"visitors": value}), text


@settings(max_examples=300)
@given(st.integers(0, 10**12))
def test_chinese_numerals_agree_with_cn2an(n: int) -> None:
    written = cn2an.an2cn(n)
    assert evaluate(written) == n, written
    assert parse_number(_chinese(n % 10**8)) == n % 10**8


# Words with numbers staff write, understood or not: every number must end up somewhere said.
accounting_words = st.sampled_from(
    ["到馆", "外借", "办证", "还书", "好书推荐", "自习室", "到官", "kids", "visitors", "期",
     "人次", "册", "其中", "昨天", "，", "、", " ", "\n", "；"]
)  # fmt: skip
accounting_text = st.lists(
    st.one_of(accounting_words, st.integers(0, 99_999).map(str)), max_size=14
).map(" ".join)


@settings(max_examples=400)
@given(text=accounting_text)
def test_every_number_is_a_figure_or_is_said(text: str) -> None:
    """No digit run is dropped in silence: it is a figure, or an issue quotes it."""
    result = PARSER.parse(text, TODAY)
    issues = (*result.warnings, *([result.error] if result.error else []))
    quoted = " ".join(issue.text or "" for issue in issues)
    values = {str(v) for v in result.figures.values()}
    for match in re.finditer(r"\d+", text):
        digits = match.group()
        assert (
            digits in values
            or digits in quoted
            or any(issue.code == "duplicate_metric" for issue in issues)
        ), (text, result)
