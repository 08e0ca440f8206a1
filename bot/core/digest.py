"""The weekly digest's content: the week against the week before, the year against the
plan, the branches ahead of their pace and behind it, those without targets against last
year, missing days, events. Pure: figures in, digest out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.core.deadlines.outcomes import DeadlineDigest
from bot.core.progress import MetricProgress, Pace, metric_progress, over_service

TOP = 3  # branches shown ahead of pace, and behind it
APART = 10  # branches without targets listed by name; the rest are counted
TITLES = 5  # event titles shown
WEEKS_CHARTED = 8  # weeks in the digest's second chart


@dataclass(frozen=True, slots=True)
class WeekFigure:
    """One key metric: the week, the week before, and the year so far."""

    metric: str
    week: int  # a flow's total for the week; a level's value at the week's end
    previous: int
    progress: MetricProgress
    week_year_ago: int | None = None  # 同比: the same weeks last year, where it has figures
    year_ago: int | None = None  # 同比: 1 January to the same date last year

    @property
    def change(self) -> float | None:
        """Relative change against the week before (None when that week had nothing)."""
        return (self.week - self.previous) / self.previous if self.previous else None

    @property
    def week_change_year_ago(self) -> float | None:
        """The week against the same week last year (None where last year has none)."""
        return _change(self.week, self.week_year_ago)

    @property
    def year_change_year_ago(self) -> float | None:
        """The year so far against the same period last year."""
        return _change(self.progress.value, self.year_ago)


def _change(now: int, then: int | None) -> float | None:
    return (now - then) / then if then else None


@dataclass(frozen=True, slots=True)
class WeeklyTotals:
    """A key metric's organisation total in each of the weeks charted, oldest first."""

    metric: str
    totals: tuple[int, ...]


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

    @property
    def status(self) -> str:
        """As a progress row's: ``ahead``, ``close`` (within 10 % of pace), ``behind``."""
        if self.ahead:
            return "ahead"
        return "close" if self.attainment >= 0.9 * self.pace else "behind"

    @property
    def margin(self) -> float:
        """Percentage points ahead of the pace (below 0: behind it)."""
        return self.attainment - self.pace


@dataclass(frozen=True, slots=True)
class YearOnYear:
    """A metric's year so far at a branch, and the same period last year where it has it."""

    metric: str
    value: int
    year_ago: int | None

    @property
    def change(self) -> float | None:
        return _change(self.value, self.year_ago)


@dataclass(frozen=True, slots=True)
class Untargeted:
    """A branch in service with no allocated target: never ranked against a pace, shown
    against its own last year instead."""

    code: str
    name: str
    figures: tuple[YearOnYear, ...]


@dataclass(frozen=True, slots=True)
class MissingDays:
    """Open days of the week on which a branch reported nothing."""

    code: str
    name: str
    days: tuple[dt.date, ...]


@dataclass(frozen=True, slots=True)
class EventsHeld:
    """The week's events counted as the catalogue and ``/year`` count them: ``events``
    (活动场次) and, apart from them, ``online_events`` (线上活动场次)."""

    count: int  # the ``events`` figures: what the 活动场次 row of the digest shows
    online: int  # ``online_events``, never added into ``count``
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
    leading: tuple[BranchScore, ...]  # ahead of their pace, furthest ahead first
    lagging: tuple[BranchScore, ...]  # behind it, furthest behind first
    missing: tuple[MissingDays, ...]
    events: EventsHeld
    deadlines: DeadlineDigest = field(default_factory=DeadlineDigest)  # as of ``end``
    prorated: tuple[ProratedAllocation, ...] = ()
    weeks: tuple[dt.date, ...] = ()  # the Mondays charted, oldest first, this week last
    weekly: tuple[WeeklyTotals, ...] = ()  # the key counts over ``weeks``
    ranked: int = 0  # branches scored against their pace
    untargeted: tuple[Untargeted, ...] = ()  # in service with no allocation, file order
    gaps: int = 0  # days of the week on which an open branch reported nothing
    gaps_before: int = 0  # the same, the week before (its figures are the change's base)


@dataclass(frozen=True, slots=True)
class BranchYear:
    """One branch's year so far, to score: its own figures, its allocation, and where pace
    puts each metric by now over the days it serves (``expected_share``, shared by every
    branch with the same service window)."""

    code: str
    name: str
    values: Mapping[str, int]
    targets: Mapping[str, int]
    shares: Mapping[str, float]
    bases: Mapping[str, int] = field(default_factory=dict)  # a level's value on 1 January


def expected_share(
    metric: str,
    stock: bool,
    day: dt.date,
    pace: Pace | None,
    window: tuple[dt.date, dt.date] | None,
) -> float:
    """The share of the year's target pace expects by the end of ``day``, over a branch's
    service ``window`` (None: all year). Worked out once per metric and window."""
    row = metric_progress(metric, 0, None, day, pace, stock=stock)
    return (over_service(row, pace, day, *window) if window else row).expected_share


def branch_scores(branches: Iterable[BranchYear]) -> list[BranchScore]:
    """Branches with at least one allocated target, strongest first: the mean of value /
    target over those metrics, against the mean of where pace puts them."""
    scores = []
    for b in branches:
        attainment = pace = 0.0
        counted = 0
        values, shares, bases = b.values, b.shares, b.bases
        for metric, target in b.targets.items():
            share = shares.get(metric)
            if not target or share is None:
                continue
            base = bases.get(metric, 0)
            attainment += values.get(metric, 0) / target
            pace += (base + (target - base) * share) / target
            counted += 1
        if counted:
            score = BranchScore(b.code, b.name, attainment / counted, pace / counted, counted)
            scores.append(score)
    scores.sort(key=lambda s: (-s.attainment, s.code))
    return scores


def weekly_totals(
    metrics: Sequence[str], weeks: Sequence[dt.date], days: Mapping[str, Mapping[dt.date, int]]
) -> tuple[WeeklyTotals, ...]:
    """Each metric's daily organisation totals summed into the weeks starting ``weeks``."""
    found = []
    for metric in metrics:
        totals = [0] * len(weeks)
        for day, value in days.get(metric, {}).items():
            index = (day - weeks[0]).days // 7
            if 0 <= index < len(weeks):
                totals[index] += value
        found.append(WeeklyTotals(metric, tuple(totals)))
    return tuple(found)


def leading_and_lagging(
    scores: Sequence[BranchScore], top: int = TOP
) -> tuple[tuple[BranchScore, ...], tuple[BranchScore, ...]]:
    """By pace, not by attainment: the ``top`` furthest ahead of their pace (only branches
    ahead of it), and the ``top`` furthest behind it (only branches behind it). A branch
    behind its pace is never leading, however high its attainment."""
    ahead = sorted((s for s in scores if s.ahead), key=lambda s: (-s.margin, s.code))
    behind = sorted((s for s in scores if not s.ahead), key=lambda s: (s.margin, s.code))
    return tuple(ahead[:top]), tuple(behind[:top])


def within(missing: Iterable[MissingDays], start: dt.date, end: dt.date) -> tuple[MissingDays, ...]:
    """``missing`` cut to the days from ``start`` to ``end``, most days first."""
    cut = [MissingDays(m.code, m.name, tuple(d for d in m.days if start <= d <= end))
           for m in missing]  # fmt: skip
    cut = [m for m in cut if m.days]
    cut.sort(key=lambda m: (-len(m.days), m.code))
    return tuple(cut)


def gap_days(missing: Iterable[MissingDays], start: dt.date, end: dt.date) -> int:
    """The days from ``start`` to ``end`` on which at least one open branch reported
    nothing: the days whose totals are short."""
    return len({d for m in missing for d in m.days if start <= d <= end})


def missing_days(
    branches: Iterable[tuple[str, str]],
    days: Sequence[dt.date],
    is_closed: Callable[[str, dt.date], bool],
    reported: Mapping[str, set[dt.date]],
    closures: Mapping[str, set[dt.date]],
) -> tuple[MissingDays, ...]:
    """Branches (code, name) with open days that have no figure and no closure notice.

    Whether a day is open is asked last, of the few days without figures: asked of every
    branch's every day, it took a third of a 3,000-branch digest's time.
    """
    result = []
    for code, name in branches:
        held, closed = reported.get(code, ()), closures.get(code, ())
        gaps = tuple(
            d for d in days if d not in held and d not in closed and not is_closed(code, d)
        )
        if gaps:
            result.append(MissingDays(code, name, gaps))
    result.sort(key=lambda m: (-len(m.days), m.code))
    return tuple(result)
