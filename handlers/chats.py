"""Gatekeeping: updates answered before, group chats, outsiders' floods, and buttons no
feature knows."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.telegram.context import BotContext
from handlers.common import answer_tap, tapper

log = logging.getLogger(__name__)


async def skip_answered(update: Update, context: BotContext) -> None:
    """An update that was handled and answered before changes nothing the second time."""
    if await context.services.updates.already_answered(update.update_id):
        raise ApplicationHandlerStop


async def group_policy(update: Update, context: BotContext) -> None:
    """In groups: leave the ones not configured; elsewhere act only on rostered commands
    and taps on the bot's buttons (whose handlers check who tapped)."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    if await _followed_migration(update, context):
        raise ApplicationHandlerStop
    if chat.id not in context.services.chats.group_chat_ids:
        log.info("leaving chat %s: not configured in the organisation file", chat.id)
        try:
            if update.callback_query is not None:
                await update.callback_query.answer()
            await context.bot.leave_chat(chat.id)
        except TelegramError as error:
            log.warning("could not leave chat %s: %s", chat.id, error)
        raise ApplicationHandlerStop
    if update.callback_query is not None:  # /lang in the group: its buttons
        return
    message = update.message
    user = update.effective_user
    is_command = bool(message and message.text and message.text.startswith("/"))
    if not is_command or user is None or await context.services.people.person(user.id) is None:
        raise ApplicationHandlerStop


async def pace_outsiders(update: Update, context: BotContext) -> None:
    """Someone not on the roster writing in private is answered at most once a minute;
    what they send meanwhile is dropped. An invite link (/start) always gets through."""
    chat, user, message = update.effective_chat, update.effective_user, update.message
    if chat is None or chat.type != ChatType.PRIVATE or user is None or message is None:
        return
    if message.text and message.text.startswith("/start"):
        return
    services = context.services
    if await services.people.person(user.id) is None and not services.outsiders.may_answer(chat.id):
        raise ApplicationHandlerStop


async def _followed_migration(update: Update, context: BotContext) -> bool:
    """Our group became a supergroup: remember its new id (either side of the move may
    arrive first). True when the update was such a notice."""
    message = update.message
    chat = update.effective_chat
    if message is None or chat is None:
        return False
    if message.migrate_to_chat_id:
        old, new = chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, chat.id
    else:
        return False
    services = context.services
    if old not in services.chats.group_chat_ids:
        return False
    log.info("group %s became supergroup %s; following it", old, new)
    await services.chats.chat_moved(old, new)
    return True


async def unknown_button(update: Update, context: BotContext) -> None:
    """A tap whose data no feature's pattern matches (an old or crafted button): close it,
    so the client stops waiting, and change nothing."""
    if await tapper(update, context) is not None:
        await answer_tap(update, context, None)
