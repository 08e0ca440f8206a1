"""``libbot export``: every stored figure as ``date,branch,metric,value``."""

from __future__ import annotations

import csv
from pathlib import Path

from storage import queries
from storage.db import Database

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
