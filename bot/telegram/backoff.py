"""Waiting longer after each failure in a row: for polling, start-up and answers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, RetryAfter

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Backoff:
    """``first`` seconds after the first failure, doubling up to ``most``."""

    first: float = 0.5
    most: float = 30.0

    def delay(self, failures: int) -> float:
        """Seconds to wait after ``failures`` failures in a row (0 after none)."""
        if failures <= 0:
            return 0.0
        return float(min(self.most, self.first * 2.0 ** min(failures - 1, 32)))


STARTUP = Backoff(first=1.0, most=30.0)


async def retrying(
    call: Callable[[], Awaitable[T]],
    what: str,
    backoff: Backoff = STARTUP,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """``call()`` until it gets through: a network error, a timeout, Telegram's 5xx or a
    429 is one log line and another try after a backoff. Any other error is raised."""
    failures = 0
    while True:
        try:
            return await call()
        except (NetworkError, RetryAfter, OSError) as error:
            if isinstance(error, BadRequest):
                raise
            failures += 1
            delay = backoff.delay(failures)
            log.warning("%s failed (%s); trying again in %.0f s", what, error, delay)
            await sleep(delay)
