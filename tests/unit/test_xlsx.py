"""The streaming xlsx writer, read back with openpyxl (both its ordinary and read-only modes)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import load_workbook

from bot.render.xlsx import (
    BOLD,
    BOLD_NUMBER,
    DATE,
    NUMBER,
    PLAIN,
    StreamingWorkbook,
    column_letter,
    excel_serial,
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
