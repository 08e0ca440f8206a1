"""Rendering: outcomes in, replies (HTML text and buttons) out, in the reader's language."""

from bot.render.account import AccountTexts
from bot.render.base import Button, Reply
from bot.render.deadlines import DeadlineTexts
from bot.render.digest import DigestTexts
from bot.render.exports import ExportTexts
from bot.render.reminders import ReminderTexts
from bot.render.reports import ReportTexts
from bot.render.views import ViewTexts


class Renderer(
    ReportTexts,
    AccountTexts,
    ViewTexts,
    ExportTexts,
    DigestTexts,
    ReminderTexts,
    DeadlineTexts,
):
    """Every text the bot sends, for one reader."""


__all__ = ["Button", "Renderer", "Reply"]
