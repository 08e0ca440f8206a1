"""``/missing``, for managers: open branches that have not reported today."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from handlers.common import answer, is_manager, reader


async def missing(update: Update, context: BotContext) -> None:
    """Open branches that have not reported today."""
    person, render = await reader(update, context)
    if not await is_manager(update, context, person, render):
        return
    await answer(update, context, render.missing_today(await context.services.missing.missing()))
