"""The digest's choices: branches ahead of and behind their pace, missing days, week-on-week
change."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.digest import (
    BranchScore,
    BranchYear,
    WeekFigure,
    branch_scores,
    expected_share,
    gap_days,
    leading_and_lagging,
    missing_days,
    weekly_totals,
    within,
)
from bot.core.progress import Pace, metric_progress, over_service

DAY = dt.date(2026, 7, 2)  # linear pace 183/365


def score(code: str, attainment: float) -> BranchScore:
    return BranchScore(code, code.upper(), attainment, 0.5, 1)


def test_branch_scores_average_the_targeted_metrics_and_skip_untargeted_branches() -> None:
    shares = {"visitors": 183 / 365, "loans": 183 / 365}
    branches = [
        BranchYear("a", "甲", {"visitors": 60, "loans": 20}, {"visitors": 100, "loans": 100},
                   shares),
        BranchYear("b", "乙", {"visitors": 70, "loans": 5}, {"visitors": 100}, shares),
        BranchYear("c", "丙", {"visitors": 900}, {}, shares),
    ]  # fmt: skip
    scores = branch_scores(branches)
    assert [s.code for s in scores] == ["b", "a"]
    assert scores[0].attainment == pytest.approx(0.7) and scores[0].metrics == 1
    assert scores[1].attainment == pytest.approx(0.4) and scores[1].metrics == 2
    assert scores[1].pace == pytest.approx(183 / 365)
    assert scores[0].ahead and not scores[1].ahead


def test_branch_scores_judge_as_a_progress_row_would() -> None:
    """A level from its value on 1 January, a branch over the days it serves: the score is
    the mean of the rows' attainment and expected attainment, without building the rows."""
    window = (dt.date(2026, 4, 1), dt.date(2026, 12, 31))  # opened in April
    pace = Pace()
    rows = [
        over_service(metric_progress("visitors", 30_000, 80_000, DAY, pace), pace, DAY, *window),
        over_service(
            metric_progress("wechat_followers", 1_300, 2_000, DAY, pace, stock=True, base=1_000),
            pace, DAY, *window,
        ),
    ]  # fmt: skip
    shares = {
        "visitors": expected_share("visitors", False, DAY, pace, window),
        "wechat_followers": expected_share("wechat_followers", True, DAY, pace, window),
    }
    branch = BranchYear(
        "x", "新馆", {"visitors": 30_000, "wechat_followers": 1_300},
        {"visitors": 80_000, "wechat_followers": 2_000}, shares, {"wechat_followers": 1_000},
    )  # fmt: skip
    [score] = branch_scores([branch])
    assert score.attainment == pytest.approx(sum(r.attainment or 0 for r in rows) / 2)
    assert score.pace == pytest.approx(sum(r.expected_attainment or 0 for r in rows) / 2)
    assert score.pace != pytest.approx(DAY.timetuple().tm_yday / 365)  # the window counts


def test_weekly_totals_sum_days_into_their_weeks() -> None:
    weeks = (dt.date(2026, 11, 2), dt.date(2026, 11, 9))
    days = {"visitors": {dt.date(2026, 11, 2): 5, dt.date(2026, 11, 8): 7,
                         dt.date(2026, 11, 9): 1, dt.date(2026, 11, 16): 99}}  # fmt: skip
    [visitors, loans] = weekly_totals(["visitors", "loans"], weeks, days)
    assert (visitors.metric, visitors.totals) == ("visitors", (12, 1))
    assert loans.totals == (0, 0)


def paced(code: str, attainment: float, pace: float) -> BranchScore:
    return BranchScore(code, code.upper(), attainment, pace, 1)


def test_leading_is_only_ahead_of_pace_and_lagging_only_behind_it() -> None:
    """Ranked by the margin over each branch's own pace, not by attainment: a branch at
    85 % behind a pace of 90 % is never leading, one at 40 % ahead of a pace of 30 % is."""
    scores = [
        paced("high_but_behind", 0.85, 0.90),
        paced("low_but_ahead", 0.40, 0.30),
        paced("just_ahead", 0.91, 0.90),
        paced("far_behind", 0.50, 0.90),
        paced("on_pace", 0.90, 0.90),
    ]
    leading, lagging = leading_and_lagging(scores)
    assert [s.code for s in leading] == ["low_but_ahead", "just_ahead", "on_pace"]
    assert [s.code for s in lagging] == ["far_behind", "high_but_behind"]
    assert all(s.status == "ahead" for s in leading)
    assert [s.status for s in lagging] == ["behind", "close"]


@pytest.mark.parametrize(("ahead", "behind"), [(0, 4), (4, 0), (5, 5), (0, 0)])
def test_leading_and_lagging_take_the_top_of_each_side(ahead: int, behind: int) -> None:
    scores = [paced(f"a{i}", 0.6 + i / 100, 0.5) for i in range(ahead)]
    scores += [paced(f"b{i}", 0.4 - i / 100, 0.5) for i in range(behind)]
    leading, lagging = leading_and_lagging(scores)
    assert [s.code for s in leading] == [f"a{i}" for i in reversed(range(ahead))][:3]
    assert [s.code for s in lagging] == [f"b{i}" for i in reversed(range(behind))][:3]


def test_gap_days_count_the_days_some_branch_missed_per_week() -> None:
    monday = dt.date(2026, 11, 16)
    days = [monday - dt.timedelta(days=7) + dt.timedelta(days=i) for i in range(14)]
    both = missing_days(
        [("a", "甲"), ("b", "乙")], days, lambda code, day: False,
        {"a": set(days[:12]), "b": set(days[:6]) | set(days[7:])}, {},
    )  # fmt: skip
    # a missed the last Saturday and Sunday; b the first Sunday
    assert gap_days(both, monday, days[-1]) == 2
    assert gap_days(both, days[0], monday - dt.timedelta(days=1)) == 1
    assert [(m.code, len(m.days)) for m in within(both, monday, days[-1])] == [("a", 2)]


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
