"""Someone not on the roster is told how to join at most once a minute: a flood from one
outsider costs the bot one answer a minute, and nobody else anything."""

from __future__ import annotations

import datetime as dt

from bot.core.clock import OrgClock

EVERY = dt.timedelta(minutes=1)
_FORGET_ABOVE = 10_000  # chats remembered before the old ones are dropped


class OutsiderReplies:
    """When each outsider's chat was last answered (in memory: a restart answers again)."""

    def __init__(self, clock: OrgClock) -> None:
        self._clock = clock
        self._answered: dict[int, dt.datetime] = {}

    def may_answer(self, chat_id: int) -> bool:
        """True (and noted) when the chat has had no answer for a minute."""
        now = self._clock.now()
        last = self._answered.get(chat_id)
        if last is not None and now - last < EVERY:
            return False
        if len(self._answered) >= _FORGET_ABOVE:
            self._answered = {c: t for c, t in self._answered.items() if now - t < EVERY}
        self._answered[chat_id] = now
        return True
