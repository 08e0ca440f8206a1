"""The figures as an Excel workbook: a sheet per metric by month, then every raw figure.

Each sheet is headed by the organisation, the period and the day the data counts to, and
prints on A4 landscape one page wide, its header row on every page. A metric sheet has the
branches down (names, then codes), the months across (the running month marked as partial),
the total, the target and 完成率; a column of the metric's code, left off the page, lets a
program read it back whatever the sheet is called. The daily sheet lists every figure with
names and codes.

Written with the streaming writer in ``bot.render.xlsx``: rows go into the zip as they
come, so a year of three hundred branches (1.6 million figures) never sits in memory.
"""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from bot.core.metrics import Metric
from bot.core.org import Organisation
from bot.render.headings import Headings, period_of
from bot.render.i18n import Translator
from bot.render.xlsx import (
    BOLD,
    BOLD_NUMBER,
    BOLD_PERCENT,
    HEADING,
    NUMBER,
    PERCENT,
    PLAIN,
    Cell,
    SheetWriter,
    Sink,
    StreamingWorkbook,
)
from storage.models import FigureValues, MonthFigureRow, MonthFigures

T = TypeVar("T")

MAX_ROWS = 1_048_576  # rows in one Excel sheet, the header included
HEAD_ROWS = 3  # the title, the period and the header row
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
    as_of: dt.date,
    rows_per_sheet: int = MAX_ROWS - HEAD_ROWS,
    monthly: Iterable[MonthFigureRow] = (),
) -> int:
    """Write the workbook to ``sink``; returns how many figures its raw sheets hold.

    ``months`` are the monthly figures of ``figures`` (and of ``monthly``, the opening
    balances, which the raw sheet lists after the days, dated by their months); ``year``
    (or, without one, the span of months with figures) sets the columns and which targets
    are shown; ``as_of`` is the last day whose figures are due (the titles' 数据截至, and
    the month it falls in is marked as partial).
    """
    book = StreamingWorkbook(sink)
    names = SheetNames()
    raw_name = names.claim(raw_sheet_name(t))  # whatever a metric is called, the raw keep it
    table = MonthTable.of(months)
    columns = month_columns(table.months(), year)
    heads = Headings(org, t, as_of, period_of(columns, year, as_of))
    years = sorted({int(month[:4]) for month in columns})
    for metric in org.catalogue():
        by_branch = table.cells.get(metric.code, {})
        targets = [y for y in years if _has_target(org, y, metric.code)]
        if not by_branch and not targets:
            continue
        name = names.claim(metric.name(t.locale))
        _metric_sheet(book, name, heads, metric, by_branch, columns, targets)
    count = _raw_sheets(book, names, raw_name, heads, figures, rows_per_sheet, monthly)
    book.close()
    return count


def raw_sheet_name(t: Translator) -> str:
    """The daily figures' sheet (``每日数据``); ``每日数据 2`` and on when it is full."""
    return t("Daily figures")


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
    heads: Headings,
    metric: Metric,
    by_branch: dict[str, dict[str, MonthFigures]],
    columns: list[str],
    target_years: list[int],
) -> None:
    """Branches down, months across, then the total (a level: the latest), each year's
    target and 完成率; the metric's code last, off the page."""
    org = heads.org
    branches = [(b.code, b.name) for b in org.branches]
    known = {code for code, _ in branches}
    branches += [(code, code) for code in sorted(by_branch) if code not in known]
    width = max((_display_width(name) for _, name in branches), default=10)
    stock = metric.kind == "stock"
    sums = [sum(_month_value(f.get(m), stock) or 0 for f in by_branch.values()) for m in columns]
    overall = sum(_overall(f, stock, columns) or 0 for f in by_branch.values())
    plans = [org.targets_for(y) for y in target_years]
    targets = [(plan.metrics.get(metric.code) or 0) if plan else 0 for plan in plans]
    months = [_number_width(n, 11 if heads.partial(m) else 9)
              for m, n in zip(columns, sums, strict=True)]  # fmt: skip
    widths = [max(width, 12) + 2, max(len(c) for c, _ in branches) + 2, *months,
              _number_width(overall, 12),
              *(w for n in targets for w in (_number_width(n, 12), 12)),
              len(metric.code) + 4]  # fmt: skip
    printed = len(widths) - 1
    with book.sheet(title, widths, freeze="C4", page=heads.page(printed)) as sheet:
        locale = heads.t.locale
        subject = heads.t("{metric} ({unit})", metric=metric.name(locale),
                          unit=metric.unit(locale))  # fmt: skip
        heads.write(sheet, subject, printed)
        _metric_rows(sheet, heads, metric, by_branch, branches, columns, target_years)


def _metric_rows(
    sheet: SheetWriter,
    heads: Headings,
    metric: Metric,
    by_branch: dict[str, dict[str, MonthFigures]],
    branches: list[tuple[str, str]],
    columns: list[str],
    target_years: list[int],
) -> None:
    org, t = heads.org, heads.t
    stock = metric.kind == "stock"
    short = len({month[:4] for month in columns}) == 1  # one year: its months need no year
    headings = [t("Branch"), t("Code"), *(heads.month(m, short) for m in columns),
                t("Latest") if stock else t("Total")]  # fmt: skip
    for y in target_years:
        rate = t("Attainment {year}", year=str(y)) if len(target_years) > 1 else t("Attainment")
        headings += [t("Target {year}", year=str(y)), rate]
    headings.append(t("Metric code"))
    sheet.heading([(text, HEADING) for text in headings], height=30)

    plans = [org.targets_for(y) for y in target_years]
    in_year = [[i for i, m in enumerate(columns) if int(m[:4]) == y] for y in target_years]
    column_sums: list[int | None] = [None] * (len(columns) + 1)
    achieved_sums = [0] * len(target_years)
    for code, name in branches:
        figures = by_branch.get(code, {})
        values = [_month_value(figures.get(month), stock) for month in columns]
        values.append(_overall(figures, stock, columns))
        column_sums = [_add(s, v) for s, v in zip(column_sums, values, strict=True)]
        achieved = [_achieved(values, indexes, stock) for indexes in in_year]
        achieved_sums = [a + b for a, b in zip(achieved_sums, achieved, strict=True)]
        targets = [plan.for_branch(code).get(metric.code) if plan else None for plan in plans]
        sheet.append([_cell(name), _cell(code), *_numbers(values),
                      *_attainments(achieved, targets), _cell(metric.code)])  # fmt: skip
    org_targets = [plan.metrics.get(metric.code) if plan else None for plan in plans]
    sheet.append([_cell(t("Organisation total"), bold=True), None,
                  *_numbers(column_sums, bold=True),
                  *_attainments(achieved_sums, org_targets, bold=True),
                  _cell(metric.code)])  # fmt: skip


def _achieved(values: list[int | None], indexes: list[int], stock: bool) -> int:
    """What a branch reached in a year (the months at ``indexes``): their sum, or for a
    level its latest value."""
    shown = [v for i in indexes if (v := values[i]) is not None]
    return (shown[-1] if stock else sum(shown)) if shown else 0


def _attainments(
    achieved: list[int], targets: list[int | None], *, bold: bool = False
) -> list[Cell | None]:
    """Each target year's target and 完成率 (what was reached over the target); both
    empty without a target."""
    cells: list[Cell | None] = []
    for reached, target in zip(achieved, targets, strict=True):
        if target:
            rate = (reached / target, BOLD_PERCENT if bold else PERCENT)
            cells += [(target, BOLD_NUMBER if bold else NUMBER), rate]
        else:
            cells += [None if target is None else (target, NUMBER), None]
    return cells


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
    title: str,
    heads: Headings,
    figures: Iterable[FigureValues],
    rows_per_sheet: int,
    monthly: Iterable[MonthFigureRow] = (),
) -> int:
    """Every figure as its date, branch (name and code), metric (name and code) and value;
    a new sheet when one is full.

    The monthly figures (opening balances) follow the days, dated by their months."""
    t = heads.t
    branch_names = {b.code: b.name for b in heads.org.branches}
    catalogue = heads.org.catalogue()

    def branch(code: str) -> tuple[str, str]:
        return branch_names.get(code, code), code

    def metric(code: str) -> tuple[str, str]:
        found = catalogue.get(code) if code in catalogue else None
        return (found.name(t.locale) if found else code), code

    days: Iterator[FigureValues] | None = iter(figures)
    months: Iterator[MonthFigureRow] | None = iter(monthly)
    count, name = 0, title
    texts = (t("Date"), t("Branch"), t("Branch code"), t("Metric"), t("Metric code"), t("Value"))
    headings = [(text, HEADING) for text in texts]
    widths = [12, 26, 14, 20, 22, 12]
    while True:
        with book.sheet(name, widths, freeze="A4", page=heads.page(landscape=False)) as sheet:
            heads.write(sheet, title, len(widths))
            sheet.heading(headings)
            room = rows_per_sheet
            if days is not None:
                room -= sheet.day_rows(itertools.islice(days, room), branch, metric)
            if months is not None:
                for m in itertools.islice(months, room):
                    sheet.append([_cell(m.months.label), *map(_cell, branch(m.branch)),
                                  *map(_cell, metric(m.metric)), (m.value, NUMBER)])  # fmt: skip
            written = sheet.rows - HEAD_ROWS
        count += written
        if written < rows_per_sheet:
            return count
        days, months = _rest(days), _rest(months)
        if days is None and months is None:
            return count
        name = names.claim(f"{title} {count // rows_per_sheet + 1}")


def _rest(items: Iterator[T] | None) -> Iterator[T] | None:
    """What is left of ``items``, or ``None`` when nothing is."""
    if items is not None:
        for following in items:
            return itertools.chain([following], items)
    return None


def _cell(text: str, *, bold: bool = False) -> Cell:
    """A text cell (a shared string: never read as a formula, even when it starts with ``=``)."""
    return (text, BOLD if bold else PLAIN)


def _numbers(values: Sequence[int | None], *, bold: bool = False) -> list[Cell | None]:
    style = BOLD_NUMBER if bold else NUMBER
    return [None if value is None else (value, style) for value in values]


def _number_width(value: int, least: float) -> float:
    """A column wide enough for ``value`` in bold with its thousands separators."""
    return max(least, len(f"{value:,}") * 1.15 + 2)


def _display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: Chinese characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
