"""event_titles: what staff put between 《》 “” "" … in a report, and when it counts."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.metrics import MetricCatalogue
from bot.core.parsing import ReportParser
from bot.core.parsing.event_titles import MAX_LENGTH, MAX_TITLES, event_titles, report_event_titles

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def parser() -> ReportParser:
    return ReportParser(MetricCatalogue.default())


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("活动2场 《冬日童话》绘本共读、“非遗剪纸”体验课 参与86人", ("冬日童话", "非遗剪纸")),
        ('events 1 "Lunar New Year crafts" 40 participants', ("Lunar New Year crafts",)),
        ("今天到馆1234人次，外借560册。举办讲座1场「城市记忆：老北京的胡同」，听众45人",
         ("城市记忆：老北京的胡同",)),
        ("#角楼 昨天 活动3场：『小小图书管理员』、〈经典诵读〉、‘亲子手工’，参加人数102",
         ("小小图书管理员", "经典诵读", "亲子手工")),
        ("线上活动1场 “云端读书会·第12期” 直播观看320人次", ("云端读书会·第12期",)),
        ("Storytime x2: “The Gruffalo” and “Room on the Broom”, 38 attendees",
         ("The Gruffalo", "Room on the Broom")),
        # Book marks around a book inside an event's name stay: only the outer marks go.
        ("活动1场“《三体》科幻沙龙”参与25人", ("《三体》科幻沙龙",)),
        ("讲座1场《读〈论语〉有感》分享", ("读〈论语〉有感",)),
        ("「『红楼梦』人物谈」读书会1场", ("『红楼梦』人物谈",)),
        # Marks that wrap a whole title are taken off: the stored title is the book's name.
        ("活动1场 “《小王子》” 共读 参与18人", ("小王子",)),
        # A phone mixes curly and straight quotes.
        ('活动2场 “非遗剪纸" 和 "亲子阅读” 参与40人', ("非遗剪纸", "亲子阅读")),
        # Stray spaces and a sentence's punctuation inside the marks.
        ("活动1场《  冬日   童话 》", ("冬日 童话",)),
        ('events 2 "Lunar New Year crafts," and "Story time." 52 participants',
         ("Lunar New Year crafts", "Story time")),
        ("讲座1场《等待……》导读", ("等待……",)),
        ("讲座1场《你好，旧时光？》", ("你好，旧时光？",)),
        # An apostrophe is not a closing mark.
        ("1 event: the children’s ‘Book Week’ fair, 30 participants", ("Book Week",)),
        # The same title twice (and in another case) is kept once, first spelling wins.
        ("活动2场 《冬日童话》上午场、《冬日童话》下午场 参与60人", ("冬日童话",)),
        ('events 2 "Story Time" and "story time" again', ("Story Time",)),
        ("“冬日童话”和《冬日童话》", ("冬日童话",)),
    ],
)  # fmt: skip
def test_titles_between_marks(text: str, titles: tuple[str, ...]) -> None:
    assert event_titles(text) == titles


@pytest.mark.parametrize(
    "text",
    [
        "活动2场 参与86人",  # no marks at all
        "活动1场《冬日童话 绘本共读 参与20人",  # never closed
        "活动1场 冬日童话》绘本共读",  # never opened
        "活动1场 《》 “” 「 」",  # empty
        "活动“2”场 “2026” 《1,234》 “１２３” “4·23”",  # numbers and dates, no letter
        "活动1场 “……” 《!!!》",  # punctuation only
        "“A“ 和 “B",  # two openers, no closer
    ],
)
def test_no_title(text: str) -> None:
    assert event_titles(text) == ()


def test_a_title_does_not_run_over_a_line() -> None:
    text = "活动2场\n《冬日童话\n“非遗剪纸”体验课\n参与86人》"
    assert event_titles(text) == ("非遗剪纸",)


def test_an_absurdly_long_span_is_not_a_title_but_titles_inside_it_are() -> None:
    filler = "今天天气很好读者很多" * 7
    assert len(filler) > MAX_LENGTH
    assert event_titles(f'活动1场 "{filler}《冬日童话》{filler}"') == ("冬日童话",)
    exactly = "长" * MAX_LENGTH
    assert event_titles(f"《{exactly}》《{exactly}长》") == (exactly,)


def test_a_same_kind_pair_nested_inside_one_is_skipped_over() -> None:
    assert event_titles("《大《小》大》") == ("大《小》大",)
    # Two left quotes and one right: the first never closes, the last pair is a title.
    assert event_titles("“非遗剪纸“体验课，“亲子阅读”") == ("亲子阅读",)


def test_at_most_ten_titles() -> None:
    text = "活动12场 " + "、".join(f"《第{n}讲》" for n in range(1, 13))
    titles = event_titles(text)
    assert len(titles) == MAX_TITLES
    assert titles == tuple(f"第{n}讲" for n in range(1, 11))


def test_duplicates_do_not_count_against_the_limit() -> None:
    text = "《甲》" * 20 + "《乙》"
    assert event_titles(text) == ("甲", "乙")


# --- only a report that counts events names event titles ------------------------------


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("活动2场 《冬日童话》绘本共读、“非遗剪纸”体验课 参与86人", ("冬日童话", "非遗剪纸")),
        ('events 1 "Lunar New Year crafts" 40 participants', ("Lunar New Year crafts",)),
        ("讲座1场《论语》导读", ("论语",)),  # a kind of event is events
        ("《三体》读书会1场", ("三体",)),
        ("线上活动1场「云端读书会」", ("云端读书会",)),  # online_events
        ("“冬日童话”绘本共读 参与30人", ("冬日童话",)),  # only participants
        ('webinar 1 "Using the e-library"', ("Using the e-library",)),
    ],
)  # fmt: skip
def test_a_report_with_event_figures_names_titles(
    parser: ReportParser, text: str, titles: tuple[str, ...]
) -> None:
    result = parser.parse(text, TODAY)
    assert result.is_report
    assert report_event_titles(text, result.figures) == titles


@pytest.mark.parametrize(
    "text",
    [
        "到馆300人次 读者说“暖气太热了”",
        "外借560册，《三体》借出最多",
        "今日闭馆 “设备检修”",
        'visitors 410, loans 220, the "quiet room" was full',
        "活动0场 原定《冬日童话》改期",  # no event took place
        "办证12张 “新年特惠”",
    ],
)
def test_quotes_in_a_report_without_event_figures_are_just_quotes(
    parser: ReportParser, text: str
) -> None:
    result = parser.parse(text, TODAY)
    assert result.is_report
    assert event_titles(text) != ()
    assert report_event_titles(text, result.figures) == ()
