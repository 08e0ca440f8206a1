"""The ``libbot`` command line (DESIGN §2)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import SettingsError, load_settings

if TYPE_CHECKING:
    from bot.core.org import Organisation


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``libbot`` console script."""
    os.environ.setdefault("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta
    args = _parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except SettingsError as error:
        print(f"libbot: {error}", file=sys.stderr)
        return 2
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="libbot", description="Operations bot for a public-library system."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the bot (long polling)")
    run.set_defaults(handler=_run)

    demo = commands.add_parser("demo", help="replay a day at the library offline, print it")
    demo.add_argument("--db", type=Path, help="keep the demo database here (default: temporary)")
    demo.set_defaults(handler=_demo)

    parse = commands.add_parser("parse", help="show how a message is understood, as JSON")
    parse.add_argument("--date", type=dt.date.fromisoformat, help="today, as YYYY-MM-DD")
    parse.add_argument("text", nargs="+", help="the message")
    parse.set_defaults(handler=_parse)

    export = commands.add_parser("export", help="write every stored figure")
    export.add_argument("--year", type=int)
    export.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    export.add_argument("-o", "--output", type=Path, required=True)
    export.set_defaults(handler=_export)

    digest = commands.add_parser("digest", help="print the weekly digest; --send posts it")
    digest.add_argument(
        "--week", type=_week, help="the ISO week, e.g. 2026-W47 (default: last week)"
    )
    digest.add_argument("--send", action="store_true", help="post it to the leadership chat")
    digest.set_defaults(handler=_digest)

    check = commands.add_parser("check", help="validate settings and the organisation file")
    check.set_defaults(handler=_check)
    return parser


def _run(args: argparse.Namespace) -> int:
    from bot.cli.run import run_polling

    return asyncio.run(run_polling(load_settings()))


def _demo(args: argparse.Namespace) -> int:
    from bot.offline.demo import run_demo

    return asyncio.run(run_demo(sys.stdout, db_path=args.db))


def _parse(args: argparse.Namespace) -> int:
    from bot.core.metrics import MetricCatalogue
    from bot.core.parsing import ReportParser

    today = args.date or dt.date.today()
    result = ReportParser(MetricCatalogue.default()).parse(" ".join(args.text), today)
    print(json.dumps(result.to_json(), ensure_ascii=False))
    return result.exit_code()


def _export(args: argparse.Namespace) -> int:
    from bot.core.org import OrgError, load_org

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
    count = asyncio.run(_write_export(settings.db, org, args.output, args.year))
    print(f"wrote {count} figures to {args.output}", file=sys.stderr)
    return 0


async def _write_export(db: Path, org: Organisation | None, output: Path, year: int | None) -> int:
    """CSV without an organisation file; a workbook in the organisation's language."""
    from bot.core.clock import OrgClock, SystemClock
    from bot.render.i18n import Catalogs
    from bot.services.export import ExportService, export_csv
    from storage import open_storage

    storage = await open_storage(db)  # brings an older database up to date first
    try:
        if org is None:
            return await export_csv(storage.export, output, year)
        clock = OrgClock(SystemClock(), org.org.tz)
        service = ExportService(storage.export, org, clock, Catalogs())
        return await service.write_xlsx(output, org.org.locale, year)
    finally:
        await storage.close()


def _week(text: str) -> dt.date:
    from bot.core.weeks import parse_week

    try:
        return parse_week(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _digest(args: argparse.Namespace) -> int:
    from bot.cli.digest import digest_command

    return asyncio.run(digest_command(load_settings(), args.week, args.send))


def _check(args: argparse.Namespace) -> int:
    from bot.cli.check import check

    report = check(load_settings())
    print(report.text, file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1
