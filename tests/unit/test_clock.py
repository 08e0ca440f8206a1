"""bot.core.clock: the organisation's today is its own wall clock's, not UTC's."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import ManualClock, OrgClock, VirtualTime

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_today_follows_the_organisations_time_zone() -> None:
    manual = ManualClock(dt.datetime(2026, 11, 30, 15, 59, tzinfo=dt.UTC))
    clock = OrgClock(manual, SHANGHAI)
    assert clock.today() == dt.date(2026, 11, 30)  # 23:59 in Shanghai
    manual.advance(minutes=1)
    assert clock.today() == dt.date(2026, 12, 1)  # midnight there, still the 30th in UTC
    assert clock.now().date() == dt.date(2026, 11, 30)
    assert clock.local().hour == 0 and clock.local().tzinfo == SHANGHAI


def test_a_manual_clock_needs_an_aware_start() -> None:
    with pytest.raises(ValueError, match="aware"):
        ManualClock(dt.datetime(2026, 11, 30, 12, 0))


async def test_virtual_time_moves_only_when_slept_and_overlapping_sleeps_overlap() -> None:
    time = VirtualTime()
    await asyncio.gather(time.sleep(1.0), time.sleep(1.0), time.sleep(0.5))
    assert time.monotonic() == pytest.approx(1.0)
    await time.sleep(2.0)
    assert time.monotonic() == pytest.approx(3.0)
