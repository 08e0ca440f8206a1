"""``libbot import``: a library's own CSV or workbook in, checked whole, written whole."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.clock import OrgClock
from bot.core.imports import Problem, Table, read_tables
from bot.core.opening import OpeningCommand, OpeningRecorded, OpeningRefused
from bot.core.org import Organisation
from bot.render.i18n import Catalogs
from storage import ImportsRepo
from storage.models import ImportChange, ImportRow, Person

COMMAND_LINE = 0  # the "user id" of changes made on the command line


class UnreadableFile(Exception):
    """The file is missing, or neither CSV nor an xlsx workbook that opens."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did (or, with ``dry_run``, would do), or why nothing was written."""

    file: str
    changes: tuple[ImportChange, ...] = ()
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    written: bool = False
    dry_run: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return bool(self.problems)


def read_file(path: Path) -> list[Table]:
    """Every sheet of an ``.xlsx`` workbook, or the rows of a CSV file."""
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file")
    if path.suffix.casefold() in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    if path.suffix.casefold() in (".csv", ".txt"):
        return [Table(path.name, None, _read_csv(path))]
    raise UnreadableFile(f"{path}: libbot reads .csv and .xlsx files")


def _read_csv(path: Path) -> list[list[object]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as file:
            return [list(row) for row in csv.reader(file)]
    except UnicodeDecodeError:  # a CSV saved by Excel in China is often GB18030
        with path.open(newline="", encoding="gb18030") as file:
            return [list(row) for row in csv.reader(file)]


def _read_workbook(path: Path) -> list[Table]:
    from openpyxl import load_workbook  # only when a workbook is read
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise UnreadableFile(f"{path}: not a workbook that opens ({error})") from None
    try:
        return [
            Table(path.name, sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)])
            for sheet in book.worksheets
        ]
    finally:
        book.close()


class ImportService:
    """Figures from files, and the workbook to fill in."""

    def __init__(
        self, imports: ImportsRepo, org: Organisation, clock: OrgClock, catalogs: Catalogs
    ) -> None:
        self._imports = imports
        self._org = org
        self._clock = clock
        self._catalogs = catalogs

    async def import_file(
        self, path: Path, *, replace: bool = False, dry_run: bool = False
    ) -> ImportReport:
        """Read ``path`` whole; write it (unless ``dry_run``) only when no row is refused."""
        tables = read_file(path)
        return await self.import_tables(tables, path.name, replace=replace, dry_run=dry_run)

    async def import_tables(
        self, tables: list[Table], name: str, *, replace: bool = False, dry_run: bool = False
    ) -> ImportReport:
        """Import what ``tables`` hold (see :func:`read_file`)."""
        reading = read_tables(tables, self._org, self._clock.today())
        notes = tuple(reading.notes)
        if reading.problems:
            return ImportReport(name, problems=_lines(reading.problems), notes=notes,
                                dry_run=dry_run)  # fmt: skip
        result = await self._imports.load(
            reading.rows, user_id=COMMAND_LINE, now=self._clock.now(), replace=replace,
            dry_run=dry_run,
        )  # fmt: skip
        counts: dict[str, int] = {}
        for change in result.changes:
            counts[change.action] = counts.get(change.action, 0) + 1
        return ImportReport(
            name, result.changes, result.refusals, notes, result.written, dry_run, counts
        )

    async def opening(
        self, person: Person, command: OpeningCommand
    ) -> OpeningRecorded | OpeningRefused:
        """``/opening``: an admin's totals for a branch over whole months, stored as
        monthly figures (replacing earlier ones for the same months)."""
        branch = self._org.resolve_branch(command.branch)
        if branch is None:
            return OpeningRefused("unknown_branch", command.branch)
        if command.months.first > self._clock.today().isoformat()[:7]:
            return OpeningRefused("future", command.months.label)
        catalogue = self._org.catalogue()
        rows: list[ImportRow] = []
        for name, value in command.figures:
            metric = catalogue.find(name)
            if metric is None:
                return OpeningRefused("unknown_metric", name)
            if metric.kind == "stock":
                return OpeningRefused("level", metric.code)
            if any(r.metric == metric.code for r in rows):
                return OpeningRefused("twice", metric.code)
            source = f"/opening by {person.name} ({person.user_id})"
            rows.append(ImportRow(branch.code, metric.code, value, source, months=command.months))
        result = await self._imports.load(
            rows, user_id=person.user_id, now=self._clock.now(), replace=True,
            entered_in_chat=True,
        )  # fmt: skip
        if result.refusals:
            return OpeningRefused("conflict", branch.name, result.refusals)
        figures = tuple((c.row.metric, c.row.value, c.old) for c in result.changes)
        return OpeningRecorded(branch.name, command.months, figures)

    def template(self, path: Path, locale: str | None = None, year: int | None = None) -> None:
        """Write an empty workbook for the organisation's branches and flow metrics:
        a sheet per metric, branches down, the year's months across."""
        from bot.render.template import write_template  # openpyxl: only when one is made

        t = self._catalogs.translator(locale or self._org.org.locale)
        write_template(path, self._org, t, year or self._clock.today().year)


def _lines(problems: list[Problem]) -> tuple[str, ...]:
    return tuple(str(p) for p in problems)
