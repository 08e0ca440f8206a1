"""What scheduled work needs from a messenger, and how a send can fail, in its own words.

The jobs speak only to a :class:`Sender`; ``bot.telegram.sender.TelegramSender`` is the
one that talks to Telegram and translates its errors into the exceptions below.
"""

from __future__ import annotations

from typing import Literal, Protocol


class Sender(Protocol):
    """Sends to a chat: HTML text (in parts when long), or a picture."""

    async def send_text(self, chat_id: int, text: str) -> int:
        """Send ``text`` (Telegram HTML); the id of the last message it took."""
        ...

    async def send_photo(self, chat_id: int, photo: bytes, caption: str | None = None) -> None:
        """Send a picture, with an optional caption."""
        ...


class SendFailed(Exception):
    """The message did not go out; ``str()`` is what the messenger said."""


class Unreachable(SendFailed):
    """The chat cannot be written to: the person blocked the bot, or there is no chat."""

    def __init__(self, reason: Literal["blocked", "no_chat"], detail: str) -> None:
        super().__init__(detail)
        self.reason: Literal["blocked", "no_chat"] = reason


class Refused(SendFailed):
    """The messenger refused the message itself; sending it again would not help."""


class RetryLater(SendFailed):
    """Too many messages: the messenger asked to wait longer than the pacing would."""


class ChatMoved(SendFailed):
    """The group became a supergroup with a new id; send there instead."""

    def __init__(self, new_chat_id: int, detail: str) -> None:
        super().__init__(detail)
        self.new_chat_id = new_chat_id
