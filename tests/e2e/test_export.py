"""``/export``: managers get the year's workbook as a document; staff are refused."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.app.application import publish_commands
from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall, render_html
from storage.sqlite.export import SqliteExportRepo
from tests.e2e.conftest import LI, LIU, THURSDAY, TZ, WANG, ZHANG, rows

NOVEMBER = 12  # column of 2026-11 in a metric sheet: branch, code, then January on


async def report_week(box: Sandbox) -> None:
    """角楼 reports Wednesday and Thursday, the central library Thursday."""
    box.clock.set(dt.datetime.combine(THURSDAY, dt.time(17, 5), TZ) - dt.timedelta(days=1))
    await box.feed(box.updates.message(WANG, "到馆 1000 外借 300 微信关注 5000"))
    box.clock.advance(days=1)
    await box.feed(box.updates.message(WANG, "到馆 1234 外借 560 微信关注 5020"))
    await box.feed(box.updates.message(LIU, "到馆 3000 微信关注 9000"))


def documents(calls: list[RecordedCall]) -> list[RecordedCall]:
    return [c for c in calls if c.method == "sendDocument"]


def sheet(content: bytes, name: str) -> list[list[Any]]:
    """The header row and the rows under it (the title and the period above left out)."""
    book = load_workbook(io.BytesIO(content))
    return [list(row) for row in book[name].iter_rows(min_row=3, values_only=True)]


RAW = ["日期", "馆名", "馆代码", "指标", "指标代码", "数值"]


async def test_manager_gets_this_years_workbook(box: Sandbox, db_path: Path) -> None:
    await report_week(box)
    box.clock.advance(hours=1)  # 18:05: Thursday's figures are due, the data counts to it
    update = box.updates.command(LI, "/export")
    calls = await box.feed(update)
    [call] = documents(calls)
    assert [c.method for c in calls] == ["sendDocument"]
    assert call.chat_id == LI.id and call.ok
    [(name, content)] = call.files.items()
    assert name == "libbot-2026.xlsx"
    caption = render_html(call.params["caption"])
    assert "东城区第一图书馆" in caption and "“每日数据”" in caption and "完成率" in caption
    book = load_workbook(io.BytesIO(content))
    assert [book["到馆人次"].cell(r, 1).value for r in (1, 2)] == [
        "东城区第一图书馆 · 到馆人次（人次）",
        "2026年1月1日至11月19日　数据截至 2026年11月19日",
    ]
    visitors = {row[1]: row for row in sheet(content, "到馆人次")}
    assert visitors["代码"][NOVEMBER] == "11月（至19日）"
    assert visitors["jiaolou"][NOVEMBER] == 2234 and visitors["main"][NOVEMBER] == 3000
    assert visitors[None][NOVEMBER] == 5234  # the organisation's total row has no code
    followers = {row[1]: row for row in sheet(content, "微信公众号关注量")}
    assert followers["jiaolou"][NOVEMBER] == 5020  # a level: the latest, not a sum
    assert followers[None][NOVEMBER] == 14020
    raw = sheet(content, "每日数据")
    assert raw[0] == RAW and len(raw) == 1 + 8
    assert [dt.datetime(2026, 11, 19), "角楼图书馆", "jiaolou", "到馆人次", "visitors", 1234] in raw
    answered = "SELECT reply_sent FROM handled_updates WHERE update_id = ?"
    assert rows(db_path, answered, (update["update_id"],)) == [(1,)]
    assert await box.feed(update) == []  # delivered again: nothing is sent twice


async def test_a_named_year(box: Sandbox) -> None:
    await report_week(box)
    figure = [("jiaolou", dt.date(2025, 12, 30), "visitors", 880)]
    await box.services.storage.reports.import_figures(figure, 0, box.clock.now())
    [call] = documents(await box.feed(box.updates.command(ZHANG, "/export", "2025")))
    [(name, content)] = call.files.items()
    assert name == "libbot-2025.xlsx"
    assert [row[-1] for row in sheet(content, "每日数据")] == ["数值", 880]  # 2025's only


async def test_a_year_without_figures_is_said_to_have_none(box: Sandbox) -> None:
    await report_week(box)
    calls = await box.feed(box.updates.command(ZHANG, "/export", "2025"))
    assert documents(calls) == []
    [reply] = [render_html(c.params["text"]) for c in calls if c.method == "sendMessage"]
    assert reply == "📭 2025年没有任何数据，没有可导出的内容。"
    english = box.services.renderers.for_locale("en").nothing_to_export(2025)
    assert english == "📭 There are no figures for 2025, so there is nothing to export."


async def test_the_default_year_is_the_organisations(box: Sandbox) -> None:
    # 31 Dec 2026, 23:30 in London is already 2027 in Beijing.
    box.clock.set(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC))
    figure = [("jiaolou", dt.date(2027, 1, 1), "visitors", 5)]  # reported in Beijing's 2027
    await box.services.storage.reports.import_figures(figure, 0, box.clock.now())
    [call] = documents(await box.feed(box.updates.command(LI, "/export")))
    assert list(call.files) == ["libbot-2027.xlsx"]


async def test_staff_are_refused(box: Sandbox, db_path: Path) -> None:
    await report_week(box)
    calls = await box.feed(box.updates.command(WANG, "/export"))
    assert documents(calls) == []
    [reply] = [render_html(c.params["text"]) for c in calls if c.method == "sendMessage"]
    assert "主管" in reply


@pytest.mark.parametrize("args", [("abc",), ("20266",), ("1850",), ("2025", "2026")])
async def test_a_bad_year_is_answered(box: Sandbox, args: tuple[str, ...]) -> None:
    update = box.updates.command(LI, "/export", *args)
    calls = await box.feed(update)
    assert documents(calls) == []
    [reply] = [render_html(c.params["text"]) for c in calls if c.method == "sendMessage"]
    assert f"“{' '.join(args)}”" in reply and "/export 2026" in reply


async def test_the_workbook_is_built_in_a_process_of_its_own(
    box: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    ways: list[str] = []
    apart, in_thread = SqliteExportRepo.read_snapshot_apart, SqliteExportRepo.read_snapshot

    async def spy_apart(repo: SqliteExportRepo, read: Any) -> Any:
        ways.append("process")
        return await apart(repo, read)

    async def spy_thread(repo: SqliteExportRepo, read: Any) -> Any:
        ways.append("thread")
        return await in_thread(repo, read)

    monkeypatch.setattr(SqliteExportRepo, "read_snapshot_apart", spy_apart)
    monkeypatch.setattr(SqliteExportRepo, "read_snapshot", spy_thread)
    await report_week(box)
    [document] = documents(await box.feed(box.updates.command(LI, "/export")))
    assert ways == ["process"]
    [content] = document.files.values()
    assert 1234 in [v for row in sheet(content, "每日数据") for v in row]


async def test_managers_find_export_in_their_menu(box: Sandbox) -> None:
    await publish_commands(box.app, box.services)
    menus = {
        c.params.get("scope", {}).get("chat_id"): [m["command"] for m in c.params["commands"]]
        for c in box.api.calls
        if c.method == "setMyCommands"
    }
    assert "export" in menus[LI.id] and "export" in menus[ZHANG.id]
    assert "invite" not in menus[LI.id] and "invite" in menus[ZHANG.id]
    assert "export" not in menus[None]  # everyone's menu
