"""Admins: ``/branch add|rename|close …`` — the organisation's branches changed in chat."""

from __future__ import annotations

from telegram import Update

from bot.core.branch_commands import BranchOutcome, BranchRefused, parse_branch
from bot.telegram.context import BotContext
from handlers.common import ROLE_RANK, answer, outsider, reader


async def branch(update: Update, context: BotContext) -> None:
    """Add, rename or close a branch; only admins, known by their Telegram user id."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    if ROLE_RANK[person.role] < ROLE_RANK["admin"]:
        await answer(update, context, render.refused("admin"))
        return
    services = context.services
    command = parse_branch(context.args or [], services.clock.today())
    outcome: BranchOutcome
    if isinstance(command, BranchRefused):
        outcome = command  # the usage, or what could not be read
    else:
        outcome = await services.branches.change(person, command, update.update_id)
    await answer(update, context, render.branch_changed(outcome))
