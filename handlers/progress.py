"""``/progress [metric|branch]``: the year so far against the annual plan."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from handlers.common import answer, outsider, reader


async def progress(update: Update, context: BotContext) -> None:
    """Year-to-date against the annual plan: ``/progress [metric|branch]``."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    words = " ".join(context.args or [])
    outcome = await context.services.progress.answer(person, words)
    await answer(update, context, render.progress_answer(outcome))
