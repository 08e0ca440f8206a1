"""Delivery that holds: forty people reminded once each through a shutdown, a crash, a 429
storm, blocked chats and downtime, inside Telegram's limits, from the real JobQueue jobs.

The organisation is generated: 40 branches with one staff member each (ids 20000 + i) and
one manager with no branch. Time is the ManualClock (the day) and the sandbox's virtual
monotonic time (the rate limiter and the stand-in's limits); nothing sleeps.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.core.clock import ManualClock
from bot.core.org import Organisation, parse_org
from bot.jobs.delivery import PASSES, DeliveryReport
from bot.jobs.digest import DigestPublisher
from bot.jobs.reminders import REPORT, run_due
from bot.offline.sandbox import Sandbox
from bot.offline.standin import RecordedCall
from bot.offline.updates import TgUser
from bot.telegram.schedule import REMINDER_JOB
from tests.e2e.conftest import THURSDAY, TZ, installed_on, rows

STAFF = [TgUser(20000 + i, f"馆员{i:02d}") for i in range(40)]
EVERYONE = {person.id for person in STAFF}
MANAGER = TgUser(19999, "主任")
LEADERSHIP = -1001000000001
RUN_OF_429S = PASSES * (1 + 5)  # every pass of a fan-out: one try and the limiter's 5 retries
FRIDAY, SATURDAY = THURSDAY + dt.timedelta(days=1), THURSDAY + dt.timedelta(days=2)
WEDNESDAY = THURSDAY - dt.timedelta(days=1)


def org_text(*, deadline_for: list[str] | None = None) -> str:
    """An organisation file: 40 branches, one reporter each, a manager for them all; with
    ``deadline_for``, a deadline those branches owe today."""
    parts = [
        f'[org]\nname = "测试区图书馆"\nholidays = ""\nleadership_chat_id = {LEADERSHIP}\n',
        '[schedule]\nreport_due = "18:00"\nreminder_at = "17:30"\nescalate_at = "09:30"\n',
    ]
    parts += [f'[[branches]]\ncode = "b{i:02d}"\nname = "第{i:02d}分馆"\n' for i in range(40)]
    parts += [
        f'[[staff]]\nid = {p.id}\nname = "{p.first_name}"\nbranches = ["b{i:02d}"]\n'
        for i, p in enumerate(STAFF)
    ]
    parts.append(f'[[staff]]\nid = {MANAGER.id}\nname = "{MANAGER.first_name}"\nrole = "manager"\n')
    if deadline_for:
        parts.append(
            f'[[deadlines]]\ntitle = "提交季度报表"\ndue = {THURSDAY}\nremind = [0]\n'
            f"branches = {deadline_for}\n"
        )
    return "\n".join(parts)


@pytest.fixture
def org() -> Organisation:
    return parse_org(org_text())


def at(day: dt.date, hh: int, mm: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), TZ)


async def run_at(box: Sandbox, moment: dt.datetime) -> DeliveryReport:
    """Move the clock and run what is due; what became of the letters, all kinds together."""
    box.clock.set(moment)
    total = DeliveryReport()
    for report in await run_due(box.sender, box.services):
        for name in (f.name for f in dataclasses.fields(DeliveryReport)):
            getattr(total, name).extend(getattr(report, name))
    return total


def delivered(box: Sandbox) -> Counter[int]:
    """Messages each private chat received."""
    return Counter(c.chat_id for c in box.api.sent_messages() if c.chat_id and c.chat_id > 0)


def attempted(calls: list[RecordedCall]) -> set[int | None]:
    """The chats the bot tried to send to, delivered or not."""
    return {c.chat_id for c in calls if c.method == "sendMessage"}


def reminded(calls: list[RecordedCall]) -> set[int | None]:
    """The staff the bot tried to send to (the manager left out)."""
    return attempted(calls) & EVERYONE


def on_each_send(box: Sandbox, hook: Callable[[RecordedCall], None]) -> None:
    """Call ``hook`` right after the stand-in delivers each message, inside the bot's call."""
    request = box.api.do_request

    async def do_request(*args: Any, **kwargs: Any) -> tuple[int, bytes]:
        answer = await request(*args, **kwargs)
        if box.api.calls[-1].message_id is not None:
            hook(box.api.calls[-1])
        return answer

    box.api.do_request = do_request  # type: ignore[method-assign]


def report_log(db_path: Path, day: dt.date = THURSDAY) -> dict[object, object]:
    """The sent-log of the day's report reminder: each person's outcome (None: claimed)."""
    sql = "SELECT user_id, outcome FROM reminder_log WHERE day = ? AND kind = ?"
    return dict(rows(db_path, sql, (day.isoformat(), REPORT)))


# -- a shutdown, a crash -------------------------------------------------------------------


async def test_a_restart_in_the_middle_of_the_fan_out_reminds_each_person_once(
    box: Sandbox, org: Organisation, db_path: Path, clock: ManualClock
) -> None:
    """Shut down after 15 reminders: after the restart the other 25 get theirs, nobody twice."""
    first: list[int] = []

    def shut_down_after_15(call: RecordedCall) -> None:
        first.append(call.chat_id or 0)
        if len(first) == 15:
            fan_out.cancel()

    on_each_send(box, shut_down_after_15)
    clock.set(at(THURSDAY, 17, 30))
    fan_out = asyncio.create_task(run_due(box.sender, box.services))
    with pytest.raises(asyncio.CancelledError):
        await fan_out
    assert len(first) == 15
    await box.stop()

    clock.advance(minutes=1)
    again = await Sandbox.start(org, db_path, clock)
    try:
        report = await run_at(again, clock.now())
        assert set(report.sent) == EVERYONE - set(first)
        assert not report.retry_needed
        report = await run_at(again, at(THURSDAY, 17, 45))  # a retry job later on: nothing owed
        assert report.sent == []
        second = delivered(again)
    finally:
        await again.stop()
    assert Counter(first) + second == Counter(EVERYONE)
    assert report_log(db_path) == dict.fromkeys(EVERYONE, "sent")


async def test_a_stop_in_the_middle_of_the_fan_out_begins_no_further_letter(
    box: Sandbox, org: Organisation, db_path: Path, clock: ManualClock
) -> None:
    """The runner's stop after 15 reminders: the letters already going out finish and are
    logged, no other is begun, and the fan-out ends by itself (nothing to wait out)."""
    first: list[int] = []

    def stop_after_15(call: RecordedCall) -> None:
        first.append(call.chat_id or 0)
        if len(first) == 15:
            box.services.delivery.stop()

    on_each_send(box, stop_after_15)
    report = await run_at(box, at(THURSDAY, 17, 30))
    assert 15 <= len(report.sent) < len(EVERYONE)  # at most those in flight after the 15th
    assert set(report.sent) | set(report.failed) == EVERYONE and report.retry_needed
    assert report_log(db_path) == dict.fromkeys(report.sent, "sent")  # the rest unclaimed
    await box.stop()

    clock.advance(minutes=1)
    again = await Sandbox.start(org, db_path, clock)
    try:
        rest = await run_at(again, clock.now())
        second = delivered(again)
    finally:
        await again.stop()
    assert set(rest.sent) == set(report.failed)
    assert Counter(first) + second == Counter(EVERYONE)  # each once
    assert report_log(db_path) == dict.fromkeys(EVERYONE, "sent")


async def test_a_claim_left_by_a_crash_is_taken_over_once_it_is_stale(
    box: Sandbox, db_path: Path, clock: ManualClock
) -> None:
    """A crash between claim and send: that person is reminded 11 minutes later, once."""
    crashed = STAFF[7].id
    clock.set(at(THURSDAY, 17, 30))
    assert await box.services.storage.reminder_log.claim(crashed, THURSDAY, REPORT, clock.now())
    report = await run_at(box, clock.now())
    assert set(report.sent) == EVERYONE - {crashed}
    assert report.pending == [crashed] and report.retry_needed
    assert crashed not in attempted(box.api.calls)
    clock.advance(minutes=9)
    report = await run_at(box, clock.now())
    assert report.pending == [crashed] and crashed not in attempted(box.api.calls)
    clock.advance(minutes=2)
    report = await run_at(box, clock.now())
    assert report.sent == [crashed] and not report.retry_needed
    assert delivered(box) == Counter(EVERYONE)
    assert report_log(db_path) == dict.fromkeys(EVERYONE, "sent")


# -- 429s ----------------------------------------------------------------------------------


async def test_a_429_storm_is_waited_out_within_the_fan_out(box: Sandbox) -> None:
    """Sixty 429s in a row at 17:30: everyone is still reminded by the 17:30 run."""
    box.api.fail(None, "429", times=60, retry_after=2)
    report = await run_at(box, at(THURSDAY, 17, 30))
    assert set(report.sent) == EVERYONE and not report.retry_needed
    assert delivered(box) == Counter(EVERYONE)


async def test_after_a_429_storm_everyone_is_reminded_once(box: Sandbox) -> None:
    """Sixty 429s in a row: waited out, what the fan-out gave up on goes out with the retry
    five minutes later, each person gets exactly one reminder and nobody a second."""
    box.api.fail(None, "429", times=60, retry_after=2)
    first = await run_at(box, at(THURSDAY, 17, 30))
    refused = [c for c in box.api.calls if c.error and c.error.startswith("Too Many Requests")]
    assert len(refused) == 60  # the storm did happen
    assert sorted(first.sent + first.failed) == sorted(EVERYONE)
    retry = await run_at(box, at(THURSDAY, 17, 35))
    assert sorted(retry.sent) == sorted(first.failed) and not retry.retry_needed
    assert delivered(box) == Counter(EVERYONE)
    assert box.api.throttled == 0  # the bot itself never went over Telegram's limits


async def test_a_chat_still_refused_after_the_retries_is_tried_again_until_the_due_time(
    box: Sandbox, db_path: Path
) -> None:
    """A chat answering 429 past every retry of a run: a later run reminds it once; one
    that still fails is given up at 18:00, not reminded after the figures were due."""
    late, hopeless = STAFF[3].id, STAFF[4].id
    box.api.fail(late, "429", times=RUN_OF_429S, retry_after=1)
    box.api.fail(hopeless, "429", times=1000, retry_after=1)
    report = await run_at(box, at(THURSDAY, 17, 30))
    assert sorted(report.failed) == [late, hopeless] and report.retry_needed
    assert set(report.sent) == EVERYONE - {late, hopeless}
    assert late not in report_log(db_path)  # the claim was given back

    report = await run_at(box, at(THURSDAY, 17, 40))
    assert report.sent == [late] and report.failed == [hopeless]
    assert delivered(box) == Counter(EVERYONE - {hopeless})

    before = len(box.api.calls)
    report = await run_at(box, at(THURSDAY, 18, 5))
    assert box.api.calls[before:] == [] and not report.retry_needed
    assert hopeless not in delivered(box)


# -- people the bot cannot reach -----------------------------------------------------------


async def test_a_blocked_and_an_unknown_chat_are_recorded_and_not_tried_again(
    box: Sandbox, db_path: Path
) -> None:
    """403 and 400 are remembered: the others are reminded, those two are left alone the next
    day, and the one who unblocked the bot and wrote /start is reminded again."""
    blocked, no_chat = STAFF[5], STAFF[6]
    box.api.fail(blocked.id, "403")
    box.api.fail(no_chat.id, "400")
    report = await run_at(box, at(THURSDAY, 17, 30))
    assert sorted(report.unreachable) == [blocked.id, no_chat.id]
    assert not report.retry_needed
    assert delivered(box) == Counter(EVERYONE - {blocked.id, no_chat.id})
    outcomes = report_log(db_path)
    assert outcomes[blocked.id] == "blocked" and outcomes[no_chat.id] == "no_chat"
    assert {u for (u,) in rows(db_path, "SELECT user_id FROM unreachable")} == {
        blocked.id,
        no_chat.id,
    }

    before = len(box.api.calls)
    report = await run_at(box, at(FRIDAY, 17, 30))
    assert reminded(box.api.calls[before:]) == EVERYONE - {blocked.id, no_chat.id}
    assert sorted(report.unreachable) == [blocked.id, no_chat.id]
    [escalation] = box.api.texts(MANAGER.id)  # about Thursday: the manager knows why
    assert f"{blocked.first_name}（机器人联系不到）" in escalation

    box.clock.set(at(SATURDAY, 8, 0))
    await box.feed(box.updates.command(blocked, "start"))
    before = len(box.api.calls)
    await run_at(box, at(SATURDAY, 17, 30))
    assert reminded(box.api.calls[before:]) == EVERYONE - {no_chat.id}
    assert all(call.ok for call in box.api.calls[before:])
    assert rows(db_path, "SELECT user_id FROM unreachable") == [(no_chat.id,)]


# -- pacing --------------------------------------------------------------------------------


async def test_reminders_and_the_digest_go_out_inside_telegrams_limits(
    db_path: Path, clock: ManualClock
) -> None:
    """At 17:30 a deadline reminder to five people, then the report reminder to all 40, while
    the weekly digest is posted: no 429 from Telegram, and the five do not get their two
    messages within a second."""
    owing = STAFF[:5]
    org = parse_org(org_text(deadline_for=[f"b{i:02d}" for i in range(len(owing))]))
    clock.set(at(THURSDAY, 17, 30))
    await installed_on(db_path, THURSDAY - dt.timedelta(days=14))  # last week's digest is due
    box = await Sandbox.start(org, db_path, clock)
    try:
        box.api.clear()
        times: dict[int, list[float]] = {}
        on_each_send(
            box, lambda c: times.setdefault(c.chat_id or 0, []).append(box.pace.monotonic())
        )
        reports, digest = await asyncio.gather(
            run_due(box.sender, box.services),
            DigestPublisher(box.services, box.sender).publish_due(),
        )
        # the escalation (Wednesday's missing branches, to the manager), deadline, report
        assert [len(r.sent) for r in reports] == [1, 5, 40]
        assert digest == "posted" and box.api.sent_messages(LEADERSHIP)
        assert box.api.throttled == 0
        assert all(call.ok for call in box.api.calls)
        for person in owing:
            deadline, report = times[person.id]
            assert report - deadline >= 1.0, person
    finally:
        await box.stop()


# -- downtime ------------------------------------------------------------------------------


async def catch_up(box: Sandbox) -> list[RecordedCall]:
    """Run the start-up catch-up job as the JobQueue would; the messages it sent."""
    assert box.app.job_queue is not None
    [job] = box.app.job_queue.get_jobs_by_name(f"{REMINDER_JOB}-catch-up")
    before = len(box.api.calls)
    await job.run(box.app)
    return box.api.calls[before:]


async def test_a_bot_started_after_the_reminder_time_still_reminds(
    org: Organisation, db_path: Path
) -> None:
    """Down at 17:30, up at 17:50: the reminders go out at start-up."""
    box = await Sandbox.start(org, db_path, ManualClock(at(THURSDAY, 17, 50)))
    try:
        sent = await catch_up(box)
        assert attempted(sent) == EVERYONE
        assert delivered(box) == Counter(EVERYONE)
    finally:
        await box.stop()


async def test_a_bot_started_after_the_due_time_sends_no_reminder(
    org: Organisation, db_path: Path
) -> None:
    """Up at 18:10: the figures were due at 18:00, a reminder now would be noise."""
    box = await Sandbox.start(org, db_path, ManualClock(at(THURSDAY, 18, 10)))
    try:
        assert attempted(await catch_up(box)) == set()
    finally:
        await box.stop()


async def test_the_missed_escalation_is_sent_when_the_bot_comes_back(
    org: Organisation, db_path: Path
) -> None:
    """Running yesterday, down at 09:30, up at 15:00: the manager hears about yesterday then,
    once, and the staff get no early reminder."""
    clock = ManualClock(at(WEDNESDAY, 12, 0))
    yesterday = await Sandbox.start(org, db_path, clock)
    await yesterday.stop()
    clock.set(at(THURSDAY, 15, 0))
    box = await Sandbox.start(org, db_path, clock)
    try:
        sent = await catch_up(box)
        assert attempted(sent) == {MANAGER.id}
        [text] = box.api.texts(MANAGER.id)
        assert all(f"第{i:02d}分馆" in text for i in range(40))
        assert attempted(await catch_up(box)) == set()  # once
    finally:
        await box.stop()


# -- the jobs ------------------------------------------------------------------------------


async def test_daily_jobs_run_at_the_organisations_times_and_tolerate_a_late_loop(
    box: Sandbox, clock: ManualClock
) -> None:
    """09:00, 09:30 and 17:30 Beijing time every day, run late rather than skipped, plus a
    catch-up at start-up."""
    assert box.app.job_queue is not None
    daily = box.app.job_queue.jobs(rf"^{REMINDER_JOB}-\d{{4}}$")
    assert sorted(job.name for job in daily) == [
        f"{REMINDER_JOB}-0900",
        f"{REMINDER_JOB}-0930",
        f"{REMINDER_JOB}-1730",
    ]
    clock.set(at(THURSDAY, 9, 10))
    fires = {}
    for job in daily:
        fire = job.job.trigger.get_next_fire_time(None, clock.now())
        assert str(fire.tzinfo) == "Asia/Shanghai"
        fires[job.name] = fire.replace(tzinfo=None)
        assert job.job.misfire_grace_time >= 3600 and job.job.coalesce
    assert fires == {
        f"{REMINDER_JOB}-0900": dt.datetime.combine(FRIDAY, dt.time(9, 0)),
        f"{REMINDER_JOB}-0930": dt.datetime.combine(THURSDAY, dt.time(9, 30)),
        f"{REMINDER_JOB}-1730": dt.datetime.combine(THURSDAY, dt.time(17, 30)),
    }
    assert box.app.job_queue.get_jobs_by_name(f"{REMINDER_JOB}-catch-up")


async def test_a_failed_run_of_the_job_schedules_one_retry(
    box: Sandbox, clock: ManualClock
) -> None:
    """A reminder still owed after the 17:30 job: one retry is scheduled, not one per run."""
    jobs = box.app.job_queue
    assert jobs is not None
    stubborn = STAFF[9].id
    box.api.fail(stubborn, "429", times=2 * RUN_OF_429S, retry_after=1)  # two runs' worth
    clock.set(at(THURSDAY, 17, 30))
    [job] = jobs.get_jobs_by_name(f"{REMINDER_JOB}-1730")
    assert jobs.get_jobs_by_name(f"{REMINDER_JOB}-retry") == ()
    await job.run(box.app)
    assert len(jobs.get_jobs_by_name(f"{REMINDER_JOB}-retry")) == 1
    clock.advance(minutes=1)
    await job.run(box.app)
    assert len(jobs.get_jobs_by_name(f"{REMINDER_JOB}-retry")) == 1
    assert stubborn not in delivered(box)
    [retry] = jobs.get_jobs_by_name(f"{REMINDER_JOB}-retry")
    await retry.run(box.app)  # five minutes on, Telegram takes it
    assert delivered(box) == Counter(EVERYONE)


async def test_the_catch_up_runs_even_when_start_up_took_a_few_seconds(
    org: Organisation, db_path: Path
) -> None:
    """Built at 17:50, JobQueue started two seconds later: the reminders still go out."""
    box = await Sandbox.start(org, db_path, ManualClock(at(THURSDAY, 17, 50)))
    jobs = box.app.job_queue
    assert jobs is not None
    try:
        [catch] = jobs.get_jobs_by_name(f"{REMINDER_JOB}-catch-up")
        catch.job.modify(next_run_time=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=2))
        await jobs.start()
        await asyncio.sleep(0)  # the scheduler looks at its jobs and starts what is due
        await jobs.stop(wait=True)  # and waits for what it started
        assert delivered(box) == Counter(EVERYONE)
    finally:
        await box.stop()
