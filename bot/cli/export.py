"""``libbot export [--year YYYY] [--format csv|xlsx] -o FILE``: write every stored figure."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.core.clock import OrgClock, SystemClock
from bot.core.org import Organisation, OrgError, load_org
from bot.render.i18n import Catalogs
from bot.services.branches import BranchService
from bot.services.export import ExportService, export_csv
from bot.settings import load_settings
from storage.sqlite import open_storage


def command(args: argparse.Namespace) -> int:
    """CSV by codes, or the workbook headed in the organisation's language."""
    settings = load_settings()
    if not settings.db.exists():
        print(f"libbot: no database at {settings.db} (LIBBOT_DB)", file=sys.stderr)
        return 1
    org = None
    if args.format == "xlsx":  # branch names, targets and the language come from the org file
        try:
            org = load_org(settings.org)
        except OrgError as error:
            print(f"libbot: {error}", file=sys.stderr)
            return 1
    count = asyncio.run(write_export(settings.db, org, args.output, args.year))
    print(f"wrote {count} figures to {args.output}", file=sys.stderr)
    return 0


async def write_export(db: Path, org: Organisation | None, output: Path, year: int | None) -> int:
    """CSV without an organisation file; a workbook in the organisation's language."""
    storage = await open_storage(db)  # brings an older database up to date first
    try:
        if org is None:
            return await export_csv(storage.export, output, year)
        clock = OrgClock(SystemClock(), org.org.tz)
        await BranchService(storage.people, org, clock).load()  # added, renamed in chat too
        service = ExportService(storage.export, org, clock, Catalogs())
        return await service.write_xlsx(output, org.org.locale, year)
    finally:
        await storage.close()
