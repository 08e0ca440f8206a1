"""Inbox entries handled side by side across chats, strictly in order within one.

An entry waits for its chat's turn *before* it takes one of the ``slots``: a chat with two
hundred entries waiting (a forward of many messages, an outsider's flood) holds one slot at
a time, never all of them, and everyone else's entries go on being handled. A report and
the /undo after it never overtake each other. A chat keeps at most ``cap`` entries in
memory; the rest wait in the inbox (they are written there already) and are read back
as the chat drains. An entry that could not be finished is tried again after a backoff,
holding no slot while it waits, and the chat's later entries wait behind it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from bot.telegram.backoff import Backoff
from storage.models import InboxEntry

log = logging.getLogger(__name__)

Handle = Callable[[InboxEntry], Awaitable[bool]]  # True: settled; False: try again later
Reload = Callable[[int, int, int], Awaitable[list[InboxEntry]]]  # (chat, after, limit)
Sleep = Callable[[float], Awaitable[None]]


@dataclass(slots=True)
class _Chat:
    """One chat's entries in memory, and whether more wait in the inbox."""

    waiting: deque[InboxEntry] = field(default_factory=deque)
    spilled: bool = False  # entries past the cap are in the inbox only
    spilled_lately: bool = False  # some were while the inbox was being read
    last: int = 0  # the receipt of the newest entry taken in
    task: asyncio.Task[None] | None = None


class ChatQueues:
    """Per-chat queues over a fixed number of slots (see the module docstring)."""

    def __init__(
        self,
        handle: Handle,
        reload: Reload,
        *,
        slots: int = 16,
        cap: int = 100,
        backoff: Backoff | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._handle = handle
        self._reload = reload
        self._slots = asyncio.Semaphore(slots)
        self._cap = cap
        self._backoff = backoff or Backoff()
        self._sleep = sleep
        self._chats: dict[int, _Chat] = {}
        self._stopping = asyncio.Event()  # set: no entry is started any more
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def busy_chats(self) -> int:
        """How many chats have entries waiting or being handled."""
        return len(self._chats)

    def put(self, entries: Iterable[InboxEntry]) -> None:
        """Take in entries already written to the inbox, in receipt order."""
        for entry in entries:
            chat = self._chats.get(entry.chat_key)
            if chat is None:
                chat = self._chats[entry.chat_key] = _Chat()
                chat.task = asyncio.get_running_loop().create_task(self._run(entry.chat_key))
                self._idle.clear()
            if entry.receipt <= chat.last:
                continue  # read back from the inbox already
            if chat.spilled or len(chat.waiting) >= self._cap:
                chat.spilled = chat.spilled_lately = True
            else:
                chat.waiting.append(entry)
                chat.last = entry.receipt

    async def join(self) -> None:
        """Wait until every chat's entries are handled."""
        await self._idle.wait()

    async def stop(self, grace: float) -> None:
        """Start no new entry; give the ones being handled ``grace`` seconds, then cancel
        them (their entries stay in the inbox, to be handled after the restart)."""
        self._stopping.set()
        tasks = [chat.task for chat in self._chats.values() if chat.task is not None]
        if not tasks:
            return
        _, late = await asyncio.wait(tasks, timeout=grace)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)

    async def _run(self, key: int) -> None:
        chat = self._chats[key]
        failures = 0
        try:
            while not self._stopping.is_set():
                if not chat.waiting and chat.spilled:
                    await self._read_back(key, chat)
                if not chat.waiting:
                    break
                entry = chat.waiting[0]
                async with self._slots:
                    if self._stopping.is_set():  # waited for the slot while the stop began
                        break
                    settled = await self._settled(entry)
                if settled:
                    chat.waiting.popleft()
                    failures = 0
                else:
                    failures += 1
                    await self._sleep(self._backoff.delay(failures))
        finally:
            del self._chats[key]
            if not self._chats:
                self._idle.set()

    async def _settled(self, entry: InboxEntry) -> bool:
        try:
            return await self._handle(entry)
        except Exception:  # a bug outside the handlers: the entry is tried again later
            log.exception("update %s could not be handled", entry.receipt)
            return False

    async def _read_back(self, key: int, chat: _Chat) -> None:
        """Read the entries past the cap back from the inbox. Entries put meanwhile stay
        spilled, so a later read finds them."""
        chat.spilled_lately = False
        more = await self._reload(key, chat.last, self._cap)
        chat.waiting.extend(more)
        if more:
            chat.last = more[-1].receipt
        chat.spilled = len(more) == self._cap or chat.spilled_lately
