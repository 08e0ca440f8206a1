"""Is a figure believable for this branch? Judged against the branch's own recent days."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from enum import Enum

MIN_HISTORY = 5  # days of the branch's own figures before we judge by them
UNUSUAL_RATIO = 3.0  # this many times the usual (or a fifth of it): ask before storing
IMPLAUSIBLE_RATIO = 10.0  # this many times the usual: most likely a slip of the keyboard
MIN_USUAL = 20  # below this the usual level is too small for ratios to mean much


class Verdict(Enum):
    OK = "ok"
    UNUSUAL = "unusual"
    IMPLAUSIBLE = "implausible"


@dataclass(frozen=True, slots=True)
class Assessment:
    metric: str
    value: int
    verdict: Verdict
    usual: int | None  # the branch's typical value (median), when known


def assess(metric: str, value: int, history: list[int]) -> Assessment:
    """Compare ``value`` with the median of the branch's recent values of the metric."""
    if len(history) < MIN_HISTORY:
        return Assessment(metric, value, Verdict.OK, None)
    usual = round(statistics.median(history))
    if usual < MIN_USUAL:
        ceiling = max(MIN_USUAL, *history) * UNUSUAL_RATIO
        verdict = Verdict.UNUSUAL if value > ceiling else Verdict.OK
        return Assessment(metric, value, verdict, usual)
    ratio = value / usual
    if ratio >= IMPLAUSIBLE_RATIO:
        verdict = Verdict.IMPLAUSIBLE
    elif ratio >= UNUSUAL_RATIO or ratio <= 1 / (UNUSUAL_RATIO + 2):
        verdict = Verdict.UNUSUAL
    else:
        verdict = Verdict.OK
    return Assessment(metric, value, verdict, usual)
