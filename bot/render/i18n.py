"""Translators: one per reader's language, with Babel number and date formatting.

Catalogs are the ``.po`` files under ``locales/``, compiled in memory at start-up, so
what is committed is what runs. Jobs have no "current user": callers pick a translator
explicitly with :meth:`Catalogs.translator`.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_compact_decimal, format_decimal, format_percent
from babel.support import Translations

LOCALES = ("zh_CN", "en")
DEFAULT_LOCALE = "zh_CN"
LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"


def normalize_locale(code: str | None) -> str | None:
    """Map a Telegram ``language_code`` or a user's choice onto a supported locale."""
    if not code:
        return None
    code = code.replace("-", "_").lower()
    if code.startswith("zh"):
        return "zh_CN"
    if code.startswith("en"):
        return "en"
    return None


class Translator:
    """Messages and formatting for one language."""

    def __init__(self, locale: str, translations: Translations) -> None:
        self.locale = locale
        self._babel_locale = Locale.parse(locale)
        self._translations = translations

    def __call__(self, message: str, /, **values: object) -> str:
        """Translate ``message`` and fill its ``{placeholders}``."""
        text = self._translations.gettext(message)
        return text.format(**values) if values else text

    def plural(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The form of a message for ``count`` (``ngettext``: 1 event, 2 events; Chinese has
        one form), its ``{placeholders}`` filled: ``{count}`` is ``count`` formatted unless
        given."""
        text = self._translations.ngettext(singular, plural, count)
        return text.format(**{"count": self.number(count), **values})

    def sentences(self, *sentences: str) -> str:
        """Sentences one after another: parted by a space in English, run on in Chinese,
        whose full stop (。) needs none (``日期在未来。未保存任何数据。``)."""
        return ("" if self.locale == "zh_CN" else " ").join(sentences)

    def number(self, value: float) -> str:
        """``1234`` → ``1,234``."""
        return format_decimal(value, locale=self._babel_locale)

    def decimal(self, value: float, digits: int = 1) -> str:
        """``2.345`` → ``2.3``: a figure with a fixed number of decimals."""
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
        return format_decimal(value, format=pattern, locale=self._babel_locale)

    def compact(self, value: float) -> str:
        """``600000`` → ``60万`` / ``600K``: for targets and projections, never for a figure
        counted. Below the first compact unit (1万, 1K) it is the number grouped (5,000)."""
        short = format_compact_decimal(value, locale=self._babel_locale, fraction_digits=1)
        return self.number(value) if short.lstrip("-").replace(".", "").isdigit() else short

    def percent(self, ratio: float, digits: int = 1) -> str:
        """``0.4567`` → ``45.7%``."""
        pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
        return format_percent(ratio, format=pattern, locale=self._babel_locale)

    def date(self, day: dt.date, form: str = "medium") -> str:
        """A date the reader's way (zh_CN ``2026年11月20日``, en ``Nov 20, 2026``)."""
        return format_date(day, format=form, locale=self._babel_locale)

    def period(self, first: dt.date, last: dt.date) -> str:
        """The days from ``first`` to ``last`` (zh_CN ``2026年1月1日至11月20日``,
        en ``Jan 1 – Nov 20, 2026``)."""
        return format_interval(first, last, "yMMMd", locale=self._babel_locale)

    def month(self, day: dt.date, *, year: bool = True) -> str:
        """The month of ``day`` (zh_CN ``2026年11月`` / ``11月``, en ``Nov 2026`` / ``Nov``)."""
        return format_skeleton("yMMM" if year else "MMM", day, locale=self._babel_locale)

    def month_day(self, day: dt.date) -> str:
        """The day and month without the year (zh_CN ``11月23日``, en ``Nov 23``)."""
        return month_day(day, self.locale)

    def day_of_month(self, day: dt.date) -> str:
        """The day of the month (zh_CN ``20日``, en ``20``)."""
        return format_skeleton("d", day, locale=self._babel_locale)

    def weekday(self, day: dt.date) -> str:
        """The day of the week, abbreviated (``周五`` / ``Fri``)."""
        return format_date(day, format="EEE", locale=self._babel_locale)


def month_day(day: dt.date, locale: str) -> str:
    """``day`` as its month and day in ``locale``: also for a chart's English fallback,
    which has no translator of its own."""
    return format_skeleton("MMMd", day, locale=locale)


class Catalogs:
    """Every supported language's catalog, loaded once."""

    def __init__(self, directory: Path = LOCALES_DIR) -> None:
        self._translators = {
            locale: Translator(locale, _compile(directory / locale / "LC_MESSAGES" / "messages.po"))
            for locale in LOCALES
        }

    def translator(self, locale: str | None) -> Translator:
        """The translator for ``locale`` (the default language when unsupported)."""
        return (
            self._translators.get(normalize_locale(locale) or DEFAULT_LOCALE)
            or (self._translators[DEFAULT_LOCALE])
        )


def _compile(po_path: Path) -> Translations:
    with po_path.open("rb") as po:
        catalog = read_po(po)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)
