"""ExportService and the CSV export: every stored figure out, through ExportRepo."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.core.clock import ManualClock, OrgClock
from bot.core.commands import YearCommand
from bot.core.org import Organisation
from bot.render.i18n import Catalogs
from bot.services.export import (
    CSV_COLUMNS,
    ExportService,
    FiguresWorkbook,
    NothingToExport,
    export_csv,
)
from storage import Storage
from storage.models import BranchRow, ReportWrite
from tests.services.conftest import THURSDAY, TZ

FIGURES = (
    ("jiaolou", dt.date(2025, 12, 31), {"visitors": 7}),
    ("jiaolou", THURSDAY, {"visitors": 1234, "loans": 560}),
    ("jingshan", THURSDAY - dt.timedelta(days=1), {"visitors": 300}),
)


@pytest.fixture
async def export(storage: Storage, org: Organisation, clock: OrgClock) -> ExportService:
    branches = [
        BranchRow(b.code, b.name, b.kind, b.parent, b.closed_weekdays) for b in org.branches
    ]
    await storage.people.sync_roster(branches, [], clock.now())
    for n, (branch, day, figures) in enumerate(FIGURES, start=1):
        write = ReportWrite(1001, 1001, n, n, branch, day, figures, False, clock.now())
        await storage.reports.record_report(write)
    return ExportService(storage.export, org, clock, Catalogs())


async def test_csv_holds_every_figure_in_order(
    export: ExportService, storage: Storage, tmp_path: Path
) -> None:
    output = tmp_path / "figures.csv"
    assert await export_csv(storage.export, output) == 4
    with output.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert rows == [
        list(CSV_COLUMNS),
        ["2025-12-31", "jiaolou", "visitors", "7"],
        ["2026-11-18", "jingshan", "visitors", "300"],
        ["2026-11-19", "jiaolou", "loans", "560"],
        ["2026-11-19", "jiaolou", "visitors", "1234"],
    ]
    assert await export_csv(storage.export, output, year=2025) == 1


async def test_the_workbook_holds_the_year_asked_for(export: ExportService) -> None:
    workbook = await export.figures_workbook("en", YearCommand(2026))
    assert isinstance(workbook, FiguresWorkbook)
    assert (workbook.year, workbook.filename) == (2026, "libbot-2026.xlsx")
    book = load_workbook(io.BytesIO(workbook.content))
    values = [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
              for cell in row]  # fmt: skip
    assert 1234 in values and 300 in values
    assert 7 not in values  # a figure of 2025


async def test_a_year_without_figures_has_no_workbook(
    export: ExportService, storage: Storage
) -> None:
    assert await export.figures_workbook("en", YearCommand(2024)) == NothingToExport(2024)
    assert isinstance(await export.figures_workbook("en", YearCommand(2025)), FiguresWorkbook)
    assert await storage.export.holds(2025) and not await storage.export.holds(2027)


async def test_write_xlsx_counts_the_figures_it_holds(
    export: ExportService, tmp_path: Path
) -> None:
    assert await export.write_xlsx(tmp_path / "all.xlsx", "zh_CN") == 4
    assert await export.write_xlsx(tmp_path / "2025.xlsx", "zh_CN", 2025) == 1
    book = load_workbook(tmp_path / "all.xlsx")
    assert book.worksheets
    book.close()


async def test_the_data_counts_to_the_last_day_due(
    export: ExportService, manual: ManualClock
) -> None:
    manual.set(dt.datetime(2026, 11, 19, 17, 59, tzinfo=TZ))
    assert export.as_of() == THURSDAY - dt.timedelta(days=1)  # today's are not due yet
    manual.set(dt.datetime(2026, 11, 19, 18, 0, tzinfo=TZ))
    assert export.as_of() == THURSDAY
    workbook = await export.figures_workbook("en", YearCommand(2026))
    assert isinstance(workbook, FiguresWorkbook)
    sheet = load_workbook(io.BytesIO(workbook.content))["Visitors"]
    assert sheet["A2"].value == "Jan 1\u2009–\u2009Nov 19, 2026 · data as of Nov 19, 2026"
    assert sheet["M3"].value == "Nov (1–19)"
