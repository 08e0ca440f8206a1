"""``libbot export [--year YYYY] [--format csv|xlsx] -o FILE``: write every stored figure."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.settings import load_settings


def _export(args: argparse.Namespace) -> int:
    from bot.core.org import load_org
    from bot.core.org_errors import OrgError
    from bot.render.i18n import Catalogs
    from bot.services.export import export_csv, export_xlsx

    settings = load_settings()
    if not settings.db.exists():
        print(f"libbot: no database at {settings.db} (LIBBOT_DB)", file=sys.stderr)
        return 1
    if args.format == "xlsx":  # branch names, targets and the language come from the org file
        try:
            org = load_org(settings.org)
        except OrgError as error:
            print(f"libbot: {error}", file=sys.stderr)
            return 1
        t = Catalogs().translator(org.org.locale)
        count = asyncio.run(export_xlsx(settings.db, args.output, org, t, args.year))
    else:
        count = asyncio.run(export_csv(settings.db, args.output, args.year))
    print(f"wrote {count} figures to {args.output}", file=sys.stderr)
    return 0


command = _export
