"""The ``libbot`` command line (DESIGN §2)."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.settings import SettingsError


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``libbot`` console script."""
    os.environ.setdefault("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta
    args = _parser().parse_args(argv)
    try:
        module = importlib.import_module(f"bot.cli.{args.command}")  # only what is run
        code: int = module.command(args)
        sys.stdout.flush()
    except SettingsError as error:
        print(f"libbot: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `libbot metrics | head`: the reader has all it wanted
        # Python flushes stdout again at exit; point it at nothing so that stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="libbot", description="Operations bot for a public-library system."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the bot (long polling)")
    run.set_defaults(command="run")

    demo = commands.add_parser("demo", help="replay a day at the library offline, print it")
    demo.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        help="keep the demo database in FILE: each run starts afresh and replaces the "
        "database an earlier run left there (default: a temporary one)",
    )
    demo.set_defaults(command="demo")

    parse = commands.add_parser("parse", help="show how a message is understood, as JSON")
    parse.add_argument("--date", type=dt.date.fromisoformat, help="today, as YYYY-MM-DD")
    parse.add_argument("text", nargs="+", help="the message")
    parse.set_defaults(command="parse")

    export = commands.add_parser("export", help="write every stored figure")
    export.add_argument("--year", type=int)
    export.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    export.add_argument("-o", "--output", type=Path, required=True)
    export.set_defaults(command="export")

    report = commands.add_parser(
        "report", help="the year-end statistics: totals, targets, branches, indicators"
    )
    report.add_argument("--year", type=int, help="the year (default: this year, so far)")
    report.add_argument("--format", choices=["md", "xlsx"], default="md")
    report.add_argument("-o", "--output", type=Path, help="write here (md: default stdout)")
    report.set_defaults(command="report")

    digest = commands.add_parser("digest", help="print the weekly digest; --send posts it")
    digest.add_argument(
        "--week", type=_week, help="the ISO week, e.g. 2026-W47 (default: last week)"
    )
    digest.add_argument("--send", action="store_true", help="post it to the leadership chat")
    digest.set_defaults(command="digest")

    load = commands.add_parser(
        "import", help="load figures from a CSV or xlsx file; --template writes one to fill in"
    )
    load.add_argument("--dry-run", action="store_true", help="print what would change")
    load.add_argument(
        "--replace", action="store_true", help="replace values reported in chat that differ"
    )
    load.add_argument(
        "--template", action="store_true", help="write an empty workbook to FILE instead"
    )
    load.add_argument("file", type=Path, metavar="FILE")
    load.set_defaults(command="imports")

    metrics = commands.add_parser("metrics", help="list the metric catalogue")
    metrics.set_defaults(command="metrics")

    check = commands.add_parser("check", help="validate settings and the organisation file")
    check.set_defaults(command="check")
    return parser


def _week(text: str) -> dt.date:
    from bot.core.weeks import parse_week

    try:
        return parse_week(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
