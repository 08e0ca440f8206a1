"""Reading a library's own tables into figures: which layout a sheet has, which branch,
metric and period each cell is, and every problem named by file, sheet, row and column.

Layouts (the header is the first row with two cells or more: rows of one cell above it,
such as an export's title and period, are titles):

- long: columns ``date, branch, metric, value`` (the CSV and the raw sheet of an export,
  which also has names beside the codes: a ``branch code`` / ``metric code`` column is read
  before a name's); ``date`` is a day (``2026-03-14``), a month (``2026-03``) or months
  (``2026-01/2026-11``);
- months: a sheet per metric (named after it, or given by a ``metric code`` column),
  branches down, months across (``2026-03``, ``2026年3月``, ``Mar 2026``; without a year,
  ``3月`` / ``Mar``, the year is the first one the title rows name, else this year; a note
  such as ``11月（至20日）`` after the month is allowed): the export's metric sheets and the
  template;
- days: a sheet per metric, branches down, days across;
- totals: a sheet named after its months (``1-11月``, ``2026年1-11月``), branches down,
  metrics across: the year-so-far sheet a library keeps.

A workbook with a long sheet holds every figure there, so its months sheets are the
summary of it and are not read again. Nothing here touches a file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from bot.core.metrics import Metric, MetricCatalogue
from bot.core.org import Branch, Organisation
from storage.models import ImportRow, MonthSpan

Cell = object  # what a spreadsheet cell holds: str, int, float, date, datetime or None

LONG_COLUMNS = {  # the first heading found names the column: codes before names
    "date": ("date", "日期", "day"),
    "branch": ("branch code", "馆代码", "branch", "馆", "馆名", "分馆", "code"),
    "metric": ("metric code", "指标代码", "metric", "指标", "项目"),
    "value": ("value", "数值", "数量", "number"),
}
_CODE_HEADINGS = ("code", "代码", "编码", "branch code", "馆代码")
_METRIC_CODE_HEADINGS = ("metric code", "指标代码")
_TOTAL_ROWS = ("organisation total", "总计（全部馆）", "总计", "合计", "total", "全馆合计")
_EMPTY = ("", "-", "—", "–", "/")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SPAN = re.compile(r"^(\d{4})-(\d{2})/(\d{4})-(\d{2})$")
_ZH_MONTH = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月$")
_NOTE = r"(?:\s*[（(][^）)]*[）)])?"  # "（至20日）", "(1–20)": how far a running month goes
_MONTH_COLUMN = re.compile(rf"^(?:(\d{{4}})\s*年\s*)?(\d{{1,2}})\s*月{_NOTE}$")
_EN_MONTH_COLUMN = re.compile(rf"^([A-Za-z]{{3,9}})\.?(?:\s+(\d{{4}}))?{_NOTE}$")
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EN_MONTH_NAMES = {
    name: n
    for n, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"), start=1,
    )
} | {"sept": 9}  # fmt: skip
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_SHEET_SPAN = re.compile(
    r"^(?:(\d{4})\s*年?\s*)?(\d{1,2})\s*月?\s*[-–—~～至到]\s*(\d{1,2})\s*月(?:份)?(?:累计)?$"
)
_SHEET_MONTH = re.compile(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:份)?$")


@dataclass(frozen=True, slots=True)
class Table:
    """One sheet (or a CSV file) as rows of cells; ``sheet`` is None for a CSV."""

    file: str
    sheet: str | None
    rows: Sequence[Sequence[Cell]]


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a cell (or a row) is refused, and where it is."""

    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


@dataclass(slots=True)
class Reading:
    """The rows read from every table, the problems found, and what was skipped or assumed."""

    rows: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_tables(tables: Sequence[Table], org: Organisation, today: dt.date) -> Reading:
    """Every figure in ``tables``; a month with no year is one of ``today``'s year."""
    reader = _Reader(org, today)
    has_long = any(_layout(t, org.catalogue()) == "long" for t in tables)
    for table in tables:
        layout = _layout(table, org.catalogue())
        if layout == "empty":
            continue
        if layout == "months" and has_long:
            reader.reading.notes.append(
                f"{_place(table)}: a summary of the figures sheet, not read again"
            )
            continue
        if layout is None:
            reader.reading.notes.append(f"{_place(table)}: not a layout libbot reads, skipped")
            continue
        getattr(reader, f"_{layout}")(table)
    reader.check_duplicates()
    return reader.reading


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _place(table: Table, row: int | None = None, column: int | None = None) -> str:
    """``file, sheet S, row R, column C`` (CSV: the column's heading)."""
    parts = [table.file]
    if table.sheet is not None:
        parts.append(f"sheet {table.sheet}")
    if row is not None:
        parts.append(f"row {row + 1}")
    if column is not None:
        if table.sheet is None and table.rows and column < len(table.rows[0]):
            parts.append(f"column {_text(table.rows[0][column]) or column_letter(column)}")
        else:
            parts.append(f"column {column_letter(column)}")
    return ", ".join(parts)


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _header(table: Table) -> tuple[int, list[str]] | None:
    """The header row (its index and texts): the first with two cells or more, else the
    first with one."""
    first = None
    for index, row in enumerate(table.rows):
        filled = sum(1 for c in row if _text(c))
        if filled >= 2:
            return index, [_text(c) for c in row]
        if filled and first is None:
            first = index
    if first is None:
        return None
    return first, [_text(c) for c in table.rows[first]]


def _title_year(table: Table, header: int) -> int | None:
    """The first year named in the title rows above the header (``2026年1月1日至…``)."""
    for row in table.rows[:header]:
        for cell in row:
            if isinstance(cell, (dt.date, dt.datetime)):
                return cell.year
            if match := _TITLE_YEAR.search(_text(cell)):
                return int(match.group(1))
    return None


def _layout(table: Table, catalogue: MetricCatalogue) -> str | None:
    found = _header(table)
    if found is None:
        return "empty"
    _, header = found
    folded = [h.casefold() for h in header]
    if all(any(name in folded for name in names) for names in LONG_COLUMNS.values()):
        return "long"
    if any(_month_column(h, 2000) for h in header):
        return "months"
    if any(_day_heading(c) for c in table.rows[found[0]]):
        return "days"
    named_by_months = table.sheet is not None and month_span(table.sheet, 2000) is not None
    if named_by_months and any(catalogue.find(h) for h in header[1:] if h):
        return "totals"
    return None


def _month_heading(text: str) -> str | None:
    match = _MONTH.match(text) or _ZH_MONTH.match(text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"


def _month_column(text: str, year: int) -> str | None:
    """A months sheet's column heading as 'YYYY-MM': ``2026-03``, ``2026年3月``,
    ``Mar 2026``, or without a year (``3月``, ``Mar``; ``year``'s), perhaps with a note
    after it (``11月（至20日）``, ``Nov (1–20)``)."""
    if (month := _month_heading(text)) is not None:
        return month
    if match := _MONTH_COLUMN.match(text):
        named, number = match.group(1), int(match.group(2))
    elif (match := _EN_MONTH_COLUMN.match(text)) and (
        (word := match.group(1).casefold()) in _EN_MONTHS or word in _EN_MONTH_NAMES
    ):
        named, number = match.group(2), _EN_MONTH_NAMES.get(word) or _EN_MONTHS.index(word) + 1
    else:
        return None
    if not 1 <= number <= 12:
        return None
    return f"{int(named) if named else year:04d}-{number:02d}"


def _day_heading(cell: Cell) -> dt.date | None:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    try:
        return dt.date.fromisoformat(_text(cell)) if len(_text(cell)) == 10 else None
    except ValueError:
        return None


def month_span(name: str, default_year: int) -> MonthSpan | None:
    """The months a sheet's name (or a message) gives: ``1-11月``, ``2026年1-11月``,
    ``11月``, ``2026-01/2026-11``; a month without a year is one of ``default_year``."""
    text = name.strip()
    period = parse_period(text)
    if isinstance(period, MonthSpan):
        return period
    match = _SHEET_SPAN.match(text)
    if match:
        year, first, last = match.group(1), int(match.group(2)), int(match.group(3))
    elif match := _SHEET_MONTH.match(text):
        year, first, last = match.group(1), int(match.group(2)), int(match.group(2))
    else:
        return None
    if not 1 <= first <= last <= 12:
        return None
    y = int(year) if year else default_year
    return MonthSpan(f"{y:04d}-{first:02d}", f"{y:04d}-{last:02d}")


def parse_period(text: str) -> dt.date | MonthSpan | None:
    """A day (``2026-03-14``), a month (``2026-03``) or months of one year
    (``2026-01/2026-11``); None when it is none of these."""
    text = text.strip()
    if (match := _SPAN.match(text)) is not None:
        span = MonthSpan(f"{match.group(1)}-{match.group(2)}", f"{match.group(3)}-{match.group(4)}")
        ok = match.group(1) == match.group(3) and span.first <= span.last
        return span if ok and _valid_months(span) else None
    if (month := _month_heading(text)) is not None:
        return MonthSpan(month, month)
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _valid_months(span: MonthSpan) -> bool:
    return all(1 <= int(m[5:]) <= 12 for m in (span.first, span.last))


class _Reader:
    """Reads tables into :class:`Reading`, one layout per method."""

    def __init__(self, org: Organisation, today: dt.date) -> None:
        self.org = org
        self.catalogue = org.catalogue()
        self.today = today
        self.reading = Reading()

    def problem(self, where: str, text: str) -> None:
        self.reading.problems.append(Problem(where, text))

    # -- layouts -------------------------------------------------------------------------

    def _long(self, table: Table) -> None:
        start, header = _header(table) or (0, [])
        folded = [h.casefold() for h in header]
        columns = {key: next(folded.index(n) for n in names if n in folded)
                   for key, names in LONG_COLUMNS.items()}  # fmt: skip
        for index in range(start + 1, len(table.rows)):
            row = table.rows[index]
            if not any(_text(c) for c in row):
                continue
            cells = {key: row[col] if col < len(row) else None for key, col in columns.items()}
            branch = self.branch(cells["branch"], _place(table, index, columns["branch"]))
            metric = self.metric(cells["metric"], _place(table, index, columns["metric"]))
            where = _place(table, index, columns["date"])
            period = self.period(cells["date"], where)
            value_at = _place(table, index, columns["value"])
            if branch and metric and period:
                self.add(branch, metric, period, cells["value"], value_at, required=True)

    def _months(self, table: Table) -> None:
        start, header = _header(table) or (0, [])
        metric = self.coded_metric(table, start, header) or self.sheet_metric(table)
        year = _title_year(table, start) or self.today.year
        months = {i: m for i, h in enumerate(header) if (m := _month_column(h, year)) is not None}
        self.branches_across(table, start, header, metric,
                             {i: MonthSpan(m, m) for i, m in months.items()})  # fmt: skip

    def _days(self, table: Table) -> None:
        metric = self.sheet_metric(table)
        start, header = _header(table) or (0, [])
        days = {i: d for i, c in enumerate(table.rows[start]) if (d := _day_heading(c))}
        self.branches_across(table, start, header, metric, days)

    def _totals(self, table: Table) -> None:
        assert table.sheet is not None
        span = month_span(table.sheet, self.today.year)
        assert span is not None
        if not re.match(r"^\s*\d{4}", table.sheet):
            self.reading.notes.append(f"{_place(table)}: read as {span.label}")
        start, header = _header(table) or (0, [])
        metrics: dict[int, Metric] = {}
        for index, heading in enumerate(header[1:], start=1):
            if not heading or heading.casefold() in _CODE_HEADINGS:
                continue
            found = self.catalogue.find(heading)
            if found is None:
                self.problem(_place(table, start, index), f"no metric is called {heading!r}")
            else:
                metrics[index] = found
        code_column = _code_column(header)
        for index in range(start + 1, len(table.rows)):
            row = table.rows[index]
            branch = self.row_branch(table, index, row, code_column)
            if branch is None:
                continue
            for column, metric in metrics.items():
                cell = row[column] if column < len(row) else None
                self.add(branch, metric, span, cell, _place(table, index, column))

    # -- pieces --------------------------------------------------------------------------

    def coded_metric(self, table: Table, start: int, header: list[str]) -> Metric | None:
        """The metric a ``metric code`` column names (the first code in it), if any."""
        folded = [h.casefold() for h in header]
        column = next((folded.index(h) for h in _METRIC_CODE_HEADINGS if h in folded), None)
        if column is None:
            return None
        for index in range(start + 1, len(table.rows)):
            row = table.rows[index]
            if column < len(row) and (code := _text(row[column])):
                return self.metric(code, _place(table, index, column))
        return None

    def sheet_metric(self, table: Table) -> Metric | None:
        metric = self.catalogue.find(table.sheet or "")
        if metric is None:
            self.problem(_place(table), f"no metric is called {table.sheet!r} (the sheet's name)")
        return metric

    def branches_across(
        self,
        table: Table,
        start: int,
        header: list[str],
        metric: Metric | None,
        periods: dict[int, MonthSpan] | dict[int, dt.date],
    ) -> None:
        code_column = _code_column(header)
        for index in range(start + 1, len(table.rows)):
            row = table.rows[index]
            branch = self.row_branch(table, index, row, code_column)
            if branch is None or metric is None:
                continue
            for column, period in periods.items():
                cell = row[column] if column < len(row) else None
                self.add(branch, metric, period, cell, _place(table, index, column))

    def row_branch(
        self, table: Table, index: int, row: Sequence[Cell], code_column: int | None
    ) -> Branch | None:
        """The branch a row is about (None: an empty row, the total, or a problem)."""
        name = _text(row[0]) if row else ""
        code = _text(row[code_column]) if code_column is not None and code_column < len(row) else ""
        if not name and not code:
            return None
        if name.casefold() in _TOTAL_ROWS and not code:
            return None
        column = code_column if code and code_column is not None else 0
        return self.branch(code or name, _place(table, index, column))

    def branch(self, cell: Cell, where: str) -> Branch | None:
        text = _text(cell)
        found = self.org.resolve_branch(text) if text else None
        if found is None:
            self.problem(where, f"no branch is called {text!r}" if text else "no branch given")
        return found

    def metric(self, cell: Cell, where: str) -> Metric | None:
        text = _text(cell)
        found = self.catalogue.find(text) if text else None
        if found is None:
            self.problem(where, f"no metric is called {text!r}" if text else "no metric given")
        return found

    def period(self, cell: Cell, where: str) -> dt.date | MonthSpan | None:
        day = _day_heading(cell) if not isinstance(cell, str) else None
        found = day or parse_period(_text(cell))
        if found is None:
            self.problem(
                where,
                f"{_text(cell)!r} is not a date (2026-03-14), a month (2026-03)"
                " or months of one year (2026-01/2026-11)",
            )
        return found

    def add(
        self,
        branch: Branch,
        metric: Metric,
        period: dt.date | MonthSpan,
        cell: Cell,
        where: str,
        *,
        required: bool = False,
    ) -> None:
        value = _number(cell)
        if value is None:
            if _text(cell) in _EMPTY:
                if required:
                    self.problem(where, "no value given")
                return
            self.problem(where, f"{_text(cell)!r} is not a whole number")
            return
        if value < 0:
            self.problem(where, f"{value} is negative")
            return
        if isinstance(period, MonthSpan):
            if metric.kind == "stock":
                self.problem(where, f"{metric.code} is a level: give it for a day, not for months")
                return
            if period.first > self.today.isoformat()[:7]:
                self.problem(where, f"{period.label} has not begun yet")
                return
            days = (period.end - period.start).days + 1
            if value > metric.daily_max * days:
                self.problem(where, f"{value} is too large for {metric.code} in {period.label}")
                return
            row = ImportRow(branch.code, metric.code, value, where, months=period)
        else:
            if period > self.today:
                self.problem(where, f"{period.isoformat()} is in the future")
                return
            if value > metric.daily_max:
                self.problem(where, f"{value} is too large for {metric.code} on one day")
                return
            row = ImportRow(branch.code, metric.code, value, where, day=period)
        self.reading.rows.append(row)

    def check_duplicates(self) -> None:
        """One value per (branch, metric, day or months) in a file."""
        seen: dict[tuple[str, str, str], ImportRow] = {}
        for row in self.reading.rows:
            key = (row.branch, row.metric, row.period)
            if key in seen:
                self.problem(
                    row.source,
                    f"{row.branch} {row.metric} {row.period} is given twice"
                    f" (also at {seen[key].source})",
                )
            else:
                seen[key] = row


def _code_column(header: list[str]) -> int | None:
    for index, heading in enumerate(header):
        if heading.casefold() in _CODE_HEADINGS:
            return index
    return None


def _number(cell: Cell) -> int | None:
    """A whole number as a cell holds it: 1234, 1234.0, "1,234", "１２３４"."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else None
    text = _text(cell).replace(",", "").replace("，", "").replace(" ", "")
    if not text:
        return None
    try:
        number = Decimal(text)  # Decimal reads full-width digits too
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() and number.is_finite() else None
