"""One chat's updates in order, different chats side by side."""

from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update

from bot.telegram.ordering import PerChatUpdateProcessor


def update_in(chat_id: int, update_id: int) -> Update:
    chat = Chat(chat_id, "private")
    return Update(update_id, message=Message(update_id, None, chat))  # type: ignore[arg-type]


async def test_same_chat_waits_other_chats_do_not() -> None:
    processor = PerChatUpdateProcessor(8)
    release = asyncio.Event()
    log: list[str] = []

    async def work(name: str, wait: bool) -> None:
        log.append(f"{name} start")
        if wait:
            await release.wait()
        log.append(f"{name} end")

    first = asyncio.create_task(processor.process_update(update_in(1, 1), work("a1", True)))
    second = asyncio.create_task(processor.process_update(update_in(1, 2), work("a2", False)))
    other = asyncio.create_task(processor.process_update(update_in(2, 3), work("b", False)))
    await asyncio.wait_for(other, 1)
    assert log == ["a1 start", "b start", "b end"]  # chat 2 ran while chat 1 waited

    release.set()
    await asyncio.wait_for(asyncio.gather(first, second), 1)
    assert log[3:] == ["a1 end", "a2 start", "a2 end"]
    assert processor._chats == {}  # nothing left behind once a chat is idle
