"""Reports parked until the sender taps a button."""

from __future__ import annotations

import datetime as dt

from storage.models import PendingReport
from storage.sqlite import SqliteStorage
from storage.sqlite.db import Database
from tests.storage.sample import NOW, snapshot

PAYLOAD: dict[str, object] = {
    "date": "2026-11-20",
    "closed": False,
    "figures": {"visitors": 1234, "loans": 560},
    "branch": "角楼",
}


async def park(store: SqliteStorage, update_id: int | None = None) -> int | None:
    return await store.pending.park_report(
        user_id=1001,
        chat_id=1001,
        message_id=7,
        revision=1_790_000_000,
        reason="unusual",
        payload=PAYLOAD,
        now=NOW,
        update_id=update_id,
    )


async def test_park_and_fetch(store: SqliteStorage, db: Database) -> None:
    pending_id = await park(store)
    assert pending_id is not None
    assert await store.pending.pending_report(pending_id) == PendingReport(
        pending_id, 1001, 1001, 7, 1_790_000_000, "unusual", PAYLOAD, False
    )
    assert await store.pending.pending_report(pending_id + 1) is None


async def test_resolve_once(store: SqliteStorage, db: Database) -> None:
    pending_id = await park(store)
    assert pending_id is not None
    assert await store.pending.resolve_pending(pending_id, NOW + dt.timedelta(minutes=1))
    before = await snapshot(db)
    assert not await store.pending.resolve_pending(pending_id, NOW + dt.timedelta(minutes=2))
    assert await snapshot(db) == before
    parked = await store.pending.pending_report(pending_id)
    assert parked is not None and parked.resolved
    assert not await store.pending.resolve_pending(pending_id + 1, NOW)


async def test_the_same_update_parks_once(store: SqliteStorage, db: Database) -> None:
    first = await park(store, update_id=12)
    before = await snapshot(db)
    assert first is not None
    assert await park(store, update_id=12) == first  # handled again: the same question
    assert await snapshot(db) == before
    second = await park(store, update_id=13)
    assert second is not None and second != first
