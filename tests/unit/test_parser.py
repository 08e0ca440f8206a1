"""ReportParser beyond the corpus."""

from __future__ import annotations

import datetime
import json

import pytest

from bot.core.metrics import Metric, MetricCatalogue
from bot.core.parsing import ParseIssue, ReportParser

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(scope="module")
def parser() -> ReportParser:
    return ReportParser(MetricCatalogue.default())


def test_to_json_is_exactly_the_design_shape(parser: ReportParser) -> None:
    result = parser.parse("#角楼 昨天到馆1234，外借560，到馆1240", TODAY)
    assert result.to_json() == {
        "date": "2026-11-19",
        "branch": "角楼",
        "closed": False,
        "closed_until": None,
        "figures": {"visitors": 1240, "loans": 560},
        "warnings": ["visitors was given more than once; the last value, 1240, was kept."],
        "error": None,
    }
    assert json.loads(json.dumps(result.to_json(), ensure_ascii=False)) == result.to_json()


def test_an_error_is_described_in_json(parser: ReportParser) -> None:
    shown = parser.parse("到馆-5", TODAY).to_json()
    assert shown["error"] == "visitors: -5 is negative; a count cannot be below zero."
    assert shown["figures"] == {}


def test_issues_carry_metric_value_and_fragment(parser: ReportParser) -> None:
    result = parser.parse("外借560，到馆 1.5", TODAY)
    assert result.figures == {"loans": 560}
    assert result.error == ParseIssue("not_whole", "visitors", 1.5, "到馆 1.5")


def test_later_errors_follow_the_first_as_warnings(parser: ReportParser) -> None:
    result = parser.parse("到馆-5，办证9999", TODAY)
    assert result.error is not None and result.error.code == "negative"
    assert [w.code for w in result.warnings] == ["absurd"]
    assert result.warnings[0].value == 9999


def test_a_date_error_comes_first(parser: ReportParser) -> None:
    result = parser.parse("明天到馆-5", TODAY)
    assert result.error is not None and result.error.code == "future_date"
    assert result.error.text == "明天"
    assert [w.code for w in result.warnings] == ["negative"]


def test_chit_chat_with_a_date_keeps_today(parser: ReportParser) -> None:
    result = parser.parse("明天开会", TODAY)
    assert (result.date, result.error, result.figures) == (TODAY, None, {})


def test_absurd_values_never_overflow(parser: ReportParser) -> None:
    result = parser.parse("到馆9" + ",999" * 1000, TODAY)
    assert result.error is not None and result.error.code == "absurd"
    assert result.exit_code() == 2


def test_long_digit_runs_are_codes_not_figures(parser: ReportParser) -> None:
    """13 digits and more are ISBNs, card or ID numbers: never a day's count."""
    assert parser.parse("到馆" + "9" * 5000, TODAY).exit_code() == 1
    assert parser.parse("到馆 9787020002207", TODAY).figures == {}


def test_a_value_at_the_daily_maximum_is_accepted(parser: ReportParser) -> None:
    assert parser.parse("活动200场", TODAY).figures == {"events": 200}
    assert parser.parse("活动201场", TODAY).error == ParseIssue(
        "absurd", "events", 201.0, "活动201场"
    )


def test_zero_is_a_figure(parser: ReportParser) -> None:
    assert parser.parse("今天办证0张", TODAY).figures == {"new_cards": 0}


def test_the_branch_hint_keeps_its_case(parser: ReportParser) -> None:
    assert parser.parse("#JiaoLou visitors 12", TODAY).branch == "JiaoLou"


def test_an_organisation_metric_is_understood() -> None:
    extra = Metric(
        "story_sessions", "绘本故事会场次", "Picture-book sessions", "场", "sessions",
        synonyms_zh=("绘本故事会",), synonyms_en=("picture-book sessions",),
        unit_words=("场",), daily_max=20,
    )  # fmt: skip
    parser = ReportParser(MetricCatalogue.default().with_extra([extra]))
    result = parser.parse("绘本故事会2场，故事会1场，到馆300", TODAY)
    assert result.figures == {"story_sessions": 2, "events": 1, "visitors": 300}
    assert parser.parse("绘本故事会25场", TODAY).error == ParseIssue(
        "absurd", "story_sessions", 25.0, "绘本故事会25场"
    )


def test_blank_words_in_an_organisation_metric_are_ignored() -> None:
    extra = Metric("blank", "空白", "Blank", "个", "items", synonyms_zh=("", " "), unit_words=("",))
    parser = ReportParser(MetricCatalogue.default().with_extra([extra]))
    assert parser.parse("到馆12 34", TODAY).figures == {"visitors": 12}


def test_a_catalogue_without_a_metric_ignores_its_words() -> None:
    small = MetricCatalogue([m for m in MetricCatalogue.default() if m.code != "loans"])
    result = ReportParser(small).parse("到馆1234，外借560", TODAY)
    assert result.figures == {"visitors": 1234}


def test_parsing_is_repeatable(parser: ReportParser) -> None:
    text = "#角楼 11月18日 到馆1,234人次（其中少儿300）外借560册 210人次 讲座2场 展览1场"
    first = parser.parse(text, TODAY)
    assert parser.parse(text, TODAY) == first
    assert first.figures == {"visitors": 1234, "loans": 560, "loan_patrons": 210, "events": 3}
    assert first.date == datetime.date(2026, 11, 18)


def test_a_count_of_people_at_an_event_is_not_the_events(parser: ReportParser) -> None:
    result = parser.parse("35 kids at story time, 80 visitors", TODAY)
    assert result.figures == {"visitors": 80}
    assert [(w.code, w.value) for w in result.warnings] == [("not_understood", 35)]


def test_a_dash_between_a_day_and_its_figure_is_no_minus(parser: ReportParser) -> None:
    result = parser.parse("Nov 19 - 190 visitors", TODAY)
    assert (result.date, result.figures, result.error) == (
        datetime.date(2026, 11, 19),
        {"visitors": 190},
        None,
    )
    minus = parser.parse("到馆 -5", TODAY).error
    assert minus == ParseIssue("negative", "visitors", -5.0, "到馆 -5")


def test_a_level_change_holds_its_number(parser: ReportParser) -> None:
    result = parser.parse("公众号新增关注 25", TODAY)
    assert result.error == ParseIssue("level_change", text="新增关注")
    assert result.warnings == ()  # the 25 is part of the change, not a second complaint


def test_an_unread_day_is_not_read_for_figures_either(parser: ReportParser) -> None:
    result = parser.parse("上上上周三 到馆 100", TODAY)
    assert result.error == ParseIssue("unreadable_date", text="上上上周三")
    assert result.warnings == ()
