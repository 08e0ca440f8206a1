"""The real ``libbot run`` process against a Bot API stand-in on loopback: it starts through
the Application's hooks, publishes its menus, polls, and stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bot.offline.sample import sample_org_text

TOKEN = "123456:RUN-TEST-SECRET"
BOT = {"id": 42, "is_bot": True, "first_name": "libbot", "username": "libbot_test_bot"}


class BotAPI(ThreadingHTTPServer):
    """Answers every Bot API method plausibly and remembers which were called."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.methods: list[str] = []
        self.polled = threading.Event()


class _Handler(BaseHTTPRequestHandler):
    server: BotAPI

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        method = self.path.rsplit("/", 1)[-1]
        self.server.methods.append(method)
        result: Any = True
        if method == "getMe":
            result = BOT
        elif method == "getUpdates":
            self.server.polled.set()
            result = []
        elif method.startswith("send"):
            chat = {"id": -1001000000001, "type": "supergroup", "title": "馆务"}
            result = {"message_id": len(self.server.methods), "date": 0, "chat": chat}
        body = json.dumps({"ok": True, "result": result}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def api() -> Iterator[BotAPI]:
    server = BotAPI()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_run_starts_polls_and_stops_on_sigterm(api: BotAPI, tmp_path: Path) -> None:
    org = tmp_path / "org.toml"
    org.write_text(sample_org_text(), encoding="utf-8")
    env = {
        **os.environ,
        "LIBBOT_TOKEN": TOKEN,
        "LIBBOT_API_BASE_URL": f"http://127.0.0.1:{api.server_address[1]}/bot",
        "LIBBOT_DB": str(tmp_path / "libbot.sqlite3"),
        "LIBBOT_ORG": str(org),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert api.polled.wait(30), "libbot run never polled for updates"
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert api.methods[0] == "getMe"
    assert "setMyCommands" in api.methods  # post_init published the menus before polling
    assert api.methods.index("setMyCommands") < api.methods.index("getUpdates")
    assert (tmp_path / "libbot.sqlite3").exists()  # post_init opened the database
    assert "Application.stop() complete" in err
    assert TOKEN not in out + err and "RUN-TEST-SECRET" not in out + err
