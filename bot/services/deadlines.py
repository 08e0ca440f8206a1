"""Dated tasks that must not slip: created in chat or by the organisation file, owed by
branches part by part, listed, marked done, reminded of, escalated when overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import TypedDict, Unpack

from bot.core.clock import OrgClock
from bot.core.commands import CancelDeadline, DoneCommand, SetDeadline
from bot.core.deadlines.outcomes import (
    TITLE_LIMIT,
    CancelResult,
    DeadlineCreated,
    DeadlineDigest,
    DeadlineItem,
    DeadlineList,
    DeadlineRefused,
    DoneResult,
    DoneStatus,
    OverdueItem,
    Owing,
)
from bot.core.deadlines.rules import DeadlineDef
from bot.core.org import Organisation
from bot.services.people import PeopleService
from storage import DeadlinesRepo
from storage.models import Deadline, NewDeadline, Person

DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)
REMIND_LIMIT = 60  # the most days before a due date a reminder may go out (org file rule)


class DeadlineService:
    """Deadlines and each branch's part of them."""

    def __init__(
        self, deadlines: DeadlinesRepo, org: Organisation, clock: OrgClock, people: PeopleService
    ) -> None:
        self._store = deadlines
        self._org = org
        self._clock = clock
        self._people = people
        self._materialised: set[dt.date] = set()

    async def materialise(self, today: dt.date, until: dt.date | None = None) -> int:
        """Store the organisation file's occurrences due from ``today`` through its reminder
        horizon (or ``until``, when later); returns how many were new. Past occurrences are
        never created, so a fresh install does not declare last month's report overdue."""
        new = [
            NewDeadline(
                title=d.title,
                due=due,
                remind=self._remind(d),
                branches=d.branches or self._serving(due),
                org_key=d.key(due),
            )
            for d in self._org.deadlines
            for due in d.occurrences(today, max(today + self._horizon(d), until or today))
        ]
        added = await self._store.add(new, self._clock.now()) if new else []
        if until is None:
            self._materialised.add(today)
        return len(added)

    async def create(
        self, person: Person, command: SetDeadline
    ) -> DeadlineCreated | DeadlineRefused:
        """``/deadline <date> [#branch …] <title>``; nothing is stored when it is refused."""
        due, title = command.due, command.title
        codes: list[str] = []
        for token in command.branches:
            branch = self._org.resolve_branch(token)
            if branch is None:
                return DeadlineRefused("unknown_branch", token[1:])
            if branch.code not in codes:
                codes.append(branch.code)
        if not title:
            return DeadlineRefused("empty_title")
        if len(title) > TITLE_LIMIT:
            return DeadlineRefused("long_title")
        remind = tuple(self._org.schedule.deadline_reminders)
        new = NewDeadline(
            title, due, remind, tuple(codes) or self._serving(due), created_by=person.user_id
        )
        [deadline_id] = await self._store.add([new], self._clock.now())
        return DeadlineCreated(deadline_id, title, due, self._names(codes), remind)

    async def cancel(self, person: Person, command: CancelDeadline) -> CancelResult:
        """``/deadline cancel <id>``: nobody owes it any more."""
        deadline_id = command.deadline_id
        found = await self._store.get(deadline_id)
        if found is None:
            return CancelResult("unknown", deadline_id)
        if not await self._store.cancel(deadline_id, self._clock.now()):
            return CancelResult("already_cancelled", deadline_id, found.title)
        return CancelResult("cancelled", deadline_id, found.title)

    async def audience(self, deadline_id: int, author: int) -> list[tuple[Person, tuple[str, ...]]]:
        """Who to tell that a deadline was set or cancelled: the staff (and managers) of
        the branches still owing it, each with the names of their branches among them;
        not ``author``, who set or cancelled it and has the reply."""
        found = await self._store.get(deadline_id)
        if found is None:
            return []
        owing = found.owing()
        return [
            (person, self._names(mine))
            for person in await self._people.people("staff", "manager")
            if person.user_id != author and (mine := _mine(owing, person))
        ]

    async def open_for(self, person: Person) -> DeadlineList:
        """``/deadlines``: managers and admins see every open one with the branches still
        owing; staff see those their branches owe, with their own open branches."""
        today = await self._catch_up()
        everyone = person.role in ("manager", "admin")
        items: list[DeadlineItem] = []
        for d in await self._store.unfinished(dt.date.max):
            owing = d.owing() if everyone else _mine(d.owing(), person)
            if owing:
                items.append(self._item(d, today, d.owing(), owing))
        return DeadlineList(today, tuple(items), everyone)

    async def done(self, person: Person, command: DoneCommand) -> DoneResult:
        """``/done <id>`` (my branches' parts), ``/done <id> <branch>``, ``/done <id> all``."""
        deadline_id, named = command.deadline_id, command.branch
        found = await self._store.get(deadline_id)
        if found is None:
            return DoneResult("unknown", deadline_id)
        if found.cancelled:
            return DoneResult("cancelled", deadline_id, found.title)
        result = DoneResult("done", deadline_id, found.title)
        parts = {p.branch: p for p in found.parts}
        manager = person.role in ("manager", "admin")
        if command.all_branches:
            if not manager:
                return _with(result, "managers_only")
            codes = list(parts)
        elif named is None:
            codes = [code for code in person.branches if code in parts]
            if not codes:
                return _with(result, "not_owed", hint=", ".join(self._names(person.branches)))
        else:
            branch = self._org.resolve_branch(named)
            if branch is None:
                return _with(result, "unknown_branch", hint=named)
            if not manager and branch.code not in person.branches:
                return _with(result, "not_your_branch", hint=branch.name)
            if branch.code not in parts:
                return _with(result, "not_owed", hint=branch.name)
            codes = [branch.code]
        todo = [code for code in codes if parts[code].done_at is None]
        marked = await self._store.mark_done(deadline_id, todo, person.user_id, self._clock.now())
        after = await self._store.get(deadline_id)
        owing = self._names(after.owing()) if after else ()
        if not marked:
            cancelled = after is not None and after.cancelled
            return _with(result, "cancelled" if cancelled else "already_done", owing=owing)
        return _with(result, "done", marked=self._names(marked), owing=owing)

    async def reminders_due(self, day: dt.date) -> dict[int, list[DeadlineItem]]:
        """Per user id: the deadlines whose ``due - day`` is one of their reminder days and
        that one of the person's branches still owes (with those branches)."""
        await self._catch_up(day)
        due = [
            d
            for d in await self._store.unfinished(day + dt.timedelta(REMIND_LIMIT), day)
            if (d.due - day).days in d.remind
        ]
        found: dict[int, list[DeadlineItem]] = {}
        for person in await self._people.people("staff", "manager"):
            for d in due:
                owing = _mine(d.owing(), person)
                if owing:
                    found.setdefault(person.user_id, []).append(
                        self._item(d, day, d.owing(), owing)
                    )
        return found

    async def overdue(self, day: dt.date) -> list[OverdueItem]:
        """Deadlines due before ``day`` with parts not done, with who reports for each."""
        reporters = await self._people.reporters()
        return [
            OverdueItem(
                d.id,
                d.title,
                d.due,
                (day - d.due).days,
                tuple(
                    Owing(self._name(code), tuple(p.name for p in reporters.get(code, ())))
                    for code in self._sorted(d.owing())
                ),
            )
            for d in await self._store.unfinished(day - DAY)
        ]

    async def for_digest(self, end: dt.date) -> DeadlineDigest:
        """The weekly digest's deadlines as of the end of ``end``: overdue by then, and due
        in the 7 days after it, with the branches that had not done their part."""
        await self._catch_up()
        await self.materialise(self._clock.today(), until=end + WEEK)
        after = end + DAY
        cutoff = dt.datetime.combine(after, dt.time(0), self._org.org.tz)
        overdue: list[DeadlineItem] = []
        coming_up: list[DeadlineItem] = []
        for d in await self._store.unfinished(end + WEEK, done_before=cutoff):
            item = self._item(d, after, d.owing(cutoff))
            (overdue if d.due <= end else coming_up).append(item)
        return DeadlineDigest(tuple(overdue), tuple(coming_up))

    async def _catch_up(self, day: dt.date | None = None) -> dt.date:
        """Materialise the file's occurrences once per day the bot runs; returns today."""
        today = self._clock.today()
        for start in {today, max(day or today, today)} - self._materialised:
            await self.materialise(start)
        return today

    def _remind(self, d: DeadlineDef) -> tuple[int, ...]:
        return d.remind if d.remind is not None else tuple(self._org.schedule.deadline_reminders)

    def _horizon(self, d: DeadlineDef) -> dt.timedelta:
        return dt.timedelta(days=max(self._remind(d), default=0))

    def _item(
        self, d: Deadline, day: dt.date, owed: tuple[str, ...], shown: Iterable[str] = ()
    ) -> DeadlineItem:
        """``d`` seen on ``day``: ``owed`` is every branch still owing, ``shown`` (default:
        all of them) those the reader is told about."""
        return DeadlineItem(
            id=d.id,
            title=d.title,
            due=d.due,
            days_left=(d.due - day).days,
            owing=self._names(shown or owed),
            done=len(d.parts) - len(owed),
            parts=len(d.parts),
        )

    @property
    def _order(self) -> dict[str, int]:
        """Each branch's place in the organisation (added in chat too: asked each time)."""
        return {b.code: i for i, b in enumerate(self._org.branches)}

    def _serving(self, due: dt.date) -> tuple[str, ...]:
        """Who owes a task for every branch: the branches in service on its due date."""
        return tuple(b.code for b in self._org.branches if self._org.in_service(b, due))

    def _sorted(self, codes: Iterable[str]) -> list[str]:
        """Branch codes in the organisation file's order (unknown ones last)."""
        order = self._order
        return sorted(codes, key=lambda code: (order.get(code, len(order)), code))

    def _name(self, code: str) -> str:
        return self._org.branch(code).name if code in self._order else code

    def _names(self, codes: Iterable[str]) -> tuple[str, ...]:
        return tuple(self._name(code) for code in self._sorted(codes))


def _mine(codes: Iterable[str], person: Person) -> tuple[str, ...]:
    return tuple(code for code in codes if code in person.branches)


class _DoneFields(TypedDict, total=False):
    """The fields of a :class:`DoneResult` that ``_with`` may set besides the status."""

    hint: str
    marked: tuple[str, ...]
    owing: tuple[str, ...]


def _with(result: DoneResult, status: DoneStatus, **fields: Unpack[_DoneFields]) -> DoneResult:
    return replace(result, status=status, **fields)
