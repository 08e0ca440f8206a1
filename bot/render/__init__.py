"""Rendering: outcomes in, replies (HTML text and buttons) out, in the reader's language."""

from bot.render.base import Button, Reply
from bot.render.deadlines import DeadlineTexts
from bot.render.digest import DigestTexts
from bot.render.export import ExportTexts
from bot.render.people import AccountTexts
from bot.render.progress import ViewTexts
from bot.render.reminders import ReminderTexts
from bot.render.reporting import ReportTexts


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
