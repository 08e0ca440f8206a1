"""``libbot demo`` plays its whole day through the real application and exits 0."""

from __future__ import annotations

import io
from pathlib import Path

from bot.offline.demo import run_demo


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
