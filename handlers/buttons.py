"""Inline-button taps: which branch, keep an unusual value, undo, correct, language."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode

from bot.render import Reply
from bot.telegram.context import BotContext
from handlers.common import markup, reader


async def on_button(update: Update, context: BotContext) -> None:
    """Dispatch a callback query by the verb before its first colon."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    person, render = await reader(update, context)
    if person is None:
        await query.answer(render.outsider_short(), show_alert=True)
        return
    services = context.services
    verb, _, rest = query.data.partition(":")
    reply: Reply | None
    match verb:
        case "pick":
            pending_id, _, code = rest.partition(":")
            outcome = await services.reporting.choose_branch(person, int(pending_id), code)
            reply = render.report_reply(outcome)
        case "yes" | "no":
            outcome = await services.reporting.confirm_unusual(person, int(rest), verb == "yes")
            reply = render.report_reply(outcome)
        case "undo":
            reply = Reply(
                render.undo_reply(
                    await services.reporting.undo(person, update.update_id, int(rest))
                )
            )
        case "fix":
            await query.answer()
            if query.message is not None:
                await context.bot.send_message(
                    query.message.chat.id, render.correction_help(), parse_mode=ParseMode.HTML
                )
            await services.updates.mark_answered(update.update_id)
            return
        case "lang":
            changed = await services.people.set_language(person, rest)
            reply = Reply(services.renderers.for_locale(rest).language_set()) if changed else None
        case _:
            reply = None
    await query.answer()
    if reply is not None and query.message is not None:
        await query.edit_message_text(
            reply.text, parse_mode=ParseMode.HTML, reply_markup=markup(reply)
        )
    await services.updates.mark_answered(update.update_id)
