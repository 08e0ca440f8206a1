"""TelegramRateLimiter in a real ExtBot against the limit-enforcing stand-in, on virtual time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import ExtBot

from bot.core.clock import VirtualTime
from bot.offline.standin import BotAPIStandin
from bot.telegram.rate_limit import TelegramRateLimiter, is_limited

TOKEN = "123:ABC"
WANG, LI, ZHAO = 101, 1002, 1003
GROUP = -4_000_001
FLOOR_300 = 299 / 30  # 300 sends at 30/s: the last starts 299 gaps after the first


class TimedStandin(BotAPIStandin):
    """The stand-in on virtual time, noting when each call arrived and how long it was out.

    ``latency`` is the round trip: a call reaches the stand-in half of it after being sent.
    """

    def __init__(self, vt: VirtualTime, latency: float = 0.0) -> None:
        super().__init__(enforce_limits=True, clock=vt.monotonic)
        self.vt = vt
        self.latency = latency
        self.arrived: list[float] = []
        self.spans: dict[int, tuple[float, float]] = {}  # call index -> (sent, answered)

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
        sent = self.clock()
        if self.latency:
            await self.vt.sleep(self.latency / 2)
        self.arrived.append(self.clock())
        answer = await super().do_request(url, method, *args, **kwargs)
        index = len(self.calls) - 1
        if self.latency:
            await self.vt.sleep(self.latency / 2)
        self.spans[index] = (sent, self.clock())
        return answer

    def times(self, chat_id: int | None = None, method: str = "sendMessage") -> list[float]:
        """Arrival times of successful ``method`` calls, optionally to one chat."""
        return [
            at
            for call, at in zip(self.calls, self.arrived, strict=True)
            if call.ok and call.method == method and (chat_id is None or call.chat_id == chat_id)
        ]

    def attempts(self, chat_id: int) -> int:
        """Calls of any outcome to ``chat_id``."""
        return sum(call.chat_id == chat_id for call in self.calls)

    def most_in_flight(self, chat_id: int | None = None) -> int:
        """The most calls (to ``chat_id``, or to any chat) that were out at the same time."""
        events = sorted(
            (at, step)
            for index, (sent, answered) in self.spans.items()
            if chat_id is None or self.calls[index].chat_id == chat_id
            for at, step in ((sent, 1), (answered, -1))
        )  # at equal times an answer (-1) sorts before a send (+1)
        out = most = 0
        for _, step in events:
            out += step
            most = max(most, out)
        return most


@pytest.fixture
def vt() -> VirtualTime:
    return VirtualTime(start=100.0)


@pytest.fixture
def standin(vt: VirtualTime) -> TimedStandin:
    return TimedStandin(vt)


@pytest.fixture
def limiter(vt: VirtualTime) -> TelegramRateLimiter:
    return TelegramRateLimiter(clock=vt.monotonic, sleep=vt.sleep)


@pytest.fixture
async def bot(standin: TimedStandin, limiter: TelegramRateLimiter) -> AsyncIterator[ExtBot[int]]:
    bot: ExtBot[int] = ExtBot(
        TOKEN, request=standin, get_updates_request=standin, rate_limiter=limiter
    )
    async with bot:
        standin.clear()  # forget getMe
        standin.arrived.clear()
        yield bot


async def test_300_private_chats_at_30_per_second(
    bot: ExtBot[int], standin: TimedStandin, vt: VirtualTime
) -> None:
    start = vt.monotonic()

    await asyncio.gather(*(bot.send_message(user, "reminder") for user in range(1, 301)))

    assert len(standin.sent_messages()) == 300
    assert standin.throttled == 0
    assert FLOOR_300 <= vt.monotonic() - start <= 1.2 * FLOOR_300


async def test_group_gets_20_a_minute(
    bot: ExtBot[int], standin: TimedStandin, vt: VirtualTime
) -> None:
    await asyncio.gather(*(bot.send_message(GROUP, f"line {i}") for i in range(25)))

    assert standin.throttled == 0
    assert standin.texts(GROUP) == [f"line {i}" for i in range(25)]
    times = standin.times(GROUP)
    assert times[19] - times[0] < 1
    assert times[20] - times[0] >= 60


async def test_private_chat_one_a_second_in_order(bot: ExtBot[int], standin: TimedStandin) -> None:
    await asyncio.gather(*(bot.send_message(WANG, text) for text in ("一", "二", "三")))

    assert standin.texts(WANG) == ["一", "二", "三"]
    first, second, third = standin.times(WANG)
    assert second - first >= 1 and third - second >= 1
    assert third - first < 2.1
    assert standin.throttled == 0


async def test_429_pauses_and_retries(
    bot: ExtBot[int], standin: TimedStandin, vt: VirtualTime, caplog: pytest.LogCaptureFixture
) -> None:
    standin.fail(WANG, "429", times=2, retry_after=3)
    start = vt.monotonic()

    with caplog.at_level(logging.WARNING, logger="bot.telegram.rate_limit"):
        await asyncio.gather(
            bot.send_message(WANG, "秘密 report"),
            bot.send_message(LI, "a"),
            bot.send_message(GROUP, "b"),
        )

    assert standin.attempts(WANG) == 3
    assert standin.texts(WANG) == ["秘密 report"]
    (delivered,) = standin.times(WANG)
    assert delivered - start >= 6
    assert standin.texts(LI) == ["a"] and standin.texts(GROUP) == ["b"]
    assert [r.levelname for r in caplog.records] == ["WARNING", "WARNING"]
    assert "429" in caplog.text
    assert "秘密" not in caplog.text and TOKEN not in caplog.text


async def test_429_beyond_max_retries_raises(bot: ExtBot[int], standin: TimedStandin) -> None:
    standin.fail(WANG, "429", times=6, retry_after=1)

    with pytest.raises(RetryAfter):
        await bot.send_message(WANG, "report")

    assert standin.attempts(WANG) == 6  # the first try and five retries
    await bot.send_message(WANG, "report")
    assert standin.texts(WANG) == ["report"]


async def test_rate_limit_args_override_max_retries(
    bot: ExtBot[int], standin: TimedStandin
) -> None:
    standin.fail(WANG, "429", times=2, retry_after=1)

    with pytest.raises(RetryAfter):
        await bot.send_message(WANG, "report", rate_limit_args=1)

    assert standin.attempts(WANG) == 2


@pytest.mark.parametrize(("kind", "error"), [("403", Forbidden), ("400", BadRequest)])
async def test_other_errors_propagate_after_one_attempt(
    bot: ExtBot[int], standin: TimedStandin, kind: str, error: type[Exception]
) -> None:
    standin.fail(WANG, kind)

    results = await asyncio.gather(
        bot.send_message(WANG, "reminder"),
        bot.send_message(LI, "reminder"),
        bot.send_message(GROUP, "digest"),
        return_exceptions=True,
    )

    assert isinstance(results[0], error)
    assert standin.attempts(WANG) == 1
    assert [call.chat_id for call in standin.sent_messages()] == [LI, GROUP]


async def test_busy_chat_delays_neither_other_calls_nor_other_chats(
    bot: ExtBot[int], standin: TimedStandin, vt: VirtualTime
) -> None:
    start = vt.monotonic()
    group_sends = [asyncio.create_task(bot.send_message(GROUP, "x")) for _ in range(21)]
    await asyncio.sleep(0)

    me = await bot.get_me()
    await bot.answer_callback_query("7", "ok")
    await bot.send_message(ZHAO, "hi")
    await asyncio.gather(*group_sends)

    assert me.username == standin.username
    assert standin.times(method="getMe")[0] - start < 1
    assert standin.times(method="answerCallbackQuery")[0] - start < 1
    assert standin.times(ZHAO)[0] - start < 1
    assert standin.times(GROUP)[-1] - start >= 60


async def test_idle_chats_are_forgotten(
    bot: ExtBot[int], limiter: TelegramRateLimiter, vt: VirtualTime
) -> None:
    await asyncio.gather(*(bot.send_message(user, "reminder") for user in range(1, 301)))
    await bot.send_message(GROUP, "digest")
    assert limiter.tracked_chats <= 32  # at most the last second's chats and the group

    await vt.sleep(61)
    await bot.send_message(WANG, "later")

    assert limiter.tracked_chats == 1


@pytest.mark.parametrize(
    ("endpoint", "limited"),
    [
        ("sendMessage", True),
        ("sendPhoto", True),
        ("copyMessage", True),
        ("forwardMessages", True),
        ("getMe", False),
        ("answerCallbackQuery", False),
        ("editMessageText", False),
        ("setMyCommands", False),
    ],
)
def test_only_posting_endpoints_are_limited(endpoint: str, limited: bool) -> None:
    assert is_limited(endpoint) is limited


async def test_virtual_sleepers_overlap_instead_of_adding_up() -> None:
    vt = VirtualTime()

    await asyncio.gather(*(vt.sleep(1) for _ in range(10)), vt.sleep(5))
    assert vt.monotonic() == 5

    await vt.sleep(1)
    await vt.sleep(2)
    assert vt.monotonic() == 8


async def test_network_latency_keeps_limits_and_one_send_per_chat(vt: VirtualTime) -> None:
    standin = TimedStandin(vt, latency=0.4)
    limiter = TelegramRateLimiter(clock=vt.monotonic, sleep=vt.sleep)
    async with ExtBot(TOKEN, request=standin, rate_limiter=limiter) as bot:
        standin.clear()
        standin.arrived.clear()
        standin.spans.clear()
        await asyncio.gather(
            *(bot.send_message(user, "reminder") for user in range(1, 121)),
            *(bot.send_message(GROUP, f"line {i}") for i in range(25)),
            *(bot.send_message(WANG, f"note {i}") for i in range(3)),
        )

    assert standin.throttled == 0
    assert len(standin.sent_messages()) == 120 + 25 + 3
    assert standin.texts(GROUP) == [f"line {i}" for i in range(25)]
    assert standin.texts(WANG) == ["reminder", "note 0", "note 1", "note 2"]
    assert standin.most_in_flight(GROUP) == 1
    assert standin.most_in_flight(WANG) == 1
    assert 1 < standin.most_in_flight() <= 30


async def test_username_is_a_group_and_numeric_strings_are_ids(
    limiter: TelegramRateLimiter, vt: VirtualTime
) -> None:
    arrived: dict[str, list[float]] = {"@news": [], "private": []}

    async def post(key: str) -> bool:
        arrived[key].append(vt.monotonic())
        return True

    async def send(chat_id: int | str, key: str) -> object:
        data = {"chat_id": chat_id}
        return await limiter.process_request(post, (key,), {}, "sendMessage", data, None)

    await asyncio.gather(*(send("@news", "@news") for _ in range(21)))
    await asyncio.gather(send(WANG, "private"), send("101", "private"))

    assert arrived["@news"][20] - arrived["@news"][0] >= 60
    assert arrived["@news"][19] - arrived["@news"][0] < 1
    first, second = arrived["private"]
    assert second - first >= 1  # "101" is WANG (101) again, so it waits its turn
