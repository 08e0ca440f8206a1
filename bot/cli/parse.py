"""``libbot parse [--date YYYY-MM-DD] TEXT``: how one message is understood, as JSON.

It reads as the bot does: the organisation file's metrics (its ``[[metrics]]`` too) and
branch names and aliases, with the branches changed in chat when the database is there."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from bot.core.metrics import MetricCatalogue
from bot.core.org import load_org
from bot.core.org_errors import OrgError
from bot.core.parsing.parser import ReportParser
from bot.settings import load_settings


def command(args: argparse.Namespace) -> int:
    """Print the parse (DESIGN §6); the exit code says whether it can be recorded."""
    today = args.date or dt.date.today()
    result = _parser().parse(" ".join(args.text), today)
    print(json.dumps(result.to_json(), ensure_ascii=False))
    return result.exit_code()


def _parser() -> ReportParser:
    """The bot's parser for the organisation file, else the default catalogue's (no branch
    names), with a note on stderr saying so."""
    settings = load_settings()
    fallback = "the default catalogue and no branch names"
    if not settings.org.is_file():
        print(f"libbot: no organisation file at {settings.org}: {fallback}", file=sys.stderr)
        return ReportParser(MetricCatalogue.default())
    try:
        org = load_org(settings.org)
    except OrgError as error:
        print(f"libbot: {error}\nlibbot: {fallback}", file=sys.stderr)
        return ReportParser(MetricCatalogue.default())
    # imported here: the bot's own wiring, only needed with an organisation
    from bot.app.services import report_parser
    from bot.services.branches import branch_change
    from storage.sqlite.health import read_branch_changes

    if settings.db.is_file():
        org.use_branch_changes([branch_change(c) for c in read_branch_changes(settings.db)])
    return report_parser(org)
