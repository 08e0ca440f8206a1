"""A deadline set or cancelled in chat, told to the staff of the branches that owe it.

Each person hears of it once (the sent-log's kind names the deadline and what happened),
in their own language, through the jobs' one sender: a person who blocked the bot or never
started a chat with it is recorded as unreachable and skipped, as for reminders.
"""

from __future__ import annotations

from bot.core.deadlines.outcomes import CancelResult, DeadlineCreated
from bot.jobs.delivery import DeliveryReport, Letter
from bot.jobs.sender import Sender
from bot.jobs.services import JobServices
from storage.models import Person


async def announce_deadline(
    sender: Sender, services: JobServices, outcome: DeadlineCreated | CancelResult, author: Person
) -> DeliveryReport:
    """Tell the people whose branches owe the deadline that ``author`` set or cancelled it
    (nothing for a cancellation that cancelled nothing)."""
    if isinstance(outcome, CancelResult):
        if outcome.status != "cancelled" or outcome.deadline_id is None:
            return DeliveryReport()
        deadline_id, kind = outcome.deadline_id, "cancelled"
    else:
        deadline_id, kind = outcome.id, "set"
    letters = []
    for person, branches in await services.deadlines.audience(deadline_id, author.user_id):
        render = services.renderers.for_locale(services.people.locale_for(person, None))
        if isinstance(outcome, CancelResult):
            text = render.deadline_cancel_notice(outcome, author.name)
        else:
            text = render.deadline_notice(outcome, branches, author.name)
        letters.append(Letter(person.user_id, text))
    log_kind = f"deadline-{kind}:{deadline_id}"  # once per person, whatever the day
    return await services.delivery.send_all(sender, services.clock.today(), log_kind, letters)
