"""Long polling that writes first and acknowledges after.

Telegram forgets an update once a ``getUpdates`` call asks for a later offset. PTB's own
Updater asks for the next batch at once, while the last one is still in memory; a kill
then loses it. Here each batch is written to the inbox, in one transaction, before the next
call acknowledges it; a batch that could not be written is fetched again. The first call
after a start sends no offset: Telegram sends what was never acknowledged, and the inbox
knows the repeats.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import sqlite3
import warnings
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, cast

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBUserWarning

from bot.telegram.backoff import Backoff
from storage.models import InboxEntry

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]
Receive = Callable[[Sequence[JSONDict]], Awaitable[list[InboxEntry]]]
Deliver = Callable[[list[InboxEntry]], None]
Wait = Callable[[asyncio.Event, float], Awaitable[None]]  # (stop, seconds): sleep unless stopped
POLL_TIMEOUT = 50  # seconds Telegram holds a getUpdates call open while there is nothing
BATCH = 100  # Telegram's largest batch
BACKOFF = Backoff(first=1.0, most=30.0)  # after failed calls in a row: 1 s doubling to 30 s
# do_api_request warns when the method has a Bot method of its own; getUpdates is called
# through it on purpose (see Poller._fetch), so that one warning, and only it, is silenced.
RAW_ON_PURPOSE = r"Please use 'Bot\.getUpdates' instead of 'Bot\.do_api_request"


class Poller:
    """Fetches batches from ``bot``, has ``receive`` write them, ``deliver`` handle them."""

    def __init__(
        self,
        bot: Bot,
        receive: Receive,
        deliver: Deliver,
        *,
        timeout: int = POLL_TIMEOUT,
        backoff: Backoff = BACKOFF,
        wait: Wait | None = None,
    ) -> None:
        self._bot = bot
        self._receive = receive
        self._deliver = deliver
        self._timeout = timeout
        self._backoff = backoff
        self._wait = wait or _wait
        self._offset: int | None = None
        warnings.filterwarnings("ignore", RAW_ON_PURPOSE, PTBUserWarning)

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until ``stop`` is set; an invalid token ends it with :class:`InvalidToken`."""
        failures = 0
        while not stop.is_set():
            try:
                batch = await self._fetch()
            except InvalidToken:
                raise
            except (NetworkError, Conflict, RetryAfter, OSError) as error:
                failures += 1
                delay = _retry_after(error) or self._backoff.delay(failures)
                log.warning("getUpdates failed (%s); trying again in %.0f s", error, delay)
                await self._wait(stop, delay)
                continue
            except TelegramError as error:  # an answer that makes no sense: wait, try again
                failures += 1
                log.error("getUpdates answered %s", error)
                await self._wait(stop, self._backoff.delay(failures))
                continue
            if not batch:
                if failures:
                    log.info("polling works again")
                failures = 0
                continue
            try:
                entries = await self._receive(batch)  # written before the next call acks
            except sqlite3.Error as error:  # not acknowledged: the next call fetches it again
                failures += 1
                delay = self._backoff.delay(failures)
                log.warning("could not write updates to the inbox (%s); again in %.0f s",
                            error, delay)  # fmt: skip
                await self._wait(stop, delay)
                continue
            if failures:
                log.info("polling works again")
            failures = 0
            self._offset = int(batch[-1]["update_id"]) + 1
            self._deliver(entries)

    async def _fetch(self) -> list[JSONDict]:
        """One getUpdates call; the updates as the JSON Telegram sent."""
        data: JSONDict = {
            "timeout": self._timeout,
            "limit": BATCH,
            "allowed_updates": list(Update.ALL_TYPES),
        }
        if self._offset is not None:
            data["offset"] = self._offset
        # The inbox stores each update as Telegram sent it. Bot.get_updates would decode
        # every update into objects and Update.to_dict encode it back, about 75 times the
        # cost of the call (~150 µs an update against ~2 µs, measured); PTB's public
        # do_api_request returns the JSON as it came, through the same request and limiter.
        result = await self._bot.do_api_request("getUpdates", data, read_timeout=self._timeout + 10)
        return cast("list[JSONDict]", result)


def _retry_after(error: Exception) -> float:
    if not isinstance(error, RetryAfter):
        return 0.0
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    """Sleep ``seconds``, or less when ``stop`` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
