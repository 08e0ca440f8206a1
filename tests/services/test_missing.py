"""MissingService: which open branches have not reported on a day, and who reports for them."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.clock import OrgClock
from bot.core.org import Organisation
from bot.services.missing import MissingService
from bot.services.people import PeopleService
from storage import Storage
from storage.models import ReportWrite
from tests.services.conftest import THURSDAY


@pytest.fixture
async def missing(storage: Storage, org: Organisation, clock: OrgClock) -> MissingService:
    people = PeopleService(storage.people, org, clock)
    await people.sync_from_org()
    return MissingService(storage.totals, org, clock, people)


async def report(
    storage: Storage, clock: OrgClock, branch: str, day: dt.date, *, closed: bool = False
) -> None:
    figures = {} if closed else {"visitors": 120}
    write = ReportWrite(1001, 1001, day.toordinal(), 1, branch, day, figures, closed, clock.now())
    assert (await storage.reports.record_report(write)).status == "recorded"


async def test_nobody_reported_yet(missing: MissingService) -> None:
    seen = await missing.attendance(THURSDAY)
    assert [b.code for b in seen.closed] == ["main"]  # closed on Thursdays
    assert [b.code for b in seen.open] == ["jiaolou", "jingshan"]
    assert [b.code for b in seen.missing] == ["jiaolou", "jingshan"]


async def test_a_report_takes_its_branch_off_the_list(
    missing: MissingService, storage: Storage, clock: OrgClock
) -> None:
    await report(storage, clock, "jiaolou", THURSDAY)
    await report(storage, clock, "jingshan", THURSDAY - dt.timedelta(days=1))  # another day
    missing = await missing.missing()
    assert missing.day == THURSDAY and missing.open_branches == 2
    assert missing.missing == [("景山图书馆", ["李强"])]
    assert missing.closed == ["总馆"]


async def test_a_closure_notice_closes_the_branch_for_the_day(
    missing: MissingService, storage: Storage, clock: OrgClock
) -> None:
    await report(storage, clock, "jingshan", THURSDAY, closed=True)
    seen = await missing.attendance(THURSDAY)
    assert [b.code for b in seen.closed] == ["main", "jingshan"]
    assert [b.code for b in seen.missing] == ["jiaolou"]
    friday = await missing.attendance(THURSDAY + dt.timedelta(days=1))
    assert [b.code for b in friday.missing] == ["main", "jiaolou", "jingshan"]
