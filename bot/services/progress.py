"""The year so far against the plan: the organisation, one metric's branches, one branch.

Figures count through the *as-of* day: today once the daily figures are due
(``report_due``), yesterday before that, so half-reported days are not judged against a
whole day's pace. Managers see everything; staff see their own branches.

同比 (the same period last year) is shown where last year has it: the scope's figure from
1 January to the same date last year is above 0 and, for a count over days, the
organisation's records of it last year begin by 7 January — a year the bot joined midway
is not compared as if whole. A level compares with its level at the same date last year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.clock import OrgClock
from bot.core.last_year import LastYear
from bot.core.metrics import Metric
from bot.core.org import Organisation
from bot.core.outcomes import BranchStanding, ProgressQuery, ProgressView, RankingView
from bot.core.progress import MetricProgress, Pace, metric_progress, over_service
from bot.core.ranking import FULL_LIST_MAX, excerpt, rank_key
from bot.core.year_ago import year_to_date_year_ago
from storage import TotalsRepo
from storage.models import Person

Levels = dict[tuple[str, dt.date, dt.date | None], dict[str, int]]
"""Levels read ahead: (metric, on or before, after) -> each branch's latest value."""

RECORDS_BEGIN_BY = 7  # of January: last year's records start this early, or no 同比


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose figures count: every branch (``branches is None``) or some."""

    name: str
    branches: tuple[str, ...] | None
    parts: tuple[str, ...] = ()  # names of the sub-branches a branch view includes


class ProgressService:
    """Year-to-date figures against the annual plan."""

    def __init__(self, totals: TotalsRepo, org: Organisation, clock: OrgClock) -> None:
        self._totals = totals
        self._org = org
        self._clock = clock
        self._catalogue = org.catalogue()
        self._paces: dict[int, tuple[dt.date, dict[str, Pace]]] = {}
        self._last_year: dict[int, LastYear] = {}  # the year before each year paced

    def as_of(self) -> dt.date:
        """The last day whose figures are due by now, in the organisation's time zone."""
        return self._clock.due_through(self._org.schedule.report_due)

    def scope_of(self, person: Person) -> Scope:
        """Managers and admins: the organisation; staff: their branches."""
        if person.role != "staff":
            return self.organisation_scope()
        codes = tuple(dict.fromkeys(c for b in person.branches for c in self.subtree(b)))
        return Scope("、".join(self._org.branch(b).name for b in person.branches), codes)

    def organisation_scope(self) -> Scope:
        """Every branch."""
        return Scope(self._org.org.name, None)

    def subtree(self, code: str) -> list[str]:
        """A branch and the branches under it; the top of the tree stands for itself only,
        since with everything under it it would be the whole organisation."""
        if self._org.branch(code).parent is None:
            return [code]
        return self._org.descendants(code)

    def branch_scope(self, code: str) -> Scope:
        """One branch with the branches under it."""
        codes = self.subtree(code)
        parts = tuple(self._org.branch(c).name for c in codes[1:])
        return Scope(self._org.branch(code).name, tuple(codes), parts)

    def may_see(self, person: Person, code: str) -> bool:
        """Staff see only their own branches (and those under them)."""
        scope = self.scope_of(person)
        return scope.branches is None or code in scope.branches

    async def answer(
        self, person: Person, words: str
    ) -> ProgressView | RankingView | ProgressQuery:
        """``/progress [metric|branch]``: the overview, a metric's branches, or one branch."""
        if not words.strip():
            return await self.overview(person)
        metric = self._catalogue.find(words)
        if metric is not None:
            return await self.ranking(person, metric)
        branch = self._org.resolve_branch(words)
        if branch is None:
            return ProgressQuery(words.strip())
        if not self.may_see(person, branch.code):
            return ProgressQuery(words.strip(), refused_branch=True)
        return await self.view(self.branch_scope(branch.code), self.as_of())

    async def overview(self, person: Person, day: dt.date | None = None) -> ProgressView:
        """Every metric with a target or a figure, for the person's scope."""
        return await self.view(self.scope_of(person), day or self.as_of())

    async def view(self, scope: Scope, day: dt.date, levels: Levels | None = None) -> ProgressView:
        """Every metric with a target or a figure in ``scope`` at the end of ``day``;
        ``levels``: read ahead (:meth:`read_levels`), at least at :meth:`level_points`."""
        known = levels or {}
        targets = self.targets(day.year, scope.branches)
        values, bases = await self._values(list(self._catalogue), day, scope.branches, known)
        paces = await self.paces(day.year)
        year_ago = await self.year_ago(list(self._catalogue), day, scope.branches, known)
        alone = scope.branches[0] if scope.branches and len(scope.branches) == 1 else None
        rows = [
            self._row(
                m,
                values.get(m.code, 0),
                targets.get(m.code),
                day,
                paces,
                bases.get(m.code, 0),
                alone,
            )
            for m in self._catalogue
            if m.code in targets or values.get(m.code)
        ]
        shown = {row.metric for row in rows}
        year_ago = {m: v for m, v in year_ago.items() if m in shown}
        return ProgressView(scope.name, day, rows, scope.parts, year_ago)

    async def ranking(
        self, person: Person, metric: Metric, day: dt.date | None = None
    ) -> RankingView:
        """Branches ranked by attainment of one metric (by value where none has a target),
        under the scope's own figure against its target; a long ranking with an excerpt of
        it for one message (the top and bottom, the person's own branches, the median)."""
        day = day or self.as_of()
        scope = self.scope_of(person)
        standings = await self.standings([metric], day, scope.branches)
        rows = [s[metric.code] for s in standings.values()]
        total = sum(r.progress.value for r in rows)
        base = sum(r.progress.base for r in rows)
        target = self.targets(day.year, scope.branches).get(metric.code)
        system = self._row(metric, total, target, day, await self.paces(day.year), base)
        year_ago = await self.year_ago([metric], day, scope.branches)
        rows = [
            BranchStanding(r.code, r.name, r.progress, r.progress.value / total if total else None)
            for r in rows
            if r.progress.value or r.progress.target
        ]
        rows.sort(key=rank_key)
        own = {code: self._org.branch(code).name for code in person.branches}
        cut = excerpt(rows, own) if len(rows) > FULL_LIST_MAX else None
        return RankingView(
            metric.code, day, scope.name, rows, total, system, year_ago.get(metric.code), cut
        )

    def level_points(self, day: dt.date) -> list[tuple[dt.date, dt.date | None]]:
        """The (end, after) at which :meth:`view` reads the levels for ``day``."""
        new_year = dt.date(day.year, 1, 1) - dt.timedelta(days=1)
        return [(day, None), (new_year, None), (year_to_date_year_ago(day)[1], None)]

    async def read_levels(self, points: Sequence[tuple[dt.date, dt.date | None]]) -> Levels:
        """Every level metric at each (end, after) of ``points``: one read per metric."""
        points = list(dict.fromkeys(points))
        found: Levels = {}
        for m in self._catalogue:
            if m.kind == "stock":
                read = await self._totals.levels_at(m.code, points)
                found.update(
                    ((m.code, end, after), v) for (end, after), v in zip(points, read, strict=True)
                )
        return found

    async def _level(
        self, metric: str, end: dt.date, known: Levels, after: dt.date | None = None
    ) -> dict[str, int]:
        found = known.get((metric, end, after))
        if found is None:
            found = await self._totals.latest_levels(metric, end, after)
        return found

    async def year_ago(
        self,
        metrics: Sequence[Metric],
        day: dt.date,
        branches: Sequence[str] | None,
        known: Levels | None = None,
    ) -> dict[str, int]:
        """同比: each metric's figure in ``branches`` (None: all) from 1 January last year to
        ``day``'s date last year — a level's at that date — where last year has one.

        The organisation's counts come from the rows read with the year's pace, some
        branches' from one range total; a level costs one read.
        """
        start, end = year_to_date_year_ago(day)
        flow = [m.code for m in metrics if m.kind == "flow"]
        await self.paces(day.year)
        last = self._last_year[day.year]
        if branches is None:
            values = {code: last.through(code, end) for code in flow}
        else:
            values = await self._sum_totals(flow, start, end, branches)
        keep = set(branches) if branches is not None else None
        for m in metrics:
            if m.kind == "stock":
                levels = await self._level(m.code, end, known or {})
                values[m.code] = sum(v for b, v in levels.items() if keep is None or b in keep)
        recorded = last.recorded_from
        begun = start + dt.timedelta(days=RECORDS_BEGIN_BY - 1)
        return {
            code: value
            for code, value in values.items()
            if value > 0 and (code not in flow or recorded.get(code, dt.date.max) <= begun)
        }

    async def standings(
        self, metrics: Sequence[Metric], day: dt.date, branches: Iterable[str] | None = None
    ) -> dict[str, dict[str, BranchStanding]]:
        """Each branch's own year-to-date of ``metrics`` against its own allocation."""
        codes = [b.code for b in self._org.branches] if branches is None else list(branches)
        paces = await self.paces(day.year)
        flow = [m.code for m in metrics if m.kind == "flow"]
        totals = await self._totals.branch_totals(flow, dt.date(day.year, 1, 1), day, codes)
        levels = {m.code: await self._levels(m.code, day) for m in metrics if m.kind == "stock"}
        # the pace at ``day`` once per metric and service window (most branches: all year)
        judged: dict[tuple[str, tuple[dt.date, dt.date] | None], MetricProgress] = {}
        result: dict[str, dict[str, BranchStanding]] = {}
        for code in codes:
            name = self._org.branch(code).name
            allocation = self._org.allocation(code, day.year)
            window = self._org.service_window(code, day.year)
            own = totals.get(code, {})
            per: dict[str, BranchStanding] = {}
            for m in metrics:
                if m.kind == "stock":
                    value, base = levels[m.code][0].get(code, 0), levels[m.code][1].get(code, 0)
                else:
                    value, base = own.get(m.code, 0), 0
                pace = judged.get((m.code, window))
                if pace is None:
                    pace = judged[m.code, window] = self._row(m, 0, None, day, paces, 0, code)
                row = pace.with_figures(value, allocation.get(m.code), base)
                per[m.code] = BranchStanding(code, name, row, None)
            result[code] = per
        return result

    def targets(self, year: int, branches: Sequence[str] | None) -> dict[str, int]:
        """The plan for the organisation, or the sum of the branches' allocations."""
        plan = self._org.targets_for(year)
        if plan is None:
            return {}
        if branches is None:
            return plan.metrics
        targets: dict[str, int] = {}
        for branch in branches:
            for metric, value in self._org.allocation(branch, year).items():
                targets[metric] = targets.get(metric, 0) + value
        return targets

    async def paces(self, year: int) -> dict[str, Pace]:
        """Each metric's pace for ``year``, shaped by the year before where it is complete;
        the year before's running totals (:class:`LastYear`) are kept from the same rows.

        Computed once a day: last year's figures hardly change.
        """
        today = self._clock.today()
        cached = self._paces.get(year)
        if cached is not None and cached[0] == today:
            return cached[1]
        last = year - 1
        flow = [m.code for m in self._catalogue if m.kind == "flow"]  # a level grows linearly
        daily = await self._totals.organisation_days(
            flow, dt.date(last, 1, 1), dt.date(last, 12, 31)
        )
        spans: dict[str, list[tuple[dt.date, dt.date, int]]] = {}
        for lump in await self._totals.month_totals(
            flow, dt.date(last, 1, 1), dt.date(last, 12, 31)
        ):
            spans.setdefault(lump.metric, []).append(
                (lump.months.start, lump.months.end, lump.total)
            )
        paces = {
            code: Pace.from_last_year(days, last, spans.get(code, ()))
            for code, days in daily.items()
        }
        self._paces[year] = (today, paces)
        self._last_year[year] = LastYear.of(last, daily, spans)
        return paces

    def _row(
        self,
        metric: Metric,
        value: int,
        target: int | None,
        day: dt.date,
        paces: dict[str, Pace],
        base: int,
        branch: str | None = None,
    ) -> MetricProgress:
        """``branch``: one branch's standing, judged over the days it serves this year."""
        pace = paces.get(metric.code)
        row = metric_progress(
            metric.code, value, target, day, pace, stock=metric.kind == "stock", base=base,
        )  # fmt: skip
        window = self._org.service_window(branch, day.year) if branch else None
        return over_service(row, pace, day, *window) if window else row

    async def _values(
        self,
        metrics: Sequence[Metric],
        day: dt.date,
        branches: Sequence[str] | None,
        known: Levels | None = None,
    ) -> tuple[dict[str, int], dict[str, int]]:
        """Year-to-date per metric, and each level's value when the year began."""
        flow = [m.code for m in metrics if m.kind == "flow"]
        values = await self._sum_totals(flow, dt.date(day.year, 1, 1), day, branches)
        bases: dict[str, int] = {}
        for m in metrics:
            if m.kind == "stock":
                now, then = await self._levels(m.code, day, known or {})
                keep = set(branches) if branches is not None else None
                values[m.code] = sum(v for b, v in now.items() if keep is None or b in keep)
                bases[m.code] = sum(v for b, v in then.items() if keep is None or b in keep)
        return values, bases

    async def _sum_totals(
        self, flow: Sequence[str], start: dt.date, end: dt.date, branches: Sequence[str] | None
    ) -> dict[str, int]:
        """Each flow metric's total from ``start`` to ``end`` over ``branches`` (None: all)."""
        if branches is None:
            return await self._totals.organisation_totals(flow, start, end)
        values: dict[str, int] = {}
        per_branch = await self._totals.branch_totals(flow, start, end, branches)
        for totals in per_branch.values():
            for metric, total in totals.items():
                values[metric] = values.get(metric, 0) + total
        return values

    async def _levels(
        self, metric: str, day: dt.date, known: Levels | None = None
    ) -> tuple[dict[str, int], dict[str, int]]:
        """Each branch's level at the end of ``day`` and when the year began."""
        year_start = dt.date(day.year, 1, 1) - dt.timedelta(days=1)
        now = await self._level(metric, day, known or {})
        then = await self._level(metric, year_start, known or {})
        return now, then
