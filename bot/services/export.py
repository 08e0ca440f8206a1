"""Every stored figure, out: ``libbot export`` (CSV or a workbook) and ``/export``."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.org import Organisation
from bot.render.i18n import Translator
from bot.render.workbook import Sink, write_workbook
from storage import queries
from storage.db import Database
from storage.snapshot import figure_snapshot

if TYPE_CHECKING:
    from bot.services.container import Services

CSV_COLUMNS = ("date", "branch", "metric", "value")
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years an organisation file may plan


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


@dataclass(frozen=True, slots=True)
class NotAYear:
    """``/export`` was given something other than one year."""

    text: str
    this_year: int


async def figures_workbook(
    services: Services, locale: str, args: Sequence[str]
) -> FiguresWorkbook | NotAYear:
    """``/export [year]``: the year's workbook (default: this year, in the organisation's
    time zone), headed in ``locale``. Built in a worker thread; the bot keeps answering."""
    this_year = services.clock.today().year
    year = requested_year(args, this_year)
    if year is None:
        return NotAYear(" ".join(args), this_year)
    buffer = io.BytesIO()
    t = services.renderers.catalogs.translator(locale)
    await asyncio.to_thread(write_figures_workbook, services.db.path, services.org, t, buffer, year)
    return FiguresWorkbook(year, f"libbot-{year}.xlsx", buffer.getvalue())


def requested_year(args: Sequence[str], this_year: int) -> int | None:
    """The year the arguments name (``2025``, ``2025年``), ``this_year`` for none, else None."""
    if not args:
        return this_year
    if len(args) > 1:
        return None
    text = args[0].strip().removesuffix("年")
    if not (text.isdecimal() and len(text) == 4):
        return None
    year = int(text)  # also reads full-width digits: ２０２５
    return year if FIRST_YEAR <= year <= LAST_YEAR else None
