"""``/progress <metric>`` for many branches: one message with the top and bottom five, the
reader's own branch with its place, the median, and the whole ranking as a workbook —
checked against an order the test works out itself from the figures it stored."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytest import approx

from bot.core.clock import ManualClock
from bot.core.org import parse_org
from bot.offline.html import render_html, utf16_length
from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall
from bot.offline.updates import TgUser
from bot.render.i18n import Catalogs
from tests.e2e.conftest import TZ

EVENING = dt.datetime(2026, 11, 19, 19, 0, tzinfo=TZ)
DIRECTOR = TgUser(1, "馆长")  # a manager who also runs one branch
CLERK = TgUser(2, "馆员")  # staff of one branch
TARGET = 10_000
PERCENT = Catalogs().translator("zh_CN").percent  # as the reader's language rounds
LONG = "&<东区>街道综合文化服务中心少年儿童阅读推广与数字资源体验分馆"


def code(i: int) -> str:
    return f"b{i:04d}"


def name(i: int, long: bool) -> str:
    return f"第{i}号{LONG}" if long else f"第{i}分馆"


def value(i: int) -> int:
    """Spread out and all different: attainments from 5 % to 95 %."""
    return 500 + i * 7919 % 9000


def org_text(branches: int, long: bool) -> str:
    """A central library and ``branches - 1`` under it; nine in ten with an allocation."""
    lines = ['[org]\nname = "大馆"\nleadership_chat_id = -1001\n']
    for i in range(branches):
        kind, parent = ("central", "") if i == 0 else ("branch", f'parent = "{code(0)}"')
        lines.append(f'[[branches]]\ncode = "{code(i)}"\nname = "{name(i, long)}"\n'
                     f'kind = "{kind}"\n{parent}\n')  # fmt: skip
    lines.append(f'[[staff]]\nid = {DIRECTOR.id}\nname = "馆长"\nrole = "manager"\n'
                 f'branches = ["{code(17)}"]\n')  # fmt: skip
    lines.append(f'[[staff]]\nid = {CLERK.id}\nname = "馆员"\nbranches = ["{code(23)}"]\n')
    lines.append(f"[targets.2026]\nvisitors = {branches * TARGET}\n")
    lines.extend(
        f"[targets.2026.branches.{code(i)}]\nvisitors = {TARGET}\n"
        for i in range(branches)
        if allocated(i)
    )
    return "\n".join(lines)


def allocated(i: int) -> bool:
    return i % 10 != 9


def expected_order(branches: int) -> list[int]:
    """By attainment (one target for all: by value), then those without one by value."""
    judged = sorted((i for i in range(branches) if allocated(i)), key=lambda i: -value(i))
    others = sorted((i for i in range(branches) if not allocated(i)), key=lambda i: -value(i))
    return judged + others


async def ranking_of(tmp_path: Path, branches: int, long: bool, user: TgUser) -> list[RecordedCall]:
    org = parse_org(org_text(branches, long), "org.toml")
    clock = ManualClock(EVENING)
    box = await Sandbox.start(org, tmp_path / "big.sqlite3", clock)
    try:
        rows = [(code(i), EVENING.date(), "visitors", value(i)) for i in range(branches)]
        await box.services.storage.reports.import_figures(rows, 0, clock.now())
        return await box.feed(box.updates.command(user, "/progress", "到馆"))
    finally:
        await box.stop()


def workbook_rows(content: bytes) -> list[list[object]]:
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["到馆人次"]
    return [list(row) for row in book["到馆人次"].iter_rows(values_only=True)]


@pytest.mark.parametrize(("branches", "long"), [(30, False), (3000, True)])
async def test_a_long_ranking_is_one_message_and_a_workbook(
    tmp_path: Path, branches: int, long: bool
) -> None:
    calls = await ranking_of(tmp_path, branches, long, DIRECTOR)
    assert [c.method for c in calls] == ["sendMessage", "sendDocument"]
    assert all(c.ok for c in calls)
    html = calls[0].params["text"]
    text = render_html(html)
    assert utf16_length(text) <= 4096 and len(html) <= 4096  # as Telegram counts it, and sent

    def shown(i: int) -> str:  # a long name is cut in the message, whole in the workbook
        return name(i, long) if not long else name(i, long)[:23] + "…"

    order = expected_order(branches)
    judged = [i for i in order if allocated(i)]
    total = sum(value(i) for i in range(branches))
    assert f"<b>合计</b> {total:,} / {branches * TARGET:,}" in html
    assert "&amp;&lt;东区&gt;" in html or not long  # the names are escaped
    lines = text.splitlines()

    def line_of(i: int) -> str:
        [found] = [line for line in lines if f" {shown(i)} · " in line and "名 · " not in line]
        return found

    for place, i in enumerate(judged[:5], 1):  # the top five, in order
        assert line_of(i).split(" ")[1] == f"{place}."
    for i in judged[-5:]:  # the bottom five, with their places
        assert line_of(i).split(" ")[1] == f"{order.index(i) + 1:,}."
    own = order.index(17) + 1
    assert f"第 {own:,}/{branches:,} 名 · {shown(17)} · {PERCENT(value(17) / TARGET)}" in text
    median = judged[(len(judged) - 1) // 2]
    assert f"中位数：第 {order.index(median) + 1:,}/{branches:,} 名 · {shown(median)}" in text
    assert PERCENT(value(median) / TARGET) in text.split("中位")[1].splitlines()[0]
    without = branches - len(judged)
    assert f"有 {without:,} 个分馆没有分配目标" in text
    assert f"全部 {branches:,} 个分馆的排名见下方表格" in text

    [(filename, content)] = calls[1].files.items()
    assert filename == "ranking-visitors-2026-11-19.xlsx"
    assert f"全部 {branches:,} 个分馆" in calls[1].params["caption"]
    rows = workbook_rows(content)
    assert rows[0][0] == "到馆人次 · 大馆 · 数据截至2026年11月19日"
    assert rows[1] == ["名次", "馆名", "代码", "数值", "目标", "完成率", "占总量", "应达进度"]
    body, last = rows[2:-1], rows[-1]
    due = dt.date(2026, 11, 19).timetuple().tm_yday / 365  # no last year: linear
    assert [r[0] for r in body] == list(range(1, branches + 1))
    assert [r[2] for r in body] == [code(i) for i in order]
    assert [r[1] for r in body] == [name(i, long) for i in order]  # whole, not escaped
    assert [r[3] for r in body] == [value(i) for i in order]
    assert [r[4] for r in body] == [TARGET if allocated(i) else None for i in order]
    for row, i in zip(body, order, strict=True):  # rates are numbers, printed as 0.0%
        assert row[5] == (approx(value(i) / TARGET) if allocated(i) else None)
        assert row[6] == approx(value(i) / total)
        assert row[7] == (approx(due) if allocated(i) else None)  # the share due by now
    assert last[1:] == ["合计", None, total, branches * TARGET,
                        approx(total / branches / TARGET), 1.0, approx(due)]  # fmt: skip
    sheet = load_workbook(io.BytesIO(content))["到馆人次"]
    assert sheet.cell(3, 6).number_format == "0.0%"
    assert sheet.print_title_rows == "$2:$2"  # the headings atop every printed page
    assert sheet.page_setup.fitToWidth == 1


async def test_staff_rank_their_own_branch_only(tmp_path: Path) -> None:
    calls = await ranking_of(tmp_path, 30, False, CLERK)
    assert [c.method for c in calls] == ["sendMessage"]  # one branch: listed whole
    text = render_html(calls[0].params["text"])
    assert "第23分馆" in text and "第17分馆" not in text
    assert f"合计 {value(23):,} / {TARGET:,}" in text
