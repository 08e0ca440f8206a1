"""``/digest [YYYY-Www]`` (a preview of the weekly digest) and ``/missing``, for managers."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.core.weeks import parse_week
from bot.telegram.context import BotContext
from handlers.common import answer, is_manager, reader, send


async def digest(update: Update, context: BotContext) -> None:
    """The digest for a week (default: last week) here, as the leadership group would get it."""
    person, render = await reader(update, context)
    message = update.effective_message
    if not await is_manager(update, context, person, render) or message is None:
        return
    services = context.services
    if context.args:
        try:
            monday = parse_week(context.args[0])
        except ValueError:
            await answer(update, context, render.bad_week(context.args[0]))
            return
    else:
        monday = services.digest.last_complete_week()
    built = await services.digest.build(monday)
    await send(context, message.chat_id, render.digest(built))
    chart = await asyncio.to_thread(services.digest.chart, built, render.t)
    if chart is not None:
        await context.bot.send_photo(message.chat_id, chart)
    await answer(update, context, None)


async def missing(update: Update, context: BotContext) -> None:
    """Open branches that have not reported today."""
    person, render = await reader(update, context)
    if not await is_manager(update, context, person, render):
        return
    await answer(update, context, render.missing_today(await context.services.missing.missing()))
