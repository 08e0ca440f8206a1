"""A Bot API on loopback for the real ``libbot run`` process: it queues updates, answers
``getUpdates`` with Telegram's offset rule, records every message sent, and can fail on
purpose (502s for a number of calls, a token refused). Thread-safe; the process is the client."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

JSONDict = dict[str, Any]
Failing = Callable[["BotAPIServer", str], bool]
BOT = {"id": 42, "is_bot": True, "first_name": "libbot", "username": "libbot_test_bot"}


@dataclass(frozen=True, slots=True)
class Sent:
    """A message the bot sent."""

    chat_id: int
    text: str


class BotAPIServer(ThreadingHTTPServer):
    """The Bot API's side of long polling and sending (see the module docstring)."""

    daemon_threads = True

    def __init__(self, token: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.token = token
        self.lock = threading.Condition()
        self.queued: list[JSONDict] = []
        self.returned: set[int] = set()  # update ids getUpdates has handed out
        self.sent: list[Sent] = []
        self.documents: list[int] = []  # the size of each sendDocument upload
        self.methods: list[str] = []
        self.starts: list[int] = []  # len(sent) at each getMe: where each process's sends begin
        self.failing: Failing | None = None  # (server, method) -> answer 502
        self.refused: Counter[tuple[str, int]] = Counter()  # 502s by (method, chat id or 0)
        self.refuse_token = False  # answer 401 to everything
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a killed process leaves its connections reset, which is the point."""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/bot"

    def queue(self, *updates: JSONDict) -> None:
        """Users wrote: getUpdates hands these out next."""
        with self.lock:
            self.queued.extend(updates)
            self.lock.notify_all()

    def fail_while(self, predicate: Failing | None) -> None:
        """Answer 502 to a call while ``predicate(self, method)`` holds (None: no more): an
        outage measured in refused calls (see ``refused``), not in seconds."""
        with self.lock:
            self.failing = predicate

    def texts(self, chat_id: int) -> list[str]:
        with self.lock:
            return [s.text for s in self.sent if s.chat_id == chat_id]

    def wait_for(self, predicate: Any, timeout: float) -> bool:
        """Wait until ``predicate(self)`` holds (checked as calls arrive)."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while not predicate(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.lock.wait(min(left, 0.2))
        return True

    def answer(self, method: str, params: JSONDict) -> tuple[int, JSONDict]:
        """Telegram's answer to one call: (HTTP status, body)."""
        with self.lock:
            self.methods.append(method)
            self.lock.notify_all()
            if self.refuse_token:
                return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            if self.failing is not None and self.failing(self, method):
                chat = int(params.get("chat_id", 0) or 0) if method == "sendMessage" else 0
                self.refused[method, chat] += 1
                return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
            if method == "getUpdates":
                return 200, {"ok": True, "result": self._updates(params)}
            if method == "getMe":
                self.starts.append(len(self.sent))
                return 200, {"ok": True, "result": BOT}
        if method in ("sendMessage", "sendPhoto"):
            chat_id = int(params.get("chat_id", 0))
            with self.lock:
                if method == "sendMessage":
                    self.sent.append(Sent(chat_id, params.get("text", "")))
                    message_id = len(self.sent)
                else:  # a photo: an id of its own, clear of the messages'
                    message_id = 10**6 + len(self.methods)
                self.lock.notify_all()
            chat = {"id": chat_id, "type": "private" if chat_id > 0 else "group", "title": "x"}
            message = {"message_id": message_id, "date": int(time.time()), "chat": chat}
            return 200, {"ok": True, "result": {**message, "text": params.get("text", "")}}
        if method == "sendDocument":
            with self.lock:
                self.documents.append(int(params["upload_bytes"]))
                self.lock.notify_all()
            chat = {"id": 1, "type": "private", "first_name": "x"}
            document = {"file_id": "f", "file_unique_id": "u"}
            message = {"message_id": 1, "date": int(time.time()), "chat": chat}
            return 200, {"ok": True, "result": {**message, "document": document}}
        return 200, {"ok": True, "result": True}

    def _updates(self, params: JSONDict) -> list[JSONDict]:
        """Called with the lock held. An offset acknowledges the updates handed out below
        it; updates never handed out stay, whatever their id (Telegram's ids may start
        again lower after a quiet week)."""
        offset = int(params.get("offset", 0) or 0)
        if offset:
            self.queued = [
                u
                for u in self.queued
                if u["update_id"] >= offset or u["update_id"] not in self.returned
            ]
        deadline = time.monotonic() + min(float(params.get("timeout", 0) or 0), 1.0)
        while not self.queued and time.monotonic() < deadline:
            self.lock.wait(deadline - time.monotonic())
        batch = self.queued[: int(params.get("limit", 100) or 100)]
        self.returned.update(u["update_id"] for u in batch)
        return batch

    def __enter__(self) -> BotAPIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


def _params(content_type: str, body: bytes) -> JSONDict:
    """A call's form fields: urlencoded, or the text parts of an upload (a photo)."""
    if not content_type.startswith("multipart/form-data"):
        return dict(parse_qsl(body.decode())) if body else {}
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields: JSONDict = {
        part.get_param("name", header="content-disposition"): part.get_content()
        for part in message.iter_parts()
        if part.get_content_maintype() == "text"
    }
    return {**fields, "upload_bytes": len(body)}  # a document's size is enough here


class _Handler(BaseHTTPRequestHandler):
    server: BotAPIServer
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        _, _, path = self.path.partition("/bot")
        token, _, method = path.rpartition("/")
        params = _params(self.headers.get("Content-Type", ""), body)
        if token != self.server.token:
            status, answer = 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        else:
            status, answer = self.server.answer(method, params)
        payload = json.dumps(answer).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the process was killed or stopped while its long poll was open

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""
