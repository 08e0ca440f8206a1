"""A streaming ``.xlsx`` writer: sheets go into the zip row by row, as their XML is made.

openpyxl (even write-only) and xlsxwriter (constant-memory) both spend tens of microseconds
a cell; a year of three hundred branches is 1.6 million rows of four cells, 40 s and more.
This writes exactly what the figures workbook needs — text (shared strings), numbers,
dates, bold headings, the ``#,##0`` format, column widths and frozen panes — as SpreadsheetML
straight into the zip, with a fast path for the raw ``date, branch, metric, value`` rows.
Memory holds one row, the distinct strings and the zip's buffers, whatever the size.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
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

Value = str | int | dt.date
Cell = tuple[Value, int]  # a value and its style
DayValues = tuple[str, str, str, int]  # ISO day, branch, metric, value

_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (1900 date system, leap-year bug included)
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = f"""{_XML}<styleSheet xmlns="{_MAIN}">\
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="3" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" \
applyNumberFormat="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>\
</cellStyles></styleSheet>"""


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

    def append(self, cells: Sequence[Cell | None]) -> None:
        """The next row; ``None`` leaves a cell empty."""
        self.rows += 1
        r = self.rows
        parts = [f'<row r="{r}">']
        for column, cell in enumerate(cells, start=1):
            if cell is None:
                continue
            value, style = cell
            ref = f"{column_letter(column)}{r}"
            if isinstance(value, str):
                parts.append(f'<c r="{ref}" s="{style}" t="s"><v>{self._strings(value)}</v></c>')
            elif isinstance(value, dt.date):
                parts.append(f'<c r="{ref}" s="{style}"><v>{excel_serial(value)}</v></c>')
            else:
                parts.append(f'<c r="{ref}" s="{style}"><v>{int(value)}</v></c>')
        parts.append("</row>")
        self._out.write("".join(parts).encode())

    def day_rows(self, rows: Iterable[DayValues]) -> int:
        """``date, branch, metric, value`` rows, the day in ISO form, the fast way: each
        day's, branch's and metric's cell is made once (cells without a reference fill the
        row's next column); returns how many rows."""
        days, texts = _Cells(_day_cell), _Cells(lambda text: _text_cell(self._strings(text)))
        r0 = r = self.rows
        out: list[str] = []
        for day, branch, metric, value in rows:
            r += 1
            out.append(
                f'<row r="{r}">{days[day]}{texts[branch]}{texts[metric]}<c><v>{value}</v></c></row>'
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


class StreamingWorkbook:
    """An ``.xlsx`` written sheet after sheet; ``close()`` adds the parts that list them."""

    def __init__(self, sink: Sink) -> None:
        self._zip = zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._strings = SharedStrings()
        self._sheets: list[str] = []

    @contextmanager
    def sheet(self, name: str, widths: Sequence[float], freeze: str) -> Iterator[SheetWriter]:
        """A new sheet with these column widths, frozen above and left of ``freeze``."""
        self._sheets.append(name)
        path = f"xl/worksheets/sheet{len(self._sheets)}.xml"
        with self._zip.open(path, "w", force_zip64=True) as out:
            out.write(_sheet_head(widths, freeze).encode())
            yield SheetWriter(out, self._strings)
            out.write(b"</sheetData></worksheet>")

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


def _sheet_head(widths: Sequence[float], freeze: str) -> str:
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
    return (
        f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews>'
        f'<sheetView workbookViewId="0"><pane{split} topLeftCell="{freeze}"'
        f' activePane="{pane}" state="frozen"/><selection pane="{pane}"/></sheetView>'
        f'</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + "<sheetData>"
    )


def _workbook(sheets: list[str]) -> str:
    listed = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(sheets, start=1)
    )
    return (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/>'
        f"</bookViews><sheets>{listed}</sheets></workbook>"
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
