"""``/digest [YYYY-Www]``, for managers: a preview of the weekly digest."""

from __future__ import annotations

from telegram import Update

from bot.core.weeks import WeekOutOfRange, first_week, monday_of, parse_week
from bot.jobs.digest import DigestPublisher
from bot.telegram.context import BotContext
from bot.telegram.sender import TelegramSender
from handlers.common import answer, is_manager, reader


async def digest(update: Update, context: BotContext) -> None:
    """The digest for a week (default: last week) here, as the leadership group would get it."""
    person, render = await reader(update, context)
    message = update.effective_message
    if not await is_manager(update, context, person, render) or message is None:
        return
    services = context.services
    if context.args:
        text, this_week = context.args[0], monday_of(services.clock.today())
        try:
            monday = parse_week(text)
        except WeekOutOfRange:
            monday = None
        except ValueError:
            await answer(update, context, render.bad_week(text))
            return
        if monday is None or monday > this_week:  # no figures yet, nor a calendar to hold it
            await answer(update, context, render.week_out_of_range(text, first_week(), this_week))
            return
    else:
        monday = services.digest.last_complete_week()
    publisher = DigestPublisher(services, TelegramSender(context.bot))
    await publisher.preview(message.chat_id, monday, render)
    await answer(update, context, None)
