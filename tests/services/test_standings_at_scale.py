"""Many branches' standings: the pace worked out once per metric and service window, and
the totals of a long list of branches read whole, give what each branch's own sums and
its own pace give, row by row."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.clock import ManualClock
from bot.core.org import parse_org
from bot.core.progress import metric_progress, over_service
from bot.offline.sandbox import Sandbox
from storage.sqlite.totals import MANY_BRANCHES

NOW = dt.datetime(2026, 11, 19, 19, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
BRANCHES = MANY_BRANCHES + 50
METRICS = ("visitors", "loans", "events")


def org_text() -> str:
    """Branches under one central library, every seventh opened mid-year, most allocated."""
    lines = ['[org]\nname = "大馆"\nleadership_chat_id = -1001\n']
    for i in range(BRANCHES):
        kind = "central" if i == 0 else "branch"
        lines.append(f'[[branches]]\ncode = "b{i:03d}"\nname = "第{i}馆"\nkind = "{kind}"')
        lines.append('parent = "b000"' if i else "")
        lines.append(f"opened = 2026-0{1 + i % 9}-15\n" if i % 7 == 3 else "\n")
    lines.append("[targets.2026]\nvisitors = 9000000\nloans = 5000000\nevents = 20000")
    lines.extend(
        f"[targets.2026.branches.b{i:03d}]\nvisitors = {30000 + i}\nloans = 20000"
        for i in range(0, BRANCHES, 2)
    )
    return "\n".join(lines) + "\n"


async def test_many_branches_stand_as_their_own_sums_and_pace_say(tmp_path: Path) -> None:
    org = parse_org(org_text(), "org.toml")
    path = tmp_path / "libbot.sqlite3"
    box = await Sandbox.start(org, path, ManualClock(NOW))
    try:
        rng = random.Random(13)
        days = [dt.date(2026, 1, 1) + dt.timedelta(n) for n in range(0, 323, 3)]
        rows = [
            (f"b{i:03d}", d.isoformat(), m, rng.randrange(400), "2026-11-19T10:00:00+00:00")
            for i in range(BRANCHES)
            for d in days
            if rng.random() < 0.8
            for m in METRICS
        ]
        with sqlite3.connect(path) as conn:
            conn.executemany(
                "INSERT INTO figures (branch, day, metric, value, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )
        progress, day = box.services.progress, dt.date(2026, 11, 15)
        metrics = [box.services.catalogue.get(m) for m in METRICS]
        codes = [b.code for b in org.branches if b.code != "b005"]  # a long list, not all
        standings = await progress.standings(metrics, day, codes)
        paces = await progress.paces(2026)
        start = dt.date(2026, 1, 1)
        totals = await box.services.storage.totals.branch_totals(METRICS, start, day, codes)
    finally:
        await box.stop()
    sums: dict[tuple[str, str], int] = {}
    for branch, when, metric, value, _ in rows:
        if when <= day.isoformat():
            sums[branch, metric] = sums.get((branch, metric), 0) + value
    assert list(standings) == codes
    assert set(totals) == set(codes)  # the long list read whole, then only its own kept
    windows = 0
    for code in codes:
        window = org.service_window(code, 2026)
        windows += window is not None
        for m in METRICS:
            pace = paces.get(m)
            target = org.allocation(code, 2026).get(m)
            expected = metric_progress(m, sums.get((code, m), 0), target, day, pace)
            if window is not None:
                expected = over_service(expected, pace, day, *window)
            assert standings[code][m].progress == expected, (code, m)
            assert standings[code][m].name == org.branch(code).name
    assert windows > 20  # branches opened mid-year were judged over their own days
