"""The year-end report (年报): ``/year`` and ``libbot report``.

Totals are the exports' to the unit: daily figures summed, monthly figures (opening
balances) added, a level (stock) metric's latest value of the year per branch. A year that
is over counts to 31 December; the year running counts to ``/progress``'s as-of day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from bot.core.clock import OrgClock
from bot.core.evaluation import IndicatorResult, evaluate, full_year
from bot.core.org import Organisation
from bot.core.year_ago import year_to_date_year_ago
from bot.core.year_report import BranchYear, EventsYear, EventTitleRow, MetricYear, YearReport
from bot.services.progress import ProgressService, Scope
from storage import FiguresRepo, TotalsRepo
from storage.models import Person, Totals

EVENT_METRICS = ("events", "online_events", "event_participants")


class YearReportService:
    """The year's statistics for the organisation or a person's branches."""

    def __init__(
        self,
        totals: TotalsRepo,
        figures: FiguresRepo,
        org: Organisation,
        clock: OrgClock,
        progress: ProgressService,
    ) -> None:
        self._totals = totals
        self._figures = figures
        self._org = org
        self._clock = clock
        self._progress = progress
        self._catalogue = org.catalogue()

    def this_year(self) -> int:
        """The year the report is of when none is named: the as-of day's."""
        return self._progress.as_of().year

    def as_of(self, year: int) -> dt.date:
        """The last day counted: 31 December of a year that is over, else the as-of day
        (before 1 January for a year not begun)."""
        return min(dt.date(year, 12, 31), self._progress.as_of())

    async def for_person(self, person: Person, year: int) -> YearReport:
        """Managers and admins: the organisation; staff: their branches."""
        return await self.report(year, self._progress.scope_of(person))

    async def report(self, year: int, scope: Scope | None = None) -> YearReport:
        """The year's report for ``scope`` (default: the whole organisation)."""
        scope = scope or self._progress.organisation_scope()
        start, end = dt.date(year, 1, 1), self.as_of(year)
        last_start, last_end = year_to_date_year_ago(max(end, start))
        if end < start:  # not begun: nothing to count
            return YearReport(self._org.org.name, scope.name, year, end, (last_start, last_end),
                              (), (), EventsYear(0, 0, 0), (), scope.branches is None)  # fmt: skip
        per_branch = await self.branch_totals(start, end, scope.branches)
        before = await self.branch_totals(last_start, last_end, scope.branches)
        system, previous = _sum(per_branch.values()), _sum(before.values())
        # 同比 where /progress shows it: last year has the figure, its records begun by January
        compared = await self._progress.year_ago(list(self._catalogue), end, scope.branches)
        targets = self._progress.targets(year, scope.branches)
        rows = tuple(
            MetricYear(m.code, system.get(m.code, 0), targets.get(m.code),
                       previous.get(m.code) if m.code in compared else None)
            for m in self._catalogue
            if system.get(m.code) or m.code in targets or previous.get(m.code)
        )  # fmt: skip
        closures = await self._totals.closures(start, end)
        codes = self._listed(scope.branches, per_branch)
        branches = tuple(
            self._branch_year(code, year, per_branch, closures.get(code, set())) for code in codes
        )
        indicators: tuple[IndicatorResult, ...] = ()  # a person's branches: each its own
        if scope.branches is None:
            projected = await self._projected(system, end)
            indicators = tuple(evaluate(system, self._org.basis(), self._org.evaluation, projected))
        events = await self._events(system, start, end, set(codes))
        branch_years = await self._with_indicators(branches, per_branch, end)
        return YearReport(self._org.org.name, scope.name, year, end, (last_start, last_end),
                          rows, branch_years, events, indicators,
                          scope.branches is None)  # fmt: skip

    async def branch_totals(
        self, start: dt.date, end: dt.date, branches: Sequence[str] | None = None
    ) -> Totals:
        """Each branch's totals from ``start`` to ``end``: flow metrics summed (monthly
        figures whose months end by ``end`` included), levels as the latest in the range."""
        flow = [m.code for m in self._catalogue if m.kind == "flow"]
        keep = set(branches) if branches is not None else None
        totals = await self._totals.branch_totals(flow, start, end, branches)
        if (end + dt.timedelta(days=1)).day != 1:  # a month part-counted: its monthly figures
            openings = await self._totals.monthly_totals_ending(flow, end.isoformat()[:7])
            for code, figures in openings.items():
                if keep is None or code in keep:
                    own = totals.setdefault(code, {})
                    for metric, value in figures.items():
                        own[metric] = own.get(metric, 0) + value
        for m in self._catalogue:
            if m.kind != "stock":
                continue
            levels = await self._totals.latest_levels(m.code, end, start - dt.timedelta(days=1))
            for code, value in levels.items():
                if keep is None or code in keep:
                    totals.setdefault(code, {})[m.code] = value
        return totals

    def _listed(self, branches: Sequence[str] | None, totals: Totals) -> list[str]:
        """The branches the report lists: the scope's, in file order, with those that
        have figures but are no longer in the organisation file at the end."""
        known = [b.code for b in self._org.branches]
        if branches is not None:
            return [c for c in known if c in branches]
        return known + sorted(c for c in totals if c not in set(known))

    def _branch_year(
        self, code: str, year: int, totals: Totals, closed: set[dt.date]
    ) -> BranchYear:
        own = totals.get(code, {})
        allocation = self._org.allocation(code, year) if self._known(code) else {}
        rows = tuple(
            MetricYear(m.code, own.get(m.code, 0), allocation.get(m.code))
            for m in self._catalogue
            if own.get(m.code) or m.code in allocation
        )
        return BranchYear(code, self._name(code), rows, len(closed))

    async def _with_indicators(
        self, branches: tuple[BranchYear, ...], totals: Totals, end: dt.date
    ) -> tuple[BranchYear, ...]:
        """Each branch that declares its own population, with its indicators (over the
        branch and those under it, as ``/progress <branch>`` counts it)."""
        result = []
        for branch in branches:
            if not self._known(branch.code) or self._org.branch(branch.code).population is None:
                result.append(branch)
                continue
            figures = _sum(totals.get(c, {}) for c in self._progress.subtree(branch.code))
            projected = await self._projected(figures, end)
            basis = self._org.basis(branch.code)
            found = evaluate(figures, basis, self._org.evaluation, projected)
            result.append(
                BranchYear(branch.code, branch.name, branch.rows, branch.closure_days,
                           tuple(found))
            )  # fmt: skip
        return tuple(result)

    async def _projected(self, figures: dict[str, int], end: dt.date) -> dict[str, float] | None:
        """The full year's totals of the indicators' metrics if the pace so far holds."""
        if end >= dt.date(end.year, 12, 31):
            return None
        return full_year(figures, end, await self._progress.paces(end.year))

    async def _events(
        self, system: dict[str, int], start: dt.date, end: dt.date, codes: set[str]
    ) -> EventsYear:
        titles = tuple(
            EventTitleRow(e.day, self._name(e.branch), e.title)
            for e in await self._figures.event_titles(start, end)
            if e.branch in codes
        )
        count, online, participants = (system.get(m, 0) for m in EVENT_METRICS)
        return EventsYear(count, online, participants, titles)

    def _known(self, code: str) -> bool:
        """Whether the organisation (file and chat) has this branch now."""
        try:
            self._org.branch(code)
        except KeyError:
            return False
        return True

    def _name(self, code: str) -> str:
        return self._org.branch(code).name if self._known(code) else code


def _sum(parts: Iterable[Mapping[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for figures in parts:
        for metric, value in figures.items():
            total[metric] = total.get(metric, 0) + value
    return total
