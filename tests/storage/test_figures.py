"""Read-side queries, checked against totals computed here from the data written."""

from __future__ import annotations

import datetime as dt
import functools
import os
import random
import threading

import pytest

from storage import FigureSnapshot
from storage.models import FigureRow, HistoryCheck, RecentValues
from storage.sqlite import SqliteStorage
from tests.storage.sample import DAY, Record

FLOW = ("visitors", "loans")
STOCK = ("wechat_followers",)
FIRST, LAST = dt.date(2025, 12, 27), dt.date(2026, 3, 6)

Data = dict[tuple[str, dt.date, str], int]


@pytest.fixture
async def data(record: Record) -> Data:
    """Ten weeks of figures for both branches, across a new year; the stock reported
    on some days only, and not always growing (the latest level is not the largest)."""
    rng = random.Random(20261120)
    written: Data = {}
    day = FIRST
    while day <= LAST:
        for branch in ("main", "jiaolou"):
            figures = {"visitors": rng.randint(50, 3000)}
            if rng.random() < 0.8:
                figures["loans"] = rng.randint(0, 900)
            if rng.random() < 0.3:
                figures["wechat_followers"] = rng.randint(1000, 5000)
            await record(branch=branch, day=day, figures=figures)
            written.update({(branch, day, metric): v for metric, v in figures.items()})
        day += dt.timedelta(days=1)
    return written


def expected_totals(
    data: Data, start: dt.date, end: dt.date, branches: list[str] | None
) -> dict[str, int]:
    def wanted(branch: str, day: dt.date) -> bool:
        return start <= day <= end and (branches is None or branch in branches)

    totals: dict[str, int] = {}
    for metric in FLOW:
        values = [v for (b, d, m), v in data.items() if m == metric and wanted(b, d)]
        if values:
            totals[metric] = sum(values)
    for metric in STOCK:
        latest: dict[str, tuple[dt.date, int]] = {}
        for (b, d, m), v in data.items():
            if m == metric and wanted(b, d) and (b not in latest or d > latest[b][0]):
                latest[b] = (d, v)
        if latest:
            totals[metric] = sum(v for _, v in latest.values())
    return totals


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 2, 14)),
        (dt.date(2026, 1, 1), LAST),
        (dt.date(2026, 2, 3), dt.date(2026, 2, 3)),
        (FIRST, dt.date(2025, 12, 31)),
    ],
)
@pytest.mark.parametrize("branches", [None, ["main"], ["jiaolou"], ["main", "jiaolou"]])
async def test_year_to_date(
    store: SqliteStorage, data: Data, start: dt.date, end: dt.date, branches: list[str] | None
) -> None:
    expected = expected_totals(data, start, end, branches)
    got = await store.figures.year_to_date(FLOW, STOCK, start, end, branches)
    assert got == expected
    assert "visitors" in got  # the sample covers every range


async def test_year_to_date_stock_is_the_latest_level_not_a_sum(
    store: SqliteStorage, record: Record
) -> None:
    for day, level in [(DAY, 900), (DAY + dt.timedelta(days=2), 800)]:
        await record(branch="main", day=day, figures={"wechat_followers": level})
    await record(branch="jiaolou", day=DAY, figures={"wechat_followers": 100})
    end = DAY + dt.timedelta(days=5)
    assert await store.figures.year_to_date((), STOCK, DAY, end) == {"wechat_followers": 900}
    assert await store.figures.year_to_date((), STOCK, DAY, DAY) == {"wechat_followers": 1000}


async def test_year_to_date_bounds_are_inclusive(store: SqliteStorage, record: Record) -> None:
    start, end = dt.date(2026, 1, 1), dt.date(2026, 1, 31)
    for day, value in [
        (start - dt.timedelta(days=1), 1),
        (start, 10),
        (end, 100),
        (end + dt.timedelta(days=1), 1000),
    ]:
        await record(day=day, figures={"visitors": value, "wechat_followers": value})
    assert await store.figures.year_to_date(FLOW, STOCK, start, end) == {
        "visitors": 110,
        "wechat_followers": 100,
    }
    assert await store.figures.year_to_date(FLOW, STOCK, start, end, branches=[]) == {}
    assert await store.figures.year_to_date((), (), start, end) == {}


async def test_day_figures_and_closed_branches(store: SqliteStorage, record: Record) -> None:
    await record(branch="main", figures={"visitors": 10, "loans": 3})
    await record(branch="jiaolou", figures={"visitors": 20})
    await record(branch="jiaolou", day=DAY - dt.timedelta(days=1), figures={"visitors": 30})
    await record(branch="main", day=DAY + dt.timedelta(days=1), closed=True)

    assert await store.figures.day_figures(["main", "jiaolou"], DAY) == {
        "main": {"visitors": 10, "loans": 3},
        "jiaolou": {"visitors": 20},
    }
    assert await store.figures.day_figures(["jiaolou"], DAY) == {"jiaolou": {"visitors": 20}}
    assert await store.figures.day_figures([], DAY) == {}
    assert await store.figures.day_figures(["main"], DAY + dt.timedelta(days=1)) == {}

    tomorrow = DAY + dt.timedelta(days=1)
    assert await store.figures.closed_branches(["main", "jiaolou"], tomorrow) == {"main"}
    assert await store.figures.closed_branches(["jiaolou"], tomorrow) == set()
    assert await store.figures.closed_branches(["main", "jiaolou"], DAY) == set()
    assert await store.figures.closed_branches([], tomorrow) == set()


async def test_a_history_check_is_shown_its_window(store: SqliteStorage, record: Record) -> None:
    for back in range(6):  # DAY - 5 .. DAY, value = days back
        await record(day=DAY - dt.timedelta(days=back), figures={"visitors": back, "loans": back})
    await record(branch="main", day=DAY - dt.timedelta(days=1), figures={"visitors": 99})
    shown: list[RecentValues] = []

    def refuses(recent: RecentValues) -> bool:
        shown.append(recent)
        return False

    figures = {"visitors": 7, "events": 1}
    outcome = await record(figures=figures, check=HistoryCheck(3, refuses))

    # The three days before DAY: not DAY itself, not DAY - 4; DAY's own value apart.
    (got,) = shown
    assert sorted(got.before["visitors"]) == [1, 2, 3]
    assert got.before["events"] == []
    assert set(got.before) == {"visitors", "events"}
    assert got.on_day == {"visitors": 0}
    assert outcome.status == "questioned" and outcome.recent == got
    held = await store.figures.day_figures(["jiaolou"], DAY)
    assert held == {"jiaolou": {"visitors": 0, "loans": 0}}  # refused: nothing written

    closure = await record(closed=True, day=DAY + dt.timedelta(days=1),
                           check=HistoryCheck(3, refuses))  # fmt: skip
    assert shown[-1].on_day == {} and shown[-1].before == {}
    assert closure.status == "questioned"


async def test_an_accepted_history_check_writes(store: SqliteStorage, record: Record) -> None:
    await record(day=DAY - dt.timedelta(days=1), figures={"visitors": 5})

    outcome = await record(figures={"visitors": 6}, check=HistoryCheck(3, lambda recent: True))

    assert outcome.status == "recorded"
    assert await store.figures.day_figures(["jiaolou"], DAY) == {"jiaolou": {"visitors": 6}}


async def test_snapshot_rows_in_order_and_by_year(store: SqliteStorage, data: Data) -> None:
    everything = await store.export.read_snapshot(lambda snapshot: list(snapshot.rows()))
    assert everything == [
        FigureRow(day, branch, metric, value)
        for (branch, day, metric), value in sorted(
            data.items(), key=lambda item: (item[0][1], item[0][0], item[0][2])
        )
    ]
    by_year = {
        year: await store.export.read_snapshot(lambda snapshot, y=year: list(snapshot.rows(y)))
        for year in (2024, 2025, 2026)
    }
    assert by_year[2026] == [row for row in everything if row.day.year == 2026]
    assert by_year[2026][0].day == dt.date(2026, 1, 1)
    assert by_year[2025] == [row for row in everything if row.day.year == 2025]
    assert by_year[2025] and by_year[2024] == []


def where_and_what(year: int, snapshot: FigureSnapshot) -> tuple[int, int, str, list[FigureRow]]:
    """The process, its niceness and the thread that read, and what they read (module
    level: it pickles)."""
    where = os.getpid(), os.nice(0), threading.current_thread().name
    return *where, list(snapshot.rows(year))


async def test_a_snapshot_apart_is_read_in_a_process_of_its_own(
    store: SqliteStorage, data: Data
) -> None:
    apart = await store.export.read_snapshot_apart(functools.partial(where_and_what, 2026))
    in_thread = await store.export.read_snapshot(functools.partial(where_and_what, 2026))
    assert apart[0] != os.getpid() and apart[1] == min(19, os.nice(0) + 10)  # the bot first
    assert apart[3] and apart[3] == in_thread[3]  # the same figures, either way
    assert in_thread[:2] == (os.getpid(), os.nice(0))
    assert in_thread[2] != threading.main_thread().name
