"""``/progress [metric|branch]``: the year so far against the annual plan."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.constants import ParseMode

from bot.core.outcomes import RankingView
from bot.render import Renderer
from bot.telegram.context import BotContext
from bot.telegram.send import send
from handlers.common import answer, outsider, reader


async def progress(update: Update, context: BotContext) -> None:
    """Year-to-date against the annual plan: ``/progress [metric|branch]``."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    words = " ".join(context.args or [])
    outcome = await context.services.progress.answer(person, words)
    if isinstance(outcome, RankingView) and outcome.excerpt is not None:
        await long_ranking(update, context, render, outcome)
        return
    await answer(update, context, render.progress_answer(outcome))


async def long_ranking(
    update: Update, context: BotContext, render: Renderer, view: RankingView
) -> None:
    """One message with the excerpt, then the whole ranking as a workbook."""
    message = update.effective_message
    if message is not None:
        reply_to = None if message.chat.type == "private" else message.message_id
        await send(context.bot, message.chat_id, render.ranking(view), reply_to)
        filename, content = await asyncio.to_thread(render.ranking_workbook, view)
        await context.bot.send_document(
            message.chat_id,
            document=content,
            filename=filename,
            caption=render.ranking_caption(view),
            parse_mode=ParseMode.HTML,
            reply_to_message_id=reply_to,
            allow_sending_without_reply=True,
        )
    await answer(update, context, None)
