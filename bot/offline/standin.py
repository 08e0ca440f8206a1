"""An in-process stand-in for the Telegram Bot API, for tests, the demo and the benchmark.

:class:`BotAPIStandin` is a :class:`telegram.request.BaseRequest`: PTB's ``Bot`` posts every
call to it instead of the network, and it answers with the JSON Telegram would send, recording
each call. Wire it into an application like this (one instance may serve both slots; PTB
initialises and shuts down both, which are no-ops here)::

    standin = BotAPIStandin()
    app = (
        ApplicationBuilder()
        .token("123:ABC")
        .request(standin)
        .get_updates_request(standin)
        .build()
    )

``base_url`` may be set as usual (``.base_url("http://localhost/bot")``): the method is the last
segment of the URL, so any base works; pass ``token=`` to have a wrong token answered with
Telegram's 401. Everything runs on the caller's event loop with no awaits between reading and
writing state, so no locks are needed.
"""

from __future__ import annotations

import asyncio
import json
import math
import mimetypes
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.offline.html import display_text, render_html
from bot.offline.limits import SendLimits
from bot.offline.markup import CallbackAnswers, inline_keyboard
from bot.offline.wire import (
    GIFT_TYPES,
    MAX_CAPTION,
    MAX_TEXT,
    NOT_MODIFIED,
    SEND_METHODS,
    SUPERGROUP_BELOW,
    TOKEN_BOT_ID,
    TRUE_METHODS,
    ApiError,
    CommandMenus,
    Failures,
    JSONDict,
    RecordedCall,
    chat_id_of,
    epoch,
    token_bot_id,
    uploads,
)

Clock = Callable[[], float]
DateClock = Callable[[], "float | datetime"]


class BotAPIStandin(BaseRequest):
    """Answers Bot API calls like Telegram would, in process, and records every call.

    Args:
        username: the bot's username returned by ``getMe``.
        first_name: the bot's first name.
        bot_id: the bot's user id; by default taken from ``token`` or the token in the URL.
        token: if given, a request whose URL lacks it is answered with 401 Unauthorized.
        now: epoch seconds (or an aware datetime) for ``Message.date``; ``time.time`` default.
        clock: monotonic seconds for limit enforcement.
        enforce_limits: answer 429 above 30 msg/s overall, 1 msg/s per private chat and
            20 msg/min per group (sends only); the count of such answers is ``throttled``.
    """

    def __init__(
        self,
        *,
        username: str = "libbot_demo_bot",
        first_name: str = "LibBot",
        bot_id: int | None = None,
        token: str | None = None,
        now: DateClock = time.time,
        clock: Clock = time.monotonic,
        enforce_limits: bool = False,
    ) -> None:
        self.username = username
        self.first_name = first_name
        self.now = now
        self.clock = clock
        self.enforce_limits = enforce_limits
        self._token = token
        self._bot_id = bot_id if bot_id is not None else token_bot_id(token)
        self._bot: JSONDict | None = None
        self.calls: list[RecordedCall] = []
        self.throttled = 0
        self._chats: dict[int, JSONDict] = {}
        self._messages: dict[tuple[int, int], JSONDict | None] = {}
        self._next_message_id: dict[int, int] = {}
        self._failures = Failures()
        self._menus = CommandMenus()
        self._answers = CallbackAnswers()
        self._next_query_id = 1
        self._file_seq = 0
        self._limits = SendLimits()
        self._pending_updates: list[JSONDict] = []
        self._handed_out: set[int] = set()  # update ids getUpdates has returned
        self._update_arrived = asyncio.Event()

    # -- BaseRequest ----------------------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        """No network, so no read timeout."""
        return None

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release; recorded calls are kept."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer one call: ``(HTTP status, Telegram's JSON body)``."""
        endpoint = url[url.rfind("/") + 1 :]
        params: JSONDict = request_data.parameters if request_data is not None else {}
        chat_id = chat_id_of(params.get("chat_id"))
        if self._bot is None:
            self._learn_bot_id(url)
        files = uploads(request_data) if request_data and request_data.contains_files else {}
        try:
            if self._token is not None and self._token not in url:
                raise ApiError(401, "Unauthorized")
            if endpoint == "getUpdates":
                result: Any = await self._get_updates(params)
            else:
                result = self._answer(endpoint, params, chat_id, files)
        except ApiError as exc:
            self.calls.append(RecordedCall(endpoint, params, chat_id, None, None, exc.description))
            return exc.code, exc.payload()
        message_id = result["message_id"] if endpoint in SEND_METHODS else None
        self.calls.append(RecordedCall(endpoint, params, chat_id, message_id, result, None, files))
        return 200, json.dumps({"ok": True, "result": result}).encode()

    # -- test helpers ---------------------------------------------------------------------

    def fail(
        self,
        chat_id: int | None,
        kind: str,
        times: int = 1,
        retry_after: int = 3,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        """Fail the next ``times`` calls to ``chat_id`` (``None``: to any chat).

        ``kind`` is ``"429"`` (RetryAfter), ``"403"`` (Forbidden: blocked), ``"400"``
        (BadRequest: chat not found), ``"migrated"`` (ChatMigrated to
        ``migrate_to_chat_id``), ``"502"`` (Bad Gateway: Telegram is down a moment) or
        ``"not_editable"`` (BadRequest: the message can no longer be edited).
        """
        self._failures.add(chat_id, kind, times, retry_after, migrate_to_chat_id)

    def sent_messages(self, chat_id: int | None = None) -> list[RecordedCall]:
        """Successful sendMessage/sendPhoto/sendDocument calls, optionally to one chat."""
        return [
            call
            for call in self.calls
            if call.message_id is not None and (chat_id is None or call.chat_id == chat_id)
        ]

    def texts(self, chat_id: int | None = None) -> list[str]:
        """Text (or caption) of each sent message as the user sees it (HTML rendered)."""
        return [
            call.result.get("text", call.result.get("caption", ""))
            for call in self.sent_messages(chat_id)
        ]

    def message(self, chat_id: int, message_id: int) -> JSONDict | None:
        """The current state of a message (after edits), or None if unknown or deleted."""
        return self._messages.get((chat_id, message_id))

    def clear(self) -> None:
        """Forget recorded calls, pending failures and the throttle count."""
        self.calls.clear()
        self._failures.clear()
        self.throttled = 0

    def remember_message(self, message: JSONDict) -> None:
        """Know a message a user sent, so replies quote it and its id is not reused."""
        chat_id = message["chat"]["id"]
        self._chats[chat_id] = message["chat"]
        self._messages[(chat_id, message["message_id"])] = message
        if message["message_id"] >= self._next_message_id.get(chat_id, 1):
            self._next_message_id[chat_id] = message["message_id"] + 1

    def next_query_id(self) -> str:
        """Allocate a callback query id (each is answered once, so none is reused)."""
        query_id = str(self._next_query_id)
        self._next_query_id += 1
        return query_id

    def next_message_id(self, chat_id: int) -> int:
        """Allocate the next message id in a chat (shared by the bot and simulated users)."""
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def queue_update(self, update: JSONDict) -> None:
        """Make ``getUpdates`` return this update (for ``Updater`` polling)."""
        self._pending_updates.append(update)
        self._update_arrived.set()

    @property
    def bot_user(self) -> JSONDict:
        """The bot as a Telegram ``User`` object."""
        if self._bot is None:
            self._bot = {
                "id": self._bot_id if self._bot_id is not None else 1,
                "is_bot": True,
                "first_name": self.first_name,
                "username": self.username,
            }
        return self._bot

    # -- answering ------------------------------------------------------------------------

    def _learn_bot_id(self, url: str) -> None:
        if self._bot_id is None and (match := TOKEN_BOT_ID.search(url)):
            self._bot_id = int(match.group(1))

    def _answer(
        self, endpoint: str, params: JSONDict, chat_id: int | None, files: dict[str, bytes]
    ) -> Any:
        if self._failures:
            self._failures.raise_for(chat_id)
        if endpoint in SEND_METHODS:
            if self.enforce_limits and chat_id is not None:
                self._check_limits(chat_id)
            message = self._send(endpoint, params, chat_id, files)
            if self.enforce_limits and chat_id is not None:
                self._count_send(chat_id)
            return message
        if endpoint == "answerCallbackQuery":
            return self._answers.answer(params)
        if endpoint in TRUE_METHODS:
            return True
        if endpoint == "editMessageText":
            return self._edit(params, chat_id, text=True)
        if endpoint == "editMessageReplyMarkup":
            return self._edit(params, chat_id, text=False)
        if endpoint == "deleteMessage":
            return self._delete(params, chat_id)
        if endpoint == "getMe":
            return {
                **self.bot_user,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
                "can_connect_to_business": False,
                "has_main_web_app": False,
            }
        if endpoint == "getChat":
            return self._get_chat(chat_id)
        if endpoint in ("setMyCommands", "deleteMyCommands", "getMyCommands"):
            return self._menus.answer(endpoint, params)
        raise ApiError(404, "Not Found")

    def _check_limits(self, chat_id: int) -> None:
        wait = self._limits.wait(chat_id, self.clock())
        if wait > 0:
            self.throttled += 1
            seconds = max(1, math.ceil(wait))
            raise ApiError(
                429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
            )

    def _count_send(self, chat_id: int) -> None:
        self._limits.count(chat_id, self.clock())

    def _chat(self, chat_id: int | None) -> JSONDict:
        if chat_id is None:
            raise ApiError(400, "Bad Request: chat not found")
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_id > 0:
                chat = {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
            else:
                kind = "supergroup" if chat_id < SUPERGROUP_BELOW else "group"
                chat = {"id": chat_id, "type": kind, "title": f"Group {chat_id}"}
            self._chats[chat_id] = chat
        return chat

    def _send(
        self, endpoint: str, params: JSONDict, chat_id: int | None, files: dict[str, bytes]
    ) -> JSONDict:
        chat = self._chat(chat_id)
        message: JSONDict = {
            "message_id": 0,
            "from": self.bot_user,
            "chat": chat,
            "date": epoch(self.now()),
        }
        if endpoint == "sendMessage":
            message["text"] = display_text(params.get("text", ""), params, MAX_TEXT)
        else:
            if params.get("caption"):
                message["caption"] = display_text(params["caption"], params, MAX_CAPTION)
            message.update(self._media(endpoint, params, files))
        if (markup := inline_keyboard(params)) is not None:
            message["reply_markup"] = markup
        reply = params.get("reply_parameters")
        if reply and (quoted := self._messages.get((chat["id"], reply["message_id"]))):
            message["reply_to_message"] = quoted
        message["message_id"] = self.next_message_id(chat["id"])
        self._messages[(chat["id"], message["message_id"])] = message
        return message

    def _media(self, endpoint: str, params: JSONDict, files: dict[str, bytes]) -> JSONDict:
        self._file_seq += 1
        file_id = f"standin-file-{self._file_seq}"
        unique = f"standin-unique-{self._file_seq}"
        if endpoint == "sendPhoto":
            sizes = ((90, 60, "s"), (1280, 853, "x"))
            return {
                "photo": [
                    {
                        "file_id": f"{file_id}{tag}",
                        "file_unique_id": f"{unique}{tag}",
                        "width": w,
                        "height": h,
                        "file_size": w * h // 10,
                    }
                    for w, h, tag in sizes
                ]
            }
        name, content = next(iter(files.items()), ("document", b""))
        return {
            "document": {
                "file_id": file_id,
                "file_unique_id": unique,
                "file_name": name,
                "mime_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
                "file_size": len(content),
            }
        }

    def _stored(self, params: JSONDict, chat_id: int | None, what: str) -> JSONDict:
        message = self._messages.get((chat_id, params.get("message_id")))  # type: ignore[arg-type]
        if message is None:
            raise ApiError(400, f"Bad Request: message to {what} not found")
        return message

    def _edit(self, params: JSONDict, chat_id: int | None, *, text: bool) -> JSONDict | bool:
        if "inline_message_id" in params:
            return True
        old = self._stored(params, chat_id, "edit")
        if old["from"]["id"] != self.bot_user["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        new = {**old, "edit_date": epoch(self.now())}
        new.pop("reply_markup", None)
        if (markup := inline_keyboard(params)) is not None:
            new["reply_markup"] = markup
        if text:
            if "text" not in old:
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            new["text"] = display_text(params.get("text", ""), params, MAX_TEXT)
        if new.get("text") == old.get("text") and new.get("reply_markup") == old.get(
            "reply_markup"
        ):
            raise ApiError(400, NOT_MODIFIED)
        self._messages[(old["chat"]["id"], old["message_id"])] = new
        return new

    def _delete(self, params: JSONDict, chat_id: int | None) -> bool:
        key = (chat_id, params.get("message_id"))
        if key in self._messages and self._messages[key] is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        self._messages[key] = None  # type: ignore[index]
        return True

    def _get_chat(self, chat_id: int | None) -> JSONDict:
        return {
            **self._chat(chat_id),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys(GIFT_TYPES, False),
        }

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        """An offset acknowledges the updates handed out below it; an update never handed
        out stays, whatever its id: after a week without updates Telegram picks the next id
        at random, so new ids may be lower than ones acknowledged before."""
        offset = params.get("offset", 0)
        timeout = params.get("timeout", 0)
        if offset:
            self._pending_updates = [
                update
                for update in self._pending_updates
                if update["update_id"] >= offset or update["update_id"] not in self._handed_out
            ]
        if not self._pending_updates and timeout:
            self._update_arrived.clear()
            try:
                await asyncio.wait_for(self._update_arrived.wait(), timeout)
            except TimeoutError:
                return []
        batch = self._pending_updates[: params.get("limit", 100)]
        self._handed_out.update(update["update_id"] for update in batch)
        return batch


__all__ = [
    "NOT_MODIFIED",
    "SUPERGROUP_BELOW",
    "ApiError",
    "BotAPIStandin",
    "RecordedCall",
    "render_html",
]
