"""Is a figure believable for this branch? Judged against the branch's own recent days,
or, before it has enough of them, against what its allocation of the annual plan expects."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from enum import Enum

MIN_HISTORY = 5  # days of the branch's own figures before we judge by them
UNUSUAL_RATIO = 3.0  # this many times the usual (or a fifth of it): ask before storing
IMPLAUSIBLE_RATIO = 10.0  # this many times the usual: most likely a slip of the keyboard
PLAN_RATIO = 10.0  # before there is history: this many times the plan's daily share
MIN_USUAL = 20  # below this the usual level is too small for ratios to mean much


class Verdict(Enum):
    OK = "ok"
    UNUSUAL = "unusual"
    IMPLAUSIBLE = "implausible"  # asked about like an unusual value, never refused


@dataclass(frozen=True, slots=True)
class Assessment:
    metric: str
    value: int
    verdict: Verdict
    usual: int | None  # the branch's typical (or expected) daily value, when known


def assess(
    metric: str, value: int, history: list[int], expected: float | None = None
) -> Assessment:
    """Compare ``value`` with the median of the branch's recent values of the metric.

    With fewer than ``MIN_HISTORY`` days, ``expected`` (a daily value derived from the
    branch's allocation) stands in for the median. It is only an average share of a plan
    (busy days easily triple it, a new branch starts slowly), so only values ``PLAN_RATIO``
    times above it are questioned.
    Without either, nothing is judged.
    """
    if len(history) < MIN_HISTORY:
        if expected is None:
            return Assessment(metric, value, Verdict.OK, None)
        ceiling = max(MIN_USUAL, expected) * PLAN_RATIO
        verdict = Verdict.UNUSUAL if value >= ceiling else Verdict.OK
        return Assessment(metric, value, verdict, round(expected))
    usual = round(statistics.median(history))
    if usual < MIN_USUAL:
        ceiling = max(MIN_USUAL, *history) * UNUSUAL_RATIO
        verdict = Verdict.UNUSUAL if value > ceiling else Verdict.OK
        return Assessment(metric, value, verdict, usual)
    if value <= usual / (UNUSUAL_RATIO + 2):
        return Assessment(metric, value, Verdict.UNUSUAL, usual)
    return Assessment(metric, value, _above(value, usual * UNUSUAL_RATIO, usual), usual)


def _above(value: int, ceiling: float, usual: int) -> Verdict:
    if usual > 0 and value >= usual * IMPLAUSIBLE_RATIO:
        return Verdict.IMPLAUSIBLE
    return Verdict.UNUSUAL if value >= ceiling else Verdict.OK
