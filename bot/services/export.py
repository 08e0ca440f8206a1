"""Every stored figure, out: ``libbot export`` (CSV or a workbook) and ``/export``."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import functools
import itertools
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.core.clock import OrgClock
from bot.core.commands import YearCommand
from bot.core.org import Organisation
from bot.render.i18n import Catalogs, Translator
from bot.render.workbook import write_workbook
from bot.render.xlsx import Sink
from storage import ExportRepo, FigureSnapshot

CSV_COLUMNS = ("date", "branch", "metric", "value")


async def export_csv(export: ExportRepo, output: Path, year: int | None = None) -> int:
    """Write the figures to ``output`` as CSV; returns how many rows were written.

    Monthly figures (opening balances) follow the daily ones, dated by their months
    (``2026-03``, or the ISO 8601 interval ``2026-01/2026-11``), so an import reads them back.
    Streamed from one snapshot in a worker thread: memory stays flat whatever the size.

    Needs no organisation file: the columns are codes.
    """
    return await export.read_snapshot(lambda snapshot: write_figures_csv(snapshot, output, year))


def write_figures_csv(snapshot: FigureSnapshot, output: Path, year: int | None) -> int:
    """Write the CSV from one snapshot, row by row as it is read. Blocks: run it in a thread."""
    count = 0
    with output.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(CSV_COLUMNS)
        values = snapshot.values(year)  # ISO days already: written as they come
        while chunk := list(itertools.islice(values, 4096)):
            writer.writerows(chunk)
            count += len(chunk)
        # monthly figures (opening balances): their months as an ISO 8601 month or interval
        for month_row in snapshot.monthly(year):
            writer.writerow((month_row.months.label, month_row.branch, month_row.metric,
                             month_row.value))  # fmt: skip
            count += 1
    return count


def write_figures_workbook(
    snapshot: FigureSnapshot,
    org: Organisation,
    t: Translator,
    sink: Sink,
    year: int | None,
    as_of: dt.date,
) -> int:
    """Write the workbook from one snapshot of the figures, its data counted to ``as_of``.
    Blocks: run it in a thread."""
    return write_workbook(
        sink, org, t, snapshot.months(year), snapshot.values(year), year, as_of=as_of,
        monthly=snapshot.monthly(year),
    )  # fmt: skip


def write_workbook_file(
    org: Organisation,
    locale: str,
    output: Path,
    year: int | None,
    as_of: dt.date,
    snapshot: FigureSnapshot,
) -> int:
    """The workbook headed in ``locale``, written to ``output``: what a process of its own
    runs (everything it is given pickles)."""
    t = Catalogs().translator(locale)
    return write_figures_workbook(snapshot, org, t, output, year, as_of)


@dataclass(frozen=True, slots=True)
class FiguresWorkbook:
    """A year's figures as an ``.xlsx`` file, ready to send."""

    year: int
    filename: str
    content: bytes


@dataclass(frozen=True, slots=True)
class NothingToExport:
    """``/export`` of a year without a single figure: no workbook is built."""

    year: int


class ExportService:
    """The figures as workbooks, named and headed after the organisation file."""

    def __init__(
        self, export: ExportRepo, org: Organisation, clock: OrgClock, catalogs: Catalogs
    ) -> None:
        self._export = export
        self._org = org
        self._clock = clock
        self._catalogs = catalogs

    async def write_xlsx(self, output: Sink, locale: str, year: int | None = None) -> int:
        """Write the figures to ``output`` as a workbook headed in ``locale``; returns how
        many figures it holds. Built in a worker thread on one snapshot (``libbot export``:
        no event loop to keep free, no process to start)."""
        t, as_of = self._catalogs.translator(locale), self.as_of()
        return await self._export.read_snapshot(
            lambda snapshot: write_figures_workbook(snapshot, self._org, t, output, year, as_of)
        )

    def as_of(self) -> dt.date:
        """The day the workbook's figures count to: as /progress, the last day due."""
        return self._clock.due_through(self._org.schedule.report_due)

    async def figures_workbook(
        self, locale: str, command: YearCommand
    ) -> FiguresWorkbook | NothingToExport:
        """``/export [year]``: the year's workbook, headed in ``locale``; a year with no
        figure gets none (an empty workbook would say nothing). Built in a process of its
        own, so the bot keeps answering at its usual pace (from a thread, the build would
        hold the GIL for seconds against the event loop)."""
        if not await self._export.holds(command.year):
            return NothingToExport(command.year)
        with tempfile.TemporaryDirectory(prefix="libbot-export-") as directory:
            path = Path(directory) / "figures.xlsx"
            build = functools.partial(
                write_workbook_file, self._org, locale, path, command.year, self.as_of()
            )
            await self._export.read_snapshot_apart(build)
            content = await asyncio.to_thread(path.read_bytes)
        return FiguresWorkbook(command.year, f"libbot-{command.year}.xlsx", content)
