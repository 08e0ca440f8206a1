"""Updates from different chats run side by side; one chat's updates run in order.

A branch librarian's report and the /undo right after it must not overtake each other,
but nobody should wait for another branch's database round trips either.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import BaseUpdateProcessor


@dataclass
class _ChatTurn:
    """The lock that orders one chat's updates, and how many updates hold or await it."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """At most ``max_concurrent_updates`` at once, and one at a time per chat."""

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, _ChatTurn] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        """Run ``coroutine`` after the updates of the same chat that arrived before it."""
        chat = update.effective_chat if isinstance(update, Update) else None
        key = chat.id if chat is not None else 0
        turn = self._chats.setdefault(key, _ChatTurn())
        turn.users += 1
        try:
            async with turn.lock:
                await coroutine
        finally:
            turn.users -= 1
            if turn.users == 0:
                del self._chats[key]  # nobody holds or awaits it: keep the table small

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
