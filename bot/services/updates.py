"""Updates answered before, by receipt (the inbox's own number for an update): one handled
again after a kill or a failed answer changes nothing, and is not answered twice once its
answer is known to have gone out."""

from __future__ import annotations

from bot.core.clock import OrgClock
from storage import UpdatesRepo


class UpdateLog:
    """Which incoming updates were handled and answered."""

    def __init__(self, updates: UpdatesRepo, clock: OrgClock) -> None:
        self._store = updates
        self._clock = clock
        self._newest_answered = 0

    async def load(self) -> None:
        """Read the newest answered update id."""
        self._newest_answered = await self._store.newest_answered()

    async def already_answered(self, update_id: int) -> bool:
        """True when this update was handled and answered before.

        Receipts only grow, so one above the newest answered needs no query.
        """
        if update_id > self._newest_answered:
            return False
        return await self._store.already_answered(update_id)

    async def mark_answered(self, update_id: int) -> None:
        """Record that the answer to ``update_id`` went out."""
        await self._store.mark_replied(update_id, self._clock.now())
        self._newest_answered = max(self._newest_answered, update_id)
