"""``libbot import``: CSV and workbooks in, checked whole, written whole, twice = once."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bot.cli.export import write_export
from bot.cli.imports import import_command
from bot.cli.main import main
from bot.core.clock import ManualClock
from bot.core.org import load_org
from bot.offline.sample import sample_org_text
from bot.offline.sandbox import Sandbox
from bot.settings import Settings
from tests.e2e.conftest import THURSDAY, TZ, WANG, rows

DECEMBER_FIRST = dt.datetime(2026, 12, 1, 10, 0, tzinfo=TZ)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    org = tmp_path / "org.toml"
    org.write_text(sample_org_text(), encoding="utf-8")
    return Settings(db=tmp_path / "libbot.sqlite3", org=org)


async def run(
    settings: Settings, path: Path, *, at: dt.datetime = DECEMBER_FIRST, **flags: bool
) -> tuple[int, str]:
    """Run ``libbot import`` in-process; its exit code and what it printed."""
    out = io.StringIO()
    code = await import_command(settings, path, out=out, clock=ManualClock(at), **flags)
    return code, out.getvalue()


def write_csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(("date,branch,metric,value", *lines)) + "\n", encoding="utf-8")
    return path


def stored(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], int]:
    """Daily figures, monthly figures and the number of history rows."""
    daily = rows(db, "SELECT branch, day, metric, value FROM figures ORDER BY 1, 2, 3")
    monthly = rows(
        db,
        "SELECT branch, metric, first_month, last_month, value FROM month_figures ORDER BY 1, 2, 3",
    )
    [(history,)] = rows(db, "SELECT COUNT(*) FROM figure_history")
    return daily, monthly, int(str(history))


async def test_csv_by_code_name_alias_and_english(settings: Settings, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "past.csv",
        "2026-11-18,角楼,到馆,120",  # alias, Chinese synonym
        "2026-11-18,jiaolou,Checkouts,30",  # code, English synonym
        "2026-11-18,东城区第一图书馆（总馆）,visitors,900",  # full name, code
        "2026-10,总馆,footfall,5000",  # one month
        "2026-01/2026-09,王府井,外借册次,40000",  # months of one year
    )
    code, out = await run(settings, path)
    assert code == 0, out
    assert "add 5" in out
    daily, monthly, history = stored(settings.db)
    assert daily == [
        ("jiaolou", "2026-11-18", "loans", 30),
        ("jiaolou", "2026-11-18", "visitors", 120),
        ("main", "2026-11-18", "visitors", 900),
    ]
    assert monthly == [
        ("main", "visitors", "2026-10", "2026-10", 5000),
        ("wangfujing", "loans", "2026-01", "2026-09", 40000),
    ]
    assert history == 5
    sources = rows(settings.db, "SELECT source, months FROM figure_history ORDER BY id")
    assert ("past.csv, row 2, column value", None) in sources
    assert ("past.csv, row 6, column value", "2026-01/2026-09") in sources


async def test_dry_run_writes_nothing_and_twice_changes_nothing(
    settings: Settings, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "past.csv", "2026-11-18,jiaolou,visitors,120",
                     "2026-03,jiaolou,loans,800")  # fmt: skip
    code, out = await run(settings, path, dry_run=True)
    assert code == 0
    assert "would add 2" in out and "dry run: nothing written" in out
    assert "jiaolou visitors 2026-11-18: 120" in out
    assert stored(settings.db) == ([], [], 0)

    assert (await run(settings, path))[0] == 0
    first = stored(settings.db)
    assert len(first[0]) == 1 and len(first[1]) == 1 and first[2] == 2
    code, out = await run(settings, path)
    assert code == 0
    assert "2 unchanged" in out and "nothing to change" in out
    assert stored(settings.db) == first  # not even a history row more


async def test_a_changed_file_updates_an_earlier_import(settings: Settings, tmp_path: Path) -> None:
    await run(settings, write_csv(tmp_path / "a.csv", "2026-11-18,jiaolou,visitors,120"))
    code, out = await run(
        settings, write_csv(tmp_path / "b.csv", "2026-11-18,jiaolou,visitors,125")
    )
    assert code == 0 and "update 1" in out and "120 -> 125" in out
    assert stored(settings.db)[0] == [("jiaolou", "2026-11-18", "visitors", 125)]


async def test_a_value_reported_in_chat_is_kept_unless_replace(
    box: Sandbox, settings: Settings, tmp_path: Path
) -> None:
    await box.feed(box.updates.message(WANG, "到馆 1234 外借 560"))
    day = THURSDAY.isoformat()
    path = write_csv(tmp_path / "sheet.csv", f"{day},角楼,到馆,1300", f"{day},角楼,外借,560")
    code, out = await run(settings, path)
    assert code == 0
    assert "kept 1 value(s) reported in chat" in out
    assert f"jiaolou visitors {day}: chat 1234 (kept), file 1300" in out
    assert "[reported by user 1001]" in out and "1 unchanged" in out
    held = rows(settings.db, "SELECT value, report_id FROM figures WHERE metric = 'visitors'")
    assert held[0][0] == 1234 and held[0][1] is not None

    code, out = await run(settings, path, replace=True)
    assert code == 0 and "replace 1" in out
    assert rows(settings.db, "SELECT value FROM figures WHERE metric = 'visitors'") == [(1300,)]
    [(old, new, old_report)] = rows(
        settings.db,
        "SELECT old_value, new_value, old_report_id FROM figure_history WHERE action = 'import'",
    )
    assert (old, new) == (1234, 1300) and old_report is not None


def months_sheet(path: Path, cells: dict[tuple[int, int], int | str]) -> Path:
    """A sheet 到馆人次 in the export's layout, with ``cells`` (row, column) filled in."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "到馆人次"
    sheet.append(["馆名", "代码", *[f"2026-{m:02d}" for m in range(1, 13)], "合计"])
    sheet.append(["东城区第一图书馆（总馆）", "main"])
    sheet.append(["角楼图书馆", "jiaolou"])
    sheet.append(["总计（全部馆）", None])
    for (row, column), value in cells.items():
        sheet.cell(row, column).value = value
    book.save(path)
    return path


async def test_a_bad_cell_names_file_sheet_row_and_column_and_nothing_is_written(
    settings: Settings, tmp_path: Path
) -> None:
    path = months_sheet(tmp_path / "bad.xlsx", {(2, 3): 5000, (3, 3): 800, (3, 4): "abc",
                                                 (3, 5): -4})  # fmt: skip
    code, out = await run(settings, path)
    assert code == 1
    assert "nothing written" in out
    assert "bad.xlsx, sheet 到馆人次, row 3, column D: 'abc' is not a whole number" in out
    assert "bad.xlsx, sheet 到馆人次, row 3, column E: -4 is negative" in out
    assert stored(settings.db) == ([], [], 0)


async def test_an_unknown_branch_is_named(settings: Settings, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", "2026-11-18,jiaolou,visitors,1",
                     "2026-11-18,新华路,visitors,2", "2026-11-31,jiaolou,loans,3")  # fmt: skip
    code, out = await run(settings, path)
    assert code == 1
    assert "x.csv, row 3, column branch: no branch is called '新华路'" in out
    assert "x.csv, row 4, column date: '2026-11-31' is not a date" in out
    assert stored(settings.db) == ([], [], 0)


async def test_a_day_inside_a_month_with_a_total_refuses_the_file(
    settings: Settings, tmp_path: Path
) -> None:
    await run(settings, write_csv(tmp_path / "a.csv", "2026-01/2026-11,jiaolou,visitors,30000"))
    before = stored(settings.db)
    code, out = await run(settings, write_csv(tmp_path / "b.csv", "2026-11-02,jiaolou,visitors,9",
                                              "2026-11-02,main,visitors,9"))  # fmt: skip
    assert code == 1
    assert (
        "b.csv, row 2, column value: jiaolou visitors on 2026-11-02 falls in 2026-01/2026-11" in out
    )
    assert stored(settings.db) == before


async def test_the_template_filled_in_is_imported(settings: Settings, tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    code, out = await run(settings, template, template=True)
    assert code == 0 and "wrote" in out
    book = load_workbook(template)
    sheet = book["到馆人次"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["馆名", "代码", "2026-01", "2026-02"] and len(header) == 14
    codes = [sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)]
    assert codes[:2] == ["main", "jiaolou"]
    assert "微信公众号关注量" not in book.sheetnames  # a level is given for a day
    sheet.cell(3, 3).value = 2800  # 角楼, January
    sheet.cell(3, 13).value = 3100  # 角楼, November
    book["外借册次"].cell(2, 4).value = 12000  # 总馆, February
    book.save(tmp_path / "filled.xlsx")
    code, out = await run(settings, tmp_path / "filled.xlsx")
    assert code == 0, out
    assert stored(settings.db)[1] == [
        ("jiaolou", "visitors", "2026-01", "2026-01", 2800),
        ("jiaolou", "visitors", "2026-11", "2026-11", 3100),
        ("main", "loans", "2026-02", "2026-02", 12000),
    ]


async def test_a_days_sheet_and_a_year_so_far_sheet(settings: Settings, tmp_path: Path) -> None:
    book = Workbook()
    days = book.active
    assert days is not None
    days.title = "外借"
    days.append(["馆名", dt.datetime(2026, 11, 2), dt.datetime(2026, 11, 3)])
    days.append(["角楼", 31, None])
    days.append(["景山", 12, 14])
    totals = book.create_sheet("1-10月")
    totals.append(["馆名", "到馆", "Events"])
    totals.append(["总馆", 150000, 210])
    totals.append(["隆福寺", "3,200", ""])
    book.save(tmp_path / "year.xlsx")
    code, out = await run(settings, tmp_path / "year.xlsx")
    assert code == 0, out
    assert "note: year.xlsx, sheet 1-10月: read as 2026-01/2026-10" in out
    daily, monthly, _ = stored(settings.db)
    assert daily == [
        ("jiaolou", "2026-11-02", "loans", 31),
        ("jingshan", "2026-11-02", "loans", 12),
        ("jingshan", "2026-11-03", "loans", 14),
    ]
    assert monthly == [
        ("longfusi", "visitors", "2026-01", "2026-10", 3200),
        ("main", "events", "2026-01", "2026-10", 210),
        ("main", "visitors", "2026-01", "2026-10", 150000),
    ]


def in_locale(settings: Settings, locale: str) -> Settings:
    """The same organisation with ``locale`` as its language (what its workbooks are in)."""
    org = settings.org.with_name(f"org-{locale}.toml")
    text = settings.org.read_text(encoding="utf-8")
    org.write_text(text.replace('locale = "zh_CN"', f'locale = "{locale}"', 1), encoding="utf-8")
    return Settings(db=settings.db, org=org)


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
async def test_an_export_is_imported_into_a_fresh_database(
    settings: Settings, tmp_path: Path, locale: str
) -> None:
    path = write_csv(tmp_path / "past.csv", "2026-11-18,jiaolou,visitors,120",
                     "2026-11-19,main,loans,40", "2026-01/2026-10,jiaolou,visitors,30000",
                     "2026-11-19,jiaolou,wechat_followers,5000")  # fmt: skip
    assert (await run(settings, path))[0] == 0
    before = stored(settings.db)
    settings = in_locale(settings, locale)
    for kind in ("xlsx", "csv"):
        exported = tmp_path / f"export.{kind}"
        org = load_org(settings.org) if kind == "xlsx" else None
        assert await write_export(settings.db, org, exported, None) == 4
        fresh = Settings(db=tmp_path / f"fresh-{kind}.sqlite3", org=settings.org)
        code, out = await run(fresh, exported)
        assert code == 0, out
        after = stored(fresh.db)
        assert after[:2] == before[:2]
        if kind == "xlsx":  # the metric sheets summarise the figures sheet: not read twice
            assert "a summary of the figures sheet, not read again" in out
            daily = "每日数据" if locale == "zh_CN" else "Daily figures"
            assert load_workbook(exported).sheetnames[-1] == daily


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
async def test_an_exports_metric_sheets_alone_are_read_as_months(
    settings: Settings, tmp_path: Path, locale: str
) -> None:
    """Without the daily sheet, the metric sheets (a title above, months without a year,
    the running month marked, 完成率 beside) give each branch's months back."""
    path = write_csv(tmp_path / "past.csv", "2025-12-31,jiaolou,visitors,9",
                     "2026-03-02,jiaolou,visitors,120", "2026-03-09,jiaolou,visitors,80",
                     "2026-11-19,main,loans,40", "2026-11-19,jiaolou,loans,7")  # fmt: skip
    assert (await run(settings, path))[0] == 0
    settings = in_locale(settings, locale)
    exported = tmp_path / "2026.xlsx"
    assert await write_export(settings.db, load_org(settings.org), exported, 2026) == 4
    book = load_workbook(exported)
    del book[book.sheetnames[-1]]  # the daily figures
    book["外借册次" if locale == "zh_CN" else "Loans"].title = "Sheet 7"  # by its code column
    book.save(exported)
    fresh = Settings(db=tmp_path / "fresh.sqlite3", org=settings.org)
    code, out = await run(fresh, exported, at=dt.datetime(2027, 1, 5, 10, 0, tzinfo=TZ))
    assert code == 0, out
    assert stored(fresh.db)[1] == [
        ("jiaolou", "loans", "2026-11", "2026-11", 7),
        ("jiaolou", "visitors", "2026-03", "2026-03", 200),
        ("main", "loans", "2026-11", "2026-11", 40),
    ]  # the year from the title, not the day of the import (2027)


def test_the_command_line_exit_codes(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("LIBBOT_DB", str(settings.db))
    monkeypatch.setenv("LIBBOT_ORG", str(settings.org))
    assert main(["import", str(tmp_path / "none.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["import", "--template", "--dry-run", str(tmp_path / "t.xlsx")]) == 2
    bad = write_csv(tmp_path / "bad.csv", "2026-11-18,jiaolou,visitors,lots")
    assert main(["import", str(bad)]) == 1
    with pytest.raises(SystemExit) as usage:
        main(["import"])
    assert usage.value.code == 2
