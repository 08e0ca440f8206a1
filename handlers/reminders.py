"""``/mute [days]`` and ``/unmute`` for one's own reminders; noticing a person is back."""

from __future__ import annotations

from telegram import Update

from bot.core.commands import MuteCommand, parse_mute
from bot.telegram.context import BotContext
from handlers.common import answer, outsider, reader


async def mute(update: Update, context: BotContext) -> None:
    """No reminders until /unmute, or for a number of days."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    command = parse_mute(context.args or [])
    if isinstance(command, MuteCommand):
        result = await context.services.reminders.mute(person, command)
    else:
        result = command  # the usage
    await answer(update, context, render.mute_result(result))


async def unmute(update: Update, context: BotContext) -> None:
    """Reminders again."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    await answer(
        update, context, render.mute_result(await context.services.reminders.unmute(person))
    )


async def reachable_again(update: Update, context: BotContext) -> None:
    """Someone the bot could not reach wrote in private: they can be reminded again."""
    user, chat = update.effective_user, update.effective_chat
    if user is not None and chat is not None and chat.type == "private":
        await context.services.delivery.reachable_again(user.id)
