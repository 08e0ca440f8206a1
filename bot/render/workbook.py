"""The figures as an Excel workbook: a sheet per metric by month, then every raw figure.

Written with openpyxl's write-only mode: rows go to disk as they come, so a year of
three hundred branches (1.6 million figures) never sits in memory as cells.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.core.metrics import Metric
from bot.core.org import Organisation
from bot.render.i18n import Translator
from storage.models import FigureRow, MonthFigureRow, MonthFigures

RAW_SHEET = "figures"
RAW_COLUMNS = ("date", "branch", "metric", "value")
MAX_ROWS = 1_048_576  # rows in one Excel sheet, the header included
NUMBER_FORMAT = "#,##0"
_BOLD = Font(bold=True)
_SHEET_NAME_LIMIT = 31
_FORBIDDEN_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))

Sink = str | Path | IO[bytes]


@dataclass(slots=True)
class MonthTable:
    """The monthly figures of every metric: metric -> branch -> month -> figures."""

    cells: dict[str, dict[str, dict[str, MonthFigures]]] = field(default_factory=dict)

    @classmethod
    def of(cls, months: Iterable[MonthFigures]) -> MonthTable:
        table = cls()
        for m in months:
            table.cells.setdefault(m.metric, {}).setdefault(m.branch, {})[m.month] = m
        return table

    def months(self) -> list[str]:
        """Every month with figures, 'YYYY-MM', in order."""
        return sorted({month for branches in self.cells.values()
                       for months in branches.values() for month in months})  # fmt: skip


def write_workbook(
    sink: Sink,
    org: Organisation,
    t: Translator,
    months: Iterable[MonthFigures],
    figures: Iterable[FigureRow],
    year: int | None = None,
    *,
    rows_per_sheet: int = MAX_ROWS - 1,
    monthly: Iterable[MonthFigureRow] = (),
) -> int:
    """Write the workbook to ``sink``; returns how many figures its raw sheets hold.

    ``months`` are the monthly figures of ``figures`` (and of ``monthly``, the opening
    balances, which the raw sheet lists after the days, dated by their months); ``year``
    (or, without one, the span of months with figures) sets the columns and which targets
    are shown.
    """
    book = Workbook(write_only=True)
    names = SheetNames()
    names.claim(RAW_SHEET)  # whatever a metric is called, the raw figures keep their sheet
    table = MonthTable.of(months)
    columns = month_columns(table.months(), year)
    years = sorted({int(month[:4]) for month in columns})
    for metric in org.catalogue():
        by_branch = table.cells.get(metric.code, {})
        targets = [y for y in years if _has_target(org, y, metric.code)]
        if not by_branch and not targets:
            continue
        sheet = book.create_sheet(names.claim(metric.name(t.locale)))
        _metric_sheet(sheet, org, t, metric, by_branch, columns, targets)
    count = _raw_sheets(book, names, figures, rows_per_sheet, monthly)
    book.save(sink)
    return count


def month_columns(months: Sequence[str], year: int | None) -> list[str]:
    """A year's twelve months, or every month from the first to the last with figures."""
    if year is not None:
        return [f"{year:04d}-{month:02d}" for month in range(1, 13)]
    if not months:
        return []
    first, last = min(months), max(months)
    y, m = int(first[:4]), int(first[5:])
    columns = []
    while (label := f"{y:04d}-{m:02d}") <= last:
        columns.append(label)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return columns


class SheetNames:
    """Sheet names Excel accepts: at most 31 characters, none of ``[]:*?/\\``, unique."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, wanted: str) -> str:
        base = wanted.translate(_FORBIDDEN_IN_SHEET_NAMES).strip().strip("'") or "_"
        name, n = base[:_SHEET_NAME_LIMIT], 1
        while name.casefold() in self._taken:  # Excel compares sheet names without case
            n += 1
            suffix = f" {n}"
            name = base[: _SHEET_NAME_LIMIT - len(suffix)] + suffix
        self._taken.add(name.casefold())
        return name


def _has_target(org: Organisation, year: int, metric: str) -> bool:
    plan = org.targets_for(year)
    if plan is None:
        return False
    return metric in plan.metrics or any(metric in b for b in plan.branches.values())


def _metric_sheet(
    sheet: WriteOnlyWorksheet,
    org: Organisation,
    t: Translator,
    metric: Metric,
    by_branch: dict[str, dict[str, MonthFigures]],
    columns: list[str],
    target_years: list[int],
) -> None:
    """Branches down, months across, then the total (a level: the latest) and targets."""
    stock = metric.kind == "stock"
    branches = [(b.code, b.name) for b in org.branches]
    known = {code for code, _ in branches}
    branches += [(code, code) for code in sorted(by_branch) if code not in known]
    width = max((_display_width(name) for _, name in branches), default=10)
    _widths(sheet, [max(width, 12) + 2, max(len(c) for c, _ in branches) + 2,
                    *[11] * len(columns), 13, *[14] * len(target_years)])  # fmt: skip
    sheet.freeze_panes = "C2"
    total_heading = t("Latest") if stock else t("Total")
    headings = [t("Branch"), t("Code"), *columns, total_heading]
    headings += [t("Target {year}", year=str(y)) for y in target_years]
    sheet.append([_cell(sheet, text, bold=True) for text in headings])

    plans = [org.targets_for(y) for y in target_years]
    column_sums: list[int | None] = [None] * (len(columns) + 1)
    for code, name in branches:
        figures = by_branch.get(code, {})
        values = [_month_value(figures.get(month), stock) for month in columns]
        values.append(_overall(figures, stock, columns))
        column_sums = [_add(s, v) for s, v in zip(column_sums, values, strict=True)]
        targets = [plan.for_branch(code).get(metric.code) if plan else None for plan in plans]
        sheet.append([_cell(sheet, name), _cell(sheet, code), *_numbers(sheet, values + targets)])
    org_targets = [plan.metrics.get(metric.code) if plan else None for plan in plans]
    sheet.append([_cell(sheet, t("Organisation total"), bold=True), None,
                  *_numbers(sheet, column_sums + org_targets, bold=True)])  # fmt: skip


def _month_value(figures: MonthFigures | None, stock: bool) -> int | None:
    if figures is None:
        return None
    return figures.latest if stock else figures.total


def _overall(figures: dict[str, MonthFigures], stock: bool, columns: list[str]) -> int | None:
    """The branch's total over the columns' months; for a level, its latest value."""
    shown = [figures[month] for month in columns if month in figures]
    if not shown:
        return None
    return shown[-1].latest if stock else sum(f.total for f in shown)


def _add(total: int | None, value: int | None) -> int | None:
    if value is None:
        return total
    return value if total is None else total + value


def _raw_sheets(
    book: Workbook,
    names: SheetNames,
    figures: Iterable[FigureRow],
    rows_per_sheet: int,
    monthly: Iterable[MonthFigureRow] = (),
) -> int:
    """Every figure as ``date, branch, metric, value``; a new sheet when one is full."""
    sheet = _raw_sheet(book, RAW_SHEET)
    count, room = 0, rows_per_sheet
    days = ((f.day, f.branch, f.metric, f.value) for f in figures)
    months = ((m.months.label, m.branch, m.metric, m.value) for m in monthly)
    for row in itertools.chain(days, months):
        if room == 0:
            sheet = _raw_sheet(book, names.claim(f"{RAW_SHEET} {count // rows_per_sheet + 1}"))
            room = rows_per_sheet
        sheet.append(row)
        count += 1
        room -= 1
    return count


def _raw_sheet(book: Workbook, title: str) -> WriteOnlyWorksheet:
    sheet: WriteOnlyWorksheet = book.create_sheet(title)
    _widths(sheet, [12, 16, 22, 12])
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, heading, bold=True) for heading in RAW_COLUMNS])
    return sheet


def _cell(sheet: WriteOnlyWorksheet, text: str, *, bold: bool = False) -> Cell:
    """A text cell; text is never read as a formula, even when it starts with ``=``."""
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    if bold:
        cell.font = _BOLD
    return cell


def _numbers(
    sheet: WriteOnlyWorksheet, values: list[int | None], *, bold: bool = False
) -> list[Cell | None]:
    cells: list[Cell | None] = []
    for value in values:
        if value is None:
            cells.append(None)
            continue
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = NUMBER_FORMAT
        if bold:
            cell.font = _BOLD
        cells.append(cell)
    return cells


def _widths(sheet: WriteOnlyWorksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        # A write-only sheet has column dimensions at run time; the stubs leave them out.
        sheet.column_dimensions[get_column_letter(index)].width = width  # type: ignore[attr-defined]


def _display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: Chinese characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
