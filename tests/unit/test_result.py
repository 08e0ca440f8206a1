"""ParseResult and ParseIssue: what a parse says and how it is described."""

from __future__ import annotations

import datetime

import pytest

from bot.core.parsing import ParseIssue, ParseResult

TODAY = datetime.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("result", "is_report", "exit_code"),
    [
        (ParseResult(TODAY, None, False, {"visitors": 1}), True, 0),
        (ParseResult(TODAY, None, True, {}), True, 0),
        (ParseResult(TODAY, None, False, {}), False, 1),
        (ParseResult(TODAY, None, False, {}, (ParseIssue("approximate", "visitors"),)), False, 1),
        (ParseResult(TODAY, None, False, {"loans": 5}, (), ParseIssue("negative")), False, 2),
        (ParseResult(TODAY, None, True, {}, (), ParseIssue("future_date")), False, 2),
        (ParseResult(TODAY, None, False, {}, (), ParseIssue("absurd")), False, 2),
    ],
)
def test_is_report_and_exit_code(result: ParseResult, is_report: bool, exit_code: int) -> None:
    assert result.is_report is is_report
    assert result.exit_code() == exit_code


@pytest.mark.parametrize(
    ("issue", "sentence"),
    [
        (ParseIssue("negative", "visitors", -5.0, "到馆-5"),
         "visitors: -5 is negative; a count cannot be below zero."),
        (ParseIssue("absurd", "events", 500.0),
         "events: 500 is far too large for one branch on one day."),
        (ParseIssue("not_whole", "visitors", 12.5), "visitors: 12.5 is not a whole number."),
        (ParseIssue("approximate", "visitors", None, "到馆一千多"),
         "visitors: '到馆一千多' is approximate and was not recorded; send the exact figure."),
        (ParseIssue("subcount_ignored", "visitors", 300.0, "其中少儿300"),
         "'其中少儿300' is part of visitors and was not recorded separately."),
        (ParseIssue("duplicate_metric", "loans", 580.0, "外借 580"),
         "loans was given more than once; the last value, 580, was kept."),
        (ParseIssue("summed", "events", 3.0, "展览1场"),
         "events: '展览1场' was added to the other kinds given, making 3."),
        (ParseIssue("ambiguous", None, 120.0, "采购图书120"),
         "'采购图书120' could be more than one metric and was not recorded; add a unit."),
        (ParseIssue("future_date", text="11月25日"),
         "The date '11月25日' is in the future; figures are for today or earlier."),
        (ParseIssue("invalid_date", text="2月30日"), "'2月30日' is not a valid date."),
        (ParseIssue("something_new", text="x"), "something_new: 'x'."),
    ],
)  # fmt: skip
def test_describe(issue: ParseIssue, sentence: str) -> None:
    assert issue.describe() == sentence
