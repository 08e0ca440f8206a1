"""bot.core.plausibility: a figure judged against the branch's own recent days."""

from __future__ import annotations

from bot.core.plausibility import Verdict, assess

USUAL_400 = [380, 400, 420, 390, 410, 400]


def test_without_five_days_of_history_nothing_is_judged() -> None:
    judged = assess("visitors", 99999, [400, 410, 390, 405])
    assert judged.verdict is Verdict.OK and judged.usual is None


def test_values_are_judged_against_the_median() -> None:
    assert assess("visitors", 900, USUAL_400).verdict is Verdict.OK
    assert assess("visitors", 1200, USUAL_400).verdict is Verdict.UNUSUAL  # 3× the usual
    assert assess("visitors", 70, USUAL_400).verdict is Verdict.UNUSUAL  # under a fifth
    implausible = assess("visitors", 4000, USUAL_400)
    assert implausible.verdict is Verdict.IMPLAUSIBLE and implausible.usual == 400


def test_small_usual_levels_are_judged_against_the_largest_day() -> None:
    few = [2, 3, 1, 0, 4, 2]
    assert assess("events", 60, few).verdict is Verdict.OK  # 3 × max(20, 4)
    assert assess("events", 61, few).verdict is Verdict.UNUSUAL


def test_ten_times_the_usual_is_still_only_a_question() -> None:
    judged = assess("visitors", 4000, USUAL_400)
    assert judged.verdict is not Verdict.OK  # the service asks; nothing refuses outright


def test_before_history_the_plan_share_is_the_expectation() -> None:
    daily = 8000 / 365  # a whole-year allocation of 8,000 spread over open days
    day_one = assess("visitors", 36500, [], expected=daily)
    assert day_one.verdict is Verdict.UNUSUAL and day_one.usual == 22
    assert assess("visitors", 219, [], expected=daily).verdict is Verdict.OK  # < 10 × 22
    assert assess("visitors", 3, [], expected=daily).verdict is Verdict.OK  # a slow start
    assert assess("visitors", 36500, [400, 410], expected=None).verdict is Verdict.OK


def test_history_outweighs_the_plan_once_there_is_enough() -> None:
    assert assess("visitors", 1200, USUAL_400, expected=10_000).verdict is Verdict.UNUSUAL
