"""Per-chat queues: one chat in order, other chats side by side, a flood holds one slot,
entries past the cap read back from the inbox, failures tried again after a backoff."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.core.clock import VirtualTime
from bot.telegram.backoff import Backoff
from bot.telegram.chat_queues import ChatQueues
from storage.models import InboxEntry

NOW = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)


def entry(receipt: int, chat: int) -> InboxEntry:
    return InboxEntry(receipt, receipt, chat, "{}", NOW)


class Recorder:
    """Handles entries, records the order, blocks where told, fails where told."""

    def __init__(self) -> None:
        self.log: list[int] = []
        self.blocked: dict[int, asyncio.Event] = {}
        self.fail: dict[int, int] = {}  # receipt -> failures still to come
        self.stored: list[InboxEntry] = []  # the inbox, for read-backs

    async def handle(self, item: InboxEntry) -> bool:
        if item.receipt in self.blocked:
            await self.blocked[item.receipt].wait()
        if self.fail.get(item.receipt, 0) > 0:
            self.fail[item.receipt] -= 1
            return False
        self.log.append(item.receipt)
        return True

    async def reload(self, chat: int, after: int, limit: int) -> list[InboxEntry]:
        found = [e for e in self.stored if e.chat_key == chat and e.receipt > after]
        return found[:limit]


async def no_sleep(seconds: float) -> None:
    await asyncio.sleep(0)


async def test_one_chat_in_order_another_chat_meanwhile() -> None:
    rec = Recorder()
    rec.blocked[1] = asyncio.Event()
    queues = ChatQueues(rec.handle, rec.reload, slots=4, sleep=no_sleep)
    queues.put([entry(1, 10), entry(2, 10), entry(3, 20)])
    for _ in range(5):
        await asyncio.sleep(0)
    assert rec.log == [3]  # chat 20 went on while chat 10's first entry was held
    rec.blocked[1].set()
    await asyncio.wait_for(queues.join(), 1)
    assert rec.log == [3, 1, 2]
    assert queues.busy_chats == 0


async def test_a_flood_from_one_chat_holds_one_slot() -> None:
    rec = Recorder()
    gate = asyncio.Event()
    flood = [entry(n, 10) for n in range(1, 201)]
    for item in flood:
        rec.blocked[item.receipt] = gate
    queues = ChatQueues(rec.handle, rec.reload, slots=2, cap=500, sleep=no_sleep)
    queues.put(flood)
    queues.put([entry(201, 20), entry(202, 30)])
    for _ in range(10):
        await asyncio.sleep(0)
    assert rec.log == [201, 202]  # the other two chats were not held up by 200 waiting
    gate.set()
    await asyncio.wait_for(queues.join(), 1)
    assert rec.log[2:] == list(range(1, 201))


async def test_entries_past_the_cap_are_read_back_from_the_inbox_in_order() -> None:
    rec = Recorder()
    flood = [entry(n, 10) for n in range(1, 26)]
    rec.stored = flood
    queues = ChatQueues(rec.handle, rec.reload, slots=2, cap=4, sleep=no_sleep)
    queues.put(flood[:10])
    queues.put(flood[10:])
    await asyncio.wait_for(queues.join(), 1)
    assert rec.log == list(range(1, 26))


async def test_a_failed_entry_is_tried_again_after_a_growing_backoff_holding_its_chat() -> None:
    rec = Recorder()
    rec.fail[1] = 3
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(0)

    queues = ChatQueues(rec.handle, rec.reload, backoff=Backoff(0.5, 4.0), sleep=sleep)
    queues.put([entry(1, 10), entry(2, 10), entry(3, 20)])
    await asyncio.wait_for(queues.join(), 1)
    assert waits == [0.5, 1.0, 2.0]
    assert rec.log.index(1) < rec.log.index(2)  # its chat's next entry waited behind it
    assert rec.log[0] == 3


async def test_stop_lets_the_entry_being_handled_finish_and_starts_no_other() -> None:
    rec = Recorder()
    rec.blocked[1] = asyncio.Event()
    queues = ChatQueues(rec.handle, rec.reload, sleep=no_sleep)
    queues.put([entry(1, 10), entry(2, 10)])
    await asyncio.sleep(0)
    stopping = asyncio.create_task(queues.stop(grace=1))
    await asyncio.sleep(0)
    rec.blocked[1].set()
    await asyncio.wait_for(stopping, 1)
    assert rec.log == [1]  # 2 stays in the inbox for the next start


async def test_an_answer_failing_for_a_minute_goes_out_within_the_cap_and_is_never_dropped() -> (
    None
):
    pace = VirtualTime()
    attempts: list[float] = []

    async def handle(item: InboxEntry) -> bool:
        attempts.append(pace.monotonic())
        return pace.monotonic() >= 60.0  # Telegram answers 502 for the first minute

    queues = ChatQueues(handle, Recorder().reload, sleep=pace.sleep)  # the process's backoff
    queues.put([entry(1, 10)])
    await asyncio.wait_for(queues.join(), 5)

    # ½ s doubling, capped at 30 s: tried again until it went out, at most 30 s late.
    assert attempts == [0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5, 61.5]
    assert attempts[-1] - 60 <= Backoff().most
