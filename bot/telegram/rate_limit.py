"""A PTB rate limiter that keeps the bot inside Telegram's flood limits.

Only calls that post a message into a chat are limited: endpoints whose name starts with
``send`` (``sendChatAction`` included, to keep the rule simple) and ``copyMessage(s)`` /
``forwardMessage(s)``. For those:

* overall, at most ``overall_per_second`` sends in any second, their starts spread evenly;
* a private chat (``chat_id > 0``) gets one send per ``private_interval`` seconds;
* a group or channel (``chat_id < 0`` or an ``@username``) gets ``group_per_minute`` a minute.

A send counts in its windows from the moment it completes, and occupies its slot while in
flight, so a server counting at any instant between start and end never sees too many. Each
chat sends one message at a time, in order; chats wait for their own limits independently.

Every other call goes straight through. A 429 (``RetryAfter``) from any call pauses all calls
for ``retry_after`` seconds and then retries the same call, up to ``max_retries`` times.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)

JSONDict = dict[str, Any]
Result = bool | JSONDict | list[JSONDict]
Callback = Callable[..., Coroutine[Any, Any, Result]]

COPY_OR_FORWARD = frozenset({"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"})
_SLACK = 1e-6  # added to every wait, so float rounding never wakes a hair too early
_SWEEP_EVERY = 1.0  # seconds between sweeps of idle chats


def is_limited(endpoint: str) -> bool:
    """Whether ``endpoint`` posts a message into a chat, and so counts against the limits."""
    return endpoint.startswith("send") or endpoint in COPY_OR_FORWARD


class _Window:
    """At most ``limit`` sends per ``seconds``, each counted from its completion."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self.in_flight = 0
        self.completions: deque[float] = deque(maxlen=limit)

    def delay(self, now: float) -> float:
        """Seconds until one more send may start; ``inf`` while every slot is in flight."""
        free_slots = self.limit - self.in_flight
        if free_slots <= 0:
            return float("inf")
        if len(self.completions) < free_slots:
            return 0.0
        return self.seconds - (now - self.completions[-free_slots])

    def idle(self, now: float) -> bool:
        """Whether the window holds nothing that could still delay a send."""
        return self.in_flight == 0 and (
            not self.completions or now - self.completions[-1] >= self.seconds
        )


@dataclass(slots=True)
class _Chat:
    """One chat's window and the lock that sends its messages one at a time."""

    window: _Window
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0  # tasks sending or queued to send


class TelegramRateLimiter(BaseRateLimiter[int]):
    """Throttles sends to Telegram's limits and retries after a 429 (see the module docstring).

    ``rate_limit_args``, if given to a bot method, overrides ``max_retries`` for that call.
    Time comes only from ``clock`` and ``sleep``, so tests can pass virtual ones.
    """

    def __init__(
        self,
        *,
        overall_per_second: int = 30,
        private_interval: float = 1.0,
        group_per_minute: int = 20,
        max_retries: int = 5,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._private_interval = private_interval
        self._group_per_minute = group_per_minute
        self._max_retries = max_retries
        self._clock = clock
        self._sleep = sleep
        self._overall = _Window(overall_per_second, 1.0)
        self._start_gap = 1.0 / overall_per_second
        self._next_start = float("-inf")
        self._paused_until = float("-inf")
        self._chats: dict[int | str, _Chat] = {}
        self._next_sweep = float("-inf")
        self._completed = asyncio.Event()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Forget all chats."""
        self._chats.clear()

    @property
    def tracked_chats(self) -> int:
        """How many chats' recent sends are still remembered."""
        return len(self._chats)

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Run ``callback`` when the limits allow it, retrying after each 429."""
        max_retries = self._max_retries if rate_limit_args is None else rate_limit_args
        if not is_limited(endpoint):
            attempt = partial(self._unlimited, callback, args, kwargs)
            return await self._with_retries(attempt, endpoint, max_retries)
        key = _chat_key(data.get("chat_id"))
        if key is None:
            attempt = partial(self._send, callback, args, kwargs, (self._overall,))
            return await self._with_retries(attempt, endpoint, max_retries)
        chat = self._chat(key)
        attempt = partial(self._send, callback, args, kwargs, (self._overall, chat.window))
        chat.users += 1
        try:
            async with chat.lock:
                return await self._with_retries(attempt, endpoint, max_retries)
        finally:
            chat.users -= 1

    async def _with_retries(
        self, attempt: Callable[[], Awaitable[Result]], endpoint: str, max_retries: int
    ) -> Result:
        retries = 0
        while True:
            try:
                return await attempt()
            except RetryAfter as exc:
                if retries == max_retries:
                    logger.warning("429 on %s after %d retries; giving up", endpoint, retries)
                    raise
                retries += 1
                seconds = _seconds(exc)
                logger.warning("429 on %s; pausing all calls for %.1f s", endpoint, seconds)
                self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def _unlimited(self, callback: Callback, args: Any, kwargs: dict[str, Any]) -> Result:
        while (left := self._paused_until - self._clock()) > 0:
            await self._sleep(left + _SLACK)
        return await callback(*args, **kwargs)

    async def _send(
        self, callback: Callback, args: Any, kwargs: dict[str, Any], windows: tuple[_Window, ...]
    ) -> Result:
        await self._wait_turn(windows)
        for window in windows:
            window.in_flight += 1
        try:
            return await callback(*args, **kwargs)
        finally:
            now = self._clock()
            for window in windows:
                window.in_flight -= 1
                window.completions.append(now)
            self._completed.set()
            self._completed = asyncio.Event()
            self._sweep(now)

    async def _wait_turn(self, windows: tuple[_Window, ...]) -> None:
        """Wait until no pause or window holds the send back and its paced start has come."""
        while True:
            await self._wait_until_clear(windows)
            now = self._clock()
            start = max(now, self._next_start)
            self._next_start = start + self._start_gap
            if start <= now:
                return
            await self._sleep(start - now + _SLACK)
            delay = self._delay(windows)
            if 0 < delay < self._start_gap:  # the window frees within this slot: keep it
                await self._sleep(delay + _SLACK)
                delay = self._delay(windows)
            if delay <= 0:
                return

    async def _wait_until_clear(self, windows: tuple[_Window, ...]) -> None:
        while (delay := self._delay(windows)) > 0:
            if delay == float("inf"):
                await self._completed.wait()
            else:
                await self._sleep(delay + _SLACK)

    def _delay(self, windows: tuple[_Window, ...]) -> float:
        now = self._clock()
        return max(self._paused_until - now, *(window.delay(now) for window in windows))

    def _chat(self, key: int | str) -> _Chat:
        chat = self._chats.get(key)
        if chat is None:
            if isinstance(key, int) and key > 0:
                window = _Window(1, self._private_interval)
            else:
                window = _Window(self._group_per_minute, 60.0)
            chat = self._chats[key] = _Chat(window)
        return chat

    def _sweep(self, now: float) -> None:
        """Drop chats idle for longer than their window: a fresh state would behave the same."""
        if now < self._next_sweep:
            return
        self._next_sweep = now + _SWEEP_EVERY
        for key, chat in list(self._chats.items()):
            if chat.users == 0 and chat.window.idle(now):
                del self._chats[key]


def _chat_key(chat_id: object) -> int | str | None:
    """The chat a call goes to: an int id, an ``@username`` (a group or channel), or None."""
    if chat_id is None or isinstance(chat_id, int):
        return chat_id
    text = str(chat_id)
    return int(text) if text.lstrip("-").isdigit() else text


def _seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds, whether PTB gives it as an int or a timedelta."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
