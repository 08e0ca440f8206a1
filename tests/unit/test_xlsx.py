"""The streaming xlsx writer, read back with openpyxl (both its ordinary and read-only modes)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import load_workbook

from bot.render.xlsx import (
    BOLD,
    BOLD_NUMBER,
    BOLD_PERCENT,
    DATE,
    HEADING,
    NOTE,
    NUMBER,
    PERCENT,
    PLAIN,
    PageSetup,
    StreamingWorkbook,
    column_letter,
    excel_serial,
    header_text,
)


def written() -> bytes:
    buffer = io.BytesIO()
    book = StreamingWorkbook(buffer)
    with book.sheet("Loans <&> \"'", [30, 8.5], freeze="C2") as sheet:
        sheet.append([("Branch", BOLD), ("Total", BOLD)])
        sheet.append([(" 角楼\x01图书馆 ", PLAIN), (1234567, NUMBER), None, (7, BOLD_NUMBER)])
        sheet.append([None, ("=SUM(A1)", PLAIN)])
    with book.sheet("figures", [12], freeze="A2") as sheet:
        sheet.append([("date", BOLD)])
        days = [("2026-03-01", "b1", "loans", 5), ("2026-03-01", "b&2", "loans", 9)]
        assert sheet.day_rows(iter(days)) == 2
        sheet.append([("2026-01/2026-02", PLAIN), (dt.date(1900, 3, 1), DATE)])
    with book.sheet("Across", [], freeze="B1"):
        pass
    book.close()
    return buffer.getvalue()


def test_cells_read_back_with_their_values_types_and_styles() -> None:
    book = load_workbook(io.BytesIO(written()))
    assert book.sheetnames == ["Loans <&> \"'", "figures", "Across"]
    loans = book.worksheets[0]
    assert [[c.value for c in row] for row in loans.iter_rows()] == [
        ["Branch", "Total", None, None],
        [" 角楼图书馆 ", 1234567, None, 7],  # spaces kept, a control character dropped
        [None, "=SUM(A1)", None, None],
    ]
    assert loans["A1"].font.bold and not loans["A2"].font.bold
    assert loans["B2"].number_format == "#,##0" and loans["D2"].font.bold
    assert loans["B3"].data_type == "s"  # text that looks like a formula stays text
    assert loans.freeze_panes == "C2"
    assert loans.column_dimensions["A"].width == 30 and loans.column_dimensions["B"].width == 8.5
    figures = book["figures"]
    assert figures.freeze_panes == "A2"
    assert [[c.value for c in row] for row in figures.iter_rows(min_row=2)] == [
        [dt.datetime(2026, 3, 1), "b1", "loans", 5],
        [dt.datetime(2026, 3, 1), "b&2", "loans", 9],
        ["2026-01/2026-02", dt.datetime(1900, 3, 1), None, None],
    ]
    assert figures["A2"].number_format == "yyyy-mm-dd" and figures["A4"].data_type == "s"
    assert figures["B4"].number_format == "yyyy-mm-dd"
    assert book["Across"].freeze_panes == "B1"


def test_read_only_mode_reads_it_as_import_does() -> None:
    book = load_workbook(io.BytesIO(written()), read_only=True, data_only=True)
    rows = list(book["figures"].iter_rows(values_only=True))
    assert rows[1] == (dt.datetime(2026, 3, 1), "b1", "loans", 5)
    book.close()


def test_every_part_is_listed_in_the_content_types() -> None:
    with zipfile.ZipFile(io.BytesIO(written())) as package:
        assert package.testzip() is None
        names = set(package.namelist())
        types = package.read("[Content_Types].xml").decode()
    parts = {n for n in names if n.endswith(".xml") and n != "[Content_Types].xml"}
    assert parts == {
        "xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml",
        *(f"xl/worksheets/sheet{n}.xml" for n in (1, 2, 3)),
    }  # fmt: skip
    assert all(f'PartName="/{part}"' in types for part in parts)


def test_column_letters_and_serial_days() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    assert excel_serial(dt.date(1900, 3, 1)) == 61 and excel_serial(dt.date(2026, 1, 1)) == 46023


def printable() -> bytes:
    buffer = io.BytesIO()
    book = StreamingWorkbook(buffer)
    page = PageSetup(header="&L" + header_text("A & B") + "&R&A", footer="&CPage &P of &N",
                     print_columns=3)  # fmt: skip
    with book.sheet("It's 完成率", [20, 10, 10, 8], freeze="B4", page=page) as sheet:
        sheet.banner("Title", across=3, height=24)
        sheet.banner("Period", across=3, style=NOTE)
        sheet.heading([("Branch", HEADING), ("Total", HEADING)], height=30)
        sheet.append([("main", PLAIN), (0.8765, PERCENT), (float("nan"), PERCENT)])
        sheet.append([("all", BOLD), (1.25, BOLD_PERCENT)])
    with book.sheet("Plain", [10], freeze="A2") as sheet:
        sheet.append([("x", PLAIN)])
    portrait = PageSetup(landscape=False, fit_width=False, centred=False, gridlines=False)
    with book.sheet("Portrait", [10], freeze="A2", page=portrait) as sheet:
        sheet.heading([("a", HEADING)])
        sheet.heading([("b", HEADING)])
    book.close()
    return buffer.getvalue()


def test_a_printable_sheet_reads_back_with_its_page_setup() -> None:
    book = load_workbook(io.BytesIO(printable()))
    sheet = book["It's 完成率"]
    assert sheet["A1"].value == "Title" and sheet["A1"].font.sz == 14 and sheet["A1"].font.b
    assert sheet["A2"].font.sz == 10
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:C1", "A2:C2"}
    assert sheet.row_dimensions[1].height == 24 and sheet.row_dimensions[3].height == 30
    assert sheet["A3"].alignment.wrap_text and sheet["A3"].border.bottom.style == "thin"
    assert sheet["B4"].value == 0.8765 and sheet["B4"].number_format == "0.0%"
    assert sheet["C4"].value is None  # no NaN in a spreadsheet
    assert sheet["B5"].font.b and sheet["B5"].number_format == "0.0%"
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape", 9, 1, 0,
    )  # fmt: skip
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.print_area == "'It''s 完成率'!$A$1:$C$5"
    assert sheet.print_options.horizontalCentered and sheet.print_options.gridLines
    assert sheet.oddHeader.left.text == "A && B" and sheet.oddHeader.right.text == "&A"
    assert sheet.oddFooter.center.text == "Page &P of &N"
    assert sheet.page_margins.left == 0.5 and sheet.page_margins.top == 0.7
    plain = book["Plain"]  # without a PageSetup: as before, the program's defaults
    assert plain.page_setup.orientation is None and not plain.print_title_rows
    assert not plain.sheet_properties.pageSetUpPr.fitToPage
    portrait = book["Portrait"]
    assert portrait.page_setup.orientation == "portrait" and portrait.page_setup.fitToWidth is None
    assert portrait.print_title_rows == "$1:$2"  # consecutive header rows repeat together
    assert not portrait.print_options.gridLines


def test_fast_rows_with_names_beside_the_codes() -> None:
    buffer = io.BytesIO()
    book = StreamingWorkbook(buffer)
    with book.sheet("Daily", [12], freeze="A2") as sheet:
        rows = [("2026-03-01", "b1", "loans", 1234), ("2026-03-02", "b1", "events", 2)]
        names = {"b1": "角楼", "loans": "外借", "events": "活动"}
        assert sheet.day_rows(iter(rows), lambda c: (names[c], c), lambda c: (names[c], c)) == 2
    book.close()
    daily = load_workbook(io.BytesIO(buffer.getvalue()))["Daily"]
    assert [[c.value for c in row] for row in daily.iter_rows()] == [
        [dt.datetime(2026, 3, 1), "角楼", "b1", "外借", "loans", 1234],
        [dt.datetime(2026, 3, 2), "角楼", "b1", "活动", "events", 2],
    ]
    assert daily["F1"].number_format == "#,##0"
