"""Who is nudged, about what: the daily report reminder, the managers' escalation, /mute."""

from __future__ import annotations

import datetime as dt

from bot.core.clock import OrgClock
from bot.core.commands import MuteCommand
from bot.core.examples import branch_tag
from bot.core.org import Branch, Organisation
from bot.core.outcomes import Escalation, MuteResult, ReportReminder, Responsible
from bot.services.missing import MissingService
from bot.services.people import PeopleService
from storage import ReminderLogRepo
from storage.models import Person

FORMAT_METRICS = 4  # metrics shown in the one-line format when a branch has no allocation


class ReminderService:
    """Decides the reminders; the scheduled jobs render and deliver them."""

    def __init__(
        self,
        reminder_log: ReminderLogRepo,
        org: Organisation,
        clock: OrgClock,
        people: PeopleService,
        missing: MissingService,
    ) -> None:
        self._log = reminder_log
        self._org = org
        self._clock = clock
        self._people = people
        self._missing = missing
        self._first_day: dt.date | None = None  # the day the bot first ran here

    async def report_reminders(self, day: dt.date) -> list[tuple[Person, ReportReminder]]:
        """Everyone who reports for an open branch with no figures on ``day``."""
        seen = await self._missing.attendance(day)
        missing = {b.code for b in seen.missing}
        due = self._org.schedule.report_due.strftime("%H:%M")
        reminders = []
        for person in await self._people.people("staff", "manager"):
            owed = [self._org.branch(c) for c in person.branches if c in missing]
            if owed:
                reminder = ReportReminder(
                    day=day,
                    due=due,
                    branches=tuple((b.name, branch_tag(self._org, b)) for b in owed),
                    metrics=self._format_metrics(owed[0], day.year),
                    several=len(person.branches) > 1,
                )
                reminders.append((person, reminder))
        return reminders

    async def escalation(self, day: dt.date, unreachable: set[int]) -> Escalation:
        """The open branches that sent nothing on ``day``, with who reports for each;
        nothing about days before the bot first ran, when nobody could report to it."""
        if self._first_day is None:
            self._first_day = await self._log.first_day(self._clock.today())
        if day < self._first_day:
            return Escalation(day, 0, ())
        seen = await self._missing.attendance(day)
        reporters = await self._people.reporters()
        muted = await self._log.muted(self._clock.today())

        def reach(person: Person) -> Responsible:
            if person.user_id in unreachable:
                return Responsible(person.name, "unreachable")
            return Responsible(person.name, "muted" if person.user_id in muted else "yes")

        missing = tuple(
            (b.name, tuple(reach(p) for p in reporters.get(b.code, []))) for b in seen.missing
        )
        return Escalation(day, len(seen.open), missing)

    async def managers(self) -> list[Person]:
        """Who gets escalations: the managers, or the admins when there is no manager."""
        return await self._people.people("manager") or await self._people.people("admin")

    async def mute(self, person: Person, command: MuteCommand) -> MuteResult:
        """``/mute`` (until /unmute) or ``/mute <days>`` (today and the days after)."""
        days = command.days
        until = self._clock.today() + dt.timedelta(days=days - 1) if days else None
        await self._log.mute(person.user_id, until, self._clock.now())
        return MuteResult("muted", until)

    async def unmute(self, person: Person) -> MuteResult:
        """Reminders again."""
        if await self._log.unmute(person.user_id):
            return MuteResult("unmuted")
        return MuteResult("not_muted")

    def _format_metrics(self, branch: Branch, year: int) -> tuple[str, ...]:
        """What the branch is measured on: its allocation, else the plan's first metrics."""
        plan = self._org.targets_for(year)
        if plan is None:
            return ("visitors", "loans")
        return tuple(plan.for_branch(branch.code)) or tuple(plan.metrics)[:FORMAT_METRICS]
