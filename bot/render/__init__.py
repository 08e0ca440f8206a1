"""Rendering: outcomes in, replies (HTML text and buttons) out, in the reader's language."""

from collections.abc import Sequence

from bot.core.examples import ExampleBook
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

    def __init__(
        self, catalogs: Catalogs, catalogue: MetricCatalogue, examples: ExampleBook | None = None
    ) -> None:
        self.catalogs = catalogs
        self._catalogue = catalogue
        self._examples = examples or ExampleBook(catalogue)

    def for_locale(self, locale: str, branches: Sequence[str] = ()) -> Renderer:
        """Replies in ``locale``, with examples naming ``branches`` (the reader's) first."""
        t = self.catalogs.translator(locale)
        return Renderer(t, self._catalogue, self._examples.for_reader(t.locale, branches))


__all__ = ["Button", "Renderer", "Renderers", "Reply"]
