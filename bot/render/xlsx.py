"""A streaming ``.xlsx`` writer: sheets go into the zip row by row, as their XML is made.

openpyxl (even write-only) and xlsxwriter (constant-memory) both spend tens of microseconds
a cell; a year of three hundred branches is 1.6 million rows of four cells, 40 s and more.
This writes exactly what the libbot workbooks need — text (shared strings), numbers,
percentages, dates, bold headings and titles, merged title rows, column widths, frozen panes
and how a sheet prints (:class:`PageSetup`: landscape, one page wide, header rows repeated on
every page, page numbers) — as SpreadsheetML straight into the zip, with a fast path for the
raw ``date, branch, metric, value`` rows. Memory holds one row, the distinct strings and the
zip's buffers, whatever the size.

A printable sheet, in a few lines (``bot.render.headings.Headings`` makes the libbot
title, period and page setup in the reader's language)::

    with book.sheet(name, widths, freeze="A3", page=PageSetup(footer="&CPage &P of &N")) as s:
        s.banner(title, across=len(widths))  # one cell merged across the table, TITLE style
        s.heading([(text, HEADING) for text in headings])  # repeated on every printed page
        s.append([(name, PLAIN), (total, NUMBER), (total / target, PERCENT)])
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final
from xml.sax.saxutils import escape, quoteattr

Sink = str | Path | IO[bytes]

# Cell styles: the indexes of ``cellXfs`` in _STYLES.
PLAIN: Final = 0
BOLD: Final = 1
NUMBER: Final = 2  # #,##0
BOLD_NUMBER: Final = 3
DATE: Final = 4  # yyyy-mm-dd
PERCENT: Final = 5  # 0.0% (the value a ratio: 0.456 shows 45.6%)
BOLD_PERCENT: Final = 6
TITLE: Final = 7  # bold, 14 pt: a sheet's title row
HEADING: Final = 8  # bold, wrapped, centred, ruled below: a table's header row
NOTE: Final = 9  # 10 pt: a line under the title (the period, the date of the data)

Value = str | int | float | dt.date
Cell = tuple[Value, int]  # a value and its style
DayValues = tuple[str, str, str, int]  # ISO day, branch, metric, value

_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (1900 date system, leap-year bug included)
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = f"""{_XML}<styleSheet xmlns="{_MAIN}">\
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>\
<numFmt numFmtId="165" formatCode="0.0%"/></numFmts>\
<fonts count="4"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>\
<font><sz val="10"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
<border><left/><right/><top/><bottom style="thin"/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="10"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="3" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" \
applyNumberFormat="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" \
applyNumberFormat="1"/>\
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" \
applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>\
</cellStyles></styleSheet>"""


@dataclass(frozen=True, slots=True)
class PageSetup:
    """How a sheet prints. The default: A4 landscape, one page wide and as many pages down
    as it takes, narrow margins, centred across the page.

    ``header`` and ``footer`` are SpreadsheetML header codes (``&L`` left, ``&C`` centre,
    ``&R`` right, ``&P`` the page, ``&N`` the pages, ``&A`` the sheet's name); put text from
    elsewhere through :func:`header_text` first. ``print_columns`` leaves the columns after
    it off the page (columns for programs, such as codes)."""

    landscape: bool = True
    fit_width: bool = True
    paper: int = 9  # A4 (1 is US Letter)
    margins: tuple[float, float, float, float] = (0.5, 0.5, 0.7, 0.7)  # left right top bottom, in
    header: str = ""
    footer: str = ""
    centred: bool = True
    gridlines: bool = True
    print_columns: int | None = None


def header_text(text: str) -> str:
    """``text`` as it reads in a page header or footer (``&`` starts a code there)."""
    return text.replace("&", "&&")


def column_letter(index: int) -> str:
    """``1`` -> ``A``, ``27`` -> ``AA``."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def excel_serial(day: dt.date) -> int:
    """The day as Excel stores it: days since 1899-12-30."""
    return (day - _EPOCH).days


class SharedStrings:
    """Every distinct text in the workbook, once, by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def xml(self) -> Iterator[str]:
        yield f'{_XML}<sst xmlns="{_MAIN}" uniqueCount="{len(self.index)}">'
        for text in self.index:
            clean = escape(_NOT_IN_XML.sub("", text))
            space = ' xml:space="preserve"' if clean != clean.strip() else ""
            yield f"<si><t{space}>{clean}</t></si>"
        yield "</sst>"


class SheetWriter:
    """One worksheet being written: rows go out in order, each once."""

    def __init__(self, out: IO[bytes], strings: SharedStrings) -> None:
        self._out = out
        self._strings = strings
        self.rows = 0
        self.merged: list[str] = []  # ranges such as "A1:R1"
        self.title_rows: tuple[int, int] | None = None  # repeated at the top of printed pages

    def append(self, cells: Sequence[Cell | None], height: float | None = None) -> None:
        """The next row (``height`` in points; by default the program's); ``None`` leaves a
        cell empty."""
        self.rows += 1
        r = self.rows
        parts = [f'<row r="{r}" ht="{height}" customHeight="1">' if height else f'<row r="{r}">']
        for column, cell in enumerate(cells, start=1):
            if cell is None:
                continue
            value, style = cell
            ref = f"{column_letter(column)}{r}"
            if isinstance(value, str):
                parts.append(f'<c r="{ref}" s="{style}" t="s"><v>{self._strings(value)}</v></c>')
            elif isinstance(value, dt.date):
                parts.append(f'<c r="{ref}" s="{style}"><v>{excel_serial(value)}</v></c>')
            elif isinstance(value, float):
                if math.isfinite(value):  # a spreadsheet has no NaN or infinity: left empty
                    parts.append(f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>')
            else:
                parts.append(f'<c r="{ref}" s="{style}"><v>{int(value)}</v></c>')
        parts.append("</row>")
        self._out.write("".join(parts).encode())

    def heading(self, cells: Sequence[Cell | None], height: float | None = None) -> None:
        """A header row: the next row, printed again at the top of every page (consecutive
        header rows are repeated together)."""
        self.append(cells, height)
        first = self.title_rows[0] if self.title_rows else self.rows
        self.title_rows = (first, self.rows)

    def banner(
        self, text: str, across: int, style: int = TITLE, height: float | None = None
    ) -> None:
        """A row of one text merged over the first ``across`` columns: a title."""
        self.append([(text, style)], height)
        if across > 1:
            self.merged.append(f"A{self.rows}:{column_letter(across)}{self.rows}")

    def day_rows(
        self,
        rows: Iterable[DayValues],
        branch: Callable[[str], Sequence[str]] = lambda code: (code,),
        metric: Callable[[str], Sequence[str]] = lambda code: (code,),
    ) -> int:
        """``date, branch, metric, value`` rows, the day in ISO form, the fast way: each
        day's, branch's and metric's cells are made once (cells without a reference fill the
        row's next column), the value in ``#,##0``; returns how many rows. ``branch`` and
        ``metric`` give the texts written for a code (by default the code alone; a name and
        the code, say)."""
        strings = self._strings

        def texts(labels: Callable[[str], Sequence[str]]) -> _Cells:
            return _Cells(lambda code: "".join(_text_cell(strings(x)) for x in labels(code)))

        days, branches, metrics = _Cells(_day_cell), texts(branch), texts(metric)
        r0 = r = self.rows
        out: list[str] = []
        for day, code, measure, value in rows:
            r += 1
            out.append(
                f'<row r="{r}">{days[day]}{branches[code]}{metrics[measure]}'
                f'<c s="{NUMBER}"><v>{value}</v></c></row>'
            )
            if len(out) == 4096:
                self._out.write("".join(out).encode())
                out.clear()
        self._out.write("".join(out).encode())
        self.rows = r
        return r - r0


class _Cells(dict[str, str]):
    """A value's cell XML, made the first time it is asked for."""

    def __init__(self, make: Callable[[str], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, value: str) -> str:
        cell = self[value] = self._make(value)
        return cell


def _day_cell(day: str) -> str:
    return f'<c s="{DATE}"><v>{excel_serial(dt.date.fromisoformat(day))}</v></c>'


def _text_cell(index: int) -> str:
    return f'<c t="s"><v>{index}</v></c>'


@dataclass(frozen=True, slots=True)
class _Sheet:
    """What the workbook part says of a sheet: its name and what it prints."""

    name: str
    title_rows: tuple[int, int] | None = None
    print_area: str | None = None


class StreamingWorkbook:
    """An ``.xlsx`` written sheet after sheet; ``close()`` adds the parts that list them."""

    def __init__(self, sink: Sink) -> None:
        self._zip = zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._strings = SharedStrings()
        self._sheets: list[_Sheet] = []

    @contextmanager
    def sheet(
        self, name: str, widths: Sequence[float], freeze: str, *, page: PageSetup | None = None
    ) -> Iterator[SheetWriter]:
        """A new sheet with these column widths, frozen above and left of ``freeze``,
        printed as ``page`` says (without one, as the spreadsheet program likes)."""
        path = f"xl/worksheets/sheet{len(self._sheets) + 1}.xml"
        with self._zip.open(path, "w", force_zip64=True) as out:
            out.write(_sheet_head(widths, freeze, page).encode())
            writer = SheetWriter(out, self._strings)
            yield writer
            out.write(b"</sheetData>")
            out.write(_sheet_tail(writer.merged, page).encode())
            out.write(b"</worksheet>")
        area = None
        if page is not None and page.print_columns is not None:
            area = f"$A$1:${column_letter(page.print_columns)}${max(writer.rows, 1)}"
        self._sheets.append(_Sheet(name, writer.title_rows, area))

    def close(self) -> None:
        """The workbook, its relationships, styles and strings; then the zip's directory."""
        z, sheets = self._zip, self._sheets
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            for part in self._strings.xml():
                out.write(part.encode())
        z.writestr("xl/styles.xml", _STYLES)
        z.writestr("xl/workbook.xml", _workbook(sheets))
        z.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("[Content_Types].xml", _content_types(len(sheets)))
        z.close()


def _sheet_head(widths: Sequence[float], freeze: str, page: PageSetup | None) -> str:
    match = re.fullmatch(r"([A-Z]+)(\d+)", freeze)
    assert match, freeze
    x = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(match[1]))) - 1
    y = int(match[2]) - 1
    split = (f' xSplit="{x}"' if x else "") + (f' ySplit="{y}"' if y else "")
    pane = "bottomRight" if x and y else "bottomLeft" if y else "topRight"
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    fit = page is not None and page.fit_width
    return (
        f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        + ('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if fit else "")
        + f'<sheetViews><sheetView workbookViewId="0"><pane{split} topLeftCell="{freeze}"'
        f' activePane="{pane}" state="frozen"/><selection pane="{pane}"/></sheetView>'
        f'</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + "<sheetData>"
    )


def _sheet_tail(merged: Sequence[str], page: PageSetup | None) -> str:
    """What follows the rows, in the order SpreadsheetML wants: merged cells, then printing."""
    parts = []
    if merged:
        refs = "".join(f'<mergeCell ref="{ref}"/>' for ref in merged)
        parts.append(f'<mergeCells count="{len(merged)}">{refs}</mergeCells>')
    if page is not None:
        options = (' horizontalCentered="1"' if page.centred else "") + (
            ' gridLines="1"' if page.gridlines else ""
        )
        if options:
            parts.append(f"<printOptions{options}/>")
        left, right, top, bottom = page.margins
        parts.append(
            f'<pageMargins left="{left}" right="{right}" top="{top}" bottom="{bottom}"'
            f' header="{min(top, 0.3)}" footer="{min(bottom, 0.3)}"/>'
        )
        orientation = "landscape" if page.landscape else "portrait"
        fit = ' fitToWidth="1" fitToHeight="0"' if page.fit_width else ""
        parts.append(f'<pageSetup paperSize="{page.paper}" orientation="{orientation}"{fit}/>')
        if page.header or page.footer:
            head = f"<oddHeader>{escape(page.header)}</oddHeader>" if page.header else ""
            foot = f"<oddFooter>{escape(page.footer)}</oddFooter>" if page.footer else ""
            parts.append(f"<headerFooter>{head}{foot}</headerFooter>")
    return "".join(parts)


def _workbook(sheets: list[_Sheet]) -> str:
    listed = "".join(
        f'<sheet name={quoteattr(sheet.name)} sheetId="{n}" r:id="rId{n}"/>'
        for n, sheet in enumerate(sheets, start=1)
    )
    names = []
    for index, sheet in enumerate(sheets):
        quoted = "'" + sheet.name.replace("'", "''") + "'"
        if sheet.print_area is not None:
            names.append(("_xlnm.Print_Area", index, f"{quoted}!{sheet.print_area}"))
        if sheet.title_rows is not None:
            first, last = sheet.title_rows
            names.append(("_xlnm.Print_Titles", index, f"{quoted}!${first}:${last}"))
    defined = "".join(
        f'<definedName name="{name}" localSheetId="{index}">{escape(ref)}</definedName>'
        for name, index, ref in names
    )
    return (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/>'
        f"</bookViews><sheets>{listed}</sheets>"
        + (f"<definedNames>{defined}</definedNames>" if defined else "")
        + "</workbook>"
    )


def _workbook_rels(sheets: int) -> str:
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = [
        f'<Relationship Id="rId{n}" Type="{kind}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    ]
    rels.append(f'<Relationship Id="rId{sheets + 1}" Type="{kind}/styles" Target="styles.xml"/>')
    rels.append(
        f'<Relationship Id="rId{sheets + 2}" Type="{kind}/sharedStrings"'
        ' Target="sharedStrings.xml"/>'
    )
    return f'{_XML}<Relationships xmlns="{_PKG_REL}">{"".join(rels)}</Relationships>'


_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1"'
    ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="xl/workbook.xml"/></Relationships>'
)


def _content_types(sheets: int) -> str:
    ml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = [
        f'<Override PartName="/xl/workbook.xml" ContentType="{ml}.sheet.main+xml"/>',
        f'<Override PartName="/xl/styles.xml" ContentType="{ml}.styles+xml"/>',
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ml}.sharedStrings+xml"/>',
    ]
    overrides += [
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{ml}.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    ]
    return (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{''.join(overrides)}</Types>"
    )
