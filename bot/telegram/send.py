"""The one send path: a rendered reply as Telegram HTML, in parts when long, the buttons
under the last part; and a tapped message replaced by a reply."""

from __future__ import annotations

from collections.abc import Callable

from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.render import Reply
from bot.render.base import ButtonAction
from bot.telegram.split import split_text

Encode = Callable[[ButtonAction], str]
"""A feature's callback-data format: what a button's action becomes on the wire."""


def no_buttons(action: ButtonAction) -> str:
    """The encoder of replies that carry no buttons."""
    raise ValueError(f"no callback-data format given for {action!r}")


def markup(reply: Reply, encode: Encode = no_buttons) -> InlineKeyboardMarkup | None:
    """Inline buttons for ``reply``, if it has any, their actions written by ``encode``."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=encode(b.action)) for b in row]
            for row in reply.buttons
        ]
    )


async def send(
    bot: Bot,
    chat_id: int,
    reply: Reply | str,
    reply_to: int | None = None,
    encode: Encode = no_buttons,
) -> Message:
    """Send a rendered reply as HTML; a text over Telegram's limit goes in several
    messages, quoting ``reply_to`` if given, the buttons under the last."""
    if isinstance(reply, str):
        reply = Reply(reply)
    *first, last = split_text(reply.text)
    for part in first:
        await bot.send_message(
            chat_id, part, parse_mode=ParseMode.HTML,
            reply_to_message_id=reply_to, allow_sending_without_reply=True,
        )  # fmt: skip
    return await bot.send_message(
        chat_id,
        last,
        parse_mode=ParseMode.HTML,
        reply_markup=markup(reply, encode),
        reply_to_message_id=reply_to,
        allow_sending_without_reply=True,
    )


async def replace_tapped(query: CallbackQuery, reply: Reply, encode: Encode = no_buttons) -> None:
    """Put ``reply`` in place of the message whose button was tapped. A message that says
    that already (a second tap on the same button) stays as it is: Telegram's "message is
    not modified" is no failure."""
    try:
        await query.edit_message_text(
            reply.text, parse_mode=ParseMode.HTML, reply_markup=markup(reply, encode)
        )
    except BadRequest as error:
        if not is_not_modified(error):
            raise


def is_not_modified(error: BadRequest) -> bool:
    """Whether Telegram refused an edit only because it would change nothing."""
    return "message is not modified" in error.message.lower()
