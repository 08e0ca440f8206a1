"""Everything the handlers and jobs use, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.clock import Clock, OrgClock
from bot.core.metrics import MetricCatalogue
from bot.core.org import Organisation
from bot.core.parsing.parser import ReportParser
from bot.jobs.delivery import Delivery
from bot.render import Renderer
from bot.render.i18n import Catalogs
from bot.services.deadlines import DeadlineService
from bot.services.digest import DigestService
from bot.services.missing import RollCall
from bot.services.people import PeopleService
from bot.services.progress import ProgressService
from bot.services.reminders import ReminderService
from bot.services.reporting import ReportingService
from bot.settings import Settings
from storage import digest_log, reminder_log, reports
from storage.db import Database


@dataclass(slots=True)
class Services:
    """The application's services; one instance per running bot."""

    settings: Settings
    org: Organisation
    db: Database
    clock: OrgClock
    catalogs: Catalogs
    catalogue: MetricCatalogue
    people: PeopleService
    reporting: ReportingService
    progress: ProgressService
    digests: DigestService
    deadlines: DeadlineService
    roll_call: RollCall
    reminders: ReminderService
    delivery: Delivery
    chat_moves: dict[int, int]
    _newest_answered: int = 0

    @classmethod
    async def start(cls, settings: Settings, org: Organisation, system_clock: Clock) -> Services:
        """Open the database, apply the organisation file, wire the services."""
        db = await Database.open(settings.db)
        clock = OrgClock(system_clock, org.org.tz)
        catalogue = org.catalogue()
        people = PeopleService(db, org, clock)
        progress = ProgressService(db, org, clock)
        deadlines = DeadlineService(db, org, clock, people)
        roll_call = RollCall(db, org, clock, people)
        services = cls(
            settings=settings,
            org=org,
            db=db,
            clock=clock,
            catalogs=Catalogs(),
            catalogue=catalogue,
            people=people,
            reporting=ReportingService(db, org, ReportParser(catalogue), clock),
            progress=progress,
            digests=DigestService(db, org, clock, progress, deadlines),
            deadlines=deadlines,
            roll_call=roll_call,
            reminders=ReminderService(db, org, clock, people, roll_call),
            delivery=Delivery(db, clock),
            chat_moves=await digest_log.moves(db),
        )
        await services.people.sync_from_org()
        await deadlines.materialise(clock.today())
        await reminder_log.first_day(db, clock.today())  # escalations start from here
        await services.delivery.load()
        services._newest_answered = await reports.newest_answered(db)
        return services

    async def close(self) -> None:
        """Close the database."""
        await self.db.close()

    @property
    def leadership_chat(self) -> int | None:
        """The leadership group's id now (it changes when a group becomes a supergroup)."""
        chat = self.org.org.leadership_chat_id
        while chat in self.chat_moves:
            chat = self.chat_moves[chat]
        return chat

    @property
    def group_chat_ids(self) -> frozenset[int]:
        """The group chats the bot belongs in; it leaves any other."""
        chat = self.org.org.leadership_chat_id
        if chat is None:
            return frozenset()
        return frozenset({chat, *self.chat_moves.values()})

    async def chat_moved(self, old_chat_id: int, new_chat_id: int) -> None:
        """Follow a group that became a supergroup."""
        if self.chat_moves.get(old_chat_id) != new_chat_id:
            await digest_log.record_move(self.db, old_chat_id, new_chat_id, self.clock.now())
            self.chat_moves[old_chat_id] = new_chat_id

    def renderer(self, locale: str) -> Renderer:
        """Replies in ``locale``."""
        return Renderer(self.catalogs.translator(locale), self.catalogue)

    async def already_answered(self, update_id: int) -> bool:
        """True when this Telegram update was handled and answered before.

        Telegram's update ids only grow, so one above the newest answered id needs no query.
        """
        if update_id > self._newest_answered:
            return False
        return await reports.already_answered(self.db, update_id)

    async def mark_answered(self, update_id: int) -> None:
        """Record that the answer to ``update_id`` went out."""
        await reports.mark_replied(self.db, update_id, self.clock.now())
        self._newest_answered = max(self._newest_answered, update_id)
