"""The digest's choices: strongest and weakest branches, missing days, week-on-week change."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.digest import (
    BranchScore,
    WeekFigure,
    branch_scores,
    missing_days,
    strongest_and_weakest,
)
from bot.core.progress import metric_progress

DAY = dt.date(2026, 7, 2)  # linear pace 183/365


def score(code: str, attainment: float) -> BranchScore:
    return BranchScore(code, code.upper(), attainment, 0.5, 1)


def test_branch_scores_average_the_targeted_metrics_and_skip_untargeted_branches() -> None:
    standings = {
        "a": [("甲", metric_progress("visitors", 60, 100, DAY)),
              ("甲", metric_progress("loans", 20, 100, DAY))],
        "b": [("乙", metric_progress("visitors", 70, 100, DAY)),
              ("乙", metric_progress("loans", 5, None, DAY))],
        "c": [("丙", metric_progress("visitors", 900, None, DAY))],
    }  # fmt: skip
    scores = branch_scores(standings)
    assert [s.code for s in scores] == ["b", "a"]
    assert scores[0].attainment == pytest.approx(0.7) and scores[0].metrics == 1
    assert scores[1].attainment == pytest.approx(0.4) and scores[1].metrics == 2
    assert scores[1].pace == pytest.approx(183 / 365)
    assert scores[0].ahead and not scores[1].ahead


@pytest.mark.parametrize(
    ("count", "strong", "weak"),
    [(8, "abc", "fgh"), (6, "abc", "def"), (4, "abc", "d"), (3, "abc", ""), (0, "", "")],
)
def test_strongest_and_weakest_never_overlap(count: int, strong: str, weak: str) -> None:
    scores = [score(c, 1 - i / 10) for i, c in enumerate("abcdefgh"[:count])]
    strongest, weakest = strongest_and_weakest(scores)
    assert "".join(s.code for s in strongest) == strong
    assert "".join(s.code for s in weakest) == weak


def test_missing_days_skip_closing_days_closure_notices_and_reported_days() -> None:
    week = [dt.date(2026, 11, 16) + dt.timedelta(days=i) for i in range(7)]  # Mon–Sun
    closed_mondays = {"main"}
    missing = missing_days(
        [("main", "总馆"), ("jiaolou", "角楼"), ("jixiang", "吉祥")],
        week,
        lambda code, day: code in closed_mondays and day.weekday() == 0,
        {"main": set(week[1:]), "jiaolou": set(week[:5])},
        {"jiaolou": {week[5]}},
    )
    assert [(m.code, m.days) for m in missing] == [
        ("jixiang", tuple(week)),
        ("jiaolou", (week[6],)),
    ]


def test_week_on_week_change() -> None:
    row = metric_progress("visitors", 1, 2, DAY)
    assert WeekFigure("visitors", 110, 100, row).change == pytest.approx(0.1)
    assert WeekFigure("visitors", 90, 100, row).change == pytest.approx(-0.1)
    assert WeekFigure("visitors", 90, 0, row).change is None
