"""The last resort: log the failure (token redacted by the log filter) and tell the sender."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, TelegramError

from bot.render import Renderer
from bot.telegram.context import BotContext
from bot.telegram.send import send
from handlers.common import reader

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log the exception; close a tap with a pop-up saying it failed, so the client stops
    waiting; in a private chat, say the message was not handled."""
    log.error("update %s failed", getattr(update, "update_id", "?"), exc_info=context.error)
    if not isinstance(update, Update):
        return
    if update.callback_query is not None and await _close_tap(update, context):
        return
    if update.effective_message is None:
        return
    if update.effective_chat is None or update.effective_chat.type != "private":
        return
    try:
        render = await _renderer(update, context)
        await send(context.bot, update.effective_message.chat_id, render.failure())
    except (TelegramError, OSError) as error:  # the failure may be the connection itself
        log.warning("could not report the failure: %s", error)


async def _close_tap(update: Update, context: BotContext) -> bool:
    """Answer the failed tap with a pop-up; False when it had been answered before the
    failure (the pop-up can no longer be shown)."""
    query = update.callback_query
    assert query is not None
    try:
        await query.answer((await _renderer(update, context)).tap_failed(), show_alert=True)
    except BadRequest:  # answered already: Telegram takes one answer per tap
        return False
    except (TelegramError, OSError) as error:
        log.warning("could not answer the failed tap: %s", error)
    return True


async def _renderer(update: Update, context: BotContext) -> Renderer:
    """The reader's renderer, or, when even that fails (the failure may be the database),
    one in the language their Telegram app uses."""
    try:
        return (await reader(update, context))[1]
    except Exception:  # whatever broke the update may break this too
        user = update.effective_user
        services = context.services
        locale = services.people.locale_for(None, user.language_code if user else None)
        return services.renderers.for_locale(locale)
