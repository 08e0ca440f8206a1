"""``/export [year]``: the figures as an Excel workbook, for managers and admins."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode

from bot.core.commands import NotAYear, parse_year
from bot.services.export import NothingToExport
from bot.telegram.context import BotContext
from handlers.common import answer, is_manager, reader


async def export(update: Update, context: BotContext) -> None:
    """Send the year's workbook (default: this year) as a document."""
    person, render = await reader(update, context)
    message = update.effective_message
    if message is None or not await is_manager(update, context, person, render):
        return
    command = parse_year(context.args or [], context.services.clock.today().year)
    if isinstance(command, NotAYear):
        await answer(update, context, render.not_a_year(command.text, command.this_year))
        return
    result = await context.services.export.figures_workbook(render.t.locale, command)
    if isinstance(result, NothingToExport):
        await answer(update, context, render.nothing_to_export(result.year))
        return
    private = message.chat.type == "private"
    await context.bot.send_document(
        message.chat_id,
        document=result.content,
        filename=result.filename,
        caption=render.export_caption(context.services.org.org.name, result.year),
        parse_mode=ParseMode.HTML,
        reply_to_message_id=None if private else message.message_id,
        allow_sending_without_reply=True,
    )
    await answer(update, context, None)
