"""The year so far for a reader: the whole organisation for managers, own branches for staff."""

from __future__ import annotations

import datetime as dt

from bot.clock import Clock
from bot.org import Organisation
from bot.outcomes import ProgressView
from bot.progress import progress_rows
from storage import queries
from storage.db import Database
from storage.models import Person


class ProgressService:
    """Year-to-date figures against the annual plan."""

    def __init__(self, db: Database, org: Organisation, clock: Clock) -> None:
        self._db = db
        self._org = org
        self._clock = clock

    async def overview(self, person: Person) -> ProgressView:
        """Managers see the organisation; staff see their own branches."""
        day = self._clock.now().astimezone(self._org.org.tz).date()
        plan = self._org.targets_for(day.year)
        catalogue = self._org.catalogue()
        if person.role == "staff":
            codes = sorted({c for b in person.branches for c in self._org.descendants(b)})
            scope = "、".join(self._org.branch(b).name for b in person.branches)
            targets: dict[str, int] = {}
            for branch in person.branches:
                for metric, value in (plan.branches.get(branch, {}) if plan else {}).items():
                    targets[metric] = targets.get(metric, 0) + value
            branch_filter: list[str] | None = codes
        else:
            scope = self._org.org.name
            targets = dict(plan.metrics) if plan else {}
            branch_filter = None
        flow = [m.code for m in catalogue if m.kind == "flow"]
        stock = [m.code for m in catalogue if m.kind == "stock"]
        totals = await queries.year_to_date(
            self._db, flow, stock, dt.date(day.year, 1, 1), day, branch_filter
        )
        rows = progress_rows(totals, targets, ((m.code, m.kind == "stock") for m in catalogue), day)
        return ProgressView(scope, day, rows)
