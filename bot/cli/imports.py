"""``libbot import [--dry-run] [--replace] FILE`` and ``libbot import --template FILE``.

For the IT person: plain English lines. Exit 0 when the file was taken (or would be),
1 when a row was refused and nothing was written, 2 for a usage or settings problem.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.app.services import Services
from bot.core.clock import Clock, SystemClock
from bot.core.org import load_org
from bot.core.org_errors import OrgError
from bot.services.importing import ImportReport, UnreadableFile
from bot.settings import Settings, load_settings
from storage.models import ImportChange

LISTED = 20  # added values listed one by one; past this, only counted


def command(args: argparse.Namespace) -> int:
    if args.template and (args.dry_run or args.replace):
        print("libbot: --template writes an empty workbook; it takes no --dry-run or --replace",
              file=sys.stderr)  # fmt: skip
        return 2
    return asyncio.run(
        import_command(load_settings(), args.file, template=args.template,
                       dry_run=args.dry_run, replace=args.replace)
    )  # fmt: skip


async def import_command(
    settings: Settings,
    path: Path,
    *,
    template: bool = False,
    dry_run: bool = False,
    replace: bool = False,
    out: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    """Import ``path`` (or write the template to it); print what changed."""
    out = out or sys.stdout
    try:
        org = load_org(settings.org)
    except OrgError as error:
        print(f"libbot: {error}", file=sys.stderr)
        return 2
    services = await Services.start(settings, org, clock or SystemClock())
    try:
        if template:
            services.imports.template(path)
            flow = sum(1 for m in org.catalogue() if m.kind == "flow")
            print(f"wrote {path}: {len(org.branches)} branches x 12 months, a sheet for each"
                  f" of {flow} metrics; fill it in and run: libbot import {path}",
                  file=out)  # fmt: skip
            return 0
        try:
            report = await services.imports.import_file(path, replace=replace, dry_run=dry_run)
        except UnreadableFile as error:
            print(f"libbot: {error}", file=sys.stderr)
            return 2
    finally:
        await services.close()
    for line in describe(report):
        print(line, file=out)
    return 1 if report.refused else 0


def describe(report: ImportReport) -> list[str]:
    """The report as lines for the console."""
    lines = [f"note: {note}" for note in report.notes]
    if report.refused:
        lines.append(f"{report.file}: {len(report.problems)} problem(s), nothing written:")
        lines += [f"  {problem}" for problem in report.problems]
        return lines
    would = "would " if report.dry_run else ""
    counts = report.counts
    lines.append(
        f"{report.file}: {len(report.changes)} values read; {would}add {counts.get('added', 0)},"
        f" {would}update {counts.get('updated', 0)}, {would}replace {counts.get('replaced', 0)};"
        f" {counts.get('unchanged', 0)} unchanged, {counts.get('kept', 0)} kept"
    )
    lines += _section("added", [c for c in report.changes if c.action == "added"], would)
    lines += _section("updated", [c for c in report.changes if c.action == "updated"], would)
    lines += _section("replaced", [c for c in report.changes if c.action == "replaced"], would)
    kept = [c for c in report.changes if c.action == "kept"]
    if kept:
        lines.append(f"kept {len(kept)} value(s) reported in chat that differ from the file"
                     " (run again with --replace to take the file's):")  # fmt: skip
        lines += [f"  {_change(c)}" for c in kept]
    if report.dry_run:
        lines.append("dry run: nothing written")
    elif not any(counts.get(a) for a in ("added", "updated", "replaced")):
        lines.append("nothing to change: every value is stored already")
    return lines


def _section(title: str, changes: Sequence[ImportChange], would: str) -> list[str]:
    if not changes:
        return []
    lines = [f"{would}{'be ' if would else ''}{title}:"]
    shown = changes if title != "added" else changes[:LISTED]
    lines += [f"  {_change(c)}" for c in shown]
    if len(shown) < len(changes):
        lines.append(f"  ... and {len(changes) - len(shown)} more")
    return lines


def _change(change: ImportChange) -> str:
    row = change.row
    what = f"{row.branch} {row.metric} {row.period}: "
    if change.old is None:
        what += f"{row.value}"
    elif change.action == "kept":
        what += f"chat {change.old} (kept), file {row.value}"
    else:
        what += f"{change.old} -> {row.value}"
    if change.reported_by is not None:
        what += f" [reported by user {change.reported_by}]"
    return f"{what}  ({row.source})"
