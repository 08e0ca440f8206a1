"""The real ``libbot run`` process for end-to-end tests: an organisation with many staff,
their messages as Telegram sends them, and the process started, killed and stopped."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.e2e.botapi_http import BotAPIServer

TOKEN = "123456:RUN-TEST-SECRET"
REPO = Path(__file__).resolve().parents[2]
FIRST_STAFF = 10_000


def generated_org(staff: int) -> str:
    """An organisation file with one staff member per branch, ids from FIRST_STAFF."""
    lines = ['[org]\nname = "Test Library"\ntimezone = "Asia/Shanghai"\nlocale = "zh_CN"\n']
    lines.append('[[branches]]\ncode = "main"\nname = "总馆"\nkind = "central"\n')
    for i in range(staff):
        lines.append(f'[[branches]]\ncode = "b{i}"\nname = "分馆{i}"\nparent = "main"\n')
        lines.append(f'[[staff]]\nid = {FIRST_STAFF + i}\nname = "员工{i}"\nbranches = ["b{i}"]\n')
    return "\n".join(lines)


def message(update_id: int, user: int, message_id: int, text: str) -> dict[str, Any]:
    """A private message as Telegram sends it."""
    person = {"id": user, "is_bot": False, "first_name": f"U{user}", "language_code": "zh-hans"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": user, "type": "private", "first_name": f"U{user}"},
            "from": person,
            "text": text,
        },
    }


def burst(count: int, staff: int, first_id: int = 1) -> list[tuple[dict[str, Any], int, int]]:
    """``count`` reports spread over ``staff`` people, each for its own past day and with
    its own value: (update, user, value)."""
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    reports = []
    for n in range(count):
        user = FIRST_STAFF + n % staff
        day = today - dt.timedelta(days=1 + n // staff)
        value = 300 + n % 600
        text = f"{day.isoformat()} 到馆 {value}"
        reports.append((message(first_id + n, user, 1 + n // staff, text), user, value))
    return reports


class Libbot:
    """``libbot run`` against ``api`` with its database and organisation in ``workdir``."""

    def __init__(self, workdir: Path, api: BotAPIServer, org_text: str) -> None:
        self.workdir = workdir
        self.db = workdir / "libbot.sqlite3"
        self.log_path = workdir / "libbot.log"
        (workdir / "org.toml").write_text(org_text, encoding="utf-8")
        self.env = {
            **os.environ,
            "LIBBOT_TOKEN": TOKEN,
            "LIBBOT_API_BASE_URL": api.base_url,
            "LIBBOT_DB": str(self.db),
            "LIBBOT_ORG": str(workdir / "org.toml"),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, clock_at: dt.datetime | None = None, **env: str) -> subprocess.Popen[bytes]:
        """``libbot run``; with ``clock_at``, its clock starts at that moment."""
        command = [sys.executable, "-m", "bot", "run"]
        if clock_at is not None:
            command = [sys.executable, "-m", "tests.e2e.clocked_libbot", clock_at.isoformat()]
            env = {"PYTHONPATH": str(REPO), **env}
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                env={**self.env, **env},
                stdout=log,
                stderr=log,
                cwd=self.workdir,
            )
        return self.process

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(10)

    def stop(self, timeout: float = 15) -> int:
        """SIGTERM, as ``docker stop`` sends first; the exit code."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)

    def wait(self, timeout: float = 30) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    @property
    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql).fetchall()

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()
