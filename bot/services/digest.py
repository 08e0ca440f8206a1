"""Gathers a week's digest from the database, draws its chart, keeps its sent-log."""

from __future__ import annotations

import datetime as dt

from bot.core.clock import OrgClock
from bot.core.digest import (
    TITLES,
    TOP,
    WEEKS_CHARTED,
    BranchScore,
    BranchYear,
    Digest,
    EventsHeld,
    MissingDays,
    ProratedAllocation,
    Untargeted,
    WeekFigure,
    YearOnYear,
    branch_scores,
    expected_share,
    gap_days,
    leading_and_lagging,
    missing_days,
    weekly_totals,
    within,
)
from bot.core.metrics import Metric
from bot.core.org import Organisation
from bot.core.progress import MetricProgress
from bot.core.weeks import latest_due_week, week_label
from bot.core.year_ago import week_year_ago, year_to_date_year_ago
from bot.services.deadlines import DeadlineService
from bot.services.progress import Levels, ProgressService
from storage import DigestLogRepo, FiguresRepo, TotalsRepo
from storage.models import Totals

WEEK = dt.timedelta(days=7)
DAY = dt.timedelta(days=1)
RECORDS_BEGIN_BY = 7  # of January: last year's records start this early, or no 同比 for the year


class DigestService:
    """The weekly digest for the leadership chat."""

    def __init__(
        self,
        digest_log: DigestLogRepo,
        totals: TotalsRepo,
        figures: FiguresRepo,
        org: Organisation,
        clock: OrgClock,
        progress: ProgressService,
        deadlines: DeadlineService,
        first_day: dt.date,
    ) -> None:
        """``first_day``: the day the bot first ran here (``ReminderLogRepo.first_day``)."""
        self._log = digest_log
        self._totals = totals
        self._figures = figures
        self._org = org
        self._clock = clock
        self._progress = progress
        self._deadlines = deadlines
        self._first_day = first_day
        self._catalogue = org.catalogue()

    def due_week(self) -> dt.date:
        """The Monday of the newest week whose digest is due by now."""
        schedule = self._org.schedule
        return latest_due_week(
            self._clock.now(), schedule.digest_weekday, schedule.digest_time, self._org.org.tz
        )

    def last_complete_week(self) -> dt.date:
        """The Monday of the week before this one (local time)."""
        today = self._clock.today()
        return today - dt.timedelta(days=today.weekday() + 7)

    async def covers(self, monday: dt.date) -> bool:
        """Whether the week starting ``monday`` is one to post a digest about: the bot ran
        in it, or it has figures (imported, say). A fresh install says nothing about the
        weeks before it, all red at 0 %."""
        end = monday + dt.timedelta(days=6)
        return end >= self._first_day or bool(await self._totals.reported_days(monday, end))

    async def build(self, monday: dt.date) -> Digest:
        """The digest for the week that starts on ``monday``."""
        end = monday + dt.timedelta(days=6)
        # every level read at once, shared with the view: the week's end and the week
        # before, 1 January, and the same week and date last year
        then = week_year_ago(monday)
        points = [
            *self._progress.level_points(end),
            (end - WEEK, None),
            (then + dt.timedelta(days=6), dt.date(then.year, 1, 1) - DAY),
        ]
        known = await self._progress.read_levels(points)
        view = await self._progress.view(self._progress.organisation_scope(), end, known)
        key_rows = [row for row in view.rows if row.target] or view.rows
        # each level's value per branch at the week's end: its weekly figure and its standing
        levels = {r.metric: known[r.metric, end, None] for r in key_rows if r.stock}
        figures = await self._week_figures(key_rows, monday, end, known)
        metrics = [self._catalogue.get(r.metric) for r in key_rows]
        # a branch not yet opened, or closed before the week, neither carries nor lags
        week = [monday + dt.timedelta(days=i) for i in range(7)]
        serving = [b.code for b in self._org.branches if any(b.in_service(d) for d in week)]
        scores, so_far = await self._scores(metrics, end, serving, levels, known)
        leading, lagging = leading_and_lagging(scores)
        ranked = {s.code for s in scores}
        apart = [c for c in serving if c not in ranked]
        counted = [r.metric for r in key_rows if not r.stock]
        untargeted = await self._untargeted(counted, end, apart, so_far)
        # two weeks of gaps: this week's are listed, both weeks' qualify the change
        before = monday - WEEK
        gaps = await self._missing(before, end)
        missing = within(gaps, monday, end)
        weeks = tuple(monday - WEEK * (WEEKS_CHARTED - 1 - i) for i in range(WEEKS_CHARTED))
        counts = [r.metric for r in key_rows if not r.stock]  # a level has no weekly total
        days = await self._totals.organisation_days(counts, weeks[0], end)  # one read
        return Digest(
            organisation=self._org.org.name,
            week=week_label(monday),
            start=monday,
            end=end,
            figures=tuple(figures),
            leading=leading,
            lagging=lagging,
            missing=missing,
            events=await self._events(monday, end),
            ranked=len(scores),
            untargeted=untargeted,
            gaps=gap_days(missing, monday, end),
            gaps_before=gap_days(gaps, before, monday - DAY),
            deadlines=await self._deadlines.for_digest(end),
            prorated=self._prorated(end.year),
            weeks=weeks,
            weekly=weekly_totals(counts, weeks, days),
        )

    async def _scores(
        self,
        metrics: list[Metric],
        end: dt.date,
        serving: list[str],
        at_end: dict[str, dict[str, int]],
        known: Levels,
    ) -> tuple[list[BranchScore], Totals]:
        """Each serving branch's year so far against its own allocation, strongest first,
        and the year so far of every serving branch (the untargeted ones are compared with
        last year from it).

        Pace is worked out once per metric and service window (most branches: all year);
        each branch then costs a division per metric, not a progress row.
        """
        year = end.year
        paces = await self._progress.paces(year)
        flow = [m.code for m in metrics if m.kind == "flow"]
        totals = await self._totals.branch_totals(flow, dt.date(year, 1, 1), end, serving)
        new_year = dt.date(year, 1, 1) - DAY
        levels = {
            m.code: (
                at_end[m.code],
                known[m.code, new_year, None],
            )
            for m in metrics
            if m.kind == "stock"
        }
        names = {b.code: b.name for b in self._org.branches}
        by_window: dict[tuple[dt.date, dt.date] | None, dict[str, float]] = {}
        found = []
        windows = self._org.service_windows(year)
        allocations = self._org.allocations(year)
        for code in serving:
            window = windows[code]
            shares = by_window.get(window)
            if shares is None:
                shares = by_window[window] = {
                    m.code: expected_share(
                        m.code, m.kind == "stock", end, paces.get(m.code), window
                    )
                    for m in metrics
                }
            values = totals.setdefault(code, {})  # read for this digest: the levels join it
            bases: dict[str, int] = {}
            for metric, (now, then) in levels.items():
                values[metric], bases[metric] = now.get(code, 0), then.get(code, 0)
            allocation = allocations.get(code, {})
            found.append(BranchYear(code, names[code], values, allocation, shares, bases))
        return branch_scores(found), totals

    def _prorated(self, year: int) -> tuple[ProratedAllocation, ...]:
        """The allocations ``year``'s plan prorates, for the branches in service part of it."""
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        found = []
        for branch, share in self._org.prorated(year):
            start = max(first, branch.opened) if branch.opened else first
            end = min(last, branch.closed - dt.timedelta(days=1)) if branch.closed else last
            found.append(ProratedAllocation(branch.name, share, start, end))
        return tuple(found)

    async def claim(self, chat_id: int, week: str) -> bool:
        """Take the right to post ``week``'s digest to ``chat_id`` (once per chat and week)."""
        return await self._log.claim(chat_id, week, self._clock.now())

    async def sent(self, chat_id: int, week: str, sent_to: int, message_id: int) -> None:
        now = self._clock.now()
        await self._log.mark_sent(chat_id, week, sent_to, message_id, now)

    async def release(self, chat_id: int, week: str) -> None:
        await self._log.release(chat_id, week)

    async def _week_figures(
        self,
        rows: list[MetricProgress],
        monday: dt.date,
        end: dt.date,
        known: Levels,
    ) -> list[WeekFigure]:
        before = monday - WEEK
        flow = [r.metric for r in rows if not r.stock]
        this_week = await self._totals.organisation_totals(flow, monday, end)
        last_week = await self._totals.organisation_totals(
            flow, before, monday - dt.timedelta(days=1)
        )
        week_ago, year_ago = await self._year_ago(flow, monday, end)
        figures = []
        for row in rows:
            if row.stock:
                now = known[row.metric, end, None]
                then = known[row.metric, end - WEEK, None]
                ago = self._level_year_ago(row.metric, monday, known)
                level = WeekFigure(row.metric, sum(now.values()), sum(then.values()), row, ago)
                figures.append(level)
            else:
                week, previous = this_week.get(row.metric, 0), last_week.get(row.metric, 0)
                figures.append(
                    WeekFigure(
                        row.metric,
                        week,
                        previous,
                        row,
                        week_ago.get(row.metric),
                        year_ago.get(row.metric),
                    )
                )
        return figures

    def _level_year_ago(self, metric: str, monday: dt.date, known: Levels) -> int | None:
        """同比 of a level: its value at the end of the same weeks last year, counting only
        values recorded that year (None where there are none)."""
        then = week_year_ago(monday)
        new_year = dt.date(then.year, 1, 1) - DAY
        levels = known[metric, then + dt.timedelta(days=6), new_year]
        return sum(levels.values()) or None

    async def _year_ago(
        self, flow: list[str], monday: dt.date, end: dt.date
    ) -> tuple[dict[str, int], dict[str, int]]:
        """同比 of the counts: the same weeks last year, and 1 January to the same date last
        year, each only where last year has it: above 0, and for the year the metric's
        records that year begin by 7 January, so a year the bot joined midway is not
        compared as if whole. Never a 0 made up for a period without figures."""
        if not flow:
            return {}, {}
        then = week_year_ago(monday)
        start, through = year_to_date_year_ago(end)
        week = await self._totals.organisation_totals(flow, then, then + dt.timedelta(days=6))
        year = await self._totals.organisation_totals(flow, start, through)
        by = start + dt.timedelta(days=RECORDS_BEGIN_BY - 1)
        began = await self._totals.first_recorded(flow, start, by)
        return (
            {m: v for m, v in week.items() if v > 0},
            {m: v for m, v in year.items() if v > 0 and m in began},
        )

    async def _untargeted(
        self, metrics: list[str], end: dt.date, codes: list[str], now: Totals
    ) -> tuple[Untargeted, ...]:
        """The serving branches without an allocated target, in file order: each key count's
        year so far against the same period last year (the first :data:`TOP` it has), never
        a pace they were not given. Last year counts only for a metric whose records that
        year began by 7 January, as for the organisation's 同比. ``now`` is every serving
        branch's year so far, read once for the scores."""
        if not codes:
            return ()
        if not metrics:  # no key count to compare: listed apart all the same
            names = {b.code: b.name for b in self._org.branches}
            return tuple(Untargeted(code, names[code], ()) for code in codes)
        start, through = year_to_date_year_ago(end)
        then = await self._totals.branch_totals(metrics, start, through, codes)
        by = start + dt.timedelta(days=RECORDS_BEGIN_BY - 1)
        began = await self._totals.first_recorded(metrics, start, by)
        names = {b.code: b.name for b in self._org.branches}
        found = []
        for code in codes:
            own, last = now.get(code, {}), then.get(code, {})
            rows = [
                YearOnYear(m, own.get(m, 0), (last.get(m) or None) if m in began else None)
                for m in metrics
                if own.get(m) or (m in began and last.get(m))
            ]
            found.append(Untargeted(code, names[code], tuple(rows[:TOP])))
        return tuple(found)

    async def _missing(self, monday: dt.date, end: dt.date) -> tuple[MissingDays, ...]:
        days = [monday + dt.timedelta(days=i) for i in range((end - monday).days + 1)]
        # no day is missing before the bot ran here, nor after the figures end
        days = [d for d in days if self._first_day <= d <= self._progress.as_of()]
        if not days:  # none to judge: the reads below would be for nothing
            return ()
        branches = {b.code: b for b in self._org.branches}
        covered = await self._totals.covered_months(monday, end)  # opening balances: no days

        def not_expected(code: str, day: dt.date) -> bool:
            month = day.isoformat()[:7]
            if any(s.first <= month <= s.last for s in covered.get(code, ())):
                return True
            return not self._org.is_open(branches[code], day)

        return missing_days(
            [(b.code, b.name) for b in self._org.branches],
            days,
            not_expected,
            await self._totals.reported_days(monday, end),
            await self._totals.closures(monday, end),
        )

    async def _events(self, monday: dt.date, end: dt.date) -> EventsHeld:
        totals = await self._totals.organisation_totals(
            ["events", "online_events", "event_participants"], monday, end
        )
        titles = await self._figures.event_titles(monday, end)
        names = {b.code: b.name for b in self._org.branches}
        seen: dict[str, str] = {}
        for item in titles:
            seen.setdefault(item.title, names.get(item.branch, item.branch))
        online = totals.get("online_events", 0)
        return EventsHeld(
            count=totals.get("events", 0),
            online=online,
            participants=totals.get("event_participants", 0),
            titles=tuple(list(seen.items())[:TITLES]),
        )
