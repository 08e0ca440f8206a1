"""What heads a printed libbot sheet: the organisation and the subject, the period and the
day its data counts to (数据截至), month labels with the running month marked, and the page
setup (A4, one page wide, the organisation and the sheet atop, page numbers below).

For any workbook written with ``bot.render.xlsx``::

    heads = Headings(org, t, as_of, (first_day, last_day))
    with book.sheet(name, widths, freeze="A4", page=heads.page()) as sheet:
        heads.write(sheet, t("Year-end report"), across=len(widths))
        sheet.heading([(text, HEADING) for text in headings])
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.org import Organisation
from bot.render.i18n import Translator
from bot.render.xlsx import NOTE, PageSetup, SheetWriter, header_text


def period_of(columns: Sequence[str], year: int | None, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The days a workbook covers: from its first month's first day to ``as_of``, or to its
    last month's last day when that comes first (a past year; no later than ``as_of`` either
    way, unless the months have not begun)."""
    if year is not None:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    elif columns:
        first, last = month_start(columns[0]), month_end(columns[-1])
    else:
        return as_of, as_of
    return first, last if as_of < first else min(last, as_of)


@dataclass(frozen=True, slots=True)
class Headings:
    """What heads every sheet (the organisation, the period, the day the data counts to),
    in the reader's language, and how the sheets print."""

    org: Organisation
    t: Translator
    as_of: dt.date
    period: tuple[dt.date, dt.date]

    def write(self, sheet: SheetWriter, subject: str, across: int) -> None:
        """The title row and the period row above a table ``across`` columns wide."""
        t = self.t
        title = t("{org} · {subject}", org=self.org.org.name, subject=subject)
        sheet.banner(title, across, height=24)
        sheet.banner(
            t("{period} · data as of {date}", period=t.period(*self.period),
              date=t.date(self.as_of)),
            across, NOTE,
        )  # fmt: skip

    def page(self, print_columns: int | None = None, *, landscape: bool = True) -> PageSetup:
        """A4, one page wide; the organisation and the sheet atop, page numbers below."""
        return PageSetup(
            landscape=landscape,
            header=f"&L{header_text(self.org.org.name)}&R&A",
            footer="&C" + self.t("Page &P of &N"),
            print_columns=print_columns,
        )

    def month(self, month: str, short: bool) -> str:
        """A month's heading (``11月``, ``2025年12月``); the month ``as_of`` falls in, unless
        it ends there, with the days it holds (``11月（至20日）``)."""
        t = self.t
        label = t.month(month_start(month), year=not short)
        if self.partial(month):
            return t("{month} (1–{day})", month=label, day=t.day_of_month(self.as_of))
        return label

    def partial(self, month: str) -> bool:
        """Whether ``month`` is the running one, its figures only to ``as_of``."""
        return month_start(month) <= self.as_of < month_end(month)


def month_start(month: str) -> dt.date:
    """The first day of a month given as YYYY-MM."""
    return dt.date(int(month[:4]), int(month[5:]), 1)


def month_end(month: str) -> dt.date:
    """The last day of a month given as YYYY-MM."""
    y, m = int(month[:4]), int(month[5:])
    return dt.date(y, m, calendar.monthrange(y, m)[1])
