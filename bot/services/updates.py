"""Updates answered before: Telegram may deliver one twice, the second changes nothing."""

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

        Telegram's update ids only grow, so one above the newest answered id needs no query.
        """
        if update_id > self._newest_answered:
            return False
        return await self._store.already_answered(update_id)

    async def mark_answered(self, update_id: int) -> None:
        """Record that the answer to ``update_id`` went out."""
        await self._store.mark_replied(update_id, self._clock.now())
        self._newest_answered = max(self._newest_answered, update_id)
