"""The real ``libbot run`` process against a Bot API on loopback: it starts through the
Application's hooks, publishes its menus, polls, and stops cleanly on SIGTERM; a start-up
that cannot succeed is one line and a non-zero exit, the token nowhere in the output."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.offline.sample import sample_org_text
from tests.e2e.botapi_http import BotAPIServer
from tests.e2e.run_process import TOKEN, Libbot, message

SECRET = TOKEN.partition(":")[2]
MANAGER = 1002  # 李建国 in the sample organisation
STAFF = 1001  # 王芳, 角楼


@pytest.fixture
def api() -> Iterator[BotAPIServer]:
    with BotAPIServer(TOKEN) as server:
        yield server


@pytest.fixture
def libbot(tmp_path: Path, api: BotAPIServer) -> Iterator[Libbot]:
    bot = Libbot(tmp_path, api, sample_org_text())
    yield bot
    bot.close()


def polled(api: BotAPIServer) -> bool:
    return "getUpdates" in api.methods


def test_run_starts_polls_and_stops_on_sigterm(api: BotAPIServer, libbot: Libbot) -> None:
    libbot.start()
    assert api.wait_for(polled, 30), "libbot run never polled for updates"
    assert libbot.stop() == 0, libbot.output
    assert api.methods[0] == "getMe"
    assert "setMyCommands" in api.methods  # post_init published the menus before polling
    assert api.methods.index("setMyCommands") < api.methods.index("getUpdates")
    assert libbot.db.exists()  # post_init opened the database
    assert "libbot stopped" in libbot.output
    assert SECRET not in libbot.output


def test_export_builds_its_workbook_in_a_process_the_running_bot_starts(
    api: BotAPIServer, libbot: Libbot
) -> None:
    libbot.start()
    assert api.wait_for(polled, 30), "libbot run never polled for updates"
    # a figure this year first: a year without one gets a message, not a workbook
    api.queue(message(1, STAFF, 1, "到馆 100"))
    assert api.wait_for(lambda server: server.texts(STAFF), 60), libbot.output
    update = message(2, MANAGER, 2, "/export")
    update["message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": 7}]
    api.queue(update)
    assert api.wait_for(lambda server: server.documents, 60), libbot.output
    assert api.documents[0] > 2_000  # a workbook, not an error text
    assert libbot.stop() == 0, libbot.output
    assert "Traceback" not in libbot.output


def test_a_refused_token_is_one_line_and_exit_2(api: BotAPIServer, libbot: Libbot) -> None:
    api.refuse_token = True
    libbot.start()
    assert libbot.wait() == 2
    errors = [line for line in libbot.output.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "LIBBOT_TOKEN" in errors[0], libbot.output
    assert "Traceback" not in libbot.output and SECRET not in libbot.output


def test_a_wrong_base_url_is_one_line_and_exit_2(api: BotAPIServer, libbot: Libbot) -> None:
    libbot.start(LIBBOT_API_BASE_URL=api.base_url + "/nothing-here")  # answers 404
    assert libbot.wait() == 2
    assert "LIBBOT_API_BASE_URL" in libbot.output and "Traceback" not in libbot.output
    assert SECRET not in libbot.output


def test_start_up_waits_out_a_run_of_502s(api: BotAPIServer, libbot: Libbot) -> None:
    # getMe and setMyCommands answer Bad Gateway, counted in calls: a slow start-up
    # cannot miss the outage (a few seconds of it could pass before the first getMe).
    outage = {"getMe": 2, "setMyCommands": 1}  # refused calls of each
    api.fail_while(lambda a, method: a.refused[method, 0] < outage.get(method, 0))
    libbot.start()
    assert api.wait_for(polled, 40), libbot.output
    assert libbot.stop() == 0
    assert "getMe failed (Bad Gateway); trying again" in libbot.output
    assert "setMyCommands failed (Bad Gateway); trying again" in libbot.output
    assert "Traceback" not in libbot.output and SECRET not in libbot.output


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` cannot be written, also by root (who ignores file modes): immutable."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        yield
        path.chmod(0o644)
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode:
        pytest.skip("chattr +i is not available here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_database_that_cannot_be_written_is_one_line(api: BotAPIServer, libbot: Libbot) -> None:
    libbot.start()
    assert api.wait_for(polled, 30)
    assert libbot.stop() == 0
    with read_only(libbot.db):
        libbot.start()
        code = libbot.wait()
    assert code == 1
    errors = [line for line in libbot.output.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "LIBBOT_DB" in errors[0], libbot.output
    assert "Traceback" not in libbot.output


def test_a_missing_database_directory_is_one_line(api: BotAPIServer, libbot: Libbot) -> None:
    libbot.start(LIBBOT_DB=str(libbot.workdir / "no-such-dir" / "libbot.sqlite3"))
    assert libbot.wait() != 0
    errors = [line for line in libbot.output.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "LIBBOT_DB" in errors[0], libbot.output
    assert "Traceback" not in libbot.output


def test_a_corrupt_database_is_one_line(api: BotAPIServer, libbot: Libbot) -> None:
    libbot.db.write_bytes(b"this is not a database" * 100)
    libbot.start()
    assert libbot.wait() != 0
    errors = [line for line in libbot.output.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "LIBBOT_DB" in errors[0], libbot.output
