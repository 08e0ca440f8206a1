"""/progress end to end: the organisation, one metric's branches, one branch — checked to
the unit against sums the test works out itself from the figures it stored."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.services import Services
from bot.core.clock import ManualClock
from bot.core.org import Organisation
from bot.offline.demo_history import generate
from bot.offline.html import render_html, utf16_length
from bot.offline.sample import load_sample_org
from bot.offline.sandbox import Sandbox
from bot.settings import Settings
from tests.e2e.conftest import CHEN, EMMA, LI, STRANGER, TZ, WANG

AS_OF = dt.date(2026, 11, 19)
EVENING = dt.datetime(2026, 11, 19, 19, 0, tzinfo=TZ)  # after 18:00: the 19th counts
History = list[tuple[str, dt.date, str, int]]


@pytest.fixture(scope="module")
def stored_history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, History]:
    """A database with the sample organisation's 2025 and 2026 so far, built once."""
    org = load_sample_org()
    history = list(generate(org, dt.date(2025, 1, 1), AS_OF))
    path = tmp_path_factory.mktemp("history") / "history.sqlite3"

    async def build() -> None:
        services = await Services.start(Settings(db=path), org, ManualClock(EVENING))
        await services.storage.reports.import_figures(history, 0, EVENING)
        await services.close()

    asyncio.run(build())
    return path, history


@pytest.fixture
async def box(
    stored_history: tuple[Path, History], db_path: Path, org: Organisation, clock: ManualClock
) -> AsyncIterator[Sandbox]:
    """The application on a copy of the stored history."""
    shutil.copy(stored_history[0], db_path)
    sandbox = await Sandbox.start(org, db_path, clock)
    yield sandbox
    await sandbox.stop()


@pytest.fixture
def history(stored_history: tuple[Path, History]) -> History:
    return stored_history[1]


def ytd(history: list[tuple[str, dt.date, str, int]], metric: str, branches=None) -> int:
    return sum(
        v
        for b, d, m, v in history
        if m == metric and d.year == 2026 and d <= AS_OF and (branches is None or b in branches)
    )


def texts(calls) -> str:
    return "\n".join(c.params["text"] for c in calls if c.method == "sendMessage")


def plain(number_text: str) -> int:
    return int(number_text.replace(",", ""))


async def test_the_overview_is_right_to_the_unit(
    box: Sandbox, org: Organisation, clock: ManualClock, history: History
) -> None:
    clock.set(EVENING)
    person = await box.services.people.person(LI.id)
    assert person is not None
    view = await box.services.progress.overview(person)
    assert view.day == AS_OF
    rows = {r.metric: r for r in view.rows}
    plan = org.targets_for(2026)
    assert plan is not None
    for metric in ("visitors", "loans", "new_cards", "events"):
        value = ytd(history, metric)
        assert rows[metric].value == value
        assert rows[metric].target == plan.metrics[metric]
        assert rows[metric].needed_per_day == (plan.metrics[metric] - value) / 42
    # Pace: last year (2025) is complete, so it sets the shape.
    last_year = [(d, v) for b, d, m, v in history if m == "visitors" and d.year == 2025]
    share = sum(v for d, v in last_year if d <= dt.date(2025, 11, 19)) / sum(
        v for _, v in last_year
    )
    assert rows["visitors"].seasonal
    assert abs(rows["visitors"].expected_share - share) < 1e-12
    ahead = ytd(history, "visitors") - plan.metrics["visitors"] * share
    assert abs(rows["visitors"].ahead - ahead) < 1e-6

    text = texts(await box.feed(box.updates.command(LI, "/progress")))
    assert text.startswith("<b>东城区第一图书馆 · ")
    visitors = text.split("到馆人次")[1].split("\n\n")[0]
    assert f"（{round(abs(ahead)):,}）" in visitors  # ahead/behind in units, to the unit
    assert "应达进度参照去年各月分布" in text


async def test_before_the_due_time_today_does_not_count(
    box: Sandbox, org: Organisation, clock: ManualClock, history: History
) -> None:
    clock.set(dt.datetime(2026, 11, 20, 17, 0, tzinfo=TZ))
    await box.feed(box.updates.message(WANG, "到馆 1000"))
    person = await box.services.people.person(LI.id)
    assert person is not None
    early = await box.services.progress.overview(person)
    assert early.day == AS_OF  # the 20th's figures are not all in before 18:00
    assert {r.metric: r.value for r in early.rows}["visitors"] == ytd(history, "visitors")
    clock.set(dt.datetime(2026, 11, 20, 18, 0, tzinfo=TZ))
    late = await box.services.progress.overview(person)
    assert late.day == dt.date(2026, 11, 20)
    assert {r.metric: r.value for r in late.rows}["visitors"] == ytd(history, "visitors") + 1000


async def test_a_metric_ranks_branches_by_attainment_with_their_share(
    box: Sandbox, org: Organisation, clock: ManualClock, history: History
) -> None:
    clock.set(EVENING)
    text = texts(await box.feed(box.updates.command(LI, "/progress 到馆")))
    total = ytd(history, "visitors")
    assert f"{total:,}" in text
    plan = org.targets_for(2026)
    assert plan is not None
    allocated = {b: t["visitors"] for b, t in plan.branches.items() if "visitors" in t}
    ranked = sorted(allocated, key=lambda b: -ytd(history, "visitors", {b}) / allocated[b])
    names = [org.branch(b).name for b in ranked]
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)  # best attainment first
    for code in ranked:
        value = ytd(history, "visitors", {code})
        line = f"{value:,} / {allocated[code]:,}"
        assert line in text
        share = f"{100 * value / total:.1f}%"
        assert share in text
    # Branches without an allocation follow, by value.
    assert text.index("景山街道图书馆") > max(positions)


async def test_one_branch_includes_the_branches_under_it(
    box: Sandbox, org: Organisation, clock: ManualClock, history: History
) -> None:
    clock.set(EVENING)
    text = texts(await box.feed(box.updates.command(LI, "/progress 景山")))
    assert "吉祥社区服务点" in text  # named as included
    value = ytd(history, "visitors", {"jingshan", "jixiang"})
    assert f"{value:,}" in text


async def test_staff_see_their_own_branches_only(
    box: Sandbox, org: Organisation, clock: ManualClock, history: History
) -> None:
    clock.set(EVENING)
    own = texts(await box.feed(box.updates.command(WANG, "/progress")))
    assert "角楼图书馆" in own
    # 角楼's allocation is its target; its own figures are its value.
    value = ytd(history, "visitors", {"jiaolou"})
    assert re.search(r"到馆人次</b> [\d.,万]+ / 15万", own)
    person = await box.services.people.person(WANG.id)
    assert person is not None
    view = await box.services.progress.overview(person)
    assert {r.metric: r.value for r in view.rows}["visitors"] == value
    refused = texts(await box.feed(box.updates.command(WANG, "/progress 景山")))
    assert "只能查看" in refused or "own branches" in refused
    assert f"{ytd(history, 'visitors', {'jingshan'}):,}" not in refused
    ranking = texts(await box.feed(box.updates.command(CHEN, "/progress 到馆")))
    assert "王府井书店分馆" in ranking and "隆福寺更读书社分馆" in ranking
    assert "角楼图书馆" not in ranking


async def test_unknown_words_get_a_clear_answer_in_the_readers_language(
    box: Sandbox, clock: ManualClock
) -> None:
    clock.set(EVENING)
    text = texts(await box.feed(box.updates.command(EMMA, "/progress <b>nonsense</b>")))
    assert "&lt;b&gt;nonsense&lt;/b&gt;" in text  # escaped, not markup
    assert "metric or branch" in text
    assert await box.feed(box.updates.command(STRANGER, "/progress 到馆")) != []
    assert "到馆人次" not in texts(await box.feed(box.updates.command(STRANGER, "/progress")))


async def test_a_long_ranking_is_split_under_telegrams_limit(
    tmp_path: Path, clock: ManualClock
) -> None:
    from bot.core.org import parse_org
    from bot.offline.sample import sample_org_text

    extra = "".join(
        f'\n[[branches]]\ncode = "p{i:03d}"\nname = "第{i}社区图书服务点（很长的名字用来占位置）"\n'
        'kind = "service_point"\nparent = "main"\n'
        for i in range(150)
    )
    text = sample_org_text()
    head, staff = text.split("\n[[staff]]", 1)
    org = parse_org(head + extra + "\n[[staff]]" + staff)
    clock.set(EVENING)
    box = await Sandbox.start(org, tmp_path / "big.sqlite3", clock)
    try:
        rows = [(f"p{i:03d}", AS_OF, "visitors", 100 + i) for i in range(150)]
        await box.services.storage.reports.import_figures(rows, 0, clock.now())
        calls = await box.feed(box.updates.command(LI, "/progress 到馆"))
        sent = [c.params["text"] for c in calls if c.method == "sendMessage"]
        assert len(sent) > 1
        assert all(c.ok for c in calls)
        assert all(utf16_length(render_html(t)) <= 4096 for t in sent)  # as Telegram counts
        joined = "\n\n".join(sent)
        assert all(f"第{i}社区图书服务点" in joined for i in range(150))
    finally:
        await box.stop()
