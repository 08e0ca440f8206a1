"""The real application against the in-process Bot API stand-in: demo, tests, benchmark.

No token and no network: updates are built as Telegram would send them and fed through
the inbox, as ``libbot run`` feeds them (written, then handled under their receipt, a
repeat recognised); what the bot sends is recorded by the stand-in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.app.application import (
    BotApplication,
    build_application,
    close_application,
    open_application,
)
from bot.app.services import Services
from bot.core.clock import ManualClock, VirtualTime
from bot.core.org import Organisation
from bot.offline.standin import BotAPIStandin, RecordedCall
from bot.offline.updates import UpdateFactory
from bot.settings import Settings
from bot.telegram.handling import handling_of
from bot.telegram.rate_limit import TelegramRateLimiter
from bot.telegram.sender import TelegramSender

SANDBOX_TOKEN = "123456:SANDBOX-not-a-real-token"


class Sandbox:
    """One bot, one stand-in, one update factory, one hand-moved clock."""

    def __init__(
        self,
        services: Services,
        application: BotApplication,
        api: BotAPIStandin,
        clock: ManualClock,
        pace: VirtualTime,
    ) -> None:
        self.services = services
        self.app = application
        self.api = api
        self.clock = clock
        self.pace = pace
        self.updates = UpdateFactory(clock=clock.now, standin=api)
        self.sender = TelegramSender(application.bot)  # what the scheduled jobs send through

    @classmethod
    async def start(
        cls,
        org: Organisation,
        db_path: Path,
        clock: ManualClock,
        *,
        api: BotAPIStandin | None = None,
    ) -> Sandbox:
        """Build the application and start it up as the runner does, without polling.

        Sends are paced by the real rate limiter on virtual time (``pace``): waits cost
        nothing, and the default stand-in answers 429 to any send over Telegram's limits.
        """
        settings = Settings(db=db_path, org=Path("org.toml"))
        pace = VirtualTime()
        api = api or BotAPIStandin(now=clock.now, clock=pace.monotonic, enforce_limits=True)
        limiter = TelegramRateLimiter(clock=pace.monotonic, sleep=pace.sleep)
        application = build_application(
            settings, org, clock, token=SANDBOX_TOKEN, request=api, rate_limiter=limiter
        )
        services = await open_application(application)
        return cls(services, application, api, clock, pace)

    async def stop(self) -> None:
        """Shut the application down (which closes the database)."""
        await close_application(self.app)

    async def feed(self, update: dict[str, Any]) -> list[RecordedCall]:
        """Receive one update into the inbox and handle it; the Bot API calls it caused
        (none for a repeat of an update received before)."""
        before = len(self.api.calls)
        handling = handling_of(self.app)
        for entry in await self.services.inbox.receive([update]):
            await handling.handle(entry)
        await self.services.storage.flush()  # what a test reads next is committed
        return self.api.calls[before:]

    async def retry_unsettled(self) -> list[RecordedCall]:
        """Handle again every entry whose handling could not finish (its answer failed),
        as the runner does after a backoff or a restart; the Bot API calls it caused."""
        before = len(self.api.calls)
        handling = handling_of(self.app)
        for entry in await self.services.inbox.unhandled():
            await handling.handle(entry)
        await self.services.storage.flush()
        return self.api.calls[before:]
