"""Reports in private chats: free text, /report and edits of either; /today, /undo; and
the buttons under a report (which branch, keep an unusual value, undo, correct)."""

from __future__ import annotations

import re

from telegram import Update

from bot.core.outcomes import NothingToUndo
from bot.render import Reply
from bot.render.base import (
    ButtonAction,
    CorrectReport,
    KeepReport,
    KeepUnusual,
    PickBranch,
    ResolveClosure,
    ResolveContest,
    UndoReport,
)
from bot.services.reporting import IncomingReport
from bot.telegram.context import BotContext
from bot.telegram.send import send
from handlers.common import answer, answer_tap, outsider, reader, revision, tapper

ReportAction = (
    PickBranch | KeepUnusual | UndoReport | CorrectReport | ResolveContest | ResolveClosure
    | KeepReport
)  # fmt: skip

# Callback data: ``pick:<pending>:<branch>``, ``yes:<pending>``, ``no:<pending>``,
# ``undo:<report>``, ``fix:<report>``, ``keep:<report>``,
# ``other:<pending>:<replace|add|keep>``, ``shut:<pending>:<remove|keep>``.
BUTTONS = r"^(pick|yes|no|undo|fix|keep|other|shut):"
_WRITTEN = re.compile(  # the rest: a branch code (as the organisation file allows) or a choice
    r"(?P<verb>pick|yes|no|undo|fix|keep|other|shut):(?P<id>0|[1-9][0-9]{0,17})"
    r"(?::(?P<rest>[a-z0-9_]{1,32}))?"
)


def payload(action: ButtonAction) -> str:
    """A report button's action as callback data."""
    match action:
        case PickBranch(pending_id, branch):
            return f"pick:{pending_id}:{branch}"
        case KeepUnusual(pending_id, keep):
            return f"{'yes' if keep else 'no'}:{pending_id}"
        case UndoReport(report_id):
            return f"undo:{report_id}"
        case CorrectReport(report_id):
            return f"fix:{report_id}"
        case KeepReport(report_id):
            return f"keep:{report_id}"
        case ResolveContest(pending_id, choice):
            return f"other:{pending_id}:{choice}"
        case ResolveClosure(pending_id, remove):
            return f"shut:{pending_id}:{'remove' if remove else 'keep'}"
    raise ValueError(f"not a report button: {action!r}")


def action(data: str) -> ReportAction | None:
    """The action written in a report button's callback data (None: not one of ours, or
    not written by us)."""
    written = _WRITTEN.fullmatch(data)
    if written is None:
        return None
    verb, number, rest = written["verb"], int(written["id"]), written["rest"]
    match verb, rest:
        case "pick", str(code):
            return PickBranch(number, code)
        case (("yes" | "no"), None):
            return KeepUnusual(number, keep=verb == "yes")
        case "undo", None:
            return UndoReport(number)
        case "fix", None:
            return CorrectReport(number)
        case "keep", None:
            return KeepReport(number)
        case "other", ("replace" | "add" | "keep"):
            return ResolveContest(number, rest)
        case "shut", ("remove" | "keep"):
            return ResolveClosure(number, remove=rest == "remove")
    return None


async def on_report(update: Update, context: BotContext) -> None:
    """Figures typed as a message or a photo's caption (or a new version of either) —
    store, then confirm."""
    message = update.effective_message
    if message is None or (text := message.text or message.caption) is None:
        return
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    if text.startswith("/report"):
        text = text.partition(" ")[2]
    incoming = IncomingReport(
        update_id=update.update_id,
        chat_id=message.chat_id,
        message_id=message.message_id,
        revision=revision(message),
        text=text,
        edited=update.edited_message is not None,
        forwarded=message.forward_origin is not None,
    )
    outcome = await context.services.reporting.submit(person, incoming)
    await answer(update, context, render.report_reply(outcome), payload)


async def on_anything_else(update: Update, context: BotContext) -> None:
    """A private message with nothing to read (a sticker, a bare photo, a voice message,
    a command that does not exist): what the bot understands."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    await answer(update, context, render.hint())


async def today(update: Update, context: BotContext) -> None:
    """What my branches have reported today."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    view = await context.services.reporting.today_figures(person)
    await answer(update, context, render.today(view))


async def undo(update: Update, context: BotContext) -> None:
    """Take back my last report."""
    person, render = await reader(update, context)
    if person is None:
        await outsider(update, render.outsider())
        return
    outcome = await context.services.reporting.undo(person, update.update_id)
    await answer(update, context, render.undo_reply(outcome))


async def on_button(update: Update, context: BotContext) -> None:
    """A tap on a button under a report or a question about one."""
    tap = await tapper(update, context)
    if tap is None:
        return
    query, person, render = tap
    reporting = context.services.reporting
    reply: Reply | None
    match action(query.data or ""):
        case PickBranch(pending_id, branch):
            reply = render.report_reply(await reporting.choose_branch(person, pending_id, branch))
        case KeepUnusual(pending_id, keep):
            reply = render.report_reply(await reporting.confirm_unusual(person, pending_id, keep))
        case ResolveContest(pending_id, choice):
            reply = render.report_reply(await reporting.resolve_contest(person, pending_id, choice))
        case ResolveClosure(pending_id, remove):
            reply = render.report_reply(await reporting.resolve_closure(person, pending_id, remove))
        case KeepReport():
            reply = Reply(render.kept())
        case UndoReport(report_id):
            undone = await reporting.undo(person, update.update_id, report_id)
            if isinstance(undone, NothingToUndo):  # tapped again before the first edit showed:
                await answer_tap(update, context, None, toast=render.already_undone())
                return  # the message keeps what the first tap put there
            reply = Reply(render.undo_reply(undone))
        case CorrectReport():
            await query.answer()
            if query.message is not None:
                await send(context.bot, query.message.chat.id, render.correction_help())
            await context.services.updates.mark_answered(update.update_id)
            return
        case None:
            reply = None
    await answer_tap(update, context, reply, payload)
