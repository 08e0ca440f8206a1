"""``/deadline`` (managers), ``/deadlines`` and ``/done``: task deadlines."""

from __future__ import annotations

from telegram import Update

from bot.core.commands import CancelDeadline, DoneCommand, SetDeadline, parse_deadline, parse_done
from bot.core.deadlines.outcomes import CancelResult, DeadlineCreated, DeadlineRefused
from bot.jobs.announcements import announce_deadline
from bot.telegram.context import BotContext
from bot.telegram.sender import TelegramSender
from handlers.common import answer, is_manager, outsider, reader


async def deadline(update: Update, context: BotContext) -> None:
    """Managers: ``/deadline <date> [#branch …] <task>`` or ``/deadline cancel <id>``."""
    person, render = await reader(update, context)
    if not await is_manager(update, context, person, render):
        return
    assert person is not None
    command = parse_deadline(context.args or [], context.services.clock.today())
    service = context.services.deadlines
    outcome: DeadlineCreated | DeadlineRefused | CancelResult
    if isinstance(command, SetDeadline):
        outcome = await service.create(person, command)
    elif isinstance(command, CancelDeadline):
        outcome = await service.cancel(person, command)
    else:
        outcome = command  # the usage or refusal
    await answer(update, context, render.deadline_answer(outcome))
    if not isinstance(outcome, DeadlineRefused):  # the branches hear of it after the author
        await announce_deadline(TelegramSender(context.bot), context.services, outcome, person)


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
    command = parse_done(context.args or [])
    if isinstance(command, DoneCommand):
        result = await context.services.deadlines.done(person, command)
    else:
        result = command  # the usage
    await answer(update, context, render.done_answer(result))
