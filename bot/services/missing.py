"""Who has reported on a day: the open branches still missing, and who reports for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.core.clock import OrgClock
from bot.core.org import Branch, Organisation
from bot.core.outcomes import MissingToday
from bot.services.people import PeopleService
from storage import TotalsRepo


@dataclass(frozen=True, slots=True)
class Attendance:
    """One day's branches: open and still missing, open, and closed."""

    day: dt.date
    open: tuple[Branch, ...]
    missing: tuple[Branch, ...]
    closed: tuple[Branch, ...]


class MissingService:
    """Reporting, branch by branch, for one day."""

    def __init__(
        self, totals: TotalsRepo, org: Organisation, clock: OrgClock, people: PeopleService
    ) -> None:
        self._totals = totals
        self._org = org
        self._clock = clock
        self._people = people

    async def attendance(self, day: dt.date) -> Attendance:
        """Branches in service on ``day``: open (no closing day, holiday or closure notice,
        no monthly total for the month), those of them with no figure, and closed."""
        reported = await self._totals.reported_days(day, day)
        notices = await self._totals.closures(day, day)
        # a month with a monthly total (an opening balance) has no days to miss
        covered = await self._totals.covered_months(day, day)
        org = self._org
        serving = [b for b in org.branches if org.in_service(b, day)]  # opened, not closed yet
        closed = tuple(b for b in serving if not org.is_open(b, day) or b.code in notices)
        open_branches = tuple(b for b in serving if b not in closed and b.code not in covered)
        missing = tuple(b for b in open_branches if b.code not in reported)
        return Attendance(day, open_branches, missing, closed)

    async def missing(self, day: dt.date | None = None) -> MissingToday:
        """``/missing``: the open branches with no figure on ``day`` (default today)."""
        seen = await self.attendance(day or self._clock.today())
        reporters = await self._people.reporters()
        return MissingToday(
            day=seen.day,
            due=self._org.schedule.report_due.strftime("%H:%M"),
            open_branches=len(seen.open),
            missing=[(b.name, [p.name for p in reporters.get(b.code, [])]) for b in seen.missing],
            closed=[b.name for b in seen.closed],
        )
