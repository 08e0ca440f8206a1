"""``/deadline`` (managers), ``/deadlines`` and ``/done``: task deadlines."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from handlers.common import answer, is_manager, outsider, reader

CANCEL_WORDS = ("cancel", "取消")


async def deadline(update: Update, context: BotContext) -> None:
    """Managers: ``/deadline <date> [#branch …] <task>`` or ``/deadline cancel <id>``."""
    person, render = await reader(update, context)
    if not await is_manager(update, context, person, render):
        return
    assert person is not None
    args = list(context.args or [])
    service = context.services.deadlines
    if args and args[0].casefold() in CANCEL_WORDS:
        cancelled = await service.cancel(person, args[1:])
        await answer(update, context, render.deadline_answer(cancelled))
    else:
        created = await service.create(person, args)
        await answer(update, context, render.deadline_answer(created))


async def deadlines(update: Update, context: BotContext) -> None:
    """The open deadlines: my branches' (staff) or everyone's (managers)."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    listed = await context.services.deadlines.open_for(person)
    await answer(update, context, render.deadline_list(listed))


async def done(update: Update, context: BotContext) -> None:
    """``/done <id> [branch|all]``: a branch's part of a deadline is done."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    result = await context.services.deadlines.done(person, list(context.args or []))
    await answer(update, context, render.done_answer(result))
