"""``libbot report --year YYYY [--format xlsx|md] [-o FILE]``: the year-end statistics."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TextIO

from bot.app.services import Services
from bot.core.clock import Clock, SystemClock
from bot.core.org import OrgError, load_org
from bot.render.year_markdown import year_markdown
from bot.render.year_workbook import write_year_workbook
from bot.settings import Settings, load_settings


async def report_command(
    settings: Settings,
    year: int | None,
    form: str,
    output: Path | None,
    out: TextIO | None = None,
    *,
    clock: Clock | None = None,
) -> int:
    """Write the year's report for the whole organisation, in its language: Markdown to
    ``output`` or standard output, or a workbook to ``output``."""
    if form == "xlsx" and output is None:
        print("libbot: --format xlsx needs -o FILE", file=sys.stderr)
        return 2
    if not settings.db.exists():
        print(f"libbot: no database at {settings.db} (LIBBOT_DB)", file=sys.stderr)
        return 1
    try:
        org = load_org(settings.org)
    except OrgError as error:
        print(f"libbot: {error}", file=sys.stderr)
        return 1
    services = await Services.start(settings, org, clock or SystemClock())
    try:
        service = services.year_report
        report = await service.report(year or service.this_year())
        render = services.renderers.for_locale(org.org.locale)
        if form == "xlsx":
            assert output is not None
            await asyncio.to_thread(write_year_workbook, output, org, render, report)
        elif output is None:
            print(year_markdown(render, report), end="", file=out or sys.stdout)
        else:
            output.write_text(year_markdown(render, report), encoding="utf-8")
    finally:
        await services.close()
    if output is not None:
        print(f"wrote the {report.year} report to {output}", file=sys.stderr)
    return 0


def command(args: argparse.Namespace) -> int:
    """The year's report as Markdown (standard output without -o) or a workbook."""
    return asyncio.run(report_command(load_settings(), args.year, args.format, args.output))
