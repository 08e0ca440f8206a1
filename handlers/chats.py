"""Gatekeeping before any handler: updates answered before, and group chats."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext

log = logging.getLogger(__name__)


async def skip_answered(update: Update, context: BotContext) -> None:
    """An update that was handled and answered before changes nothing the second time."""
    if await context.services.already_answered(update.update_id):
        raise ApplicationHandlerStop


async def group_policy(update: Update, context: BotContext) -> None:
    """In groups: leave the ones not configured; elsewhere act only on rostered commands."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    if chat.id not in context.services.group_chat_ids:
        log.info("leaving chat %s: not configured in the organisation file", chat.id)
        try:
            await context.bot.leave_chat(chat.id)
        except TelegramError as error:
            log.warning("could not leave chat %s: %s", chat.id, error)
        raise ApplicationHandlerStop
    message = update.message
    user = update.effective_user
    is_command = bool(message and message.text and message.text.startswith("/"))
    if not is_command or user is None or await context.services.people.person(user.id) is None:
        raise ApplicationHandlerStop
