"""The real ``libbot run`` under stress over HTTP: killed at random moments, stopped mid-
burst, starved by 502s, flooded by one chat, given update ids that start again. Every
report sent is stored once with its value and confirmed (perhaps late, perhaps twice)."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.botapi_http import BotAPIServer
from tests.e2e.run_process import FIRST_STAFF, TOKEN, Libbot, burst, generated_org, message

STAFF = 100
OUTSIDER = 777


@pytest.fixture
def api() -> Iterator[BotAPIServer]:
    with BotAPIServer(TOKEN) as server:
        yield server


@pytest.fixture
def libbot(tmp_path: Path, api: BotAPIServer) -> Iterator[Libbot]:
    bot = Libbot(tmp_path, api, generated_org(STAFF))
    yield bot
    bot.close()


def polls_since(api: BotAPIServer, calls_before: int) -> bool:
    return "getUpdates" in api.methods[calls_before:]


def confirmed(api: BotAPIServer, reports: list[tuple[Any, int, int]]) -> dict[int, int]:
    """How many confirmations each report's value got."""
    with api.lock:
        sent = [(s.chat_id, s.text) for s in api.sent]
    counts = {value: 0 for _, _, value in reports}
    users = {value: user for _, user, value in reports}
    for chat_id, text in sent:
        for value in counts:
            if users[value] == chat_id and f"<b>{value}</b>" in text:
                counts[value] += 1
    return counts


def all_confirmed(reports: list[tuple[Any, int, int]]) -> Any:
    return lambda api: all(confirmed(api, reports).values())


def assert_stored_once(libbot: Libbot, reports: list[tuple[Any, int, int]]) -> None:
    """Every report stored once with its value, nothing left in the inbox, file intact."""
    stored = libbot.rows("SELECT branch, day, value FROM figures WHERE metric = 'visitors'")
    values = sorted(value for _, _, value in stored)
    assert values == sorted(value for _, _, value in reports)
    assert libbot.rows("SELECT COUNT(*) FROM reports") == [(len(reports),)]
    assert libbot.rows("SELECT COUNT(*) FROM figure_history") == [(len(reports),)]
    assert libbot.rows("SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL") == [(0,)]
    assert libbot.rows("PRAGMA integrity_check") == [("ok",)]


def test_sigkill_at_random_moments_of_a_burst_loses_no_report(
    api: BotAPIServer, libbot: Libbot
) -> None:
    reports = burst(500, STAFF)
    api.queue(*(update for update, _, _ in reports))
    rng = random.Random(11)
    kills = 10
    for _ in range(kills):
        before = len(api.methods)
        libbot.start()
        assert api.wait_for(lambda a, n=before: polls_since(a, n), 30), libbot.output
        time.sleep(rng.uniform(0.0, 1.2))  # a kill while fetching, storing or confirming
        libbot.kill()
    libbot.start()
    assert api.wait_for(all_confirmed(reports), 90), libbot.output[-3000:]
    assert libbot.stop() == 0
    assert_stored_once(libbot, reports)
    counts = confirmed(api, reports)
    twice = sum(1 for n in counts.values() if n > 1)
    print(f"{kills} kills: {len(reports)} stored once, all confirmed, {twice} confirmed twice")
    assert twice <= 2 * kills  # only what was in flight at a kill may be sent again


def test_sigterm_mid_burst_stops_within_docker_s_grace_and_loses_nothing(
    api: BotAPIServer, libbot: Libbot
) -> None:
    reports = burst(100, STAFF)
    libbot.start()
    assert api.wait_for(lambda a: polls_since(a, 0), 30)
    api.queue(*(update for update, _, _ in reports))
    assert api.wait_for(lambda a: len(a.sent) >= 30, 30)
    started = time.monotonic()
    assert libbot.stop(timeout=10) == 0  # docker stop's SIGKILL comes after 10 s
    assert time.monotonic() - started < 10
    assert "libbot stopped" in libbot.output
    libbot.start()
    assert api.wait_for(all_confirmed(reports), 60)
    assert libbot.stop() == 0
    assert_stored_once(libbot, reports)
    assert max(confirmed(api, reports).values()) == 1  # a clean stop sends nothing twice


def test_reports_during_a_run_of_502s_are_all_stored_and_confirmed_afterwards(
    api: BotAPIServer, libbot: Libbot
) -> None:
    reports = burst(100, STAFF)
    libbot.start()
    assert api.wait_for(lambda a: polls_since(a, 0), 30)
    api.fail_for(4.0, "sendMessage")  # every confirmation fails for a while
    api.queue(*(update for update, _, _ in reports))
    time.sleep(1.0)
    api.fail_for(3.0)  # then everything, getUpdates too
    assert api.wait_for(all_confirmed(reports), 60), libbot.output[-3000:]
    assert libbot.stop() == 0
    assert_stored_once(libbot, reports)
    assert "Traceback" not in libbot.output


def test_a_flood_from_one_chat_does_not_hold_up_another_persons_confirmation(
    api: BotAPIServer, libbot: Libbot
) -> None:
    libbot.start()
    assert api.wait_for(lambda a: polls_since(a, 0), 30)
    flood = [message(n, OUTSIDER, n, f"到馆 {n}") for n in range(1, 201)]
    forward = [message(300 + n, FIRST_STAFF + 1, n, f"到馆 {n}") for n in range(1, 201)]
    api.queue(*flood, *forward)
    time.sleep(0.5)
    [(update, user, value)] = burst(1, 1, first_id=1000)
    sent_at = time.monotonic()
    api.queue(update)
    assert api.wait_for(lambda a: any(f"<b>{value}</b>" in t for t in a.texts(user)), 10)
    waited = time.monotonic() - sent_at
    assert libbot.stop() == 0
    assert waited < 2.5, f"{waited:.1f} s for a confirmation behind a flood"
    assert len(api.texts(OUTSIDER)) == 1  # the how-to-join answer, once a minute at most


def test_after_update_ids_start_again_every_new_message_is_handled(
    api: BotAPIServer, libbot: Libbot
) -> None:
    before = burst(20, STAFF, first_id=500)
    api.queue(*(update for update, _, _ in before))
    libbot.start()
    assert api.wait_for(all_confirmed(before), 30)
    assert libbot.stop() == 0
    # A quiet week: Telegram picks the next update id at random, here the ones used before.
    after = [
        (
            message(500 + n, user, 100 + n, f"{u['message']['text'][:10]} 到馆 {900 + n}"),
            user,
            900 + n,
        )
        for n, (u, user, _) in enumerate(before)
    ]
    api.queue(*(update for update, _, _ in after))
    libbot.start()
    assert api.wait_for(all_confirmed(after), 30), libbot.output[-2000:]
    assert libbot.stop() == 0
    stored = dict(libbot.rows("SELECT branch || day, value FROM figures"))
    assert sorted(stored.values()) == sorted(value for _, _, value in after)  # each replaced
    assert libbot.rows("SELECT COUNT(*) FROM reports") == [(40,)]
