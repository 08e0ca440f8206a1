"""``[[deadlines]]``: occurrences of each rule, their keys, validation, due dates in chat."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from bot.core.deadlines.rules import DeadlineDef, read_due
from bot.core.org import OrgError, parse_org
from bot.offline.sample import load_sample_org

D = dt.date
HEAD = """\
[org]
name = "测试图书馆"

[[branches]]
code = "main"
name = "总馆"
kind = "central"
"""


def test_a_one_off_occurs_once_inside_the_window() -> None:
    rule = DeadlineDef(title="评估材料", due=D(2026, 12, 15))
    assert rule.occurrences(D(2026, 12, 1), D(2026, 12, 31)) == [D(2026, 12, 15)]
    assert rule.occurrences(D(2026, 12, 15), D(2026, 12, 15)) == [D(2026, 12, 15)]
    assert rule.occurrences(D(2026, 12, 16), D(2027, 12, 31)) == []


def test_monthly_on_the_31st_falls_on_short_months_last_day() -> None:
    rule = DeadlineDef(title="月报", monthly=31)
    found = rule.occurrences(D(2026, 1, 1), D(2026, 4, 30))
    assert found == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30)]
    assert rule.occurrences(D(2028, 2, 1), D(2028, 2, 29)) == [D(2028, 2, 29)]


def test_monthly_across_a_year_end() -> None:
    rule = DeadlineDef(title="月报", monthly=5)
    assert rule.occurrences(D(2026, 12, 3), D(2027, 1, 10)) == [D(2026, 12, 5), D(2027, 1, 5)]
    assert rule.occurrences(D(2026, 12, 6), D(2027, 1, 4)) == []


def test_yearly_on_29_february_uses_the_28th_in_common_years() -> None:
    rule = DeadlineDef(title="年报", yearly="02-29")
    found = rule.occurrences(D(2026, 1, 1), D(2028, 12, 31))
    assert found == [D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 29)]
    assert DeadlineDef(title="读书日", yearly="4-10").yearly == "04-10"


@pytest.mark.parametrize(
    "rules",
    [{}, {"due": D(2026, 1, 1), "monthly": 5}, {"monthly": 5, "yearly": "04-23"}],
    ids=["none", "due-and-monthly", "monthly-and-yearly"],
)
def test_exactly_one_rule(rules: dict[str, object]) -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        DeadlineDef(title="x", **rules)


@pytest.mark.parametrize("bad", ["02-30", "13-01", "4/23", "0423"])
def test_yearly_must_be_a_real_month_and_day(bad: str) -> None:
    with pytest.raises(ValidationError, match="month and day"):
        DeadlineDef(title="x", yearly=bad)


def test_keys_are_stable_and_tell_occurrences_apart() -> None:
    rule = DeadlineDef(title="提交上月统计月报", monthly=5)
    again = DeadlineDef(title="提交上月统计月报", monthly=5, remind=(1,))
    assert rule.key(D(2026, 12, 5)) == again.key(D(2026, 12, 5)) == rule.key(D(2026, 12, 5))
    assert rule.key(D(2026, 12, 5)) != rule.key(D(2027, 1, 5))
    assert rule.key(D(2026, 12, 5)) != DeadlineDef(title="年报", monthly=5).key(D(2026, 12, 5))


@pytest.mark.parametrize(
    ("entry", "field", "problem"),
    [
        ('monthly = 5\nbranches = ["mian"]', "deadlines[0].branches[0]",
         'unknown branch "mian" (did you mean "main"?)'),
        ('monthly = 5\nyearly = "04-23"', "deadlines[0]", 'exactly one of "due", "monthly"'),
        ("monthly = 32", "deadlines[0].monthly", "at most 31"),
        ('due = 2026-12-15\nremind = [61]', "deadlines[0].remind[0]", "60"),
    ],
    ids=["bad-branch", "two-rules", "bad-day", "remind-too-early"],
)  # fmt: skip
def test_bad_deadline_entries_are_named(entry: str, field: str, problem: str) -> None:
    with pytest.raises(OrgError) as caught:
        parse_org(f'{HEAD}\n[[deadlines]]\ntitle = "月报"\n{entry}\n')
    assert caught.value.field == field
    assert problem in caught.value.problem


def test_the_sample_organisation_declares_its_deadlines() -> None:
    org = load_sample_org()
    by_title = {d.title: d for d in org.deadlines}
    assert by_title["提交上月统计月报"].monthly == 5
    assert by_title["4·23 世界读书日活动方案"].remind == (14, 7, 3, 1, 0)
    assert by_title["年度评估定级自评材料"].branches == ("main", "jingshan", "donghuamen")
    assert org.schedule.deadline_reminders == (3, 1, 0)


TODAY = D(2026, 11, 19)


@pytest.mark.parametrize(
    ("text", "due", "rest"),
    [
        ("2026-12-05 提交月报", D(2026, 12, 5), "提交月报"),
        ("2026/12/05 提交月报", D(2026, 12, 5), "提交月报"),
        ("12-05 提交月报", D(2026, 12, 5), "提交月报"),
        ("12月5日 #角楼 提交", D(2026, 12, 5), "#角楼 提交"),
        ("12月5号 提交", D(2026, 12, 5), "提交"),
        ("2026年12月5日 提交", D(2026, 12, 5), "提交"),
        ("１２月５日提交", D(2026, 12, 5), "提交"),
        ("11月19日 今天的", TODAY, "今天的"),
        ("3月1日 明年的", D(2027, 3, 1), "明年的"),  # no year: the next one
        ("2月29日 闰日", D(2028, 2, 29), "闰日"),
        ("2025-12-05 去年的", D(2025, 12, 5), "去年的"),  # a year given is kept
    ],
)
def test_due_dates_as_written_in_chat(text: str, due: dt.date, rest: str) -> None:
    assert read_due(text, TODAY) == (due, rest)


@pytest.mark.parametrize("text", ["提交月报 12月5日", "2026-02-30 x", "13月1日 x", "5 x", ""])
def test_not_a_due_date(text: str) -> None:
    assert read_due(text, TODAY)[0] is None
