"""Admins: ``/branch add|rename|close …`` — the organisation's branches changed in chat."""

from __future__ import annotations

from telegram import Update

from bot.core.branch_commands import BranchOutcome, BranchRefused, parse_branch
from bot.telegram.context import BotContext
from handlers.common import answer, has_role, reader


async def branch(update: Update, context: BotContext) -> None:
    """Add, rename or close a branch; only admins, known by their Telegram user id."""
    person, render = await reader(update, context)
    if not await has_role(update, context, person, render, "admin"):
        return
    assert person is not None
    services = context.services
    command = parse_branch(context.args or [], services.clock.today())
    outcome: BranchOutcome
    if isinstance(command, BranchRefused):
        outcome = command  # the usage, or what could not be read
    else:
        outcome = await services.branches.change(person, command, update.update_id)
    await answer(update, context, render.branch_changed(outcome))
