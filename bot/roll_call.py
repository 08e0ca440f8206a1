"""Who has reported today: the open branches still missing, and who reports for them."""

from __future__ import annotations

import datetime as dt

from bot.clock import Clock
from bot.org import Organisation
from bot.outcomes import MissingToday
from bot.people import PeopleService
from storage import rollups
from storage.db import Database


class RollCall:
    """Today's reporting, branch by branch."""

    def __init__(self, db: Database, org: Organisation, clock: Clock, people: PeopleService):
        self._db = db
        self._org = org
        self._clock = clock
        self._people = people

    def today(self) -> dt.date:
        return self._clock.now().astimezone(self._org.org.tz).date()

    async def missing(self, day: dt.date | None = None) -> MissingToday:
        """Open branches (no closing day, holiday or closure notice) with no figure on ``day``."""
        day = day or self.today()
        reported = await rollups.reported_days(self._db, day, day)
        notices = await rollups.closures(self._db, day, day)
        org = self._org
        closed = [b for b in org.branches if not org.is_open(b, day) or b.code in notices]
        open_branches = [b for b in self._org.branches if b not in closed]
        reporters: dict[str, list[str]] = {}
        for person in await self._people.people("staff", "manager"):
            for code in person.branches:
                reporters.setdefault(code, []).append(person.name)
        missing = [
            (b.name, reporters.get(b.code, [])) for b in open_branches if b.code not in reported
        ]
        return MissingToday(
            day=day,
            due=self._org.schedule.report_due.strftime("%H:%M"),
            open_branches=len(open_branches),
            missing=missing,
            closed=[b.name for b in closed],
        )
