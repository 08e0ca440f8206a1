"""The poller writes a batch before the next getUpdates acknowledges it: a batch that could
not be written is fetched again under the same offset; network errors are waited out."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import sqlite3
from collections.abc import Sequence
from typing import Any

from telegram import Bot
from telegram.error import NetworkError

from bot.core.clock import VirtualTime
from bot.offline.standin import BotAPIStandin
from bot.telegram.backoff import Backoff
from bot.telegram.polling import BACKOFF, Poller
from storage.models import InboxEntry

NOW = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)


class FakeBot:
    """getUpdates answers from a script; every call's offset is noted."""

    def __init__(self, answers: list[Any], stop: asyncio.Event) -> None:
        self.answers = answers
        self.offsets: list[int | None] = []
        self.stop = stop

    async def do_api_request(self, endpoint: str, data: dict[str, Any], **_: Any) -> Any:
        assert endpoint == "getUpdates"
        self.offsets.append(data.get("offset"))
        if not self.answers:
            self.stop.set()
            return []
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


async def test_a_batch_is_acknowledged_only_after_it_was_written() -> None:
    stop = asyncio.Event()
    batch = [{"update_id": 7, "message": {}}, {"update_id": 8, "message": {}}]
    bot = FakeBot([NetworkError("Bad Gateway"), batch, batch, [{"update_id": 9}]], stop)
    written: list[list[int]] = []
    delivered: list[int] = []
    failures = itertools.chain([True], itertools.repeat(False))

    async def receive(updates: Sequence[dict[str, Any]]) -> list[InboxEntry]:
        if next(failures):
            raise sqlite3.OperationalError("database is locked")
        written.append([u["update_id"] for u in updates])
        return [InboxEntry(n, u["update_id"], 1, "{}", NOW) for n, u in enumerate(updates)]

    poller = Poller(
        bot,  # type: ignore[arg-type]
        receive,
        lambda entries: delivered.extend(e.update_id for e in entries),
        backoff=Backoff(0.001, 0.001),
    )
    await asyncio.wait_for(poller.run(stop), 5)

    # The first start sends no offset; the batch that failed to be written is asked for
    # again without acknowledging it; only after it is written does the offset move on.
    assert bot.offsets == [None, None, None, 9, 10]
    assert written == [[7, 8], [9]] and delivered == [7, 8, 9]


async def test_updates_reach_the_inbox_as_telegram_sent_them_through_ptb_s_public_api() -> None:
    standin = BotAPIStandin()
    update = {
        "update_id": 41,
        "message": {
            "message_id": 3,
            "date": 1_764_500_000,
            "chat": {"id": 5, "type": "private", "first_name": "U"},
            "from": {"id": 5, "is_bot": False, "first_name": "U"},
            "text": "到馆 120",
            "a_field_from_a_newer_bot_api": {"kept": True},
        },
    }
    standin.queue_update(update)
    stop = asyncio.Event()
    written: list[dict[str, Any]] = []

    async def receive(updates: Sequence[dict[str, Any]]) -> list[InboxEntry]:
        written.extend(updates)
        stop.set()
        return []

    async with Bot("123:ABC", request=standin, get_updates_request=standin) as bot:
        poller = Poller(bot, receive, lambda entries: None, timeout=0)
        await asyncio.wait_for(poller.run(stop), 5)  # warnings are errors here: none is raised

    assert written == [update]  # not decoded and encoded again: nothing added, nothing lost
    assert [call.method for call in standin.calls].count("getUpdates") == 1


class OutageBot:
    """getUpdates answers 502 until ``until`` seconds of virtual time, then one batch."""

    def __init__(self, pace: VirtualTime, until: float, stop: asyncio.Event) -> None:
        self.pace, self.until, self.stop = pace, until, stop
        self.calls: list[float] = []

    async def do_api_request(self, endpoint: str, data: dict[str, Any], **_: Any) -> Any:
        self.calls.append(self.pace.monotonic())
        if self.pace.monotonic() < self.until:
            raise NetworkError("Bad Gateway")
        self.stop.set()
        return [{"update_id": 1, "message": {}}]


async def test_a_minute_of_502s_is_waited_out_and_polling_resumes_within_the_cap() -> None:
    pace, stop = VirtualTime(), asyncio.Event()
    bot = OutageBot(pace, 60.0, stop)
    written: list[int] = []

    async def receive(updates: Sequence[dict[str, Any]]) -> list[InboxEntry]:
        written.extend(u["update_id"] for u in updates)
        return []

    async def wait(stop: asyncio.Event, seconds: float) -> None:
        await pace.sleep(seconds)

    poller = Poller(bot, receive, lambda entries: None, wait=wait)  # type: ignore[arg-type]
    await asyncio.wait_for(poller.run(stop), 5)

    # 1 s doubling, capped at 30 s: never given up, back at most 30 s after the outage.
    assert bot.calls == [0, 1, 3, 7, 15, 31, 61]
    assert bot.calls[-1] - 60 <= BACKOFF.most and written == [1]
