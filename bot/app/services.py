"""Every service the handlers and jobs use, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.clock import Clock, OrgClock
from bot.core.examples import ExampleBook
from bot.core.metrics import MetricCatalogue
from bot.core.org import Organisation
from bot.core.parsing import ReportParser
from bot.jobs.delivery import Delivery
from bot.render import Renderers
from bot.render.i18n import Catalogs
from bot.services.branches import BranchService
from bot.services.chats import ChatService
from bot.services.deadlines import DeadlineService
from bot.services.digest import DigestService
from bot.services.export import ExportService
from bot.services.importing import ImportService
from bot.services.inbox import Inbox
from bot.services.missing import MissingService
from bot.services.outsiders import OutsiderReplies
from bot.services.people import PeopleService
from bot.services.progress import ProgressService
from bot.services.reminders import ReminderService
from bot.services.reporting import ReportingService
from bot.services.updates import UpdateLog
from bot.services.year_report import YearReportService
from bot.settings import Settings
from storage import Storage
from storage.sqlite import open_storage


@dataclass(frozen=True, slots=True)
class Services:
    """The application's services; one instance per running bot. A container only."""

    org: Organisation
    storage: Storage
    clock: OrgClock
    catalogue: MetricCatalogue
    renderers: Renderers
    people: PeopleService
    branches: BranchService
    reporting: ReportingService
    progress: ProgressService
    digest: DigestService
    deadlines: DeadlineService
    missing: MissingService
    reminders: ReminderService
    delivery: Delivery
    chats: ChatService
    updates: UpdateLog
    inbox: Inbox
    outsiders: OutsiderReplies
    export: ExportService
    imports: ImportService
    year_report: YearReportService

    @classmethod
    async def start(cls, settings: Settings, org: Organisation, system_clock: Clock) -> Services:
        """Open the database, apply the organisation file, wire the services."""
        storage = await open_storage(settings.db)
        try:
            return await cls.build(storage, org, system_clock)
        except BaseException:
            await storage.close()
            raise

    @classmethod
    async def build(cls, storage: Storage, org: Organisation, system_clock: Clock) -> Services:
        """Wire the services over an open ``storage``, then apply the organisation file."""
        clock = OrgClock(system_clock, org.org.tz)
        catalogue = org.catalogue()
        catalogs = Catalogs()
        branches = BranchService(storage.people, org, clock)
        await branches.load()  # the chat's changes over the file's branches, before all else
        people = PeopleService(storage.people, org, clock)
        progress = ProgressService(storage.totals, org, clock)
        deadlines = DeadlineService(storage.deadlines, org, clock, people)
        missing = MissingService(storage.totals, org, clock, people)
        reporting = ReportingService(
            storage.reports,
            storage.pending,
            storage.figures,
            storage.people,
            org,
            report_parser(org),
            clock,
        )
        branches.on_change(lambda: reporting.use_parser(report_parser(org)))
        first_day = await storage.reminder_log.first_day(clock.today())  # nothing before it
        digest = DigestService(
            storage.digest_log,
            storage.totals,
            storage.figures,
            org,
            clock,
            progress,
            deadlines,
            first_day,
        )
        services = cls(
            org=org,
            storage=storage,
            clock=clock,
            catalogue=catalogue,
            renderers=Renderers(catalogs, catalogue, ExampleBook(catalogue, org)),
            people=people,
            branches=branches,
            reporting=reporting,
            progress=progress,
            digest=digest,
            deadlines=deadlines,
            missing=missing,
            reminders=ReminderService(storage.reminder_log, org, clock, people, missing),
            delivery=Delivery(storage.reminder_log, clock),
            chats=ChatService(storage.chat_moves, org, clock),
            updates=UpdateLog(storage.updates, clock),
            inbox=Inbox(storage.inbox, clock),
            outsiders=OutsiderReplies(clock),
            export=ExportService(storage.export, org, clock, catalogs),
            imports=ImportService(storage.imports, org, clock, catalogs),
            year_report=YearReportService(storage.totals, storage.figures, org, clock, progress),
        )
        await people.sync_from_org()
        await deadlines.materialise(clock.today())
        await services.delivery.load()
        await services.chats.load()
        await services.updates.load()
        return services

    async def close(self) -> None:
        """Close the storage."""
        await self.storage.close()


def report_parser(org: Organisation) -> ReportParser:
    """The report parser, knowing every branch's name and aliases (chat's changes too)."""
    return ReportParser(org.catalogue(), {b.code: (b.name, *b.aliases) for b in org.branches})
