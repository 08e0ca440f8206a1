"""``/opening <branch> 1-11月 到馆 3200 外借 1500``: an opening balance, for admins."""

from __future__ import annotations

from telegram import Update

from bot.core.opening import OpeningCommand, parse_opening
from bot.telegram.context import BotContext
from handlers.common import answer, has_role, reader


async def opening(update: Update, context: BotContext) -> None:
    """Store a branch's totals for months before the bot as monthly figures."""
    person, render = await reader(update, context)
    if not await has_role(update, context, person, render, "admin"):
        return
    assert person is not None
    command = parse_opening(context.args or [], context.services.clock.today().year)
    if isinstance(command, OpeningCommand):
        outcome = await context.services.imports.opening(person, command)
    else:
        outcome = command  # the usage, or what could not be read
    await answer(update, context, render.opening(outcome))
