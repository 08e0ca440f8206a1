"""Time as a dependency: the real clock for running, a hand-moved one for tests and the demo."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Protocol


class Clock(Protocol):
    """Tells the current time as an aware datetime."""

    def now(self) -> dt.datetime: ...


class SystemClock:
    """The machine's clock, in UTC."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class ManualClock:
    """A clock that moves only when told to."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start

    def now(self) -> dt.datetime:
        return self._now

    def set(self, moment: dt.datetime) -> None:
        """Jump to ``moment``."""
        self._now = moment

    def advance(self, **delta: float) -> None:
        """Move forward by ``timedelta(**delta)``."""
        self._now += dt.timedelta(**delta)


class VirtualTime:
    """Monotonic seconds that move only when a task sleeps, so timed code runs at once.

    ``sleep(seconds)`` yields to the event loop once, then moves time to
    ``max(now, start + seconds)``, ``start`` being the time the sleep began. Sleeps that
    overlap therefore overlap in virtual time too, as on a real clock: ten tasks that each
    sleep one second together advance time by one second, not ten. Sleepers wake in the order
    they yield, not by deadline, so a short sleep begun beside a long one ends at the later
    time: virtual time may overstate a wait, never understate it. Nothing ever really sleeps.
    """

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def monotonic(self) -> float:
        """The current virtual time in seconds."""
        return self._now

    async def sleep(self, seconds: float) -> None:
        """Let other tasks run, then move time to at least ``seconds`` after this call."""
        start = self._now
        await asyncio.sleep(0)
        self._now = max(self._now, start + seconds)


class OrgClock:
    """The organisation's time: the one place that knows what "today" means there."""

    def __init__(self, clock: Clock, tz: dt.tzinfo) -> None:
        self._clock = clock
        self.tz = tz

    def now(self) -> dt.datetime:
        """The current moment (aware; stored as such)."""
        return self._clock.now()

    def local(self) -> dt.datetime:
        """The current moment on the organisation's wall clock."""
        return self._clock.now().astimezone(self.tz)

    def today(self) -> dt.date:
        """Today in the organisation's time zone."""
        return self.local().date()

    def due_through(self, report_due: dt.time) -> dt.date:
        """The last day whose figures are due by now: today once ``report_due`` has passed
        on the organisation's clock, yesterday before (what /progress and the workbook's
        数据截至 count to)."""
        now = self.local()
        return now.date() if now.time() >= report_due else now.date() - dt.timedelta(1)
