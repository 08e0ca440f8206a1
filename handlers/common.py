"""Small pieces every handler uses: who is writing, how to send a rendered reply."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode

from bot.render import Renderer, Reply
from bot.render.base import split_text
from bot.telegram.context import BotContext
from storage.models import Person

ROLE_RANK = {"staff": 0, "manager": 1, "admin": 2}


async def reader(update: Update, context: BotContext) -> tuple[Person | None, Renderer]:
    """The rostered person behind the update (None: an outsider) and their renderer."""
    services = context.services
    user = update.effective_user
    person = await services.people.person(user.id) if user else None
    locale = services.people.locale_for(person, user.language_code if user else None)
    return person, services.renderers.for_locale(locale)


def markup(reply: Reply) -> InlineKeyboardMarkup | None:
    """Inline buttons for ``reply``, if it has any."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in reply.buttons
        ]
    )


async def answer(update: Update, context: BotContext, reply: Reply | str | None) -> None:
    """Reply in the update's chat, then note the update as answered.

    Called only after the service committed, so a confirmation never precedes its commit.
    """
    message = update.effective_message
    if reply is not None and message is not None:
        # Private chats read top to bottom: quoting the report would only cost a round of
        # parsing. In a group, the answer quotes the command it answers.
        private = message.chat.type == "private"
        await send(
            context, message.chat_id, reply, reply_to=None if private else message.message_id
        )
    await context.services.updates.mark_answered(update.update_id)


async def send(
    context: BotContext, chat_id: int, reply: Reply | str, reply_to: int | None = None
) -> Message:
    """Send a rendered reply as HTML; a text over Telegram's limit goes in several
    messages, the buttons under the last."""
    if isinstance(reply, str):
        reply = Reply(reply)
    parts = split_text(reply.text)
    for part in parts[:-1]:
        await context.bot.send_message(
            chat_id, part, parse_mode=ParseMode.HTML,
            reply_to_message_id=reply_to, allow_sending_without_reply=True,
        )  # fmt: skip
    return await context.bot.send_message(
        chat_id,
        parts[-1],
        parse_mode=ParseMode.HTML,
        reply_markup=markup(reply),
        reply_to_message_id=reply_to,
        allow_sending_without_reply=True,
    )


def revision(message: Message) -> int:
    """The message's version: the time of its latest edit, or of its sending."""
    return int((message.edit_date or message.date).timestamp())


async def outsider(update: Update, text: str) -> None:
    """Answer someone not on the roster in private; stay silent in groups."""
    message = update.effective_message
    if message is not None and message.chat.type == "private":
        await message.reply_html(text)


async def is_manager(
    update: Update, context: BotContext, person: Person | None, render: Renderer
) -> bool:
    """True for managers and admins; others get the refusal they should see."""
    if person is None:
        await outsider(update, render.outsider())
        return False
    if ROLE_RANK[person.role] < ROLE_RANK["manager"]:
        await answer(update, context, render.refused("manager"))
        return False
    return True
