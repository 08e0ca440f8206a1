"""The workbook to fill in: ``libbot import --template FILE``.

The layout is the export's metric sheets (branches down, the year's months across), so a
filled template and an export are read the same way. Only flow metrics: a level is given
for a day, not for months.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from bot.core.org import Organisation
from bot.render.i18n import Translator
from bot.render.workbook import SheetNames, month_columns
from bot.render.xlsx import Sink

_BOLD = Font(bold=True)


def write_template(sink: Sink, org: Organisation, t: Translator, year: int) -> None:
    """An empty sheet per flow metric: name and code of every branch, twelve months."""
    book = Workbook()
    first = book.active
    if first is not None:
        book.remove(first)
    names = SheetNames()
    months = month_columns([], year)
    for metric in org.catalogue():
        if metric.kind != "flow":
            continue
        sheet = book.create_sheet(names.claim(metric.name(t.locale)))
        sheet.append([t("Branch"), t("Code"), *months])
        for cell in sheet[1]:
            cell.font = _BOLD
            cell.data_type = "s"
        for branch in org.branches:
            sheet.append([branch.name, branch.code])
        sheet.freeze_panes = "C2"
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 14
    book.save(sink)
