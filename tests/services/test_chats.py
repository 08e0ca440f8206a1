"""ChatService: the leadership group followed through a move to a supergroup."""

from __future__ import annotations

from bot.core.clock import OrgClock
from bot.core.org import Organisation
from bot.services.chats import ChatService
from storage import Storage


async def test_the_leadership_chat_follows_its_moves(
    storage: Storage, org: Organisation, clock: OrgClock
) -> None:
    chats = ChatService(storage.chat_moves, org, clock)
    await chats.load()
    assert chats.leadership_chat == -100100
    assert chats.group_chat_ids == frozenset({-100100})

    await chats.chat_moved(-100100, -100200)
    await chats.chat_moved(-100200, -100300)  # and once more
    assert chats.leadership_chat == -100300
    assert chats.group_chat_ids == frozenset({-100100, -100200, -100300})


async def test_moves_are_remembered_across_a_restart(
    storage: Storage, org: Organisation, clock: OrgClock
) -> None:
    before = ChatService(storage.chat_moves, org, clock)
    await before.chat_moved(-100100, -100200)
    after = ChatService(storage.chat_moves, org, clock)
    assert after.leadership_chat == -100100  # not loaded yet
    await after.load()
    assert after.leadership_chat == -100200
    assert await storage.chat_moves.moves() == {-100100: -100200}


async def test_a_move_of_another_group_does_not_move_the_leadership_chat(
    storage: Storage, org: Organisation, clock: OrgClock
) -> None:
    chats = ChatService(storage.chat_moves, org, clock)
    await chats.chat_moved(-555, -556)
    assert chats.leadership_chat == -100100
    assert -556 in chats.group_chat_ids
