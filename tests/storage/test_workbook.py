"""The figures workbook, read back with openpyxl and checked against the figures stored:
the numbers, the titles, 完成率 and how each sheet prints, in both languages."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import defaultdict
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.core.org import Organisation, parse_org
from bot.offline.sample import load_sample_org
from bot.render.headings import period_of
from bot.render.i18n import Catalogs
from bot.render.workbook import SheetNames, month_columns, write_workbook
from bot.services.export import write_figures_workbook
from storage.models import BranchRow, MonthFigureRow, MonthSpan, ReportWrite
from storage.sqlite import open_storage
from storage.sqlite.export import figure_snapshot

NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.UTC)
AS_OF = dt.date(2026, 11, 20)
HEAD = 3  # the title, the period, the header row
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
             "Nov (1–20)", "Dec"]  # fmt: skip
RAW_EN = ["Date", "Branch", "Branch code", "Metric", "Metric code", "Value"]
METRICS = ("visitors", "loans", "events", "wechat_followers")
BRANCHES = ("main", "jiaolou", "jixiang", "gone")  # "gone" left the organisation file
Figures = dict[tuple[dt.date, str, str], int]


@pytest.fixture
def org() -> Organisation:
    return load_sample_org()


@pytest.fixture
async def stored(tmp_path: Path, org: Organisation) -> AsyncIterator[tuple[Path, Figures]]:
    """A database with random figures over Dec 2025 – Nov 2026 and what they should be."""
    store = await open_storage(tmp_path / "libbot.sqlite3")
    rows = [BranchRow(b.code, b.name, b.kind, b.parent, b.closed_weekdays) for b in org.branches]
    rows.append(BranchRow("gone", "已撤销的服务点", "service_point", None, frozenset()))
    await store.people.sync_roster(rows, [], NOW)
    rng = random.Random(20261120)
    days = sorted(
        {dt.date(2025, 12, 1) + dt.timedelta(days=rng.randrange(350)) for _ in range(40)}
        | {dt.date(2025, 12, 30), dt.date(2026, 1, 1), dt.date(2026, 11, 19)}
    )
    expected: Figures = {}
    message = 0
    for day in days:
        for branch in rng.sample(BRANCHES, rng.randint(1, len(BRANCHES))):
            figures = {m: rng.randrange(0, 5000) for m in rng.sample(METRICS, rng.randint(1, 4))}
            for correction in (False, True):  # a second report of the day replaces values
                if correction and rng.random() < 0.7:
                    break
                message += 1
                if correction:
                    figures = {m: v + rng.randrange(1, 50) for m, v in figures.items()}
                write = ReportWrite(1001, 1001, message, message, branch, day, figures, False, NOW)
                await store.reports.record_report(write)
            expected.update({(day, branch, m): v for m, v in figures.items()})
    await store.close()
    yield tmp_path / "libbot.sqlite3", expected


def build(
    db_path: Path, org: Organisation, year: int | None, locale: str = "en", as_of: dt.date = AS_OF
) -> Any:
    buffer = io.BytesIO()
    with figure_snapshot(db_path) as snapshot:
        t = Catalogs().translator(locale)
        count = write_figures_workbook(snapshot, org, t, buffer, year, as_of)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    return count, book


def table(sheet: Worksheet) -> list[list[Any]]:
    """The header row and the rows under it (the title and period rows above left out)."""
    return [list(row) for row in sheet.iter_rows(min_row=HEAD, values_only=True)]


def titles(sheet: Worksheet) -> list[Any]:
    return [sheet.cell(1, 1).value, sheet.cell(2, 1).value]


Entries = list[tuple[dt.date, int]]


def by_month(expected: Figures, metric: str, year: int | None) -> dict[str, dict[str, Entries]]:
    """branch -> 'YYYY-MM' -> [(day, value)…], the independent reading of the figures."""
    cells: dict[str, dict[str, Entries]] = defaultdict(lambda: defaultdict(list))
    for (day, branch, m), value in expected.items():
        if m == metric and (year is None or day.year == year):
            cells[branch][f"{day:%Y-%m}"].append((day, value))
    return cells


def month_value(entries: Entries, stock: bool) -> int:
    return max(entries)[1] if stock else sum(v for _, v in entries)


@pytest.mark.parametrize("metric", METRICS)
async def test_a_metric_sheet_adds_up_to_the_unit(
    stored: tuple[Path, Figures], org: Organisation, metric: str
) -> None:
    db_path, expected = stored
    _, book = build(db_path, org, 2026)
    name = org.catalogue().get(metric).name("en")
    stock = metric == "wechat_followers"
    rows = table(book[name])
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    assert rows[0][:15] == ["Branch", "Code", *MONTHS_EN, "Latest" if stock else "Total"]
    assert rows[0][-1] == "Metric code" and {row[-1] for row in rows[1:]} == {metric}
    cells = by_month(expected, metric, 2026)
    order = [*(b.code for b in org.branches), "gone"]
    assert [row[1] for row in rows[1:-1]] == order
    assert rows[1][0] == "东城区第一图书馆（总馆）" and rows[-2][0] == "gone"
    month_sums: dict[str, int] = {}
    overall = 0
    for row in rows[1:-1]:
        branch = cells.get(row[1], {})
        want = [month_value(branch[m], stock) if m in branch else None for m in months]
        assert row[2:14] == want, row[1]
        shown = [v for v in want if v is not None]
        total = (shown[-1] if stock else sum(shown)) if shown else None
        assert row[14] == total, row[1]
        for m, v in zip(months, want, strict=True):
            if v is not None:
                month_sums[m] = month_sums.get(m, 0) + v
        overall += total or 0
    last = rows[-1]
    assert last[0] == "Organisation total" and last[1] is None
    assert last[2:14] == [month_sums.get(m) for m in months]
    assert last[14] == overall
    if not stock:  # a flow's grand total is every stored figure of the year, nothing else
        assert overall == sum(
            v for (d, _, m), v in expected.items() if m == metric and d.year == 2026
        )


async def test_targets_show_beside_the_total(
    stored: tuple[Path, Figures], org: Organisation
) -> None:
    db_path, _ = stored
    _, book = build(db_path, org, 2026)
    rows = table(book["Visitors"])
    assert rows[0][14:] == ["Total", "Target 2026", "Attainment", "Metric code"]
    plan = org.targets_for(2026)
    assert plan is not None
    targets = {row[1]: row[15] for row in rows[1:-1]}
    assert targets == {b: plan.for_branch(b).get("visitors") for b in targets}
    assert targets["main"] and targets["jiaolou"] and targets["jixiang"] is None
    assert targets["gone"] is None
    assert rows[-1][15] == plan.metrics["visitors"]
    followers = table(book["WeChat followers"])
    assert followers[0][15:17] == ["Target 2026", "Attainment"]
    assert followers[-1][15] == plan.metrics["wechat_followers"]
    # A target with no figures still gets its sheet; no figures and no target, no sheet.
    downloads = table(book["Digital downloads"])
    assert downloads[-1][15:17] == [plan.metrics["downloads"], 0]
    assert all(v is None for v in downloads[-1][2:15])
    assert "Borrowers" not in book.sheetnames
    assert len(table(book["Loans"])[0]) == 18  # loans: a target for 2026 too


@pytest.mark.parametrize("metric", ["visitors", "wechat_followers"])
async def test_attainment_is_the_total_over_the_target(
    stored: tuple[Path, Figures], org: Organisation, metric: str
) -> None:
    db_path, _ = stored
    _, book = build(db_path, org, 2026)
    sheet = book[org.catalogue().get(metric).name("en")]
    rows = table(sheet)
    rated = 0
    for r, row in enumerate(rows[1:], start=HEAD + 1):
        total, target, rate = row[14:17]
        if target:
            assert rate == pytest.approx((total or 0) / target), row[0]
            assert sheet.cell(r, 17).number_format == "0.0%"
            rated += 1
        else:
            assert rate is None, row[0]  # empty without a target
    assert rated >= (3 if metric == "visitors" else 1)  # the total, and branches with targets
    total_row = rows[-1]
    assert total_row[16] == pytest.approx(total_row[14] / total_row[15])
    last = sheet.max_row
    assert all(sheet.cell(last, c).font.bold for c in (1, 15, 16, 17))
    assert not sheet.cell(last - 1, 15).font.bold


async def test_raw_sheet_is_every_figure_of_the_year(
    stored: tuple[Path, Figures], org: Organisation
) -> None:
    db_path, expected = stored
    count, book = build(db_path, org, 2026)
    rows = table(book["Daily figures"])
    assert rows[0] == RAW_EN
    want = sorted((d, b, m, v) for (d, b, m), v in expected.items() if d.year == 2026)
    assert count == len(want) == len(rows) - 1
    got = [(d.date(), b, m, v) for d, _, b, _, m, v in rows[1:]]
    assert got == want
    assert all(isinstance(r[0], dt.datetime) and type(r[5]) is int for r in rows[1:])
    names = {r[2]: r[1] for r in rows[1:]}
    assert names["jiaolou"] == "角楼图书馆" and names["gone"] == "gone"
    metrics = {r[4]: r[3] for r in rows[1:]}
    assert metrics == {m: org.catalogue().get(m).name("en") for m in METRICS}
    assert book.sheetnames[-1] == "Daily figures"


async def test_without_a_year_the_months_run_from_first_to_last(
    stored: tuple[Path, Figures], org: Organisation
) -> None:
    db_path, expected = stored
    count, book = build(db_path, org, None)
    assert count == len(expected)
    first, last = min(d for d, _, _ in expected), max(d for d, _, _ in expected)
    header = table(book["Visitors"])[0]
    assert header[2] == f"{first:%b %Y}" and header[-5] == "Nov 2026 (1–20)"
    assert header[-4:] == ["Total", "Target 2026", "Attainment", "Metric code"]  # no 2025 plan
    assert len(header) - 6 == (last.year - first.year) * 12 + last.month - first.month + 1
    rows = table(book["Visitors"])
    total = sum(v for (_, _, m), v in expected.items() if m == "visitors")
    assert rows[-1][-4] == total
    in_2026 = sum(v for (d, _, m), v in expected.items() if m == "visitors" and d.year == 2026)
    assert rows[-1][-2] == pytest.approx(in_2026 / rows[-1][-3])  # the year's, not the span's
    assert titles(book["Visitors"])[1] == (
        f"{first:%b} 1, {first.year}\u2009–\u2009Nov 20, 2026 · data as of Nov 20, 2026"
    )


async def test_sheets_are_headed_in_the_readers_language(
    stored: tuple[Path, Figures], org: Organisation
) -> None:
    _, book = build(stored[0], org, 2026, locale="zh_CN")
    assert book.sheetnames[:4] == ["到馆人次", "外借册次", "办证", "活动场次"]
    assert "微信公众号关注量" in book.sheetnames and book.sheetnames[-1] == "每日数据"
    visitors = book["到馆人次"]
    assert titles(visitors) == [
        "东城区第一图书馆 · 到馆人次（人次）",
        "2026年1月1日至11月20日　数据截至 2026年11月20日",
    ]
    months = [f"{m}月" for m in range(1, 11)]
    assert table(visitors)[0] == ["馆名", "代码", *months, "11月（至20日）", "12月", "合计",
                                  "2026年目标", "完成率", "指标代码"]  # fmt: skip
    assert table(visitors)[-1][0] == "总计（全部馆）"
    raw = book["每日数据"]
    assert titles(raw)[0] == "东城区第一图书馆 · 每日数据"
    assert table(raw)[0] == ["日期", "馆名", "馆代码", "指标", "指标代码", "数值"]
    assert {r[3] for r in table(raw)[1:]} == {
        "到馆人次",
        "外借册次",
        "活动场次",
        "微信公众号关注量",
    }
    assert raw.oddFooter.center.text == "第 &P 页，共 &N 页"


async def test_a_past_year_has_no_partial_month(
    stored: tuple[Path, Figures], org: Organisation
) -> None:
    _, book = build(stored[0], org, 2025, as_of=AS_OF)
    sheet = book["Visitors"]
    assert titles(sheet)[1] == "Jan 1\u2009–\u2009Dec 31, 2025 · data as of Nov 20, 2026"
    assert table(sheet)[0][2:14] == [m.split(" ")[0] for m in MONTHS_EN]
    _, book = build(stored[0], org, 2026, locale="zh_CN", as_of=dt.date(2026, 11, 30))
    assert table(book["到馆人次"])[0][12] == "11月"  # the month's last day: the month is whole


def test_the_period_runs_to_the_day_the_data_counts_to() -> None:
    jan, dec = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert period_of([], 2026, AS_OF) == (jan, AS_OF)
    assert period_of([], 2025, AS_OF) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period_of([], 2027, AS_OF) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert period_of(["2025-12", "2026-11"], None, AS_OF) == (dt.date(2025, 12, 1), AS_OF)
    assert period_of(["2026-01", "2026-12"], None, dec) == (jan, dec)
    assert period_of([], None, AS_OF) == (AS_OF, AS_OF)


async def test_layout_bold_headers_frozen_panes_widths_number_format(
    stored: tuple[Path, Figures], org: Organisation
) -> None:
    _, book = build(stored[0], org, 2026)
    sheet = book["Visitors"]
    assert sheet.freeze_panes == "C4"
    assert sheet["A1"].font.bold and sheet["A1"].font.sz == 14
    assert "A1:Q1" in sheet.merged_cells and "A2:Q2" in sheet.merged_cells
    assert all(cell.font.bold and cell.alignment.wrap_text for cell in sheet[HEAD])
    assert sheet.column_dimensions["A"].width >= 24  # 东城区第一图书馆（总馆）
    numbers = [c for row in sheet.iter_rows(min_row=HEAD + 1) for c in row[2:16]
               if c.value is not None]  # fmt: skip
    assert numbers and all(c.number_format == "#,##0" for c in numbers)
    raw = book["Daily figures"]
    assert raw.freeze_panes == "A4" and raw["A4"].number_format == "yyyy-mm-dd"
    assert raw["F4"].number_format == "#,##0"


async def test_each_sheet_prints_one_page_wide_with_its_header_on_every_page(
    stored: tuple[Path, Figures], org: Organisation
) -> None:
    _, book = build(stored[0], org, 2026, locale="zh_CN")
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (setup.fitToWidth, setup.fitToHeight, setup.paperSize) == (1, 0, 9), sheet.title
        assert sheet.print_title_rows == "$3:$3", sheet.title
        assert sheet.print_options.horizontalCentered and sheet.print_options.gridLines
        assert sheet.oddHeader.left.text == "东城区第一图书馆"
        assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
        metric = sheet.title != "每日数据"
        assert setup.orientation == ("landscape" if metric else "portrait"), sheet.title
        if metric:  # the metric's code column is for programs: off the page
            assert sheet.print_area == f"'{sheet.title}'!$A$1:$Q${sheet.max_row}"
            assert sheet.cell(HEAD, 18).value == "指标代码"
        else:
            assert not sheet.print_area


async def test_a_year_with_nothing_still_opens(stored: tuple[Path, Figures]) -> None:
    org = parse_org('[org]\nname = "X"\n[[branches]]\ncode = "main"\nname = "M"\n')
    count, book = build(stored[0], org, 2031)
    assert count == 0 and book.sheetnames == ["Daily figures"]
    assert table(book["Daily figures"]) == [RAW_EN]
    assert titles(book["Daily figures"]) == [
        "X · Daily figures", "Jan 1\u2009–\u2009Dec 31, 2031 · data as of Nov 20, 2026"
    ]  # fmt: skip


async def test_raw_figures_continue_on_a_new_sheet_when_one_is_full(
    stored: tuple[Path, Figures], org: Organisation
) -> None:
    buffer = io.BytesIO()
    with figure_snapshot(stored[0]) as snapshot:
        count = write_workbook(
            buffer, org, Catalogs().translator("en"), snapshot.months(2026),
            snapshot.values(2026), 2026, as_of=AS_OF, rows_per_sheet=10,
        )  # fmt: skip
    book = load_workbook(buffer)
    raw = [name for name in book.sheetnames if name.startswith("Daily figures")]
    assert raw == ["Daily figures", *(f"Daily figures {n}" for n in range(2, len(raw) + 1))]
    assert len(raw) == -(-count // 10)
    rows = [r for name in raw for r in table(book[name])[1:]]
    assert len(rows) == count and all(table(book[n])[0] == RAW_EN for n in raw)
    assert all(book[n].print_title_rows == "$3:$3" for n in raw)


def test_text_from_the_organisation_file_is_never_a_formula(tmp_path: Path) -> None:
    org = parse_org(
        '[org]\nname = "X"\n[[branches]]\ncode = "main"\nname = "=HYPERLINK(\\"x\\")"\n'
        '[targets.2026]\nvisitors = 10\n'
    )  # fmt: skip
    buffer = io.BytesIO()
    write_workbook(buffer, org, Catalogs().translator("en"), [], [], 2026, as_of=AS_OF)
    cell = load_workbook(buffer)["Visitors"]["A4"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'


def test_sheet_names_excel_accepts() -> None:
    names = SheetNames()
    assert names.claim("Loans [a/b]: *?\\") == "Loans _a_b__ ___"
    long = "Volumes acquired for the reading rooms of the district"
    assert names.claim(long) == long[:31]
    assert names.claim(long) == long[:29] + " 2"
    assert names.claim("LOANS _A_B__ ___") == "LOANS _A_B__ ___ 2"


def test_month_columns() -> None:
    assert month_columns([], 2026)[::11] == ["2026-01", "2026-12"]
    assert month_columns([], None) == []
    assert month_columns(["2026-02", "2025-11"], None) == [
        "2025-11", "2025-12", "2026-01", "2026-02"
    ]  # fmt: skip


def test_a_metric_named_like_the_raw_sheet_steps_aside() -> None:
    org = parse_org(
        '[org]\nname = "X"\nlocale = "en"\n[[branches]]\ncode = "main"\nname = "M"\n'
        '[[metrics]]\ncode = "figs"\nname_zh = "每日数据"\nname_en = "Daily figures"\n'
        'unit_zh = "个"\nunit_en = "figures"\n[targets.2026]\nfigs = 5\n'
    )  # fmt: skip
    for locale, names in (("en", ["Daily figures 2", "Daily figures"]),
                          ("zh_CN", ["每日数据 2", "每日数据"])):  # fmt: skip
        buffer = io.BytesIO()
        write_workbook(buffer, org, Catalogs().translator(locale), [], [], 2026, as_of=AS_OF)
        assert load_workbook(buffer).sheetnames == names


@pytest.mark.parametrize("days", [3, 2])
def test_monthly_figures_follow_the_days_across_full_sheets(org: Organisation, days: int) -> None:
    figures = [(f"2026-03-0{n + 1}", "main", "visitors", n) for n in range(days)]
    monthly = [
        MonthFigureRow(MonthSpan("2026-01", "2026-02"), "main", "visitors", 40),
        MonthFigureRow(MonthSpan("2026-02", "2026-02"), "main", "loans", 7),
    ]
    buffer = io.BytesIO()
    t = Catalogs().translator("en")
    count = write_workbook(buffer, org, t, [], figures, 2026, as_of=AS_OF, rows_per_sheet=2,
                           monthly=monthly)  # fmt: skip
    book = load_workbook(buffer)
    raw = [name for name in book.sheetnames if name.startswith("Daily figures")]
    assert count == days + 2 and len(raw) == -(-count // 2)  # no empty sheet after a full one
    rows = [r for name in raw for r in table(book[name])[1:]]
    assert [r[0] for r in rows] == [
        *(dt.datetime(2026, 3, n + 1) for n in range(days)), "2026-01/2026-02", "2026-02"
    ]  # fmt: skip
    assert rows[-2][1:] == ["东城区第一图书馆（总馆）", "main", "Visitors", "visitors", 40]
