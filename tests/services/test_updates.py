"""UpdateLog: an update (by receipt) answered once is known as answered, also after a restart."""

from __future__ import annotations

from bot.core.clock import OrgClock
from bot.services.updates import UpdateLog
from storage import Storage


async def test_an_update_is_answered_once(storage: Storage, clock: OrgClock) -> None:
    log = UpdateLog(storage.updates, clock)
    await log.load()
    assert not await log.already_answered(41)
    await log.mark_answered(41)
    await storage.flush()  # the mark joins a group commit
    assert await log.already_answered(41)
    assert not await log.already_answered(40)  # below the newest, but never answered
    assert not await log.already_answered(42)


async def test_the_answered_updates_survive_a_restart(storage: Storage, clock: OrgClock) -> None:
    await UpdateLog(storage.updates, clock).mark_answered(7)
    await storage.flush()
    restarted = UpdateLog(storage.updates, clock)
    await restarted.load()
    assert await restarted.already_answered(7)
    assert await storage.updates.newest_answered() == 7
