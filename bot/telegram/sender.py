"""The jobs' :class:`~bot.jobs.sender.Sender` on a PTB ``Bot``, Telegram's errors
translated into the jobs' own."""

from __future__ import annotations

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.request import BaseRequest

from bot.jobs.sender import ChatMoved, Refused, RetryLater, SendFailed, Unreachable
from bot.telegram.send import send

Request = BaseRequest  # what a caller may hand in instead of the network (tests)

# A 400 that means there is no chat to write to, rather than a bad message.
NO_CHAT = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")


class TelegramSender:
    """Sends through ``bot`` (and so through its rate limiter)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_text(self, chat_id: int, text: str) -> int:
        """Send ``text`` through the one send path; the id of its last message."""
        try:
            message = await send(self.bot, chat_id, text)
        except TelegramError as error:
            raise translate(error) from error
        return message.message_id

    async def send_photo(self, chat_id: int, photo: bytes, caption: str | None = None) -> None:
        """Send a picture."""
        try:
            await self.bot.send_photo(chat_id, photo, caption=caption)
        except TelegramError as error:
            raise translate(error) from error


def translate(error: TelegramError) -> SendFailed:
    """What a Telegram error means to the one who sent."""
    if isinstance(error, Forbidden):
        return Unreachable("blocked", str(error))
    if isinstance(error, BadRequest):
        if any(words in error.message.lower() for words in NO_CHAT):
            return Unreachable("no_chat", str(error))
        return Refused(error.message)
    if isinstance(error, RetryAfter):
        return RetryLater(str(error))
    if isinstance(error, ChatMigrated):
        return ChatMoved(error.new_chat_id, str(error))
    return SendFailed(str(error))


def bare_bot(token: str, base_url: str, request: BaseRequest | None = None) -> Bot:
    """A PTB ``Bot`` without an Application (one-off sends from the command line);
    ``request`` swaps the network for a stand-in."""
    return Bot(token, base_url=base_url, request=request, get_updates_request=request)
