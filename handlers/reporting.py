"""Report messages in private chats: free text, /report, and edits of either."""

from __future__ import annotations

from telegram import Update

from bot.services.reporting import IncomingReport
from bot.telegram.context import BotContext
from handlers.common import answer, reader, revision


async def on_report(update: Update, context: BotContext) -> None:
    """Figures typed as a message (or a new version of one) — store, then confirm."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    person, render = await reader(update, context)
    if person is None:
        await message.reply_html(render.outsider())
        return
    text = message.text
    if text.startswith("/report"):
        text = text.partition(" ")[2]
    incoming = IncomingReport(
        update_id=update.update_id,
        chat_id=message.chat_id,
        message_id=message.message_id,
        revision=revision(message),
        text=text,
        edited=update.edited_message is not None,
    )
    outcome = await context.services.reporting.submit(person, incoming)
    await answer(update, context, render.report_reply(outcome))
