"""``libbot export --format xlsx``: the organisation file's names, targets and language."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli.main import main
from storage.models import BranchRow, ReportWrite
from storage.sqlite import open_storage

ORG = """
[org]
name = "Riverside Libraries"
locale = "en"

[[branches]]
code = "central"
name = "Central Library"
kind = "central"

[[branches]]
code = "jiaolou"
name = "Jiaolou Branch"
parent = "central"

[targets.2026]
visitors = 600000

[targets.2026.branches.jiaolou]
visitors = 80000
"""

REPORTS = (
    ("jiaolou", dt.date(2025, 12, 31), {"visitors": 7}),
    ("jiaolou", dt.date(2026, 11, 18), {"visitors": 1000, "wechat_followers": 500}),
    ("jiaolou", dt.date(2026, 11, 19), {"loans": 560, "visitors": 1234, "wechat_followers": 520}),
    ("central", dt.date(2026, 10, 2), {"visitors": 3000, "wechat_followers": 4100}),
)


async def make_db(path: Path) -> None:
    store = await open_storage(path)
    now = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    branches = [
        BranchRow("central", "Central Library", "central", None, frozenset()),
        BranchRow("jiaolou", "Jiaolou Branch", "branch", "central", frozenset()),
    ]
    await store.people.sync_roster(branches, [], now)
    for n, (branch, day, figures) in enumerate(REPORTS, start=1):
        await store.reports.record_report(ReportWrite(1, 1, n, n, branch, day, figures, False, now))
    await store.close()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    asyncio.run(make_db(tmp_path / "db.sqlite3"))
    (tmp_path / "org.toml").write_text(ORG, "utf-8")
    monkeypatch.setenv("LIBBOT_DB", str(tmp_path / "db.sqlite3"))
    monkeypatch.setenv("LIBBOT_ORG", str(tmp_path / "org.toml"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_xlsx_export_of_a_year(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = env / "figures.xlsx"
    assert main(["export", "--year", "2026", "--format", "xlsx", "-o", str(out)]) == 0
    assert "wrote 7 figures" in capsys.readouterr().err
    book = load_workbook(out)
    assert book.sheetnames == ["Visitors", "Loans", "WeChat followers", "Daily figures"]
    visitors = [list(r) for r in book["Visitors"].iter_rows(min_row=3, values_only=True)]
    assert visitors[0][:3] == ["Branch", "Code", "Jan"] and visitors[0][-4:] == [
        "Total", "Target 2026", "Attainment", "Metric code"
    ]  # fmt: skip
    assert visitors[0][13].startswith("Dec")  # "Dec (1–…)" while December runs: a real clock
    nov, oct_, total, target = 12, 11, 14, 15
    assert visitors[1][:2] == ["Central Library", "central"]
    assert visitors[1][oct_] == 3000 and visitors[1][total] == 3000
    assert visitors[2][nov] == 2234 and visitors[2][total] == 2234
    assert visitors[2][target] == 80000
    assert visitors[3][total] == 5234 and visitors[3][target] == 600000
    followers = [list(r) for r in book["WeChat followers"].iter_rows(min_row=3, values_only=True)]
    assert followers[2][nov] == 520 and followers[2][total] == 520
    assert followers[3][oct_] == 4100 and followers[3][nov] == 520
    assert followers[3][total] == 4620  # each branch's latest, added up
    raw = [list(r) for r in book["Daily figures"].iter_rows(min_row=3, values_only=True)]
    assert raw[0] == ["Date", "Branch", "Branch code", "Metric", "Metric code", "Value"]
    assert len(raw) == 8
    assert raw[1] == [dt.datetime(2026, 10, 2), "Central Library", "central", "Visitors",
                      "visitors", 3000]  # fmt: skip


def test_xlsx_export_of_everything(env: Path) -> None:
    out = env / "all.xlsx"
    assert main(["export", "--format", "xlsx", "-o", str(out)]) == 0
    header = next(load_workbook(out)["Visitors"].iter_rows(min_row=3, values_only=True))
    assert header[2:5] == ("Dec 2025", "Jan 2026", "Feb 2026") and header[13] == "Nov 2026"
    assert header[14:] == ("Total", "Target 2026", "Attainment", "Metric code")


def test_xlsx_export_needs_the_organisation_file(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LIBBOT_ORG", str(env / "missing.toml"))
    assert main(["export", "--format", "xlsx", "-o", str(env / "x.xlsx")]) == 1
    assert "missing.toml" in capsys.readouterr().err
    assert not (env / "x.xlsx").exists()
