"""People: /start (and joining by invite link), /help, /lang and its buttons, /invite."""

from __future__ import annotations

import re

from telegram import Update

from bot.core.commands import InviteCommand, parse_invite
from bot.core.person_names import person_name
from bot.render import Reply
from bot.render.base import ButtonAction, SetLanguage
from bot.telegram.context import BotContext
from bot.telegram.send import send
from handlers.common import answer, answer_tap, has_role, outsider, reader, tapper

# Callback data: ``lang:<locale>``.
LANGUAGE_BUTTONS = r"^lang:"
_WRITTEN = re.compile(r"lang:(?P<locale>[A-Za-z]{2,3}(?:_[A-Za-z]{2,4})?)")


def payload(action: ButtonAction) -> str:
    """A language button's action as callback data."""
    if isinstance(action, SetLanguage):
        return f"lang:{action.locale}"
    raise ValueError(f"not a language button: {action!r}")


def action(data: str) -> SetLanguage | None:
    """The language a button's callback data asks for (None: not a language button, or
    not written by us)."""
    written = _WRITTEN.fullmatch(data)
    return SetLanguage(written["locale"]) if written else None


async def start(update: Update, context: BotContext) -> None:
    """Welcome, or join through an invite link (``/start <code>``)."""
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None:
        return
    services = context.services
    if context.args:
        joined = await services.people.join(
            context.args[0],
            user.id,
            person_name(user.first_name, user.last_name),
            user.language_code,
        )
        person, render = await reader(update, context)
        if joined.status == "joined" and person is not None:
            await answer(
                update,
                context,
                render.joined(
                    person.name, joined.branch_name or "", context.help_lines(person.role)
                ),
            )
        else:
            await send(context.bot, message.chat_id, render.join_failed(joined.status))
        return
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    await answer(update, context, render.welcome(person.name, context.help_lines(person.role)))


async def help_command(update: Update, context: BotContext) -> None:
    """What the bot understands, for this person's role."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    await answer(update, context, render.help(context.help_lines(person.role)))


async def lang(update: Update, context: BotContext) -> None:
    """Offer the languages as buttons."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    await answer(update, context, render.choose_language(), payload)


async def on_language(update: Update, context: BotContext) -> None:
    """A tap on a language button: write to this person in that language from now on."""
    tap = await tapper(update, context)
    if tap is None:
        return
    query, person, _ = tap
    chosen = action(query.data or "")
    reply = None
    if chosen is not None and await context.services.people.set_language(person, chosen.locale):
        reply = Reply(context.services.renderers.for_locale(chosen.locale).language_set())
    await answer_tap(update, context, reply, payload)


async def invite(update: Update, context: BotContext) -> None:
    """Admins: ``/invite <branch> [role]`` makes a single-use join link."""
    person, render = await reader(update, context)
    if not await has_role(update, context, person, render, "admin"):
        return
    assert person is not None
    command = parse_invite(context.args or [])
    if isinstance(command, InviteCommand):
        outcome = await context.services.people.create_invite(person, command)
    else:
        outcome = command  # the usage
    await answer(update, context, render.invite(outcome, context.bot.username))
