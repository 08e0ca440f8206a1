"""``libbot parse`` reads as the bot does: the organisation's own metrics and branch names
(those changed in chat too) when its file is there, the default catalogue otherwise."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli.main import main
from bot.offline.sample import sample_org_text
from storage.models import BranchChangeRow, BranchRow
from storage.sqlite import open_storage

STORY_HOURS = (
    '\n[[metrics]]\ncode = "story_hours"\nname_zh = "故事会"\nname_en = "Story hours"\n'
    'unit_zh = "场"\nunit_en = "sessions"\nsynonyms_zh = ["绘本故事会"]\n'
)
NOW = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)


def parse(capsys: pytest.CaptureFixture[str], text: str) -> tuple[int, dict[str, Any], str]:
    """Exit code, the JSON printed, and what went to stderr."""
    code = main(["parse", "--date", "2026-11-20", text])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


@pytest.fixture
def org_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "org.toml"
    path.write_text(sample_org_text() + STORY_HOURS, encoding="utf-8")
    monkeypatch.setenv("LIBBOT_ORG", str(path))
    monkeypatch.setenv("LIBBOT_DB", str(tmp_path / "libbot.sqlite3"))
    monkeypatch.chdir(tmp_path)  # no .env of the checkout
    return path


def test_a_custom_metric_and_a_branch_alias_are_understood(
    org_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, result, err = parse(capsys, "角楼 绘本故事会 2场 到馆 300")
    assert code == 0, result
    assert result["branch"] == "角楼"  # the hint as written; the bot files it under jiaolou
    assert result["figures"] == {"story_hours": 2, "visitors": 300}
    assert err == ""


def test_without_an_organisation_file_the_default_catalogue_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LIBBOT_ORG", str(tmp_path / "none.toml"))
    monkeypatch.chdir(tmp_path)
    code, result, err = parse(capsys, "角楼 绘本故事会 2场 到馆 300")
    assert "story_hours" not in result["figures"] and result["figures"]["visitors"] == 300
    assert result["branch"] is None  # no branch names: 角楼 is just a word
    assert "no organisation file at" in err and "the default catalogue" in err
    assert code == 0  # the visitors can be recorded; the story hours were not understood


def test_a_broken_organisation_file_is_named_and_the_default_catalogue_used(
    org_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org_file.write_text(sample_org_text().replace('code = "jiaolou"', 'code = "Jiao Lou"'))
    code, result, err = parse(capsys, "到馆 300")
    assert code == 0 and result["figures"] == {"visitors": 300}
    assert str(org_file) in err and "the default catalogue" in err


async def add_in_chat(db: Path) -> None:
    """A service point added in chat, as ``/branch add`` stores it."""
    storage = await open_storage(db)
    try:
        await storage.people.sync_roster(
            [BranchRow("main", "总馆", "central", None, frozenset())], [], NOW
        )
        await storage.people.change_branch(
            BranchChangeRow("add", "xinhualu", "新华路社区服务点", "service_point", "main",
                            dt.date(2026, 11, 19), 1003, NOW),
            BranchRow("xinhualu", "新华路社区服务点", "service_point", "main", frozenset()),
        )  # fmt: skip
    finally:
        await storage.close()


def test_a_branch_added_in_chat_is_understood(
    org_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, result, _ = parse(capsys, "新华路社区服务点 到馆 36")
    assert result["branch"] is None  # not in the file, no database yet
    asyncio.run(add_in_chat(org_file.parent / "libbot.sqlite3"))
    code, result, err = parse(capsys, "新华路社区服务点 到馆 36")
    assert code == 0 and result["branch"] == "新华路社区服务点", result
    assert result["figures"] == {"visitors": 36} and err == ""
