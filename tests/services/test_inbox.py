"""The inbox: written before it is acknowledged, repeats known by what they are, every
receipt new, unhandled entries found again after a restart, handled ones pruned."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.core.clock import ManualClock, OrgClock
from bot.services.inbox import Inbox, chat_key, fingerprint
from storage import Storage


def message(update_id: int, message_id: int, text: str, chat: int = 1001) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "date": 1_763_600_000 + message_id,
            "chat": {"id": chat, "type": "private", "first_name": "王芳"},
            "from": {"id": chat, "is_bot": False, "first_name": "王芳"},
            "text": text,
        },
    }


def tap(update_id: int, chat: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": "q1",
            "chat_instance": "c",
            "data": "undo:1",
            "from": {"id": 5, "is_bot": False, "first_name": "A"},
            "message": {"message_id": 3, "date": 1, "chat": {"id": chat, "type": "private"}},
        },
    }


def test_chat_keys_and_fingerprints() -> None:
    assert chat_key(message(1, 1, "到馆 1", chat=42)) == 42
    assert chat_key(tap(2, chat=43)) == 43  # a tap keeps the order of its message's chat
    assert chat_key({"update_id": 3, "inline_query": {"id": "x", "from": {"id": 7}}}) == 7
    assert chat_key({"update_id": 4, "poll": {"id": "p"}}) == 0
    edited = message(5, 1, "到馆 2")
    edited["edited_message"] = {**edited.pop("message"), "edit_date": 99}
    assert fingerprint(message(1, 1, "到馆 1")) == fingerprint(message(9, 1, "到馆 1"))
    assert fingerprint(edited) != fingerprint(message(5, 1, "到馆 2"))
    assert fingerprint(tap(2, 43)) == fingerprint(tap(8, 43))


async def test_a_repeat_is_stored_once_a_new_update_under_an_old_id_is_not_a_repeat(
    storage: Storage, clock: OrgClock
) -> None:
    inbox = Inbox(storage.inbox, clock)
    first = await inbox.receive([message(80, 1, "到馆 100"), message(81, 2, "到馆 200")])
    repeat = await inbox.receive([message(81, 2, "到馆 200"), message(82, 3, "到馆 300")])
    # After a quiet week Telegram may start again at any id: 80 is a new message now.
    reset = await inbox.receive([message(80, 4, "到馆 400")])

    assert [e.update_id for e in first] == [80, 81]
    assert [e.update_id for e in repeat] == [82]  # 81 was stored before
    assert [e.update_id for e in reset] == [80]
    receipts = [e.receipt for e in (*first, *repeat, *reset)]
    assert receipts == sorted(set(receipts))  # every receipt new, in arrival order


async def test_unhandled_entries_are_found_again_handled_ones_pruned(
    storage: Storage, clock: OrgClock, manual: ManualClock
) -> None:
    inbox = Inbox(storage.inbox, clock)
    a, b, c = await inbox.receive(
        [message(1, 1, "a", chat=1), message(2, 1, "b", chat=2), message(3, 2, "c", chat=1)]
    )
    inbox.settle(a, "handled")
    await storage.flush()

    assert await inbox.unhandled() == [b, c]
    assert await inbox.unhandled(chat_key=1) == [c]
    assert await inbox.unhandled(chat_key=1, after=c.receipt) == []
    assert await inbox.prune() == 0  # kept a while, so a late repeat is still known
    manual.advance(days=8)
    assert await inbox.prune() == 1
    assert await inbox.receive([message(1, 1, "a", chat=1)])  # forgotten: new again


async def test_an_answer_is_worth_sending_for_a_day(
    storage: Storage, clock: OrgClock, manual: ManualClock
) -> None:
    inbox = Inbox(storage.inbox, clock)
    [entry] = await inbox.receive([message(1, 1, "到馆 1")])
    manual.advance(hours=23)
    assert not inbox.too_old_to_answer(entry)
    manual.advance(hours=2)
    assert inbox.too_old_to_answer(entry)
    assert entry.received_at.tzinfo is not None and entry.received_at < clock.now()
    assert clock.now() - entry.received_at > dt.timedelta(hours=24)
