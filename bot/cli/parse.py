"""``libbot parse [--date YYYY-MM-DD] TEXT``: how one message is understood, as JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from bot.core.metrics import MetricCatalogue
from bot.core.parsing.parser import ReportParser


def command(args: argparse.Namespace) -> int:
    """Print the parse (DESIGN §6); the exit code says whether it can be recorded."""
    today = args.date or dt.date.today()
    result = ReportParser(MetricCatalogue.default()).parse(" ".join(args.text), today)
    print(json.dumps(result.to_json(), ensure_ascii=False))
    return result.exit_code()
