"""A committed report survives the process being killed (SIGKILL) mid-burst."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import sys
from pathlib import Path

from storage.sqlite import open_storage
from storage.sqlite.db import Database
from tests.storage.sample import BRANCHES, NOW, PEOPLE

# Records report after report; prints "<report id> <n>" once record_report has returned,
# that is after its COMMIT.
WRITER = """
import asyncio, datetime as dt, sys
from storage.models import ReportWrite
from storage.sqlite import open_storage

async def main(path):
    store = await open_storage(path)
    n = 0
    while True:
        n += 1
        outcome = await store.reports.record_report(ReportWrite(
            user_id=1001, chat_id=1001, message_id=n, revision=n, branch="jiaolou",
            day=dt.date(2020, 1, 1) + dt.timedelta(days=n),
            figures={"visitors": n, "loans": 2 * n, "events": n % 7 + 1},
            closed=False, now=dt.datetime.now(dt.UTC), update_id=n,
        ))
        assert outcome.status == "recorded", outcome
        print(outcome.report_id, n, flush=True)

asyncio.run(main(sys.argv[1]))
"""

ENOUGH = 40  # committed reports seen before the kill
DEADLINE = 10.0  # seconds, for the whole exchange with the child


async def test_committed_reports_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "durable.sqlite3"
    store = await open_storage(path)
    await store.people.sync_roster(BRANCHES, PEOPLE, NOW)
    await store.close()

    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        WRITER,
        str(path),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert child.stdout is not None
    lines: list[bytes] = []
    try:
        async with asyncio.timeout(DEADLINE):
            while len(lines) < ENOUGH:
                line = await child.stdout.readline()
                if not line:
                    break
                lines.append(line)
    finally:
        if child.returncode is None:
            child.kill()
        rest, errors = await child.communicate()  # what it printed before it died
    assert len(lines) == ENOUGH, errors.decode()
    assert child.returncode == -signal.SIGKILL, errors.decode()
    lines += rest.splitlines(keepends=True)
    committed = [tuple(map(int, line.split())) for line in lines if line.endswith(b"\n")]

    db = await Database.open(path)
    try:
        assert [tuple(r) for r in await db.fetchall("PRAGMA integrity_check")] == [("ok",)]
        for report_id, n in committed:
            row = await db.fetchone(
                "SELECT message_id, day FROM reports WHERE id = ?", (report_id,)
            )
            assert row is not None, f"report {report_id} was lost"
            day = dt.date(2020, 1, 1) + dt.timedelta(days=n)
            assert (row["message_id"], row["day"]) == (n, day.isoformat())
            history = await db.fetchall(
                "SELECT metric, old_value, new_value FROM figure_history"
                " WHERE report_id = ? ORDER BY metric",
                (report_id,),
            )
            assert [tuple(h) for h in history] == [
                ("events", None, n % 7 + 1),
                ("loans", None, 2 * n),
                ("visitors", None, n),
            ]
            figures = await db.fetchall(
                "SELECT metric, value FROM figures WHERE report_id = ? ORDER BY metric",
                (report_id,),
            )
            assert [tuple(f) for f in figures] == [
                ("events", n % 7 + 1),
                ("loans", 2 * n),
                ("visitors", n),
            ]
            claimed = await db.fetchone(
                "SELECT report_id FROM handled_updates WHERE update_id = ?", (n,)
            )
            assert claimed is not None and claimed["report_id"] == report_id
    finally:
        await db.close()
