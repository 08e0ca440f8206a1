"""Rendering: outcomes in, replies (HTML text and buttons) out, in the reader's language."""

from bot.core.metrics import MetricCatalogue
from bot.render.base import Button, Reply
from bot.render.branches import BranchTexts
from bot.render.deadlines import DeadlineTexts
from bot.render.digest import DigestTexts
from bot.render.export import ExportTexts
from bot.render.i18n import Catalogs
from bot.render.missing import MissingTexts
from bot.render.opening import OpeningTexts
from bot.render.people import PeopleTexts
from bot.render.progress import ProgressTexts
from bot.render.reminders import ReminderTexts
from bot.render.reporting import ReportingTexts
from bot.render.year import YearTexts


class Renderer(
    ReportingTexts,
    PeopleTexts,
    BranchTexts,
    ProgressTexts,
    ExportTexts,
    DigestTexts,
    MissingTexts,
    ReminderTexts,
    DeadlineTexts,
    OpeningTexts,
    YearTexts,
):
    """Every text the bot sends, for one reader."""


class Renderers:
    """A :class:`Renderer` for each reader's language, from one set of catalogs."""

    def __init__(self, catalogs: Catalogs, catalogue: MetricCatalogue) -> None:
        self.catalogs = catalogs
        self._catalogue = catalogue

    def for_locale(self, locale: str) -> Renderer:
        """Replies in ``locale``."""
        return Renderer(self.catalogs.translator(locale), self._catalogue)


__all__ = ["Button", "Renderer", "Renderers", "Reply"]
