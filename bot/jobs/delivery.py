"""Personal messages to many people, each exactly once per (person, day, kind).

Every letter is claimed in the sent-log before it is sent and settled after, so a second
run, a retry or a restart in the middle of a fan-out sends only what is still owed. Pacing
is the rate limiter's job; here letters go out concurrently and each outcome is recorded:
a person who blocked the bot (403) or has no chat with it (400) is settled and remembered
as unreachable, not retried; a 429 the limiter gave up on or a network failure releases
the claim for the next run. When the bot stops, no further letter is begun: those in flight
go out and are settled, the rest are owed to the run after the restart.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.core.clock import Clock
from bot.jobs.sender import Refused, RetryLater, Sender, Unreachable
from storage import ReminderLogRepo
from storage.models import ReminderOutcome

log = logging.getLogger(__name__)

CONCURRENCY = 32  # sends in flight at once; the rate limiter decides when each goes out
PASSES = 3  # letters the limiter gave up on after a run of 429s go again at the end


@dataclass(frozen=True, slots=True)
class Letter:
    """One private message (Telegram HTML) for one person."""

    user_id: int
    text: str


@dataclass(slots=True)
class DeliveryReport:
    """What became of each letter of one fan-out, by user id."""

    sent: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)  # settled before
    pending: list[int] = field(default_factory=list)  # claimed by a sender that may have died
    muted: list[int] = field(default_factory=list)
    unreachable: list[int] = field(default_factory=list)  # blocked the bot, or no chat
    refused: list[int] = field(default_factory=list)  # Telegram refused the text itself
    failed: list[int] = field(default_factory=list)  # may be retried by a later run

    @property
    def retry_needed(self) -> bool:
        """Some letter is still owed and a later run should try again."""
        return bool(self.failed or self.pending)


class Delivery:
    """Fans letters out through a sender, with the sent-log as the memory."""

    def __init__(
        self, reminder_log: ReminderLogRepo, clock: Clock, concurrency: int = CONCURRENCY
    ) -> None:
        self._log = reminder_log
        self._clock = clock
        self._concurrency = concurrency
        self._stopping = False
        self.unreachable: set[int] = set()

    async def load(self) -> None:
        """Read who is unreachable from the database."""
        self.unreachable = await self._log.unreachable()

    def stop(self) -> None:
        """The bot is stopping: begin no more letters (a fan-out under way ends soon)."""
        self._stopping = True

    async def reachable_again(self, user_id: int) -> None:
        """The person wrote to the bot, so they can be written to again."""
        if user_id in self.unreachable:
            await self._log.clear_unreachable(user_id)
            self.unreachable.discard(user_id)

    async def send_all(
        self, sender: Sender, day: dt.date, kind: str, letters: Iterable[Letter]
    ) -> DeliveryReport:
        """Send each letter unless it went out before; muted and unreachable people are
        skipped without a claim, so they get it on a later run once that changes."""
        report = DeliveryReport()
        muted = await self._log.muted(day)
        logged = await self._log.outcomes(day, kind)
        owed: list[Letter] = []
        for letter in letters:
            if logged.get(letter.user_id):
                report.already.append(letter.user_id)
            elif letter.user_id in muted:
                report.muted.append(letter.user_id)
            elif letter.user_id in self.unreachable:
                report.unreachable.append(letter.user_id)
            else:
                owed.append(letter)
        gate = asyncio.Semaphore(self._concurrency)

        async def one(letter: Letter) -> bool:
            async with gate:
                if self._stopping:  # not claimed: the next run sends it
                    report.failed.append(letter.user_id)
                    return False
                return await self._deliver(sender, day, kind, letter, report)

        for _ in range(PASSES):  # a storm of 429s hits the first letters hardest
            # A task group, when a shutdown cancels it, waits for every letter to finish its
            # bookkeeping: settle what went out, give back what did not.
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(one(letter)) for letter in owed]
            owed = [letter for letter, task in zip(owed, tasks, strict=True) if task.result()]
            if not owed:
                break
        report.failed.extend(letter.user_id for letter in owed)
        log.info(
            "%s %s: %d sent, %d before, %d muted, %d unreachable, %d to retry",
            kind, day, len(report.sent), len(report.already), len(report.muted),
            len(report.unreachable), len(report.failed) + len(report.pending),
        )  # fmt: skip
        return report

    async def _deliver(
        self, sender: Sender, day: dt.date, kind: str, letter: Letter, report: DeliveryReport
    ) -> bool:
        """Send one letter and record what became of it; True when a run of 429s
        outlasted the limiter's retries (the claim is given back)."""
        user = letter.user_id
        claim = asyncio.ensure_future(self._log.claim(user, day, kind, self._clock.now()))
        try:
            claimed = await asyncio.shield(claim)
        except asyncio.CancelledError:  # stopping: give back a claim that was taken
            if await claim:
                await self._log.release(user, day, kind)
            raise
        if not claimed:
            report.pending.append(user)  # settled meanwhile, or a fresh claim: look again later
            return False
        try:
            message_id = await sender.send_text(user, letter.text)
        except Unreachable as error:
            await self._unreachable(user, day, kind, error.reason, error)
            report.unreachable.append(user)
        except Refused as error:
            log.error("%s %s to %s was refused: %s", kind, day, user, error)
            await self._log.settle(user, day, kind, "error", self._clock.now())
            report.refused.append(user)
            return False
        except RetryLater:
            await self._log.release(user, day, kind)
            return True
        except Exception as error:  # network trouble
            log.warning("%s %s to %s not sent, will retry: %s", kind, day, user, error)
            await self._log.release(user, day, kind)
            report.failed.append(user)
        except BaseException:  # shutting down in the middle: leave it for the next run
            await self._log.release(user, day, kind)
            raise
        else:
            await self._sent(user, day, kind, message_id)
            report.sent.append(user)
        return False

    async def _sent(self, user_id: int, day: dt.date, kind: str, message_id: int) -> None:
        """Settle a letter that went out, even when the bot is stopping meanwhile."""
        now = self._clock.now()
        settle = asyncio.ensure_future(
            self._log.settle(user_id, day, kind, "sent", now, message_id)
        )
        try:
            await asyncio.shield(settle)
        except asyncio.CancelledError:  # it went out: record that before stopping
            await settle
            raise

    async def _unreachable(
        self,
        user_id: int,
        day: dt.date,
        kind: str,
        outcome: ReminderOutcome,
        error: Exception,
    ) -> None:
        now = self._clock.now()
        await self._log.settle(user_id, day, kind, outcome, now)
        await self._log.mark_unreachable(user_id, str(error), now)
        self.unreachable.add(user_id)
        log.info("%s cannot be reached (%s); skipped until they write again", user_id, error)
