"""What passes over the stand-in's wire: recorded calls, error answers, injected failures."""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram.request import RequestData

JSONDict = dict[str, Any]

SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
TRUE_METHODS = frozenset({"leaveChat", "deleteWebhook", "close", "logOut"})
MAX_TEXT = 4096
MAX_CAPTION = 1024
SUPERGROUP_BELOW = -1_000_000_000_000  # supergroup and channel ids look like -100xxxxxxxxxx

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a content and reply markup of the current message"
)
FAILURES = {
    "403": (403, "Forbidden: bot was blocked by the user"),
    "400": (400, "Bad Request: chat not found"),
    "429": (429, "Too Many Requests: retry after {n}"),
    "migrated": (400, "Bad Request: group chat was upgraded to a supergroup chat"),
    "502": (502, "Bad Gateway"),
    "not_editable": (400, "Bad Request: message can't be edited"),
}
GIFT_TYPES = (
    "unlimited_gifts",
    "limited_gifts",
    "unique_gifts",
    "premium_subscription",
    "gifts_from_channels",
)
TOKEN_BOT_ID = re.compile(r"(\d+):[^/]*/[^/]*$")


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
class Failure:
    kind: str
    times: int
    retry_after: int
    migrate_to_chat_id: int | None

    def error(self) -> ApiError:
        code, description = FAILURES[self.kind]
        if self.kind == "429":
            return ApiError(
                code, description.format(n=self.retry_after), {"retry_after": self.retry_after}
            )
        if self.kind == "migrated":
            return ApiError(code, description, {"migrate_to_chat_id": self.migrate_to_chat_id})
        return ApiError(code, description)


def epoch(value: float | datetime) -> int:
    return int(value.timestamp() if isinstance(value, datetime) else value)


def chat_id_of(value: Any) -> int | None:
    if isinstance(value, int) or value is None:
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return None  # an @username: the stand-in knows no public chats


def uploads(request_data: RequestData) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for part in request_data.multipart_data.values():
        name, content = part[0], part[1]
        files[name or "file"] = content if isinstance(content, bytes) else content.read()
    return files


def token_bot_id(token: str | None) -> int | None:
    head = token.partition(":")[0] if token else ""
    return int(head) if head.isdigit() else None


class Failures:
    """Failures injected for the next calls to a chat (``None``: to any chat)."""

    def __init__(self) -> None:
        self._queues: dict[int | None, deque[Failure]] = {}

    def __bool__(self) -> bool:
        return bool(self._queues)

    def add(
        self,
        chat_id: int | None,
        kind: str,
        times: int,
        retry_after: int,
        migrate_to_chat_id: int | None,
    ) -> None:
        """Fail the next ``times`` calls to ``chat_id`` the way ``kind`` says."""
        if kind not in FAILURES:
            raise ValueError(f"unknown failure kind {kind!r}; expected one of {list(FAILURES)}")
        if kind == "migrated" and migrate_to_chat_id is None:
            raise ValueError("kind='migrated' needs migrate_to_chat_id")
        failure = Failure(kind, times, retry_after, migrate_to_chat_id)
        self._queues.setdefault(chat_id, deque()).append(failure)

    def raise_for(self, chat_id: int | None) -> None:
        """Raise the failure due for a call to ``chat_id``, if one is."""
        for key in (chat_id, None):
            queue = self._queues.get(key)
            if queue and (key is not None or chat_id is not None):
                failure = queue[0]
                failure.times -= 1
                if failure.times <= 0:
                    queue.popleft()
                raise failure.error()

    def clear(self) -> None:
        self._queues.clear()


class CommandMenus:
    """The command menus set per scope and language."""

    def __init__(self) -> None:
        self._commands: dict[tuple[Any, ...], list[JSONDict]] = {}

    def answer(self, endpoint: str, params: JSONDict) -> Any:
        """Answer setMyCommands, deleteMyCommands or getMyCommands."""
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
