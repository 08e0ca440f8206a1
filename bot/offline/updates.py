"""Build real Telegram update JSON for tests, the demo and the benchmark.

Updates come out as plain dicts shaped exactly like the Bot API sends them; feed them to
``Application.process_update(factory.to_update(app.bot, data))``. Given the
:class:`~bot.offline.standin.BotAPIStandin`, the
factory shares its per-chat message ids (user and bot
messages interleave as in Telegram), tells it about users' chats and messages, and builds
callback queries from the message's current state.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from telegram import Update

from bot.offline.standin import SUPERGROUP_BELOW, RecordedCall

if TYPE_CHECKING:
    from telegram import Bot

    from bot.offline.standin import BotAPIStandin

JSONDict = dict[str, Any]
Date = float | datetime
DEFAULT_BOT: JSONDict = {
    "id": 1,
    "is_bot": True,
    "first_name": "LibBot",
    "username": "libbot_demo_bot",
}
_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)


@dataclass(frozen=True, slots=True)
class TgUser:
    """A simulated Telegram user."""

    id: int
    first_name: str
    language_code: str | None = "zh-hans"
    last_name: str | None = None
    username: str | None = None

    def to_dict(self) -> JSONDict:
        """The user as a Bot API ``User`` object."""
        data: JSONDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if (value := getattr(self, key)) is not None:
                data[key] = value
        return data

    def private_chat(self) -> JSONDict:
        """The user's private chat with the bot."""
        chat: JSONDict = {"id": self.id, "type": "private", "first_name": self.first_name}
        for key in ("last_name", "username"):
            if (value := getattr(self, key)) is not None:
                chat[key] = value
        return chat


def group_chat(chat_id: int, title: str = "图书馆工作群", kind: str | None = None) -> JSONDict:
    """A group chat object; ids below -10**12 are supergroups unless ``kind`` says otherwise."""
    if kind is None:
        kind = "supergroup" if chat_id < SUPERGROUP_BELOW else "group"
    return {"id": chat_id, "type": kind, "title": title}


def _epoch(value: Date) -> int:
    return int(value.timestamp() if isinstance(value, datetime) else value)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class UpdateFactory:
    """Makes update dicts with increasing ``update_id``; dates come from ``clock``.

    Args:
        clock: returns epoch seconds or an aware datetime; ``time.time`` by default.
        standin: the Bot API stand-in the bot talks to, to share message ids and state.
        first_update_id: the first ``update_id`` handed out.
    """

    def __init__(
        self,
        clock: Callable[[], Date] = time.time,
        standin: BotAPIStandin | None = None,
        first_update_id: int = 1,
    ) -> None:
        self.clock = clock
        self.standin = standin
        self._next_update_id = first_update_id
        self._next_message_id: dict[int, int] = {}
        self._next_query_id = 1

    # -- plumbing -------------------------------------------------------------------------

    def _update(self, key: str, payload: JSONDict) -> JSONDict:
        update_id = self._next_update_id
        self._next_update_id += 1
        return {"update_id": update_id, key: payload}

    def _date(self, date: Date | None) -> int:
        return _epoch(self.clock() if date is None else date)

    def _message_id(self, chat_id: int) -> int:
        if self.standin is not None:
            return self.standin.next_message_id(chat_id)
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def _chat(self, user: TgUser, chat: int | JSONDict | None) -> JSONDict:
        if chat is None:
            return user.private_chat()
        if isinstance(chat, int):
            return user.private_chat() if chat == user.id else group_chat(chat)
        return chat

    def _bot(self) -> JSONDict:
        return self.standin.bot_user if self.standin is not None else DEFAULT_BOT

    def _new_message(
        self, user: TgUser, chat: int | JSONDict | None, date: Date | None, **fields: Any
    ) -> JSONDict:
        chat_dict = self._chat(user, chat)
        message: JSONDict = {
            "message_id": self._message_id(chat_dict["id"]),
            "from": user.to_dict(),
            "chat": chat_dict,
            "date": self._date(date),
            **fields,
        }
        if self.standin is not None:
            self.standin.remember_message(message)
        return message

    # -- updates --------------------------------------------------------------------------

    def message(
        self,
        user: TgUser,
        text: str,
        chat: int | JSONDict | None = None,
        date: Date | None = None,
        reply_to: JSONDict | RecordedCall | None = None,
    ) -> JSONDict:
        """A text message from ``user`` (in their private chat unless ``chat`` is given)."""
        fields: JSONDict = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0] if text.strip() else text
            fields["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
            ]
        if reply_to is not None:
            fields["reply_to_message"] = self._current(reply_to)
        return self._update("message", self._new_message(user, chat, date, **fields))

    def photo(
        self,
        user: TgUser,
        caption: str | None = None,
        chat: int | JSONDict | None = None,
        date: Date | None = None,
    ) -> JSONDict:
        """A photo from ``user`` (a picture of the tally sheet), with ``caption`` if given."""
        size = {"file_id": "photo-file", "file_unique_id": "photo-unique", "width": 90,
                "height": 120}  # fmt: skip
        fields: JSONDict = {"photo": [size]}
        if caption is not None:
            fields["caption"] = caption
        return self._update("message", self._new_message(user, chat, date, **fields))

    def sticker(self, user: TgUser, emoji: str = "👍", date: Date | None = None) -> JSONDict:
        """A sticker from ``user`` in their private chat."""
        sticker = {"file_id": "sticker-file", "file_unique_id": "sticker-unique",
                   "type": "regular", "width": 512, "height": 512, "is_animated": False,
                   "is_video": False, "emoji": emoji}  # fmt: skip
        return self._update("message", self._new_message(user, None, date, sticker=sticker))

    def voice(self, user: TgUser, seconds: int = 4, date: Date | None = None) -> JSONDict:
        """A voice message from ``user`` in their private chat."""
        voice = {"file_id": "voice-file", "file_unique_id": "voice-unique", "duration": seconds}
        return self._update("message", self._new_message(user, None, date, voice=voice))

    def forwarded(
        self, user: TgUser, text: str, author: TgUser, date: Date | None = None
    ) -> JSONDict:
        """``user`` forwards to the bot a text message that ``author`` wrote earlier."""
        origin = {"type": "user", "date": self._date(date) - 600, "sender_user": author.to_dict()}
        return self._update(
            "message", self._new_message(user, None, date, text=text, forward_origin=origin)
        )

    def command(
        self,
        user: TgUser,
        command: str,
        *args: str,
        chat: int | JSONDict | None = None,
        date: Date | None = None,
        mention_bot: bool = False,
    ) -> JSONDict:
        """A ``/command arg …`` message with its ``bot_command`` entity.

        ``mention_bot`` writes ``/command@botname`` as Telegram clients do in groups.
        """
        name = command if command.startswith("/") else f"/{command}"
        if mention_bot:
            name = f"{name}@{self._bot()['username']}"
        return self.message(user, " ".join((name, *args)), chat=chat, date=date)

    def group_message(
        self,
        user: TgUser,
        chat_id: int,
        text: str,
        title: str = "图书馆工作群",
        date: Date | None = None,
    ) -> JSONDict:
        """A text message from ``user`` in a group."""
        return self.message(user, text, chat=group_chat(chat_id, title), date=date)

    def edited_message(
        self, original: JSONDict, new_text: str, edit_date: Date | None = None
    ) -> JSONDict:
        """The ``edited_message`` update for a message update built earlier (its caption,
        when it has one)."""
        message = copy.deepcopy(original.get("message") or original["edited_message"])
        message["caption" if "caption" in message else "text"] = new_text
        message["edit_date"] = self._date(edit_date)
        message.pop("entities", None)
        if new_text.startswith("/") and "text" in message:
            length = _utf16_len(new_text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        if self.standin is not None:
            self.standin.remember_message(message)
        return self._update("edited_message", message)

    def callback_query(
        self,
        user: TgUser,
        message: JSONDict | RecordedCall,
        data: str,
        *,
        strict: bool = True,
    ) -> JSONDict:
        """``user`` taps the inline button carrying ``data`` under a message the bot sent.

        ``message`` is the message dict or the stand-in's :class:`RecordedCall`; with a
        stand-in, its current (edited) state is used. ``strict`` refuses ``data`` that no
        button on the message carries, as Telegram would never send it.
        """
        current = self._current(message)
        if strict:
            buttons = current.get("reply_markup", {}).get("inline_keyboard", [])
            offered = [button.get("callback_data") for row in buttons for button in row]
            if data not in offered:
                raise ValueError(f"no button with callback_data {data!r}; offered: {offered}")
        if self.standin is not None:
            query_id = self.standin.next_query_id()
        else:
            query_id = str(self._next_query_id)
            self._next_query_id += 1
        return self._update(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_dict(),
                "message": current,
                "chat_instance": f"ci{current['chat']['id']}",
                "data": data,
            },
        )

    def my_chat_member(
        self,
        user: TgUser,
        chat_id: int,
        title: str = "图书馆工作群",
        old_status: str = "left",
        new_status: str = "member",
        date: Date | None = None,
    ) -> JSONDict:
        """``user`` changes the bot's membership of a group (default: adds it)."""
        bot = self._bot()
        return self._update(
            "my_chat_member",
            {
                "chat": group_chat(chat_id, title),
                "from": user.to_dict(),
                "date": self._date(date),
                "old_chat_member": _member(bot, old_status),
                "new_chat_member": _member(bot, new_status),
            },
        )

    def migrate_to_chat_id(
        self,
        user: TgUser,
        chat_id: int,
        new_chat_id: int,
        title: str = "图书馆工作群",
        date: Date | None = None,
    ) -> JSONDict:
        """The service message in the old group announcing its upgrade to a supergroup."""
        chat = group_chat(chat_id, title, kind="group")
        return self._update(
            "message",
            self._new_message(user, chat, date, migrate_to_chat_id=new_chat_id),
        )

    def migrate_from_chat_id(
        self,
        user: TgUser,
        chat_id: int,
        new_chat_id: int,
        title: str = "图书馆工作群",
        date: Date | None = None,
    ) -> JSONDict:
        """The matching service message in the new supergroup."""
        chat = group_chat(new_chat_id, title, kind="supergroup")
        return self._update(
            "message",
            self._new_message(user, chat, date, migrate_from_chat_id=chat_id),
        )

    @staticmethod
    def to_update(bot: Bot, data: JSONDict) -> Update:
        """Deserialise an update dict into a :class:`telegram.Update` bound to ``bot``."""
        return Update.de_json(data, bot)

    def _current(self, message: JSONDict | RecordedCall) -> JSONDict:
        data = message.result if isinstance(message, RecordedCall) else message
        if not isinstance(data, dict) or "message_id" not in data:
            raise ValueError("expected a message dict or a successful send RecordedCall")
        if self.standin is not None:
            stored = self.standin.message(data["chat"]["id"], data["message_id"])
            if stored is not None:
                return stored
        return data


def _member(user: JSONDict, status: str) -> JSONDict:
    member: JSONDict = {"user": user, "status": status}
    if status == "kicked":
        member["until_date"] = 0
    elif status == "administrator":
        member.update({"can_be_edited": False, "is_anonymous": False})
        member.update(dict.fromkeys(_ADMIN_RIGHTS, True))
    elif status == "restricted":
        raise ValueError("restricted members are not supported by the factory")
    return member
