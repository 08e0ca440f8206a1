"""``libbot digest``: print a week, post it once with --send."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from bot.cli.digest import digest_command
from bot.cli.main import main
from bot.core.clock import ManualClock
from bot.offline.sample import sample_org_text
from bot.offline.standin import BotAPIStandin
from bot.settings import Settings
from tests.e2e.conftest import TZ, installed_on, rows

LEADERSHIP = -1001000000001


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    org = tmp_path / "org.toml"
    org.write_text(sample_org_text(), encoding="utf-8")
    return Settings(db=tmp_path / "libbot.sqlite3", org=org)


def test_the_command_line_prints_a_week(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LIBBOT_DB", str(settings.db))
    monkeypatch.setenv("LIBBOT_ORG", str(settings.org))
    assert main(["digest", "--week", "2026-W47"]) == 0
    out = capsys.readouterr().out
    assert "第47周（11月16日–22日）" in out and "东城区第一图书馆" in out
    assert "<b>" not in out  # plain text for a terminal


def test_a_bad_week_is_refused_by_name(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LIBBOT_ORG", str(settings.org))
    with pytest.raises(SystemExit) as exit_:
        main(["digest", "--week", "2026-W60"])
    assert exit_.value.code == 2
    assert "2026 has no week 60" in capsys.readouterr().err


async def test_a_week_before_the_bot_ran_is_not_posted(settings: Settings) -> None:
    """Installed on Tuesday 24 November: last week, empty, is printed but never posted."""
    clock = ManualClock(dt.datetime(2026, 11, 24, 10, 0, tzinfo=TZ))
    api = BotAPIStandin(now=clock.now)
    out = io.StringIO()
    sent = await digest_command(
        settings, dt.date(2026, 11, 16), True, out, clock=clock, request=api
    )
    assert sent == 1 and "第47周（11月16日–22日）" in out.getvalue()
    assert api.sent_messages(LEADERSHIP) == []
    assert rows(settings.db, "SELECT week FROM digest_log") == []


async def test_send_posts_once(settings: Settings) -> None:
    clock = ManualClock(dt.datetime(2026, 11, 24, 10, 0, tzinfo=TZ))
    api = BotAPIStandin(now=clock.now)
    monday = dt.date(2026, 11, 16)
    await installed_on(settings.db, monday)
    out = io.StringIO()
    assert await digest_command(settings, monday, True, out, clock=clock, request=api) == 0
    assert [c.method for c in api.sent_messages(LEADERSHIP)] == ["sendMessage", "sendPhoto"]
    again = await digest_command(settings, monday, True, out, clock=clock, request=api)
    assert again == 1
    assert len(api.sent_messages(LEADERSHIP)) == 2
    assert rows(settings.db, "SELECT week FROM digest_log") == [("2026-W47",)]
