"""Every service the handlers and jobs use, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.clock import Clock, OrgClock
from bot.core.metrics import MetricCatalogue
from bot.core.org import Organisation
from bot.core.parsing import ReportParser
from bot.jobs.delivery import Delivery
from bot.render import Renderers
from bot.render.i18n import Catalogs
from bot.services.chats import ChatService
from bot.services.deadlines import DeadlineService
from bot.services.digest import DigestService
from bot.services.missing import RollCall
from bot.services.people import PeopleService
from bot.services.progress import ProgressService
from bot.services.reminders import ReminderService
from bot.services.reporting import ReportingService
from bot.services.updates import UpdateLog
from bot.settings import Settings
from storage import reminder_log
from storage.db import Database


@dataclass(frozen=True, slots=True)
class Services:
    """The application's services; one instance per running bot. A container only."""

    org: Organisation
    db: Database
    clock: OrgClock
    catalogue: MetricCatalogue
    renderers: Renderers
    people: PeopleService
    reporting: ReportingService
    progress: ProgressService
    digest: DigestService
    deadlines: DeadlineService
    missing: RollCall
    reminders: ReminderService
    delivery: Delivery
    chats: ChatService
    updates: UpdateLog

    @classmethod
    async def start(cls, settings: Settings, org: Organisation, system_clock: Clock) -> Services:
        """Open the database, apply the organisation file, wire the services."""
        db = await Database.open(settings.db)
        clock = OrgClock(system_clock, org.org.tz)
        catalogue = org.catalogue()
        people = PeopleService(db, org, clock)
        progress = ProgressService(db, org, clock)
        deadlines = DeadlineService(db, org, clock, people)
        missing = RollCall(db, org, clock, people)
        services = cls(
            org=org,
            db=db,
            clock=clock,
            catalogue=catalogue,
            renderers=Renderers(Catalogs(), catalogue),
            people=people,
            reporting=ReportingService(db, org, ReportParser(catalogue), clock),
            progress=progress,
            digest=DigestService(db, org, clock, progress, deadlines),
            deadlines=deadlines,
            missing=missing,
            reminders=ReminderService(db, org, clock, people, missing),
            delivery=Delivery(db, clock),
            chats=ChatService(db, org, clock),
            updates=UpdateLog(db, clock),
        )
        await people.sync_from_org()
        await deadlines.materialise(clock.today())
        await reminder_log.first_day(db, clock.today())  # escalations start from here
        await services.delivery.load()
        await services.chats.load()
        await services.updates.load()
        return services

    async def close(self) -> None:
        """Close the database."""
        await self.db.close()
