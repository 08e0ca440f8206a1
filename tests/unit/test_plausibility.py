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
