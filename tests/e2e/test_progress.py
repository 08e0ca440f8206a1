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


AS_OF_LY = dt.date(2025, 11, 19)
LY_28_FEB = dt.date(2027, 2, 28)


def same_period_last_year(history: History, metric: str, branches: set[str] | None = None) -> int:
    return sum(
        v
        for b, d, m, v in history
        if m == metric and d.year == 2025 and d <= AS_OF_LY and (branches is None or b in branches)
    )


def level_on(history: History, metric: str, day: dt.date) -> int:
    latest: dict[str, tuple[dt.date, int]] = {}
    for b, d, m, v in history:
        if m == metric and d <= day and (b not in latest or d > latest[b][0]):
            latest[b] = (d, v)
    return sum(v for _, v in latest.values())


def change(now: int, then: int) -> str:
    """``+4.2%`` / ``-3.1%``, as the reply writes a change."""
    return f"{100 * (now / then - 1):+.1f}%"


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


async def test_the_same_period_last_year_stands_beside_each_metric(
    box: Sandbox, clock: ManualClock, history: History
) -> None:
    clock.set(EVENING)
    manager = await box.services.people.person(LI.id)
    assert manager is not None
    view = await box.services.progress.overview(manager)
    flows = [r.metric for r in view.rows if not r.stock]
    assert flows and set(view.year_ago) == {r.metric for r in view.rows}
    for metric in flows:  # 1 January to 19 November 2025, to the unit
        assert view.year_ago[metric] == same_period_last_year(history, metric)
    stored = await box.services.storage.totals.organisation_totals(
        flows, dt.date(2025, 1, 1), dt.date(2025, 11, 19)
    )
    assert {m: view.year_ago[m] for m in flows} == stored  # as the range totals say
    # A level: the central library's followers on 19 November 2025, not a sum of days.
    assert view.year_ago["wechat_followers"] == level_on(history, "wechat_followers", AS_OF_LY)

    text = texts(await box.feed(box.updates.command(LI, "/progress")))
    visitors = text.split("到馆人次")[1].split("\n\n")[0]
    ytd_now, ytd_then = ytd(history, "visitors"), same_period_last_year(history, "visitors")
    assert f"同比 {change(ytd_now, ytd_then)}（去年同期 " in visitors
    ranking = texts(await box.feed(box.updates.command(LI, "/progress 到馆")))
    assert f"同比 {change(ytd_now, ytd_then)}（去年同期 {ytd_then:,}）" in ranking  # to the unit
    english = texts(await box.feed(box.updates.command(EMMA, "/progress")))
    jiaolou = same_period_last_year(history, "visitors", {"jiaolou"})
    assert f"vs last year {change(ytd(history, 'visitors', {'jiaolou'}), jiaolou)}" in english

    staff = await box.services.people.person(WANG.id)
    assert staff is not None
    own = await box.services.progress.overview(staff)  # one branch: one range total
    assert own.year_ago["visitors"] == jiaolou
    assert "wechat_followers" not in own.year_ago  # 角楼 keeps no followers of its own


async def test_no_same_period_when_last_years_records_begin_midway(
    tmp_path: Path, org: Organisation, clock: ManualClock
) -> None:
    """Figures from 1 June 2025 only: this year to date against five months is no 同比.
    A level on the day stands on its own, so the followers still compare."""
    clock.set(EVENING)
    box = await Sandbox.start(org, tmp_path / "june.sqlite3", clock)
    try:
        history = list(generate(org, dt.date(2025, 6, 1), AS_OF))
        await box.services.storage.reports.import_figures(history, 0, clock.now())
        text = texts(await box.feed(box.updates.command(LI, "/progress")))
        manager = await box.services.people.person(LI.id)
        assert manager is not None
        view = await box.services.progress.overview(manager)
    finally:
        await box.stop()
    assert same_period_last_year(history, "visitors") > 0  # last year has figures, but late
    assert list(view.year_ago) == ["wechat_followers"]
    assert text.count("同比") == 1 and "去年同期 " in text.split("微信公众号关注量")[1]


async def test_no_same_period_without_last_years_figures(
    tmp_path: Path, org: Organisation, clock: ManualClock
) -> None:
    clock.set(EVENING)
    box = await Sandbox.start(org, tmp_path / "new.sqlite3", clock)
    try:
        await box.feed(box.updates.message(WANG, "到馆 1000 外借 300"))
        text = texts(await box.feed(box.updates.command(LI, "/progress")))
        ranking = texts(await box.feed(box.updates.command(LI, "/progress 到馆")))
    finally:
        await box.stop()
    assert "到馆人次" in text and "同比" not in text  # no fake 0
    assert "1,000" in ranking and "同比" not in ranking


async def test_on_the_29th_of_february_last_year_runs_to_the_28th(
    tmp_path: Path, org: Organisation, clock: ManualClock
) -> None:
    leap = dt.datetime(2028, 2, 29, 19, 0, tzinfo=TZ)
    clock.set(leap)
    box = await Sandbox.start(org, tmp_path / "leap.sqlite3", clock)
    try:
        history = list(generate(org, dt.date(2027, 1, 1), leap.date()))
        await box.services.storage.reports.import_figures(history, 0, clock.now())
        manager = await box.services.people.person(LI.id)
        assert manager is not None
        view = await box.services.progress.overview(manager)
        text = texts(await box.feed(box.updates.command(LI, "/progress 到馆")))
    finally:
        await box.stop()
    assert view.day == leap.date()
    then = sum(
        v for b, d, m, v in history if m == "visitors" and dt.date(2027, 1, 1) <= d <= LY_28_FEB
    )
    march = sum(v for b, d, m, v in history if m == "visitors" and d == dt.date(2027, 3, 1))
    assert march > 0 and view.year_ago["visitors"] == then  # 1 March 2027 is not counted
    now = sum(v for b, d, m, v in history if m == "visitors" and d.year == 2028)
    assert f"同比 {change(now, then)}（去年同期 {then:,}）" in text


async def test_a_target_with_no_figures_yet_shows_the_system_against_it(
    stored_history: tuple[Path, History], db_path: Path, clock: ManualClock
) -> None:
    """The plan says 9万 阅览册次; no branch has an allocation or a figure of it yet."""
    from bot.core.org import parse_org
    from bot.offline.sample import sample_org_text

    text = sample_org_text().replace("[targets.2026]\n", "[targets.2026]\nreading_room = 90000\n")
    org = parse_org(text)
    shutil.copy(stored_history[0], db_path)
    clock.set(EVENING)
    box = await Sandbox.start(org, db_path, clock)
    try:
        answer = texts(await box.feed(box.updates.command(LI, "/progress 阅览")))
    finally:
        await box.stop()
    assert "<b>合计</b> 0 / 90,000 · 0.0%" in answer
    assert "应达 " in answer and "落后 " in answer  # the pace: behind it, all of it
    assert f"每天需 {-(-90000 // 42):,}" in answer  # 42 days left: 2,143 a day
    assert "按目前速度" not in answer  # no projection from nothing
    assert "还没有分馆有这项数据或目标" in answer


async def test_a_few_branches_are_listed_whole_with_no_attachment(
    box: Sandbox, clock: ManualClock
) -> None:
    clock.set(EVENING)
    calls = await box.feed(box.updates.command(LI, "/progress 到馆"))
    assert [c.method for c in calls] == ["sendMessage"]
    assert "吉祥社区服务点" in calls[0].params["text"]  # the last of 7, listed
