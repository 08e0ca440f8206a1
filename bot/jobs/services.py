"""What the scheduled work needs of the application's services, as a protocol: the jobs
name no container, and the composition root's ``Services`` satisfies it as it is."""

from __future__ import annotations

from typing import Protocol

from bot.core.clock import OrgClock
from bot.core.org import Organisation
from bot.jobs.delivery import Delivery
from bot.render import Renderers
from bot.services.chats import ChatService
from bot.services.deadlines import DeadlineService
from bot.services.digest import DigestService
from bot.services.people import PeopleService
from bot.services.reminders import ReminderService


class JobServices(Protocol):
    """The services the digest publisher and the reminder fan-out use."""

    @property
    def org(self) -> Organisation: ...
    @property
    def clock(self) -> OrgClock: ...
    @property
    def renderers(self) -> Renderers: ...
    @property
    def people(self) -> PeopleService: ...
    @property
    def digest(self) -> DigestService: ...
    @property
    def deadlines(self) -> DeadlineService: ...
    @property
    def reminders(self) -> ReminderService: ...
    @property
    def delivery(self) -> Delivery: ...
    @property
    def chats(self) -> ChatService: ...
