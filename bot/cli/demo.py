"""``libbot demo``: a day at the library offline, printed as a transcript."""

from __future__ import annotations

import argparse
import asyncio
import sys


def command(args: argparse.Namespace) -> int:
    """Run the demo on stdout."""
    from bot.offline.demo import run_demo

    return asyncio.run(run_demo(sys.stdout, db_path=args.db))
