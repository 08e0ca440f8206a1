"""The last resort: log the failure (token redacted by the log filter) and tell the sender."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.telegram.context import BotContext
from bot.telegram.send import send
from handlers.common import reader

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log the exception; in a private chat, say the message was not handled."""
    log.error("update %s failed", getattr(update, "update_id", "?"), exc_info=context.error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    if update.effective_chat is None or update.effective_chat.type != "private":
        return
    try:
        _, render = await reader(update, context)
        await send(context.bot, update.effective_message.chat_id, render.failure())
    except (TelegramError, OSError) as error:  # the failure may be the connection itself
        log.warning("could not report the failure: %s", error)
