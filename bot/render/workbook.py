"""The figures as an Excel workbook: a sheet per metric by month, then every raw figure.

Written with the streaming writer in ``bot.render.xlsx``: rows go into the zip as they
come, so a year of three hundred branches (1.6 million figures) never sits in memory.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from bot.core.metrics import Metric
from bot.core.org import Organisation
from bot.render.i18n import Translator
from bot.render.xlsx import (
    BOLD,
    BOLD_NUMBER,
    NUMBER,
    PLAIN,
    Cell,
    SheetWriter,
    Sink,
    StreamingWorkbook,
)
from storage.models import FigureValues, MonthFigureRow, MonthFigures

T = TypeVar("T")

RAW_SHEET = "figures"
RAW_COLUMNS = ("date", "branch", "metric", "value")
MAX_ROWS = 1_048_576  # rows in one Excel sheet, the header included
_SHEET_NAME_LIMIT = 31
_FORBIDDEN_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


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
    figures: Iterable[FigureValues],
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
    book = StreamingWorkbook(sink)
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
        name = names.claim(metric.name(t.locale))
        _metric_sheet(book, name, org, t, metric, by_branch, columns, targets)
    count = _raw_sheets(book, names, figures, rows_per_sheet, monthly)
    book.close()
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
    book: StreamingWorkbook,
    title: str,
    org: Organisation,
    t: Translator,
    metric: Metric,
    by_branch: dict[str, dict[str, MonthFigures]],
    columns: list[str],
    target_years: list[int],
) -> None:
    """Branches down, months across, then the total (a level: the latest) and targets."""
    branches = [(b.code, b.name) for b in org.branches]
    known = {code for code, _ in branches}
    branches += [(code, code) for code in sorted(by_branch) if code not in known]
    width = max((_display_width(name) for _, name in branches), default=10)
    widths = [max(width, 12) + 2, max(len(c) for c, _ in branches) + 2,
              *[11] * len(columns), 13, *[14] * len(target_years)]  # fmt: skip
    with book.sheet(title, widths, freeze="C2") as sheet:
        _metric_rows(sheet, org, t, metric, by_branch, branches, columns, target_years)


def _metric_rows(
    sheet: SheetWriter,
    org: Organisation,
    t: Translator,
    metric: Metric,
    by_branch: dict[str, dict[str, MonthFigures]],
    branches: list[tuple[str, str]],
    columns: list[str],
    target_years: list[int],
) -> None:
    stock = metric.kind == "stock"
    total_heading = t("Latest") if stock else t("Total")
    headings = [t("Branch"), t("Code"), *columns, total_heading]
    headings += [t("Target {year}", year=str(y)) for y in target_years]
    sheet.append([_cell(text, bold=True) for text in headings])

    plans = [org.targets_for(y) for y in target_years]
    column_sums: list[int | None] = [None] * (len(columns) + 1)
    for code, name in branches:
        figures = by_branch.get(code, {})
        values = [_month_value(figures.get(month), stock) for month in columns]
        values.append(_overall(figures, stock, columns))
        column_sums = [_add(s, v) for s, v in zip(column_sums, values, strict=True)]
        targets = [plan.for_branch(code).get(metric.code) if plan else None for plan in plans]
        sheet.append([_cell(name), _cell(code), *_numbers(values + targets)])
    org_targets = [plan.metrics.get(metric.code) if plan else None for plan in plans]
    sheet.append([_cell(t("Organisation total"), bold=True), None,
                  *_numbers(column_sums + org_targets, bold=True)])  # fmt: skip


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
    book: StreamingWorkbook,
    names: SheetNames,
    figures: Iterable[FigureValues],
    rows_per_sheet: int,
    monthly: Iterable[MonthFigureRow] = (),
) -> int:
    """Every figure as ``date, branch, metric, value``; a new sheet when one is full.

    The monthly figures (opening balances) follow the days, dated by their months."""
    days: Iterator[FigureValues] | None = iter(figures)
    months: Iterator[MonthFigureRow] | None = iter(monthly)
    count, title = 0, RAW_SHEET
    while True:
        with book.sheet(title, [12, 16, 22, 12], freeze="A2") as sheet:
            sheet.append([_cell(heading, bold=True) for heading in RAW_COLUMNS])
            room = rows_per_sheet
            if days is not None:
                room -= sheet.day_rows(itertools.islice(days, room))
            if months is not None:
                for m in itertools.islice(months, room):
                    sheet.append([_cell(m.months.label), _cell(m.branch), _cell(m.metric),
                                  (m.value, PLAIN)])  # fmt: skip
            written = sheet.rows - 1
        count += written
        if written < rows_per_sheet:
            return count
        days, months = _rest(days), _rest(months)
        if days is None and months is None:
            return count
        title = names.claim(f"{RAW_SHEET} {count // rows_per_sheet + 1}")


def _rest(items: Iterator[T] | None) -> Iterator[T] | None:
    """What is left of ``items``, or ``None`` when nothing is."""
    if items is not None:
        for following in items:
            return itertools.chain([following], items)
    return None


def _cell(text: str, *, bold: bool = False) -> Cell:
    """A text cell (a shared string: never read as a formula, even when it starts with ``=``)."""
    return (text, BOLD if bold else PLAIN)


def _numbers(values: list[int | None], *, bold: bool = False) -> list[Cell | None]:
    style = BOLD_NUMBER if bold else NUMBER
    return [None if value is None else (value, style) for value in values]


def _display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: Chinese characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
