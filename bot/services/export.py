"""Every stored figure, out: ``libbot export`` (CSV or a workbook) and ``/export``."""

from __future__ import annotations

import asyncio
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.commands import ExportCommand
from bot.core.org import Organisation
from bot.render.i18n import Translator
from bot.render.workbook import Sink, write_workbook
from storage import queries
from storage.db import Database
from storage.snapshot import figure_snapshot

if TYPE_CHECKING:
    from bot.services.container import Services

CSV_COLUMNS = ("date", "branch", "metric", "value")


async def export_csv(db_path: Path, output: Path, year: int | None = None) -> int:
    """Write the figures to ``output``; returns how many rows were written."""
    db = await Database.open(db_path)
    count = 0
    try:
        with output.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(CSV_COLUMNS)
            async for row in queries.all_figures(db, year):
                writer.writerow((row.day.isoformat(), row.branch, row.metric, row.value))
                count += 1
    finally:
        await db.close()
    return count


async def export_xlsx(
    db_path: Path, output: Path, org: Organisation, t: Translator, year: int | None = None
) -> int:
    """Write the figures to ``output`` as a workbook; returns how many figures it holds."""
    db = await Database.open(db_path)  # brings an older database up to date first
    try:
        return await asyncio.to_thread(write_figures_workbook, db.path, org, t, output, year)
    finally:
        await db.close()


def write_figures_workbook(
    db_path: Path, org: Organisation, t: Translator, sink: Sink, year: int | None = None
) -> int:
    """Read one snapshot of the figures and write the workbook. Blocks: run it in a thread."""
    with figure_snapshot(db_path) as snapshot:
        return write_workbook(sink, org, t, snapshot.months(year), snapshot.rows(year), year)


@dataclass(frozen=True, slots=True)
class FiguresWorkbook:
    """A year's figures as an ``.xlsx`` file, ready to send."""

    year: int
    filename: str
    content: bytes


async def figures_workbook(
    services: Services, locale: str, command: ExportCommand
) -> FiguresWorkbook:
    """``/export [year]``: the year's workbook, headed in ``locale``. Built in a worker
    thread; the bot keeps answering."""
    year = command.year
    buffer = io.BytesIO()
    t = services.renderers.catalogs.translator(locale)
    await asyncio.to_thread(write_figures_workbook, services.db.path, services.org, t, buffer, year)
    return FiguresWorkbook(year, f"libbot-{year}.xlsx", buffer.getvalue())
