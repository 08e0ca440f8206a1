"""Slash commands: /start, /help, /today, /undo, /lang, /progress, /invite."""

from __future__ import annotations

from telegram import Update

from bot.core.commands import InviteCommand, parse_invite
from bot.render import Button, Reply
from bot.telegram.context import BotContext
from handlers.common import ROLE_RANK, answer, outsider, reader


async def start(update: Update, context: BotContext) -> None:
    """Welcome, or join through an invite link (``/start <code>``)."""
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None:
        return
    services = context.services
    if context.args:
        joined = await services.people.join(
            context.args[0], user.id, user.full_name, user.language_code
        )
        person, render = await reader(update, context)
        if joined.status == "joined" and person is not None:
            await answer(
                update, context, render.joined(person.name, person.role, joined.branch_name or "")
            )
        else:
            await message.reply_html(render.join_failed(joined.status))
        return
    person, render = await reader(update, context)
    if person is None:
        await message.reply_html(render.outsider())
        return
    await answer(update, context, render.welcome(person.name, person.role))


async def help_command(update: Update, context: BotContext) -> None:
    """What the bot understands, for this person's role."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    await answer(update, context, render.help(person.role))


async def today(update: Update, context: BotContext) -> None:
    """What my branches have reported today."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    day, figures, closed = await context.services.reporting.today_figures(person)
    names = {code: context.services.org.branch(code).name for code in person.branches}
    await answer(update, context, render.today(day, names, figures, closed))


async def undo(update: Update, context: BotContext) -> None:
    """Take back my last report."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    outcome = await context.services.reporting.undo(person, update.update_id)
    await answer(update, context, render.undo_reply(outcome))


async def lang(update: Update, context: BotContext) -> None:
    """Offer the languages as buttons."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    buttons = ((Button("中文", "lang:zh_CN"), Button("English", "lang:en")),)
    await answer(update, context, Reply(render.choose_language(), buttons))


async def progress(update: Update, context: BotContext) -> None:
    """Year-to-date against the annual plan: ``/progress [metric|branch]``."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    words = " ".join(context.args or [])
    outcome = await context.services.progress.answer(person, words)
    await answer(update, context, render.progress_answer(outcome))


async def invite(update: Update, context: BotContext) -> None:
    """Admins: ``/invite <branch> [role]`` makes a single-use join link."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    if ROLE_RANK[person.role] < ROLE_RANK["admin"]:
        await answer(update, context, render.refused("admin"))
        return
    command = parse_invite(context.args or [])
    if isinstance(command, InviteCommand):
        outcome = await context.services.people.create_invite(person, command)
    else:
        outcome = command  # the usage
    await answer(update, context, render.invite(outcome, context.bot.username))
