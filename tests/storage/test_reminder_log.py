"""The reminders' sent-log, unreachable people and mutes, on a real database file."""

from __future__ import annotations

import datetime as dt

from storage.sqlite import SqliteStorage
from tests.storage.sample import DAY, NOW


async def test_a_claim_is_taken_once_and_a_settled_row_never_again(store: SqliteStorage) -> None:
    assert await store.reminder_log.claim(1001, DAY, "report", NOW)
    assert not await store.reminder_log.claim(1001, DAY, "report", NOW)  # a fresh claim is held
    assert await store.reminder_log.claim(1001, DAY, "escalation", NOW)  # another kind
    assert await store.reminder_log.claim(
        1001, DAY + dt.timedelta(days=1), "report", NOW
    )  # another day
    await store.reminder_log.settle(1001, DAY, "report", "sent", NOW, message_id=7)
    later = NOW + dt.timedelta(hours=5)
    assert not await store.reminder_log.claim(1001, DAY, "report", later)
    assert await store.reminder_log.outcomes(DAY, "report") == {1001: "sent"}


async def test_a_stale_unsettled_claim_is_taken_over(store: SqliteStorage) -> None:
    assert await store.reminder_log.claim(1001, DAY, "report", NOW)
    assert not await store.reminder_log.claim(1001, DAY, "report", NOW + dt.timedelta(minutes=9))
    assert await store.reminder_log.claim(1001, DAY, "report", NOW + dt.timedelta(minutes=11))
    assert await store.reminder_log.outcomes(DAY, "report") == {1001: None}


async def test_a_released_claim_may_be_claimed_again(store: SqliteStorage) -> None:
    assert await store.reminder_log.claim(1001, DAY, "report", NOW)
    await store.reminder_log.release(1001, DAY, "report")
    assert await store.reminder_log.outcomes(DAY, "report") == {}
    assert await store.reminder_log.claim(1001, DAY, "report", NOW)
    await store.reminder_log.settle(1001, DAY, "report", "blocked", NOW)
    await store.reminder_log.release(1001, DAY, "report")  # a settled row is kept
    assert await store.reminder_log.outcomes(DAY, "report") == {1001: "blocked"}


async def test_unreachable_people_are_remembered_until_cleared(store: SqliteStorage) -> None:
    await store.reminder_log.mark_unreachable(1001, "Forbidden: bot was blocked by the user", NOW)
    await store.reminder_log.mark_unreachable(1001, "again", NOW)
    await store.reminder_log.mark_unreachable(1002, "Bad Request: chat not found", NOW)
    assert await store.reminder_log.unreachable() == {1001, 1002}
    await store.reminder_log.clear_unreachable(1001)
    assert await store.reminder_log.unreachable() == {1002}


async def test_a_mute_lasts_through_its_last_day_or_until_unmuted(store: SqliteStorage) -> None:
    await store.reminder_log.mute(1001, DAY + dt.timedelta(days=1), NOW)
    await store.reminder_log.mute(1002, None, NOW)
    assert await store.reminder_log.muted(DAY) == {1001, 1002}
    assert await store.reminder_log.muted(DAY + dt.timedelta(days=1)) == {1001, 1002}
    assert await store.reminder_log.muted(DAY + dt.timedelta(days=2)) == {1002}
    assert await store.reminder_log.unmute(1002)
    assert not await store.reminder_log.unmute(1002)
    assert await store.reminder_log.muted(DAY) == {1001}
