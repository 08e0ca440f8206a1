"""``libbot run``'s life: start up (retrying what may pass), poll into the inbox, handle
from it chat by chat, and stop cleanly on SIGTERM or SIGINT.

Start-up retries getMe and the menus while the network or Telegram fails, one log line a
try. What no retry mends ends it with :class:`StartupError`, one line naming the setting to
fix: a token Telegram refuses (or a base URL that is not a Bot API), a database that cannot
be opened or written.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sqlite3
from pathlib import Path

from telegram.error import InvalidToken

from bot.app.application import BotApplication, close_application
from bot.services.inbox import Inbox
from bot.telegram.backoff import retrying
from bot.telegram.chat_queues import ChatQueues
from bot.telegram.context import services_of
from bot.telegram.handling import handling_of
from bot.telegram.polling import Poller
from storage.sqlite.migrations import SchemaTooNewError

log = logging.getLogger(__name__)

STOP_GRACE = 5.0  # seconds the updates being handled get to finish at a stop
PRUNE_EVERY = 3600.0


class StartupError(Exception):
    """The bot cannot run as configured; ``str()`` is one line naming what to fix."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def refused_token(api_base_url: str) -> StartupError:
    """The error for a token (or base URL) the Bot API refuses."""
    return StartupError(
        "the Bot API refused the token: check LIBBOT_TOKEN (from @BotFather) and"
        f" LIBBOT_API_BASE_URL ({api_base_url})",
        2,
    )


def unusable_database(path: Path, error: BaseException) -> StartupError:
    """The error for a database that cannot be opened, read or written."""
    return StartupError(f"LIBBOT_DB: cannot use the database {path}: {error}", 1)


async def run(application: BotApplication, api_base_url: str, db: Path) -> None:
    """Run until SIGTERM or SIGINT; raises :class:`StartupError` when it cannot start."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        starting = asyncio.create_task(start(application, api_base_url, db))
        stopped = asyncio.create_task(stop.wait())
        await asyncio.wait({starting, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():  # a signal during start-up
            starting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await starting
            await _close(application)
            return
        stopped.cancel()
        starting.result()
        await serve(application, stop, api_base_url)
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)


async def start(application: BotApplication, api_base_url: str, db: Path) -> None:
    """Initialise (getMe), open the services and publish the menus, start the jobs."""
    try:
        await retrying(application.initialize, "getMe")
    except InvalidToken:
        raise refused_token(api_base_url) from None
    assert application.post_init is not None
    try:
        await application.post_init(application)
    except InvalidToken:
        await application.shutdown()
        raise refused_token(api_base_url) from None
    except (sqlite3.Error, OSError, SchemaTooNewError) as error:
        await application.shutdown()
        raise unusable_database(db, error) from None
    await application.start()
    settle_heap()


def settle_heap() -> None:
    """Set what start-up built (the organisation, the catalogue, compiled patterns, the
    modules) outside the garbage collector's reach: it lives as long as the process, and a
    full collection would otherwise walk all of it again every time, a tenth of a second
    now and then in the middle of a digest or a chart. Its garbage is collected first."""
    gc.collect()
    gc.freeze()


async def serve(application: BotApplication, stop: asyncio.Event, api_base_url: str) -> None:
    """Handle what the inbox holds, then poll into it until ``stop``; shut down after."""
    inbox = services_of(application).inbox
    queues = ChatQueues(handling_of(application).handle, inbox.unhandled)
    poller = Poller(application.bot, inbox.receive, queues.put)
    try:
        await _queue_unhandled(inbox, queues)
        polling = asyncio.create_task(poller.run(stop))
        pruning = asyncio.create_task(_prune(inbox, stop))
        stopped = asyncio.create_task(stop.wait())
        await asyncio.wait({polling, stopped}, return_when=asyncio.FIRST_COMPLETED)
        for task in (polling, pruning, stopped):
            task.cancel()
        results = await asyncio.gather(polling, pruning, stopped, return_exceptions=True)
        if isinstance(results[0], InvalidToken):  # the token was revoked while running
            raise refused_token(api_base_url) from None
        if isinstance(results[0], Exception):
            raise StartupError(f"polling stopped: {results[0]!r}", 1) from results[0]
        log.info("stopping: finishing the updates being handled")
        services_of(application).delivery.stop()  # a fan-out under way sends no more
        await queues.stop(STOP_GRACE)
    finally:
        await _close(application)


async def _close(application: BotApplication) -> None:
    if application.running:
        await application.stop()
    await close_application(application)


async def _queue_unhandled(inbox: Inbox, queues: ChatQueues) -> None:
    """What a stop or a kill left unhandled goes first, in order per chat."""
    after, count = 0, 0
    while page := await inbox.unhandled(after=after, limit=1000):
        queues.put(page)
        after, count = page[-1].receipt, count + len(page)
    if count:
        log.info("handling %d updates received before the restart", count)


async def _prune(inbox: Inbox, stop: asyncio.Event) -> None:
    """Forget handled entries now and then."""
    while not stop.is_set():
        try:
            pruned = await inbox.prune()
        except sqlite3.Error as error:
            log.warning("pruning the inbox failed: %s", error)
        else:
            if pruned:
                log.info("pruned %d handled updates from the inbox", pruned)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), PRUNE_EVERY)
