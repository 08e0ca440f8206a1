"""``libbot demo``: a day at the library offline, printed as a transcript."""

from __future__ import annotations

import argparse
import asyncio
import sys


def command(args: argparse.Namespace) -> int:
    """Run the demo on stdout; exit 2 when ``--db`` names a file it may not replace."""
    from bot.offline.demo import DemoFileError, run_demo

    try:
        return asyncio.run(run_demo(sys.stdout, db_path=args.db))
    except DemoFileError as error:
        print(f"libbot: {error}", file=sys.stderr)
        return 2
