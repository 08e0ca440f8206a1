"""The group chats the bot belongs in, following a group that became a supergroup."""

from __future__ import annotations

from bot.core.clock import OrgClock
from bot.core.org import Organisation
from storage import ChatMovesRepo


class ChatService:
    """Where the leadership group is now, and which groups the bot may stay in."""

    def __init__(self, chat_moves: ChatMovesRepo, org: Organisation, clock: OrgClock) -> None:
        self._store = chat_moves
        self._org = org
        self._clock = clock
        self._moves: dict[int, int] = {}

    async def load(self) -> None:
        """Read the recorded moves."""
        self._moves = await self._store.moves()

    @property
    def leadership_chat(self) -> int | None:
        """The leadership group's id now (it changes when a group becomes a supergroup)."""
        chat = self._org.org.leadership_chat_id
        while chat in self._moves:
            chat = self._moves[chat]
        return chat

    @property
    def group_chat_ids(self) -> frozenset[int]:
        """The group chats the bot belongs in; it leaves any other."""
        chat = self._org.org.leadership_chat_id
        if chat is None:
            return frozenset()
        return frozenset({chat, *self._moves.values()})

    async def chat_moved(self, old_chat_id: int, new_chat_id: int) -> None:
        """Follow a group that became a supergroup."""
        if self._moves.get(old_chat_id) != new_chat_id:
            await self._store.record_move(old_chat_id, new_chat_id, self._clock.now())
            self._moves[old_chat_id] = new_chat_id
