"""The reminders' sent-log, unreachable people and mutes, on a real database file."""

from __future__ import annotations

import datetime as dt

from storage import reminder_log as log
from storage.db import Database
from tests.storage.sample import DAY, NOW


async def test_a_claim_is_taken_once_and_a_settled_row_never_again(db: Database) -> None:
    assert await log.claim(db, 1001, DAY, "report", NOW)
    assert not await log.claim(db, 1001, DAY, "report", NOW)  # a fresh claim is held
    assert await log.claim(db, 1001, DAY, "escalation", NOW)  # another kind
    assert await log.claim(db, 1001, DAY + dt.timedelta(days=1), "report", NOW)  # another day
    await log.settle(db, 1001, DAY, "report", "sent", NOW, message_id=7)
    later = NOW + dt.timedelta(hours=5)
    assert not await log.claim(db, 1001, DAY, "report", later)
    assert await log.outcomes(db, DAY, "report") == {1001: "sent"}


async def test_a_stale_unsettled_claim_is_taken_over(db: Database) -> None:
    assert await log.claim(db, 1001, DAY, "report", NOW)
    assert not await log.claim(db, 1001, DAY, "report", NOW + dt.timedelta(minutes=9))
    assert await log.claim(db, 1001, DAY, "report", NOW + dt.timedelta(minutes=11))
    assert await log.outcomes(db, DAY, "report") == {1001: None}


async def test_a_released_claim_may_be_claimed_again(db: Database) -> None:
    assert await log.claim(db, 1001, DAY, "report", NOW)
    await log.release(db, 1001, DAY, "report")
    assert await log.outcomes(db, DAY, "report") == {}
    assert await log.claim(db, 1001, DAY, "report", NOW)
    await log.settle(db, 1001, DAY, "report", "blocked", NOW)
    await log.release(db, 1001, DAY, "report")  # a settled row is kept
    assert await log.outcomes(db, DAY, "report") == {1001: "blocked"}


async def test_unreachable_people_are_remembered_until_cleared(db: Database) -> None:
    await log.mark_unreachable(db, 1001, "Forbidden: bot was blocked by the user", NOW)
    await log.mark_unreachable(db, 1001, "again", NOW)
    await log.mark_unreachable(db, 1002, "Bad Request: chat not found", NOW)
    assert await log.unreachable(db) == {1001, 1002}
    await log.clear_unreachable(db, 1001)
    assert await log.unreachable(db) == {1002}


async def test_a_mute_lasts_through_its_last_day_or_until_unmuted(db: Database) -> None:
    await log.mute(db, 1001, DAY + dt.timedelta(days=1), NOW)
    await log.mute(db, 1002, None, NOW)
    assert await log.muted(db, DAY) == {1001, 1002}
    assert await log.muted(db, DAY + dt.timedelta(days=1)) == {1001, 1002}
    assert await log.muted(db, DAY + dt.timedelta(days=2)) == {1002}
    assert await log.unmute(db, 1002)
    assert not await log.unmute(db, 1002)
    assert await log.muted(db, DAY) == {1001}
