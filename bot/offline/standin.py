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
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram.request import BaseRequest, RequestData

JSONDict = dict[str, Any]
Clock = Callable[[], float]
DateClock = Callable[[], "float | datetime"]

SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
TRUE_METHODS = frozenset({"answerCallbackQuery", "leaveChat", "deleteWebhook", "close", "logOut"})
MAX_TEXT = 4096
MAX_CAPTION = 1024
SUPERGROUP_BELOW = -1_000_000_000_000  # supergroup and channel ids look like -100xxxxxxxxxx

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a content and reply markup of the current message"
)
_FAILURES = {
    "403": (403, "Forbidden: bot was blocked by the user"),
    "400": (400, "Bad Request: chat not found"),
    "429": (429, "Too Many Requests: retry after {n}"),
    "migrated": (400, "Bad Request: group chat was upgraded to a supergroup chat"),
}
_HTML_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a"}
    | {"code", "pre", "blockquote", "tg-emoji", "tg-time"}
)
_HTML_TOKEN = re.compile(r"<(/?)([^\s>/]*)[^>]*>|<")
_HTML_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_GIFT_TYPES = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
_GIFT_TYPES += ("gifts_from_channels",)
_TOKEN_BOT_ID = re.compile(r"(\d+):[^/]*/[^/]*$")


@dataclass(frozen=True, slots=True)
class RecordedCall:
    """One Bot API call as the stand-in received and answered it."""

    method: str
    params: JSONDict
    chat_id: int | None
    message_id: int | None = None  # assigned to a successfully sent message
    result: Any = None  # the decoded ``result`` Telegram would return
    error: str | None = None  # Telegram's description when the call failed
    files: dict[str, bytes] = field(default_factory=dict)  # uploaded file name -> content

    @property
    def ok(self) -> bool:
        """Whether Telegram would have answered ``"ok": true``."""
        return self.error is None


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional ``parameters``."""

    def __init__(self, code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> bytes:
        """The error body exactly as Telegram shapes it."""
        body: JSONDict = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return json.dumps(body).encode()


@dataclass(slots=True)
class _Failure:
    kind: str
    times: int
    retry_after: int
    migrate_to_chat_id: int | None

    def error(self) -> ApiError:
        code, description = _FAILURES[self.kind]
        if self.kind == "429":
            return ApiError(
                code, description.format(n=self.retry_after), {"retry_after": self.retry_after}
            )
        if self.kind == "migrated":
            return ApiError(code, description, {"migrate_to_chat_id": self.migrate_to_chat_id})
        return ApiError(code, description)


def _epoch(value: float | datetime) -> int:
    return int(value.timestamp() if isinstance(value, datetime) else value)


def _chat_id(value: Any) -> int | None:
    if isinstance(value, int) or value is None:
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return None  # an @username: the stand-in knows no public chats


def _html_error(text: str, pos: int, what: str) -> ApiError:
    offset = len(text[:pos].encode())
    return ApiError(400, f"Bad Request: can't parse entities: {what} at byte offset {offset}")


def render_html(text: str) -> str:
    """Return ``text`` as Telegram displays it with ``parse_mode=HTML``, or raise its 400."""
    if "<" not in text and "&" not in text:
        return text
    stack: list[tuple[str, int]] = []
    parts: list[str] = []
    pos = 0
    for match in _HTML_TOKEN.finditer(text):
        parts.append(text[pos : match.start()])
        pos = match.end()
        name = (match.group(2) or "").lower()
        if name not in _HTML_TAGS:
            raise _html_error(text, match.start(), f'Unsupported start tag "{name}"')
        if not match.group(1):
            stack.append((name, match.start()))
        elif not stack or stack[-1][0] != name:
            raise _html_error(text, match.start(), f'Unmatched end tag "{name}"')
        else:
            stack.pop()
    if stack:
        name, start = stack[-1]
        raise _html_error(text, start, f'Can\'t find end tag corresponding to start tag "{name}"')
    parts.append(text[pos:])
    return _HTML_ENTITY.sub(_unescape, "".join(parts))


def _unescape(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[name]
    return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))


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
        self._bot_id = bot_id if bot_id is not None else _token_bot_id(token)
        self._bot: JSONDict | None = None
        self.calls: list[RecordedCall] = []
        self.throttled = 0
        self._chats: dict[int, JSONDict] = {}
        self._messages: dict[tuple[int, int], JSONDict | None] = {}
        self._next_message_id: dict[int, int] = {}
        self._failures: dict[int | None, deque[_Failure]] = {}
        self._commands: dict[tuple[Any, ...], list[JSONDict]] = {}
        self._file_seq = 0
        self._overall_sends: deque[float] = deque()
        self._last_private_send: dict[int, float] = {}
        self._group_sends: dict[int, deque[float]] = {}
        self._pending_updates: list[JSONDict] = []
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
        chat_id = _chat_id(params.get("chat_id"))
        if self._bot is None:
            self._learn_bot_id(url)
        files = _uploads(request_data) if request_data and request_data.contains_files else {}
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
        (BadRequest: chat not found) or ``"migrated"`` (ChatMigrated to
        ``migrate_to_chat_id``).
        """
        if kind not in _FAILURES:
            raise ValueError(f"unknown failure kind {kind!r}; expected one of {list(_FAILURES)}")
        if kind == "migrated" and migrate_to_chat_id is None:
            raise ValueError("kind='migrated' needs migrate_to_chat_id")
        failure = _Failure(kind, times, retry_after, migrate_to_chat_id)
        self._failures.setdefault(chat_id, deque()).append(failure)

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
        if self._bot_id is None and (match := _TOKEN_BOT_ID.search(url)):
            self._bot_id = int(match.group(1))

    def _answer(
        self, endpoint: str, params: JSONDict, chat_id: int | None, files: dict[str, bytes]
    ) -> Any:
        if self._failures:
            self._raise_injected(chat_id)
        if endpoint in SEND_METHODS:
            if self.enforce_limits and chat_id is not None:
                self._check_limits(chat_id)
            message = self._send(endpoint, params, chat_id, files)
            if self.enforce_limits and chat_id is not None:
                self._count_send(chat_id)
            return message
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
            return self._my_commands(endpoint, params)
        raise ApiError(404, "Not Found")

    def _raise_injected(self, chat_id: int | None) -> None:
        for key in (chat_id, None):
            queue = self._failures.get(key)
            if queue and (key is not None or chat_id is not None):
                failure = queue[0]
                failure.times -= 1
                if failure.times <= 0:
                    queue.popleft()
                raise failure.error()

    def _check_limits(self, chat_id: int) -> None:
        now = self.clock()
        overall = self._overall_sends
        while overall and now - overall[0] >= 1.0:
            overall.popleft()
        wait = 0.0
        if len(overall) >= 30:
            wait = 1.0 - (now - overall[0])
        elif chat_id > 0:
            last = self._last_private_send.get(chat_id)
            if last is not None and now - last < 1.0:
                wait = 1.0 - (now - last)
        else:
            group = self._group_sends.get(chat_id)
            while group and now - group[0] >= 60.0:
                group.popleft()
            if group and len(group) >= 20:
                wait = 60.0 - (now - group[0])
        if wait > 0:
            self.throttled += 1
            seconds = max(1, math.ceil(wait))
            raise ApiError(
                429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
            )

    def _count_send(self, chat_id: int) -> None:
        now = self.clock()
        self._overall_sends.append(now)
        if chat_id > 0:
            self._last_private_send[chat_id] = now
        else:
            self._group_sends.setdefault(chat_id, deque()).append(now)

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
            "date": _epoch(self.now()),
        }
        if endpoint == "sendMessage":
            message["text"] = _display_text(params.get("text", ""), params, MAX_TEXT)
        else:
            if params.get("caption"):
                message["caption"] = _display_text(params["caption"], params, MAX_CAPTION)
            message.update(self._media(endpoint, params, files))
        markup = params.get("reply_markup")
        if markup and "inline_keyboard" in markup:
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
        new = {**old, "edit_date": _epoch(self.now())}
        new.pop("reply_markup", None)
        markup = params.get("reply_markup")
        if markup and "inline_keyboard" in markup:
            new["reply_markup"] = markup
        if text:
            if "text" not in old:
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            new["text"] = _display_text(params.get("text", ""), params, MAX_TEXT)
        if new.get("text") == old.get("text") and new.get("reply_markup") == old.get(
            "reply_markup"
        ):
            raise ApiError(400, NOT_MODIFIED)
        self._messages[(old["chat"]["id"], old["message_id"])] = new
        return new

    def _delete(self, params: JSONDict, chat_id: int | None) -> bool:
        key = (chat_id, params.get("message_id"))
        if key in self._messages and self._messages[key] is None:  # type: ignore[index]
            raise ApiError(400, "Bad Request: message to delete not found")
        self._messages[key] = None  # type: ignore[index]
        return True

    def _get_chat(self, chat_id: int | None) -> JSONDict:
        return {
            **self._chat(chat_id),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys(_GIFT_TYPES, False),
        }

    def _my_commands(self, endpoint: str, params: JSONDict) -> Any:
        scope = params.get("scope") or {"type": "default"}
        key = (
            scope.get("type"),
            scope.get("chat_id"),
            scope.get("user_id"),
            params.get("language_code", ""),
        )
        if endpoint == "setMyCommands":
            self._commands[key] = list(params.get("commands", []))
            return True
        if endpoint == "deleteMyCommands":
            self._commands.pop(key, None)
            return True
        return self._commands.get(key, [])

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        offset = params.get("offset", 0)
        timeout = params.get("timeout", 0)
        if offset:
            self._pending_updates = [
                update for update in self._pending_updates if update["update_id"] >= offset
            ]
        if not self._pending_updates and timeout:
            self._update_arrived.clear()
            try:
                await asyncio.wait_for(self._update_arrived.wait(), timeout)
            except TimeoutError:
                return []
        return self._pending_updates[: params.get("limit", 100)]


def _display_text(raw: str, params: JSONDict, limit: int) -> str:
    text = render_html(raw) if params.get("parse_mode") == "HTML" else raw
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(text) > limit:
        raise ApiError(400, "Bad Request: message is too long")
    return text


def _uploads(request_data: RequestData) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for part in request_data.multipart_data.values():
        name, content = part[0], part[1]
        files[name or "file"] = content if isinstance(content, bytes) else content.read()
    return files


def _token_bot_id(token: str | None) -> int | None:
    head = token.partition(":")[0] if token else ""
    return int(head) if head.isdigit() else None
