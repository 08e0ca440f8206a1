"""Small pieces every handler uses: who is writing, how to answer them."""

from __future__ import annotations

from typing import Literal

from telegram import CallbackQuery, Message, Update

from bot.render import Renderer, Reply
from bot.telegram.context import BotContext
from bot.telegram.send import Encode, no_buttons, replace_tapped, send
from storage import models

ROLE_RANK = {"staff": 0, "manager": 1, "admin": 2}


async def reader(update: Update, context: BotContext) -> tuple[models.Person | None, Renderer]:
    """The rostered person behind the update (None: an outsider) and their renderer."""
    services = context.services
    user = update.effective_user
    person = await services.people.person(user.id) if user else None
    locale = services.people.locale_for(person, user.language_code if user else None)
    return person, services.renderers.for_locale(locale, person.branches if person else ())


async def answer(
    update: Update, context: BotContext, reply: Reply | str | None, encode: Encode = no_buttons
) -> None:
    """Reply in the update's chat, then note the update as answered.

    Called only after the service committed, so a confirmation never precedes its commit.
    """
    message = update.effective_message
    if reply is not None and message is not None:
        # Private chats read top to bottom: quoting the report would only cost a round of
        # parsing. In a group, the answer quotes the command it answers.
        private = message.chat.type == "private"
        reply_to = None if private else message.message_id
        await send(context.bot, message.chat_id, reply, reply_to, encode)
    await context.services.updates.mark_answered(update.update_id)


def revision(message: Message) -> int:
    """The message's version: the time of its latest edit, or of its sending."""
    return int((message.edit_date or message.date).timestamp())


async def outsider(update: Update, text: str) -> None:
    """Answer someone not on the roster in private; stay silent in groups."""
    message = update.effective_message
    if message is not None and message.chat.type == "private":
        await send(message.get_bot(), message.chat_id, text)


async def has_role(
    update: Update,
    context: BotContext,
    person: models.Person | None,
    render: Renderer,
    role: Literal["manager", "admin"],
) -> bool:
    """True for ``role`` and those above it; others get the refusal they should see."""
    if person is None:
        await outsider(update, render.outsider())
        return False
    if ROLE_RANK[person.role] < ROLE_RANK[role]:
        await answer(update, context, render.refused(role))
        return False
    return True


async def is_manager(
    update: Update, context: BotContext, person: models.Person | None, render: Renderer
) -> bool:
    """True for managers and admins; others get the refusal they should see."""
    return await has_role(update, context, person, render, "manager")


async def tapper(
    update: Update, context: BotContext
) -> tuple[CallbackQuery, models.Person, Renderer] | None:
    """The button tap behind the update, who tapped and their renderer; an outsider's tap
    is answered with a pop-up and gives None, and so is a tap that carries no data."""
    query = update.callback_query
    if query is None:
        return None
    if query.data is None:  # a game's button: none of ours
        await query.answer()
        await context.services.updates.mark_answered(update.update_id)
        return None
    person, render = await reader(update, context)
    if person is None:
        await query.answer(render.outsider_short(), show_alert=True)
        await context.services.updates.mark_answered(update.update_id)
        return None
    return query, person, render


async def answer_tap(
    update: Update,
    context: BotContext,
    reply: Reply | None,
    encode: Encode = no_buttons,
    *,
    toast: str | None = None,
) -> None:
    """Close the tap (with a ``toast`` over the chat, if given), put ``reply`` in place of
    the message tapped, note the update answered."""
    query = update.callback_query
    assert query is not None
    await query.answer(toast)
    if reply is not None and query.message is not None:
        await replace_tapped(query, reply, encode)
    await context.services.updates.mark_answered(update.update_id)
