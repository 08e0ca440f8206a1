"""``libbot demo`` plays its whole day through the real application and exits 0."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from bot.offline.demo import DemoFileError, run_demo
from storage.sqlite import open_storage
from storage.sqlite.health import inspect_database


async def test_the_demo_plays_every_scene(tmp_path: Path) -> None:
    out = io.StringIO()
    assert await run_demo(out, db_path=tmp_path / "demo.sqlite3") == 0
    text = out.getvalue()
    for scene in (
        "✅ 已记录 · 角楼图书馆",  # a report confirmed
        "[✅ 确实是 2,650]",  # an unusual value asked about
        "👥 Someone else already reported 角楼图书馆",  # a second reporter asked
        "412 — 王芳's figure kept (you sent 430)",
        "↩️ 已撤销",  # undo
        "$ libbot import 2026年1-10月.xlsx",  # January–October from the library's workbook
        "nothing to change: every value is stored already",  # and again: nothing changes
        "✅ 已新增新华路社区服务点（服务点），上级为景山街道图书馆",  # added in chat
        "你现在负责新华路社区服务点的报数",  # and joined through /invite
        "东城区第一图书馆 · 2026年度统计",  # /year: the year so far as a 年报
        "人均藏书量：2.34 册/人 · 标准 2.00 册/人 ✅ 达标",  # an indicator from org.toml
        "[file] 📊 东城区第一图书馆 · 2026年度统计",  # the whole report as a workbook
    ):
        assert scene in text, scene
    assert "Traceback" not in text


def without_invites(transcript: str) -> str:
    """The transcript with its invite links' random tokens taken out."""
    return re.sub(r"(start[= ])[\w-]+", r"\1…", transcript)


async def test_the_demo_runs_again_on_the_same_file_afresh(tmp_path: Path) -> None:
    """``libbot demo --db FILE`` twice: the second run plays the same day on a new
    database that replaces the first one's (it used to crash on the figures already there)."""
    db = tmp_path / "demo.sqlite3"
    first, second = io.StringIO(), io.StringIO()
    assert await run_demo(first, db_path=db) == 0
    Path(f"{db}-wal").write_bytes(b"left by a run that was killed")  # not the new database's
    assert await run_demo(second, db_path=db) == 0
    assert without_invites(second.getvalue()) == without_invites(first.getvalue())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.sqlite3"]  # nothing left over
    assert inspect_database(db).problem is None


async def test_the_demo_leaves_a_file_it_did_not_write_alone(tmp_path: Path) -> None:
    """A library's own database named by mistake is refused before anything is played."""
    db = tmp_path / "libbot.sqlite3"
    storage = await open_storage(db)
    await storage.close()
    before = db.read_bytes()
    out = io.StringIO()
    with pytest.raises(DemoFileError, match="not a database an earlier libbot demo wrote"):
        await run_demo(out, db_path=db)
    assert db.read_bytes() == before and out.getvalue() == ""
    text = tmp_path / "notes.txt"
    text.write_text("keep me", encoding="utf-8")
    with pytest.raises(DemoFileError):
        await run_demo(out, db_path=text)
    assert text.read_text(encoding="utf-8") == "keep me"
