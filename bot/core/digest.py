"""The weekly digest's content: the week against the week before, the year against the
plan, the branches that carry or lag it, missing days, events. Pure: figures in, digest out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.core.deadlines.outcomes import DeadlineDigest
from bot.core.progress import MetricProgress

TOP = 3  # strongest and weakest branches shown
TITLES = 5  # event titles shown


@dataclass(frozen=True, slots=True)
class WeekFigure:
    """One key metric: the week, the week before, and the year so far."""

    metric: str
    week: int  # a flow's total for the week; a level's value at the week's end
    previous: int
    progress: MetricProgress

    @property
    def change(self) -> float | None:
        """Relative change against the week before (None when that week had nothing)."""
        return (self.week - self.previous) / self.previous if self.previous else None


@dataclass(frozen=True, slots=True)
class BranchScore:
    """A branch's mean attainment over the metrics allocated to it, against the pace."""

    code: str
    name: str
    attainment: float
    pace: float
    metrics: int

    @property
    def ahead(self) -> bool:
        return self.attainment >= self.pace


@dataclass(frozen=True, slots=True)
class MissingDays:
    """Open days of the week on which a branch reported nothing."""

    code: str
    name: str
    days: tuple[dt.date, ...]


@dataclass(frozen=True, slots=True)
class EventsHeld:
    count: int
    participants: int
    titles: tuple[tuple[str, str], ...]  # (title, branch name)


@dataclass(frozen=True, slots=True)
class ProratedAllocation:
    """A branch whose allocation the plan prorates (``prorate = true``): it is in service
    from ``start`` to ``end`` only, ``share`` of the year's open days."""

    name: str
    share: float
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything the weekly digest says."""

    organisation: str
    week: str  # 2026-W47
    start: dt.date
    end: dt.date
    figures: tuple[WeekFigure, ...]
    strongest: tuple[BranchScore, ...]
    weakest: tuple[BranchScore, ...]
    missing: tuple[MissingDays, ...]
    events: EventsHeld
    deadlines: DeadlineDigest = field(default_factory=DeadlineDigest)  # as of ``end``
    prorated: tuple[ProratedAllocation, ...] = ()


def branch_scores(
    standings: Mapping[str, Iterable[tuple[str, MetricProgress]]],
) -> list[BranchScore]:
    """Branches with at least one allocated target, strongest first.

    ``standings`` maps branch code to (branch name, progress) for each metric.
    """
    scores = []
    for code, standing in standings.items():
        rows = list(standing)
        targeted = [p for _, p in rows if p.attainment is not None]
        if not targeted:
            continue
        attainment = sum(p.attainment or 0.0 for p in targeted) / len(targeted)
        pace = sum(p.expected_attainment or 0.0 for p in targeted) / len(targeted)
        scores.append(BranchScore(code, rows[0][0], attainment, pace, len(targeted)))
    scores.sort(key=lambda s: (-s.attainment, s.code))
    return scores


def strongest_and_weakest(
    scores: Sequence[BranchScore], top: int = TOP
) -> tuple[tuple[BranchScore, ...], tuple[BranchScore, ...]]:
    """The ``top`` strongest, and the ``top`` weakest of the rest (weakest last)."""
    strongest = tuple(scores[:top])
    weakest = tuple(scores[max(len(strongest), len(scores) - top) :])
    return strongest, weakest


def missing_days(
    branches: Iterable[tuple[str, str]],
    days: Sequence[dt.date],
    is_closed: Callable[[str, dt.date], bool],
    reported: Mapping[str, set[dt.date]],
    closures: Mapping[str, set[dt.date]],
) -> tuple[MissingDays, ...]:
    """Branches (code, name) with open days that have no figure and no closure notice."""
    result = []
    for code, name in branches:
        gaps = tuple(
            d
            for d in days
            if not is_closed(code, d)
            and d not in reported.get(code, ())
            and d not in closures.get(code, ())
        )
        if gaps:
            result.append(MissingDays(code, name, gaps))
    result.sort(key=lambda m: (-len(m.days), m.code))
    return tuple(result)
