"""``libbot run`` with its clock set: ``python -m tests.e2e.clocked_libbot 2026-11-19T17:40+08:00``
runs the real command with a clock that starts at that moment and moves on in real time.

Process tests use it for what depends on the time of day (the reminder fan-out): time is
injected where the command wires its parts, everything else is ``libbot run`` as shipped.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time

from bot.cli.run import run_polling
from bot.settings import load_settings


class StartedClock:
    """The time ``start`` was when this clock was made, moving on with the real clock."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("StartedClock needs an aware datetime")
        self._start = start
        self._began = time.monotonic()

    def now(self) -> dt.datetime:
        return self._start + dt.timedelta(seconds=time.monotonic() - self._began)


def main() -> int:
    os.environ.setdefault("PTB_TIMEDELTA", "true")  # as bot.cli.main does
    return run_polling(load_settings(), StartedClock(dt.datetime.fromisoformat(sys.argv[1])))


if __name__ == "__main__":
    sys.exit(main())
