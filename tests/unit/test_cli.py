"""The command line as DESIGN §2 fixes it: parse exit codes, the CSV columns, check."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from bot.cli.main import main
from storage.models import BranchRow, ReportWrite
from storage.sqlite import open_storage


@pytest.mark.parametrize(
    ("text", "code", "figures"),
    [
        ("到馆1234 外借560", 0, {"visitors": 1234, "loans": 560}),
        ("今日闭馆", 0, {}),
        ("谢谢大家", 1, {}),
        ("到馆-5", 2, {}),
    ],
)
def test_parse_prints_json_and_exits_by_outcome(
    text: str,
    code: int,
    figures: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("LIBBOT_ORG", str(tmp_path / "none.toml"))  # the default catalogue
    assert main(["parse", "--date", "2026-11-20", text]) == code
    result = json.loads(capsys.readouterr().out)
    assert list(result) == [
        "date", "branch", "closed", "closed_until", "figures", "warnings", "error"
    ]  # fmt: skip
    assert result["date"] == "2026-11-20" and result["figures"] == figures


async def make_db(path: Path) -> None:
    store = await open_storage(path)
    now = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    await store.people.sync_roster(
        [BranchRow("jiaolou", "角楼图书馆", "branch", None, frozenset())], [], now
    )
    for day, figures in ((dt.date(2025, 12, 31), {"visitors": 7}),
                         (dt.date(2026, 11, 19), {"loans": 560, "visitors": 1234})):  # fmt: skip
        await store.reports.record_report(
            ReportWrite(1, 1, day.day, 1, "jiaolou", day, figures, False, now)
        )
    await store.close()


def test_export_writes_exactly_the_csv_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asyncio.run(make_db(tmp_path / "db.sqlite3"))
    monkeypatch.setenv("LIBBOT_DB", str(tmp_path / "db.sqlite3"))
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "figures.csv"
    assert main(["export", "--year", "2026", "--format", "csv", "-o", str(out)]) == 0
    with out.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows == [
        ["date", "branch", "metric", "value"],
        ["2026-11-19", "jiaolou", "loans", "560"],
        ["2026-11-19", "jiaolou", "visitors", "1234"],
    ]


def test_export_without_a_database_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LIBBOT_DB", str(tmp_path / "missing.sqlite3"))
    monkeypatch.chdir(tmp_path)
    assert main(["export", "-o", str(tmp_path / "x.csv")]) == 1
    assert "no database" in capsys.readouterr().err
    assert not (tmp_path / "missing.sqlite3").exists()


def test_check_names_the_broken_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    org = tmp_path / "org.toml"
    org.write_text('[org]\nname = "X"\n\n[[branches]]\ncode = "Main!"\nname = "M"\n', "utf-8")
    monkeypatch.setenv("LIBBOT_ORG", str(org))
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "line 5" in err and "branches[0].code" in err and "Traceback" not in err
